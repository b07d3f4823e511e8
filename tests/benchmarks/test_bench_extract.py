"""Extraction throughput benchmark (pytest-benchmark; a single smoke run under --benchmark-disable)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from salvo.cli import app
from salvo.devtools.extraction_speed import (
    TARGET_WORDS,
    build_corpus,
    extract_run,
    gold_corpus,
    gold_dir,
    gold_texts,
    pad,
    run_bench,
    sample_articles,
)
from salvo.model import Article
from salvo.pipeline import extract_articles


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    samples = sample_articles()
    assert len(samples) >= 12, "samples/ should hold the sample corpus"
    return build_corpus(60, samples)


@pytest.fixture(scope="module")
def gold() -> list[Article]:
    folder = gold_dir()
    if folder is None:
        pytest.skip("no gold beside the checkout ($SALVO_GOLD_DIR)")
    return gold_corpus(60, gold_texts(folder))


def test_gold_corpus_joins_real_texts_to_typical_length(gold: list[Article]) -> None:
    assert len({a.id for a in gold}) == len(gold)
    words = [len(a.text.split()) for a in gold]
    assert 450 <= sum(words) / len(words) <= 800
    assert gold[1].text.count("\n\n") >= 2  # odd articles join three texts


def test_bench_extract_gold_text_with_run_merging(benchmark: Any, gold: list[Article]) -> None:
    """The path of `salvo extract`: extraction, incident ids across the run, JSON lines."""
    results = benchmark(extract_run, gold)
    assert len(results) == len(gold)
    assert all(i.incident_id for r in results for i in r.incidents)


def test_bench_extract_600_word_articles(benchmark: Any, corpus: list[Article]) -> None:
    results = benchmark(lambda: list(extract_articles(corpus)))
    assert len(results) == len(corpus)


def test_corpus_is_padded_to_typical_length_with_unique_ids(corpus: list[Article]) -> None:
    assert len({a.id for a in corpus}) == len(corpus)
    words = [len(a.text.split()) for a in corpus]
    assert min(words) >= TARGET_WORDS and max(words) < TARGET_WORDS + 150
    assert pad("one two", 0) == "one two\n"


def test_run_bench_reports_throughput_and_memory(corpus: list[Article]) -> None:
    result = run_bench(corpus[:12], repeat=1)
    figures = result.to_json()
    assert figures["articles"] == 12 and figures["articles_per_second"] > 0
    assert figures["peak_traced_mib"] >= 0 and figures["max_rss_mib"] > 0


def test_bench_command_prints_json_and_table() -> None:
    runner = CliRunner()
    as_json = runner.invoke(app, ["bench", "--articles", "8", "--repeat", "1", "--json"])
    assert as_json.exit_code == 0, as_json.stderr
    assert json.loads(as_json.stdout)["articles"] == 8
    table = runner.invoke(app, ["bench", "-n", "4", "-r", "1"])
    assert table.exit_code == 0 and "articles/s" in table.stdout


def test_an_arabic_corpus_is_built_from_the_arabic_gold_texts() -> None:
    folder = gold_dir()
    if folder is None:
        pytest.skip("no gold beside the checkout ($SALVO_GOLD_DIR)")
    records = gold_texts(folder, "ar")
    assert len(records) >= 10 and all(r["language"] == "ar" for r in records)
    english = {str(r["id"]) for r in gold_texts(folder)}
    assert not english & {str(r["id"]) for r in records}
    corpus = gold_corpus(30, records)
    assert len({a.id for a in corpus}) == 30 and {a.language for a in corpus} == {"ar"}
    results = extract_run(corpus)
    assert sum(len(r.incidents) for r in results) >= 30  # read by the Arabic pack, not left unread


def test_bench_command_measures_arabic() -> None:
    if gold_dir() is None:
        pytest.skip("no gold beside the checkout ($SALVO_GOLD_DIR)")
    res = CliRunner().invoke(app, ["bench", "--lang", "ar", "-n", "6", "-r", "1", "--json"])
    assert res.exit_code == 0, res.stderr
    figures = json.loads(res.stdout)
    assert figures["articles"] == 6 and "(ar)" in figures["corpus"] and figures["incidents"] > 0
