"""Analysts' pins through re-extraction: which new report of a changed article takes each old pin, and
the log of the pins no new report takes (see ``salvo.store.review``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from salvo.merge import is_match
from salvo.model import Incident
from salvo.store.models import MentionRow, OverrideRow
from salvo.store.refresh import row_incident


def carry_pins(
    values: list[dict[str, Any]], incidents: list[Incident], previous: list[MentionRow]
) -> list[MentionRow]:
    """An analyst's decision on the old wording carries to the matching new report; returns the pinned old
    reports no new report matches (their incident's review is orphaned).

    A pin goes first to a new report that matches it (``is_match``), then, since a reworded or undated
    report may match nothing, to the new report of its category nearest its old position. Every new report
    has a key for the pin, so that the rows insert as one statement."""
    for v in values:
        v.setdefault("pinned_incident_id", None)
    pinned = [p for p in previous if p.pinned_incident_id]
    free = list(range(len(incidents)))
    for p in list(pinned):
        n = next((n for n in free if is_match(row_incident(p), incidents[n])), None)
        if n is not None:
            values[n]["pinned_incident_id"] = p.pinned_incident_id
            free.remove(n)
            pinned.remove(p)
    for p in list(pinned):
        same = [n for n in free if incidents[n].category == p.category]
        if same:
            n = min(same, key=lambda k: abs(k - p.position))
            values[n]["pinned_incident_id"] = p.pinned_incident_id
            free.remove(n)
            pinned.remove(p)
    return pinned


def log_orphaned(session: Session, article_id: str, lost: list[MentionRow], now: dt.datetime) -> list[str]:
    """Log each incident whose reviewed report the new text no longer gives (an ``orphaned`` override,
    kept with the analyst's own overrides); the incident keeps its values and its log."""
    messages = []
    for incident_id in sorted({str(p.pinned_incident_id) for p in lost}):
        reason = f"re-extraction of article {article_id!r} no longer reports it; the review is kept"
        session.add(OverrideRow(action="orphaned", incident_id=incident_id, author="salvo", reason=reason,
                                created_at=now))
        messages.append(f"{incident_id}: analyst review orphaned: {reason}")
    return messages
