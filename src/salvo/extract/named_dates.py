"""A date that names the event: "the December 7 attack", "Sunday's strike".

A follow-up sentence often names the incident by its date ("No group claimed the December 7 attack")
when the lead told it without one. Such a date, written right before the event's noun, dates the
incident; a date elsewhere in the sentence may belong to something else ("since October 17").
"""

from __future__ import annotations

from collections.abc import Sequence

from salvo import lang
from salvo.extract.clauses import SentenceFacts
from salvo.extract.compat import earliest_most_precise
from salvo.extract.dates import DateMention, names_an_event

__all__ = ["date_naming_event"]


def date_naming_event(sentences: Sequence[SentenceFacts], category: str, code: str = "en") -> DateMention | None:
    """The most precise date that names this category's event in these sentences: written right before its
    noun, or after "the incident on"."""
    noun = lang.cues(code, "named_dates")[category]
    found: list[DateMention] = []
    for facts in sentences:
        text = facts.sentence.text
        for clause in facts.clauses:
            for mention in clause.dates:
                if mention.kind == "anniversary":
                    continue
                # "the December 7 attack" (this category's noun after), "the incident on December 7"
                if noun.pattern.match(text, mention.end) or names_an_event(text, mention):
                    found.append(mention)
    return earliest_most_precise(found)
