"""Evidence: the sentences that state an incident and the values of its fields, as verbatim spans.

A sentence cut from a scraped page may start with clutter (a metadata date, a dateline, an outlet's
tag) or hold two paragraphs glued by markup. Evidence keeps the text verbatim, so clutter is left out
of the span, never rewritten: a sentence becomes the pieces between markup, each without its preamble.
Of the sentences that only add facts, evidence keeps those that give a value (casualties, a claim or
blame, an interception) and are about this incident, not about many ("most of the attacks").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from salvo import lang
from salvo.extract import cues
from salvo.extract.actors import attribute
from salvo.extract.casualties import combine_casualties
from salvo.extract.clauses import Clause, SentenceFacts
from salvo.extract.compat import names_only

__all__ = ["evidence_of", "gather", "gives_a_value", "pieces"]

#: A piece shorter than this (after trimming) is a remnant, not a sentence.
_SHORTEST = 12
_QUOTES = re.compile(r"[‘’′`]")
#: The first sentences of a text, where an outlet may name itself before the story ("Example Times: ...").
_LEAD_SENTENCES = 3
#: A sentence longer than this is cut at its list breaks too: it lists several events.
_LONGEST = 240


def pieces(text: str, code: str = "en", lead: bool = False) -> list[tuple[int, int]]:
    """Spans of ``text`` between markup, run-on sentence joins and (in a long list) semicolons, each
    without its leading preamble; in one of the first sentences (``lead``), without an outlet's name."""
    found = lang.cues(code, "evidence")
    cuts = {(m.start(), m.end()) for m in found["markup"].finditer(text)}
    cuts |= {(m.start(), m.start()) for m in found["run_on"].finditer(text)}
    if len(text) > _LONGEST:
        cuts |= {(m.start() + 1, m.end()) for m in found["list_break"].finditer(text)}  # the ";" stays
    spans = _between(text, sorted(cuts), found["preamble"])
    if lead and spans:
        outlet = found["outlet_lead"].pattern.match(text, spans[0][0])
        if outlet is not None and spans[0][1] - outlet.end() >= _SHORTEST:
            spans[0] = (outlet.end(), spans[0][1])
    return spans


def _between(text: str, cuts: list[tuple[int, int]], preamble_cue: lang.Cue) -> list[tuple[int, int]]:
    """The trimmed spans of ``text`` between the cuts."""
    out: list[tuple[int, int]] = []
    pos = 0
    for start, end in [*cuts, (len(text), len(text))]:
        lo, hi = pos, start
        pos = max(pos, end)
        preamble = preamble_cue.match(text[lo:hi])
        if preamble is not None:
            lo += preamble.end()
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        if hi - lo >= _SHORTEST:
            out.append((lo, hi))
    return out


def gives_a_value(text: str, code: str = "en") -> bool:
    """Whether a follow-up sentence gives this incident a value and is not about many incidents."""
    if lang.cues(code, "evidence")["many_events"].search(text) or cues.AGGREGATE.search(text):
        return False
    casualties = combine_casualties([text])
    if casualties.killed is not None or casualties.injured is not None:
        return True
    perpetrator, attribution = attribute([text], "attack")
    if perpetrator != "unknown" or attribution != "none":
        return True
    # a claim, a denial, an interception, damage: not the bare word "statement" ("The statement reads:")
    return any(m.group(0).lower() != "statement" for m in cues.FOLLOW_UP.finditer(text))


def gather(
    clauses: Sequence[tuple[int, str, Sequence[tuple[int, int]]]], follow_ups: Sequence[tuple[int, str]]
) -> list[str]:
    """Evidence in reading order: for each clause sentence (index, text, spans of what its clauses found),
    the pieces that hold those spans; for each follow-up sentence (index, text) that gives a value, its pieces."""
    chosen: list[tuple[int, int, str]] = []
    for index, text, spans in clauses:
        parts = pieces(text, lead=index < _LEAD_SENTENCES)
        kept = [(lo, hi) for lo, hi in parts if any(s < hi and lo < e for s, e in spans)] or parts
        chosen += [(index, lo, text[lo:hi]) for lo, hi in kept] or [(index, 0, text.strip())]
    for index, text in follow_ups:
        if gives_a_value(text):  # a piece that is the whole sentence gives it, as the sentence does
            chosen += [(index, lo, text[lo:hi]) for lo, hi in pieces(text, lead=index < _LEAD_SENTENCES)
                       if hi - lo == len(text) or gives_a_value(text[lo:hi])]
    out: list[str] = []
    seen: set[str] = set()
    for _, _, piece in sorted(chosen, key=lambda t: (t[0], t[1])):
        key = _QUOTES.sub("'", piece.casefold())  # a headline printed twice, once with curly quotes
        if piece and key not in seen:
            seen.add(key)
            out.append(piece)
    return out


def evidence_of(clauses: Sequence[Clause], attached: Sequence[SentenceFacts], category: str) -> list[str]:
    """An incident's evidence from its clauses (anchored where their weapons and places, else dates, are told)
    and the follow-up sentences attached to it that speak of an event of its category, if of any
    ("these strikes are meant to deter" is no evidence for the attack they answered)."""
    told: dict[int, tuple[str, list[tuple[int, int]]]] = {}
    for c in clauses:
        found = [(m.start, m.end) for m in c.weapons] + [(m.start, m.end) for m in c.places]
        found = found or [(m.start, m.end) for m in c.dates]  # a date alone may belong to the next piece
        if not found and c.anaphoric and len(clauses) > 1:
            continue  # "this is the most recent confirmed attack": refers back, tells nothing of it
        told.setdefault(c.sentence.index, (c.sentence.text, []))[1].extend(found or [(c.start, c.end)])
    return gather([(i, text, spans) for i, (text, spans) in told.items()],
                  [(f.sentence.index, f.sentence.text) for f in attached
                   if names_only(f.sentence.text, category)])
