"""Read side of the store, shared by the CLI, exports and the REST API.

Filters use denormalised, indexed incident columns (date bounds, country, admin1, category, perpetrator,
attribution, counts) and the ``incident_weapons`` link table, so lists and stats stay fast at 100,000
incidents. Rows are plain dicts ready for JSON.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Date, DateTime, Select, String, cast, func, or_, select
from sqlalchemy.orm import Session

from salvo.model import INCIDENT_FIELDS, PROVENANCE_OF
from salvo.store.models import (
    ArticleRow,
    FieldRevisionRow,
    IncidentRow,
    IncidentWeaponRow,
    MentionRow,
    OverrideRow,
)


@dataclass
class IncidentFilter:
    """Incident list filters; ``None`` means no constraint.

    Names (admin1, place, perpetrator) match exactly; ``q`` searches case-insensitively.
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    place: str | None = None
    category: str | None = None
    weapon: str | None = None
    perpetrator: str | None = None
    attribution: str | None = None
    min_killed: int | None = None
    min_injured: int | None = None
    q: str | None = None
    status: str | None = "active"  # "any" for all; rejected ones are hidden by default


#: The longest period an incident's date stands for (its coarsest precision, a year).
LONGEST_SPAN = dt.timedelta(days=366)


def period_bounds(value: str) -> tuple[dt.date, dt.date]:
    """First and last day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: filters accept a year or a month."""
    text = value.strip()
    try:
        if len(text) == 4 and text.isdigit():
            year = int(text)
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if len(text) == 7 and text[4] == "-":
            start = dt.date(int(text[:4]), int(text[5:]), 1)
            following = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
            return start, following - dt.timedelta(days=1)
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{value!r} is not a year, month or day (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return day, day


INCIDENT_COLUMNS = (
    "id",
    "status",
    "confirmed",
    "category",
    "date",
    "date_precision",
    "place",
    "admin1",
    "country",
    "lat",
    "lon",
    "location_precision",
    "weapons",
    "projectiles",
    "perpetrator",
    "attribution",
    "target",
    "killed",
    "injured",
    "intercepted",
    "n_mentions",
    "n_sources",
    "first_reported",
    "last_reported",
    "merged_into",
    "updated_at",
)
_SORTS = {
    "date": IncidentRow.date_start,
    "killed": IncidentRow.killed,
    "injured": IncidentRow.injured,
    "updated": IncidentRow.updated_at,
    "sources": IncidentRow.n_sources,
    "id": IncidentRow.id,
}


def _jsonable(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.date | dt.datetime) else v


def incident_dict(inc: IncidentRow) -> dict[str, Any]:
    out = {c: _jsonable(getattr(inc, c)) for c in INCIDENT_COLUMNS}
    out["weapons"] = [w for w in (inc.weapons or "").split(";") if w]
    return out


def incident_dicts(session: Session, ids: list[str]) -> list[dict[str, Any]]:
    """The rows of ``ids``, in that order, as ``incident_dict`` gives them; read as plain columns (no ORM
    objects), which makes a page of 50 several times cheaper to fetch."""
    table = IncidentRow.__table__
    if not ids:
        return []
    found = {}
    for r in session.execute(select(*(table.c[c] for c in INCIDENT_COLUMNS)).where(table.c.id.in_(ids))):
        out = dict(zip(INCIDENT_COLUMNS, r, strict=True))
        for c in _DATED:
            if out[c] is not None:
                out[c] = out[c].isoformat()
        out["weapons"] = [w for w in (out["weapons"] or "").split(";") if w]
        found[out["id"]] = out
    return [found[i] for i in ids if i in found]


#: The date and time columns of ``INCIDENT_COLUMNS``: written as ISO text, as ``_jsonable`` does.
_DATED = tuple(c for c in INCIDENT_COLUMNS if isinstance(IncidentRow.__table__.c[c].type, Date | DateTime))


def apply_filter(q: Select[Any], flt: IncidentFilter) -> Select[Any]:
    if flt.status and flt.status != "any":
        q = q.where(IncidentRow.status == flt.status)
    if flt.date_from:  # the start's bound adds nothing but lets the date indexes read only the window
        q = q.where(IncidentRow.date_end >= flt.date_from, IncidentRow.date_start >= flt.date_from - LONGEST_SPAN)
    if flt.date_to:
        q = q.where(IncidentRow.date_start <= flt.date_to)
    if flt.country:
        q = q.where(IncidentRow.country == flt.country.upper())
    if flt.category:
        q = q.where(IncidentRow.category == flt.category)
    if flt.attribution:
        q = q.where(IncidentRow.attribution == flt.attribution)
    for col, value in (
        (IncidentRow.admin1, flt.admin1),
        (IncidentRow.place, flt.place),
        (IncidentRow.perpetrator, flt.perpetrator),
    ):
        if value:  # exact (indexed) match on the canonical name, as shown in lists
            q = q.where(col == value)
    if flt.weapon:
        q = q.where(
            IncidentRow.id.in_(select(IncidentWeaponRow.incident_id).where(IncidentWeaponRow.weapon == flt.weapon))
        )
    if flt.min_killed is not None:
        q = q.where(IncidentRow.killed >= flt.min_killed)
    if flt.min_injured is not None:
        q = q.where(IncidentRow.injured >= flt.min_injured)
    if flt.q:
        like = f"%{flt.q.lower()}%"
        q = q.where(or_(IncidentRow.search_text.like(like), IncidentRow.id == flt.q))
    return q


def encode_cursor(offset: int, sort: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset, "s": sort}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> int:
    """The offset a cursor stands for; a cursor made for another sort order is refused."""
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if data.get("s") != sort:
            raise ValueError(f"this cursor belongs to sort={data.get('s')!r}, not {sort!r}")
        return max(0, int(data["o"]))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"invalid cursor {cursor!r}: {exc}") from None


