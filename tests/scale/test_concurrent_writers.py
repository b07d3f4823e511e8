"""Many writers, one truth: concurrent ``salvo ingest`` processes on one database.

PostgreSQL: four processes started together on a fresh database, on overlapping shuffled copies of the
dev gold, give exactly the incidents of one process: the same groups of mentions under the same incident
ids, the same merged fields, no duplicate incident, no lost mention, and none of them fails (10 trials).
SQLite: one writer at a time, and the second is told so (exit status 3) instead of dying on the first
one's rows; migrations never race; and writers one after the other, in other orders and chunk sizes, give
the incidents of one process too.
"""

from __future__ import annotations

import random
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import select

from salvo.store import open_store
from salvo.store.locks import FileLock
from salvo.store.models import ArticleRow, IncidentRow, MentionRow

from .helpers import ENV, contents, fresh_pg, pg_available, salvo_cmd, shuffled_copies, start

DEV = Path(__file__).resolve().parents[3] / "shared" / "gold" / "dev.jsonl"

pytestmark = pytest.mark.skipif(not DEV.is_file(), reason="the gold files are not beside the repository")


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One process's result on the whole dev gold, with its incident ids."""
    db = tmp_path_factory.mktemp("ref") / "one.db"
    subprocess.run(salvo_cmd("ingest", str(DEV), "--db", str(db), "-q"), env=ENV, check=True, timeout=600)
    return {**contents(f"sqlite:///{db}"), "ids": incident_ids(f"sqlite:///{db}")}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``salvo extract`` of the dev gold, for the trials whose writers store extracted lines."""
    out = tmp_path_factory.mktemp("extracted") / "dev.jsonl"
    subprocess.run(salvo_cmd("extract", str(DEV), "-o", str(out)), env=ENV, check=True, timeout=600)
    return out


def incident_ids(url: str) -> list[tuple[str, tuple[str, ...]]]:
    """Each active incident's id with its mention keys (input id # position), sorted."""
    store = open_store(url)
    try:
        with store.sessions() as s:
            sources = {aid: sid for aid, sid in s.execute(select(ArticleRow.id, ArticleRow.source_id))}
            groups: dict[str, list[str]] = defaultdict(list)
            q = select(MentionRow.incident_id, MentionRow.article_id, MentionRow.position).where(
                MentionRow.superseded_at.is_(None)
            )
            for inc, aid, pos in s.execute(q):
                groups[str(inc)].append(f"{sources[aid]}#{pos}")
            active = set(s.scalars(select(IncidentRow.id).where(IncidentRow.status == "active")))
    finally:
        store.close()
    assert set(groups) == active  # every active incident has mentions, and every mention an active incident
    return sorted((inc, tuple(sorted(keys))) for inc, keys in groups.items())


def _run_together(url: str, inputs: list[Path], *extra: str) -> None:
    procs = [start("ingest", str(p), "--db", url, "--chunk", str(2 + k), "-q", *extra) for k, p in enumerate(inputs)]
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0, err


def _trial(k: int) -> object:
    """Trials 0-4 extract the gold in the writers (the slow, realistic race); 5-9 store its extracted
    lines, which races the merges more tightly; from trial 2 on they are marked ``slow``."""
    return k if k < 2 else pytest.param(k, marks=pytest.mark.slow)


@pytest.mark.postgres
@pytest.mark.parametrize("trial", [_trial(k) for k in range(10)])
def test_four_postgres_writers_give_one_process_incidents(
    trial: int, tmp_path: Path, reference: dict[str, object], extracted: Path
) -> None:
    if not pg_available():
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not reachable")
    source = DEV if trial < 5 else extracted
    copies = shuffled_copies(source, tmp_path, 4, share=0.5 + 0.05 * trial)
    with fresh_pg() as url:
        _run_together(url, copies, *(() if trial < 5 else ("--from-extracted",)))
        got = {**contents(url), "ids": incident_ids(url)}
    _same_incidents(got, reference, extracted=trial >= 5)


def _same_incidents(got: dict[str, object], reference: dict[str, object], extracted: bool) -> None:
    if not extracted:  # (``salvo extract`` keeps pages the ingest pre-filter drops, and drops others)
        assert got["articles"] == reference["articles"]  # each article once, none missing
    assert got["mentions"] == reference["mentions"]
    assert got["ids"] == reference["ids"]  # the same groups under the same ids
    assert got["incidents"] == reference["incidents"]  # and the same merged fields
    assert got["active"] == reference["active"]


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
    assert {**contents(f"sqlite:///{db}"), "ids": incident_ids(f"sqlite:///{db}")} == reference


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sqlite_writers_in_turn_give_one_process_incidents(
    seed: int, tmp_path: Path, reference: dict[str, object], extracted: Path
) -> None:
    """Overlapping shuffled copies stored one after the other, each in chunks of its own size: the order
    and the batches in which reports arrive change neither the groups nor their ids."""
    rng = random.Random(seed)
    db = tmp_path / "turns.db"
    for path in shuffled_copies(extracted, tmp_path, 3, share=0.3 + 0.2 * seed):
        chunk = str(rng.choice([1, 3, 7, 50]))
        cmd = salvo_cmd("ingest", str(path), "--db", str(db), "--from-extracted", "--chunk", chunk, "-q")
        subprocess.run(cmd, env=ENV, check=True, timeout=600)
    _same_incidents({**contents(f"sqlite:///{db}"), "ids": incident_ids(f"sqlite:///{db}")}, reference, True)


def test_sqlite_migrations_never_race(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    procs = [start("incidents", "--db", str(db)) for _ in range(4)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
