"""Properties of extraction over arbitrary text: it never fails, and evidence is always verbatim."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from salvo.model import Article
from salvo.pipeline import extract_article

WORDS = st.sampled_from(
    [
        "rockets", "a drone", "hit", "struck", "Ain al-Asad air base", "Erbil", "on Monday", "last week",
        "the US embassy", "US forces", "Kataib Hezbollah", "claimed", "killed", "two", "and", "after", ",", ".",
        "\n", "since", "Jan. 8", "no casualties", "the attack", "“", "”", "vowed", "İ", "ء",
    ]
)
TEXTS = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=80).map(" ".join))
DAYS = st.one_of(st.none(), st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2026, 12, 31)))


@settings(max_examples=150, deadline=None)
@given(text=TEXTS, published=DAYS)
def test_extraction_never_fails_and_evidence_is_verbatim(text: str, published: dt.date | None) -> None:
    for incident in extract_article(Article(id="p", text=text, published=published)):
        assert incident.category in ("attack", "strike")
        assert incident.evidence and all(sentence in text for sentence in incident.evidence)
        assert incident.date is None or incident.date_precision in ("day", "week", "month", "year")
