"""Merging across languages: do an English and an Arabic report of one incident get one id?

The corpus merge figure is dominated by English reports merging with English reports. This one is
B-cubed over the mentions whose gold ``event_key`` is reported both in English and in another
language Salvo reads (has a pack for): the incidents where cross-language merging is put to the
test. A key reported in English and only in a language Salvo does not read cannot test it (the
other side yields no mention), so it is left out. An article's language is its ``language`` field,
else the one detected from its text (the gold does not name it), as ``salvo ingest`` finds it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from salvo.evaluation.rules import Record
from salvo.evaluation.scorer import Scores, bcubed
from salvo.ingest.language import detect_language

ENGLISH = "en"


def article_language(line: Record) -> str | None:
    """The language of a gold line's article: as given, else detected from its text."""
    article = line.get("article") or {}
    given = article.get("language")
    if isinstance(given, str) and given:
        return given
    text = article.get("text")
    return detect_language(text) if isinstance(text, str) else None


def cross_language_keys(gold: Mapping[str, Record], read: Collection[str]) -> dict[str, set[str]]:
    """Each gold event key reported in English and in another language of ``read``, with those languages."""
    languages: dict[str, set[str]] = {}
    for line in gold.values():
        language = article_language(line)
        if language is None:
            continue
        for incident in line.get("incidents") or []:
            key = incident.get("event_key")
            if key:
                languages.setdefault(str(key), set()).add(language)
    shared = {key: {code for code in found if code == ENGLISH or code in read} for key, found in languages.items()}
    return {key: found for key, found in shared.items() if ENGLISH in found and len(found) > 1}


@dataclass(frozen=True)
class CrossLanguage:
    """B-cubed over the mentions of the event keys reported in English and in another language read."""

    keys: dict[str, set[str]]
    mentions: list[tuple[str, str]]

    @property
    def languages(self) -> list[str]:
        return sorted({code for found in self.keys.values() for code in found})

    def figures(self) -> dict[str, Any] | None:
        return bcubed(self.mentions)

    def to_json(self) -> dict[str, Any]:
        return {"event_keys": len(self.keys), "languages": self.languages, "merge_bcubed": self.figures()}


def cross_language(gold: Mapping[str, Record], scores: Scores, read: Collection[str]) -> CrossLanguage:
    """The cross-language merge figures of ``scores`` (made on ``gold``); ``read``: the languages with a pack."""
    keys = cross_language_keys(gold, read)
    return CrossLanguage(keys, [(key, ident) for key, ident in scores.mentions if key in keys])
