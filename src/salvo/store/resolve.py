"""The resolution rule: one value per field of an incident from the reports that disagree.

Every reported value stays in ``mentions`` (with its article, outlet, publication date and ingest time);
the incident row holds the value this rule picks. "Order" below means publication date of the report
(else its ingest day), then its input key (input id and position): what is stored decides, not the order
in which it arrived.

- **Analyst edits** (``salvo review edit``) win over everything.
- **date**: the most precise report (day > week > month > year); among those, the value most reports give;
  tie: the earliest report (first accounts of a fresh event date it best; later ones drift).
- **location** (place, admin1, country, lat, lon, precision as one unit): the most specific report
  (site > city > admin1 > country); among those the most frequent place; tie: the earliest report.
- **weapons**: the union of what reports name, without ``unknown`` when anything is known and without
  a generic label (``indirect_fire``, ``missile``) when a specific one of its family is given.
- **killed, injured, projectiles**: the *latest* report that states a number, because tolls are revised
  as information arrives (25, then 34, then 47 wounded). Retrospective mentions, published more than
  30 days after the incident, only count when no report within 30 days gives a number. Same day: larger.
- **perpetrator, attribution** (as a pair): the strongest attribution (claimed > accused > suspected >
  none); among those the most specific perpetrator (a named group or state > "Iran-backed militias" >
  unknown); then the most frequent; tie: the latest report.
- **target**: the most frequent; tie: earliest. **intercepted**: the latest report that says.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from salvo.periods import period
from salvo.vocab import (
    ATTRIBUTION_RANK,
    DATE_PRECISIONS,
    DATE_RANK,
    GENERIC_WEAPONS,
    LOCATION_RANK,
    UNKNOWN_RANK,
)

RETRO_DAYS = 30
LOCATION_FIELDS = ("place", "admin1", "country", "lat", "lon", "location_precision")
RESOLVED_FIELDS = (
    "category",
    "date",
    "date_precision",
    *LOCATION_FIELDS,
    "weapons",
    "projectiles",
    "perpetrator",
    "attribution",
    "target",
    "killed",
    "injured",
    "intercepted",
)


@dataclass
class Report:
    """One mention's values with where and when they were reported."""

    values: dict[str, Any]
    published: dt.date | None
    ingested: dt.datetime
    outlet: str | None = None
    key: str = ""  # the mention's input id and position (``dbmerge``'s mention key)

    @property
    def order(self) -> tuple[dt.date, str, dt.datetime]:
        return (self.published or self.ingested.date(), self.key, self.ingested)


def _actor_rank(name: str | None) -> int:
    if not name or name == "unknown":
        return 2
    return 1 if name.lower().startswith("iran-backed") else 0


def _latest_count(reports: Sequence[Report], field: str, incident_day: dt.date | None) -> Any:
    stated = [r for r in reports if r.values.get(field) is not None]
    if not stated:
        return None
    if incident_day is not None:
        fresh = [r for r in stated if r.published is None or (r.published - incident_day).days <= RETRO_DAYS]
        stated = fresh or stated
    return max(stated, key=lambda r: (r.order[0], r.values[field], r.order[1])).values[field]


def _date_rank(precision: str | None) -> int:
    """A date without a precision is a day."""
    return DATE_RANK.get(precision or "day", len(DATE_PRECISIONS) - 1)


def _location_rank(precision: str | None) -> int:
    """A place without a precision is coarser than a country."""
    return LOCATION_RANK.get(precision or "", UNKNOWN_RANK)


def _weapons(reports: Sequence[Report]) -> list[str]:
    found: set[str] = set()
    for r in reports:
        found.update(r.values.get("weapons") or [])
    if found - {"unknown"}:
        found.discard("unknown")
    for generic, specific in GENERIC_WEAPONS.items():
        if generic in found and found & specific:
            found.discard(generic)
    return sorted(found)


def resolve(reports: Sequence[Report], edits: dict[str, Any] | None = None) -> dict[str, Any]:
    """Resolved incident values from its reports (see the module docstring for the rule)."""
    out: dict[str, Any] = dict.fromkeys(RESOLVED_FIELDS)
    out["weapons"] = []
    out["perpetrator"], out["attribution"] = "unknown", "none"
    if reports:
        by_time = sorted(reports, key=lambda r: r.order)
        out["category"] = Counter(r.values["category"] for r in by_time).most_common(1)[0][0]
        dated = [r for r in by_time if r.values.get("date") is not None]
        if dated:
            best = min(_date_rank(r.values.get("date_precision")) for r in dated)
            top = [r for r in dated if _date_rank(r.values.get("date_precision")) == best]
            counts = Counter(r.values["date"] for r in top)
            pick = max(top, key=lambda r: (counts[r.values["date"]], -top.index(r)))
            out["date"], out["date_precision"] = (
                pick.values["date"],
                pick.values.get("date_precision") or "day",
            )
        placed = [r for r in by_time if r.values.get("country") or r.values.get("place") or r.values.get("admin1")]
        if placed:
            best = min(_location_rank(r.values.get("location_precision")) for r in placed)
            top = [r for r in placed if _location_rank(r.values.get("location_precision")) == best]
            counts = Counter(r.values.get("place") for r in top)
            pick = max(top, key=lambda r: (counts[r.values.get("place")], -top.index(r)))
            for f in LOCATION_FIELDS:
                out[f] = pick.values.get(f)
        out["weapons"] = _weapons(by_time)
        span = period(out["date"], out["date_precision"])
        day = span[0] if span else None
        for f in ("killed", "injured", "projectiles"):
            out[f] = _latest_count(by_time, f, day)
        actors = Counter(r.values.get("perpetrator") for r in by_time)
        pick = min(
            reversed(by_time),
            key=lambda r: (
                ATTRIBUTION_RANK.get(r.values.get("attribution") or "none", ATTRIBUTION_RANK["none"]),
                _actor_rank(r.values.get("perpetrator")),
                -actors[r.values.get("perpetrator")],
            ),
        )
        out["perpetrator"] = pick.values.get("perpetrator") or "unknown"
        out["attribution"] = pick.values.get("attribution") or "none"
        targets = Counter(r.values["target"] for r in by_time if r.values.get("target"))
        if targets:
            top_n = targets.most_common(1)[0][1]
            out["target"] = next(r.values["target"] for r in by_time if targets.get(r.values.get("target")) == top_n)
        said = [r for r in by_time if r.values.get("intercepted") is not None]
        out["intercepted"] = said[-1].values["intercepted"] if said else None
    for f, v in (edits or {}).items():
        if f in out:
            out[f] = v
    return out
