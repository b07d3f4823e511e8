"""Merge candidates for a whole chunk of new mentions: a few indexed SELECTs, then blocking in Python.

Asking the database once per new mention cost more than extraction itself (a statement per mention,
and an open-ended date range each time). Instead the chunk's date windows, places and provinces are
gathered into a handful of statements, the rows come back as light ``Rec`` records (no ORM objects),
and ``in_block`` applies the blocking of ``salvo.merge.cluster.candidate_pairs`` to each pair in Python.

Date ranges stay bounded: a stored span (``salvo.merge.score.period``) is at most ``SHORT_SPAN`` days
long unless its precision is ``year``, and a year's span starts on 1 January; so a window needs rows
whose start lies at most ``SHORT_SPAN`` days before it, plus the 1 January rows of the years it touches.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, and_, or_, select
from sqlalchemy.orm import Session

from salvo.merge import Facts
from salvo.model import Incident
from salvo.store.db import core
from salvo.store.models import MentionRow

WINDOW = dt.timedelta(days=9)  # covers the week buckets and the day of slack ``salvo.merge`` uses
SHORT_SPAN = dt.timedelta(days=31)  # longest span of day/week/month precision (end - start is at most 30)
_IN_LIMIT = 400  # values per IN list; keeps statements well under the drivers' parameter limits

#: Columns a record is built from: identity and blocking keys ...
_COLUMNS = (
    MentionRow.id,
    MentionRow.article_id,
    MentionRow.position,
    MentionRow.incident_id,
    MentionRow.pinned_incident_id,
    MentionRow.span_start,
    MentionRow.span_end,
    MentionRow.place_key,
    MentionRow.admin1_key,
    MentionRow.category,
    MentionRow.country,
    MentionRow.location_precision,
)
#: ... and what ``Facts`` reads, fetched only for mentions this run has not compared yet.
_FACT_FIELDS = (
    "category",
    "date",
    "date_precision",
    "weapons",
    "projectiles",
    "place",
    "admin1",
    "country",
    "lat",
    "lon",
    "location_precision",
    "perpetrator",
    "killed",
    "injured",
)
_FACT_COLUMNS = (MentionRow.id, *(getattr(MentionRow, f) for f in _FACT_FIELDS))


@dataclass(slots=True)
class Rec:
    """One active mention as merging sees it."""

    id: int
    article_id: int
    position: int
    incident_id: str | None
    pinned: str | None
    span_start: dt.date | None
    span_end: dt.date | None
    place_key: str
    admin1_key: str
    category: str
    country: str | None
    location_precision: str | None
    facts: Facts


FactsCache = dict[int, Facts]


def _facts(conn: Connection, ids: list[int], cache: FactsCache) -> None:
    """Load the facts of these mentions into the cache (a mention's facts never change)."""
    for k in range(0, len(ids), _IN_LIMIT):
        for row in conn.execute(select(*_FACT_COLUMNS).where(MentionRow.id.in_(ids[k : k + _IN_LIMIT]))):
            inc = Incident(**{f: getattr(row, f) for f in _FACT_FIELDS})
            inc.weapons = list(inc.weapons or [])
            cache[row.id] = Facts.of(inc)


def load_recs(session: Session, where: ColumnElement[bool], cache: FactsCache) -> list[Rec]:
    """Active mentions matching ``where``, as records."""
    conn = core(session)
    rows = conn.execute(select(*_COLUMNS).where(MentionRow.superseded_at.is_(None), where)).all()
    missing = [r[0] for r in rows if r[0] not in cache]
    if missing:
        _facts(conn, missing, cache)
    return [
        Rec(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7] or "", r[8] or "", r[9], r[10], r[11], cache[r[0]])
        for r in rows
    ]


def in_block(seed: Rec, n: Rec) -> bool:
    """Whether ``n`` is worth comparing with ``seed``: exactly the rule the per-mention query applied."""
    if n.category != seed.category:
        return False
    if seed.country and n.country is not None and n.country != seed.country:
        return False  # another country's report can never be the same incident
    if seed.admin1_key and n.admin1_key not in ("", seed.admin1_key):
        return False  # nor can one in another province
    if seed.span_start is not None and seed.span_end is not None:
        if n.span_start is not None:
            return n.span_end is not None and (
                n.span_start <= seed.span_end + WINDOW and n.span_end >= seed.span_start - WINDOW
            )
        if seed.place_key and n.place_key == seed.place_key:
            return True
        return bool(seed.admin1_key) and n.admin1_key == seed.admin1_key and n.location_precision != "site"
    if seed.place_key and seed.location_precision == "site":
        if n.place_key == seed.place_key:
            return True
        return bool(seed.admin1_key) and n.admin1_key == seed.admin1_key and n.location_precision != "site"
    if seed.admin1_key:
        return n.admin1_key == seed.admin1_key
    if seed.place_key:
        return n.place_key == seed.place_key
    return False


