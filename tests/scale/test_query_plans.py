"""PostgreSQL at volume: the API's filtered incident list and its stats are served by indexes.

A small synthetic database (``salvo bench synth``'s generator) is enough to read the plans: with
sequential scans priced out (``enable_seqscan = off``) a query that no index can serve still shows a
``Seq Scan``; one that an index serves shows an index (or index-only / bitmap) scan instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event

from salvo.api.synth import generate
from salvo.store import open_store
from salvo.store.queries import IncidentFilter, list_incidents, stats

from .helpers import fresh_pg, pg_available

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_store() -> Iterator[Any]:
    if not pg_available():
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not reachable")
    with fresh_pg() as url:
        store = open_store(url)
        generate(store, 3000, reports=2)
        with store.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
        yield store
        store.close()


def _plans(store: Any, run: Any) -> list[str]:
    """Run ``run(session)`` and EXPLAIN each SELECT it sent on incidents tables, seq scans priced out."""
    sent: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, params: Any, _ctx: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "incident" in statement:
            sent.append((statement, params))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        with store.sessions() as session:
            run(session)
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    plans = []
    with store.engine.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")
        for statement, params in sent:
            rows = conn.exec_driver_sql("EXPLAIN " + statement, params).all()
            plans.append("\n".join(r[0] for r in rows))
    assert plans, "no statement was captured"
    return plans


FILTERS = [
    IncidentFilter(),
    IncidentFilter(country="IQ"),
    IncidentFilter(category="attack", date_from=dt.date(2023, 10, 1), date_to=dt.date(2024, 3, 1)),
    IncidentFilter(country="SY", min_killed=1),
]


@pytest.mark.parametrize("flt", FILTERS, ids=["all", "country", "category+dates", "country+killed"])
def test_filtered_list_uses_indexes(pg_store: Any, flt: IncidentFilter) -> None:
    for plan in _plans(pg_store, lambda s: list_incidents(s, flt, sort="-date", limit=50)):
        assert "Seq Scan" not in plan, plan


@pytest.mark.parametrize(
    ("interval", "split"), [("month", None), ("week", "category"), ("month", "weapon"), ("day", None)]
)
def test_stats_use_indexes(pg_store: Any, interval: str, split: str | None) -> None:
    flt = IncidentFilter(date_from=dt.date(2022, 1, 1))
    for plan in _plans(pg_store, lambda s: stats(s, flt, interval=interval, split=split)):  # type: ignore[arg-type]
        assert "Seq Scan" not in plan, plan
