"""The API under load (issue P12's bar): 100,000 incidents, ``salvo serve --workers 2``, 10 concurrent
clients (``hey``) for 8 s on a filtered list: >= 200 requests/s, p99 < 150 ms, no errors.

Opt-in, as it holds both cores for half a minute: ``SALVO_BENCH=1 pytest tests/benchmarks/test_bench_load.py
--benchmark-enable``. The same measurement, with several runs and the load average before each, is
``python -m salvo.devtools.api_load`` (figures in docs/benchmarks.md). Needs Debian's ``hey``
(``make hey``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from salvo.devtools.api_load import BAR_P99_MS, BAR_RPS, build_db, measure

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.environ.get("SALVO_BENCH"), reason="a benchmark: set SALVO_BENCH=1 to run"),
    pytest.mark.skipif(shutil.which("hey") is None, reason="hey is not installed (apt-get install hey)"),
]


@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
def test_bench_filtered_list_under_load(benchmark: Any, tmp_path: Path, cache: bool,
                                        request: pytest.FixtureRequest) -> None:
    config = request.config
    full = config.getoption("benchmark_enable") or not config.getoption("benchmark_disable")
    n, seconds = (100_000, 8) if full else (3_000, 2)
    db = tmp_path / "load.db"
    build_db(db, n)
    report = benchmark.pedantic(measure, args=(f"sqlite:///{db}", 2, 10, seconds, 1, cache), rounds=1, iterations=1)
    run = report["runs"][0]
    benchmark.extra_info.update({k: run[k] for k in ("rps", "p50_ms", "p99_ms", "max_ms", "loadavg_1m_before")})
    assert set(run["statuses"]) == {200} and not run["errors"], run
    if full and cache:  # the bar is for the server as it runs, response cache included
        assert run["rps"] >= BAR_RPS and run["p99_ms"] < BAR_P99_MS, run