def page(
    session: Session,
    where: Callable[[Select[Any]], Select[Any]],
    sorts: dict[str, Any],
    sort: str,
    limit: int,
    offset: int,
    cursor: str | None,
) -> tuple[list[dict[str, Any]], str | None, int]:
    """One page of incidents under a filter ``where``: (rows, next cursor or None, total matching).

    Shared by the CLI's filters and the API's richer ones; ``sorts`` maps sort keys to columns.
    """
    key = sort.lstrip("-")
    if key not in sorts:
        raise ValueError(f"cannot sort by {sort!r}; use one of {', '.join(sorts)}")
    if cursor:
        offset = decode_cursor(cursor, sort)
    col = sorts[key]
    order = [col.desc().nulls_last() if sort.startswith("-") else col.asc().nulls_last(), IncidentRow.id]
    total = session.scalar(where(select(func.count()).select_from(IncidentRow))) or 0
    rows = session.scalars(where(select(IncidentRow)).order_by(*order).limit(limit).offset(offset))
    out = [incident_dict(r) for r in rows]
    nxt = encode_cursor(offset + limit, sort) if offset + limit < total else None
    return out, nxt, total


def list_incidents(
    session: Session,
    flt: IncidentFilter | None = None,
    sort: str = "-date",
    limit: int = 50,
    offset: int = 0,
    cursor: str | None = None,
) -> tuple[list[dict[str, Any]], str | None, int]:
    """A page of incidents: (rows, cursor of the next page or None, total matching).

    ``sort``: ``date``, ``killed``, ``injured``, ``updated``, ``sources`` or ``id``, ``-`` for descending.
    """
    chosen = flt or IncidentFilter()
    return page(session, lambda query: apply_filter(query, chosen), _SORTS, sort, limit, offset, cursor)


def mention_dict(m: MentionRow, article: ArticleRow | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "mention_id": m.id,
        "incident_id": m.incident_id,
        "position": m.position,
        "superseded": m.superseded_at is not None,
        "pinned_incident_id": m.pinned_incident_id,
    }
    for f in INCIDENT_FIELDS:
        out[f] = _jsonable(getattr(m, f))
    out["provenance"] = dict(m.provenance or {})
    if article is not None:
        out["article"] = article_summary(article)
    return out


def article_summary(a: ArticleRow) -> dict[str, Any]:
    return {
        "id": a.id,
        "source_id": a.source_id,
        "title": a.title,
        "outlet": a.outlet,
        "url": a.url,
        "published": _jsonable(a.published),
        "ingested_at": _jsonable(a.ingested_at),
    }


