"""Dates that name an event: "the December 7 attack", "the incident on December 7".

A later sentence that names an incident by its day tells that day even when the sentence that
reported the incident gave none.
"""

from __future__ import annotations

import re

from ._lexicon import CAL, phrases
from ._mention import DateMention

_NOUN = phrases(CAL.event_nouns)
_BEFORE = re.compile(rf"\b(?:{_NOUN})\s+(?:{phrases(CAL.event_links)})\s+$")
_ARTICLE_BEFORE = re.compile(r"\b[Tt]he\s+$")
_NOUN_AFTER = re.compile(rf"\s*(?:{_NOUN})\b")


def names_an_event(text: str, mention: DateMention) -> bool:
    """Whether the day-precise `mention` in `text` is the name of an event written beside it."""
    if mention.precision != "day":
        return False
    before = text[max(0, mention.start - 30):mention.start]
    if _BEFORE.search(before):
        return True
    return bool(_ARTICLE_BEFORE.search(before) and _NOUN_AFTER.match(text, mention.end))
