"""Compiled cue patterns behind gates derived from the patterns themselves."""

from __future__ import annotations

import re
from collections.abc import Iterator
from operator import itemgetter

from salvo.lang.gate import (
    boundary_inside,
    exact_parts_negated,
    first_chars,
    min_width,
    required_key_sets,
    required_keys,
    split_branches,
)

try:  # one pass over a text finds every cue's gate keys at once
    import ahocorasick
except ImportError:  # pragma: no cover - a declared dependency; the fallback tests each key in turn
    ahocorasick = None

#: A pattern with at least this many alternatives is run branch by branch when at most MAX_KEPT of
#: its branches' keys are in the text; with more left the whole pattern runs. Alone, each branch
#: gets the engine's literal-prefix scan, so even eight separate scans beat one long alternation.
MIN_BRANCHES = 4
MAX_KEPT = 8
#: Only long alternatives are worth it: the engine tries a list of short words about as fast as one.
MIN_BRANCH_CHARS = 50

#: Texts whose lower-case form and present keys are kept: a sentence and its clauses are tested
#: against many cues in a row, and a bounded cache never grows with the run.
_CACHE_SIZE = 1024


KeySet = frozenset[int]
#: Key sets a text must meet all of (one key of each) for a pattern to match in it.
Gate = tuple[KeySet, ...]


class _KeyIndex:
    """Every gate key of every cue, numbered: a text's keys are found in one automaton pass."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self._automaton: object | None = None
        self._cache: dict[str, tuple[str, set[int]]] = {}

    def ids_of(self, keys: tuple[str, ...]) -> KeySet:
        """The numbers of ``keys``, registering the new ones (the automaton is rebuilt on next use)."""
        for key in keys:
            if key not in self.ids:
                self.ids[key] = len(self.ids)
                self._automaton = None
                self._cache.clear()
        return frozenset(self.ids[key] for key in keys)

    def gate_of(self, sets: tuple[tuple[str, ...], ...]) -> Gate:
        """The numbered form of a pattern's required key sets (see ``gate.required_key_sets``)."""
        return tuple(self.ids_of(keys) for keys in sets)

    def _build(self) -> object:
        if ahocorasick is None:
            return self.ids
        automaton = ahocorasick.Automaton()
        for key, number in self.ids.items():
            automaton.add_word(key, number)
        automaton.make_automaton()
        return automaton

    def prepared(self, text: str) -> tuple[str, set[int]]:
        """The lower-cased text and the numbers of the keys it holds."""
        hit = self._cache.get(text)
        if hit is not None:
            return hit
        if self._automaton is None:
            self._automaton = self._build()
        low = text.lower()
        if ahocorasick is None:
            present = {number for key, number in self.ids.items() if key in low}
        elif self.ids:
            present = set(map(_second, self._automaton.iter(low)))  # type: ignore[attr-defined]
        else:
            present = set()
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[text] = (low, present)
        return low, present


_second = itemgetter(1)

_INDEX = _KeyIndex()


def lower(text: str) -> str:
    """Lower-cased text, cached: one sentence is tested against many cues in a row."""
    return _INDEX.prepared(text)[0]


_GROUP_NAME = re.compile(r"\(\?P(?:<\w+>|=\w+\))")


def lowered_pattern(source: str) -> str:
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



_lowered = lowered_pattern

_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def compiled(source: str, flags: int) -> re.Pattern[str]:
    """The pattern behind a lookahead for its first characters (see ``gate.first_chars``) and a word
    boundary its alternatives all begin with (``gate.boundary_inside``), which match the same: the
    engine rejects most start positions with one class test, and those inside a word with one more."""
    if _GLOBAL_FLAGS.match(source):
        return re.compile(source, flags)
    ahead = (first_chars(source, flags) or "") + (r"\b" if boundary_inside(source, flags) else "")
    return re.compile(f"{ahead}(?:{source})" if ahead else source, flags)


