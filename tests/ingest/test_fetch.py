"""Safe, polite HTTP against a real server on 127.0.0.1 (no other address is ever contacted)."""

from __future__ import annotations

import asyncio
import html
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from salvo.ingest.fetch import (
    BlockedAddress,
    Fetcher,
    FetchError,
    FetchPolicy,
    fetch_article,
    is_public_address,
)

STORY = [
    "Three rockets landed inside a base hosting coalition troops in northern Iraq on Sunday, officials said.",
    "One contractor was lightly wounded, according to a statement issued by the coalition that evening.",
    "No group has claimed the attack so far, and an investigation is under way, the statement added.",
]
PAGE = (
    "<html><head><meta charset='utf-8'><title>Rockets land inside base</title>"
    "<meta property='article:published_time' content='2021-05-02'></head><body>"
    "<nav><a href='/'>Home</a></nav><article><h1>Rockets land inside base</h1>"
    + "".join(f"<p>{html.escape(p)}</p>" for p in STORY)
    + "</article></body></html>"
).encode()


class State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.flaky_left = 0
        self.in_flight = 0
        self.max_in_flight = 0


class Handler(BaseHTTPRequestHandler):
    server: Any

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass

    def send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        state: State = self.server.state
        with state.lock:
            state.requests.append((self.path, dict(self.headers.items())))
        if self.path == "/page.html":
            self.send(200, PAGE, {"Content-Type": "text/html; charset=utf-8"})
        elif self.path == "/moved":
            self.send(301, headers={"Location": "/page.html"})
        elif self.path.startswith("/redirect?to="):
            self.send(302, headers={"Location": self.path.split("=", 1)[1]})
        elif self.path == "/loop":
            self.send(302, headers={"Location": "/loop"})
        elif self.path == "/big":
            self.send(200, b"<html><body><p>" + b"word " * 400_000 + b"</p></body></html>",
                      {"Content-Type": "text/html"})
        elif self.path == "/slow":
            time.sleep(1.5)
            self.send(200, PAGE, {"Content-Type": "text/html"})
        elif self.path == "/flaky":
            with state.lock:
                state.flaky_left -= 1
                fail = state.flaky_left >= 0
            if fail:
                self.send(503, b"busy", {"Retry-After": "0"})
            else:
                self.send(200, PAGE, {"Content-Type": "text/html"})
        elif self.path == "/etag":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send(304, headers={"ETag": '"v1"'})
            else:
                self.send(200, PAGE, {"Content-Type": "text/html", "ETag": '"v1"',
                                      "Last-Modified": "Sun, 02 May 2021 10:00:00 GMT"})
        elif self.path.startswith("/hold"):
            with state.lock:
                state.in_flight += 1
                state.max_in_flight = max(state.max_in_flight, state.in_flight)
            time.sleep(0.15)
            with state.lock:
                state.in_flight -= 1
            self.send(200, PAGE, {"Content-Type": "text/html"})
        elif self.path == "/image":
            self.send(200, b"\x89PNG\r\n", {"Content-Type": "image/png"})
        else:
            self.send(404, b"not found", {"Content-Type": "text/plain"})


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (the timeout test) is expected here


@pytest.fixture()
def server() -> Iterator[tuple[str, State]]:
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    state = State()
    httpd.state = state  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    host, port = httpd.server_address[:2]
    try:
        yield f"http://{host}:{port}", state
    finally:
        httpd.shutdown()
        httpd.server_close()


def policy_for(base: str, **overrides: Any) -> FetchPolicy:
    """Only the test server itself is allowed: 127.0.0.1 on its own port."""
    settings: dict[str, Any] = {
        "allowed_hosts": frozenset({base.removeprefix("http://")}),
        "timeout": 5.0,
        "retries": 0,
        "backoff": 0.01,
        "host_delay": 0.0,
    }
    settings.update(overrides)
    return FetchPolicy(**settings)


def get(base: str, path: str, policy: FetchPolicy, **kwargs: Any) -> Any:
    async def run() -> Any:
        async with Fetcher(policy) as fetcher:
            return await fetcher.get(base + path, **kwargs)

    return asyncio.run(run())


def test_page_fetched_into_an_article_with_a_clear_user_agent(server: tuple[str, State]) -> None:
    base, state = server
    article = fetch_article(base + "/page.html", allowed_hosts=[base.removeprefix("http://")])
    assert article.title == "Rockets land inside base"
    assert STORY[0] in article.text
    agent = state.requests[0][1].get("User-Agent", "")
    assert agent.startswith("Salvo/") and "+http" in agent


def test_loopback_is_refused_without_an_allowance(server: tuple[str, State]) -> None:
    base, state = server
    with pytest.raises(BlockedAddress):
        fetch_article(base + "/page.html")
    with pytest.raises(BlockedAddress):
        fetch_article(base.replace("127.0.0.1", "localhost") + "/page.html")
    assert state.requests == []


