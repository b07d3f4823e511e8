"""The bulk load (``salvo.store.bulk``): what it stores equals what the incremental path stores for the
same merged reports, on SQLite (executemany) and PostgreSQL (COPY through staging tables); JSON values
come back as written; a database that holds articles is refused untouched."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from salvo.merge import assign_incident_ids
from salvo.model import Article, ExtractionResult, Incident
from salvo.store import open_store
from salvo.store.bulk import BulkArticle, holds_articles, load
from salvo.store.ingest import content_hash, ingest_articles
from salvo.store.models import ArticleRow, MentionRow

from .helpers import contents, fresh_pg, pg_available


def _attack(day: str, place: str, weapon: str = "rocket", **kw: object) -> Incident:
    return Incident(
        category="attack",
        date=dt.date.fromisoformat(day),
        date_precision="day",
        weapons=[weapon],
        place=place,
        country="IQ",
        location_precision="site",
        evidence=[f"Rockets struck {place}."],
        provenance={"place": {"sentence": 0, "start": 15, "end": 15 + len(place), "text": place}},
        **kw,  # type: ignore[arg-type]
    )


def _results() -> list[ExtractionResult]:
    """Three short reports we wrote: two of one attack (one without a URL), and one of another."""
    one = Article(id="r1", text="Rockets struck Ain al-Asad on Monday.", url="https://example.test/1",
                  published=dt.date(2021, 7, 7), outlet="Wire A", extra={"feed": "test"})
    two = Article(id="r2", text="Two rockets struck Ain al-Asad air base, wounding two.", url=None,
                  published=dt.date(2021, 7, 8), outlet="Wire B")
    three = Article(id="r3", text="A drone struck Erbil airport.", url="https://example.test/3",
                    published=dt.date(2021, 7, 20), outlet="Wire A")
    return [
        ExtractionResult(one, [_attack("2021-07-05", "Ain al-Asad")]),
        ExtractionResult(two, [_attack("2021-07-05", "Ain al-Asad", injured=2, projectiles=2)]),
        ExtractionResult(three, [_attack("2021-07-19", "Erbil", "drone")]),
    ]


def _bulk_items(results: list[ExtractionResult]) -> list[BulkArticle]:
    assign_incident_ids(results)
    return [
        BulkArticle(r.article, content_hash(r.article.text), 1, r.incidents, [str(i.incident_id) for i in r.incidents])
        for r in results
    ]


@pytest.fixture(params=["sqlite", "postgres"])
def two_urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bulk.db'}", f"sqlite:///{tmp_path / 'chunks.db'}"
        return
    if not pg_available():
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not reachable")
    with fresh_pg() as bulk, fresh_pg() as chunks:
        yield bulk, chunks


def test_bulk_load_stores_what_the_incremental_path_stores(two_urls: tuple[str, str]) -> None:
    bulk_url, chunks_url = two_urls
    store = open_store(bulk_url)
    assert not holds_articles(store)
    counts = load(store, _bulk_items(_results()))
    assert counts is not None and (counts.articles, counts.mentions, counts.incidents) == (3, 3, 2)
    with store.sessions() as s:
        extra = s.scalar(select(ArticleRow.extra).where(ArticleRow.source_id == "r1"))
        mention = s.scalars(select(MentionRow).order_by(MentionRow.id)).first()
    assert extra == {"feed": "test"}
    assert mention is not None and mention.weapons == ["rocket"] and mention.evidence == ["Rockets struck Ain al-Asad."]
    assert mention.provenance == {"place": {"sentence": 0, "start": 15, "end": 26, "text": "Ain al-Asad"}}
    store.close()
    other = open_store(chunks_url)
    ingest_articles(other, _results())
    other.close()
    got, expected = contents(bulk_url), contents(chunks_url)
    assert got == expected
    assert [fields[5] for _, fields in got["incidents"]] == [2, None]  # injured, resolved from the reports


def test_bulk_load_refuses_a_database_that_holds_articles(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'held.db'}"
    store = open_store(url)
    results = _results()
    ingest_articles(store, results[:1])
    before = contents(url)
    assert holds_articles(store)
    assert load(store, _bulk_items(_results())) is None
    assert contents(url) == before
    store.close()