class _Branches:
    """A pattern's alternatives, each as a pattern of its own (with the pattern's prefix and suffix).

    A branch whose keys are missing from the text cannot match anywhere in it, so dropping it changes
    no match; the few that are left run one by one and the leftmost match wins, the earlier branch
    on a tie, as inside the alternation. Only for patterns without groups, whose prefix is empty or
    ``\\b`` (nothing to backtrack into) and that never match the empty string.
    """

    __slots__ = ("sources", "gates", "flags", "_compiled", "_free", "_first", "_by_key", "_rest")

    def __init__(self, prefix: str, branches: list[str], suffix: str, flags: int) -> None:
        self.sources = [f"{prefix}(?:{b}){suffix}" for b in branches]
        self.gates = [_INDEX.gate_of(required_key_sets(src, flags & ~re.UNICODE)) for src in self.sources]
        self.flags = flags
        self._compiled: dict[tuple[int, bool], re.Pattern[str]] = {}
        # which branches each key of a first key set opens, as bits: ``kept`` is a few set operations
        self._free = sum(1 << k for k, gate in enumerate(self.gates) if not gate)
        self._by_key: dict[int, int] = {}
        for k, gate in enumerate(self.gates):
            for key in gate[0] if gate else ():
                self._by_key[key] = self._by_key.get(key, 0) | 1 << k
        self._first = frozenset(self._by_key)
        self._rest = [gate[1:] for gate in self.gates]

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> _Branches | None:
        split = split_branches(pattern.pattern)
        if pattern.groups or split is None or split[0] not in ("", r"\b") or len(split[1]) < MIN_BRANCHES:
            return None
        if len(pattern.pattern) < MIN_BRANCH_CHARS * len(split[1]):
            return None
        if min_width(pattern.pattern, pattern.flags & ~re.UNICODE) == 0:
            return None
        return cls(*split, pattern.flags)

    def kept(self, present: set[int]) -> list[int] | None:
        """The branches that may match (in order), when few enough of them to run one by one."""
        mask = self._free
        by_key = self._by_key
        for key in self._first.intersection(present):
            mask |= by_key[key]
        out: list[int] = []
        while mask:
            low = mask & -mask
            mask ^= low
            k = low.bit_length() - 1
            for keys in self._rest[k]:
                if keys.isdisjoint(present):
                    break
            else:
                out.append(k)
                if len(out) > MAX_KEPT:
                    return None
        return out

    def pattern(self, k: int, fast: bool) -> re.Pattern[str]:
        made = self._compiled.get((k, fast))
        if made is None:
            source = _lowered(self.sources[k]) if fast else self.sources[k]
            made = compiled(source, self.flags & ~re.IGNORECASE if fast else self.flags)
            self._compiled[k, fast] = made
        return made

    def search(self, kept: list[int], fast: bool, subject: str, pos: int) -> re.Match[str] | None:
        best: re.Match[str] | None = None
        for k in kept:
            m = self.pattern(k, fast).search(subject, pos)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        return best

    def finditer(self, kept: list[int], fast: bool, subject: str, pos: int) -> Iterator[re.Match[str]]:
        patterns = [self.pattern(k, fast) for k in kept]
        upcoming = [p.search(subject, pos) for p in patterns]
        while True:
            best = -1
            for i, m in enumerate(upcoming):
                if m is not None and (best < 0 or m.start() < upcoming[best].start()):  # type: ignore[union-attr]
                    best = i
            if best < 0:
                return
            found = upcoming[best]
            assert found is not None
            yield found
            end = found.end()
            for i, m in enumerate(upcoming):
                if m is not None and m.start() < end:
                    upcoming[i] = patterns[i].search(subject, end)


def _loosens(pattern: re.Pattern[str]) -> bool:
    """Whether the pattern with its case-exact parts folded matches wherever the pattern does."""
    return not exact_parts_negated(pattern.pattern, pattern.flags & ~re.UNICODE)


