"""The response cache replays an answer only while the data it was computed from is unchanged; the
dashboard's first answers are computed at start-up and announced as preloads in the page."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from salvo.api import create_app
from salvo.api.app import static_dir
from salvo.api.firstload import UNFILTERED, first_requests, timeline_url
from salvo.api.live import LiveServer
from salvo.api.synth import generate
from salvo.store import open_store
from salvo.store.models import IncidentRow
from salvo.store.queries import incident_dict, incident_dicts

LIST = "/api/incidents?country=IQ&category=attack&sort=-killed&limit=20"


@pytest.fixture()
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cache.db'}"
    store = open_store(url)
    generate(store, 600, seed=5)
    store.close()
    return url


@pytest.fixture()
def live(db: str) -> Iterator[LiveServer]:
    with LiveServer(create_app(database_url=db, api_token="")) as srv:
        yield srv


def _get(srv: LiveServer, url: str, **headers: str) -> httpx.Response:
    return httpx.get(srv.url + url, headers=headers, timeout=30)


def test_second_answer_is_replayed_unchanged(live: LiveServer) -> None:
    first, second = _get(live, LIST), _get(live, LIST)
    assert first.headers["x-salvo-cache"] == "miss"
    assert second.headers["x-salvo-cache"] == "hit"
    assert second.json() == first.json()
    # the outer layer's headers are still added to a replayed answer
    assert "content-security-policy" in second.headers


def test_a_change_by_another_writer_is_seen_at_once(live: LiveServer, db: str) -> None:
    before = _get(live, LIST).json()
    top = before["items"][0]["id"]
    store = open_store(db)  # another process's write: an ingest refreshing one incident
    with store.session() as s:
        row = s.scalars(select(IncidentRow).where(IncidentRow.id == top)).one()
        row.killed = 977
        row.updated_at = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(seconds=5)
        s.commit()
    store.close()
    after = _get(live, LIST)
    assert after.headers["x-salvo-cache"] == "miss"
    assert after.json()["items"][0]["killed"] == 977
    assert _get(live, LIST).headers["x-salvo-cache"] == "hit"


def test_compressed_and_plain_answers_are_kept_apart(live: LiveServer) -> None:
    url = "/api/incidents?limit=200"
    zipped = httpx.get(live.url + url, headers={"accept-encoding": "gzip"}, timeout=30)
    assert zipped.headers.get("content-encoding") == "gzip"
    with httpx.Client(headers={"accept-encoding": "identity"}) as plain_client:
        for expected in ("miss", "hit"):
            plain = plain_client.get(live.url + url, timeout=30)
            assert plain.headers["x-salvo-cache"] == expected
            assert "content-encoding" not in plain.headers
            assert plain.json() == zipped.json()


def test_errors_and_downloads_are_not_kept(live: LiveServer) -> None:
    for _ in range(2):
        bad = _get(live, "/api/incidents?date_from=yesterday")
        assert bad.status_code == 422
        assert bad.headers["x-salvo-cache"] == "miss"
        csv = _get(live, "/api/incidents?format=csv&country=SY")
        assert csv.status_code == 200
        assert csv.headers["x-salvo-cache"] == "miss"


def test_off_switch(db: str) -> None:
    with LiveServer(create_app(database_url=db, api_token="", response_cache=False)) as srv:
        for _ in range(2):
            assert "x-salvo-cache" not in _get(srv, LIST).headers


def test_page_rows_read_as_columns_equal_the_orm_rows(db: str) -> None:
    store = open_store(db)
    with store.session() as s:
        rows = list(s.scalars(select(IncidentRow).order_by(IncidentRow.id.desc()).limit(30)))
        ids = [r.id for r in rows] + ["no-such-incident"]
        assert incident_dicts(s, ids) == [incident_dict(r) for r in rows]
    store.close()


def test_timeline_url_bins_by_span() -> None:
    assert timeline_url({"date_min": "2024-01-01", "date_max": "2024-04-30"}) == (
        "/api/stats?date_from=2024-01-01&date_to=2024-04-30&interval=day&split=category")
    assert "interval=week" in (timeline_url({"date_min": "2022-01-01", "date_max": "2024-12-31"}) or "")
    assert "interval=month" in (timeline_url({"date_min": "2019-10-01", "date_max": "2025-09-28"}) or "")
    assert timeline_url({"date_min": None, "date_max": None}) is None


def _wait_for(check: Any, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_first_answers_are_computed_at_start_up(db: str) -> None:
    app = create_app(database_url=db, api_token="", warm=True)
    with LiveServer(app) as srv:
        _wait_for(lambda: app.state.first_meta is not None)
        meta = app.state.first_meta
        wanted = [u for u in first_requests(meta, filtered=False) if u.startswith("/api/")]
        assert any(u.startswith("/api/stats?") for u in wanted)
        _wait_for(lambda: _get(srv, wanted[-1], **{"accept-encoding": "gzip"}).headers["x-salvo-cache"] == "hit")
        for url in wanted:
            answer = _get(srv, url, **{"accept-encoding": "gzip"})
            assert answer.status_code == 200
            assert answer.headers["x-salvo-cache"] == "hit", url


@pytest.mark.skipif(not (static_dir() / "index.html").is_file(), reason="dashboard not built")
def test_page_announces_its_first_requests(db: str) -> None:
    app = create_app(database_url=db, api_token="", warm=True)
    with LiveServer(app) as srv:
        _wait_for(lambda: app.state.first_meta is not None)
        head = _get(srv, "/").text.split("</head>")[0]
        script = head.index('<link rel="preload" as="script" href="/static/app.js">')
        for url in [*UNFILTERED, "/api/meta", "/api/stats?"]:
            link = f'<link rel="preload" as="fetch" crossorigin="anonymous" href="{url.replace("&", "&amp;")}'
            assert head.index(link) > script  # the script is asked for first
        filtered = _get(srv, "/?country=SY").text
        assert 'href="/api/meta"' in filtered
        assert "/api/incidents" not in filtered  # the filtered page asks for other lists


@pytest.mark.skipif(not (static_dir() / "index.html").is_file(), reason="dashboard not built")
def test_dashboard_files_are_compressed_once(live: LiveServer) -> None:
    with httpx.Client(headers={"accept-encoding": "gzip"}) as client:
        first, second = (client.get(live.url + "/static/app.js") for _ in range(2))
        assert (first.headers["x-salvo-cache"], second.headers["x-salvo-cache"]) == ("miss", "hit")
        assert second.headers["content-encoding"] == "gzip"
        assert second.content == first.content
        again = client.get(live.url + "/static/app.js", headers={"if-none-match": first.headers["etag"]})
        assert again.status_code == 304  # conditional requests still go to the file server
        assert client.get(live.url + "/static/../pyproject.toml").status_code == 404


def test_replayed_gzip_body_is_complete(live: LiveServer) -> None:
    url = "/api/incidents?format=geojson&limit=3000&sort=-date&has_coords=true&properties=minimal"
    with httpx.Client() as client:
        raw = [client.get(live.url + url, headers={"accept-encoding": "gzip"}) for _ in range(2)]
    assert raw[1].headers["x-salvo-cache"] == "hit"
    assert raw[0].content == raw[1].content
    assert len(raw[1].json()["features"]) == raw[1].json()["total"] > 0
