"""`GET /api/stats` answers as `salvo stats` does, on a hand-made database whose answer is known:
months and years as filters, actors by alias in any case, undated incidents counted apart, every
count linked to its list, rolling means; the in-memory index and plain SQL alike."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from salvo.api import create_app
from salvo.api.live import LiveServer
from salvo.cli import app

runner = CliRunner()

# (category, date, country, place, perpetrator, weapons): reports we write, one incident each.
REPORTS = [
    ("attack", "2024-01-05", "SY", "Al-Tanf Garrison", "Islamic Resistance in Iraq", ["drone"]),
    ("attack", "2024-01-20", "SY", "Conoco gas field", "unknown", ["rocket"]),
    ("attack", "2024-01-28", "JO", "Tower 22", "Kata'ib Hezbollah", ["drone"]),
    ("attack", "2024-03-02", "IQ", "Ain al-Asad Air Base", "Kata'ib Hezbollah", ["rocket", "drone"]),
    ("attack", None, "SY", "Al-Shaddadi", "unknown", ["drone"]),
    ("strike", "2024-02-02", "SY", "Abu Kamal", "United States", ["airstrike"]),
    ("attack", "2023-12-30", "IQ", "Erbil Air Base", "Islamic Resistance in Iraq", ["drone"]),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("stats")
    lines = []
    for n, (category, date, country, place, perpetrator, weapons) in enumerate(REPORTS):
        sentence = f"Report {n}: an incident at {place}."
        incident = {"category": category, "date": date, "date_precision": "day" if date else None,
                    "weapons": weapons, "place": place, "country": country, "location_precision": "site",
                    "perpetrator": perpetrator, "attribution": "claimed", "evidence": [sentence]}
        article = {"id": f"q{n}", "url": f"https://q{n}.example/x", "published": "2024-03-05", "text": sentence}
        lines.append(json.dumps({"article": article, "incidents": [incident]}) + "\n")
    (tmp / "x.jsonl").write_text("".join(lines), encoding="utf-8")
    url = f"sqlite:///{tmp / 'salvo.db'}"
    assert runner.invoke(app, ["ingest", "--db", url, "--from-extracted", str(tmp / "x.jsonl")]).exit_code == 0
    return url


@pytest.fixture(scope="module", params=[True, False], ids=["index", "sql"])
def server(request: pytest.FixtureRequest, db: str) -> Iterator[LiveServer]:
    with LiveServer(create_app(database_url=db, use_index=request.param)) as srv:
        yield srv


def _stats(server: LiveServer, **params: Any) -> dict[str, Any]:
    res = httpx.get(server.url + "/api/stats", params=params, timeout=10)
    assert res.status_code == 200, res.text
    return dict(res.json())


def test_a_month_filter_counts_that_month_and_undated_ones_apart(server: LiveServer) -> None:
    body = _stats(server, interval="month", date_from="2024-01", date_to="2024-01", country="SY",
                  category="attack")
    assert [(b["period"], b["count"]) for b in body["buckets"]] == [("2024-01", 2)]
    assert body["undated"] == 1 and body["total"] == 2  # the Shaddadi report: said, never silently left out


def test_a_year_filter_takes_its_whole_year(server: LiveServer) -> None:
    body = _stats(server, interval="month", date_from="2023", date_to="2023")
    assert [(b["period"], b["count"]) for b in body["buckets"]] == [("2023-12", 1)]


def test_an_alias_in_any_case_filters_by_the_canonical_actor(server: LiveServer) -> None:
    assert _stats(server, interval="month", perpetrator="kataib hezbollah")["total"] == 2
    assert _stats(server, interval="month", perpetrator="IRI")["total"] == 2


def test_counts_by_weapon_group_and_country(server: LiveServer) -> None:
    weapons = _stats(server, interval="month", split="weapon", category="attack", date_from="2024")
    assert {(b["period"], b["key"]): b["count"] for b in weapons["buckets"]} == {
        ("2024-01", "drone"): 2, ("2024-01", "rocket"): 1, ("2024-03", "drone"): 1, ("2024-03", "rocket"): 1}
    assert weapons["total"] is None  # one incident, two weapons: no total that would count it twice
    groups = _stats(server, interval="month", split="perpetrator", date_from="2024-01", date_to="2024-01")
    assert {b["key"]: b["count"] for b in groups["buckets"]} == {
        "Islamic Resistance in Iraq": 1, "unknown": 1, "Kata'ib Hezbollah": 1}
    countries = _stats(server, interval="month", split="country", category="attack")
    assert sorted((b["period"], b["key"], b["count"]) for b in countries["buckets"]) == [
        ("2023-12", "IQ", 1), ("2024-01", "JO", 1), ("2024-01", "SY", 2), ("2024-03", "IQ", 1)]


def test_every_count_links_to_the_list_that_gives_it(server: LiveServer) -> None:
    body = _stats(server, interval="month", split="country", category="attack", date_from="2024-01-10")
    for b in body["buckets"]:
        listed = httpx.get(server.url + b["list"], timeout=10).json()
        assert listed["total"] == b["count"], b
    january = next(b for b in body["buckets"] if b["period"] == "2024-01" and b["key"] == "SY")
    assert (january["date_from"], january["date_to"]) == ("2024-01-10", "2024-01-31")


def test_rolling_mean_counts_empty_months_as_zero(server: LiveServer) -> None:
    body = _stats(server, interval="month", category="attack", rolling=3)
    means = {b["period"]: b["rolling_mean"] for b in body["buckets"]}
    assert body["rolling_window"] == 3
    # Nov 0, Dec 1, Jan 3 -> 4/3; Jan 3, Feb 0 (empty, still a month), Mar 1 -> 4/3 (not 5/3)
    assert means["2024-01"] == round(4 / 3, 3) and means["2024-03"] == round(4 / 3, 3)


def test_a_bad_period_is_a_client_error(server: LiveServer) -> None:
    res = httpx.get(server.url + "/api/stats", params={"date_from": "2024-13"}, timeout=10)
    assert res.status_code == 422 and "2024-13" in res.text
