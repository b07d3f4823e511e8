"""Throughput of ``salvo ingest --engine dask`` with 1, 2, ... workers, and where its time goes.

The input is ``gold_corpus`` articles (English gold texts where they stand, joined; never copied into
the repository), each made a distinct article (its own URL, a line naming its number), so the run
extracts, merges and stores every one. Each run: a fresh LocalCluster of N one-thread worker processes,
a fresh database, the whole backfill (extract, deduplicate, distributed merge, bulk load). Figures:
wall time per phase, articles per second over the whole backfill (the cluster's start excluded, printed
apart), the workers' CPU seconds, and the machine's load average before and after.

    python scripts/dask_scaling.py --articles 2000 --workers 1 2 --repeat 2 [--spread 2] [--db postgresql://...]
    python scripts/dask_scaling.py --articles 2000 --workers 1 --profile     # cProfile of the client side
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import tempfile
import time
import uuid
from pathlib import Path

from salvo.devtools.extraction_speed import gold_corpus, gold_dir, gold_texts


def _write(path: Path, count: int, spread: int) -> Path:
    """The corpus; with ``spread``, the k-th round through the gold is published ``spread * k`` years
    later (dates read relative to publication move with it), as an archive of many years would be."""
    folder = gold_dir()
    if folder is None:
        sys.exit("no gold found ($SALVO_GOLD_DIR or shared/gold beside the checkout)")
    records = gold_texts(folder)
    with path.open("w", encoding="utf-8") as out:
        for k, article in enumerate(gold_corpus(count, records)):
            record = article.to_json()
            if spread and article.published:
                day = article.published
                shifted = day.replace(year=day.year - spread * (k // len(records)), day=min(day.day, 28))
                record["published"] = shifted.isoformat()
            record["url"] = f"{record.get('url') or 'https://bench.invalid/a'}#bench-{k}"
            record["text"] = f"{record['text']}\n\nBench copy {k}."
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def _fresh_db(base: str | None, tmp: Path) -> tuple[str, str | None]:
    if not base:
        return f"sqlite:///{tmp / f'bench-{uuid.uuid4().hex[:8]}.db'}", None
    import psycopg

    name = f"salvo_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + "/" + name, name


def _drop_db(base: str | None, name: str | None) -> None:
    if base and name:
        import psycopg

        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _one(corpus: Path, workers: int, base: str | None, tmp: Path, profile: bool) -> dict[str, object]:
    from salvo.distributed.backfill import backfill
    from salvo.distributed.engine import dask_client
    from salvo.store import open_store

    url, name = _fresh_db(base, tmp)
    store = open_store(url)
    shards = Path(tempfile.mkdtemp(dir=tmp))
    load_before = os.getloadavg()[0]
    clock = time.perf_counter()
    with dask_client(workers=workers) as client:
        started = time.perf_counter() - clock
        client.run(lambda: __import__("salvo.pipeline"))  # warm the workers: rules compiled once each
        clock, cpu = time.perf_counter(), time.process_time()
        profiler = cProfile.Profile() if profile else None
        if profiler:
            profiler.enable()
        marks: list[tuple[str, dict[str, float], float]] = [("start", client.run(time.process_time), cpu)]

        def on_phase(name: str) -> None:
            marks.append((name, client.run(time.process_time), time.process_time()))

        job = backfill(client, store, [str(corpus)], shards, on_phase=on_phase)
        if profiler:
            profiler.disable()
        wall, client_cpu = time.perf_counter() - clock, time.process_time() - cpu
    store.close()
    _drop_db(base, name)
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    articles = job.stats.new
    busiest, client_phases = {}, {}
    for (_, before, c0), (name, after, c1) in zip(marks, marks[1:], strict=False):
        busiest[name] = round(max((after[w] - before.get(w, 0.0) for w in after), default=0.0), 2)
        client_phases[name] = round(c1 - c0, 2)
    model = sum(busiest.values()) + sum(client_phases.values())
    return {
        "workers": workers,
        "articles": articles,
        "mentions": job.stats.mentions,
        "incidents": job.stats.incidents_touched,
        "wall_s": round(wall, 2),
        "articles_per_s": round(articles / wall, 1),
        "cluster_start_s": round(started, 2),
        "phases_s": {k: round(v, 2) for k, v in job.timings.items()},
        "worker_cpu_s": round(sum(r.cpu for r in job.run.reports), 2),
        "client_cpu_s": round(client_cpu, 2),
        "busiest_worker_cpu_s": busiest,
        "client_cpu_phases_s": client_phases,
        "cpu_model_articles_per_s": round(articles / model, 1) if model else None,
        "merge": vars(job.merge),
        "path": job.path,
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--db", default=None, help="PostgreSQL server URL (a database per run); default SQLite")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--spread", type=int, default=0, help="years between rounds through the gold (0: none)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        corpus = _write(tmp / "corpus.jsonl", args.articles, args.spread)
        for _ in range(args.repeat):
            for n in args.workers:
                print(json.dumps(_one(corpus, n, args.db, tmp, args.profile)), flush=True)


if __name__ == "__main__":
    main()
