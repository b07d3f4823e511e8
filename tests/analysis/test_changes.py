"""`salvo changes`: what a second run and an analyst changed, on a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from salvo.cli import app

runner = CliRunner()


def _report(n: int, place: str, date: str, killed: int | None) -> str:
    sentence = f"Report {n}: rockets struck {place}."
    incident = {"category": "attack", "date": date, "date_precision": "day", "weapons": ["rocket"], "place": place,
                "country": "IQ", "location_precision": "site", "killed": killed, "evidence": [sentence]}
    article = {"id": f"k{n}", "url": f"https://k{n}.example/x", "outlet": f"Outlet {n}", "published": date,
               "text": sentence}
    return json.dumps({"article": article, "incidents": [incident]}) + "\n"


def _ingest(db: str, path: Path, lines: list[str]) -> None:
    path.write_text("".join(lines), encoding="utf-8")
    res = runner.invoke(app, ["ingest", "--db", db, "--from-extracted", str(path)])
    assert res.exit_code == 0, res.output


def _changes(db: str, since: str) -> dict[str, Any]:
    res = runner.invoke(app, ["changes", "--db", db, "--since", since, "--json"])
    assert res.exit_code == 0, res.output
    return dict(json.loads(res.output))


def test_changes_since_a_run_list_new_incidents_revisions_and_actions(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'salvo.db'}"
    _ingest(db, tmp_path / "a.jsonl", [_report(1, "Ain al-Asad Air Base", "2021-03-03", None)])
    first = _changes(db, "run:1")
    assert len(first["new_incidents"]) == 1
    old_id = first["new_incidents"][0]["id"]
    # run 2: a later report of the same attack gives a toll, and a new attack elsewhere
    _ingest(db, tmp_path / "b.jsonl", [_report(2, "Ain al-Asad Air Base", "2021-03-03", 1),
                                       _report(3, "Camp Taji", "2021-03-05", None)])
    assert runner.invoke(app, ["review", "reject", old_id, "--db", db, "--author", "ana", "-r", "test"]).exit_code == 0
    second = _changes(db, "run:2")
    assert [i["place"] for i in second["new_incidents"]] == ["Camp Taji"]
    killed = [r for r in second["revised_values"] if r["field"] == "killed" and r["incident_id"] == old_id]
    assert killed and killed[0]["old"] is None and killed[0]["new"] == 1
    assert killed[0]["source"]["outlet"] == "Outlet 2"
    assert [(a["action"], a["author"]) for a in second["analyst_actions"]] == [("reject", "ana")]


def test_a_bad_since_is_a_message(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'salvo.db'}"
    res = runner.invoke(app, ["changes", "--db", db, "--since", "run:99"])
    assert res.exit_code == 2 and "no run 99" in res.output
    res = runner.invoke(app, ["changes", "--db", db, "--since", "yesterday"])
    assert res.exit_code == 2 and "not a day" in res.output
