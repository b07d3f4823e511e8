"""Cleaning: find the page clutter in an article so later stages never read it.

Cleaning never rewrites the text. It returns the spans of the original text that
hold reporting, so every sentence cut from them is still a verbatim slice of the
article and evidence stays groundable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from salvo.lang.matcher import compiled

# Whole lines that are page furniture, not reporting.
_CLUTTER_LINE = re.compile(
    r"""^\W*(?:
        join\ our\b.*\b(?:channel|group|community)
      | (?:follow|like)\ us\ on\b
      | subscribe\b | sign\ up\b | newsletter\b | get\ (?:our|the)\ .*newsletter
      | powered\ by\ automated\ translation
      | (?:dear\ visitor,\ )?the\ comments?\ section\b
      | comments?\ (?:are|is)\ (?:closed|disabled|moderated)
      | (?:leave|post|add)\ a\ comment
      | (?:read|see)\ (?:more|also)\b | also\ read\b | related\b\s*:? | recommended\b
      | click\ here\b | share\ (?:this|on)\b | advertisement\b | sponsored\b
      | \d+\ min(?:ute)?s?\ read\b
      | (?:photo|image|picture|video)\s*(?:credit)?s?\s*: | file\ photo\b | file\ -
      | copyright\b | ©
      | (?:all\ rights\ reserved)
      | download\ (?:our|the)\ app
      | (?:updated|published|posted|last\ updated)\s*(?:on|at|:)?\s*
        (?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)
      | published\ in\ \w+,
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# A caption: a line without final punctuation that ends in a picture agency credit,
# or one that says it is a photo.
_CAPTION_CREDIT = re.compile(
    r"(?:[-–—|/]\s*|\(\s*|\.\s+)(?:AP|AFP|Reuters|Getty(?:\s+Images)?|EPA|Xinhua|Anadolu|"
    r"AFP via Getty Images|File|Supplied|Handout|Twitter|X|Facebook)\s*\)?\.?\s*$"
)
_PHOTO_WORDS = compiled(  # behind a lookahead for its first letters (it reads every line of an article)
    r"\b(?:photo|photograph|pictured|file\s+image|seen\s+(?:here|in\s+this)|is\s+seen\s+at|are\s+seen\s+at|"
    r"(?:U\.S\.|US)\s+\w+(?:\s+\w+)?\s+photo\s+by)\b",
    re.IGNORECASE,
)
# A scraper's metadata stamp before a story's first words: the publication day, told again by the input.
_META_DATE = re.compile(r"date\s+\d{4}-\d\d-\d\d\b\s*")
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s*$")
_BYLINE = re.compile(r"^(?:by\s+)?[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’.-]+){0,3}$")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def _is_clutter(line: str, is_first: bool) -> bool:
    stripped = line.strip()
    if not stripped:
        return True
    if _CLUTTER_LINE.search(stripped):
        return True
    if is_first:
        return False
    if _PHOTO_WORDS.search(stripped) and (
        _CAPTION_CREDIT.search(stripped) or not _SENTENCE_END.search(stripped)
    ):
        return True
    if len(stripped) < 400 and _CAPTION_CREDIT.search(stripped):
        return True
    # A bare name on its own line is a byline.
    return bool(_BYLINE.match(stripped) and len(stripped.split()) <= 4 and not _SENTENCE_END.search(stripped))


def content_spans(text: str) -> list[Span]:
    """Spans of ``text`` that hold reporting: every line that isn't clutter, in order."""
    spans: list[Span] = []
    pos = 0
    first = True
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line)
        pos = end
        body = line.rstrip("\r\n")
        if _is_clutter(body, first):
            if body.strip():
                first = False
            continue
        first = False
        lead = len(body) - len(body.lstrip())
        trail = len(body.rstrip())
        meta = _META_DATE.match(body, lead)  # " date 2023-10-27 Drones hit ...": the page's date, no event's
        if meta is not None:
            lead = meta.end()
        if lead < trail:
            spans.append(Span(start + lead, start + trail))
    return spans


def clutter_lines(text: str) -> list[str]:
    """The lines cleaning drops, for inspection and tests."""
    kept = {(s.start, s.end) for s in content_spans(text)}
    out: list[str] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        lead = len(body) - len(body.lstrip())
        if body.strip() and (pos + lead, pos + len(body.rstrip())) not in kept:
            out.append(body.strip())
        pos += len(line)
    return out
