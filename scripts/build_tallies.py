"""Build src/salvo/data/tallies/official-counts.csv from ../shared/tallies/official-counts.csv.

The project keeps the facts (date, count, hedge, scope, counter, source URL and outlet); the short
quotes stay in ../shared. Where a page gives no start for its counting period, the start is filled
in and marked in ``since_basis``:
- ``counter``: the counter's own stated start (the Defense Department counts from 2023-10-17);
- ``assumed``: the page speaks of the campaign that began in mid-October 2023 without a day
  ("mid-October", "in four months"), so the Defense Department's start is used;
- ``page``: the page gives it.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO.parent / "shared" / "tallies" / "official-counts.csv"
TARGET = REPO / "src" / "salvo" / "data" / "tallies" / "official-counts.csv"
COLUMNS = ["as_of", "count", "qualifier", "category", "countries", "since", "since_basis", "counter", "injured",
           "source_url", "source_outlet"]
DOD_START = "2023-10-17"


def basis(row: dict[str, str]) -> tuple[str, str]:
    if row["since"]:
        return row["since"], "page"
    if row["counter"].startswith("US Department of Defense"):
        return DOD_START, "counter"
    if row["as_of"] >= DOD_START:
        return DOD_START, "assumed"
    return "", ""


def main() -> int:
    with SOURCE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with TARGET.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            since, why = basis(row)
            writer.writerow({**{k: row.get(k, "") for k in COLUMNS}, "since": since, "since_basis": why})
    print(f"{len(rows)} tallies -> {TARGET.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