def get_incident(session: Session, incident_id: str, superseded: bool = False) -> dict[str, Any] | None:
    """One incident with its mentions (evidence, sources), reported values per field, revisions, overrides.

    A merged-away id answers with the incident it was merged into (``redirected_from`` set).
    """
    inc = session.get(IncidentRow, incident_id)
    redirected = None
    seen = set()
    while inc is not None and inc.status == "merged" and inc.merged_into and inc.id not in seen:
        seen.add(inc.id)
        redirected = redirected or inc.id
        inc = session.get(IncidentRow, inc.merged_into)
    if inc is None:
        return None
    out = incident_dict(inc)
    if redirected:
        out["redirected_from"] = redirected
    q = (
        select(MentionRow, ArticleRow)
        .join(ArticleRow, MentionRow.article_id == ArticleRow.id)
        .where(MentionRow.incident_id == inc.id)
        .order_by(ArticleRow.published, MentionRow.id)
    )
    if not superseded:
        q = q.where(MentionRow.superseded_at.is_(None))
    mentions = [mention_dict(m, a) for m, a in session.execute(q)]
    out["mentions"] = mentions
    out["sources"] = sorted({(m["article"]["outlet"] or "", m["article"]["url"] or "") for m in mentions})
    out["sources"] = [{"outlet": o or None, "url": u or None} for o, u in out["sources"]]
    values: dict[str, list[dict[str, Any]]] = {}
    for m in mentions:
        if m["superseded"]:
            continue
        for f in (
            "date",
            "weapons",
            "projectiles",
            "place",
            "perpetrator",
            "attribution",
            "killed",
            "injured",
        ):
            if m[f] not in (None, []):
                values.setdefault(f, []).append(
                    {
                        "value": m[f],
                        "article_id": m["article"]["id"],
                        "outlet": m["article"]["outlet"],
                        "published": m["article"]["published"],
                        "ingested_at": m["article"]["ingested_at"],
                    }
                )
    out["reported_values"] = values
    out["provenance"] = value_sources(out, mentions)
    out["revisions"] = field_history(session, inc.id)
    out["overrides"] = [
        override_dict(o)
        for o in session.scalars(
            select(OverrideRow)
            .where(OverrideRow.incident_id == inc.id)
            .order_by(OverrideRow.created_at, OverrideRow.id)
        )
    ]
    return out


