"""Review from the incident page, with the operator's token typed in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from salvo.api import create_app
from salvo.api.demo import demo_results
from salvo.api.live import LiveServer
from salvo.store import open_store
from salvo.store.ingest import ingest_articles

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TOKEN = "ui-token-456"


@pytest.fixture(scope="module")
def review_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    path: Path = tmp_path_factory.mktemp("review-ui") / "salvo.db"
    store = open_store(f"sqlite:///{path}")
    ingest_articles(store, demo_results())
    with LiveServer(create_app(store=store, api_token=TOKEN)) as srv:
        yield srv
    store.close()


def open_incident(browser: Any, site: LiveServer, place: str) -> Any:
    context = browser.new_context(viewport={"width": 1300, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(site.url + "/")
    page.wait_for_selector("body[data-ready=dashboard]")
    page.locator("table.incidents tbody tr", has_text=place).click()
    page.wait_for_selector("section.review")
    return page


def test_wrong_token_is_refused_and_the_right_one_edits(browser: Any, review_site: LiveServer) -> None:
    page = open_incident(browser, review_site, "Green Village")
    review = page.locator("section.review")
    review.locator("input[type=password]").fill("wrong")
    review.locator("select").select_option("killed")
    review.locator("input[placeholder^='new value']").fill("4")
    review.locator("button", has_text="Edit field").click()
    page.wait_for_selector("text=401")
    review.locator("input[type=password]").fill(TOKEN)
    review.locator("input[placeholder=reason]").fill("ministry statement")
    review.locator("button", has_text="Edit field").click()
    page.wait_for_selector("table.fields tr[data-field=killed] .badge")
    assert page.locator("table.fields tr[data-field=killed] td.value").inner_text().startswith("4")
    page.locator("details.revisions summary").click()
    assert "ministry statement" in page.locator("details.revisions").inner_text()
    page.context.close()


def test_reject_from_the_page_hides_it_from_the_list(browser: Any, review_site: LiveServer) -> None:
    page = open_incident(browser, review_site, "Harir")
    review = page.locator("section.review")
    review.locator("input[type=password]").fill(TOKEN)
    review.locator("button", has_text="Reject").click()
    page.wait_for_selector("#incident h1 .badge.status-rejected")
    page.click("text=back to all incidents")
    page.wait_for_selector("#dashboard:not([hidden])")
    page.reload()
    page.wait_for_selector("body[data-ready=dashboard]")
    rows = page.locator("table.incidents tbody tr").all_inner_texts()
    assert len(rows) == 5 and not any("Harir" in r for r in rows)
    page.context.close()
