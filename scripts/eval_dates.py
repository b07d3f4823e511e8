"""Dev check of the date stage against the shared gold (reads /work/shared where it stands).

For every gold incident with a scored date: does some mention found in its evidence sentences name a
period inside one of the gold periods? And does published_from_text recover the `published` field?
Usage: .venv/bin/python scripts/eval_dates.py [--verbose]
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

from salvo.extract.dates import DateMention, find_dates, published_from_text

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "gold"


def _period(d: dt.date, precision: str | None) -> tuple[dt.date, dt.date]:
    if precision in (None, "day", "*"):
        return d, d
    if precision == "week":
        start = d - dt.timedelta(days=d.weekday())
        return start, start + dt.timedelta(days=6)
    if precision == "month":
        start = d.replace(day=1)
        return start, (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return d.replace(month=1, day=1), d.replace(month=12, day=31)


def _gold_periods(inc: dict) -> list[tuple[dt.date, dt.date]]:
    dates = inc["date"] if isinstance(inc["date"], list) else [inc["date"]]
    precs = inc["date_precision"] if isinstance(inc["date_precision"], list) else [inc["date_precision"]]
    return [_period(dt.date.fromisoformat(d), p) for d in dates if d for p in precs]


def _inside(m: DateMention, periods: list[tuple[dt.date, dt.date]]) -> bool:
    a, b = _period(m.date, m.precision)
    return any(lo <= a and b <= hi for lo, hi in periods)


def main() -> None:
    verbose = "--verbose" in sys.argv
    rows = [json.loads(line) for f in sorted(GOLD.glob("*.jsonl")) for line in f.open() if line.strip()]
    hits = total = req_hits = req_total = no_anchor = 0
    pub_ok = pub_n = pub_none = pub_ok_noprefix = pub_n_noprefix = 0
    sentences: list[tuple[str, dt.date | None]] = []
    for row in rows:
        art = row["article"]
        published = dt.date.fromisoformat(art["published"]) if art["published"] else None
        if published is not None:
            guess = published_from_text(art["text"])
            pub_n += 1
            pub_ok += guess == published
            pub_none += guess is None
            if not art["text"].lstrip().startswith("date "):
                pub_n_noprefix += 1
                pub_ok_noprefix += guess == published
            if verbose and guess != published:
                print(f"PUB {art['id']} gold={published} got={guess}")
        anchor = published or published_from_text(art["text"])
        for inc in row["incidents"]:
            if inc["date"] == "*" or inc["date"] is None:
                continue
            periods = _gold_periods(inc)
            mentions = [m for s in inc["evidence"] for m in find_dates(s, anchor)]
            sentences.extend((s, anchor) for s in inc["evidence"])
            ok = any(_inside(m, periods) for m in mentions)
            total += 1
            hits += ok
            no_anchor += not ok and not mentions
            if not inc.get("optional"):
                req_total += 1
                req_hits += ok
            if verbose and not ok:
                print(f"MISS {art['id']} pub={anchor} gold={inc['date']}/{inc['date_precision']} "
                      f"got={[(m.text, str(m.date), m.precision) for m in mentions]}")
                for s in inc["evidence"]:
                    print("      ", s[:200])
    print(f"incident date hit: {hits}/{total} = {hits / total:.1%} (required only: {req_hits}/{req_total}"
          f" = {req_hits / req_total:.1%}); misses with no anchor in the evidence: {no_anchor}")
    print(f"published_from_text exact: {pub_ok}/{pub_n} = {pub_ok / pub_n:.1%}, none: {pub_none}; "
          f"without a leading 'date' line: {pub_ok_noprefix}/{pub_n_noprefix}")
    t0 = time.perf_counter()
    reps = 20
    for _ in range(reps):
        for s, a in sentences:
            find_dates(s, a)
    per = (time.perf_counter() - t0) / (reps * len(sentences)) * 1e6
    mean_len = sum(len(s) for s, _ in sentences) / len(sentences)
    print(f"find_dates: {per:.1f} µs per evidence sentence (mean {mean_len:.0f} chars, n={len(sentences)})")
    texts = [r["article"]["text"] for r in rows]
    t0 = time.perf_counter()
    for _ in range(5):
        for t in texts:
            published_from_text(t)
    print(f"published_from_text: {(time.perf_counter() - t0) / (5 * len(texts)) * 1e6:.0f} µs per article")


if __name__ == "__main__":
    main()
