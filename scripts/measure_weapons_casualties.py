#!/usr/bin/env python3
"""Agreement of the weapons/projectiles/killed/injured readers with the dev gold.

Runs ``incident_weapons``, ``count_projectiles`` and ``combine_casualties`` on each gold
incident's evidence sentences and compares with the gold fields (lists of acceptable values
and "*" as in SCHEMA.md). Reports, per field: agreement over scored incidents, and slot
precision/recall (gold null or a list holding null is no slot unless we give a value).

usage: measure_weapons_casualties.py [GOLD.jsonl ...] [--errors FIELD] [--required]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from salvo.extract.casualties import combine_casualties
from salvo.extract.weapons import count_projectiles, incident_weapons

GOLD_DIR = Path(__file__).resolve().parents[2] / "shared" / "gold"
FIELDS = ("weapons", "projectiles", "killed", "injured")


def options(v: Any) -> list[Any] | None:
    if v == "*":
        return None
    return v if isinstance(v, list) else [v]


def agrees(field: str, gold: Any, pred: Any) -> bool | None:
    opts = options(gold)
    if opts is None:
        return None
    if field == "weapons":
        if opts and isinstance(opts[0], list):
            return any(sorted(set(pred)) == sorted(set(o)) for o in opts)
        return sorted(set(pred)) == sorted(set(opts))
    return pred in opts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="*", type=Path)
    ap.add_argument("--errors", choices=FIELDS, help="print the disagreements of one field")
    ap.add_argument("--required", action="store_true", help="skip optional gold incidents")
    args = ap.parse_args(argv)
    paths = args.gold or sorted(GOLD_DIR.glob("*.jsonl"))
    stats = {f: {"n": 0, "ok": 0, "gold_slots": 0, "pred_slots": 0, "correct": 0} for f in FIELDS}
    sentences = 0
    elapsed = 0.0
    for path in paths:
        for line in path.open(encoding="utf-8"):
            if not line.strip():
                continue
            row = json.loads(line)
            for inc in row["incidents"]:
                if args.required and inc.get("optional"):
                    continue
                ev = inc.get("evidence") or []
                sentences += len(ev)
                t0 = time.perf_counter()
                cas = combine_casualties(ev, inc.get("category"))
                pred = {"weapons": incident_weapons(ev, inc.get("category")),
                        "projectiles": count_projectiles(ev), "killed": cas.killed,
                        "injured": cas.injured}
                elapsed += time.perf_counter() - t0
                for f in FIELDS:
                    ok = agrees(f, inc.get(f), pred[f])
                    if ok is None:
                        continue
                    st = stats[f]
                    st["n"] += 1
                    st["ok"] += ok
                    opts = options(inc.get(f)) or []
                    present = bool(pred[f]) if f == "weapons" else pred[f] is not None
                    gold_slot = bool(opts) and not all(o is None for o in opts) and (
                        None not in opts or present)
                    st["gold_slots"] += gold_slot
                    st["pred_slots"] += present
                    st["correct"] += bool(ok and present)
                    if args.errors == f and not ok:
                        print(f"{f}: gold={inc.get(f)!r} pred={pred[f]!r} [{inc.get('category')}]")
                        for e in ev:
                            print("    |", e[:300])
    print(f"{'field':12} {'agree':>12} {'slot P':>7} {'slot R':>7}")
    for f in FIELDS:
        st = stats[f]
        p = st["correct"] / st["pred_slots"] if st["pred_slots"] else 0.0
        r = st["correct"] / st["gold_slots"] if st["gold_slots"] else 0.0
        print(f"{f:12} {st['ok']:>4}/{st['n']:<4} {st['ok'] / max(st['n'], 1):5.1%}"
              f" {p:7.1%} {r:7.1%}")
    print(f"{sentences} evidence sentences, {elapsed / max(sentences, 1) * 1e6:.1f} µs/sentence (cold)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
