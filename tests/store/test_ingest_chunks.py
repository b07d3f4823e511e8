"""Chunked ingest: what one chunk holds twice, and the span bounds the candidate queries rely on."""

from __future__ import annotations

import datetime as dt

from tests.store.helpers import attack, counts, result

from salvo.merge.score import period
from salvo.store import Store
from salvo.store.ingest import ingest_articles
from salvo.store.neighbours import SHORT_SPAN


def test_same_url_twice_in_one_chunk_with_new_text_supersedes(store: Store) -> None:
    first = result("a", attack(injured=1), url="https://one.example/a", text="Rockets hit a base; one hurt.")
    second = result("a", attack(injured=4), url="https://one.example/a", text="Rockets hit a base; four hurt.")
    s = ingest_articles(store, [first, second])
    assert (s.new, s.changed) == (1, 1)
    c = counts(store)
    assert (c["articles"], c["mentions"], c["active_mentions"], c["incidents"]) == (1, 2, 1, 1)


def test_one_text_under_two_urls_in_one_chunk_is_stored_once(store: Store) -> None:
    text = "A wire story carried word for word by two sites."
    s = ingest_articles(
        store,
        [
            result("a", attack(), url="https://one.example/a", text=text),
            result("b", attack(), url="https://two.example/b", text=text),
        ],
    )
    assert (s.new, s.duplicates) == (1, 1) and counts(store)["mentions"] == 1


def test_reports_far_apart_in_a_big_chunk_stay_apart_and_close_ones_merge(store: Store) -> None:
    items = [result(f"r{n}", attack((dt.date(2021, 1, 4) + dt.timedelta(days=20 * n)).isoformat())) for n in range(12)]
    items.append(result("again", attack("2021-01-04"), published="2021-01-05"))
    ingest_articles(store, items, chunk_size=500)
    assert counts(store)["incidents"] == 12


def test_only_year_spans_are_longer_than_a_month_and_they_start_on_january_first() -> None:
    """The bound the chunk's candidate query uses (``salvo.store.neighbours``)."""
    for day in (dt.date(2021, 1, 31), dt.date(2020, 2, 29), dt.date(2021, 12, 31), dt.date(2024, 7, 15)):
        for precision in (None, "day", "week", "month"):
            span = period(day, precision)
            assert span is not None and span[1] - span[0] < SHORT_SPAN
        year = period(day, "year")
        assert year is not None and year[0] == dt.date(day.year, 1, 1)
