"""What a clause reports: an in-scope attack, an in-scope strike, or nothing (texts we wrote)."""

from __future__ import annotations

import datetime as dt

from salvo.extract.clauses import analyse_sentence
from salvo.extract.places import Gazetteer
from salvo.model import Article, Incident
from salvo.pipeline import extract_article
from salvo.sentences import split_sentences

PUBLISHED = dt.date(2023, 11, 15)  # a Wednesday


def verdicts(sentence: str) -> list[str | None]:
    """The verdict of each clause of one sentence."""
    [only] = split_sentences(sentence)
    return [c.category for c in analyse_sentence(only, PUBLISHED, Gazetteer.default()).clauses]


def extract(text: str) -> list[Incident]:
    return extract_article(Article(id="t", text=text, published=PUBLISHED))


def categories(text: str) -> list[str]:
    return sorted(i.category for i in extract(text))


def test_an_attack_on_the_coalition_against_isis_is_an_attack() -> None:
    assert "attack" in verdicts(
        "A base of the international coalition against ISIS at Harir was targeted by two drones on Tuesday."
    )
    assert "attack" in verdicts("Two roadside bombs hit an anti-Daesh coalition supply convoy in Dhi Qar on Monday.")


def test_the_war_on_the_islamic_state_is_out_of_scope() -> None:
    assert categories("US aircraft struck Islamic State hideouts in the desert of Anbar on Monday.") == []
