"""Watching feeds served from 127.0.0.1 into a real SQLite store."""

from __future__ import annotations

import asyncio
import html
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from salvo.cli import app
from salvo.ingest.feeds import Watcher, parse_feed
from salvo.ingest.fetch import Fetcher, FetchPolicy
from salvo.ingest.progress import RunCounts, record_run
from salvo.store import Store, open_store
from salvo.store.models import ArticleRow, FeedEntryRow, FeedRow, RunRow

RELEVANT = [
    "Two rockets landed near a base hosting US troops in western Iraq on Tuesday, the coalition said.",
    "There were no casualties, and no group claimed the attack, a spokesman said in a statement.",
]
UNRELATED = [
    "The town council voted on Monday to extend library opening hours across the district.",
    "Residents welcomed the plan, which adds evening hours on weekdays from next month.",
]
FRENCH = [
    "Deux roquettes sont tombées près d'une base qui accueille des soldats américains en Irak.",
    "Il n'y a pas eu de victimes, selon un communiqué publié par la coalition dans la soirée.",
]


def page(title: str, paragraphs: list[str], lang: str = "en") -> bytes:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f"<html lang='{lang}'><head><meta charset='utf-8'><title>{html.escape(title)}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{html.escape(title)}</h1>{body}</article></body></html>"
    ).encode()


def rss(items: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>Tue, 09 Mar 2021 08:00:00 GMT</pubDate></item>"
        for t, link in items
    )
    return (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Test wire</title>"
        f"<link>http://example.invalid/</link>{entries}</channel></rss>"
    ).encode()


