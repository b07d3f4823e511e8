"""How often the gazetteer finds the gold place in a gold incident's evidence sentences.

Usage: python scripts/eval_places.py [GOLD.jsonl ...] [-v]

For every gold incident with a scored location, the gold place counts as found when a mention in
its evidence has the same name, lies within 30 km of the gold point, or (admin1 precision) is in
the same admin1; country precision needs a mention in the same country. Prints rates by gold
precision and, with -v, the misses (gold place and the mentions found) to guide alias work.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from salvo.extract.places import Gazetteer, Place, skeleton  # noqa: E402

GOLD = sorted((REPO.parent / "shared" / "gold").glob("*.jsonl"))


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlon = math.radians(lon2 - lon1)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def first(value: Any) -> Any:
    """A gold field may hold a list of acceptable values; the first one stands for it here."""
    return value[0] if isinstance(value, list) and value else value


def agrees(gold: dict[str, Any], place: Place, gaz: Gazetteer) -> bool:
    prec = first(gold.get("location_precision"))
    countries = gold["country"] if isinstance(gold.get("country"), list) else [gold.get("country")]
    if place.country not in countries:
        return False
    if prec == "country":
        return True
    name = first(gold.get("place"))
    if isinstance(name, str) and (skeleton(name) == skeleton(place.name) or gaz.get(name) == place):
        return True
    if prec == "admin1":
        return bool(place.admin1) and skeleton(str(first(gold.get("admin1")))) == skeleton(place.admin1 or "")
    lat, lon = first(gold.get("lat")), first(gold.get("lon"))
    if isinstance(lat, int | float) and isinstance(lon, int | float) and place.lat is not None \
            and place.lon is not None:
        return km(lat, lon, place.lat, place.lon) <= 30.0
    return False


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    paths = [Path(a) for a in argv if not a.startswith("-")] or GOLD
    gaz = Gazetteer.default()
    stats: dict[str, list[int]] = {}
    for path in paths:
        for line in path.open(encoding="utf-8"):
            row = json.loads(line)
            for inc in row["incidents"]:
                prec = first(inc.get("location_precision"))
                if prec in (None, "*") or inc.get("country") in (None, "*"):
                    continue
                mentions = [m for ev in inc.get("evidence", []) for m in gaz.find(ev)]
                ok = any(agrees(inc, m.place, gaz) for m in mentions)
                stats.setdefault(prec, [0, 0])
                stats[prec][0] += ok
                stats[prec][1] += 1
                if verbose and not ok:
                    print(f"MISS {row['article']['id']} {prec} {inc.get('place')!r} {inc.get('admin1')!r}"
                          f" -> {[(m.text, m.place.name) for m in mentions]}")
                    for ev in inc.get("evidence", []):
                        print("     |", ev[:220])
    hit = sum(v[0] for v in stats.values())
    total = sum(v[1] for v in stats.values())
    for prec, (h, n) in sorted(stats.items()):
        print(f"{prec:8s} {h}/{n} = {h / n:.1%}")
    print(f"all      {hit}/{total} = {hit / max(total, 1):.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
