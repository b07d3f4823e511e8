"""Provenance: every value of an incident names the sentence and the words that gave it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from salvo.model import Article, Incident
from salvo.pipeline import extract_article, extract_document

WEDNESDAY = dt.date(2021, 7, 7)


def _one(text: str) -> Incident:
    incidents = extract_article(Article(id="t", text=text, published=WEDNESDAY))
    assert len(incidents) == 1, [i.to_json() for i in incidents]
    return incidents[0]


def _said(incident: Incident, field: str) -> tuple[int, str]:
    entry = incident.provenance[field]
    return entry["sentence"], entry["text"]


def test_each_value_points_at_the_words_that_gave_it() -> None:
    text = (
        "Drones target base\n\n"
        "Two drones attacked Erbil air base on Monday, the coalition said.\n"
        "One soldier was killed and four were wounded in the attack, an official said."
    )
    incident = _one(text)
    assert _said(incident, "date") == (1, "Monday")
    assert _said(incident, "place") == (1, "Erbil air base")
    assert _said(incident, "projectiles") == (1, "drones")
    assert _said(incident, "killed")[0] == 2 and "killed" in _said(incident, "killed")[1]
    assert _said(incident, "injured")[0] == 2 and "wounded" in _said(incident, "injured")[1]


def test_a_claim_told_later_names_the_group_and_the_cue() -> None:
    text = (
        "Five rockets hit the Ain al-Asad air base on Tuesday.\n"
        "The weather in the capital was mild for the season, residents said.\n"
        "Officials spoke of rising tension across the region in recent weeks.\n"
        "Markets in the capital stayed open all day.\n"
        "Hours later a group calling itself Tha'r al-Muhandis Brigade claimed responsibility."
    )
    incident = _one(text)
    assert incident.perpetrator == "Tha'r al-Muhandis Brigade"
    assert _said(incident, "perpetrator") == (4, "Tha'r al-Muhandis Brigade")


def test_a_count_points_at_the_phrase_that_counted_not_a_denial_beside_it() -> None:
    incident = _one("Rockets struck Ain al-Asad air base on Monday. No Americans were killed, "
                    "but three Iraqi contractors were killed, officials said.")
    assert incident.killed == 3 and _said(incident, "killed") == (1, "three Iraqi contractors were killed")


def test_a_denial_is_the_source_of_both_zeros() -> None:
    incident = _one("Rockets struck Ain al-Asad air base on Monday. There were no casualties, officials said.")
    assert (incident.killed, incident.injured) == (0, 0)
    assert _said(incident, "killed") == _said(incident, "injured") == (1, "no casualties")


def test_a_value_no_words_give_has_no_entry() -> None:
    incident = _one("Rockets struck the Ain al-Asad air base, the coalition said.")
    assert incident.date == WEDNESDAY  # the story's day: the publication date, not a mention
    assert "date" not in incident.provenance and "killed" not in incident.provenance


def test_provenance_survives_the_json_round_trip() -> None:
    incident = _one("Two drones attacked Erbil air base on Monday, the coalition said.")
    again = Incident.from_json(json.loads(json.dumps(incident.to_json())))
    assert again.provenance == incident.provenance


@pytest.mark.parametrize("name", ["dev.jsonl", "seeds.jsonl", "dev2.jsonl"])
def test_every_provenance_sentence_of_the_gold_articles_is_verbatim(shared_dir: Path, name: str) -> None:
    entries = 0
    for line in (shared_dir / "gold" / name).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)["article"]
        published = dt.date.fromisoformat(raw["published"]) if raw.get("published") else None
        article = Article(id=raw["id"], text=raw["text"], published=published, language=raw.get("language"))
        doc = extract_document(article)
        for incident in doc.incidents:
            for field, entry in incident.provenance.items():
                entries += 1
                assert entry["sentence_text"] in article.text, (article.id, field)
                assert doc.sentences[entry["sentence"]].text == entry["sentence_text"], (article.id, field)
                assert article.text[entry["start"] : entry["end"]] == entry["text"], (article.id, field)
                assert entry["text"] in entry["sentence_text"], (article.id, field)
    assert entries > 0