class Site:
    """Routes: path -> (status, headers, body, delay); every request path is logged."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes, float]] = {}
        self.log: list[str] = []
        self.lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    server: Any

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        site: Site = self.server.site
        with site.lock:
            site.log.append(self.path)
            route = site.routes.get(self.path)
        if route is None:
            status, headers, body, delay = 404, {}, b"not found", 0.0
        else:
            status, headers, body, delay = route
        if delay:
            time.sleep(delay)
        etag = headers.get("ETag")
        if etag and self.headers.get("If-None-Match") == etag:
            status, body = 304, b""
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


@pytest.fixture()
def site() -> Iterator[tuple[str, Site]]:
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    httpd.site = Site()  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    host, port = httpd.server_address[:2]
    try:
        yield f"http://{host}:{port}", httpd.site  # type: ignore[attr-defined]
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{tmp_path / 'salvo.db'}")
    yield opened
    opened.close()


def serve_feed(base: str, site: Site, items: list[tuple[str, str]], etag: str) -> None:
    site.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml", "ETag": etag},
                                rss([(t, base + p) for t, p in items]), 0.0)


def poll(store: Store, base: str, timeout: float = 5.0) -> RunCounts:
    policy = FetchPolicy(allowed_hosts=frozenset({base.removeprefix("http://")}), host_delay=0.0,
                         retries=0, timeout=timeout)
    counts = RunCounts(kind="watch")

    async def run() -> None:
        async with Fetcher(policy) as fetcher:
            await Watcher(store, fetcher, counts).poll_all([base + "/feed.xml"])

    asyncio.run(run())
    record_run(store, counts)
    return counts


def statuses(store: Store) -> dict[str, str | None]:
    with store.sessions() as session:
        return {row.url or "": row.status for row in session.scalars(select(FeedEntryRow))}


def test_feed_parsing_reads_rss_and_atom() -> None:
    atom = (
        b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>A</title>"
        b"<entry><id>tag:x,2021:1</id><title>One</title><link href='/a/1'/>"
        b"<updated>2021-03-09T08:00:00Z</updated></entry></feed>"
    )
    (entry,) = parse_feed(atom, "https://wire.example.com/feed")
    assert entry.key == "tag:x,2021:1" and entry.url == "https://wire.example.com/a/1"
    assert str(entry.published) == "2021-03-09"
    with pytest.raises(ValueError):
        parse_feed(b"<html><body>no feed here</body></html>", "https://wire.example.com/")


def test_watch_cycle_ingests_relevant_keeps_other_languages_and_skips_the_rest(
    site: tuple[str, Site], store: Store
) -> None:
    base, s = site
    s.routes["/a"] = (200, {"Content-Type": "text/html"}, page("Rockets land near base", RELEVANT), 0.0)
    s.routes["/b"] = (200, {"Content-Type": "text/html"}, page("Library hours", UNRELATED), 0.0)
    s.routes["/c"] = (200, {"Content-Type": "text/html"}, page("Roquettes en Irak", FRENCH, "fr"), 0.0)
    serve_feed(base, s, [("A", "/a"), ("B", "/b"), ("C", "/c")], '"v1"')
    counts = poll(store, base)
    assert (counts.read, counts.relevant, counts.errors) == (3, 1, 0)
    assert counts.unsupported == {"fr": 1} and counts.dropped == {"no_region": 1}
    assert statuses(store) == {
        base + "/a": "ingested",
        base + "/b": "irrelevant",
        base + "/c": "unsupported_language:fr",
    }
    with store.sessions() as session:
        articles = {row.title: row for row in session.scalars(select(ArticleRow))}
        assert set(articles) == {"Rockets land near base", "Roquettes en Irak"}
        assert articles["Roquettes en Irak"].language == "fr"
        assert str(articles["Rockets land near base"].published) == "2021-03-09"  # from the feed entry
        entries = list(session.scalars(select(FeedEntryRow).where(FeedEntryRow.status == "ingested")))
        assert entries[0].article_id == articles["Rockets land near base"].id
        feed = session.scalar(select(FeedRow))
        assert feed is not None and feed.etag == '"v1"' and feed.last_status == "200"
        run = session.scalars(select(RunRow).where(RunRow.kind == "watch")).one()
        assert (run.read, run.relevant, run.errors) == (3, 1, 0)
        assert run.summary is not None and run.summary["unsupported_language"] == {"fr": 1}


def test_etag_304_fetches_nothing_and_an_update_fetches_only_the_new_entry(
    site: tuple[str, Site], store: Store
) -> None:
    base, s = site
    s.routes["/a"] = (200, {"Content-Type": "text/html"}, page("Rockets land near base", RELEVANT), 0.0)
    s.routes["/b"] = (200, {"Content-Type": "text/html"}, page("Library hours", UNRELATED), 0.0)
    serve_feed(base, s, [("A", "/a")], '"v1"')
    poll(store, base)
    s.log.clear()
    counts = poll(store, base)
    assert s.log == ["/feed.xml"] and counts.skipped["feed_not_modified"] == 1
    serve_feed(base, s, [("B", "/b"), ("A", "/a")], '"v2"')
    s.log.clear()
    poll(store, base)
    assert s.log == ["/feed.xml", "/b"]


def test_restart_fetches_nothing_twice(site: tuple[str, Site], tmp_path: Path) -> None:
    base, s = site
    url = f"sqlite:///{tmp_path / 'restart.db'}"
    s.routes["/a"] = (200, {"Content-Type": "text/html"}, page("Rockets land near base", RELEVANT), 0.0)
    s.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, rss([("A", base + "/a")]), 0.0)
    first = open_store(url)
    poll(first, base)
    first.close()
    s.log.clear()
    second = open_store(url)  # a new process would open the same file
    poll(second, base)
    second.close()
    assert s.log == ["/feed.xml"]


def test_slow_page_is_retried_on_later_polls_then_given_up(site: tuple[str, Site], store: Store) -> None:
    base, s = site
    s.routes["/slow"] = (200, {"Content-Type": "text/html"}, page("Slow", RELEVANT), 1.0)
    s.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, rss([("S", base + "/slow")]), 0.0)
    poll(store, base, timeout=0.3)
    assert statuses(store)[base + "/slow"] == "retry-1:timeout"
    poll(store, base, timeout=0.3)
    assert statuses(store)[base + "/slow"] == "retry-2:timeout"
    counts = poll(store, base, timeout=0.3)
    assert statuses(store)[base + "/slow"] == "failed:timeout" and counts.errors == 1
    s.log.clear()
    poll(store, base, timeout=0.3)
    assert s.log == ["/feed.xml"]


def test_entry_linking_to_a_private_address_is_refused(site: tuple[str, Site], store: Store) -> None:
    base, s = site
    s.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"},
                             rss([("Meta", "http://169.254.169.254/latest/meta-data/")]), 0.0)
    counts = poll(store, base)
    assert statuses(store)["http://169.254.169.254/latest/meta-data/"] == "failed:blocked"
    assert counts.errors == 1 and "refused" in counts.error_messages[0]


def test_broken_feed_is_an_error_not_a_crash(site: tuple[str, Site], store: Store) -> None:
    base, s = site
    s.routes["/feed.xml"] = (200, {"Content-Type": "text/html"}, b"<html><body>oops</body></html>", 0.0)
    counts = poll(store, base)
    assert counts.errors == 1 and "not a readable feed" in counts.error_messages[0]


def test_watch_command_once(site: tuple[str, Site], tmp_path: Path) -> None:
    base, s = site
    s.routes["/a"] = (200, {"Content-Type": "text/html"}, page("Rockets land near base", RELEVANT), 0.0)
    serve_feed(base, s, [("A", "/a")], '"v1"')
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    host = base.removeprefix("http://")
    result = CliRunner().invoke(
        app, ["watch", base + "/feed.xml", "--once", "--db", db, "--allow-host", host, "--host-delay", "0"]
    )
    assert result.exit_code == 0, result.output
    assert "watch: read 1, relevant 1" in result.output
    refused = CliRunner().invoke(app, ["watch", base + "/feed.xml", "--once", "--db", db])
    assert refused.exit_code == 1 and "refused" in refused.output  # cron notices a refused feed
    bad = CliRunner().invoke(app, ["watch", base + "/feed.xml", "--every", "5s", "--db", db])
    assert bad.exit_code == 2
