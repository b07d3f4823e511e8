"""An ingest killed with SIGKILL resumes with nothing lost and nothing doubled."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.store.helpers import SHARED, counts

from salvo.store import open_store

pytestmark = pytest.mark.slow


def _ingest_cmd(db: Path, *inputs: Path) -> list[str]:
    return [
        sys.executable,
        "-c",
        "import sys; from salvo.cli import main; sys.argv[0] = 'salvo'; main()",
        "ingest",
        "--db",
        f"sqlite:///{db}",
        "--chunk",
        "1",
        "-q",
        *map(str, inputs),
    ]


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return int(conn.execute("select count(*) from articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_sigkill_mid_ingest_then_resume_equals_uninterrupted(tmp_path: Path, shared_dir: Path) -> None:
    inputs = sorted((SHARED / "gold").glob("*.jsonl"))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    full = tmp_path / "full.db"
    subprocess.run(_ingest_cmd(full, *inputs), check=True, env=env, timeout=300)

    killed = tmp_path / "killed.db"
    proc = subprocess.Popen(_ingest_cmd(killed, *inputs), env=env)
    deadline = time.monotonic() + 120
    while _stored(killed) < 10 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = _stored(killed)
    assert 0 < partial < 77
    subprocess.run(_ingest_cmd(killed, *inputs), check=True, env=env, timeout=300)

    a, b = open_store(f"sqlite:///{full}"), open_store(f"sqlite:///{killed}")
    assert counts(a) == counts(b)
    a.close()
    b.close()
