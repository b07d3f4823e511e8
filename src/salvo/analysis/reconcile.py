"""Salvo's count beside a published tally, with the difference explained incident by incident.

For one tally (scope: category, countries, counting period up to its ``as_of`` day) every active
incident of the category falls in one of these groups:

- ``counted``: dated inside the period, in one of the countries;
- possible: might belong and might not, for one of three reasons (:data:`REASONS`): ``undated``;
  ``straddles`` (dated to a period that crosses the window's edge: a month-precision date in the
  month the count began); ``no_country`` (in the period, country unknown);
- outside the scope.

The difference is the published count minus ``counted``. When it is positive, the reports suggest
Salvo lacks at least ``difference - possible`` incidents (if every possible one belongs); when it is
negative, Salvo counts more than the counter, and the counted list is what to check against the
counter's definition (see the tally file's README: counters count differently).

The groups are counted by the database (one aggregate per tally, the verdict a ``CASE``); the
incidents themselves are read only when the details are asked for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from salvo.analysis.scope import Where, passes
from salvo.analysis.tallies import Tally
from salvo.store.models import IncidentRow
from salvo.store.queries import LONGEST_SPAN

_HEDGE = {"exact": "", "about": "about ", "more_than": "more than ", "at_least": "at least ", "close_to": "nearly "}
#: Why one of ours might belong to a tally's scope, and how the explanation says it.
REASONS = {
    "undated": "undated",
    "straddles": "dated to a period that straddles the count's start or end",
    "no_country": "in the period, country unknown",
}


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
    ours: int = 0
    possible_by_reason: dict[str, int] = field(default_factory=dict)
    #: the incidents behind ``ours`` and ``possible``; None unless the details were asked for
    counted: list[Candidate] | None = None
    possible_incidents: list[Candidate] | None = None

    @property
    def possible(self) -> int:
        return sum(self.possible_by_reason.values())

    @property
    def difference(self) -> int:
        """The published count minus ours (positive: the counter has more)."""
        return self.tally.count - self.ours

    @property
    def lacking(self) -> int:
        """Incidents the reports suggest we lack even if every possible one belongs."""
        return max(0, self.difference - self.possible)

    def explanation(self) -> str:
        t = self.tally
        published = f"{_HEDGE.get(t.qualifier, '')}{t.count}"
        if self.difference == 0:
            head = f"ours {self.ours} equals the published {published}"
        elif self.difference > 0:
            head = f"the counter has {self.difference} more ({published} against our {self.ours})"
        else:
            head = f"we count {-self.difference} more ({self.ours} against the published {published})"
        parts = [head]
        if self.possible:
            why = ", ".join(f"{n} {REASONS[r]}" for r, n in self.possible_by_reason.items() if n)
            parts.append(f"{self.possible} of ours might belong ({why})")
        if self.lacking:
            parts.append(f"the reports suggest we lack at least {self.lacking}")
        if t.since is None:
            parts.append("the source gives no start for its period: ours counts from the first record")
        elif t.since_basis not in ("", "page"):
            parts.append(f"the period's start {t.since} is {t.since_basis}, not on the page")
        return "; ".join(parts)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "tally": self.tally.to_json(),
            "ours": self.ours,
            "possible": self.possible,
            "possible_by_reason": dict(self.possible_by_reason),
            "difference": self.difference,
            "lacking_at_least": self.lacking,
            "explanation": self.explanation(),
        }
        if self.counted is not None and self.possible_incidents is not None:
            out["counted"] = [c.to_json() for c in self.counted]
            out["possible_incidents"] = [c.to_json() for c in self.possible_incidents]
        return out


def _scope(tally: Tally) -> ColumnElement[bool]:
    """Active incidents of the category that may touch the scope: in its countries or in none known;
    undated, dated inside the counting period, or dated to a span that reaches into it from before.

    Disjoint terms, each one range of an index: ``ix_incidents_scope`` for the period and the
    undated, the partial ``ix_incidents_spans`` (dates that stand for more than a day) for the
    spans that began before the period, so the year before it is never read row by row.
    """
    low = tally.since or dt.date.min
    i = IncidentRow
    base = (i.status == "active", i.category == tally.category)
    when = [i.date_start.is_(None), and_(i.date_start >= low, i.date_start <= tally.as_of)]
    if tally.since is not None:  # no date spans more than a year
        when.append(and_(i.date_end > i.date_start, i.date_start >= low - LONGEST_SPAN,
                         i.date_start < low, i.date_end >= low))
    return or_(*(and_(*base, where, w) for where in (i.country.in_(tally.countries), i.country.is_(None))
                 for w in when))


def _verdict(tally: Tally) -> Any:
    """``counted`` or the reason an incident in :func:`_scope` is only possible, as a SQL ``CASE``."""
    low = tally.since or dt.date.min
    i = IncidentRow
    end = func.coalesce(i.date_end, i.date_start)
    return case(
        (i.date_start.is_(None), literal("undated")),
        (or_(i.date_start < low, end > tally.as_of), literal("straddles")),
        (i.country.is_(None), literal("no_country")),
        else_=literal("counted"),
    )


def _in_scope(tally: Tally, where: Where | None) -> tuple[ColumnElement[bool], ...]:
    """The tally's scope, and the caller's filter when there is one."""
    return (_scope(tally),) if where is None else (_scope(tally), passes(where))


def _candidates(session: Session, tally: Tally, where: Where | None) -> tuple[list[Candidate], list[Candidate]]:
    verdict = _verdict(tally).label("verdict")
    i = IncidentRow
    rows: list[Any] = list(session.execute(
        select(i.id, i.date_start, i.date_precision, i.country, i.place, verdict)
        .where(*_in_scope(tally, where)).order_by(i.date_start, i.id)
    ).all())
    counted: list[Candidate] = []
    possible: list[Candidate] = []
    for iid, start, precision, country, place, why in rows:
        day = start.isoformat() if start else None
        if why == "counted":
            counted.append(Candidate(iid, day, precision, country, place, "counted"))
        else:
            straddles = f"dated {precision or 'period'} {day}: straddles the period"
            reason = straddles if why == "straddles" else REASONS[why]
            possible.append(Candidate(iid, day, precision, country, place, reason))
    return counted, possible


def counts_query(tally: Tally, where: Where | None = None) -> Select[Any]:
    """(verdict, incidents) for one tally: the one aggregate :func:`reconcile` counts with."""
    verdict = _verdict(tally)
    return select(verdict, func.count()).select_from(IncidentRow).where(*_in_scope(tally, where)).group_by(verdict)


def reconcile(session: Session, tally: Tally, details: bool = False, where: Where | None = None) -> Reconciliation:
    """Our incidents against one tally's scope (those ``where`` keeps: a caller's filter narrows
    both ours and the possible ones): counts from one aggregate; the lists with ``details``."""
    found: list[Any] = list(session.execute(counts_query(tally, where)).all())
    groups = {str(why): int(n) for why, n in found}
    out = Reconciliation(tally, ours=int(groups.pop("counted", 0)),
                         possible_by_reason={r: int(groups.get(r, 0)) for r in REASONS})
    if details:
        out.counted, out.possible_incidents = _candidates(session, tally, where)
    return out


def reconcile_all(session: Session, tallies: list[Tally], details: bool = False,
                  where: Where | None = None) -> list[Reconciliation]:
    return [reconcile(session, t, details, where) for t in tallies]
