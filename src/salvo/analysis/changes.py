"""What changed since a day or a run: new incidents, revised values, merges and splits, analyst actions.

Everything comes from tables the store already keeps: ``incidents.created_at``, ``field_revisions``
(every value change, with its cause and the article or override behind it), ``overrides`` (the
audit log) and ``runs`` (so ``--since run:12`` means "since run 12 started").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, aliased

from salvo.analysis.scope import Where, passes
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


#: The most entries one section lists; its total is always given (``salvo changes`` since long ago).
LIMIT = 1000


def _among(chosen: Where | None, *columns: Any) -> tuple[ColumnElement[bool], ...]:
    """The row is (no column) or one of ``columns`` names an incident the filter keeps: no
    condition at all without a filter."""
    if chosen is None:
        return ()
    return (or_(*(passes(chosen, c) for c in columns)) if columns else passes(chosen),)


def _new_incidents(session: Session, moment: dt.datetime, limit: int,
                   chosen: Where | None) -> tuple[list[dict[str, Any]], int]:
    i = IncidentRow
    where = (i.created_at >= moment, i.status != "merged", *_among(chosen))
    total = session.scalar(select(func.count()).select_from(i).where(*where)) or 0
    rows = session.execute(
        select(i.id, i.category, i.date, i.place, i.country, i.status, i.created_at)
        .where(*where).order_by(i.created_at, i.id).limit(limit)
    ).all()
    return [{"id": r.id, "category": r.category, "date": r.date.isoformat() if r.date else None, "place": r.place,
             "country": r.country, "status": r.status, "created_at": r.created_at.isoformat()} for r in rows], total


def _revisions(session: Session, moment: dt.datetime, limit: int,
               chosen: Where | None) -> tuple[list[dict[str, Any]], int]:
    r = FieldRevisionRow
    where = (r.changed_at >= moment, r.field != "status", *_among(chosen, r.incident_id))
    total = session.scalar(select(func.count()).select_from(r).where(*where)) or 0
    query = (
        select(r, ArticleRow.url, ArticleRow.outlet, OverrideRow.author, OverrideRow.reason)
        .outerjoin(ArticleRow, ArticleRow.id == r.article_id)
        .outerjoin(OverrideRow, OverrideRow.id == r.override_id)
        .where(*where)
        .order_by(r.changed_at, r.id)
        .limit(limit)
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
    return out, total


def _merges(session: Session, moment: dt.datetime, limit: int, actions: list[dict[str, Any]],
            chosen: Where | None) -> list[dict[str, Any]]:
    """An analyst's merges (from the audit log, with who and why), then the pipeline's: incidents
    marked merged since ``moment`` (into a chosen one) that no analyst action explains."""
    out = [{"incident_id": a["other_incident_id"], "merged_into": a["incident_id"], "at": a["at"], "by": "analyst",
            "author": a["author"], "reason": a["reason"]} for a in actions if a["action"] == "merge"]
    seen = {m["incident_id"] for m in out}
    i = aliased(IncidentRow)  # the filter reads the incident kept, ``incidents`` itself
    rows = session.execute(
        select(i.id, i.merged_into, i.updated_at)
        .where(i.updated_at >= moment, i.status == "merged", *_among(chosen, i.merged_into))
        .order_by(i.updated_at, i.id).limit(limit)
    ).all()
    out += [{"incident_id": r.id, "merged_into": r.merged_into, "at": r.updated_at.isoformat(), "by": "pipeline"}
            for r in rows if r.id not in seen]
    return out


def _actions(session: Session, moment: dt.datetime, limit: int, chosen: Where | None) -> list[dict[str, Any]]:
    o = OverrideRow
    on_chosen = _among(chosen, o.incident_id, o.other_incident_id)
    rows = session.scalars(select(o).where(o.created_at >= moment, *on_chosen).order_by(o.id).limit(limit))
    return [{"id": o.id, "action": o.action, "incident_id": o.incident_id, "field": o.field, "value": o.value,
             "other_incident_id": o.other_incident_id, "mention_id": o.mention_id, "author": o.author,
             "reason": o.reason, "at": o.created_at.isoformat()} for o in rows]


def changes_since(session: Session, since: str, limit: int = LIMIT, where: Where | None = None) -> dict[str, Any]:
    """The changes since ``since`` (see :func:`resolve_since`), grouped as an analyst reads them;
    with ``where``, only those of the incidents it keeps (a merge counts for the incident kept, an
    analyst action for either incident it names).

    Each section lists at most ``limit`` entries, oldest first; ``totals`` counts them all. Every
    read is one range of an index on its table's time column, so a day's changes come back at once
    however large the database.
    """
    moment = resolve_since(session, since)
    new, new_total = _new_incidents(session, moment, limit, where)
    revised, revised_total = _revisions(session, moment, limit, where)
    actions = _actions(session, moment, limit, where)
    merges = _merges(session, moment, limit, actions, where)
    splits = [a for a in actions if a["action"] == "split"]
    return {
        "since": moment.isoformat(),
        "totals": {"new_incidents": new_total, "revised_values": revised_total, "merges": len(merges),
                   "splits": len(splits), "analyst_actions": len(actions)},
        "limit": limit,
        "new_incidents": new,
        "revised_values": revised,
        "merges": merges,
        "splits": [{**a, "new_incident_id": a["other_incident_id"]} for a in splits],
        "analyst_actions": actions,
    }
