"""A whole backfill on Dask: extract on the workers, deduplicate, merge on the workers, bulk load.

1. **Extract** (``engine.extract_all``): one Parquet file per input shard, on the workers.
2. **Deduplicate** (client): the articles' identities (URL or input id, content hash) are read from
   the shards in input order, without the texts, and decided as ``salvo ingest`` decides them: a URL
   seen again with the same text is unchanged, with another text changed (the later text is stored, as
   version 2), the same text under another URL a duplicate. What is left is numbered in input order:
   the ids the articles get in an empty database.
3. **Merge** (``merge.distributed_merge``): the reports of the stored articles, read on the workers,
   grouped by blocking key, then by connected component, and clustered there.
4. **Load** (``salvo.store.bulk``): articles, mentions and incidents by COPY, one transaction.

Into a database that already holds articles, merging must meet what is stored: the extracted shards are
then stored through ``ingest_articles``, the single-machine incremental path, which skips what is stored
(re-running the same input stores nothing twice) and merges the rest with it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salvo.distributed.engine import DaskRun, extract_all, stored_results
from salvo.distributed.merge import MentionRef, MergeRun, Report, distributed_merge
from salvo.distributed.shards import RECORDS_PER_SHARD
from salvo.merge import Facts
from salvo.store.bulk import BulkArticle, holds_articles, load
from salvo.store.db import Store
from salvo.store.extracted import result_from_json
from salvo.store.ingest import IngestStats, ingest_articles


@dataclass
class Planned:
    """An article to store: where its (latest) result lies, and its version."""

    shard: str
    row: int
    digest: str
    url: str | None
    version: int = 1


@dataclass
class Backfill:
    """What the run did: extraction, the path that stored it, the merge, and the storing counts."""

    run: DaskRun
    stats: IngestStats
    path: str = "bulk"  # bulk | incremental (the database held articles)
    merge: MergeRun = field(default_factory=MergeRun)
    timings: dict[str, float] = field(default_factory=dict)


def plan(
    out_dir: Path, run: DaskRun, stats: IngestStats, on_error: Callable[[str], None] | None = None
) -> list[Planned]:
    """The articles to store, in input order, deduplicated as ``salvo ingest`` deduplicates them."""
    import pyarrow.parquet as pq

    planned: list[Planned] = []
    by_identity: dict[tuple[str, str], int] = {}
    by_hash: dict[str, int] = {}
    for report in run.reports:
        for message in report.errors:
            stats.errors += 1
            stats.error_messages.append(message)
            if on_error is not None:
                on_error(message)
        table = pq.read_table(out_dir / f"{report.key}.parquet", columns=["url", "source_id", "content_hash"])
        columns = (table.column(c).to_pylist() for c in ("url", "source_id", "content_hash"))
        for row, (url, source_id, digest) in enumerate(zip(*columns, strict=True)):
            stats.read += 1
            identity = ("url", url) if url else ("source", source_id)
            k = by_identity.get(identity)
            if k is not None:
                old = planned[k]
                if old.digest == digest:
                    stats.unchanged += 1
                    continue
                if by_hash.get(old.digest) == k:
                    del by_hash[old.digest]
                planned[k] = Planned(report.key, row, digest, url, old.version + 1)
                by_hash.setdefault(digest, k)
                stats.changed += 1
                continue
            twin = by_hash.get(digest)
            if twin is not None:
                if url and planned[twin].url:
                    stats.duplicates += 1
                else:
                    stats.unchanged += 1
                continue
            by_identity[identity] = by_hash[digest] = len(planned)
            planned.append(Planned(report.key, row, digest, url))
            stats.new += 1
    return planned


def _shard_rows(out_dir: str, shard: str, wanted: Sequence[tuple[int, int]]) -> list[Report]:
    """Worker side: the reports of the wanted (row, ordinal) results of one shard."""
    import pyarrow.parquet as pq

    table = pq.read_table(Path(out_dir) / f"{shard}.parquet", columns=["result", "content_hash"])
    texts, digests = table.column("result").to_pylist(), table.column("content_hash").to_pylist()
    out = []
    for row, ordinal in wanted:
        result = result_from_json(json.loads(texts[row]))
        article = (result.article.id, str(digests[row]))
        for pos, inc in enumerate(result.incidents):
            out.append(Report((ordinal, pos), f"{result.article.id}#{pos}", Facts.of(inc), article))
    return out


def _report_bag(out_dir: Path, planned: Sequence[Planned]) -> Any:
    import dask.bag as db

    wanted: dict[str, list[tuple[int, int]]] = {}
    for ordinal, p in enumerate(planned, 1):
        wanted.setdefault(p.shard, []).append((p.row, ordinal))
    tasks = sorted(wanted.items())
    bag = db.from_sequence(tasks, npartitions=max(1, len(tasks)))
    return bag.map(lambda t: _shard_rows(str(out_dir), t[0], t[1])).flatten()


def _bulk_items(out_dir: Path, planned: Sequence[Planned], ids: dict[MentionRef, str]) -> Iterator[BulkArticle]:
    """The articles to load, in input order, read back from the shards (one shard file open at a time,
    but for the later text of a changed article)."""
    import pyarrow.parquet as pq

    cache: dict[str, list[str]] = {}
    for ordinal, p in enumerate(planned, 1):
        if p.shard not in cache:
            if len(cache) > 4:
                cache.pop(next(iter(cache)))
            table = pq.read_table(out_dir / f"{p.shard}.parquet", columns=["result"])
            cache[p.shard] = table.column("result").to_pylist()
        result = result_from_json(json.loads(cache[p.shard][p.row]))
        incident_ids = [ids[ordinal, pos] for pos in range(len(result.incidents))]
        yield BulkArticle(result.article, p.digest, p.version, result.incidents, incident_ids)


def backfill(
    client: Any,
    store: Store,
    inputs: Sequence[str],
    out_dir: Path,
    published: dt.date | None = None,
    records: int = RECORDS_PER_SHARD,
    on_error: Callable[[str], None] | None = None,
    on_phase: Callable[[str], None] | None = None,
) -> Backfill:
    """Extract, merge and store ``inputs`` on the cluster of ``client`` (see the module docstring).
    ``on_phase`` is called with each phase's name as it ends (benchmarks read the workers' clocks)."""
    import time

    clock = [time.perf_counter()]

    def done(job: Backfill, name: str) -> None:
        now = time.perf_counter()
        job.timings[name] = now - clock[0]
        clock[0] = now
        if on_phase is not None:
            on_phase(name)

    job = Backfill(extract_all(client, inputs, out_dir, published, records), IngestStats())
    done(job, "extract")
    if not holds_articles(store):
        stats = IngestStats()
        planned = plan(out_dir, job.run, stats, on_error)
        done(job, "plan")
        ids = distributed_merge(_report_bag(out_dir, planned), job.merge) if planned else {}
        done(job, "merge")
        counts = load(store, _bulk_items(out_dir, planned, ids))
        done(job, "load")
        if counts is not None:
            stats.mentions, stats.incidents_touched = counts.mentions, counts.incidents
            job.stats = stats
            return job
    job.path = "incremental"
    job.stats = ingest_articles(store, stored_results(out_dir, job.run), on_error=on_error, run_kind=None)
    done(job, "store")
    return job
