"""Stats split by weapon read the weapon rows' own copies; they must agree with the join over incidents."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.store.helpers import attack, result

from salvo.store import Store
from salvo.store.ingest import ingest_articles
from salvo.store.queries import IncidentFilter, _stats_query, stats
from salvo.store.review import reject


def _joined(store: Store, flt: IncidentFilter, interval: Any) -> list[tuple[Any, ...]]:
    with store.session() as session:
        return [tuple(r) for r in session.execute(_stats_query(flt, interval, "weapon"))]


def test_weapon_rows_and_join_give_the_same_buckets(store: Store) -> None:
    ingest_articles(
        store,
        [
            result("a", attack(injured=2, weapons=["rocket", "drone"])),
            result(
                "b",
                attack(
                    "2021-08-02",
                    killed=1,
                    weapons=["drone"],
                    place="Al-Tanf",
                    admin1="Homs",
                    country="SY",
                    lat=33.5,
                    lon=38.6,
                ),
                published="2021-08-02",
            ),
            result(
                "c",
                attack("2021-08-03", weapons=["mortar"], place="Green Zone", admin1="Baghdad", lat=33.3, lon=44.39),
                published="2021-08-03",
            ),
        ],
    )
    with store.session() as session:
        rejected = stats(session, interval="day", split="weapon")[-1]
        inc_c = session.execute(_stats_query(IncidentFilter(), "day", None)).all()
    assert rejected["period"] == "2021-08-03" and len(inc_c) == 3  # days come back as ISO text
    with store.session() as session:
        from salvo.store.queries import list_incidents

        rows, _, _ = list_incidents(session, IncidentFilter(weapon="mortar"))
        reject(session, rows[0]["id"], author="tester", reason="not in scope")
    for interval in ("day", "week", "month"):
        for flt in (IncidentFilter(), IncidentFilter(date_from=dt.date(2021, 8, 1)), IncidentFilter(status="any")):
            with store.session() as session:
                fast = [
                    (r["period"], r["key"], r["incidents"], r["killed"], r["injured"])
                    for r in stats(session, flt, interval=interval, split="weapon")
                ]
            assert fast == _joined(store, flt, interval), (interval, flt)
    with store.session() as session:
        keys = {r["key"] for r in stats(session, interval="month", split="weapon")}
    assert keys == {"rocket", "drone"}  # the rejected incident's mortar is gone
