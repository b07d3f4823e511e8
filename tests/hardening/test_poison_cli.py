"""`salvo extract` and `salvo ingest` on a file mixing good and poison lines: good lines out, each bad
line named, exit 1, no traceback."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from tests.hardening.poison import POISON, poison_file

REPO = Path(__file__).resolve().parents[2]


def salvo(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run(
        [str(REPO / ".venv" / "bin" / "salvo"), *args], capture_output=True, text=True, env=env, timeout=300
    )


def _check(run: subprocess.CompletedProcess[str], path: Path) -> None:
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    named = {line.split(": ", 1)[0] for line in run.stderr.splitlines() if line.startswith(str(path))}
    assert named == {f"{path}:{n}" for n in range(2, 2 + len(POISON))}


def test_extract_writes_the_good_lines_and_names_the_bad(tmp_path: Path) -> None:
    path = poison_file(tmp_path / "mixed.jsonl")
    run = salvo("extract", str(path), "-o", str(tmp_path / "out.jsonl"))
    _check(run, path)
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["article"]["id"] for r in out] == ["good-a", "good-b"]


def test_ingest_on_sqlite_stores_the_good_lines(tmp_path: Path) -> None:
    path = poison_file(tmp_path / "mixed.jsonl")
    db = f"sqlite:///{tmp_path / 'salvo.db'}"
    _check(salvo("ingest", "--db", db, str(path)), path)
    again = salvo("ingest", "--db", db, str(path))  # the re-run fails the same way and nothing more
    _check(again, path)
    assert "new 0" in again.stderr + again.stdout


@pytest.mark.postgres
def test_ingest_on_postgres_stores_the_good_lines(tmp_path: Path, pg_url: str) -> None:
    path = poison_file(tmp_path / "mixed.jsonl")
    from tests.store.conftest import _reset_pg

    _reset_pg(pg_url)
    run = salvo("ingest", "--db", pg_url, str(path))
    _check(run, path)
    assert "new 2" in run.stderr + run.stdout
