"""Compiled cue patterns behind gates derived from the patterns themselves."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from salvo.lang.gate import required_keys


@lru_cache(maxsize=1024)
def lower(text: str) -> str:
    """Lower-cased text, cached: one sentence is tested against many cues in a row."""
    return text.lower()


_GROUP_NAME = re.compile(r"\(\?P(?:<\w+>|=\w+\))")


def _lowered(source: str) -> str:
    """A pattern's source in lower case; escapes (``\\W``, ``\\S``, ``\\B``, ``\\D``) and group
    names (``(?P<Name>``, ``(?P=Name)``) are left as they are."""
    out: list[str] = []
    escaped = False
    i = 0
    while i < len(source):
        char = source[i]
        named = None if escaped else _GROUP_NAME.match(source, i)
        if named:
            out.append(named.group(0))
            i = named.end()
            continue
        out.append(char if escaped else char.lower())
        escaped = char == "\\" and not escaped
        i += 1
    return "".join(out)


class Cue:
    """A pattern behind a cheap gate: the regex runs only when one of its keys is in the text.

    Most sentences lack most cues; one substring scan for the keys costs a fraction of the full
    pattern. The keys come from :func:`salvo.lang.gate.required_keys`, so they are never kept by
    hand. A case-insensitive pattern also gets a lower-case twin run on lower-cased text: the regex
    engine is several times faster without IGNORECASE. Patterns with case-exact parts keep theirs.
    """

    __slots__ = ("pattern", "keys", "_fast")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.keys = required_keys(pattern.pattern, pattern.flags & ~re.UNICODE)
        exact_parts = "(?-i:" in pattern.pattern or not pattern.flags & re.IGNORECASE
        self._fast = None if exact_parts else re.compile(_lowered(pattern.pattern), pattern.flags & ~re.IGNORECASE)

    def _run(self, text: str) -> tuple[re.Pattern[str], str]:
        if self._fast is not None:
            low = lower(text)
            if len(low) == len(text):  # offsets stay valid
                return self._fast, low
        return self.pattern, text

    def gated_out(self, text: str) -> bool:
        """True when no key is in the text, so the pattern cannot match."""
        if self.keys is None:
            return False
        low = lower(text)
        return not any(key in low for key in self.keys)

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        if self.gated_out(text):
            return None
        pattern, subject = self._run(text)
        return pattern.search(subject, pos)

    def finditer(self, text: str, pos: int = 0) -> Iterator[re.Match[str]]:
        if self.gated_out(text):
            return iter(())
        pattern, subject = self._run(text)
        return pattern.finditer(subject, pos)

    def match(self, text: str) -> re.Match[str] | None:
        return self.pattern.match(text)
