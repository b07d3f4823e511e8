"""The document and its stages: composition is checked, and every mention slices back to the article."""

from __future__ import annotations

import datetime as dt

import pytest

from salvo.document import CompositionError, Document, Stage, compose
from salvo.extract.places import Gazetteer
from salvo.model import Article
from salvo.pipeline import build, extract_document

TEXT = (
    "Rockets hit base in Iraq\n\n"
    "Three rockets struck Ain al-Asad air base in Anbar province on Monday, wounding two US soldiers, "
    "the coalition said.\n"
    "The base hosts coalition troops.\n"
    "The weather in the capital was mild for the season, residents said.\n"
    "Officials spoke of rising tension across the region in recent weeks.\n"
    "Markets in the capital stayed open all day.\n"
    "Late on Tuesday, Kata'ib Hezbollah claimed responsibility for the assault in a statement."
)


def _nothing(doc: Document) -> None:
    return None


def test_a_stage_whose_needs_no_earlier_stage_adds_is_refused() -> None:
    sentences = Stage("sentences", ("text",), ("sentences",), _nothing)
    clean = Stage("clean", ("article",), ("text",), _nothing)
    with pytest.raises(CompositionError, match="sentences.*needs text"):
        compose([sentences, clean])
    assert [s.name for s in compose([clean, sentences]).stages] == ["clean", "sentences"]


def test_a_stage_named_twice_is_refused() -> None:
    clean = Stage("clean", ("article",), ("text",), _nothing)
    with pytest.raises(CompositionError, match="twice"):
        compose([clean, clean])


def test_the_pipeline_composes_and_marks_what_each_stage_added() -> None:
    pipeline = build(Gazetteer.default())
    assert [name for name, _, _ in pipeline.table()][:2] == ["clean", "sentences"]
    doc = pipeline(Document(Article(id="t", text=TEXT, published=dt.date(2021, 7, 7))))
    assert {"sentences", "clauses", "drafts", "incidents"} <= doc.added


def test_the_first_stages_run_alone_and_add_only_their_part() -> None:
    pipeline = build(Gazetteer.default()).upto("weapons")
    doc = pipeline(Document(Article(id="t", text=TEXT, published=dt.date(2021, 7, 7))))
    assert {m.kind for m in doc.mentions} == {"date", "place", "weapon"}
    assert "clauses" not in doc.added and doc.facts == [] and doc.incidents == []
    # a sentence naming no action is not read by the finders
    quiet = next(i for i, s in enumerate(doc.sentences) if s.text.startswith("Markets"))
    assert not doc.found[quiet].gate and not any(m.sentence == quiet for m in doc.mentions)


def test_sentences_hold_their_article_offsets() -> None:
    doc = extract_document(Article(id="t", text=TEXT, published=dt.date(2021, 7, 7)))
    assert len(doc.sentences) == 7
    for index, sentence in enumerate(doc.sentences):
        assert sentence.index == index
        assert doc.text[sentence.start : sentence.end] == sentence.text


def test_every_kind_of_mention_slices_back_to_its_text_in_its_sentence() -> None:
    doc = extract_document(Article(id="t", text=TEXT, published=dt.date(2021, 7, 7)))
    kinds = {m.kind for m in doc.mentions}
    assert {"date", "place", "weapon", "actor", "casualty", "claim", "verdict"} <= kinds
    for m in doc.mentions:
        assert doc.text[m.start : m.end] == m.text, m
        sentence = doc.sentences[m.sentence]
        assert sentence.start <= m.start and m.end <= sentence.end, m
    weapon = next(m for m in doc.of_kind("weapon") if m.sentence == 1)
    assert (weapon.text, weapon.value, weapon.number) == ("rockets", "rocket", 3)
    wounded = doc.of_kind("casualty")
    assert [(m.role, m.number, m.text) for m in wounded] == [("injured", 2, "wounding two US soldiers")]
    claimant = [m for m in doc.of_kind("actor") if m.value == "Kata'ib Hezbollah"]
    assert [m.sentence for m in claimant] == [6]  # the claim's sentence, read by the actor stage
    [incident] = doc.incidents
    assert incident.perpetrator == "Kata'ib Hezbollah" and incident.provenance["perpetrator"]["sentence"] == 6
    # the claim read once for the article, where the attack's attribution looked for it
    assert [(m.sentence, m.value, m.role) for m in doc.of_kind("claim")] == [(6, "Kata'ib Hezbollah", "claimed")]


def test_an_article_in_another_language_is_left_unread() -> None:
    doc = extract_document(Article(id="t", text=TEXT, language="fr"))
    assert doc.sentences == [] and doc.incidents == [] and doc.added == {"article"}


def test_a_document_is_freed_when_dropped_without_the_cycle_collector() -> None:
    # the stages' records (the attribution context among them) never point back at the document:
    # a run of thousands of articles must not leave each one to the cycle collector
    import gc

    article = Article(id="t", text=TEXT, published=dt.date(2021, 7, 7))
    extract_document(article)  # warm: compiled patterns and caches are made once
    gc.collect()
    gc.disable()
    try:
        doc = extract_document(article)
        assert doc.incidents
        del doc
        assert gc.collect() == 0
    finally:
        gc.enable()
