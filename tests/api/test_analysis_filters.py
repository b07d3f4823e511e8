"""The analysis endpoints take the list's filter: on a hand-made database whose answers are known, a
filter changes each figure (stats, reconcile, cycles, claims, changes) to that of the filtered set,
and a bad value is refused with the list's own 422."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.analysis.reports import ingest_reports, report
from tests.scale.helpers import fresh_pg, pg_available

from salvo.api import create_app
from salvo.api.live import LiveServer
from salvo.api.params import FilterParams

# (category, date, country, place, weapons, perpetrator, attribution, killed, injured, language, sentence,
#  published): reports we write. The last one is a later report of Tower 22 that revises the injured.
REPORTS: list[tuple[Any, ...]] = [
    ("attack", "2023-11-05", "SY", "Al-Tanf Garrison", ["drone"], "Islamic Resistance in Iraq", "claimed", 0, 0,
     "en", "Two drones targeted al-Tanf garrison on Sunday, the Islamic Resistance in Iraq said.", "2023-11-05"),
    ("attack", "2024-01-20", "IQ", "Ain al-Asad Air Base", ["rocket"], "Islamic Resistance in Iraq", "claimed", 0, 2,
     "en", "Rockets struck Ain al-Asad air base on Saturday, wounding two; the Islamic Resistance claimed it.",
     "2024-01-20"),
    ("attack", "2024-01-28", "JO", "Tower 22", ["drone"], "Kata'ib Hezbollah", "accused", 3, 40,
     "en", "A drone struck Tower 22 in Jordan on Sunday, killing three; officials blamed Kata'ib Hezbollah.",
     "2024-01-28"),
    ("attack", "2024-02-05", "SY", "Conoco gas field", ["drone"], None, "none", None, None,
     "fr", "Un drone a frappé la base de Conoco lundi.", "2024-02-05"),
    ("attack", None, "SY", "Al-Shaddadi", ["rocket"], None, "none", None, None,
     "en", "Rockets were fired at al-Shaddadi at some point, a monitor said.", "2024-02-06"),
    ("strike", "2024-02-02", "SY", "Abu Kamal", ["airstrike"], "United States", "claimed", None, None,
     "en", "US aircraft struck targets near Abu Kamal in retaliation for the attack on Tower 22.", "2024-02-02"),
    ("strike", "2024-02-03", "IQ", "Al-Qaim", ["airstrike"], "United States", "claimed", None, None,
     "en", "US aircraft struck a depot near al-Qaim on Saturday.", "2024-02-03"),
    ("attack", "2024-01-28", "JO", "Tower 22", ["drone"], "Kata'ib Hezbollah", "accused", 3, 47,
     "en", "The drone attack on Tower 22 in Jordan on Sunday killed three and wounded 47, officials said.",
     "2024-02-01"),
]
#: The shipped tally that covers every report above: attacks in IQ, SY and JO since 2023-10-17.
TALLY = {"as_of": "2024-02-20", "since": "2023-10-17", "countries": ["IQ", "SY", "JO"]}


def database(tmp_path: Path, url: str | None = None) -> str:
    lines = []
    for n, (category, date, country, place, weapons, perpetrator, attribution, killed, injured, language,
            sentence, published) in enumerate(REPORTS):
        incident = {"category": category, "date": date, "date_precision": "day" if date else None,
                    "weapons": weapons, "place": place, "country": country, "location_precision": "site",
                    "perpetrator": perpetrator, "attribution": attribution, "killed": killed, "injured": injured,
                    "evidence": [sentence]}
        article = {"id": f"f{n}", "url": f"https://f{n}.example/x", "outlet": f"Outlet {n}", "published": published,
                   "text": sentence, "language": language}
        lines.append(report(article, incident))
    return ingest_reports(tmp_path, lines, url)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The same database on a SQLite file and on the real PostgreSQL server."""
    tmp = tmp_path_factory.mktemp("filters")
    if request.param == "sqlite":
        with LiveServer(create_app(database_url=database(tmp))) as srv:
            yield srv
        return
    if not pg_available():
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not reachable")
    with fresh_pg() as url, LiveServer(create_app(database_url=database(tmp, url))) as srv:
        yield srv


def get(server: LiveServer, path: str, **params: Any) -> Any:
    res = httpx.get(server.url + path, params=params, timeout=20)
    assert res.status_code == 200, res.text
    return res.json()


def listed(server: LiveServer, **params: Any) -> set[str]:
    return {i["id"] for i in get(server, "/api/incidents", limit=1000, **params)["items"]}


def tally_row(server: LiveServer, **params: Any) -> dict[str, Any]:
    rows = get(server, "/api/reconcile", details="true", **params)
    [row] = [r for r in rows if r["tally"]["as_of"] == TALLY["as_of"] and r["tally"]["countries"] == TALLY["countries"]]
    return dict(row)


