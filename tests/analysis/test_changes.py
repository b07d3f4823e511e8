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


def test_an_analysts_merge_and_split_are_listed_with_who_and_why(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'salvo.db'}"
    _ingest(db, tmp_path / "a.jsonl", [_report(1, "Ain al-Asad Air Base", "2021-03-03", None),
                                       _report(2, "Camp Taji", "2021-03-05", None)])
    ids = {i["place"]: i["id"] for i in _changes(db, "run:1")["new_incidents"]}
    keep, other = ids["Ain al-Asad Air Base"], ids["Camp Taji"]
    _ingest(db, tmp_path / "b.jsonl", [])  # run 2 marks the moment after which the analyst acts
    review = ["--db", db, "--author", "ana"]
    assert runner.invoke(app, ["review", "merge", keep, other, *review, "-r", "same attack"]).exit_code == 0
    mentions = json.loads(runner.invoke(app, ["show", keep, "--db", db, "--json"]).output)["mentions"]
    taji = next(m["mention_id"] for m in mentions if m["place"] == "Camp Taji")
    split = runner.invoke(app, ["review", "split", str(taji), *review, "-r", "two attacks after all"])
    assert split.exit_code == 0, split.output
    after = _changes(db, "run:2")
    assert [(m["incident_id"], m["merged_into"]) for m in after["merges"]] == [(other, keep)]
    [s] = after["splits"]
    assert (s["incident_id"], s["mention_id"], s["author"], s["reason"]) == (keep, taji, "ana", "two attacks after all")
    assert [i["id"] for i in after["new_incidents"]] == [s["new_incident_id"]]  # the split-off incident is new
    assert [a["action"] for a in after["analyst_actions"]] == ["merge", "split"]
    assert after["totals"] == {"new_incidents": 1, "revised_values": len(after["revised_values"]), "merges": 1,
                               "splits": 1, "analyst_actions": 2}
