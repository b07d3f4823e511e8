"""API limits: bodies refused before they are read, bounded text fields, 4xx and never 500 on odd input,
and the headers a browser needs."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest
from tests.api.conftest import TOKEN

from salvo.api.app import MAX_BODY
from salvo.api.live import LiveServer

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _any_incident(srv: LiveServer) -> str:
    return str(httpx.get(srv.url + "/api/incidents").json()["items"][0]["id"])


def test_an_unauthenticated_post_is_refused_before_its_body_is_read(server: LiveServer) -> None:
    """The headers promise 20 MB; the answer comes after the headers alone, the body never sent."""
    host, port = "127.0.0.1", server.port
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(
            f"POST /api/incidents/x/confirm HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {20 * 1024 * 1024}\r\n\r\n".encode()
        )
        answer = sock.recv(4096).decode("latin-1")
    assert answer.startswith("HTTP/1.1 401")


def test_a_read_only_server_refuses_writes_before_the_body(readonly_server: LiveServer) -> None:
    r = httpx.post(readonly_server.url + "/api/incidents/x/confirm", content=b"x" * (MAX_BODY * 4), headers=AUTH)
    assert r.status_code == 403


def test_a_body_over_the_limit_is_413_even_with_the_token(server: LiveServer) -> None:
    iid = _any_incident(server)
    r = httpx.post(f"{server.url}/api/incidents/{iid}/confirm", content=b"{" + b" " * MAX_BODY + b"}",
                   headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 413


def test_a_chunked_body_over_the_limit_is_413(server: LiveServer) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(8):
            yield b" " * (MAX_BODY // 4)

    iid = _any_incident(server)
    r = httpx.post(f"{server.url}/api/incidents/{iid}/confirm", content=chunks(),
                   headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 413


@pytest.mark.parametrize("body", [
    {"reason": "r" * 5000},
    {"author": "a" * 500},
    {"field": "place", "value": "p" * 1000},
    {"field": "killed", "value": 10**20},
    {"field": "x" * 100, "value": 1},
])
def test_over_long_text_fields_are_422(server: LiveServer, body: dict[str, object]) -> None:
    iid = _any_incident(server)
    method = httpx.patch if "field" in body else httpx.post
    url = f"{server.url}/api/incidents/{iid}" + ("" if "field" in body else "/confirm")
    assert method(url, json=body, headers=AUTH).status_code == 422


@pytest.mark.parametrize("path", [
    "/api/incidents?min_casualties=99999999999999999999",
    "/api/stats?min_casualties=99999999999999999999",
    "/api/articles/9223372036854775808",
    "/api/articles/" + "9" * 400,
    "/api/incidents/" + "i" * 5000,
    "/api/incidents?cursor=%00%ff",
    "/api/incidents?cursor=" + "z" * 3000,
    "/api/incidents?limit=99999999999999999999",
    "/api/incidents?date_from=0001-01-01&date_to=9999-12-31",
    "/api/stats?date_from=0001-01-01&interval=week",
    "/api/incidents?q=" + "%F0%9F%92%A3" * 50,
    "/api/incidents?place=%00",
    "/api/changes?since=99999999999999999999",
    "/api/changes?since=0001-01-01",
])
def test_odd_read_input_is_never_a_500(server: LiveServer, path: str) -> None:
    assert httpx.get(server.url + path, timeout=30).status_code < 500, path


def test_docs_cannot_be_framed_and_features_are_off(server: LiveServer) -> None:
    docs = httpx.get(server.url + "/docs")
    assert "frame-ancestors 'none'" in docs.headers["content-security-policy"]
    api = httpx.get(server.url + "/api/health")
    assert "camera=()" in api.headers["permissions-policy"]
