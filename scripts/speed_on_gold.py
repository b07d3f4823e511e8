"""`salvo extract` speed on real text, measured as the project's bar measures it.

Articles are the English gold texts where they stand (never copied into the repository), joined to
about 600 words by ``salvo.devtools.extraction_speed.gold_corpus``. Throughput is (N - 10) / (time for N - time for 10)
on one core (``taskset -c 0``), so start-up and loading cancel out; run-level merging is included.

    python scripts/speed_on_gold.py [--articles 2000] [--salvo .venv/bin/salvo]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from salvo.devtools.extraction_speed import gold_corpus, gold_dir, gold_texts


def _write(path: Path, count: int, records: list[dict[str, object]]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for article in gold_corpus(count, records):
            out.write(json.dumps(article.to_json(), ensure_ascii=False) + "\n")
    return path


def _run(salvo: str, corpus: Path, out: Path) -> float:
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    start = time.perf_counter()
    subprocess.run([*pin, salvo, "extract", str(corpus), "-o", str(out)], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--salvo", default=shutil.which("salvo") or ".venv/bin/salvo")
    args = parser.parse_args()
    folder = gold_dir()
    if folder is None:
        sys.exit("no gold found ($SALVO_GOLD_DIR or shared/gold beside the checkout)")
    records = gold_texts(folder)
    with tempfile.TemporaryDirectory() as tmp:
        small = _write(Path(tmp) / "small.jsonl", 10, records)
        big = _write(Path(tmp) / "big.jsonl", args.articles + 10, records)
        t_small = _run(args.salvo, small, Path(tmp) / "o.jsonl")
        t_big = _run(args.salvo, big, Path(tmp) / "o.jsonl")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rate = args.articles / max(t_big - t_small, 1e-6)
    print(f"{rate:.0f} articles/s on one core ({args.articles} articles, {t_big:.1f} s; 10 articles {t_small:.1f} s)")
    print(f"peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    main()
