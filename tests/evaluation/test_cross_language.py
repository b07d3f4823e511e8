"""Merging across languages in ``salvo eval``: B-cubed over the event keys reported in English and in
another language Salvo reads. Hand-made lines for the rule, the gold (read where it stands) for the bar."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from salvo.cli import app
from salvo.evaluation import Scores, cross_language
from salvo.evaluation.languages import article_language, cross_language_keys

runner = CliRunner()
READ = ("en", "ar")


def line(aid: str, language: str | None, *keys: str, text: str = "") -> dict[str, Any]:
    article = {"id": aid, "text": text or "x", **({"language": language} if language else {})}
    return {"article": article, "incidents": [{"event_key": k} for k in keys]}


def test_only_keys_reported_in_english_and_in_a_language_read_count() -> None:
    gold = {
        "e1": line("e1", "en", "k-both", "k-en", "k-fr"),
        "e2": line("e2", "en", "k-both"),
        "a1": line("a1", "ar", "k-both", "k-ar"),
        "f1": line("f1", "fr", "k-fr"),  # French is not read: it cannot test merging across languages
    }
    assert cross_language_keys(gold, READ) == {"k-both": {"en", "ar"}}


def test_the_figure_is_b_cubed_over_those_keys_mentions_alone() -> None:
    gold = {"e1": line("e1", "en", "k1", "k2"), "a1": line("a1", "ar", "k1"), "a2": line("a2", "ar", "k2")}
    scores = Scores()
    # k1: the English and the Arabic report got one id; k2: two ids. k-en: English only, left out.
    scores.mentions = [("k1", "i1"), ("k1", "i1"), ("k2", "i2"), ("k2", "i3"), ("k-en", "i9"), ("k-en", "i8")]
    cross = cross_language(gold, scores, READ)
    merge = cross.figures()
    assert merge is not None and merge["mentions"] == 4
    assert merge["precision"] == 1.0 and merge["recall"] == 0.75
    assert cross.to_json()["languages"] == ["ar", "en"] and cross.to_json()["event_keys"] == 2


def test_a_gold_article_without_a_language_is_read_as_detected() -> None:
    arabic = "سقطت ثلاثة صواريخ على القاعدة الجوية في الأنبار صباح اليوم دون وقوع إصابات بين الجنود."
    english = "Three rockets struck the air base in Anbar this morning, and there were no injuries."
    assert article_language(line("a", None, text=arabic)) == "ar"
    assert article_language(line("e", None, text=english)) == "en"
    assert article_language(line("x", "fr", text=english)) == "fr"  # as given


def test_english_and_arabic_reports_of_one_incident_merge_across_the_gold(shared_dir: Path) -> None:
    """The bar of issue 9: the gold's event keys across English and Arabic score merge B-cubed >= 0.90."""
    names = ("dev.jsonl", "seeds.jsonl", "dev2.jsonl", "dev-other-languages.jsonl")  # English + other languages
    files = [shared_dir / "gold" / name for name in names]
    res = runner.invoke(app, ["eval", *map(str, files), "--json"])
    assert res.exit_code == 0, res.output
    cross = json.loads(res.stdout)["cross_language"]
    assert "ar" in cross["languages"] and cross["event_keys"] >= 10
    assert cross["merge_bcubed"]["mentions"] >= 2 * cross["event_keys"]  # both sides found, most of them
    assert cross["merge_bcubed"]["f1"] >= 0.90, cross


def test_the_text_report_says_when_no_key_crosses_languages(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(line("e1", "en", "k1")) + "\n", encoding="utf-8")
    res = runner.invoke(app, ["eval", str(gold), "--pred", str(gold)])
    assert "across languages  merge B3 -" in res.stdout
