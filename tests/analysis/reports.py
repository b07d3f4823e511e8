"""Hand-made databases for the analysis tests: reports we write, stored through `salvo ingest`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from salvo.cli import app


def report(article: dict[str, Any], incident: dict[str, Any]) -> dict[str, Any]:
    """One extraction-output line: an article and the one incident it reports."""
    return {"article": article, "incidents": [incident]}


def ingest_reports(tmp_path: Path, lines: list[dict[str, Any]], db: str | None = None) -> str:
    """A database holding these reports (merged as `salvo ingest` merges): a fresh SQLite file, or
    the empty database ``db``; its URL."""
    src = tmp_path / "extracted.jsonl"
    src.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    db = db or f"sqlite:///{tmp_path / 'salvo.db'}"
    res = CliRunner().invoke(app, ["ingest", "--db", db, "--from-extracted", str(src)])
    assert res.exit_code == 0, res.output
    return db
