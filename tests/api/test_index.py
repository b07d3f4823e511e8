"""The in-memory index and plain SQL must agree on every filter, sort and stats split."""

from __future__ import annotations

import datetime as dt

import pytest

from salvo.api import query
from salvo.api.index import IncidentIndex
from salvo.api.params import FilterParams
from salvo.api.synth import generate
from salvo.store import open_store

FILTERS = [
    FilterParams(),
    FilterParams(weapon=["drone"], date_from=dt.date(2023, 1, 1), date_to=dt.date(2023, 12, 31)),
    FilterParams(weapon=["rocket", "mortar"]),
    FilterParams(country=["IQ"], category="attack"),
    FilterParams(country=["SY", "JO"], attribution=["claimed", "accused"]),
    FilterParams(admin1="anbar", min_casualties=3),
    FilterParams(place="Al-Tanf"),
    FilterParams(perpetrator="kata'ib hezbollah"),
    FilterParams(q="erbil"),
    FilterParams(has_coords=True, include_rejected=True),
]
SORTS = ["-date", "date", "place", "-killed", "reports", "-perpetrator"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    st = open_store(f"sqlite:///{tmp_path_factory.mktemp('idx') / 'synth.db'}")
    generate(st, 3000, seed=3)
    yield st
    st.close()


def test_lists_agree(store) -> None:  # type: ignore[no-untyped-def]
    index = IncidentIndex()
    with store.session() as s:
        snap = index.refresh(s)
        for flt in FILTERS:
            for sort in SORTS:
                rows, _, total = query.list_page(s, flt, sort, 40, 10, None)
                ids, itotal = index.page(snap, index.mask(snap, flt), sort, 40, 10)
                assert itotal == total, (flt, sort)
                assert ids == [r["id"] for r in rows], (flt, sort)


@pytest.mark.parametrize("interval", ["day", "week", "month"])
@pytest.mark.parametrize("split", [None, "category", "weapon", "perpetrator", "country"])
def test_stats_agree(store, interval: str, split: str | None) -> None:  # type: ignore[no-untyped-def]
    index = IncidentIndex()
    with store.session() as s:
        snap = index.refresh(s)
        for flt in FILTERS[:5]:
            sql = query.stats_rows(s, flt, interval, split)
            fast = index.stats(snap, index.mask(snap, flt), interval, split)
            key = lambda r: (r["period"], r["key"] or "")  # noqa: E731
            assert sorted(fast, key=key) == sorted(sql, key=key)


def test_index_follows_changes(store) -> None:  # type: ignore[no-untyped-def]
    index = IncidentIndex()
    with store.session() as s:
        before = index.page(index.refresh(s), index.mask(index.refresh(s), FilterParams()), "-date", 1, 0)[1]
    generate(store, 5, seed=99, start=10_000)
    with store.session() as s:
        snap = index.refresh(s)
        assert index.page(snap, index.mask(snap, FilterParams()), "-date", 1, 0)[1] == before + 5


def test_large_index_reloads_in_the_background(store) -> None:  # type: ignore[no-untyped-def]
    import time

    index = IncidentIndex(sessions=store.session, background_rows=1)
    with store.session() as s:
        n0 = index.page(index.refresh(s), index.mask(index.refresh(s), FilterParams()), "-date", 1, 0)[1]
    generate(store, 3, seed=5, start=20_000)
    with store.session() as s:  # answers at once from the previous copy
        old = index.refresh(s)
        assert index.page(old, index.mask(old, FilterParams()), "-date", 1, 0)[1] == n0
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with store.session() as s:
            snap = index.refresh(s)
            if index.page(snap, index.mask(snap, FilterParams()), "-date", 1, 0)[1] == n0 + 3:
                break
        time.sleep(0.05)
    else:
        raise AssertionError("the background reload never landed")
    index.invalidate()  # a change made through this server: reloaded before the next answer
    with store.session() as s:
        assert index.refresh(s) is not snap


def test_meta_from_the_index_equals_meta_from_sql(store) -> None:  # type: ignore[no-untyped-def]
    from starlette.testclient import TestClient

    from salvo.api import create_app

    answers = []
    for use_index in (True, False):
        client = TestClient(create_app(store=store, api_token="", use_index=use_index, response_cache=False))
        answers.append(client.get("/api/meta").json())
    assert answers[0] == answers[1]
    assert answers[0]["incidents"] >= 3000 and answers[0]["date_min"] < answers[0]["date_max"]
