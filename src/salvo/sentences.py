"""Sentence splitting tuned to wire copy: military ranks, "U.S.", "Jan. 8", "a.m.".

Sentences are slices of the original text (start/end offsets), so evidence built
from them is verbatim by construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from salvo.clean import Span

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "col", "lt", "gen", "maj", "brig", "sgt", "capt", "cpt", "adm", "cmdr",
    "rep", "sen", "gov", "pres", "prof", "rev", "hon", "jr", "sr", "no", "nos", "vs", "etc", "approx",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "inc", "co", "corp", "ltd",
    "dept", "fig", "est", "al", "govt", "mil", "mt", "ft",
}
# A candidate boundary: terminal punctuation, closing quotes/brackets, then space.
# Possessive, and only at the start of a punctuation run: a run of 200,000 dots is read once, not rescanned.
_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]++[\"”’')\]]*+(?=\s)")
_NEXT_STARTS_SENTENCE = re.compile(r"\s+[\"“‘'(\[]?[A-Z0-9\u0370-\u03ff\u0400-\u04ff\u0600-\u06ff]")
_INITIALISM = re.compile(r"(?:\b[A-Za-z]\.){2,}$")
_LAST_WORD = re.compile(r"([A-Za-z.]+)\.$")
#: How much of a chunk's end the abbreviation checks read: an abbreviation or initialism is a few letters,
#: and reading the whole growing chunk at each candidate made "U.S. U.S. ..." quadratic.
_TAIL = 32


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


def _is_abbreviation(chunk: str) -> bool:
    """Whether the period ending ``chunk`` belongs to an abbreviation, not a sentence end."""
    match = _LAST_WORD.search(chunk)
    if not match:
        return False
    word = match.group(1)
    if word.lower() in _ABBREVIATIONS:
        return True
    if _INITIALISM.search(chunk):
        # "U.S." ends a sentence only when followed by something that can't continue it;
        # the caller treats initialisms as non-boundaries unless a capitalised function word follows.
        return True
    return len(word) == 1 and word.isupper()  # a middle initial: "Wayne W. Marotto"


_SENTENCE_OPENERS = re.compile(
    r"\s+[\"“]?(?:The|A|An|It|He|She|They|We|I|In|On|At|But|And|No|There|This|That|These|Those|Iraqi|"
    r"Iran|Its|His|Her|Their|According|Meanwhile|However|Earlier|Later|Last|Since)\b"
)


def split_span(text: str, span: Span, first_index: int = 0) -> list[Sentence]:
    out: list[Sentence] = []
    start = span.start
    segment = text[span.start : span.end]
    for match in _BOUNDARY.finditer(segment):
        end = span.start + match.end()
        # matched in place (pos/endpos), not on a copy of the rest of the span for every candidate
        if not _NEXT_STARTS_SENTENCE.match(text, end, span.end):
            continue
        chunk = text[max(start, end - _TAIL) : end].rstrip("\"”’')]")
        if chunk.endswith(".") and _is_abbreviation(chunk):
            if not (_INITIALISM.search(chunk) and _SENTENCE_OPENERS.match(text, end, span.end)):
                continue
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append(Sentence(first_index + len(out), start + lead, end, piece.strip()))
        start = end
    piece = text[start : span.end]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        out.append(Sentence(first_index + len(out), start + lead, start + lead + len(piece.strip()), piece.strip()))
    return out


def line_spans(text: str) -> list[Span]:
    """Every line that holds more than whitespace, stripped: how a text without spans is read."""
    spans: list[Span] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            lead = len(body) - len(body.lstrip())
            spans.append(Span(pos + lead, pos + len(body.rstrip())))
        pos += len(line)
    return spans


def split_sentences(text: str, spans: list[Span] | None = None) -> list[Sentence]:
    """Sentences of ``text`` within ``spans`` (default: the whole text, line by line)."""
    if spans is None:
        spans = line_spans(text)
    sentences: list[Sentence] = []
    for span in spans:
        sentences.extend(split_span(text, span, len(sentences)))
    return sentences
