"""``salvo review`` commands and the audit log."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_store_cli import _write_extracted
from typer.testing import CliRunner

from salvo.cli import app

runner = CliRunner()


def test_review_actions_are_logged(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'salvo.db'}"
    src = tmp_path / "x.jsonl"
    _write_extracted(src)
    runner.invoke(app, ["ingest", "--db", db, "--from-extracted", str(src)])
    inc = json.loads(runner.invoke(app, ["incidents", "--db", db, "--json"]).output)["incidents"][0]["id"]
    ok = runner.invoke(app, ["review", "edit", inc, "killed", "0", "--db", db, "--author", "ana", "-r", "no deaths"])
    assert ok.exit_code == 0, ok.output
    assert runner.invoke(app, ["review", "confirm", inc, "--db", db, "--author", "ana"]).exit_code == 0
    assert runner.invoke(app, ["review", "reject", inc, "--db", db, "--author", "bo", "-r", "dup"]).exit_code == 0
    assert runner.invoke(app, ["review", "restore", inc, "--db", db, "--author", "bo"]).exit_code == 0
    bad = runner.invoke(app, ["review", "edit", inc, "colour", "red", "--db", db, "--author", "bo"])
    assert bad.exit_code == 1 and "cannot edit" in bad.output
    log = json.loads(runner.invoke(app, ["review", "log", "--db", db, "--json"]).output)
    assert [o["action"] for o in log] == ["restore", "reject", "confirm", "edit"]
    assert log[-1]["author"] == "ana" and log[-1]["reason"] == "no deaths"
    shown = json.loads(runner.invoke(app, ["show", inc, "--db", db, "--json"]).output)
    assert shown["killed"] == 0 and shown["confirmed"] is True
