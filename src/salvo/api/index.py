"""An in-memory columnar copy of the incidents' filter columns, for fast lists, counts and stats.

Counting and grouping 100,000 rows through SQLite indexes takes hundreds of
milliseconds for most filter combinations; the same work on Arrow arrays takes
a few. The copy is rebuilt when the database changes, detected by a cheap
version probe (row count, latest ``updated_at``, latest review action) before
each request. Page rows themselves are still read from the database by id.

The filter semantics mirror ``salvo.store.queries.apply_filter`` plus
``salvo.api.query.extra_conditions``; a test checks both paths agree.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from salvo.api.params import FilterParams
from salvo.store.models import IncidentRow, OverrideRow
from salvo.vocab import WEAPONS

COLUMNS = (
    "id",
    "status",
    "category",
    "date_start",
    "date_end",
    "week",
    "month",
    "country",
    "admin1",
    "place",
    "perpetrator",
    "attribution",
    "killed",
    "injured",
    "lat",
    "lon",
    "location_precision",
    "n_mentions",
    "n_sources",
    "updated_at",
    "search_text",
    "date",
)
BACKGROUND_ROWS = 20_000
#: Rows fetched per round trip while loading (a million rows as Python tuples at once would take gigabytes).
LOAD_CHUNK = 50_000
#: Filter masks kept per snapshot (each is one bit per incident).
MASK_MEMO = 256
_generations = itertools.count(1)
RANKED = ("category", "place", "admin1", "country", "perpetrator", "attribution")
SORT_KEYS = {
    "date": "date_start",
    "category": "category",
    "place": "place",
    "admin1": "admin1",
    "country": "country",
    "perpetrator": "perpetrator",
    "attribution": "attribution",
    "killed": "killed",
    "injured": "injured",
    "reports": "n_mentions",
    "sources": "n_sources",
    "updated": "updated_at",
}


def version(session: Session) -> tuple[Any, ...]:
    """Changes whenever incidents are added or refreshed (``updated_at``) or reviewed (the audit log).

    Two index look-ups, no scan: cheap enough to run before every request.
    """
    last = session.scalar(select(func.max(IncidentRow.updated_at)))
    review = session.scalar(select(func.max(OverrideRow.id)))
    return (str(last), review)


@dataclass
class Snapshot:
    table: pa.Table
    weapon_rows: pa.Array  # row index of each (incident, weapon) pair
    weapon_names: pa.Array
    lower: dict[str, pa.Array]
    weapon_mask: dict[str, pa.Array]
    coded: dict[str, pa.Array]
    weapon_coded: pa.Array
    orders: dict[str, pa.Array] = field(default_factory=dict)
    #: Masks already computed, by condition and by whole filter: a dashboard asks the same few again and again.
    masks: dict[Any, pa.Array] = field(default_factory=dict)
    #: Numbers the snapshots of a process in load order: a response computed from one can be cached under it.
    generation: int = field(default_factory=lambda: next(_generations))


TYPES: dict[str, pa.DataType] = {
    "date_start": pa.date32(),
    "date_end": pa.date32(),
    "date": pa.date32(),
    "lat": pa.float64(),
    "lon": pa.float64(),
    "killed": pa.int64(),
    "injured": pa.int64(),
    "n_mentions": pa.int64(),
    "n_sources": pa.int64(),
}


def _column(values: tuple[Any, ...] | list[Any], name: str) -> pa.Array:
    """Driver values -> Arrow; SQLite hands dates over as ISO strings, which Arrow parses."""
    target = TYPES.get(name, pa.string())
    arr = pa.array(values) if values else pa.array([], type=target)
    if arr.type == pa.null():
        return pa.nulls(len(arr), target)
    if name == "updated_at":  # a string (SQLite) or a timestamp (PostgreSQL): either sorts right
        return arr
    return arr if arr.type == target else arr.cast(target)


def _load(session: Session) -> Snapshot:
    # Raw driver SQL (no ORM row objects for 100,000 rows), streamed in chunks (a server-side cursor on
    # PostgreSQL): neither the driver nor Python ever holds all the rows at once.
    conn = session.connection().execution_options(stream_results=True, max_row_buffer=LOAD_CHUNK)
    result = conn.exec_driver_sql(f"SELECT {', '.join(COLUMNS)} FROM incidents")
    parts: list[pa.Table] = []
    while rows := result.fetchmany(LOAD_CHUNK):
        columns = list(zip(*rows, strict=True))
        parts.append(pa.table({c: _column(columns[i], c) for i, c in enumerate(COLUMNS)}))
    if not parts:
        parts.append(pa.table({c: _column((), c) for c in COLUMNS}))
    table = pa.concat_tables(parts, promote_options="permissive") if len(parts) > 1 else parts[0]
    # Rows ordered by id: a stable sort on one key then breaks ties by id, as the SQL does.
    table = table.take(pc.sort_indices(table, sort_keys=[("id", "ascending")])).combine_chunks()
    for col in RANKED:
        # strings sort slowly; a dense integer rank (null where the value is null) sorts the same
        rank = pc.rank(table[col], sort_keys="ascending", tiebreaker="dense")
        table = table.append_column(f"{col}__rank", pc.if_else(pc.is_valid(table[col]), rank, None))
    pair_parts: list[tuple[pa.Array, pa.Array]] = []
    result = conn.exec_driver_sql("SELECT incident_id, weapon FROM incident_weapons")
    while pairs := result.fetchmany(LOAD_CHUNK * 2):
        pair_parts.append((pa.array([p[0] for p in pairs], type=pa.string()),
                           pa.array([p[1] for p in pairs], type=pa.string())))
    pair_ids = pa.concat_arrays([a for a, _ in pair_parts]) if pair_parts else pa.array([], pa.string())
    pair_weapons = pa.concat_arrays([b for _, b in pair_parts]) if pair_parts else pa.array([], pa.string())
    position = pc.index_in(pair_ids, value_set=_flat(table["id"]))
    known = pc.is_valid(position)
    weapon_rows = pc.filter(position, known).cast(pa.int64())
    weapon_names = pc.filter(pair_weapons, known)
    w_names = set(weapon_names.to_pylist())
    every_row = pa.array(range(table.num_rows), type=pa.int64())
    weapon_mask: dict[str, pa.Array] = {}
    for w in w_names | set(WEAPONS):
        with_w = pc.filter(weapon_rows, pc.equal(weapon_names, w))
        weapon_mask[w] = pc.is_in(every_row, value_set=with_w)
    lower = {c: pc.utf8_lower(table[c]) for c in ("admin1", "place", "perpetrator")}
    # dictionary-encoded copies group several times faster than plain strings
    coded = {c: _flat(pc.dictionary_encode(table[c])) for c in ("week", "month", "category", "perpetrator", "country")}
    coded["day"] = _flat(table["date_start"])
    weapon_coded = _flat(pc.dictionary_encode(weapon_names))
    return Snapshot(table, weapon_rows, weapon_names, lower, weapon_mask, coded, weapon_coded)


def _first_hits(order: pa.Array, mask: pa.Array, wanted: int) -> pa.Array:
    """The first ``wanted`` positions of ``order`` whose row matches: read in growing chunks, so a page near
    the top of a large table costs a few thousand look-ups instead of a pass over every row."""
    found: list[pa.Array] = []
    count, start, step = 0, 0, max(4096, 4 * wanted)
    while count < wanted and start < len(order):
        chunk = order[start : start + step]
        hits = chunk.take(pc.indices_nonzero(mask.take(chunk)))
        found.append(hits)
        count += len(hits)
        start, step = start + step, step * 4
    if not found:
        return order[:0]
    return pa.concat_arrays(found)[:wanted]


def _remember(memo: dict[Any, pa.Array], key: Any, value: pa.Array) -> None:
    if len(memo) >= MASK_MEMO:
        memo.clear()  # a crude bound: a snapshot lives until the data changes, and filters repeat
    memo[key] = value


def _memo(snap: Snapshot, key: Any, compute: Callable[[], Any]) -> pa.Array:
    hit = snap.masks.get(key)
    if hit is None:
        hit = _flat(pc.fill_null(compute(), False))
        _remember(snap.masks, key, hit)
    return hit


def _equal(snap: Snapshot, column: str, value: str, negate: bool = False, lower: bool = False) -> pa.Array:
    """Rows whose ``column`` (lower-cased with ``lower``) equals ``value``, or differs with ``negate``."""
    values = snap.lower[column] if lower else snap.table[column]
    compare = pc.not_equal if negate else pc.equal
    return _memo(snap, ("eq", column, value, negate, lower), lambda: compare(values, value))


def _has_coords(snap: Snapshot) -> pa.Array:
    t = snap.table
    return _memo(snap, ("coords",), lambda: pc.and_(pc.is_valid(t["lat"]), pc.is_valid(t["lon"])))


def _any_of(snap: Snapshot, column: str, values: list[str]) -> pa.Array:
    out = _equal(snap, column, values[0])
    for v in values[1:]:
        out = pc.or_(out, _equal(snap, column, v))
    return out


def _flat(a: Any) -> pa.Array:
    return a.combine_chunks() if isinstance(a, pa.ChunkedArray) else a


class IncidentIndex:
    """The columnar copy, kept current by ``refresh``; one per application.

    A small database is reloaded in the request that notices a change. From
    ``background_rows`` incidents up, a change made by another process (an
    ingest, the feed watcher) is reloaded in a background thread while requests
    go on with the previous copy, so no request stalls for the reload; changes
    made through this server's own review endpoints (``invalidate``) are always
    reloaded before the next answer.
    """

    def __init__(
        self,
        sessions: Callable[[], AbstractContextManager[Session]] | None = None,
        background_rows: int = BACKGROUND_ROWS,
    ) -> None:
        self._lock = threading.Lock()
        self._version: tuple[Any, ...] | None = None
        self._snap: Snapshot | None = None
        self._stale = False
        self._loading = False
        self._sessions = sessions
        self.background_rows = background_rows

    def invalidate(self) -> None:
        """This server changed the data: reload before answering again."""
        self._stale = True

    def refresh(self, session: Session) -> Snapshot:
        return self.current(session)[0]

    def current(self, session: Session) -> tuple[Snapshot, tuple[Any, ...]]:
        """The snapshot to answer from and the version probe read just now."""
        v = version(session)
        return self._refreshed(session, v), v

    def _refreshed(self, session: Session, v: tuple[Any, ...]) -> Snapshot:
        snap = self._snap
        if snap is not None and v == self._version and not self._stale:
            return snap
        if (
            snap is not None
            and not self._stale
            and self._sessions is not None
            and snap.table.num_rows >= self.background_rows
        ):
            self._reload_in_background()
            return snap
        with self._lock:
            if self._snap is None or self._stale or v != self._version:
                self._stale = False
                self._snap = _load(session)
                self._version = v
            return self._snap

    def _reload_in_background(self) -> None:
        with self._lock:
            if self._loading:
                return
            self._loading = True
        sessions = self._sessions
        assert sessions is not None

        def run() -> None:
            try:
                with sessions() as s:
                    v = version(s)
                    snap = _load(s)
                with self._lock:
                    if not self._stale:
                        self._snap, self._version = snap, v
            finally:
                self._loading = False

        threading.Thread(target=run, name="salvo-index-reload", daemon=True).start()

    @classmethod
    def mask(cls, snap: Snapshot, p: FilterParams) -> pa.Array:
        """Which rows match ``p`` (memoised per snapshot: the dashboard's panels ask for the same filter)."""
        key = ("filter", *(tuple(v) if isinstance(v, list) else v for v in vars(p).values()))
        hit = snap.masks.get(key)
        if hit is None:
            hit = _flat(pc.fill_null(cls._compute_mask(snap, p), False))
            _remember(snap.masks, key, hit)
        return hit

    @staticmethod
    def _compute_mask(snap: Snapshot, p: FilterParams) -> pa.Array:
        t = snap.table
        conds: list[Any] = [
            _equal(snap, "status", "merged", negate=True) if p.include_rejected else _equal(snap, "status", "active")
        ]
        if p.date_from:
            conds.append(pc.greater_equal(t["date_end"], pa.scalar(p.date_from, pa.date32())))
        if p.date_to:
            conds.append(pc.less_equal(t["date_start"], pa.scalar(p.date_to, pa.date32())))
        if p.country:
            conds.append(_any_of(snap, "country", p.country))
        if p.category:
            conds.append(_equal(snap, "category", p.category))
        if p.attribution:
            conds.append(_any_of(snap, "attribution", p.attribution))
        for col, value in (("admin1", p.admin1), ("place", p.place), ("perpetrator", p.perpetrator)):
            if value:
                conds.append(_equal(snap, col, value.lower(), lower=True))
        if p.weapon:
            any_of = None
            for w in p.weapon:
                m = snap.weapon_mask.get(w)
                if m is None:
                    m = pa.array([False] * t.num_rows, type=pa.bool_())
                any_of = m if any_of is None else pc.or_(any_of, m)
            conds.append(any_of)
        if p.min_casualties is not None and p.min_casualties > 0:
            total = pc.add(pc.fill_null(t["killed"], 0), pc.fill_null(t["injured"], 0))
            conds.append(pc.greater_equal(total, p.min_casualties))
        if p.q:
            text = pc.match_substring(t["search_text"], p.q.lower(), ignore_case=True)
            conds.append(pc.or_(pc.fill_null(text, False), pc.equal(t["id"], p.q)))
        if p.has_coords:
            conds.append(_has_coords(snap))
        out = conds[0]
        for c in conds[1:]:
            out = pc.and_(out, c)
        return out

    @staticmethod
    def order(snap: Snapshot, sort: str) -> pa.Array:
        """Row positions of the whole table in ``sort`` order (nulls last, ties by id), cached."""
        hit = snap.orders.get(sort)
        if hit is None:
            key = SORT_KEYS[sort.lstrip("-")]
            if key in RANKED:
                key = f"{key}__rank"
            direction = "descending" if sort.startswith("-") else "ascending"
            # stable sort of a table already ordered by id: ties stay in id order
            hit = pc.sort_indices(snap.table, sort_keys=[(key, direction, "at_end")])
            snap.orders[sort] = hit
        return hit

    @classmethod
    def page(cls, snap: Snapshot, mask: pa.Array, sort: str, limit: int, offset: int) -> tuple[list[str], int]:
        """Ids of one page in order, and the total matching."""
        order = cls.order(snap, sort)
        total = int(pc.sum(mask).as_py() or 0)
        rows = _first_hits(order, mask, offset + limit)[offset:]
        return snap.table["id"].take(rows).to_pylist(), total

    @classmethod
    def points(cls, snap: Snapshot, mask: pa.Array, limit: int) -> tuple[list[dict[str, Any]], int]:
        """The newest ``limit`` matching incidents as minimal map points."""
        order = cls.order(snap, "-date")
        rows = _first_hits(order, mask, limit)
        cols = [
            "id", "date", "category", "place", "admin1", "country", "lat", "lon", "killed", "injured",
            "location_precision", "attribution",
        ]
        sub = snap.table.select(cols).take(rows)
        data = {c: sub[c].to_pylist() for c in cols}
        out = [dict(zip(cols, values, strict=True)) for values in zip(*(data[c] for c in cols), strict=True)]
        return out, int(pc.sum(mask).as_py() or 0)

    @staticmethod
    def stats(snap: Snapshot, mask: pa.Array, interval: str, split: str | None) -> list[dict[str, Any]]:
        """[{period, key, count, killed, injured}] ordered by period then key; undated rows left out."""
        t = snap.table
        period = snap.coded.get(interval) or t["date_start"]
        mask = _flat(pc.and_(mask, pc.is_valid(t["date_start"])))
        if split == "weapon":
            keep = pc.array_take(mask, snap.weapon_rows)
            rows = pc.filter(snap.weapon_rows, keep)
            sub = pa.table(
                {
                    "period": period.take(rows),
                    "key": pc.filter(snap.weapon_coded, keep),
                    "killed": t["killed"].take(rows),
                    "injured": t["injured"].take(rows),
                }
            )
        else:
            key = snap.coded[split] if split else pa.nulls(t.num_rows, pa.string())
            sub = pa.table({"period": period, "key": key, "killed": t["killed"], "injured": t["injured"]})
            sub = sub.filter(mask)
        grouped = sub.group_by(["period", "key"]).aggregate(
            [("period", "count"), ("killed", "sum"), ("injured", "sum")]
        )
        periods = grouped["period"]
        if pa.types.is_date(periods.type):
            periods = periods.cast(pa.string())  # ISO days
        columns = [
            periods.cast(pa.string()).to_pylist(),
            grouped["key"].cast(pa.string()).to_pylist() if split else [None] * grouped.num_rows,
            grouped["period_count"].to_pylist(),
            pc.fill_null(grouped["killed_sum"], 0).to_pylist(),
            pc.fill_null(grouped["injured_sum"], 0).to_pylist(),
        ]
        names = ("period", "key", "count", "killed", "injured")
        out = [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]
        out.sort(key=lambda r: (r["period"], r["key"] or ""))
        return out

    @classmethod
    def undated(cls, snap: Snapshot, p: FilterParams) -> int:
        """Incidents matching every constraint of ``p`` but the dates that carry no date at all."""
        mask = cls.mask(snap, replace(p, date_from=None, date_to=None))
        return int(pc.sum(pc.and_(mask, pc.is_null(snap.table["date_start"]))).as_py() or 0)

    @staticmethod
    def date_range(snap: Snapshot) -> tuple[Any, Any, int]:
        """Earliest and latest date of the active incidents, and how many there are."""
        active = _equal(snap, "status", "active")
        dates = pc.filter(snap.table["date"], active)
        bounds = pc.min_max(dates).as_py()
        return bounds["min"], bounds["max"], int(pc.sum(active).as_py() or 0)

    @staticmethod
    def facets(snap: Snapshot, column: str, top: int = 300) -> list[str]:
        t = snap.table
        active = t.filter(pc.equal(t["status"], "active"))
        counts = pc.value_counts(active[column]).to_pylist()
        counts = [c for c in counts if c["values"]]
        counts.sort(key=lambda c: -c["counts"])
        return [c["values"] for c in counts[:top]]
