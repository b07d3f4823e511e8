"""Analysis at volume (pytest-benchmark): ``stats``, ``reconcile``, ``changes`` and the cycles on
100,000 synthetic incidents (``salvo.api.synth``); the bar is < 200 ms at p95 each.

The suite runs these once as smoke tests under ``--benchmark-disable``, on 2,000 incidents. Measure
with ``pytest tests/benchmarks/test_bench_analysis.py --benchmark-enable`` (100,000 incidents; the
database takes a minute to build); each test records its p95 in ``extra_info``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from salvo.analysis.changes import changes_since
from salvo.analysis.counts import count_incidents
from salvo.analysis.cycles import attack_response_cycles
from salvo.analysis.reconcile import reconcile_all
from salvo.analysis.tallies import read_tallies, shipped_tallies
from salvo.api.synth import generate
from salvo.store import open_store
from salvo.store.queries import IncidentFilter

FULL = 100_000
SMOKE = 2_000


@pytest.fixture(scope="module")
def session(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    config = request.config
    disabled = config.getoption("benchmark_disable") and not config.getoption("benchmark_enable")
    n = SMOKE if disabled else FULL
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('bench-analysis') / 'synth.db'}")
    generate(store, n)
    with store.engine.begin() as conn:  # each incident first seen on its own day, as a feed would add it
        conn.exec_driver_sql("UPDATE incidents SET created_at = datetime(date_start, '+12 hours')")
    with store.session() as s:
        yield s
    store.close()


def _p95(benchmark: Any) -> None:
    stats = getattr(benchmark, "stats", None)
    data = sorted(stats.stats.data) if stats is not None else []
    if data:
        benchmark.extra_info["p95_ms"] = round(data[min(len(data) - 1, int(0.95 * len(data)))] * 1000, 1)


def test_bench_stats_by_month_and_weapon_in_syria(benchmark: Any, session: Any) -> None:
    flt = IncidentFilter(country="SY", date_from=dt.date(2023, 1, 1))
    out = benchmark(count_incidents, session, flt, "month", "weapon")
    _p95(benchmark)
    assert out["rows"] and all(r["list"].startswith("/api/incidents?") for r in out["rows"])


def test_bench_stats_by_week_and_category(benchmark: Any, session: Any) -> None:
    out = benchmark(count_incidents, session, IncidentFilter(), "week", "category")
    _p95(benchmark)
    assert out["total"] == sum(r["incidents"] for r in out["rows"])


def test_bench_reconcile_the_shipped_tallies(benchmark: Any, session: Any) -> None:
    tallies, _ = read_tallies(shipped_tallies())
    out = benchmark(reconcile_all, session, tallies)
    _p95(benchmark)
    assert len(out) == len(tallies) and all(r.counted is None for r in out)


def test_bench_changes_since_yesterday(benchmark: Any, session: Any) -> None:
    from sqlalchemy import func, select

    from salvo.store.models import IncidentRow

    last = session.scalar(select(func.max(IncidentRow.created_at)))
    since = (last - dt.timedelta(days=1)).isoformat()
    out = benchmark(changes_since, session, since)
    _p95(benchmark)
    assert out["totals"]["new_incidents"] == len(out["new_incidents"]) > 0


def test_bench_cycles_of_a_month(benchmark: Any, session: Any) -> None:
    flt = IncidentFilter(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 1, 31))
    out = benchmark(attack_response_cycles, session, flt, 7, 60, 14, 0, 100)
    _p95(benchmark)
    assert out and all(c.before is not None for c in out)
