"""Nothing lost: one gold article in each language the gold holds, through ``salvo ingest`` into a real
SQLite file. Each is stored with its language; a language with a pack is extracted, any other is kept,
marked and listed in the run summary. The gold is read where it stands; its texts are not copied here."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from salvo import lang
from salvo.cli import app
from salvo.ingest.language import detect_language

runner = CliRunner()

#: The languages of the gold's reports, as a person reading them names them: English, and a Greek and
#: a Slovene report, in the English files; Arabic, Spanish, French, Persian, German, Russian and Turkish
#: in dev-other-languages.jsonl.
GOLD_LANGUAGES = {"en", "el", "sl", "ar", "es", "fr", "fa", "de", "ru", "tr"}


def one_article_per_language(gold_rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The first gold article of each language that holds a required incident, without its language
    (the input does not say it: ingest must find it)."""
    picked: dict[str, dict[str, Any]] = {}
    for row in gold_rows:
        if not any(not i.get("optional") for i in row["incidents"]):
            continue
        article = {k: v for k, v in row["article"].items() if k != "language"}
        picked.setdefault(detect_language(article["text"]) or "unknown", article)
    return picked


def test_every_gold_language_is_stored_with_its_language_extracted_or_kept(
    tmp_path: Path, gold_rows: list[dict[str, Any]]
) -> None:
    articles = one_article_per_language(gold_rows)
    assert set(articles) == GOLD_LANGUAGES  # every language of the gold, each found as itself
    src = tmp_path / "languages.jsonl"
    src.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles.values()), encoding="utf-8")
    db = tmp_path / "salvo.db"
    res = runner.invoke(app, ["ingest", "--db", f"sqlite:///{db}", str(src)])
    assert res.exit_code == 0, res.output
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "select a.source_id, a.language, a.extra, a.text,"
            " (select count(*) from mentions m where m.article_id = a.id) from articles a"
        ).fetchall()
        (summary,) = [json.loads(s) for (s,) in conn.execute("select summary from runs")]
    stored = {source_id: (language, (json.loads(extra) if extra else None) or {}, text, mentions)
              for source_id, language, extra, text, mentions in rows}
    read_packs = set(lang.available())
    unsupported = {code: 1 for code in GOLD_LANGUAGES - read_packs}
    assert {"en", "ar"} <= read_packs and unsupported  # both kinds are exercised
    for code, article in articles.items():
        language, extra, text, mentions = stored[str(article["id"])]  # stored: nothing lost
        assert language == code and text == article["text"]
        if code in read_packs:
            assert mentions > 0 and "not_extracted" not in extra, code  # read by its pack
        else:
            assert mentions == 0 and extra.get("not_extracted") == f"unsupported language: {code}", code
    assert summary["read"] == len(articles) and summary["errors"] == 0
    assert summary["unsupported_language"] == unsupported
    assert not sum(summary["dropped_by_prefilter"].values())
    listed = next(line for line in res.output.splitlines() if line.startswith("kept, not extracted"))
    assert all(f"{code} 1" in listed for code in unsupported)
