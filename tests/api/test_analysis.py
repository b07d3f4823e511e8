"""The analysis endpoints over HTTP, on the demo database: the same figures as the CLI."""

from __future__ import annotations

import httpx

from salvo.analysis.reconcile import reconcile_all
from salvo.analysis.tallies import read_tallies, shipped_tallies
from salvo.api.live import LiveServer
from salvo.store import open_store


def test_reconcile_endpoint_agrees_with_the_analysis_module(server: LiveServer, demo_db: str) -> None:
    rows = httpx.get(server.url + "/api/reconcile", timeout=10).json()
    tallies, _ = read_tallies(shipped_tallies())
    store = open_store(demo_db)
    with store.session() as session:
        expected = reconcile_all(session, tallies, details=True)
    store.close()
    assert len(rows) == len(expected) == len(tallies)
    assert [r["ours"] for r in rows] == [len(e.counted or []) for e in expected]
    assert all("counted" not in r and r["difference"] == r["tally"]["count"] - r["ours"] for r in rows)
    detailed = httpx.get(server.url + "/api/reconcile", params={"details": "true"}, timeout=10).json()
    assert [len(r["counted"]) for r in detailed] == [r["ours"] for r in rows]
