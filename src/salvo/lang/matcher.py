"""Compiled cue patterns behind gates derived from the patterns themselves."""

from __future__ import annotations

import re
from collections.abc import Iterator

from salvo.lang.gate import required_keys

try:  # one pass over a text finds every cue's gate keys at once
    import ahocorasick
except ImportError:  # pragma: no cover - a declared dependency; the fallback tests each key in turn
    ahocorasick = None

#: Texts whose lower-case form and present keys are kept: a sentence and its clauses are tested
#: against many cues in a row, and a bounded cache never grows with the run.
_CACHE_SIZE = 1024


class _KeyIndex:
    """Every gate key of every cue, one bit each: a text's keys are found in one automaton pass."""

    def __init__(self) -> None:
        self.bits: dict[str, int] = {}
        self._automaton: object | None = None
        self._cache: dict[str, tuple[str, int]] = {}

    def mask(self, keys: tuple[str, ...]) -> int:
        """The bits of ``keys``, registering the new ones (the automaton is rebuilt on next use)."""
        out = 0
        for key in keys:
            if key not in self.bits:
                self.bits[key] = 1 << len(self.bits)
                self._automaton = None
                self._cache.clear()
            out |= self.bits[key]
        return out

    def _build(self) -> object:
        if ahocorasick is None:
            return self.bits
        automaton = ahocorasick.Automaton()
        for key, bit in self.bits.items():
            automaton.add_word(key, bit)
        automaton.make_automaton()
        return automaton

    def prepared(self, text: str) -> tuple[str, int]:
        """The lower-cased text and the bits of the keys it holds."""
        hit = self._cache.get(text)
        if hit is not None:
            return hit
        if self._automaton is None:
            self._automaton = self._build()
        low = text.lower()
        present = 0
        if ahocorasick is None:
            for key, bit in self.bits.items():
                if key in low:
                    present |= bit
        elif self.bits:
            for _, bit in self._automaton.iter(low):  # type: ignore[attr-defined]
                present |= bit
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[text] = (low, present)
        return low, present


_INDEX = _KeyIndex()


def lower(text: str) -> str:
    """Lower-cased text, cached: one sentence is tested against many cues in a row."""
    return _INDEX.prepared(text)[0]


def _lowered(source: str) -> str:
    """A pattern's source in lower case, escapes (``\\W``, ``\\S``, ``\\B``, ``\\D``) left as they are."""
    out: list[str] = []
    escaped = False
    for char in source:
        out.append(char if escaped else char.lower())
        escaped = char == "\\" and not escaped
    return "".join(out)


class Cue:
    """A pattern behind a cheap gate: the regex runs only when one of its keys is in the text.

    Most sentences lack most cues; one pass of an Aho-Corasick automaton over the text finds the
    keys of all cues together, so each gate costs one bit test. The keys come from
    :func:`salvo.lang.gate.required_keys`, so they are never kept by hand. A case-insensitive
    pattern also gets a lower-case twin run on lower-cased text: the regex engine is several times
    faster without IGNORECASE. Patterns with case-exact parts keep theirs.
    """

    __slots__ = ("pattern", "keys", "_mask", "_fast")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.keys = required_keys(pattern.pattern, pattern.flags & ~re.UNICODE)
        self._mask = _INDEX.mask(self.keys) if self.keys is not None else 0
        exact_parts = "(?-i:" in pattern.pattern or not pattern.flags & re.IGNORECASE
        self._fast = None if exact_parts else re.compile(_lowered(pattern.pattern), pattern.flags & ~re.IGNORECASE)

    def _gate(self, text: str) -> tuple[re.Pattern[str], str] | None:
        """The pattern and subject to run, or None when no key is in the text."""
        if self.keys is None:
            if self._fast is None:
                return self.pattern, text
            low = lower(text)
        else:
            low, present = _INDEX.prepared(text)
            if not present & self._mask:
                return None
            if self._fast is None:
                return self.pattern, text
        if len(low) == len(text):  # offsets stay valid
            return self._fast, low
        return self.pattern, text

    def gated_out(self, text: str) -> bool:
        """True when no key is in the text, so the pattern cannot match."""
        if self.keys is None:
            return False
        return not _INDEX.prepared(text)[1] & self._mask

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        run = self._gate(text)
        return None if run is None else run[0].search(run[1], pos)

    def finditer(self, text: str, pos: int = 0) -> Iterator[re.Match[str]]:
        run = self._gate(text)
        return iter(()) if run is None else run[0].finditer(run[1], pos)

    def match(self, text: str) -> re.Match[str] | None:
        return self.pattern.match(text)
