"""`salvo stats`: counts per period on a real SQLite file, undated ones apart, each count linked to its list."""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

from tests.analysis.reports import ingest_reports, report
from typer.testing import CliRunner

from salvo.cli import app

runner = CliRunner()

# (category, date, precision, country, place, perpetrator): reports we write, one incident each.
REPORTS = [
    ("attack", "2024-01-05", "day", "SY", "Al-Tanf Garrison", "Islamic Resistance in Iraq"),
    ("attack", "2024-01-20", "day", "SY", "Conoco gas field", "unknown"),
    ("attack", "2024-01-28", "day", "JO", "Tower 22", "Kata'ib Hezbollah"),
    ("attack", "2024-03-02", "day", "IQ", "Ain al-Asad Air Base", "Kata'ib Hezbollah"),
    ("attack", None, None, "SY", "Al-Shaddadi", "unknown"),
    ("strike", "2024-02-02", "day", "SY", "Abu Kamal", "United States"),
]


def _database(tmp_path: Path) -> str:
    lines = []
    for n, (category, date, precision, country, place, perpetrator) in enumerate(REPORTS):
        sentence = f"Report {n}: an incident at {place}."
        incident = {"category": category, "date": date, "date_precision": precision, "weapons": ["drone"],
                    "place": place, "country": country, "location_precision": "site", "perpetrator": perpetrator,
                    "attribution": "claimed", "evidence": [sentence]}
        article = {"id": f"s{n}", "url": f"https://s{n}.example/x", "published": "2024-03-05", "text": sentence}
        lines.append(report(article, incident))
    return ingest_reports(tmp_path, lines)


def _stats(db: str, *args: str) -> dict[str, Any]:
    res = runner.invoke(app, ["stats", "--db", db, "--json", *args])
    assert res.exit_code == 0, res.output
    return dict(json.loads(res.output))


def test_a_month_filter_counts_that_month_and_undated_ones_apart(tmp_path: Path) -> None:
    db = _database(tmp_path)
    out = _stats(db, "--from", "2024-01", "--to", "2024-01", "--country", "SY", "--category", "attack")
    assert [(r["period"], r["incidents"]) for r in out["rows"]] == [("2024-01", 2)]
    assert out["undated"] == 1  # the Shaddadi report: counted apart, never silently left out


def test_an_alias_in_any_case_filters_by_the_canonical_actor(tmp_path: Path) -> None:
    db = _database(tmp_path)
    out = _stats(db, "--perpetrator", "kataib hezbollah")
    assert sum(r["incidents"] for r in out["rows"]) == 2
    assert _stats(db, "--perpetrator", "IRI")["rows"][0]["incidents"] == 1


def test_rolling_mean_counts_empty_months_as_zero(tmp_path: Path) -> None:
    db = _database(tmp_path)
    rows = {r["period"]: r for r in _stats(db, "--category", "attack", "--rolling", "3")["rows"]}
    assert rows["2024-01"]["incidents"] == 3 and rows["2024-03"]["incidents"] == 1
    assert rows["2024-03"]["rolling_mean"] == round((3 + 0 + 1) / 3, 3)  # February had no attack


def test_every_count_links_to_the_list_that_gives_it(tmp_path: Path) -> None:
    db = _database(tmp_path)
    for row in _stats(db, "--by", "country", "--category", "attack")["rows"]:
        listed = runner.invoke(app, ["incidents", "--db", db, "--json", *shlex.split(row["list_cli"])])
        assert json.loads(listed.output)["total"] == row["incidents"], row
        assert row["list"].startswith("/api/incidents?date_from=")


def test_a_bad_period_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    db = _database(tmp_path)
    res = runner.invoke(app, ["stats", "--db", db, "--from", "2024-13"])
    assert res.exit_code == 2 and "not a year, month or day" in res.output
