"""Downloads of the filtered view, compressed responses and the map's labels."""

from __future__ import annotations

import csv
import io

import httpx

from salvo.api.live import LiveServer


def get(srv: LiveServer, path: str, **params: object) -> httpx.Response:
    return httpx.get(srv.url + path, params=params, timeout=10)  # type: ignore[arg-type]


def test_csv_download_has_a_bom_one_evidence_column_and_the_lists_rows(server: LiveServer) -> None:
    r = get(server, "/api/incidents", format="csv", weapon="drone")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    listed = get(server, "/api/incidents", weapon="drone").json()["items"]
    assert sorted(row["id"] for row in rows) == sorted(i["id"] for i in listed)
    assert list(rows[0]).count("evidence") == 1
    assert all(row["evidence"] for row in rows)


def test_acled_download_uses_acled_columns(server: LiveServer) -> None:
    r = get(server, "/api/incidents", format="acled", country="SY")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 1 and rows[0]["country"] == "Syria" and "event_date" in rows[0]


def test_responses_are_compressed(server: LiveServer) -> None:
    r = httpx.get(server.url + "/api/incidents", params={"format": "geojson"}, headers={"accept-encoding": "gzip"})
    assert r.headers.get("content-encoding") == "gzip"


def test_map_points_say_their_precision_and_attribution(server: LiveServer) -> None:
    fc = get(server, "/api/incidents", format="geojson", properties="minimal").json()
    props = fc["features"][0]["properties"]
    assert "location_precision" in props and "attribution" in props


def test_place_labels_come_from_the_gazetteer(server: LiveServer) -> None:
    labels = get(server, "/api/places").json()
    bases = {p["name"] for p in labels if p["kind"] == "base"}
    assert "Ain al-Asad Air Base" in bases
    assert all(p["minzoom"] >= 5 for p in labels)


def test_language_filter_and_the_languages_in_meta(server: LiveServer) -> None:
    langs = get(server, "/api/meta").json()["languages"]
    assert isinstance(langs, list)
    total = get(server, "/api/incidents").json()["total"]
    for lang in langs:
        n = get(server, "/api/incidents", language=lang).json()["total"]
        assert 0 < n <= total
        assert sum(b["count"] for b in get(server, "/api/stats", language=lang).json()["buckets"]) <= n
    assert get(server, "/api/incidents", language="xx").json()["total"] == 0
