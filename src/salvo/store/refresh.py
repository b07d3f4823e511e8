"""Recomputing incidents from their mentions: resolved values, counts, search text, revisions, weapon rows.

Done for a whole set of incidents at once (one read of their mentions, one write of revisions and of
weapon rows), because ingest refreshes every incident a chunk touched.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select
from sqlalchemy.orm import Session, joinedload

from salvo.merge.score import norm
from salvo.model import INCIDENT_FIELDS, Incident
from salvo.periods import period
from salvo.store.db import core
from salvo.store.models import (
    FIELD_REVISIONS,
    INCIDENT_WEAPONS,
    INCIDENTS,
    ArticleRow,
    IncidentRow,
    MentionRow,
    OverrideRow,
    utcnow,
)
from salvo.store.resolve import RESOLVED_FIELDS, Report, resolve

#: What a mention stores of a report: every incident field of the schema.
MENTION_FIELDS = INCIDENT_FIELDS
_MENTION_COLUMNS = [getattr(MentionRow, f) for f in MENTION_FIELDS]


def mention_values(inc: Incident) -> dict[str, Any]:
    """Column values of a mention row for one reported incident."""
    values = {f: getattr(inc, f) for f in MENTION_FIELDS}
    values["weapons"] = list(inc.weapons or [])
    values["evidence"] = list(inc.evidence or [])
    values["provenance"] = dict(inc.provenance) or None
    span = period(inc.date, inc.date_precision)
    values["span_start"], values["span_end"] = span if span else (None, None)
    values["place_key"] = norm(inc.place)
    values["admin1_key"] = norm(inc.admin1)
    return values


def row_incident(m: MentionRow) -> Incident:
    return Incident(**{f: getattr(m, f) for f in MENTION_FIELDS}, provenance=dict(m.provenance or {}))


def _json_value(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.date) else v


def latest_edits(session: Session, incident_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Field edits per incident, the latest per field winning."""
    q = (
        select(OverrideRow)
        .where(OverrideRow.incident_id.in_(list(incident_ids)), OverrideRow.action == "edit")
        .order_by(OverrideRow.created_at, OverrideRow.id)
    )
    out: dict[str, dict[str, Any]] = defaultdict(dict)
    for o in session.scalars(q):
        if o.field:
            value = o.value
            if o.field == "date" and isinstance(value, str):
                value = dt.date.fromisoformat(value)
            out[o.incident_id][o.field] = value
    return out


_INCIDENT_STATE = (
    "id",
    "status",
    "merged_into",
    *RESOLVED_FIELDS,
    "date_start",
    "date_end",
    "week",
    "month",
    "first_reported",
    "last_reported",
    "n_mentions",
    "n_sources",
    "search_text",
    "updated_at",
)
_WEAPON_KEY = ("weapons", "status", "date_start", "week", "month", "killed", "injured")


def refresh_incidents(
    session: Session,
    incident_ids: Iterable[str],
    cause: str = "report",
    moved_to: dict[str, Counter[str]] | None = None,
    article_id: int | None = None,
    override_id: int | None = None,
) -> None:
    """Recompute the resolved values of these incidents from their active mentions; log changed fields.

    Reads and writes go through plain statements (one UPDATE executemany for all the incidents); ORM
    copies of these incidents held by the session are expired so they reload the new values.
    """
    ids = sorted(set(incident_ids))
    if not ids:
        return
    reports: dict[str, list[Report]] = defaultdict(list)
    outlets: dict[str, set[str]] = defaultdict(set)
    articles: dict[str, set[int]] = defaultdict(set)
    state: dict[str, dict[str, Any]] = {}
    conn = core(session)
    for k in range(0, len(ids), 500):
        part = ids[k : k + 500]
        for row in conn.execute(
            select(
                MentionRow.incident_id,
                MentionRow.article_id,
                MentionRow.created_at,
                MentionRow.position,
                *_MENTION_COLUMNS,
                ArticleRow.published,
                ArticleRow.outlet,
                ArticleRow.source_id,
            )
            .join(ArticleRow, MentionRow.article_id == ArticleRow.id)
            .where(MentionRow.incident_id.in_(part), MentionRow.superseded_at.is_(None))
            .order_by(MentionRow.id)
        ):
            inc_id = row.incident_id
            values = {f: getattr(row, f) for f in MENTION_FIELDS}
            key = f"{row.source_id}#{row.position}"
            reports[inc_id].append(Report(values, row.published, row.created_at, row.outlet, key))
            articles[inc_id].add(row.article_id)
            if row.outlet:
                outlets[inc_id].add(row.outlet)
        q = select(*(getattr(IncidentRow, c) for c in _INCIDENT_STATE)).where(IncidentRow.id.in_(part))
        state.update((r.id, r._asdict()) for r in conn.execute(q))
    edits = latest_edits(session, ids)
    now = utcnow()
    revisions: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    weapons_changed: list[tuple[dict[str, Any], bool]] = []
    for inc_id in ids:
        inc = state.get(inc_id)
        if inc is None:
            continue
        if not reports[inc_id]:
            if inc["status"] == "active":
                had = bool(inc["weapons"])
                dest = (moved_to or {}).get(inc_id)
                inc["status"] = "merged"
                inc["merged_into"] = dest.most_common(1)[0][0] if dest else None
                inc["n_mentions"] = inc["n_sources"] = 0
                inc["updated_at"] = now
                updates.append(inc)
                weapons_changed.append((inc, had))
            continue
        before = tuple(inc[c] for c in _WEAPON_KEY)
        if inc["status"] == "merged":
            inc["status"], inc["merged_into"] = "active", None
        new = resolve(reports[inc_id], edits.get(inc_id))
        for f in RESOLVED_FIELDS:
            old_v, new_v = inc[f], new[f]
            if f == "weapons":
                old_v = [w for w in (old_v or "").split(";") if w]
                inc["weapons"] = ";".join(new_v)
            else:
                inc[f] = new_v
            if old_v != new_v and not (old_v in (None, []) and new_v in (None, [])):
                revisions.append(
                    {
                        "incident_id": inc_id,
                        "field": f,
                        "old_value": _json_value(old_v),
                        "new_value": _json_value(new_v),
                        "changed_at": now,
                        "cause": cause,
                        "article_id": article_id,
                        "override_id": override_id,
                    }
                )
        _set_derived(inc, reports[inc_id], outlets[inc_id], len(articles[inc_id]))
        inc["updated_at"] = now
        updates.append(inc)
        if tuple(inc[c] for c in _WEAPON_KEY) != before:
            weapons_changed.append((inc, bool(before[0])))
    if updates:
        t = INCIDENTS
        conn.execute(
            t.update().where(t.c.id == bindparam("_id")),
            [{"_id": u["id"], **{c: u[c] for c in _INCIDENT_STATE if c != "id"}} for u in updates],
        )
        _expire(session, {u["id"] for u in updates})
    if revisions:
        conn.execute(insert(FIELD_REVISIONS), revisions)
    _sync_weapon_rows(conn, weapons_changed)


