"""A dated briefing over a period: headline figures, tempo, map points, incidents, notable incidents
with citations, the cycles of the period and the reconciliation with published tallies.

This module gathers the figures (plain data, tested on known databases); ``briefing_render`` draws
them as Markdown, HTML or PDF.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salvo.analysis.claims import claim_shares
from salvo.analysis.counts import count_incidents, undated_count
from salvo.analysis.cycles import attack_response_cycles
from salvo.analysis.reconcile import reconcile_all
from salvo.analysis.tallies import read_tallies, shipped_tallies
from salvo.store.models import ArticleRow, MentionRow
from salvo.store.queries import IncidentFilter, list_incidents

NOTABLE = 5


def _citations(session: Session, incident_id: str, limit: int = 3) -> list[dict[str, Any]]:
    """The first reports of an incident: outlet, day, url and the sentence that states it."""
    rows = session.execute(
        select(ArticleRow.outlet, ArticleRow.published, ArticleRow.url, ArticleRow.title, MentionRow.evidence)
        .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
        .where(MentionRow.incident_id == incident_id, MentionRow.superseded_at.is_(None))
        .order_by(ArticleRow.published, ArticleRow.id)
        .limit(limit)
    ).all()
    return [{"outlet": o or "unnamed outlet", "published": p.isoformat() if p else None, "url": u, "title": t,
             "sentence": e[0] if e else None} for o, p, u, t, e in rows]


def _all_incidents(session: Session, flt: IncidentFilter) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        page, cursor, _ = list_incidents(session, flt, sort="date", limit=500, cursor=cursor)
        rows.extend(page)
        if not cursor:
            return rows


def _notable(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The deadliest, then the most reported, incidents of the period."""
    def weight(r: dict[str, Any]) -> tuple[int, int, int]:
        return (r["killed"] or 0, r["injured"] or 0, r["n_sources"] or 0)

    return sorted((r for r in rows if any(weight(r))), key=weight, reverse=True)[:NOTABLE]


def build_briefing(session: Session, date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    """Every figure of the briefing for incidents dated ``date_from`` .. ``date_to``."""
    flt = IncidentFilter(date_from=date_from, date_to=date_to)
    rows = _all_incidents(session, flt)
    attacks = [r for r in rows if r["category"] == "attack"]
    strikes = [r for r in rows if r["category"] == "strike"]
    span = (date_to - date_from).days
    interval = "day" if span <= 45 else "week" if span <= 400 else "month"
    tempo = count_incidents(session, flt, interval, "category", rolling=0)  # type: ignore[arg-type]
    tallies, _ = read_tallies(shipped_tallies())
    in_period = [t for t in tallies if date_from <= t.as_of <= date_to]
    notable = _notable(rows)
    return {
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        "generated": dt.date.today().isoformat(),
        "headline": {
            "attacks": len(attacks),
            "strikes": len(strikes),
            "killed": sum(r["killed"] or 0 for r in rows),
            "injured": sum(r["injured"] or 0 for r in rows),
            "claimed_share": claim_shares(session, IncidentFilter(date_from=date_from, date_to=date_to,
                                                                  category="attack"))["share"],
            "undated_not_shown": undated_count(session, flt),
        },
        "tempo": {"interval": interval, "rows": tempo["rows"]},
        "points": [{k: r[k] for k in ("id", "category", "lat", "lon", "place", "location_precision")}
                   for r in rows if r["lat"] is not None and r["lon"] is not None],
        "incidents": rows,
        "notable": [{**r, "citations": _citations(session, r["id"])} for r in notable],
        "cycles": [c.to_json() for c in attack_response_cycles(session, flt)],
        "reconciliation": [r.to_json() for r in reconcile_all(session, in_period)],
    }
