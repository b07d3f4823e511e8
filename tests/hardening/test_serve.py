"""`salvo serve --workers N` answers, and a client that sends no headers (or drips them) is cut off."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from salvo.api.demo import demo_results
from salvo.api.live import free_port
from salvo.store import open_store
from salvo.store.ingest import ingest_articles

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = f"sqlite:///{tmp_path_factory.mktemp('serve') / 'salvo.db'}"
    store = open_store(db)
    ingest_articles(store, demo_results())
    store.close()
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "SALVO_HEADER_TIMEOUT": "1"}
    proc = subprocess.Popen([str(REPO / ".venv" / "bin" / "salvo"), "serve", "--db", db, "--port", str(port),
                             "--workers", "2"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise RuntimeError("salvo serve --workers 2 did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_two_workers_answer_lists(served: str) -> None:
    with httpx.Client() as client:
        answers = [client.get(served + "/api/incidents", params={"category": "attack"}) for _ in range(20)]
    assert all(r.status_code == 200 for r in answers)


def _closed_within(sock: socket.socket, seconds: float) -> bool:
    sock.settimeout(seconds)
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_a_silent_client_is_disconnected(served: str) -> None:
    port = int(served.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as sock:
        assert _closed_within(sock, 5)


def test_a_client_dripping_its_headers_is_disconnected(served: str) -> None:
    port = int(served.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        closed = False
        while time.monotonic() - started < 5 and not closed:
            try:
                sock.sendall(b"X-Slow: 1\r\n")
            except OSError:
                closed = True
                break
            closed = _closed_within(sock, 0.3)
        assert closed
