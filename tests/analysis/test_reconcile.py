"""Reconciliation with published tallies on a real SQLite file: our count, what might belong, the gap."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.analysis.reports import ingest_reports
from typer.testing import CliRunner

from salvo.analysis.tallies import read_tallies, shipped_tallies
from salvo.cli import app

runner = CliRunner()

HEADER = "as_of,count,qualifier,category,countries,since,counter,injured,source_url,source_outlet\n"
# (category, date, precision, country, place): reports we write, one incident each.
REPORTS = [
    ("attack", "2023-10-20", "day", "IQ", "Ain al-Asad Air Base"),  # counted
    ("attack", "2023-10-25", "day", "SY", "Al-Tanf Garrison"),  # counted
    ("attack", None, None, "IQ", "Harir Air Base"),  # undated: possible
    ("attack", "2023-10-01", "month", "IQ", "Erbil International Airport"),  # October: straddles the start
    ("attack", "2023-09-02", "day", "IQ", "Camp Taji"),  # before the period
    ("strike", "2023-10-27", "day", "SY", "Abu Kamal"),  # another category
    ("attack", "2023-10-28", "day", "JO", "Tower 22"),  # another country
]


def _line(n: int, category: str, date: str | None, precision: str | None, country: str, place: str) -> dict[str, Any]:
    sentence = f"Report {n}: an incident at {place}."
    incident = {"category": category, "date": date, "date_precision": precision, "weapons": ["drone"],
                "place": place, "country": country, "location_precision": "site", "evidence": [sentence]}
    article = {"id": f"r{n}", "url": f"https://r{n}.example/x", "published": "2023-11-01", "text": sentence}
    return {"article": article, "incidents": [incident]}


def _database(tmp_path: Path) -> str:
    return ingest_reports(tmp_path, [_line(n, *r) for n, r in enumerate(REPORTS)])


def test_count_possible_and_gap_for_one_tally(tmp_path: Path) -> None:
    db = _database(tmp_path)
    tallies = tmp_path / "t.csv"
    tallies.write_text(HEADER + "2023-11-01,5,at_least,attack,IQ;SY,2023-10-17,Someone,,https://t.example,T\n")
    res = runner.invoke(app, ["reconcile", str(tallies), "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    [row] = json.loads(res.output)
    assert (row["ours"], row["possible"], row["difference"], row["lacking_at_least"]) == (2, 2, 3, 1)
    assert sorted(c["place"] for c in row["counted"]) == ["Ain al-Asad Air Base", "Al-Tanf Garrison"]
    reasons = {c["place"]: c["reason"] for c in row["possible_incidents"]}
    assert reasons["Harir Air Base"] == "undated" and "straddles" in reasons["Erbil International Airport"]
    assert "lack at least 1" in row["explanation"]


def test_a_wider_scope_takes_jordan_and_a_smaller_count_means_we_count_more(tmp_path: Path) -> None:
    db = _database(tmp_path)
    tallies = tmp_path / "t.csv"
    tallies.write_text(HEADER + "2023-11-01,1,exact,attack,IQ;SY;JO,2023-10-17,Someone,,https://t.example,T\n")
    [row] = json.loads(runner.invoke(app, ["reconcile", str(tallies), "--db", db, "--json"]).output)
    assert row["ours"] == 3 and row["difference"] == -2 and "we count 2 more" in row["explanation"]


def test_bad_rows_are_named_by_file_and_line_and_the_rest_is_reconciled(tmp_path: Path) -> None:
    db = _database(tmp_path)
    tallies = tmp_path / "t.csv"
    tallies.write_text(
        HEADER
        + "2023-11-01,five,exact,attack,IQ,,Someone,,https://t.example,T\n"
        + "2023-11-01,3,exact,attack,XX,,Someone,,https://t.example,T\n"
        + "2023-11-01,3,exact,attack,IQ,2023-10-17,Someone,,https://t.example,T\n"
    )
    res = runner.invoke(app, ["reconcile", str(tallies), "--db", db])
    assert res.exit_code == 1
    assert "t.csv:2:" in res.output and "t.csv:3:" in res.output and "2023-11-01" in res.output


def test_the_shipped_tally_file_reads_whole_and_marks_filled_in_starts() -> None:
    tallies, errors = read_tallies(shipped_tallies())
    assert not errors and len(tallies) >= 34
    assert {t.since_basis for t in tallies} <= {"page", "counter", "assumed", ""}
    dod_55 = [t for t in tallies if t.count == 55 and t.counter == "US Department of Defense"]
    assert dod_55 and dod_55[0].since is not None and dod_55[0].countries == ("IQ", "SY")
    assert all(t.source_url.startswith("http") for t in tallies)


def test_each_possible_incident_has_its_reason_counted_and_listed(tmp_path: Path) -> None:
    """Known answer: 2 counted; possible: 1 undated, 1 straddling the start, 1 with no country."""
    src = tmp_path / "extracted.jsonl"
    rows = [_line(n, *r) for n, r in enumerate(REPORTS)]
    nowhere = _line(9, "attack", "2023-10-22", "day", "IQ", "somewhere")
    nowhere["incidents"][0].update(country=None, place=None, location_precision=None)
    rows.append(nowhere)
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'salvo.db'}"
    assert runner.invoke(app, ["ingest", "--db", db, "--from-extracted", str(src)]).exit_code == 0
    tallies = tmp_path / "t.csv"
    tallies.write_text(HEADER + "2023-11-01,9,exact,attack,IQ;SY,2023-10-17,Someone,,https://t.example,T\n")
    [row] = json.loads(runner.invoke(app, ["reconcile", str(tallies), "--db", db, "--json"]).output)
    assert row["ours"] == 2
    assert row["possible_by_reason"] == {"undated": 1, "straddles": 1, "no_country": 1}
    assert (row["possible"], row["difference"], row["lacking_at_least"]) == (3, 7, 4)
    assert sorted(c["reason"].split(":")[0] for c in row["possible_incidents"]) == [
        "dated month 2023-10-01", "in the period, country unknown", "undated"]
    assert "1 undated" in row["explanation"] and "1 in the period, country unknown" in row["explanation"]
    table = runner.invoke(app, ["reconcile", str(tallies), "--db", db]).output
    assert "Someone" in table and "+7" in table