def _expire(session: Session, ids: set[str]) -> None:
    for obj in list(session.identity_map.values()):
        if isinstance(obj, IncidentRow) and obj.id in ids:
            session.expire(obj)


def _set_derived(inc: dict[str, Any], reports: list[Report], outlets: set[str], n_articles: int) -> None:
    """Date bounds and buckets, report dates and counts, and the search text, from the resolved values."""
    span = period(inc["date"], inc["date_precision"])
    inc["date_start"], inc["date_end"] = span if span else (None, None)
    if span:
        monday = span[0] - dt.timedelta(days=span[0].weekday())
        inc["week"], inc["month"] = monday.isoformat(), span[0].strftime("%Y-%m")
    else:
        inc["week"] = inc["month"] = None
    pubs = [r.published for r in reports if r.published]
    inc["first_reported"] = min(pubs) if pubs else None
    inc["last_reported"] = max(pubs) if pubs else None
    inc["n_mentions"] = len(reports)
    inc["n_sources"] = n_articles
    inc["search_text"] = " ".join(
        sorted(
            {
                str(x).lower()
                for r in reports
                for x in (
                    r.values.get("place"),
                    r.values.get("admin1"),
                    r.values.get("perpetrator"),
                    r.values.get("target"),
                )
                if x
            }
            | {o.lower() for o in outlets}
        )
    )


def _weapon_rows(inc: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "incident_id": inc["id"],
            "weapon": w,
            "status": inc["status"],
            "date_start": inc["date_start"],
            "week": inc["week"],
            "month": inc["month"],
            "killed": inc["killed"],
            "injured": inc["injured"],
        }
        for w in (inc["weapons"] or "").split(";")
        if w
    ]


def _sync_weapon_rows(conn: Connection, incidents: list[tuple[dict[str, Any], bool]]) -> None:
    """Rewrite the weapon rows of these (incident values, had rows before) pairs in two statements."""
    t = INCIDENT_WEAPONS
    stale = [inc["id"] for inc, had in incidents if had]
    for k in range(0, len(stale), 500):
        conn.execute(delete(t).where(t.c.incident_id.in_(stale[k : k + 500])))
    rows = [r for inc, _ in incidents for r in _weapon_rows(inc)]
    if rows:
        conn.execute(insert(t), rows)


def sync_weapons(session: Session, inc: IncidentRow, had_rows: bool = True) -> None:
    """Rewrite the incident's weapon rows with the values stats read from them."""
    _sync_weapon_rows(core(session), [({c: getattr(inc, c) for c in ("id", *_WEAPON_KEY)}, had_rows)])


def active_mentions(session: Session, incident_id: str) -> list[MentionRow]:
    q = (
        select(MentionRow)
        .options(joinedload(MentionRow.article))
        .where(MentionRow.incident_id == incident_id, MentionRow.superseded_at.is_(None))
        .order_by(MentionRow.id)
    )
    return list(session.scalars(q))
