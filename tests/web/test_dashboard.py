"""The dashboard as a person uses it: load, filter, brush, click a point, read the evidence."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from salvo.api.live import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DOCS = Path(__file__).resolve().parents[2] / "docs"


def open_dashboard(page: Any, site: LiveServer, query: str = "") -> None:
    page.goto(f"{site.url}/{query}")
    page.wait_for_selector("body[data-ready=dashboard]")
    page.wait_for_function("document.querySelectorAll('path.inc-marker').length > 0")


def table_places(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("table.incidents tbody tr td:nth-child(4)").all_inner_texts()]


def screenshot(page: Any, name: str, tmp_path: Path, full_page: bool = False) -> None:
    page.screenshot(path=str(tmp_path / name), full_page=full_page)
    if os.environ.get("SALVO_SCREENSHOTS") == "docs":  # refresh the README's pictures
        DOCS.mkdir(exist_ok=True)
        page.screenshot(path=str(DOCS / name), full_page=full_page)


def test_page_loads_with_map_timeline_and_table_offline(page: Any, site: LiveServer, tmp_path: Path) -> None:
    open_dashboard(page, site)
    assert len(table_places(page)) == 6
    assert page.locator("#timeline rect.bar").count() >= 6
    page.wait_for_selector("#map[data-basemap=ready] canvas")  # offline borders drawn
    assert page.locator("#status").inner_text().startswith("6 incidents")
    outside = [u for u in page.requests_seen if not (u.startswith(site.url) or u.startswith("data:"))]
    assert outside == []
    assert page.errors_seen == []
    screenshot(page, "dashboard.png", tmp_path)


def test_filter_by_weapon_and_date_lives_in_the_url(page: Any, site: LiveServer) -> None:
    open_dashboard(page, site)
    page.select_option("#f-weapon", "drone")
    page.wait_for_function("document.querySelectorAll('table.incidents tbody tr').length === 2")
    assert sorted(table_places(page)) == ["Ain al-Asad", "Tower 22"]
    page.fill("#f-date_from", "2024-01-01")
    page.dispatch_event("#f-date_from", "change")
    page.wait_for_function("document.querySelectorAll('table.incidents tbody tr').length === 1")
    assert table_places(page) == ["Tower 22"]
    query = parse_qs(urlparse(page.url).query)
    assert query["weapon"] == ["drone"] and query["date_from"] == ["2024-01-01"]
    assert page.locator("path.inc-marker").count() == 1
    # the state survives a reload
    page.reload()
    page.wait_for_selector("body[data-ready=dashboard]")
    assert page.input_value("#f-weapon") == "drone"
    assert table_places(page) == ["Tower 22"]


def test_timeline_brush_sets_the_date_range(page: Any, site: LiveServer) -> None:
    open_dashboard(page, site)
    box = page.locator("#timeline rect.brush-overlay").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.55, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.99, y, steps=5)
    page.mouse.up()
    page.wait_for_function("new URLSearchParams(location.search).has('date_from')")
    query = parse_qs(urlparse(page.url).query)
    assert query["date_from"][0] >= "2023-10-18" and query["date_to"][0] <= "2024-03-10"
    page.wait_for_function("document.querySelectorAll('table.incidents tbody tr').length < 6")
    assert "Ain al-Asad" not in table_places(page)


def test_sorting_the_table(page: Any, site: LiveServer) -> None:
    open_dashboard(page, site)
    page.click("button.sort[data-sort=place]")
    page.wait_for_function("new URLSearchParams(location.search).get('sort') === 'place'")
    page.wait_for_function("document.querySelector('th[aria-sort=ascending]') !== null")
    places = table_places(page)
    assert places == sorted(places)


def test_click_map_point_opens_incident_with_evidence_highlighted(page: Any, site: LiveServer, tmp_path: Path) -> None:
    open_dashboard(page, site)
    tower = None
    for i in range(page.locator("path.inc-marker").count()):
        m = page.locator("path.inc-marker").nth(i)
        m.hover()
        tip = page.locator(".leaflet-tooltip").last.inner_text()
        if "Tower 22" in tip:
            tower = m
            break
    assert tower is not None, "no map point for Tower 22"
    tower.click()
    page.wait_for_selector("body[data-ready=incident]")
    assert "/incidents/" in page.url
    assert "Tower 22" in page.locator("#incident h1").inner_text()
    marks = page.locator("#incident mark.evidence").all_inner_texts()
    assert any("Tower 22 outpost on Sunday" in m for m in marks)
    assert any("more than 40 troops" in m for m in marks)
    conflict = page.locator("table.fields tr.conflict[data-field=injured]")
    assert conflict.count() == 1 and "34" in conflict.inner_text() and "40" in conflict.inner_text()
    assert page.locator("table.conflicts").count() == 1
    screenshot(page, "incident.png", tmp_path, full_page=True)
    page.click("text=back to all incidents")
    page.wait_for_selector("#dashboard:not([hidden])")


def test_hostile_article_text_renders_as_text(page: Any, site: LiveServer) -> None:
    open_dashboard(page, site)
    page.locator("table.incidents tbody tr", has_text="Harir").click()
    page.wait_for_selector("body[data-ready=incident]")
    page.wait_for_selector(".article-text")
    text = page.locator(".article-text").inner_text()
    assert "<script>window.__pwned = 1</script>" in text
    assert 'onerror="window.__pwned = 2"' in text
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".article-text script, .article-text img, .article-text a").count() == 0
    assert "Mortar <b>fire</b> at Harir" in page.locator(".source h3").inner_text()
    assert page.locator(".source h3 a").get_attribute("href") == "#"  # javascript: URL neutralised
    assert page.errors_seen == []


def test_page_works_under_its_own_content_security_policy(browser: Any, site: LiveServer) -> None:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    problems: list[str] = []
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pg.goto(site.url + "/")
    pg.wait_for_selector("body[data-ready=dashboard]", timeout=10_000)
    pg.wait_for_selector("path.inc-marker", timeout=10_000)
    pg.locator("table.incidents tbody tr", has_text="Harir").click()
    pg.wait_for_selector(".article-text mark.evidence", timeout=10_000)
    context.close()
    assert problems == []


def test_api_docs_render_offline(page: Any, site: LiveServer) -> None:
    page.goto(site.url + "/docs")
    page.wait_for_selector('.opblock-summary-path[data-path="/api/incidents"]')
    outside = [u for u in page.requests_seen if not (u.startswith(site.url) or u.startswith("data:"))]
    assert outside == []