def test_the_database_is_what_the_tests_assume(server: LiveServer) -> None:
    assert len(listed(server)) == 7  # the two Tower 22 reports are one incident
    [tower] = get(server, "/api/incidents", place="Tower 22")["items"]
    assert tower["injured"] == 47 and tower["reports"] == 2


FILTERS: list[tuple[dict[str, Any], int, int]] = [
    # (filter, attacks counted for the tally, possible: the undated Al-Shaddadi)
    ({}, 4, 1),
    ({"country": "SY"}, 2, 1),
    ({"country": ["IQ", "JO"]}, 2, 0),  # any-of: a condition the store's filter does not express
    ({"weapon": "drone"}, 3, 0),
    ({"weapon": ["drone", "rocket"]}, 4, 1),
    ({"language": "fr"}, 1, 0),
    ({"min_casualties": 1}, 2, 0),
    ({"perpetrator": "kataib hezbollah"}, 1, 0),  # an alias in any case, as the list reads it
    ({"date_from": "2024-01"}, 3, 0),  # a date filter leaves the undated out
]


@pytest.mark.parametrize(("flt", "ours", "possible"), FILTERS, ids=[str(f) for f, _, _ in FILTERS])
def test_reconcile_counts_the_filtered_incidents(server: LiveServer, flt: dict[str, Any], ours: int,
                                                 possible: int) -> None:
    row = tally_row(server, **flt)
    assert (row["ours"], row["possible"]) == (ours, possible)
    assert row["difference"] == row["tally"]["count"] - ours
    # the counted ones are the list's, for the same filter within the tally's scope
    in_scope = listed(server, **{"date_from": TALLY["since"], "date_to": TALLY["as_of"], **flt}, category="attack")
    assert {c["id"] for c in row["counted"]} == in_scope


def test_cycles_take_the_strikes_the_filter_selects(server: LiveServer) -> None:
    every = get(server, "/api/cycles")
    assert [c["place"] for c in every] == ["Abu Kamal", "Al-Qaim"]
    [iraq] = get(server, "/api/cycles", country="IQ")
    assert iraq["place"] == "Al-Qaim"
    # the attacks answered are counted wherever they happened: Tower 22 is in Jordan
    assert [link["place"] for link in iraq["links"]] == ["Tower 22"] and iraq["links"][0]["lag_days"] == 6
    [syria] = get(server, "/api/cycles", country="SY", category="attack")  # the category is always strikes
    assert syria["place"] == "Abu Kamal"
    assert {link["place"]: link["basis"] for link in syria["links"]}["Tower 22"] == "reporting"
    assert get(server, "/api/cycles", language="fr") == []  # no strike is reported in French
    # dates choose the strikes, not the attacks around them: the rate before still counts January's
    [late] = get(server, "/api/cycles", date_from="2024-02-03")
    assert late["place"] == "Al-Qaim" and late["before"]["attacks"] == 2 == every[1]["before"]["attacks"]


@pytest.mark.parametrize(("flt", "incidents", "claimed"), [
    ({}, 5, 2),
    ({"country": "SY"}, 3, 1),
    ({"min_casualties": 1}, 2, 1),
    ({"weapon": ["rocket", "ballistic_missile"]}, 2, 1),
    ({"attribution": "accused"}, 1, 0),
    ({"category": "strike"}, 5, 2),  # claims are of attacks whatever the category asked
])
def test_claims_share_of_the_filtered_attacks(server: LiveServer, flt: dict[str, Any], incidents: int,
                                             claimed: int) -> None:
    data = get(server, "/api/claims", **flt)
    shares = data["shares"]
    assert (shares["incidents"], shares["claimed"]) == (incidents, claimed)
    assert sum(g["claimed"] for g in shares["by_group"]) == claimed
    attacks = listed(server, **{**flt, "category": "attack"})
    assert {t["incident_id"] for t in data["timelines"]} == attacks


def test_changes_are_those_of_the_filtered_incidents(server: LiveServer) -> None:
    every = get(server, "/api/changes", since="2000-01-01")
    assert every["totals"]["new_incidents"] == 7
    jordan = get(server, "/api/changes", since="2000-01-01", country="JO")
    [tower] = listed(server, country="JO")
    assert [i["id"] for i in jordan["new_incidents"]] == [tower]
    assert jordan["revised_values"] and {r["incident_id"] for r in jordan["revised_values"]} == {tower}
    injured = [r for r in jordan["revised_values"] if r["field"] == "injured"]
    assert injured[-1]["new"] in (47, "47")
    iraq = get(server, "/api/changes", since="2000-01-01", country="IQ")
    assert {i["id"] for i in iraq["new_incidents"]} == listed(server, country="IQ")
    assert tower not in {r["incident_id"] for r in iraq["revised_values"]}
    assert iraq["totals"]["revised_values"] < every["totals"]["revised_values"]
    drones = get(server, "/api/changes", since="2000-01-01", weapon="drone", language="fr")
    assert {i["id"] for i in drones["new_incidents"]} == listed(server, weapon="drone", language="fr")


