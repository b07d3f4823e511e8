"""Timelines: an entry opens with its day ("• August 15: militants fired rockets near X. A drone hit Y.")
and every event the entry goes on to tell happened that day, though its sentences name no day.
"""

from __future__ import annotations

from salvo import lang
from salvo.extract.clauses import SentenceFacts
from salvo.extract.dates import DateMention

#: How many sentences after its head an entry may run (entries are short; prose after the list is not one).
_ENTRY_REACH = 4


def _entry_day(sentence_facts: SentenceFacts, code: str) -> DateMention | None:
    """The day heading a timeline entry, when the sentence opens one."""
    rules = lang.cues(code, "assembly")
    text = sentence_facts.sentence.text
    dates = [d for c in sentence_facts.clauses for d in c.dates]
    if not dates:
        return None
    first = min(dates, key=lambda d: d.start)
    if first.kind != "absolute" or first.precision != "day":
        return None
    if rules["entry_head"].search(text[: first.start]) and rules["entry_tail"].search(text[first.end :]):
        return first
    return None


def date_entries(facts: list[SentenceFacts], code: str = "en") -> None:
    """Give the undated events of each timeline entry the entry's day.

    The entry's first clause in a sentence is the entry's own event even when it looks back ("used in
    previous attack"); a later clause told as an earlier event keeps its want of a day.
    """
    day: DateMention | None = None
    since = 0
    for position, sentence_facts in enumerate(facts):
        head = _entry_day(sentence_facts, code)
        if head is not None:
            day, since = head, position
            continue
        if day is None or position - since > _ENTRY_REACH:
            day = None
            continue
        if any(c.dates for c in sentence_facts.clauses):
            day = None  # a sentence with a day of its own ends the entry
            continue
        for index, clause in enumerate(sentence_facts.clauses):
            if clause.category is None:
                if sentence_facts.follow_up:  # "No casualties were reported": of the entry's own events
                    clause.dates = [day]
                continue
            if clause.past and index > 0:
                continue
            clause.dates, clause.past, clause.time_anchor = [day], False, True
