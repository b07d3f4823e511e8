"""The feed watcher and bad links: no traceback, the good entry still ingested, `--once` exits 1, and
the address guard unwraps the IPv6 forms that carry an IPv4 address."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.ingest.test_feeds import RELEVANT, Site, page, poll, rss, site, statuses, store
from typer.testing import CliRunner

from salvo.cli import app
from salvo.ingest.feeds import parse_feed
from salvo.ingest.fetch import is_public_address
from salvo.store import Store

__all__ = ["site", "store"]  # the fixtures, used by name

BAD_LINKS = [
    "http://0177.0.0.1/",
    "http://256.256.256.256/",
    "http://" + "a" * 64 + ".example.com/",
    "http://xn--zz/",
    "http://[::1",
    "http://[::127.0.0.1]/",
    "http://[64:ff9b::7f00:1]/",
]


def _serve(base: str, s: Site) -> None:
    s.routes["/good"] = (200, {"Content-Type": "text/html"}, page("Rockets land near base", RELEVANT), 0.0)
    s.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"},
                             rss([(f"bad {n}", link) for n, link in enumerate(BAD_LINKS)] + [("good", base + "/good")]),
                             0.0)


def test_bad_links_are_refused_one_by_one_and_the_good_entry_is_ingested(site: tuple[str, Site], store: Store) -> None:
    base, s = site
    _serve(base, s)
    counts = poll(store, base)
    found = statuses(store)
    assert found[base + "/good"] == "ingested"
    assert counts.errors == len(BAD_LINKS)
    assert all(status.startswith("failed:") for url, status in found.items() if url != base + "/good")
    again = poll(store, base)  # the next poll fetches none of them again
    assert again.errors == 0


def test_watch_once_exits_1_when_entries_are_refused_and_prints_no_traceback(
    site: tuple[str, Site], tmp_path: Path
) -> None:
    base, s = site
    _serve(base, s)
    host = base.removeprefix("http://")
    result = CliRunner().invoke(app, ["watch", base + "/feed.xml", "--once", "--db", f"sqlite:///{tmp_path / 'w.db'}",
                                      "--allow-host", host, "--host-delay", "0", "--quiet"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


def test_a_broken_link_leaves_the_feed_readable() -> None:
    body = rss([("broken", "http://[::1"), ("fine", "https://wire.example/a")])
    urls = [e.url for e in parse_feed(body, "https://wire.example/feed.xml")]
    assert "https://wire.example/a" in urls and len(urls) == 2


@pytest.mark.parametrize("address", [
    "::127.0.0.1", "::10.0.0.1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::1",
    "2002:7f00:1::", "2002:c0a8:101::1", "::ffff:127.0.0.1",
])
def test_ipv6_forms_carrying_a_private_ipv4_are_refused(address: str) -> None:
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["64:ff9b::808:808", "2002:808:808::1", "2606:4700::1111", "8.8.8.8"])
def test_public_addresses_still_pass(address: str) -> None:
    assert is_public_address(address)
