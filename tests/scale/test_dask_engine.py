"""``salvo ingest --engine dask`` on a real LocalCluster: extraction on the workers, merging as a
distributed group-by, bulk load; the same incidents as ``salvo ingest`` on the dev gold, in real
PostgreSQL databases and in SQLite; re-running stores nothing twice; a SIGKILLed worker's shard is
retried and reported, never lost or stored twice.

What is compared (``helpers.contents``): the stored articles (input ids), the count of active mentions,
and every active incident as the sorted list of its mention keys (input id # position) with its merged
category, date, country, place, killed and injured. Database merging gives the grouping of clustering
all stored reports at once, in canonical order; the Dask path clusters the whole input in the same order,
in pieces (``test_dask_merge.py`` checks the pieces against the run-level merge on all the English gold).
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from salvo.store import open_store

from .helpers import ENV, contents, fresh_pg, pg_available, salvo_cmd

DEV = Path(__file__).resolve().parents[3] / "shared" / "gold" / "dev.jsonl"

pytestmark = [
    pytest.mark.skipif(not DEV.is_file(), reason="the gold files are not beside the repository"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::UserWarning"),
]
distributed = pytest.importorskip("distributed")

from salvo.distributed.backfill import backfill  # noqa: E402
from salvo.distributed.engine import dask_client  # noqa: E402


def _ingest(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(salvo_cmd("ingest", str(DEV), *args), env=ENV, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    db = tmp_path_factory.mktemp("ref") / "one.db"
    _ingest("--db", str(db), "-q")
    return contents(f"sqlite:///{db}")


@pytest.mark.postgres
def test_dask_on_postgres_gives_single_machine_incidents_and_reruns_store_nothing() -> None:
    """Two real PostgreSQL databases: ``salvo ingest`` in one, ``--engine dask`` (2 worker processes,
    COPY) in the other; then the Dask command again, which finds everything stored."""
    if not pg_available():
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not reachable")
    with fresh_pg() as single, fresh_pg() as dask:
        _ingest("--db", single, "-q")
        done = _ingest("--db", dask, "--engine", "dask", "--workers", "2")
        assert "bulk-loaded" in done.stderr
        expected = contents(single)
        assert contents(dask) == expected
        again = _ingest("--db", dask, "--engine", "dask", "--workers", "2")
        assert "incremental merge" in again.stderr and "new 0," in again.stderr
        assert contents(dask) == expected


def test_dask_on_sqlite_gives_single_machine_incidents(tmp_path: Path, reference: dict[str, object]) -> None:
    """The SQLite fallback of the bulk load (executemany), in-process workers."""
    url = f"sqlite:///{tmp_path / 'dask.db'}"
    store = open_store(url)
    shards = tmp_path / "shards"
    shards.mkdir()
    with dask_client(workers=2, processes=False) as client:
        job = backfill(client, store, [str(DEV)], shards, records=16)
    store.close()
    assert job.path == "bulk" and not job.run.failed and job.run.shards == 5
    assert job.merge.components > 1  # the merge ran in pieces
    assert contents(url) == reference


def _kill_first_runner(shards: Path, done: list[int]) -> None:
    """SIGKILL the worker process that starts the first shard, while it runs that shard."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        for attempts in sorted(shards.glob("*.attempts")):
            pid = int(attempts.read_text().split()[0])
            if pid != os.getpid():
                os.kill(pid, signal.SIGKILL)
                done.append(pid)
                return
        time.sleep(0.01)


@pytest.mark.slow
def test_killed_worker_loses_and_doubles_nothing(tmp_path: Path, reference: dict[str, object]) -> None:
    shards = tmp_path / "shards"
    shards.mkdir()
    killed: list[int] = []
    url = f"sqlite:///{tmp_path / 'killed.db'}"
    store = open_store(url)
    with dask_client(workers=2, processes=True) as client:
        threading.Thread(target=_kill_first_runner, args=(shards, killed), daemon=True).start()
        job = backfill(client, store, [str(DEV)], shards, records=8)
    store.close()
    assert killed, "no worker was killed"
    assert not job.run.failed and len(job.run.reports) == job.run.shards
    assert job.run.retried  # the killed worker's shard ran again, and is reported
    assert contents(url) == reference


@pytest.mark.slow
def test_worker_killed_before_the_merge_loses_and_doubles_nothing(tmp_path: Path, reference: dict[str, object]) -> None:
    """A worker SIGKILLed early in the merge: its share of the reports is read again from the shards by Dask
    (the merge's tasks are pure), and the group-bys finish on the worker left and the one restarted."""
    shards = tmp_path / "shards"
    shards.mkdir()
    killed: list[int] = []
    url = f"sqlite:///{tmp_path / 'killed.db'}"
    store = open_store(url)
    merged: list[int] = []
    with dask_client(workers=2, processes=True) as client:

        def on_phase(name: str) -> None:
            if name == "plan":
                pid = next(iter(client.run(os.getpid).values()))
                threading.Timer(0.3, lambda: (os.kill(pid, signal.SIGKILL), killed.append(pid))).start()
            if name == "merge":
                merged.append(len(killed))  # how many kills had landed when the merge ended

        job = backfill(client, store, [str(DEV)], shards, records=8, on_phase=on_phase)
    store.close()
    assert merged == [1] and job.path == "bulk"  # the worker died during the merge
    assert contents(url) == reference
