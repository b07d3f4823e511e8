"""Listing and counting incidents for the API, on top of the store's filter.

The store's ``IncidentFilter`` takes one value per field; the dashboard also
needs any-of lists (several weapons or countries), a casualty floor over
killed + injured, "has coordinates", and sorting by any table column. Those
are added here as extra conditions on the store's own ``apply_filter`` query,
so the list, the GeoJSON and the stats always agree on what a filter means.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from salvo.api.params import FilterParams
from salvo.store import queries
from salvo.store.models import ArticleRow, IncidentRow, IncidentWeaponRow, MentionRow
from salvo.store.queries import Interval

SORT_COLUMNS: dict[str, Any] = {
    "date": IncidentRow.date_start,
    "category": IncidentRow.category,
    "place": IncidentRow.place,
    "admin1": IncidentRow.admin1,
    "country": IncidentRow.country,
    "perpetrator": IncidentRow.perpetrator,
    "attribution": IncidentRow.attribution,
    "killed": IncidentRow.killed,
    "injured": IncidentRow.injured,
    "reports": IncidentRow.n_mentions,
    "sources": IncidentRow.n_sources,
    "updated": IncidentRow.updated_at,
}


def _single(values: list[str]) -> str | None:
    return values[0] if len(values) == 1 else None


def store_filter(p: FilterParams) -> queries.IncidentFilter:
    """The part of the filter the store's ``IncidentFilter`` expresses itself."""
    return queries.IncidentFilter(
        date_from=p.date_from,
        date_to=p.date_to,
        country=_single(p.country),
        category=p.category,
        weapon=_single(p.weapon),
        attribution=_single(p.attribution),
        q=p.q,
        status="any" if p.include_rejected else "active",
    )


def extra_conditions(p: FilterParams) -> list[ColumnElement[bool]]:
    """What the store's filter does not express: any-of lists, casualty floor, coordinates, and
    case-insensitive names."""
    out: list[ColumnElement[bool]] = []
    # names match case-insensitively, so a typed "anbar" finds "Anbar"
    for col, value in (
        (IncidentRow.admin1, p.admin1),
        (IncidentRow.place, p.place),
        (IncidentRow.perpetrator, p.perpetrator),
    ):
        if value:
            out.append(func.lower(col) == value.lower())
    if p.include_rejected:
        out.append(IncidentRow.status != "merged")
    if len(p.country) > 1:
        out.append(IncidentRow.country.in_(p.country))
    if len(p.weapon) > 1:
        sub = select(IncidentWeaponRow.incident_id).where(IncidentWeaponRow.weapon.in_(p.weapon))
        out.append(IncidentRow.id.in_(sub))
    if len(p.attribution) > 1:
        out.append(IncidentRow.attribution.in_(p.attribution))
    if p.min_casualties is not None and p.min_casualties > 0:
        total = func.coalesce(IncidentRow.killed, 0) + func.coalesce(IncidentRow.injured, 0)
        out.append(total >= p.min_casualties)
    if p.has_coords:
        out.extend([IncidentRow.lat.is_not(None), IncidentRow.lon.is_not(None)])
    if p.language:  # reported at least once in one of these languages
        reported = (
            select(MentionRow.incident_id)
            .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
            .where(ArticleRow.language.in_(p.language), MentionRow.superseded_at.is_(None))
        )
        out.append(IncidentRow.id.in_(reported))
    return out


def filtered(q: Select[Any], p: FilterParams) -> Select[Any]:
    q = queries.apply_filter(q, store_filter(p))
    extra = extra_conditions(p)
    return q.where(*extra) if extra else q


encode_cursor = queries.encode_cursor
decode_cursor = queries.decode_cursor


def list_page(
    session: Session, p: FilterParams, sort: str, limit: int, offset: int, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None, int]:
    """(rows, next cursor or None, total matching)."""
    return queries.page(session, lambda query: filtered(query, p), SORT_COLUMNS, sort, limit, offset, cursor)


