"""Counted targets told one by one: "Two convoys were targeted with roadside bombs on Thursday." then
"One convoy was hit in X." and "The second was struck later in Y.": an attack on each, at its own place.

The member's clause names no weapon and no US target of its own; it takes the counted clause's
verdict, side, weapons and day.
"""

from __future__ import annotations

from dataclasses import replace

from salvo import lang
from salvo.extract.clauses import Clause, SentenceFacts

#: How many sentences after the count its members may be told.
_REACH = 4


def _singular(noun: str) -> str:
    return noun[:-1] if noun.endswith("s") else noun


def tell_members(facts: list[SentenceFacts], code: str = "en") -> None:
    """Give the clauses that tell one of a set of counted targets the verdict of the set's clause."""
    rules = lang.cues(code, "assembly")
    counted: Clause | None = None
    noun = ""
    since = 0
    for position, sentence_facts in enumerate(facts):
        for clause in sentence_facts.clauses:
            if clause.category == "attack":
                found = rules["counted_targets"].search(clause.text)
                weapon_noun = found is not None and any(w.start <= clause.start + found.start("noun") < w.end
                                                        for w in clause.weapons)
                if found is not None and not weapon_noun:
                    counted, noun, since = clause, _singular(found.group("noun").lower()), position
                continue
            if counted is None or clause.category is not None or position - since > _REACH:
                continue
            member = rules["target_member"].search(clause.text)
            if member is None or (member.group("noun") or member.group("noun2") or noun).lower() != noun:
                continue
            clause.category, clause.us_target, clause.time_anchor = counted.category, counted.us_target, True
            clause.weapons = clause.weapons or [replace(w, count=None) for w in counted.weapons]
            clause.dates = clause.dates or list(counted.dates)
            clause.listed = True
