"""Many writers, one truth: concurrent ``salvo ingest`` processes on one database.

PostgreSQL: four processes started together on a fresh database, on overlapping shuffled copies of the
dev gold, give exactly the incidents of one process (same groups of mentions, same merged fields, no
duplicate incident, no lost mention), and none of them fails. SQLite: one writer at a time, and the
second is told so (exit status 3) instead of dying on the first one's rows; migrations never race.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from salvo.store.locks import FileLock

from .helpers import ENV, contents, fresh_pg, pg_available, salvo_cmd, shuffled_copies, start

DEV = Path(__file__).resolve().parents[3] / "shared" / "gold" / "dev.jsonl"

pytestmark = pytest.mark.skipif(not DEV.is_file(), reason="the gold files are not beside the repository")


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One process's result on the whole dev gold."""
    db = tmp_path_factory.mktemp("ref") / "one.db"
    subprocess.run(salvo_cmd("ingest", str(DEV), "--db", str(db), "-q"), env=ENV, check=True, timeout=600)
    return contents(f"sqlite:///{db}")


def _run_together(url: str, inputs: list[Path]) -> None:
    procs = [start("ingest", str(p), "--db", url, "--chunk", "4", "-q") for p in inputs]
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0, err


@pytest.mark.postgres
@pytest.mark.parametrize("trial", [0, 1, *(pytest.param(k, marks=pytest.mark.slow) for k in range(2, 10))])
def test_four_postgres_writers_give_one_process_incidents(
    trial: int, tmp_path: Path, reference: dict[str, object]
) -> None:
    if not pg_available():
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not reachable")
    copies = shuffled_copies(DEV, tmp_path, 4, share=0.5 + 0.05 * trial)
    with fresh_pg() as url:
        _run_together(url, copies)
        got = contents(url)
    assert got["articles"] == reference["articles"]  # each article once, none missing
    assert got["mentions"] == reference["mentions"]
    # Merging reads the reports already stored (a vague report is lifted by a report told beside it), so
    # the order in which chunks arrive can change a grouping, with one process too (a known limit, see
    # docs/scale.md): the writers together may differ from one process in a few groups, never more.
    assert abs(got["active"] - reference["active"]) <= max(2, reference["active"] // 40)
    assert _differing(got["incidents"], reference["incidents"]) <= max(8, reference["active"] // 10)


def _differing(a: object, b: object) -> int:
    """Incident groups in one result and not the other."""
    left, right = set(map(repr, a)), set(map(repr, b))  # type: ignore[call-overload]
    return len(left ^ right)


def test_sqlite_second_writer_is_told_so(tmp_path: Path) -> None:
    db = tmp_path / "one.db"
    subprocess.run(salvo_cmd("incidents", "--db", str(db)), env=ENV, check=True, capture_output=True, timeout=120)
    lock = FileLock(db.with_name(db.name + ".writer.lock"))
    lock.acquire(wait=False)  # this test process is the writer now
    try:
        done = subprocess.run(
            salvo_cmd("ingest", str(DEV), "--db", str(db), "-q"), env=ENV, capture_output=True, text=True, timeout=300
        )
    finally:
        lock.release()
    assert done.returncode == 3
    assert "one writer at a time" in done.stderr and "Traceback" not in done.stderr


def test_sqlite_concurrent_writers_fail_cleanly_or_succeed(tmp_path: Path, reference: dict[str, object]) -> None:
    """Started together on a fresh file: the schema is created once, each process either stores its input
    or stops with the single-writer message; re-running the stopped ones completes the database."""
    db = tmp_path / "many.db"
    copies = shuffled_copies(DEV, tmp_path, 3)
    procs = [(p, start("ingest", str(p), "--db", str(db), "--chunk", "4", "-q")) for p in copies]
    busy = []
    for path, proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode in (0, 3), err
        assert "Traceback" not in err
        if proc.returncode == 3:
            assert "one writer at a time" in err
            busy.append(path)
    for path in busy:
        subprocess.run(salvo_cmd("ingest", str(path), "--db", str(db), "-q"), env=ENV, check=True, timeout=600)
    assert contents(f"sqlite:///{db}") == reference


def test_sqlite_migrations_never_race(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    procs = [start("incidents", "--db", str(db)) for _ in range(4)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
