"""``salvo ingest --engine dask``: extraction spread over a Dask cluster, storage in one place.

Each input shard (``salvo.distributed.shards``) is one Dask task: a worker reads it, screens it as
``salvo ingest`` does (pre-filter, unsupported languages kept and marked), extracts, and writes the
results as one Parquet file, atomically (a temporary name, then a rename). A task whose worker fails or
dies is run again by the scheduler (``retries``, and Dask's own recomputation of a lost worker's tasks);
every start leaves a line in the shard's attempts file, so a retried shard is reported. Nothing is stored
by the workers: the client stores the shard files in input order through the single-machine path
(``ingest_articles`` on pre-extracted results, chunk by chunk, merging as it goes), so a shard computed
twice is still stored once and the incidents are those of ``salvo ingest`` on the same input.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salvo.distributed.shards import RECORDS_PER_SHARD, Shard, plan_shards, read_shard
from salvo.errors import InputError
from salvo.model import ExtractionResult

RETRIES = 3  # further attempts at a shard whose task raised


@dataclass
class ShardReport:
    """What a worker did with one shard."""

    key: str
    results: int = 0
    read: int = 0
    dropped: int = 0
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
    import pyarrow as pa
    import pyarrow.parquet as pq

    from salvo.ingest.language import is_supported
    from salvo.ingest.progress import RunCounts, counting_extractor, screen

    out = Path(out_dir)
    with open(out / f"{shard.key}.attempts", "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()}\n")
    counts = RunCounts(kind="ingest")
    extract = counting_extractor(counts)
    report = ShardReport(shard.key)
    lines: list[str] = []
    for item in screen(read_shard(shard, published), counts):
        if isinstance(item, InputError):
            report.errors.append(str(item))
            continue
        if not is_supported(item.language):
            item.extra["not_extracted"] = f"unsupported language: {item.language}"
        try:
            incidents = extract(item)
        except Exception as exc:  # one bad article never stops a shard
            report.errors.append(f"{item.id}: extraction failed: {exc!r}")
            continue
        lines.append(json.dumps(ExtractionResult(item, incidents).to_json(), ensure_ascii=False))
    report.read, report.results = counts.read, len(lines)
    report.dropped = sum(counts.dropped.values())
    tmp = out / f"{shard.key}.parquet.{os.getpid()}.tmp"
    pq.write_table(pa.table({"result": pa.array(lines, pa.string())}), tmp)
    os.replace(tmp, out / f"{shard.key}.parquet")  # a retried task replaces, never adds
    return report


def _client(scheduler: str | None, workers: int, processes: bool) -> tuple[Any, Any]:
    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes, dashboard_address=None)
    return Client(cluster), cluster


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
    """Extract every shard of ``inputs`` on the cluster into ``out_dir``; waits for all of them.
    ``on_start`` is called with the client once the cluster is up (tests use it to kill a worker)."""
    from distributed import as_completed

    shards = plan_shards(inputs, records)
    run = DaskRun(shards=len(shards))
    client, cluster = _client(scheduler, workers, processes)
    try:
        if on_start is not None:
            on_start(client)
        futures = client.map(
            extract_shard, shards, out_dir=str(out_dir), published=published, retries=RETRIES, pure=False
        )
        keys = {f.key: s.key for f, s in zip(futures, shards, strict=True)}
        for future in as_completed(futures):
            if future.status == "finished":
                run.reports.append(future.result())
            else:
                run.failed[keys[future.key]] = repr(future.exception())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    for s in shards:
        attempts = out_dir / f"{s.key}.attempts"
        n = len(attempts.read_text(encoding="utf-8").split()) if attempts.exists() else 0
        if n > 1:
            run.retried[s.key] = n
    run.reports.sort(key=lambda r: r.key)
    return run


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
