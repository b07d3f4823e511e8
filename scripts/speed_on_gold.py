"""`salvo extract` speed on real text, measured as the project's bar measures it.

Articles are the gold texts of one language where they stand (never copied into the repository):
the English gold files (``--lang en``, the default) or the Arabic articles of the other-languages file
(``--lang ar``), joined to about 600 words by ``salvo.devtools.extraction_speed.gold_corpus``.
Throughput is (N - 10) / (time for N - time for 10) on one core (``taskset -c 0``), so start-up and
loading cancel out; run-level merging is included. It is given by the wall clock and by the CPU time of
the ``salvo extract`` process (user + system), which other work on a shared machine disturbs less.

    python scripts/speed_on_gold.py [--articles 2000] [--lang en|ar] [--salvo .venv/bin/salvo]
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


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(salvo: str, corpus: Path, out: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one ``salvo extract`` run."""
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    cpu, start = _cpu_children(), time.perf_counter()
    subprocess.run([*pin, salvo, "extract", str(corpus), "-o", str(out)], check=True, capture_output=True)
    return time.perf_counter() - start, _cpu_children() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--lang", default="en", help="language of the gold texts: en (default) or ar")
    parser.add_argument("--salvo", default=shutil.which("salvo") or ".venv/bin/salvo")
    args = parser.parse_args()
    folder = gold_dir()
    if folder is None:
        sys.exit("no gold found ($SALVO_GOLD_DIR or shared/gold beside the checkout)")
    records = gold_texts(folder, args.lang)
    if not records:
        sys.exit(f"no gold texts in {args.lang!r} in {folder}")
    with tempfile.TemporaryDirectory() as tmp:
        small = _write(Path(tmp) / "small.jsonl", 10, records)
        big = _write(Path(tmp) / "big.jsonl", args.articles + 10, records)
        (t_small, c_small), (t_big, c_big) = (_run(args.salvo, p, Path(tmp) / "o.jsonl") for p in (small, big))
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rate = args.articles / max(t_big - t_small, 1e-6)
    cpu_rate = args.articles / max(c_big - c_small, 1e-6)
    print(f"{rate:.0f} articles/s on one core ({args.lang}, {len(records)} gold texts; {args.articles} articles, "
          f"{t_big:.1f} s; 10 articles {t_small:.1f} s)")
    print(f"{cpu_rate:.0f} articles/s of CPU time ({c_big:.1f} s; 10 articles {c_small:.1f} s)")
    print(f"peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    main()
