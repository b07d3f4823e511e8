"""Which language's pack the stages read, and the text they read it in.

The pipeline reads one article at a time in the article's language: ``reading(code)`` sets it for
the duration of a document, and the cue bindings and finders that take no explicit ``code`` look
it up with ``current()``. A pack may also say how its script is normalised for matching
(``normalise.yaml``): letter variants mapped one to one, marks dropped, digits and punctuation made
plain. ``normalise`` returns the reading text with a map back to the original offsets, so that
evidence is cut from the original, verbatim.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

_CURRENT: contextvars.ContextVar[str] = contextvars.ContextVar("salvo_reading", default="en")


def current() -> str:
    """The code of the language being read (``en`` unless a document says otherwise)."""
    return _CURRENT.get()


@contextmanager
def reading(code: str | None) -> Iterator[str]:
    """Read in language ``code`` (None: English) until the block ends."""
    token = _CURRENT.set(code or "en")
    try:
        yield code or "en"
    finally:
        _CURRENT.reset(token)


@dataclass(frozen=True)
class Normaliser:
    """One pack's matching normalisation: one-for-one replacements and dropped characters."""

    table: dict[int, str]  # code point -> its replacement (one character)
    drop: frozenset[str]

    @property
    def identity(self) -> bool:
        return not self.table and not self.drop


@dataclass(frozen=True)
class Normalised:
    """A reading text, and the original offsets of the characters it dropped (sorted): enough to map
    any of its offsets back to the original."""

    text: str
    dropped: tuple[int, ...]

    def original(self, index: int) -> int:
        """The original offset of the reading text's character ``index`` (or of its end)."""
        at = index
        for gone in self.dropped:
            if gone > at:
                break
            at += 1
        return at

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original text's span that the reading text's ``start:end`` was made from, with the
        marks written after its last letter."""
        return self.original(start), self.original(end) if end > start else self.original(start)


@cache
def normaliser(code: str) -> Normaliser:
    """The pack's normaliser (none for a pack without ``normalise.yaml``)."""
    from salvo import lang  # the loader imports this module

    try:
        data = lang.lexicon(code, "normalise") or {}
    except LookupError:
        return Normaliser({}, frozenset())
    table: dict[int, str] = {}
    for target, sources in (data.get("letters") or {}).items():
        for char in str(sources):
            table[ord(char)] = str(target)
    for series in data.get("digits") or []:
        for value, char in enumerate(str(series)):
            table[ord(char)] = str(value)
    for target, sources in (data.get("punctuation") or {}).items():
        for char in str(sources):
            table[ord(char)] = str(target)
    if any(len(v) != 1 for v in table.values()):
        raise ValueError(f"normalise.yaml of {code!r}: each replacement must be one character")
    return Normaliser(table, frozenset("".join(str(d) for d in data.get("drop") or [])))


@cache
def letter_table() -> dict[int, str]:
    """Every pack's one-for-one replacements together (for folding names of any language)."""
    from salvo import lang

    merged: dict[int, str] = {}
    for code in lang.available():
        merged.update(normaliser(code).table)
    return merged


@cache
def _fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = dict(letter_table())
    from salvo import lang

    for code in lang.available():
        table.update(dict.fromkeys(map(ord, normaliser(code).drop)))
    return table


def fold_letters(text: str) -> str:
    """``text`` with every pack's letter variants made one and marks dropped (for names of any
    language: an alias is compared with text that its pack normalised)."""
    return text.translate(_fold_table())


def normalise(text: str, code: str) -> Normalised:
    """``text`` as language ``code``'s stages read it, with the map back to ``text``'s offsets."""
    norm = normaliser(code)
    if norm.identity:
        return Normalised(text, ())
    dropped = tuple(m.start() for m in _drop_re(code).finditer(text)) if norm.drop else ()
    return Normalised(text.translate(_table(code)), dropped)


@cache
def _table(code: str) -> dict[int, str | None]:
    norm = normaliser(code)
    return {**norm.table, **dict.fromkeys(map(ord, norm.drop))}


@cache
def _drop_re(code: str) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(normaliser(code).drop)) + "]")
