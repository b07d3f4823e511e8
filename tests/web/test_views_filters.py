"""P10: every analyst view runs under the filters in its URL, in the real chromium on a real server and
SQLite file: the figures shown are the API's for the filtered set (not the whole database's), the
filters are shown and removable, they survive moving from view to view, and a bad value is named."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from tests.web.test_analyst import AXE, extra_results, new_page, serious

from salvo.api import create_app
from salvo.api.demo import demo_results
from salvo.api.live import LiveServer
from salvo.store import open_store
from salvo.store.ingest import ingest_articles

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    path = tmp_path_factory.mktemp("views") / "salvo.db"
    store = open_store(f"sqlite:///{path}")
    ingest_articles(store, [*demo_results(), *extra_results()])
    with LiveServer(create_app(store=store, api_token="")) as srv:
        yield srv
    store.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    pg = new_page(browser)
    yield pg
    assert pg.errors_seen == []  # type: ignore[attr-defined]
    pg.context.close()


def api(page: Any, site: LiveServer, path: str) -> Any:
    res = page.request.get(site.url + path)
    assert res.ok, res.text()
    return res.json()


def open_view(page: Any, site: LiveServer, name: str, query: str = "") -> None:
    page.goto(f"{site.url}/views/{name}{query}")
    page.wait_for_selector(f"body[data-ready=view] #view-{name} > div")


def cells(page: Any, selector: str) -> list[str]:
    return [t.strip() for t in page.locator(selector).all_inner_texts()]


def test_each_views_url_with_a_filter_shows_the_filtered_figures(page: Any, site: LiveServer) -> None:
    # tallies: the lead counts the filtered list
    open_view(page, site, "tallies", "?country=JO")
    total = api(page, site, "/api/incidents?country=JO&limit=1")["total"]
    assert total < api(page, site, "/api/incidents?limit=1")["total"]
    assert page.locator("#tallies-lead").inner_text().startswith(f"{total} incidents match the filters")
    # official counts: each row's "Salvo" is the filtered count, which differs from the whole one
    open_view(page, site, "reconcile", "?country=IQ")
    ours = [str(r["ours"]) for r in api(page, site, "/api/reconcile?country=IQ")]
    assert cells(page, "#view-reconcile td.ours") == ours
    assert ours != [str(r["ours"]) for r in api(page, site, "/api/reconcile")]
    # cycles: the strikes the filter selects
    open_view(page, site, "cycles", "?date_from=2024-02-05")
    strikes = api(page, site, "/api/cycles?date_from=2024-02-05")
    assert 0 < len(strikes) < len(api(page, site, "/api/cycles"))
    assert page.locator("#view-cycles tr.cycle-row").count() == len(strikes)
    assert strikes[0]["date"] in page.locator("#view-cycles tr.cycle-row").first.inner_text()
    open_view(page, site, "cycles", "?country=SY")
    assert "No dated strike matches the filters" in page.locator("#view-cycles .empty-note").inner_text()
    # claims: the share of the filtered attacks
    open_view(page, site, "claims", "?country=JO")
    shares = api(page, site, "/api/claims?country=JO")["shares"]
    assert shares["incidents"] < api(page, site, "/api/claims")["shares"]["incidents"]
    lead = page.locator("#claims-lead").inner_text()
    assert lead.startswith(f"{shares['claimed']} of {shares['incidents']} attacks claimed")
    # what changed: the sections count the filtered incidents' changes
    open_view(page, site, "changes", "?country=JO&since=2000-01-01")
    totals = api(page, site, "/api/changes?since=2000-01-01&country=JO")["totals"]
    assert totals["new_incidents"] == 1
    heading = page.locator("#view-changes h2[data-section=new_incidents]").inner_text()
    assert heading.endswith(f"({totals['new_incidents']})")
    revised = page.locator("#view-changes h2[data-section=revised_values]").inner_text()
    assert revised.endswith(f"({totals['revised_values']})")


def test_the_filters_are_shown_and_survive_moving_between_views(page: Any, site: LiveServer) -> None:
    open_view(page, site, "claims", "?country=IQ&weapon=rocket")
    chips = page.locator("#applied-filters li.chip")
    assert chips.count() == 2 and "Country: IQ" in chips.first.inner_text()
    page.click("#nav a:has-text('Official counts')")
    page.wait_for_selector("body[data-ready=view] #view-reconcile td.ours")
    q = parse_qs(urlparse(page.url).query)
    assert urlparse(page.url).path == "/views/reconcile"
    assert (q["country"], q["weapon"]) == (["IQ"], ["rocket"])
    ours = [str(r["ours"]) for r in api(page, site, "/api/reconcile?country=IQ&weapon=rocket")]
    assert cells(page, "#view-reconcile td.ours") == ours
    assert "Weapon: rocket" in page.locator("#applied-filters").inner_text()
    # a count opens the list of the same incidents: the filter and the tally's scope together
    link = page.locator("#view-reconcile td.ours a").last
    listed = api(page, site, "/api/incidents?" + urlparse(link.get_attribute("href")).query)
    assert listed["total"] == int(link.inner_text())
    page.click("#nav a:has-text('Attack–response')")
    page.wait_for_selector("body[data-ready=view] #view-cycles > div")
    assert parse_qs(urlparse(page.url).query)["weapon"] == ["rocket"]
    # removing a filter there changes the figures and the URL
    page.click("#applied-filters li.chip[data-key=weapon] button")
    page.wait_for_function("!new URLSearchParams(location.search).has('weapon')")
    page.wait_for_selector("#view-cycles tr.cycle-row")
    assert page.locator("#view-cycles tr.cycle-row").count() == len(api(page, site, "/api/cycles?country=IQ"))
    assert page.locator("#status").inner_text() == ""  # the map's count was of the old filters
    # and the map's filter panel takes them over
    page.click("#applied-change")
    page.wait_for_selector("body[data-ready=dashboard]")
    assert page.locator("#f-country").input_value() == "IQ"
    total = api(page, site, "/api/incidents?country=IQ")["total"]
    page.wait_for_function(f"document.querySelectorAll('table.incidents tbody tr').length === {total}")
    page.click("#nav a:has-text('Claims')")
    page.wait_for_selector("#claims-lead")
    shares = api(page, site, "/api/claims?country=IQ")["shares"]
    assert page.locator("#claims-lead").inner_text().startswith(f"{shares['claimed']} of {shares['incidents']}")


def test_a_bad_filter_value_in_a_views_url_says_which_field(page: Any, site: LiveServer) -> None:
    page.goto(f"{site.url}/views/claims?min_casualties=-1")
    page.wait_for_selector("#notice:not([hidden])")
    assert "min_casualties" in page.locator("#view-claims .panel-error").inner_text()
    text = page.locator("#notice").inner_text()
    assert "min_casualties" in text and "accepts a whole number" in text and "object Object" not in text
    page.click("#notice-clear")
    page.wait_for_selector("#claims-lead")
    page.wait_for_selector("#notice", state="hidden")
    assert "min_casualties" not in page.url


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core is not installed: npm ci")
@pytest.mark.parametrize("name", ["tallies", "reconcile", "cycles", "claims", "changes"])
def test_axe_finds_no_serious_violation_on_a_filtered_view(page: Any, site: LiveServer, name: str) -> None:
    open_view(page, site, name, "?country=IQ&weapon=rocket&since=2000-01-01")
    page.wait_for_selector("#applied-filters li.chip")
    assert serious(page) == []
