"""A fresh, empty database: every endpoint answers, nothing breaks."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from salvo.api import create_app
from salvo.api.live import LiveServer


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    url = f"sqlite:///{tmp_path_factory.mktemp('empty') / 'salvo.db'}"
    with LiveServer(create_app(database_url=url, api_token="")) as srv:
        yield srv


def test_empty_database_answers_everywhere(empty: LiveServer) -> None:
    base = empty.url
    assert httpx.get(base + "/api/incidents").json()["total"] == 0
    assert httpx.get(base + "/api/incidents", params={"format": "geojson"}).json()["features"] == []
    geo = httpx.get(base + "/api/incidents", params={"format": "geojson", "properties": "minimal"}).json()
    assert geo["total"] == 0
    assert httpx.get(base + "/api/stats", params={"split": "weapon"}).json()["buckets"] == []
    meta = httpx.get(base + "/api/meta").json()
    assert meta["incidents"] == 0 and meta["date_min"] is None and meta["countries"] == []
    assert httpx.get(base + "/api/incidents/none").status_code == 404


def test_bad_parameters_are_clear_422s(empty: LiveServer) -> None:
    r = httpx.get(empty.url + "/api/incidents", params={"date_from": "last tuesday"})
    assert r.status_code == 422 and "date_from" in r.text
    r = httpx.get(empty.url + "/api/incidents", params={"cursor": "%%%"})
    assert r.status_code == 422 and "cursor" in r.json()["detail"]
    assert httpx.get(empty.url + "/api/stats", params={"interval": "year"}).status_code == 422
