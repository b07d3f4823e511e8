"""Headless Debian chromium (driven by Playwright) against a real server and a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from salvo.api import create_app
from salvo.api.app import static_dir
from salvo.api.demo import demo_results
from salvo.api.live import LiveServer
from salvo.store import open_store
from salvo.store.ingest import ingest_articles

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    if not (static_dir() / "index.html").is_file():
        pytest.skip("the dashboard is not built: run `npm ci && npm run build` at the repository root")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    path = tmp_path_factory.mktemp("web") / "salvo.db"
    store = open_store(f"sqlite:///{path}")
    ingest_articles(store, demo_results())
    with LiveServer(create_app(store=store, api_token="")) as srv:
        yield srv
    store.close()


@pytest.fixture
def page(browser: Any, site: LiveServer) -> Iterator[Any]:
    # bypass_csp: Playwright's polling evaluates strings, which our CSP forbids; it also means the
    # untrusted-text test proves the page's escaping on its own, without the CSP's help.
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    pg.requests_seen = []  # type: ignore[attr-defined]
    pg.on("request", lambda r: pg.requests_seen.append(r.url))  # type: ignore[attr-defined]
    pg.errors_seen = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors_seen.append(str(e)))  # type: ignore[attr-defined]
    yield pg
    context.close()