def value_sources(inc: dict[str, Any], mentions: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per field, the sentence its current value was read from: the first active report that gives
    that value and recorded where (an analyst's edit, or a value no report gave, has none)."""
    out: dict[str, dict[str, Any]] = {}
    for name, key in PROVENANCE_OF.items():
        if inc.get(name) in (None, []):
            continue
        for m in mentions:
            entry = (m.get("provenance") or {}).get(key)
            if entry and not m["superseded"] and _same_value(m.get(name), inc.get(name)):
                out[name] = {**entry, "mention_id": m["mention_id"], "article_id": m["article"]["id"]}
                break
    return out


def _same_value(a: Any, b: Any) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return sorted(a) == sorted(b)
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) < 1e-6
    return bool(a == b)


def field_history(session: Session, incident_id: str, field: str | None = None) -> list[dict[str, Any]]:
    """How the resolved value of each field (or one field) changed over time, and why."""
    q = select(FieldRevisionRow).where(FieldRevisionRow.incident_id == incident_id)
    if field:
        q = q.where(FieldRevisionRow.field == field)
    return [
        {
            "field": r.field,
            "old": r.old_value,
            "new": r.new_value,
            "at": _jsonable(r.changed_at),
            "cause": r.cause,
            "article_id": r.article_id,
            "override_id": r.override_id,
        }
        for r in session.scalars(q.order_by(FieldRevisionRow.changed_at, FieldRevisionRow.id))
    ]


def override_dict(o: OverrideRow) -> dict[str, Any]:
    return {
        "id": o.id,
        "action": o.action,
        "incident_id": o.incident_id,
        "field": o.field,
        "value": o.value,
        "other_incident_id": o.other_incident_id,
        "mention_id": o.mention_id,
        "author": o.author,
        "reason": o.reason,
        "at": _jsonable(o.created_at),
    }


def audit_log(session: Session, incident_id: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
    q = select(OverrideRow).order_by(OverrideRow.created_at.desc(), OverrideRow.id.desc()).limit(limit)
    if incident_id:
        q = q.where(or_(OverrideRow.incident_id == incident_id, OverrideRow.other_incident_id == incident_id))
    return [override_dict(o) for o in session.scalars(q)]


def get_article(session: Session, article_id: int | str) -> dict[str, Any] | None:
    """One stored article (by numeric id, or the input's own id) with its text and the incidents in it."""
    a: ArticleRow | None = None
    if isinstance(article_id, int) or str(article_id).isdigit():
        a = session.get(ArticleRow, int(article_id))
    if a is None:
        a = session.scalar(select(ArticleRow).where(ArticleRow.source_id == str(article_id)).limit(1))
    if a is None:
        return None
    out = article_summary(a)
    out["text"], out["language"], out["version"] = a.text, a.language, a.version
    ms = session.scalars(
        select(MentionRow)
        .where(MentionRow.article_id == a.id, MentionRow.superseded_at.is_(None))
        .order_by(MentionRow.position)
    )
    out["incidents"] = [mention_dict(m) for m in ms]
    return out


Interval = Literal["day", "week", "month"]
Split = Literal["category", "weapon", "perpetrator", "country"]


def _period_label(col: Any) -> Any:
    """The period as text straight from the database (days too: no date parsing and formatting per row)."""
    return cast(col, String) if col.type.python_type is dt.date else col


def stats_query(where: Callable[[Select[Any]], Select[Any]], interval: Interval, split: Split | None) -> Select[Any]:
    """Counts per period (and split value) under a filter ``where``: rows (period, [key,] incidents,
    killed, injured), undated incidents left out. Shared by the CLI's filters and the API's richer ones."""
    period_col = {"day": IncidentRow.date_start, "week": IncidentRow.week, "month": IncidentRow.month}[interval]
    cols: list[Any] = [_period_label(period_col).label("period")]
    group: list[Any] = [period_col]
    if split == "weapon":
        cols.append(IncidentWeaponRow.weapon.label("key"))
        group.append(IncidentWeaponRow.weapon)
    elif split is not None:
        split_col = {
            "category": IncidentRow.category,
            "perpetrator": IncidentRow.perpetrator,
            "country": IncidentRow.country,
        }[split]
        cols.append(split_col.label("key"))
        group.append(split_col)
    q = select(
        *cols,
        func.count().label("incidents"),
        func.coalesce(func.sum(IncidentRow.killed), 0),
        func.coalesce(func.sum(IncidentRow.injured), 0),
    ).select_from(IncidentRow)
    if split == "weapon":
        q = q.join(IncidentWeaponRow, IncidentWeaponRow.incident_id == IncidentRow.id)
    return where(q).where(IncidentRow.date_start.is_not(None)).group_by(*group).order_by(*group)


def _stats_query(flt: IncidentFilter, interval: Interval, split: Split | None) -> Select[Any]:
    return stats_query(lambda query: apply_filter(query, flt), interval, split)


def stats(
    session: Session,
    flt: IncidentFilter | None = None,
    interval: Interval = "month",
    split: Split | None = None,
) -> list[dict[str, Any]]:
    """Counts of incidents and casualties per period (and per split value): [{period, key, incidents, killed,
    injured}], ordered by period. Undated incidents are left out."""
    flt = flt or IncidentFilter()
    only_dates = all(
        getattr(flt, f) in (None, "")
        for f in (
            "country",
            "admin1",
            "place",
            "category",
            "perpetrator",
            "attribution",
            "min_killed",
            "min_injured",
            "q",
        )
    )
    if split == "weapon" and only_dates:  # the weapon rows carry what these stats need
        w = IncidentWeaponRow
        wperiod = {"day": w.date_start, "week": w.week, "month": w.month}[interval]
        q = select(
            _period_label(wperiod),
            w.weapon,
            func.count(),
            func.coalesce(func.sum(w.killed), 0),
            func.coalesce(func.sum(w.injured), 0),
        ).where(w.date_start.is_not(None))
        if flt.status and flt.status != "any":
            q = q.where(w.status == flt.status)
        if flt.date_from:
            q = q.where(w.date_start >= flt.date_from)
        if flt.date_to:
            q = q.where(w.date_start <= flt.date_to)
        if flt.weapon:
            q = q.where(w.weapon == flt.weapon)
        q = q.group_by(wperiod, w.weapon).order_by(wperiod, w.weapon)
    else:
        q = _stats_query(flt, interval, split)
    rows = session.connection().execute(q).all()  # plain rows: thousands of buckets for daily stats
    if split is None:
        return [{"period": p, "incidents": n, "killed": int(k), "injured": int(i)} for p, n, k, i in rows]
    return [{"period": p, "incidents": n, "killed": int(k), "injured": int(i), "key": key} for p, key, n, k, i in rows]
