"""Texts built to be slow (repeated initialisms, punctuation runs, thousands of short lines, one cue
repeated): each is read in linear time, and the extraction budget cuts it and says so."""

from __future__ import annotations

import datetime as dt
import logging
import time

import pytest

from salvo.model import Article
from salvo.pipeline import MAX_CUED_SENTENCES, MAX_SENTENCE_CHARS, MAX_SENTENCES, extract_article, extract_document
from salvo.sentences import split_sentences

DAY = dt.date(2024, 3, 4)

PATHOLOGICAL = {
    "a repeated initialism": "U.S. " * 40_000,
    "a run of dots": "Rockets hit a base" + "." * 200_000 + " Two soldiers were hurt.",
    "a run of dots with no space after": "Drones flew" + "." * 200_000,
    "many short lines": "\n".join(f"item {n} of a short list" for n in range(10_000)) + "\n",
    "many short cued lines": "".join(f"Rockets hit a US base in Anbar on Monday {n}\n" for n in range(5_000)),
    "one cued sentence again and again": "A drone attack on Tuesday hit al-Tanf, injuring 2 US troops. " * 3_500,
    "one long list": "A drone attack hit al-Tanf" + ", and" * 40_000 + ".",
}


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    extract_article(Article(id="warm", text="Rockets hit a base in Anbar.", published=DAY))


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_a_pathological_text_is_extracted_in_seconds(name: str) -> None:
    text = PATHOLOGICAL[name]
    assert 180_000 <= len(text) <= 260_000
    started = time.perf_counter()
    extract_article(Article(id="slow", text=text, published=DAY))
    assert time.perf_counter() - started < 5.0, name  # a loaded test machine: the bar is wide


def test_splitting_time_grows_linearly_with_repeated_initialisms() -> None:
    def seconds(n: int) -> float:
        started = time.perf_counter()
        split_sentences("U.S. " * n)
        return time.perf_counter() - started

    seconds(1_000)
    small, big = seconds(5_000), seconds(40_000)
    assert big < 8 * small * 3  # eight times the text: about eight times the time, never 64


def test_punctuation_runs_still_end_sentences() -> None:
    texts = [s.text for s in split_sentences("Rockets hit a base... Two were hurt?! Nobody died.")]
    assert texts == ["Rockets hit a base...", "Two were hurt?!", "Nobody died."]


def test_the_budget_cuts_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    text = "".join(f"Rockets hit a US base in Anbar, line {n}.\n" for n in range(MAX_CUED_SENTENCES + 50))
    with caplog.at_level(logging.WARNING, logger="salvo.pipeline"):
        doc = extract_document(Article(id="listing", text=text, published=DAY))
    assert len(doc.sentences) == MAX_CUED_SENTENCES
    assert doc.notes and "listing" in caplog.text and "budget" in caplog.text


def test_a_long_sentence_is_read_up_to_the_budget_as_a_verbatim_slice() -> None:
    text = "Rockets hit a base " + "near the river " * 1_000 + "in Anbar."
    doc = extract_document(Article(id="long", text=text, published=DAY))
    (sentence,) = doc.sentences
    assert len(sentence.text) == MAX_SENTENCE_CHARS and text[sentence.start : sentence.end] == sentence.text


def test_too_many_sentences_are_cut() -> None:
    text = "".join(f"Line {n} ends here.\n" for n in range(MAX_SENTENCES + 10))
    doc = extract_document(Article(id="lines", text=text, published=DAY))
    assert len(doc.sentences) == MAX_SENTENCES and doc.notes


def test_an_ordinary_report_is_not_cut() -> None:
    doc = extract_document(Article(id="short", text="Two rockets hit a base in Anbar on Monday. No one was hurt.",
                                   published=DAY))
    assert doc.notes == []
