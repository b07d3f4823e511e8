"""Listing and counting incidents for the API, on top of the store's filter.

The store's ``IncidentFilter`` takes one value per field; the dashboard also
needs any-of lists (several weapons or countries), a casualty floor over
killed + injured, "has coordinates", and sorting by any table column. Those
are added here as extra conditions on the store's own ``apply_filter`` query,
so the list, the GeoJSON and the stats always agree on what a filter means.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from salvo.api.params import FilterParams
from salvo.store import queries
from salvo.store.models import ArticleRow, IncidentRow, IncidentWeaponRow, MentionRow

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
    """[{period, key, count, killed, injured}] ordered by period, undated incidents left out."""
    period_col = {"day": IncidentRow.date_start, "week": IncidentRow.week, "month": IncidentRow.month}[interval]
    cols: list[Any] = [period_col]
    group: list[Any] = [period_col]
    if split == "weapon":
        cols.append(IncidentWeaponRow.weapon)
        group.append(IncidentWeaponRow.weapon)
    elif split is not None:
        split_col = {
            "category": IncidentRow.category,
            "perpetrator": IncidentRow.perpetrator,
            "country": IncidentRow.country,
        }[split]
        cols.append(split_col)
        group.append(split_col)
    q = select(
        *cols,
        func.count(),
        func.coalesce(func.sum(IncidentRow.killed), 0),
        func.coalesce(func.sum(IncidentRow.injured), 0),
    ).select_from(IncidentRow)
    if split == "weapon":
        q = q.join(IncidentWeaponRow, IncidentWeaponRow.incident_id == IncidentRow.id)
    q = filtered(q, p).where(IncidentRow.date_start.is_not(None)).group_by(*group).order_by(*group)
    out = []
    for row in session.execute(q):
        period = row[0].isoformat() if hasattr(row[0], "isoformat") else str(row[0])
        out.append(
            {
                "period": period,
                "key": row[1] if split is not None else None,
                "count": int(row[-3]),
                "killed": int(row[-2]),
                "injured": int(row[-1]),
            }
        )
    return out
