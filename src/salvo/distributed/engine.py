"""``salvo ingest --engine dask``: extraction spread over a Dask cluster into Parquet shards.

Each input shard (``salvo.distributed.shards``) is one Dask task: a worker reads it, screens it as
``salvo ingest`` does (pre-filter, unsupported languages kept and marked), extracts, and writes the
results as one Parquet file, atomically (a temporary name, then a rename): one row per article, its
identity (URL, input id, content hash) beside the result. A task whose worker fails or dies is run again
by the scheduler (``retries``, and Dask's own recomputation of a lost worker's tasks); every start leaves
a line in the shard's attempts file, so a retried shard is reported. Nothing is stored by the workers;
what happens to the shards next is ``salvo.distributed.backfill``'s: a shard computed twice is one file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salvo.distributed.shards import RECORDS_PER_SHARD, Shard, plan_shards, read_shard
from salvo.errors import InputError
from salvo.model import ExtractionResult, article_problem, shown

RETRIES = 3  # further attempts at a shard whose task raised


@dataclass
class ShardReport:
    """What a worker did with one shard."""

    key: str
    results: int = 0
    read: int = 0
    dropped: dict[str, int] = field(default_factory=dict)  # pre-filter reason -> count
    unsupported: dict[str, int] = field(default_factory=dict)  # language -> count
    incidents: int = 0
    cpu: float = 0.0  # the worker's CPU seconds on this shard (benchmarks: load-independent)
    errors: list[str] = field(default_factory=list)


@dataclass
class DaskRun:
    """The run's account: shards done, retried (with their attempt counts) and failed for good."""

    shards: int = 0
    retried: dict[str, int] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    reports: list[ShardReport] = field(default_factory=list)


def extract_shard(shard: Shard, out_dir: str, published: dt.date | None = None) -> ShardReport:
    """Worker side: extract one shard into ``out_dir/<key>.parquet`` (idempotent: same input, same file)."""
    import time

    import pyarrow as pa
    import pyarrow.parquet as pq

    from salvo.ingest.language import is_supported
    from salvo.ingest.progress import RunCounts, counting_extractor, screen
    from salvo.store.ingest import content_hash

    cpu = time.process_time()
    out = Path(out_dir)
    with open(out / f"{shard.key}.attempts", "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()}\n")
    counts = RunCounts(kind="ingest")
    extract = counting_extractor(counts)
    report = ShardReport(shard.key)
    columns: dict[str, list[str | None]] = {"result": [], "url": [], "source_id": [], "content_hash": []}
    for item in screen(read_shard(shard, published), counts):
        if isinstance(item, InputError):
            report.errors.append(str(item))
            continue
        problem = article_problem(item)
        if problem:  # what no reader checked: reported as the single-machine path reports it
            report.errors.append(f"{shown(item.id)}: {problem}")
            continue
        if not is_supported(item.language):
            item.extra["not_extracted"] = f"unsupported language: {item.language}"
        try:
            incidents = extract(item)
        except Exception as exc:  # one bad article never stops a shard
            report.errors.append(f"{item.id}: extraction failed: {exc!r}")
            continue
        report.incidents += len(incidents)
        columns["result"].append(json.dumps(ExtractionResult(item, incidents).to_json(), ensure_ascii=False))
        columns["url"].append(item.url)
        columns["source_id"].append(item.id)
        columns["content_hash"].append(content_hash(item.text))
    report.read, report.results = counts.read, len(columns["result"])
    report.dropped, report.unsupported = dict(counts.dropped), dict(counts.unsupported)
    tmp = out / f"{shard.key}.parquet.{os.getpid()}.tmp"
    pq.write_table(pa.table({k: pa.array(v, pa.string()) for k, v in columns.items()}), tmp)
    os.replace(tmp, out / f"{shard.key}.parquet")  # a retried task replaces, never adds
    report.cpu = time.process_time() - cpu
    return report


@contextmanager
def dask_client(scheduler: str | None = None, workers: int = 2, processes: bool = True) -> Iterator[Any]:
    """A client of the cluster at ``scheduler``, or of a LocalCluster of ``workers`` one-thread workers
    (extraction holds the GIL: one process per core)."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes, dashboard_address=None)
    try:
        with Client(cluster) as client:
            yield client
    finally:
        cluster.close()


def extract_all(
    client: Any,
    inputs: Sequence[str],
    out_dir: Path,
    published: dt.date | None = None,
    records: int = RECORDS_PER_SHARD,
) -> DaskRun:
    """Extract every shard of ``inputs`` on the cluster into ``out_dir``; waits for all of them."""
    from distributed import as_completed

    shards = plan_shards(inputs, records)
    run = DaskRun(shards=len(shards))
    futures = client.map(
        extract_shard, shards, out_dir=str(out_dir), published=published, retries=RETRIES, pure=False
    )
    keys = {f.key: s.key for f, s in zip(futures, shards, strict=True)}
    for future in as_completed(futures):
        if future.status == "finished":
            run.reports.append(future.result())
        else:
            run.failed[keys[future.key]] = repr(future.exception())
    for s in shards:
        attempts = out_dir / f"{s.key}.attempts"
        n = len(attempts.read_text(encoding="utf-8").split()) if attempts.exists() else 0
        if n > 1:
            run.retried[s.key] = n
    run.reports.sort(key=lambda r: r.key)
    return run


def run_shards(
    inputs: Sequence[str],
    out_dir: Path,
    scheduler: str | None = None,
    workers: int = 2,
    processes: bool = True,
    published: dt.date | None = None,
    on_start: Callable[[Any], None] | None = None,
    records: int = RECORDS_PER_SHARD,
) -> DaskRun:
    """``extract_all`` on a cluster of its own. ``on_start`` is called with the client once the cluster
    is up (tests use it to kill a worker)."""
    with dask_client(scheduler, workers, processes) as client:
        if on_start is not None:
            on_start(client)
        return extract_all(client, inputs, out_dir, published, records)


def totals(run: DaskRun) -> dict[str, Counter[str]]:
    """The shards' pre-filter drops and unsupported languages, summed."""
    out: dict[str, Counter[str]] = {"dropped": Counter(), "unsupported": Counter()}
    for r in run.reports:
        out["dropped"].update(r.dropped)
        out["unsupported"].update(r.unsupported)
    return out


def stored_results(out_dir: Path, run: DaskRun) -> Iterator[ExtractionResult | InputError]:
    """The shards' results in input order (shard keys sort in input order), errors as values."""
    import pyarrow.parquet as pq

    from salvo.store.extracted import result_from_json

    for report in run.reports:
        for message in report.errors:
            yield InputError(report.key, None, message)
        table = pq.read_table(out_dir / f"{report.key}.parquet")
        for text in table.column("result").to_pylist():
            yield result_from_json(json.loads(text))
