"""Claims and attribution over time: for each incident, when it was first reported, claimed and
blamed on the record, from its reports' publication days; and the share of incidents claimed.

Days are the reports' publication days (the only clock every report has), so the gaps are in whole
days: a claim published the day of the first report has a gap of 0.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, cast

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from salvo.store.models import ArticleRow, IncidentRow, MentionRow
from salvo.store.queries import IncidentFilter, apply_filter


def _gap(later: dt.date | None, first: dt.date | None) -> int | None:
    return (later - first).days if later and first else None


def incident_timelines(session: Session, flt: IncidentFilter | None = None) -> list[dict[str, Any]]:
    """Per incident: first report, first claim (and by whom), first official accusation, and the gaps."""
    flt = flt or IncidentFilter(category="attack")
    incidents = apply_filter(select(IncidentRow.id), flt).subquery()
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


def claim_shares(session: Session, flt: IncidentFilter | None = None) -> dict[str, Any]:
    """The share of incidents claimed, per month and per claiming group (incidents' resolved values)."""
    flt = flt or IncidentFilter(category="attack")
    query = cast("Select[Any]", select(IncidentRow.month, IncidentRow.attribution, IncidentRow.perpetrator))
    rows: list[Any] = list(session.execute(apply_filter(query, flt)).all())
    by_month: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_group: dict[str, int] = defaultdict(int)
    for month, attribution, perpetrator in rows:
        bucket = by_month[month or "undated"]
        bucket[1] += 1
        if attribution == "claimed":
            bucket[0] += 1
            by_group[perpetrator] += 1
    total = len(rows)
    claimed = sum(by_group.values())
    return {
        "incidents": total,
        "claimed": claimed,
        "share": round(claimed / total, 4) if total else None,
        "by_month": [{"month": m, "claimed": c, "incidents": n, "share": round(c / n, 4)}
                     for m, (c, n) in sorted(by_month.items())],
        "by_group": [{"group": g, "claimed": n, "share_of_claimed": round(n / claimed, 4)}
                     for g, n in sorted(by_group.items(), key=lambda kv: (-kv[1], kv[0]))],
    }
