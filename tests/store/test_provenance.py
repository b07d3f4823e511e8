"""Provenance is stored with each mention, returned by the store, printed by ``salvo show`` and served by the API."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import httpx
from sqlalchemy import select
from typer.testing import CliRunner

from salvo.api import create_app
from salvo.api.live import LiveServer
from salvo.cli import app
from salvo.model import Article, ExtractionResult
from salvo.pipeline import extract_article
from salvo.store import Store, open_store
from salvo.store.ingest import ingest_articles
from salvo.store.models import IncidentRow
from salvo.store.queries import get_incident

TEXT = (
    "Drones target base\n\n"
    "Two drones attacked Erbil air base on Monday, the coalition said.\n"
    "One soldier was killed and four were wounded in the attack, an official said."
)


def _ingest(store: Store) -> str:
    article = Article(id="p1", text=TEXT, published=dt.date(2021, 7, 7), outlet="Test Wire",
                      url="https://wire.example/p1")
    ingest_articles(store, [ExtractionResult(article, extract_article(article))])
    with store.session() as session:
        return str(session.scalars(select(IncidentRow.id)).one())


def test_each_mention_keeps_where_its_values_were_read(store: Store) -> None:
    incident_id = _ingest(store)
    with store.session() as session:
        inc = get_incident(session, incident_id)
    assert inc is not None
    mention = inc["mentions"][0]
    assert mention["provenance"]["killed"]["sentence"] == 2
    assert TEXT[mention["provenance"]["place"]["start"] : mention["provenance"]["place"]["end"]] == "Erbil air base"
    killed = inc["provenance"]["killed"]
    assert killed["mention_id"] == mention["mention_id"] and "killed" in killed["text"]
    assert killed["sentence_text"] in TEXT


def test_show_prints_the_sentence_each_value_came_from(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'salvo.db'}"
    store = open_store(db)
    incident_id = _ingest(store)
    store.close()
    shown = CliRunner().invoke(app, ["show", incident_id, "--db", db])
    assert shown.exit_code == 0, shown.output
    killed = next(line for line in shown.output.splitlines() if line.strip().startswith("killed"))
    assert "1  \u2190 'One soldier was killed and four were wounded" in killed
    assert "\u2190 'Two drones attacked Erbil air base on Monday" in shown.output
    exported = CliRunner().invoke(app, ["export", "--db", db, "-f", "mentions"])
    line = json.loads(exported.output.splitlines()[0])
    assert line["incidents"][0]["provenance"]["date"]["text"] == "Monday"  # salvo extract's format, provenance kept


def test_the_incident_endpoint_gives_each_field_its_source_sentence(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'salvo.db'}"
    store = open_store(db)
    incident_id = _ingest(store)
    store.close()
    with LiveServer(create_app(database_url=db, api_token="")) as srv:
        body = httpx.get(f"{srv.url}/api/incidents/{incident_id}", timeout=10).json()
    fields = {f["name"]: f for f in body["fields"]}
    assert fields["date"]["source"]["text"] == "Monday"
    assert fields["admin1"]["source"]["text"] == "Erbil air base"  # read from the place
    assert fields["killed"]["reports"][0]["source"]["sentence"] == 2
    assert body["mentions"][0]["provenance"]["injured"]["sentence_text"].startswith("One soldier")


def test_a_database_from_before_provenance_is_upgraded_in_place(tmp_path: Path) -> None:
    from importlib import resources

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, inspect

    url = f"sqlite:///{tmp_path / 'old.db'}"
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("salvo.store") / "migrations"))
    engine = create_engine(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
    assert "provenance" not in {c["name"] for c in inspect(engine).get_columns("mentions")}
    engine.dispose()
    store = open_store(url)
    assert "provenance" in {c["name"] for c in inspect(store.engine).get_columns("mentions")}
    incident_id = _ingest(store)
    with store.session() as session:
        inc = get_incident(session, incident_id)
    store.close()
    assert inc is not None and inc["provenance"]["killed"]["sentence"] == 2
