"""Claims and attribution over time: for each incident, when it was first reported, claimed and
blamed on the record, from its reports' publication days; and the share of incidents claimed.

Days are the reports' publication days (the only clock every report has), so the gaps are in whole
days: a claim published the day of the first report has a gap of 0.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from salvo.analysis.scope import Scope, narrowing
from salvo.store.models import ArticleRow, IncidentRow, MentionRow
from salvo.store.queries import IncidentFilter


def _gap(later: dt.date | None, first: dt.date | None) -> int | None:
    return (later - first).days if later and first else None


def incident_timelines(session: Session, flt: Scope | None = None) -> list[dict[str, Any]]:
    """Per incident of ``flt`` (default: every active attack): first report, first claim (and by
    whom), first official accusation, and the gaps."""
    where = narrowing(flt or IncidentFilter(category="attack"))
    incidents = where(select(IncidentRow.id)).subquery()
    rows = session.execute(
        select(MentionRow.incident_id, MentionRow.attribution, MentionRow.perpetrator, ArticleRow.published,
               ArticleRow.outlet)
        .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
        .where(MentionRow.incident_id.in_(select(incidents.c.id)), MentionRow.superseded_at.is_(None))
    ).all()
    found: dict[str, dict[str, Any]] = {}
    for incident_id, attribution, perpetrator, published, outlet in rows:
        t = found.setdefault(str(incident_id), {"incident_id": incident_id, "first_report": None, "claim": None,
                                                "claimant": None, "claim_source": None, "accusation": None,
                                                "accused": None, "accusation_source": None})
        if published is None:
            continue
        if t["first_report"] is None or published < t["first_report"]:
            t["first_report"] = published
        for kind, who in (("claim", "claimant"), ("accusation", "accused")):
            wanted = "claimed" if kind == "claim" else "accused"
            if attribution == wanted and (t[kind] is None or published < t[kind]):
                t[kind], t[who], t[f"{kind}_source"] = published, perpetrator, outlet
    out = []
    for t in sorted(found.values(), key=lambda x: (x["first_report"] or dt.date.max, x["incident_id"])):
        t["days_to_claim"] = _gap(t["claim"], t["first_report"])
        t["days_to_accusation"] = _gap(t["accusation"], t["first_report"])
        for key in ("first_report", "claim", "accusation"):
            t[key] = t[key].isoformat() if t[key] else None
        out.append(t)
    return out


def claim_shares(session: Session, flt: Scope | None = None) -> dict[str, Any]:
    """The share of the incidents of ``flt`` (default: every active attack) claimed, per month and
    per claiming group (incidents' resolved values).

    Two aggregates the database computes along ``ix_incidents_claims``; no incident is read one by one.
    """
    where = narrowing(flt or IncidentFilter(category="attack"))
    i = IncidentRow
    claimed_flag = case((i.attribution == "claimed", 1), else_=0)
    per_month = cast("Select[Any]", select(i.month, func.count(), func.sum(claimed_flag)).select_from(i))
    per_group = cast("Select[Any]", select(i.perpetrator, func.count()).select_from(i))
    months: list[Any] = list(session.execute(where(per_month).group_by(i.month)).all())
    groups: list[Any] = list(session.execute(
        where(per_group).where(i.attribution == "claimed").group_by(i.perpetrator)).all())
    by_month = sorted((m or "undated", int(c or 0), int(n)) for m, n, c in months)
    total = sum(n for _, _, n in by_month)
    claimed = sum(c for _, c, _ in by_month)
    return {
        "incidents": total,
        "claimed": claimed,
        "share": round(claimed / total, 4) if total else None,
        "by_month": [{"month": m, "claimed": c, "incidents": n, "share": round(c / n, 4)} for m, c, n in by_month],
        "by_group": [{"group": g, "claimed": int(n), "share_of_claimed": round(n / claimed, 4)}
                     for g, n in sorted(groups, key=lambda kv: (-kv[1], kv[0]))],
    }