def test_allow_private_hosts_opens_the_loopback(server: tuple[str, State]) -> None:
    base, _ = server
    article = fetch_article(base + "/page.html", allow_private_hosts=True)
    assert STORY[1] in article.text


def test_allowance_is_for_one_port_only(server: tuple[str, State]) -> None:
    base, _ = server
    other = FetchPolicy(allowed_hosts=frozenset({"127.0.0.1:1"}), retries=0)
    with pytest.raises(BlockedAddress):
        get(base, "/page.html", other)


@pytest.mark.parametrize(
    "target",
    [
        "http://10.0.0.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://192.168.1.1/",
        "http://[::1]:80/",
        "http://127.0.0.2:8080/",
        "http://0.0.0.0/",
    ],
)
def test_redirect_to_a_private_address_is_refused(server: tuple[str, State], target: str) -> None:
    base, state = server
    with pytest.raises(BlockedAddress) as caught:
        get(base, f"/redirect?to={target}", policy_for(base))
    assert "refused" in str(caught.value)
    assert [path for path, _ in state.requests] == [f"/redirect?to={target}"]


def test_redirect_within_the_allowed_server_is_followed(server: tuple[str, State]) -> None:
    base, _ = server
    result = get(base, "/moved", policy_for(base))
    assert result.status == 200 and result.url == base + "/page.html"
    assert result.redirects == [base + "/moved"]


def test_redirect_loop_ends_in_an_error(server: tuple[str, State]) -> None:
    base, _ = server
    with pytest.raises(FetchError) as caught:
        get(base, "/loop", policy_for(base, max_redirects=3))
    assert caught.value.reason == "redirects"


def test_oversized_response_is_cut_and_reported(server: tuple[str, State]) -> None:
    base, _ = server
    result = get(base, "/big", policy_for(base, max_bytes=64_000))
    assert result.truncated and len(result.body) == 64_000
    article = fetch_article(base + "/big", policy=policy_for(base, max_bytes=64_000))
    assert article.extra.get("truncated") is True


def test_slow_server_times_out(server: tuple[str, State]) -> None:
    base, _ = server
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        get(base, "/slow", policy_for(base, timeout=0.3))
    assert caught.value.reason == "timeout"
    assert time.monotonic() - started < 1.4


def test_server_errors_are_retried_with_backoff(server: tuple[str, State]) -> None:
    base, state = server
    state.flaky_left = 2
    result = get(base, "/flaky", policy_for(base, retries=2))
    assert result.status == 200
    assert [path for path, _ in state.requests] == ["/flaky"] * 3


def test_retries_give_up_and_return_the_last_answer(server: tuple[str, State]) -> None:
    base, state = server
    state.flaky_left = 5
    result = get(base, "/flaky", policy_for(base, retries=1))
    assert result.status == 503 and len(state.requests) == 2


def test_conditional_get_sends_validators_and_reads_304(server: tuple[str, State]) -> None:
    base, state = server
    first = get(base, "/etag", policy_for(base))
    assert first.status == 200 and first.etag == '"v1"'
    second = get(base, "/etag", policy_for(base), etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and second.body == b""
    sent = state.requests[1][1]
    assert sent["If-None-Match"] == '"v1"' and sent["If-Modified-Since"] == first.last_modified


def test_requests_to_one_host_are_limited_in_flight(server: tuple[str, State]) -> None:
    base, state = server
    policy = policy_for(base, per_host=2)

    async def run() -> None:
        async with Fetcher(policy) as fetcher:
            await asyncio.gather(*(fetcher.get(f"{base}/hold?{i}") for i in range(6)))

    asyncio.run(run())
    assert state.max_in_flight == 2


def test_host_delay_spaces_request_starts(server: tuple[str, State]) -> None:
    base, _ = server
    policy = policy_for(base, host_delay=0.2)

    async def run() -> float:
        async with Fetcher(policy) as fetcher:
            started = time.monotonic()
            await asyncio.gather(*(fetcher.get(f"{base}/page.html") for _ in range(3)))
            return time.monotonic() - started

    assert asyncio.run(run()) >= 0.4


def test_non_html_page_is_an_error_not_an_article(server: tuple[str, State]) -> None:
    base, _ = server
    with pytest.raises(FetchError) as caught:
        fetch_article(base + "/image", policy=policy_for(base))
    assert caught.value.reason == "not_html"


def test_only_http_urls_are_fetched() -> None:
    with pytest.raises(FetchError) as caught:
        fetch_article("file:///etc/passwd")
    assert caught.value.reason == "bad_url"


def test_public_address_classification() -> None:
    assert is_public_address("93.184.216.34")
    assert is_public_address("2606:4700::1111")
    for address in ("10.1.2.3", "172.16.0.1", "192.168.0.1", "127.0.0.1", "169.254.169.254", "::1", "fe80::1",
                    "fc00::1", "100.64.0.1", "0.0.0.0", "224.0.0.1", "::ffff:10.0.0.1", "nonsense"):
        assert not is_public_address(address), address