def stats_rows(session: Session, p: FilterParams, interval: str, split: str | None) -> list[dict[str, Any]]:
    """[{period, key, count, killed, injured}] ordered by period, undated incidents left out: the
    store's one stats query under the API's filter."""
    q = queries.stats_query(lambda query: filtered(query, p), interval, split)  # type: ignore[arg-type]
    rows = session.connection().execute(q).all()
    if split is None:
        return [{"period": r[0], "key": None, "count": int(r[1]), "killed": int(r[2]), "injured": int(r[3])}
                for r in rows]
    return [{"period": r[0], "key": r[1], "count": int(r[2]), "killed": int(r[3]), "injured": int(r[4])}
            for r in rows]


def undated_count(session: Session, p: FilterParams) -> int:
    """Incidents matching every constraint of ``p`` but the dates that carry no date at all."""
    undated = replace(p, date_from=None, date_to=None)
    q = filtered(select(func.count()).select_from(IncidentRow), undated).where(IncidentRow.date_start.is_(None))
    return int(session.scalar(q) or 0)


def list_link(p: FilterParams, start: dt.date, end: dt.date, split: str | None = None, key: Any = None) -> str:
    """The ``/api/incidents`` query that lists the incidents behind one count."""
    return ListLinks(p, split)(start, end, key)


def _pairs(name: str, value: Any) -> list[tuple[str, str]]:
    out = []
    for v in value if isinstance(value, list) else [value]:
        if v is None or v is False or v == "":
            continue
        out.append((name, "true" if v is True else v.isoformat() if isinstance(v, dt.date) else str(v)))
    return out


class ListLinks:
    """``list_link`` for every count of one answer: the filter's fixed part is encoded once, and each count
    only adds its days and its split value (a week-by-actor answer holds thousands of counts)."""

    def __init__(self, p: FilterParams, split: str | None) -> None:
        from salvo.analysis.counts import SPLIT_FIELD

        self.field = SPLIT_FIELD[split] if split else None
        self.listed = isinstance(getattr(p, self.field), list) if self.field else False
        # each field in the filter's order: its encoded text, or None where a count puts its own value
        self.parts: list[tuple[str, str | None]] = []
        for name, value in vars(p).items():
            fixed = name in ("date_from", "date_to") or name == self.field
            self.parts.append((name, None if fixed else urlencode(_pairs(name, value))))
        self.original = getattr(p, self.field) if self.field else None
        self._encoded: dict[Any, str] = {}

    def __call__(self, start: dt.date, end: dt.date, key: Any = None) -> str:
        pieces = []
        for name, text in self.parts:
            if text is not None:
                pieces.append(text)
            elif name == "date_from":  # ISO days need no quoting
                pieces.append(f"date_from={start.isoformat()}")
            elif name == "date_to":
                pieces.append(f"date_to={end.isoformat()}")
            else:
                pieces.append(self._split_part(key))
        return f"/api/incidents?{'&'.join(x for x in pieces if x)}"

    def _split_part(self, key: Any) -> str:
        hit = self._encoded.get(key)
        if hit is None:
            value = ([key] if self.listed else key) if key is not None else self.original
            hit = self._encoded[key] = urlencode(_pairs(str(self.field), value))
        return hit


def stats_answer(rows: list[dict[str, Any]], p: FilterParams, interval: Interval, split: str | None,
                 rolling: int, undated: int) -> dict[str, Any]:
    """The stats body: each count with its days, its list and its rolling mean; the undated apart."""
    from salvo.analysis.counts import clip, period_span, rolling_means

    link = ListLinks(p, split)
    for row in rows:
        start, end = clip(period_span(row["period"], interval), p.date_from, p.date_to)
        row["date_from"], row["date_to"] = start, end
        row["list"] = link(start, end, row.get("key"))
    rolling_means(rows, rolling, interval, split, count="count")
    total = sum(r["count"] for r in rows) if split != "weapon" else None
    return {"interval": interval, "split": split, "rolling_window": rolling if rolling > 1 else None,
            "total": total, "undated": undated, "buckets": rows}
