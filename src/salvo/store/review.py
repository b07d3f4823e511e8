"""Analyst review: every action is an ``overrides`` row (author, time, reason) and survives re-merging.

How each survives: confirm, merge, split and reject *pin* the mentions involved to their incident
(``mentions.pinned_incident_id``), and clustering never separates pinned mentions nor joins two pins;
a re-extracted article's new mention inherits the pin of the old mention it matches (or, reworded, of its
category's nearest); a pin no new mention takes is logged as ``orphaned``. Field edits pin too, and are
applied on top of the resolution rule every time an incident is recomputed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from salvo.errors import ReviewError
from salvo.merge import incident_id_for
from salvo.model import MAX_COUNT
from salvo.store.dbmerge import refresh_incidents, sync_weapons
from salvo.store.models import IncidentRow, MentionRow, OverrideRow, utcnow
from salvo.store.resolve import RESOLVED_FIELDS
from salvo.vocab import WEAPONS


def _incident(session: Session, incident_id: str) -> IncidentRow:
    inc = session.get(IncidentRow, incident_id)
    if inc is None:
        raise ReviewError(f"no incident {incident_id!r}")
    return inc


def _log(session: Session, action: str, incident_id: str, author: str, reason: str, **kw: Any) -> OverrideRow:
    if not author:
        raise ReviewError("an author is required")
    o = OverrideRow(
        action=action, incident_id=incident_id, author=author, reason=reason or "", created_at=utcnow(), **kw
    )
    session.add(o)
    session.flush()
    return o


def _pin_all(session: Session, incident_id: str, target: str | None = None) -> None:
    session.execute(
        update(MentionRow)
        .where(MentionRow.incident_id == incident_id, MentionRow.superseded_at.is_(None))
        .values(pinned_incident_id=target or incident_id, incident_id=target or incident_id)
    )


def confirm(session: Session, incident_id: str, author: str, reason: str = "") -> dict[str, Any]:
    """Vouch for an incident and its grouping: its mentions stay together from now on."""
    inc = _incident(session, incident_id)
    inc.confirmed = True
    _pin_all(session, incident_id)
    o = _log(session, "confirm", incident_id, author, reason)
    return {"override_id": o.id, "incident_id": incident_id}


def _coerce(field: str, value: Any) -> Any:
    if value in ("", "null", None):
        return None
    if field == "date":
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    if field in ("killed", "injured", "projectiles"):
        n = int(value)
        if not 0 <= n <= MAX_COUNT:
            raise ReviewError(f"{field} must be between 0 and {MAX_COUNT:,}")
        return n
    if field in ("lat", "lon"):
        return float(value)
    if field == "intercepted":
        return str(value).lower() in ("1", "true", "yes")
    if field == "weapons":
        items = value if isinstance(value, list) else [w.strip() for w in str(value).split(",") if w.strip()]
        bad = [w for w in items if w not in WEAPONS]
        if bad:
            raise ReviewError(f"unknown weapon(s) {bad}; vocabulary: {', '.join(WEAPONS)}")
        return sorted(set(items))
    if field == "category" and value not in ("attack", "strike"):
        raise ReviewError("category must be attack or strike")
    width = getattr(IncidentRow.__table__.c[field].type, "length", None) if field in IncidentRow.__table__.c else None
    if isinstance(value, str) and width is not None and len(value) > width:
        raise ReviewError(f"{field} is at most {width} characters")
    return value


def edit_field(
    session: Session, incident_id: str, field: str, value: Any, author: str, reason: str = ""
) -> dict[str, Any]:
    """Set one field's value by hand; it wins over the resolution rule until edited again. The incident's
    reports are pinned to it, so that the edit follows them when their article is re-extracted."""
    _incident(session, incident_id)
    if field not in RESOLVED_FIELDS:
        raise ReviewError(f"cannot edit {field!r}; editable: {', '.join(RESOLVED_FIELDS)}")
    try:
        coerced = _coerce(field, value)
    except (TypeError, ValueError) as exc:
        raise ReviewError(f"bad value for {field}: {value!r} ({exc})") from None
    stored = coerced.isoformat() if isinstance(coerced, dt.date) else coerced
    _pin_all(session, incident_id)
    o = _log(session, "edit", incident_id, author, reason, field=field, value=stored)
    refresh_incidents(session, [incident_id], cause="override", override_id=o.id)
    return {"override_id": o.id, "incident_id": incident_id, "field": field, "value": stored}


def merge(session: Session, incident_id: str, other_id: str, author: str, reason: str = "") -> dict[str, Any]:
    """Merge ``other_id`` into ``incident_id``: all mentions of both stay one incident from now on."""
    if incident_id == other_id:
        raise ReviewError("cannot merge an incident with itself")
    _incident(session, incident_id)
    other = _incident(session, other_id)
    _pin_all(session, incident_id)
    session.execute(
        update(MentionRow).where(MentionRow.pinned_incident_id == other_id).values(pinned_incident_id=incident_id)
    )
    _pin_all(session, other_id, target=incident_id)
    o = _log(session, "merge", incident_id, author, reason, other_incident_id=other_id)
    other.status, other.merged_into = "merged", incident_id
    other.n_mentions = other.n_sources = 0
    sync_weapons(session, other)
    refresh_incidents(session, [incident_id], cause="override", override_id=o.id)
    return {"override_id": o.id, "incident_id": incident_id, "merged": other_id}


def split(session: Session, mention_id: int, author: str, reason: str = "") -> dict[str, Any]:
    """Take one mention out of its incident into a new incident of its own; neither rejoins the other."""
    m = session.get(MentionRow, mention_id)
    if m is None or m.incident_id is None:
        raise ReviewError(f"no mention {mention_id}")
    if m.superseded_at is not None:
        raise ReviewError(f"mention {mention_id} is superseded")
    old = m.incident_id
    others = session.scalar(
        select(MentionRow.id)
        .where(MentionRow.incident_id == old, MentionRow.id != m.id, MentionRow.superseded_at.is_(None))
        .limit(1)
    )
    if others is None:
        raise ReviewError(f"mention {mention_id} is the only report of {old}; nothing to split")
    new_id = incident_id_for(f"split:{mention_id}")
    session.add(IncidentRow(id=new_id, category=m.category))
    session.flush()
    _pin_all(session, old)
    m.incident_id = m.pinned_incident_id = new_id
    o = _log(session, "split", old, author, reason, other_incident_id=new_id, mention_id=mention_id)
    refresh_incidents(session, [old, new_id], cause="override", override_id=o.id)
    return {"override_id": o.id, "incident_id": old, "new_incident_id": new_id, "mention_id": mention_id}


def reject(session: Session, incident_id: str, author: str, reason: str = "") -> dict[str, Any]:
    """Mark an incident as not a real in-scope incident; hidden from lists and exports, kept for audit."""
    inc = _incident(session, incident_id)
    inc.status = "rejected"
    sync_weapons(session, inc)
    _pin_all(session, incident_id)
    o = _log(session, "reject", incident_id, author, reason)
    return {"override_id": o.id, "incident_id": incident_id}


def restore(session: Session, incident_id: str, author: str, reason: str = "") -> dict[str, Any]:
    """Undo a rejection."""
    inc = _incident(session, incident_id)
    if inc.status != "rejected":
        raise ReviewError(f"{incident_id} is not rejected (status {inc.status})")
    inc.status = "active"
    sync_weapons(session, inc)
    o = _log(session, "restore", incident_id, author, reason)
    return {"override_id": o.id, "incident_id": incident_id}
