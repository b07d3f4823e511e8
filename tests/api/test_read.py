"""The read API against a real server and a real SQLite file."""

from __future__ import annotations

import httpx

from salvo.api.live import LiveServer


def get(srv: LiveServer, path: str, **params: object) -> httpx.Response:
    return httpx.get(srv.url + path, params=params, timeout=10)  # type: ignore[arg-type]


def test_list_incidents_newest_first(server: LiveServer) -> None:
    body = get(server, "/api/incidents").json()
    assert body["total"] == 6
    dates = [i["date"] for i in body["items"]]
    assert dates == sorted(dates, reverse=True)
    assert {"id", "category", "weapons", "reports", "source_count"} <= set(body["items"][0])


def test_filter_by_weapon_and_date(server: LiveServer) -> None:
    body = get(server, "/api/incidents", weapon="drone", date_from="2024-01-01").json()
    assert [i["place"] for i in body["items"]] == ["Tower 22"]


def test_filter_by_country_category_and_casualties(server: LiveServer) -> None:
    assert {i["place"] for i in get(server, "/api/incidents", country="SY").json()["items"]} == {"Green Village"}
    strikes = get(server, "/api/incidents", category="strike").json()
    assert {i["place"] for i in strikes["items"]} == {"Al-Qaim", "Baghdad"}
    heavy = get(server, "/api/incidents", min_casualties=10).json()
    assert [i["place"] for i in heavy["items"]] == ["Tower 22"]


def test_text_search_and_admin1(server: LiveServer) -> None:
    assert get(server, "/api/incidents", q="harir").json()["total"] == 1
    assert {i["place"] for i in get(server, "/api/incidents", admin1="Anbar").json()["items"]} == {
        "Al-Qaim",
        "Ain al-Asad",
    }


def test_sort_ascending_and_offset_pagination(server: LiveServer) -> None:
    first = get(server, "/api/incidents", sort="date", limit=2).json()
    second = get(server, "/api/incidents", sort="date", limit=2, offset=2).json()
    assert first["items"][0]["place"] == "Ain al-Asad"
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}


def test_cursor_pagination_walks_everything_once(server: LiveServer) -> None:
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        params: dict[str, object] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = get(server, "/api/incidents", **params).json()
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 6


def test_bad_sort_is_a_clear_422(server: LiveServer) -> None:
    r = get(server, "/api/incidents", sort="nonsense")
    assert r.status_code == 422
    assert "cannot sort" in r.json()["detail"]


def test_geojson_output(server: LiveServer) -> None:
    r = get(server, "/api/incidents", format="geojson", category="strike")
    assert r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert fc["type"] == "FeatureCollection" and fc["total"] == 2
    f = next(f for f in fc["features"] if f["properties"]["place"] == "Al-Qaim")
    assert f["geometry"] == {"type": "Point", "coordinates": [41.09, 34.38]}


def test_incident_detail_has_reports_evidence_and_conflict(server: LiveServer) -> None:
    inc_id = get(server, "/api/incidents", place="Tower 22").json()["items"][0]["id"]
    d = get(server, f"/api/incidents/{inc_id}").json()
    assert len(d["mentions"]) == 2 and len(d["sources"]) == 2
    injured = next(f for f in d["fields"] if f["name"] == "injured")
    assert injured["conflict"] is True
    assert sorted(r["value"] for r in injured["reports"]) == [34, 40]
    killed = next(f for f in d["fields"] if f["name"] == "killed")
    assert killed["conflict"] is False
    assert all(m["evidence"] for m in d["mentions"])


def test_unknown_incident_is_404(server: LiveServer) -> None:
    r = get(server, "/api/incidents/nope")
    assert r.status_code == 404 and "nope" in r.json()["detail"]


def test_article_has_text_and_incidents(server: LiveServer) -> None:
    inc_id = get(server, "/api/incidents", place="Harir").json()["items"][0]["id"]
    src = get(server, f"/api/incidents/{inc_id}").json()["sources"][0]
    art = get(server, f"/api/articles/{src['id']}").json()
    assert "<script>" in art["text"]  # stored as received; the page escapes it
    assert [i["id"] for i in art["incidents"]] == [inc_id]
    assert get(server, "/api/articles/999999").status_code == 404


def test_stats_by_week_split_by_category(server: LiveServer) -> None:
    body = get(server, "/api/stats", interval="week", split="category").json()
    assert sum(b["count"] for b in body["buckets"]) == 6
    assert {b["key"] for b in body["buckets"]} == {"attack", "strike"}
    assert all(b["period"] for b in body["buckets"])


def test_stats_by_month_split_by_weapon_with_filter(server: LiveServer) -> None:
    body = get(server, "/api/stats", interval="month", split="weapon", country="IQ").json()
    by = {(b["period"], b["key"]): b["count"] for b in body["buckets"]}
    assert by[("2023-10", "rocket")] == 1 and by[("2023-10", "drone")] == 1


def test_meta_lists_vocabularies(server: LiveServer) -> None:
    m = get(server, "/api/meta").json()
    assert {c["code"] for c in m["countries"]} == {"IQ", "SY", "JO"}
    assert "drone" in m["weapons"] and "United States" in m["perpetrators"]
    assert m["incidents"] == 6 and m["review_enabled"] is True


def test_openapi_docs_are_served(server: LiveServer) -> None:
    assert get(server, "/docs").status_code == 200
    paths = get(server, "/openapi.json").json()["paths"]
    assert {
        "/api/incidents",
        "/api/incidents/{incident_id}",
        "/api/articles/{article_id}",
        "/api/stats",
    } <= set(paths)


def test_pages_carry_a_strict_content_security_policy(server: LiveServer) -> None:
    csp = get(server, "/api/meta").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_out_of_range_numbers_are_client_errors_not_server_errors(server: LiveServer) -> None:
    for path in ("/api/incidents", "/api/stats"):
        assert get(server, path, min_casualties="99999999999999999999").status_code == 422
    assert get(server, "/api/articles/9223372036854775808").status_code == 404
    assert get(server, "/api/articles/-1").status_code == 404
