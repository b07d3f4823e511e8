"""A real SQLite file holding the demo data set, served by a real uvicorn on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from salvo.api import create_app
from salvo.api.demo import demo_results
from salvo.api.live import LiveServer
from salvo.store import open_store
from salvo.store.ingest import ingest_articles

TOKEN = "test-token-123"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("api") / "salvo.db"
    url = f"sqlite:///{path}"
    store = open_store(url)
    ingest_articles(store, demo_results())
    store.close()
    return url


@pytest.fixture(scope="module")
def server(demo_db: str) -> Iterator[LiveServer]:
    with LiveServer(create_app(database_url=demo_db, api_token=TOKEN)) as srv:
        yield srv


@pytest.fixture(scope="module")
def readonly_server(demo_db: str) -> Iterator[LiveServer]:
    with LiveServer(create_app(database_url=demo_db, api_token="")) as srv:
        yield srv
