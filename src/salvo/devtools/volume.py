"""``salvo bench synth``: fill a database with synthetic incidents for measuring queries at volume.

Incidents, their reports (articles and mentions) and weapon rows are written in bulk by
``salvo.api.synth.generate``, then the planner's statistics are refreshed (``ANALYZE``) so the plans
measured are those a populated database gets.
"""

from __future__ import annotations

import time
from typing import Any


def fill(url: str, incidents: int, articles: int, seed: int = 7) -> dict[str, Any]:
    """Add ``incidents`` incidents with ``articles`` reports in all (at least one each); returns figures."""
    from salvo.api.synth import generate
    from salvo.store import open_store

    reports = max(1, round(articles / max(1, incidents)))
    store = open_store(url)
    try:
        with store.engine.connect() as conn:
            start = conn.exec_driver_sql("SELECT COUNT(*) FROM incidents").scalar_one()
        began = time.perf_counter()
        generate(store, incidents, seed=seed, start=int(start), reports=reports)
        with store.engine.begin() as conn:  # committed: statistics gathered in a rolled-back transaction are lost
            conn.exec_driver_sql("ANALYZE")
        seconds = time.perf_counter() - began
    finally:
        store.close()
    return {
        "incidents": incidents,
        "articles": incidents * reports,
        "reports_per_incident": reports,
        "seconds": round(seconds, 1),
    }