def test_analyst_actions_count_for_the_incidents_they_name(tmp_path: Path) -> None:
    with LiveServer(create_app(database_url=database(tmp_path), api_token="t0ken")) as srv:
        auth = {"Authorization": "Bearer t0ken"}
        ids = {i["place"]: i["id"] for i in get(srv, "/api/incidents", limit=100)["items"]}
        merged = httpx.post(f"{srv.url}/api/incidents/{ids['Conoco gas field']}/merge", headers=auth, timeout=10,
                            json={"other_id": ids["Al-Tanf Garrison"], "reason": "one attack"})
        rejected = httpx.post(f"{srv.url}/api/incidents/{ids['Ain al-Asad Air Base']}/reject", headers=auth,
                              json={"reason": "not an attack"}, timeout=10)
        assert merged.status_code == rejected.status_code == 200, (merged.text, rejected.text)
        syria = get(srv, "/api/changes", since="2000-01-01", country="SY")
        assert [(m["incident_id"], m["merged_into"]) for m in syria["merges"]] == [
            (ids["Al-Tanf Garrison"], ids["Conoco gas field"])]
        assert [a["action"] for a in syria["analyst_actions"]] == ["merge"]
        iraq = get(srv, "/api/changes", since="2000-01-01", country="IQ")
        assert iraq["merges"] == [] and [a["action"] for a in iraq["analyst_actions"]] == ["reject"]
        # a rejection is a change: the rejected incident stays among the new ones of its filter
        assert ids["Ain al-Asad Air Base"] in {i["id"] for i in iraq["new_incidents"]}
        assert ids["Ain al-Asad Air Base"] not in listed(srv, country="IQ")


@pytest.mark.parametrize("flt", [{}, {"language": "fr"}, {"weapon": ["drone", "rocket"]}, {"country": "SY"},
                                 {"min_casualties": 1}], ids=str)
def test_stats_count_the_filtered_list(server: LiveServer, flt: dict[str, Any]) -> None:
    stats = get(server, "/api/stats", interval="month", **flt)
    items = get(server, "/api/incidents", limit=1000, **flt)["items"]
    assert stats["total"] == sum(1 for i in items if i["date"]) and stats["undated"] == sum(
        1 for i in items if not i["date"])


BAD = [("date_from", "yesterday"), ("category", "bomb"), ("min_casualties", "-1"), ("q", "x" * 201)]
ENDPOINTS = ["/api/stats", "/api/reconcile", "/api/cycles", "/api/claims", "/api/changes"]


@pytest.mark.parametrize(("field", "value"), BAD, ids=[f for f, _ in BAD])
@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_bad_filter_value_is_the_lists_422(server: LiveServer, path: str, field: str, value: str) -> None:
    expected = httpx.get(server.url + "/api/incidents", params={field: value}, timeout=10)
    assert expected.status_code == 422
    own = {"since": "2000-01-01"} if path.endswith("changes") else {}
    res = httpx.get(server.url + path, params={**own, field: value}, timeout=10)
    assert res.status_code == 422
    assert res.json()["detail"] == expected.json()["detail"]
    [problem] = res.json()["detail"]
    assert problem["loc"] == ["query", field] and problem["msg"]


@pytest.mark.parametrize("flt", [FilterParams(), FilterParams(country=["IQ"]), FilterParams(q="tower")],
                         ids=["no filter", "country", "text"])
def test_a_filtered_reconciliation_keeps_the_scopes_index_plan(tmp_path: Path, flt: FilterParams) -> None:
    """Without statistics (a fresh SQLite file), the filter's status equality must not lead the
    planner to read every active incident: the tally's scope stays a union of index ranges."""
    from sqlalchemy.dialects import sqlite

    from salvo.analysis.reconcile import counts_query
    from salvo.analysis.tallies import read_tallies, shipped_tallies
    from salvo.api.routes_analysis import narrowing
    from salvo.store import open_store

    store = open_store(database(tmp_path))
    tally = read_tallies(shipped_tallies())[0][-2]
    sql = str(counts_query(tally, narrowing(flt)).compile(dialect=sqlite.dialect(),
                                                          compile_kwargs={"literal_binds": True}))
    with store.engine.connect() as conn:
        plan = [row[3] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
    store.close()
    assert "MULTI-INDEX OR" in plan, plan
    assert not any(step.endswith("(status=?)") for step in plan), plan
