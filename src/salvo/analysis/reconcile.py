"""Salvo's count beside a published tally, with the difference explained incident by incident.

For one tally (scope: category, countries, counting period up to its ``as_of`` day) every active
incident of the category falls in one of three groups:

- ``counted``: dated inside the period, in one of the countries;
- ``possible``: might belong and might not: undated, dated to a period that straddles the window's
  edge (a month-precision date in the month the count began), or in the period with no country;
- outside the scope.

The difference is the published count minus ``counted``. When it is positive, the reports suggest
Salvo lacks at least ``difference - possible`` incidents (if every possible one belongs); when it is
negative, Salvo counts more than the counter, and the counted list is what to check against the
counter's definition (see the tally file's README: counters count differently).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from salvo.analysis.tallies import Tally
from salvo.store.models import IncidentRow
from salvo.store.queries import IncidentFilter, apply_filter

_HEDGE = {"exact": "", "about": "about ", "more_than": "more than ", "at_least": "at least ", "close_to": "nearly "}


@dataclass
class Candidate:
    """One of our incidents as it stands against a tally's scope."""

    id: str
    date: str | None
    date_precision: str | None
    country: str | None
    place: str | None
    reason: str

    def to_json(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass
class Reconciliation:
    tally: Tally
    counted: list[Candidate] = field(default_factory=list)
    possible: list[Candidate] = field(default_factory=list)

    @property
    def difference(self) -> int:
        """The published count minus ours (positive: the counter has more)."""
        return self.tally.count - len(self.counted)

    @property
    def lacking(self) -> int:
        """Incidents the reports suggest we lack even if every possible one belongs."""
        return max(0, self.difference - len(self.possible))

    def explanation(self) -> str:
        t = self.tally
        published = f"{_HEDGE.get(t.qualifier, '')}{t.count}"
        ours = len(self.counted)
        if self.difference == 0:
            head = f"ours {ours} equals the published {published}"
        elif self.difference > 0:
            head = f"the counter has {self.difference} more ({published} against our {ours})"
        else:
            head = f"we count {-self.difference} more ({ours} against the published {published})"
        parts = [head]
        if self.possible:
            parts.append(f"{len(self.possible)} of ours might belong (undated, straddling the period, or no country)")
        if self.lacking:
            parts.append(f"the reports suggest we lack at least {self.lacking}")
        if t.since is None:
            parts.append("the source gives no start for its period: ours counts from the first record")
        elif t.since_basis not in ("", "page"):
            parts.append(f"the period's start {t.since} is {t.since_basis}, not on the page")
        return "; ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "tally": self.tally.to_json(),
            "ours": len(self.counted),
            "possible": len(self.possible),
            "difference": self.difference,
            "lacking_at_least": self.lacking,
            "explanation": self.explanation(),
            "counted": [c.to_json() for c in self.counted],
            "possible_incidents": [c.to_json() for c in self.possible],
        }


def _classify(row: IncidentRow, tally: Tally) -> str | None:
    """"counted", a reason it is possible, or None when outside the scope."""
    start, end = row.date_start, row.date_end or row.date_start
    low = tally.since or dt.date.min
    if row.country is not None and row.country not in tally.countries:
        return None
    if start is None:
        return "undated"
    assert end is not None
    if end < low or start > tally.as_of:
        return None
    if start < low or end > tally.as_of:
        return f"dated {row.date_precision or 'period'} {start.isoformat()}: straddles the period"
    if row.country is None:
        return "in the period, country unknown"
    return "counted"


def reconcile(session: Session, tally: Tally) -> Reconciliation:
    """Our incidents against one tally's scope (active incidents of its category)."""
    query = apply_filter(select(IncidentRow), IncidentFilter(category=tally.category))
    query = query.where(or_(IncidentRow.country.in_(tally.countries), IncidentRow.country.is_(None)))
    query = query.where(or_(IncidentRow.date_start.is_(None), IncidentRow.date_start <= tally.as_of))
    out = Reconciliation(tally)
    for row in session.scalars(query.order_by(IncidentRow.date_start, IncidentRow.id)):
        verdict = _classify(row, tally)
        if verdict is None:
            continue
        candidate = Candidate(
            id=row.id,
            date=row.date_start.isoformat() if row.date_start else None,
            date_precision=row.date_precision,
            country=row.country,
            place=row.place,
            reason=verdict,
        )
        (out.counted if verdict == "counted" else out.possible).append(candidate)
    return out


def reconcile_all(session: Session, tallies: list[Tally]) -> list[Reconciliation]:
    return [reconcile(session, t) for t in tallies]
