"""The database refusing one row loses that row only: the rest of the chunk is stored, the row named."""

from __future__ import annotations

from tests.store.helpers import attack, counts, result

from salvo.model import Incident
from salvo.store import Store
from salvo.store.ingest import ingest_articles


def test_a_count_the_database_cannot_hold_loses_only_its_article(store: Store) -> None:
    bad = result("bad", attack(), url="https://wire.example/bad", text="Rockets hit a base; many hurt.")
    bad.incidents[0].injured = 2**63  # past the reader's guard, as a bug in a later stage could
    items = [result(f"ok{n}", attack(f"2021-07-0{n + 1}"), url=f"https://wire.example/{n}") for n in range(3)]
    errors: list[str] = []
    stats = ingest_articles(store, [items[0], bad, items[1], items[2]], chunk_size=10, on_error=errors.append)
    assert stats.errors == 1 and stats.new == 3 and len(errors) == 1
    assert errors[0].startswith("bad: not stored: ") and "\n" not in errors[0]
    assert counts(store)["articles"] == 3


def test_an_article_refused_then_fixed_is_stored_on_the_rerun(store: Store) -> None:
    bad = result("bad", Incident(category="attack", killed=2**63), url="https://wire.example/bad")
    ingest_articles(store, [bad])
    bad.incidents[0].killed = 3
    stats = ingest_articles(store, [bad])
    assert stats.errors == 0 and stats.new == 1
