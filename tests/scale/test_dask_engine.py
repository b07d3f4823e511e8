"""``salvo ingest --engine dask`` on a real LocalCluster: the same incidents as the single-machine path on
the dev gold, and a SIGKILLed worker's shard is retried and reported, never lost or stored twice."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from salvo.store import open_store
from salvo.store.ingest import ingest_articles

from .helpers import ENV, contents, salvo_cmd

DEV = Path(__file__).resolve().parents[3] / "shared" / "gold" / "dev.jsonl"

pytestmark = [
    pytest.mark.skipif(not DEV.is_file(), reason="the gold files are not beside the repository"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]
distributed = pytest.importorskip("distributed")

from salvo.distributed.engine import run_shards, stored_results  # noqa: E402


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    db = tmp_path_factory.mktemp("ref") / "one.db"
    subprocess.run(salvo_cmd("ingest", str(DEV), "--db", str(db), "-q"), env=ENV, check=True, timeout=600)
    return contents(f"sqlite:///{db}")


def _store(tmp_path: Path, shards: Path, run: Any) -> dict[str, object]:
    url = f"sqlite:///{tmp_path / 'dask.db'}"
    store = open_store(url)
    ingest_articles(store, stored_results(shards, run))
    store.close()
    return contents(url)


def test_dask_two_workers_give_single_machine_incidents(tmp_path: Path, reference: dict[str, object]) -> None:
    shards = tmp_path / "shards"
    shards.mkdir()
    run = run_shards([str(DEV)], shards, workers=2, processes=False, records=16)
    assert not run.failed and len(run.reports) == run.shards == 5
    assert _store(tmp_path, shards, run) == reference


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

    def on_start(_client: Any) -> None:
        threading.Thread(target=_kill_first_runner, args=(shards, killed), daemon=True).start()

    run = run_shards([str(DEV)], shards, workers=2, processes=True, records=8, on_start=on_start)
    assert killed, "no worker was killed"
    assert not run.failed and len(run.reports) == run.shards
    assert run.retried  # the killed worker's shard ran again, and is reported
    assert _store(tmp_path, shards, run) == reference
