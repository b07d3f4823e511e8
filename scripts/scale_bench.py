#!/usr/bin/env python3
"""Scaling figures for ``salvo ingest --engine dask``: extraction throughput with 1, 2, 4, 8, 16 workers.

Self-contained: needs only this repository installed in a venv (``python3 -m venv .venv &&
.venv/bin/pip install -e .``) and the gold files (``*.jsonl``) copied beside it (``--gold DIR``, default
``./gold``, else ``../shared/gold``). The corpus repeats the gold articles under new ids and URLs to
``--articles`` articles; each worker count gets a fresh LocalCluster (one thread per worker process),
warmed up before timing, and the time is that of ``salvo.distributed.engine.run_shards`` over the corpus
(reading, screening, extracting, writing Parquet shards). ``--profile`` adds the hot path of one core
(cProfile over the pipeline, top functions by own time). About 4 minutes on 16 cores with the defaults.

    .venv/bin/python scripts/scale_bench.py --workers 1,2,4,8,16 --articles 8000 --out scale.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path
from typing import Any


def gold_dir(arg: str | None) -> Path:
    here = Path(__file__).resolve().parents[1]
    for cand in ([Path(arg)] if arg else []) + [Path("gold"), here / "gold", here.parent / "shared" / "gold"]:
        if cand.is_dir() and list(cand.glob("*.jsonl")):
            return cand
    raise SystemExit("no gold folder found: pass --gold DIR (a folder of the gold *.jsonl files)")


def build_corpus(gold: Path, n: int, out: Path) -> int:
    """``n`` articles: the English gold articles again and again, each copy under its own id and URL."""
    base: list[dict[str, Any]] = []
    for path in sorted(gold.glob("*.jsonl")):
        if "other-languages" in path.name:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                base.append(rec.get("article", rec))
    with out.open("w", encoding="utf-8") as handle:
        for k in range(n):
            art = dict(base[k % len(base)])
            art["id"] = f"{art.get('id', 'a')}-copy{k}"
            art["url"] = f"https://bench.invalid/{k}"
            handle.write(json.dumps(art, ensure_ascii=False) + "\n")
    return len(base)


def _warm() -> int:
    from salvo.model import Article
    from salvo.pipeline import extract_article

    extract_article(Article(id="w", text="A rocket attack hit the base on Monday.", published=None))
    return os.getpid()


def measure(corpus: Path, workers: int, records: int) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    from salvo.distributed.engine import run_shards

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            client.run(_warm)  # every worker imports and compiles the rules before the clock starts
            with tempfile.TemporaryDirectory() as shards:
                began = time.perf_counter()
                run = run_shards([str(corpus)], Path(shards), scheduler=cluster.scheduler_address, records=records)
                seconds = time.perf_counter() - began
    articles = sum(r.read for r in run.reports)
    return {
        "workers": workers,
        "articles": articles,
        "seconds": round(seconds, 2),
        "articles_per_s": round(articles / seconds, 1),
        "failed": len(run.failed),
    }


def profile(corpus: Path, n: int = 300, top: int = 25) -> list[dict[str, Any]]:
    """Own time per function over ``n`` articles on one core, the largest first."""
    import cProfile
    import pstats

    from salvo.ingest.readers import read_inputs
    from salvo.model import Article
    from salvo.pipeline import extract_article

    arts = [a for a in read_inputs([corpus]) if isinstance(a, Article)][:n]
    _warm()  # rule loading and pattern compilation are not the hot path
    prof = cProfile.Profile()
    prof.enable()
    for a in arts:
        extract_article(a)
    prof.disable()
    st = pstats.Stats(prof)
    total = sum(v[2] for v in st.stats.values())  # type: ignore[attr-defined]
    rows = sorted(st.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:top]  # type: ignore[attr-defined]
    return [
        {
            "function": f"{Path(f).name}:{line}:{name}",
            "own_s": round(v[2], 3),
            "share": round(v[2] / total, 3),
            "cum_s": round(v[3], 3),
        }
        for (f, line, name), v in rows
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", help="folder of the gold *.jsonl files")
    ap.add_argument("--workers", default="1,2,4,8,16", help="worker counts, comma-separated")
    ap.add_argument("--articles", type=int, default=8000, help="corpus size")
    ap.add_argument("--records", type=int, default=50, help="articles per shard")
    ap.add_argument("--profile", action="store_true", help="also profile the hot path on one core")
    ap.add_argument("--out", help="write the figures as JSON here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        distinct = build_corpus(gold_dir(args.gold), args.articles, corpus)
        figures: dict[str, Any] = {
            "machine": {
                "cpus": os.cpu_count(),
                "processor": platform.processor() or platform.machine(),
                "python": platform.python_version(),
                "system": platform.platform(),
            },
            "corpus": {"articles": args.articles, "distinct_texts": distinct, "records_per_shard": args.records},
            "runs": [],
        }
        for n in (int(x) for x in args.workers.split(",") if x):
            row = measure(corpus, n, args.records)
            base = figures["runs"][0]["articles_per_s"] if figures["runs"] else row["articles_per_s"]
            row["speedup"] = round(row["articles_per_s"] / base, 2)
            figures["runs"].append(row)
            print(json.dumps(row), flush=True)
        if args.profile:
            figures["profile"] = profile(corpus)
    text = json.dumps(figures, indent=1)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
