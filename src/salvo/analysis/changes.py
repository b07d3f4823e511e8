"""What changed since a day or a run: new incidents, revised values, merges and splits, analyst actions.

Everything comes from tables the store already keeps: ``incidents.created_at``, ``field_revisions``
(every value change, with its cause and the article or override behind it), ``overrides`` (the
audit log) and ``runs`` (so ``--since run:12`` means "since run 12 started").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salvo.store.models import ArticleRow, FieldRevisionRow, IncidentRow, OverrideRow, RunRow


def resolve_since(session: Session, since: str) -> dt.datetime:
    """A moment from ``YYYY-MM-DD``, an ISO date-time, or ``run:N`` / ``N`` (when run N started)."""
    text = since.strip()
    run_id = text[4:] if text.lower().startswith("run:") else text
    if run_id.isdigit():
        if len(run_id) > 18:  # past any run id, and past what the database's integers hold
            raise ValueError(f"no run {run_id[:20]}... in this database")
        started = session.scalar(select(RunRow.started_at).where(RunRow.id == int(run_id)))
        if started is None:
            raise ValueError(f"no run {run_id} in this database")
        return started
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{since!r} is not a day (YYYY-MM-DD), a date-time, or a run (run:N)") from None


def _incident_brief(row: IncidentRow) -> dict[str, Any]:
    return {"id": row.id, "category": row.category, "date": row.date.isoformat() if row.date else None,
            "place": row.place, "country": row.country, "status": row.status, "created_at": row.created_at.isoformat()}


def _revisions(session: Session, moment: dt.datetime) -> list[dict[str, Any]]:
    query = (
        select(FieldRevisionRow, ArticleRow.url, ArticleRow.outlet, OverrideRow.author, OverrideRow.reason)
        .outerjoin(ArticleRow, ArticleRow.id == FieldRevisionRow.article_id)
        .outerjoin(OverrideRow, OverrideRow.id == FieldRevisionRow.override_id)
        .where(FieldRevisionRow.changed_at >= moment)
        .order_by(FieldRevisionRow.changed_at, FieldRevisionRow.id)
    )
    out: list[dict[str, Any]] = []
    for rev, url, outlet, author, reason in session.execute(query):
        source: dict[str, Any] = {"cause": rev.cause}
        if url or outlet:
            source.update(article_url=url, outlet=outlet)
        if author:
            source.update(author=author, reason=reason)
        out.append({"incident_id": rev.incident_id, "field": rev.field, "old": rev.old_value, "new": rev.new_value,
                    "changed_at": rev.changed_at.isoformat(), "source": source})
    return out


def _actions(session: Session, moment: dt.datetime) -> list[dict[str, Any]]:
    rows = session.scalars(select(OverrideRow).where(OverrideRow.created_at >= moment).order_by(OverrideRow.id))
    return [{"id": o.id, "action": o.action, "incident_id": o.incident_id, "field": o.field, "value": o.value,
             "other_incident_id": o.other_incident_id, "mention_id": o.mention_id, "author": o.author,
             "reason": o.reason, "at": o.created_at.isoformat()} for o in rows]


def changes_since(session: Session, since: str) -> dict[str, Any]:
    """The changes since ``since`` (see :func:`resolve_since`), grouped as an analyst reads them."""
    moment = resolve_since(session, since)
    new = session.scalars(select(IncidentRow).where(IncidentRow.created_at >= moment).order_by(IncidentRow.created_at))
    merged = session.scalars(
        select(IncidentRow).where(IncidentRow.status == "merged", IncidentRow.updated_at >= moment)
    )
    actions = _actions(session, moment)
    return {
        "since": moment.isoformat(),
        "new_incidents": [_incident_brief(r) for r in new if r.status != "merged"],
        "revised_values": [r for r in _revisions(session, moment) if r["field"] != "status"],
        "merges": [{"incident_id": r.id, "merged_into": r.merged_into, "at": r.updated_at.isoformat()} for r in merged],
        "splits": [a for a in actions if a["action"] == "split"],
        "analyst_actions": actions,
    }