class Cue:
    """A pattern behind a cheap gate: the regex runs only when one of its keys is in the text.

    Most sentences lack most cues; one pass of an Aho-Corasick automaton over the text finds the
    keys of all cues together, so each gate costs one set test. The keys come from
    :func:`salvo.lang.gate.required_keys`, so they are never kept by hand. A long alternation runs
    only the branches whose own keys are present (see ``_Branches``). A case-insensitive pattern
    also gets a lower-case twin run on lower-cased text: the regex engine is several times faster
    without IGNORECASE. Patterns with case-exact parts (``(?-i:US)``) keep theirs, behind a loose
    twin: the lower-case pattern, exact parts folded too, matches wherever the pattern does, so
    where the twin finds nothing (most texts) the slow pattern never runs, and where it does the
    pattern starts at the twin's first match (no match of the pattern can start before it).
    """

    __slots__ = ("pattern", "keys", "_gate", "_fast", "_loose", "_slow", "_branches", "_last")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.keys = required_keys(pattern.pattern, pattern.flags & ~re.UNICODE)
        self._gate = _INDEX.gate_of(required_key_sets(pattern.pattern, pattern.flags & ~re.UNICODE))
        folded = pattern.flags & re.IGNORECASE
        exact_parts = "(?-i:" in pattern.pattern or not folded
        lowered = None if not folded else compiled(_lowered(pattern.pattern), pattern.flags & ~re.IGNORECASE)
        self._fast = None if exact_parts else lowered
        self._loose = lowered if exact_parts and lowered is not None and _loosens(pattern) else None
        self._slow = compiled(pattern.pattern, pattern.flags)
        self._branches = _Branches.of(pattern)
        self._last: tuple[str | None, int, re.Match[str] | None] = (None, 0, None)

    def _plan(self, text: str, pos: int) -> tuple[re.Pattern[str], str, list[int] | None, int] | None:
        """The pattern, subject, branches and start to run, or None when no match can be found: no
        key is in the text, or the loose twin finds nothing."""
        low, present = _INDEX._cache.get(text) or _INDEX.prepared(text)
        for keys in self._gate:
            if keys.isdisjoint(present):
                return None
        branches = self._branches
        kept = branches.kept(present) if branches is not None else None
        same = len(low) == len(text)  # offsets stay valid
        if self._loose is not None and same:
            if kept is not None:
                m = branches.search(kept, True, low, pos)  # type: ignore[union-attr]
            else:
                m = self._loose.search(low, pos)
            if m is None:
                return None
            pos = m.start()
        if self._fast is not None and same:
            return self._fast, low, kept, pos
        return self._slow, text, kept, pos

    def gated_out(self, text: str) -> bool:
        """True when a key set has none of its keys in the text, so the pattern cannot match."""
        present = _INDEX.prepared(text)[1]
        return any(keys.isdisjoint(present) for keys in self._gate)

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        # the gate of ``_plan``, inline: most calls end here
        gate = self._gate
        if gate:
            present = (_INDEX._cache.get(text) or _INDEX.prepared(text))[1]
            for keys in gate:
                if keys.isdisjoint(present):
                    return None
        last = self._last  # a stage often asks the same cue about the same text twice in a row
        if last[0] is text and last[1] == pos:
            return last[2]
        plan = self._plan(text, pos)
        if plan is None:
            found = None
        else:
            pattern, subject, kept, start = plan
            if kept is not None:
                found = self._branches.search(kept, pattern is self._fast, subject, start)  # type: ignore[union-attr]
            else:
                found = pattern.search(subject, start)
        self._last = (text, pos, found)  # one tuple: a reader in another thread sees all or nothing
        return found

    def finditer(self, text: str, pos: int = 0) -> Iterator[re.Match[str]]:
        plan = self._plan(text, pos)
        if plan is None:
            return iter(())
        pattern, subject, kept, pos = plan
        if kept is not None:
            return self._branches.finditer(kept, pattern is self._fast, subject, pos)  # type: ignore[union-attr]
        return pattern.finditer(subject, pos)

    def match(self, text: str) -> re.Match[str] | None:
        return self.pattern.match(text)
