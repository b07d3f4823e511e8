"""Attack–response cycles on a real SQLite file: links by the reporting or by the window, and rates."""

from __future__ import annotations

import json
from pathlib import Path

from tests.analysis.reports import ingest_reports, report
from typer.testing import CliRunner

from salvo.analysis.cycles import poisson_interval
from salvo.cli import app

runner = CliRunner()

# (category, date, country, place, sentence): reports we write.
REPORTS = [
    ("attack", "2024-01-10", "IQ", "Ain al-Asad Air Base", "Rockets struck Ain al-Asad air base on Wednesday."),
    ("attack", "2024-01-28", "JO", "Tower 22", "A drone struck Tower 22 in Jordan on Sunday, killing three."),
    ("attack", "2024-01-30", "SY", "Al-Tanf Garrison", "A drone was shot down near al-Tanf on Tuesday."),
    ("strike", "2024-02-02", "SY", "Abu Kamal",
     "US aircraft struck targets near Abu Kamal in retaliation for the attack on Tower 22."),
    ("attack", "2024-02-05", "SY", "Conoco gas field", "A drone hit the Conoco base on Monday."),
]


def _database(tmp_path: Path, reports: list[tuple[str, str, str, str, str]] = REPORTS) -> str:
    lines = []
    for n, (category, date, country, place, sentence) in enumerate(reports):
        incident = {"category": category, "date": date, "date_precision": "day", "weapons": ["drone"],
                    "place": place, "country": country, "location_precision": "site", "evidence": [sentence]}
        article = {"id": f"c{n}", "url": f"https://c{n}.example/x", "published": date, "text": sentence,
                   "language": "en"}
        lines.append(report(article, incident))
    return ingest_reports(tmp_path, lines)



def test_links_say_their_basis_lag_and_evidence(tmp_path: Path) -> None:
    db = _database(tmp_path)
    res = runner.invoke(app, ["cycles", "--db", db, "--json", "--window", "7", "--rate-days", "14"])
    assert res.exit_code == 0, res.output
    [cycle] = json.loads(res.output)
    links = {link["place"]: link for link in cycle["links"]}
    assert links["Tower 22"]["basis"] == "reporting" and links["Tower 22"]["lag_days"] == 5
    assert "retaliation" in links["Tower 22"]["evidence"]
    assert links["Al-Tanf Garrison"]["basis"] == "window" and links["Al-Tanf Garrison"]["evidence"] is None
    assert "Ain al-Asad Air Base" not in links  # 23 days before, and no report names it
    assert cycle["before"]["attacks"] == 2 and cycle["after"]["attacks"] == 1
    assert "not a causal estimate" in cycle["comparison"]


def test_exact_poisson_interval() -> None:
    low, high = poisson_interval(0)
    assert low == 0 and abs(high - 3.689) < 0.001
    low, high = poisson_interval(10)
    assert abs(low - 4.795) < 0.001 and abs(high - 18.390) < 0.001


EVEN = [
    ("attack", "2023-06-02", "IQ", "Ain al-Asad Air Base", "Rockets struck Ain al-Asad air base on Friday."),
    ("attack", "2023-06-06", "SY", "Al-Tanf Garrison", "A drone struck al-Tanf on Tuesday."),
    ("strike", "2023-06-09", "SY", "Abu Kamal", "US aircraft struck a depot near Abu Kamal on Friday."),
    ("attack", "2023-06-12", "SY", "Conoco gas field", "A drone hit the Conoco base on Monday."),
    ("attack", "2023-06-15", "IQ", "Harir Air Base", "A drone fell near Harir air base on Thursday."),
]


def test_equal_rates_before_and_after_show_no_change(tmp_path: Path) -> None:
    """Known answer: two attacks in the ten days before the strike and two after give a ratio of 1."""
    db = _database(tmp_path, EVEN)
    [cycle] = json.loads(runner.invoke(app, ["cycles", "--db", db, "--json", "--rate-days", "10"]).output)
    assert (cycle["before"]["attacks"], cycle["after"]["attacks"]) == (2, 2)
    assert cycle["rate_change"] == 1.0
    assert cycle["before"]["per_day_95"] == cycle["after"]["per_day_95"]
    assert all(link["basis"] == "window" for link in cycle["links"])  # no report names an attack