def _merged(windows: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    out: list[tuple[dt.date, dt.date]] = []
    for lo, hi in sorted(windows):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


def _chunks(values: Iterable[str]) -> list[list[str]]:
    items = sorted(set(values))
    return [items[k : k + _IN_LIMIT] for k in range(0, len(items), _IN_LIMIT)]


def candidate_conditions(seeds: Sequence[Rec]) -> list[ColumnElement[bool]]:
    """WHERE clauses that together return every mention ``in_block`` of some seed (and a few more)."""
    windows: dict[str, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    undated_place: dict[str, set[str]] = defaultdict(set)  # dated seeds meet undated reports by name
    undated_admin1: dict[str, set[str]] = defaultdict(set)
    any_place: dict[str, set[str]] = defaultdict(set)  # undated seeds meet any report by name
    any_admin1: dict[str, set[str]] = defaultdict(set)
    for s in seeds:
        if s.span_start is not None and s.span_end is not None:
            windows[s.category].append((s.span_start - WINDOW, s.span_end + WINDOW))
            if s.place_key:
                undated_place[s.category].add(s.place_key)
            if s.admin1_key:
                undated_admin1[s.category].add(s.admin1_key)
            continue
        if s.place_key:
            any_place[s.category].add(s.place_key)
        if s.admin1_key:
            any_admin1[s.category].add(s.admin1_key)
    out: list[ColumnElement[bool]] = []
    for category, spans in windows.items():
        ranges: list[ColumnElement[bool]] = []
        new_years: set[dt.date] = set()
        first = min(lo for lo, _ in spans)
        for lo, hi in _merged(spans):  # span_end is in the index too: rows that end too early are not read
            ranges.append(
                and_(MentionRow.span_start >= lo - SHORT_SPAN, MentionRow.span_start <= hi, MentionRow.span_end >= lo)
            )
            new_years.update(dt.date(y, 1, 1) for y in range(lo.year, hi.year + 1))
        # year-precision spans (checked against the exact windows in ``in_block``)
        ranges.append(and_(MentionRow.span_start.in_(sorted(new_years)), MentionRow.span_end >= first))
        out.append(and_(MentionRow.category == category, or_(*ranges)))
    for keys, col, undated in (
        (undated_place, MentionRow.place_key, True),
        (undated_admin1, MentionRow.admin1_key, True),
        (any_place, MentionRow.place_key, False),
        (any_admin1, MentionRow.admin1_key, False),
    ):
        for category, names in keys.items():
            for part in _chunks(names):
                cond = and_(MentionRow.category == category, col.in_(part))
                out.append(and_(cond, MentionRow.span_start.is_(None)) if undated else cond)
    return out


class Candidates:
    """The rows fetched for a chunk, indexed so each seed only looks at rows near it."""

    def __init__(self, recs: Iterable[Rec]) -> None:
        self.dated: dict[str, list[Rec]] = defaultdict(list)
        self.wide: dict[str, list[Rec]] = defaultdict(list)
        self.undated: dict[str, list[Rec]] = defaultdict(list)
        seen: set[int] = set()
        for r in recs:
            if r.id in seen:
                continue
            seen.add(r.id)
            if r.span_start is None or r.span_end is None:
                self.undated[r.category].append(r)
            elif r.span_end - r.span_start >= SHORT_SPAN:
                self.wide[r.category].append(r)
            else:
                self.dated[r.category].append(r)
        self.all = [r for group in (self.dated, self.wide, self.undated) for rs in group.values() for r in rs]
        for rs in self.dated.values():
            rs.sort(key=lambda r: (r.span_start, r.id))
        self.starts: dict[str, list[dt.date]] = {
            c: [r.span_start for r in rs if r.span_start is not None] for c, rs in self.dated.items()
        }

    def _pool(self, seed: Rec) -> Iterable[Rec]:
        """The fetched rows that may be ``in_block`` of ``seed``, or have ``seed`` in theirs (dated windows
        are symmetric, and every undated row is in the pool)."""
        c = seed.category
        if seed.span_start is None or seed.span_end is None:
            return [r for r in self.all if r.category == c]
        rows, starts = self.dated.get(c, []), self.starts.get(c, [])
        lo = bisect.bisect_left(starts, seed.span_start - WINDOW - SHORT_SPAN)
        hi = bisect.bisect_right(starts, seed.span_end + WINDOW)
        return [*rows[lo:hi], *self.wide.get(c, ()), *self.undated.get(c, ())]

    def near(self, seed: Rec) -> list[Rec]:
        """The fetched rows ``in_block`` of ``seed``."""
        return [r for r in self._pool(seed) if in_block(seed, r)]

    def around(self, seed: Rec) -> list[Rec]:
        """The fetched rows ``in_block`` of ``seed`` or with ``seed`` in theirs: the candidate relation made
        symmetric, so that a closure reaches the same mentions from either end."""
        return [r for r in self._pool(seed) if r.id != seed.id and (in_block(seed, r) or in_block(r, seed))]


def fetch_candidates(session: Session, seeds: Sequence[Rec], cache: FactsCache) -> Candidates:
    """Every active mention that blocking could pair with one of ``seeds``, in a few statements."""
    recs: list[Rec] = []
    for cond in candidate_conditions(seeds):
        recs.extend(load_recs(session, cond, cache))
    return Candidates(recs)
