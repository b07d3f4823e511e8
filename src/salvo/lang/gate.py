"""Gates derived from a pattern itself: the literal words any match must contain.

A cue's regex runs only when the sentence holds one of its gate keys. The keys are read off the
compiled pattern's parse tree, never kept by hand, so a gate cannot fall out of sync with its
pattern ("the 10th attack" and "the 11th attack" pass or fail together). A pattern with no
literal that every match must contain gets no gate and always runs.
"""

from __future__ import annotations

import re

# Python >= 3.11 keeps the regex parser here (the project requires 3.11).
from re import _parser as sre_parse  # type: ignore[attr-defined]
from re._constants import (
    ASSERT,
    ASSERT_NOT,
    AT,
    AT_BOUNDARY,
    BRANCH,
    IN,
    LITERAL,
    MAX_REPEAT,
    MIN_REPEAT,
    POSSESSIVE_REPEAT,
    RANGE,
    SUBPATTERN,
)

Keys = frozenset[str]

#: Keys shorter than this gate nothing useful: a pattern whose best keys are shorter runs ungated.
MIN_KEY = 2
#: ... except these characters, rare in prose: alone they gate a pattern (";", "<", "&") well.
RARE_CHARS = frozenset(";<>&|@#$%=~{}[]\\^*+")


def _usable(run: str) -> bool:
    return len(run) >= MIN_KEY or (len(run) == 1 and run in RARE_CHARS)
_REPEATS = {MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT}
_ZERO_WIDTH = {AT, ASSERT, ASSERT_NOT}


def _better(a: Keys | None, b: Keys | None) -> Keys | None:
    """The more selective of two key sets: longer shortest key first, then fewer keys."""
    if a is None:
        return b
    if b is None:
        return a
    score_a = (min(map(len, a)), -len(a))
    score_b = (min(map(len, b)), -len(b))
    return a if score_a >= score_b else b


def _class_chars(items: list[tuple[object, object]]) -> set[str] | None:
    """The characters of a small class of plain literals (``[ie]``), else None."""
    chars: set[str] = set()
    for op, value in items:
        if op is not LITERAL or not isinstance(value, int):
            return None
        chars.add(chr(value).lower())
    return chars if 0 < len(chars) <= 3 else None


def _sequence(items: list[tuple[object, object]]) -> Keys | None:
    """Required keys of a sequence: its best literal run or its best required part."""
    best: Keys | None = None
    runs: set[str] = {""}

    def close() -> None:
        nonlocal best, runs
        if all(_usable(r) for r in runs):
            best = _better(best, frozenset(runs))
        runs = {""}

    for op, value in items:
        if op is LITERAL and isinstance(value, int):
            runs = {r + chr(value).lower() for r in runs}
            continue
        if op is IN and isinstance(value, list):
            chars = _class_chars(value)
            if chars is not None and len(runs) * len(chars) <= 16:
                runs = {r + c for r in runs for c in chars}
                continue
        if op is SUBPATTERN and isinstance(value, tuple):
            inner = list(value[-1])
            if all(o is LITERAL for o, _ in inner):
                runs = {r + "".join(chr(v).lower() for _, v in inner) for r in runs}
                continue
        close()
        best = _better(best, _node(op, value))
    close()
    return best


def _node(op: object, value: object) -> Keys | None:
    if op is SUBPATTERN and isinstance(value, tuple):
        return _sequence(list(value[-1]))
    if op is BRANCH and isinstance(value, tuple):
        union: set[str] = set()
        for branch in value[1]:
            keys = _sequence(list(branch))
            if keys is None:
                return None
            union |= keys
        return frozenset(union)
    if op in _REPEATS and isinstance(value, tuple):
        low, _high, body = value
        return _sequence(list(body)) if low >= 1 else None
    return None


def min_width(pattern: str, flags: int = 0) -> int:
    """The length of the shortest text the pattern can match."""
    return int(sre_parse.parse(pattern, flags).getwidth()[0])


def required_keys(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Lower-case literals one of which every match of ``pattern`` contains; None when there are none.

    Sound by construction: a literal run is taken only from parts every match must pass through
    (no optional repeats, every branch of an alternation covered), so gating on these keys never
    hides a match. Keys are lower case: the gate compares them with the lower-cased text.
    """
    tree = sre_parse.parse(pattern, flags)
    keys = _sequence(list(tree))
    return tuple(sorted(keys)) if keys else None


def _parts(items: list[tuple[object, object]]) -> list[Keys]:
    """Key sets of every part a sequence requires (each a choice of keys), nested required groups,
    repeats and lookarounds that must match included: a match holds a key of each."""
    out: list[Keys] = []
    runs: set[str] = {""}

    def close() -> None:
        nonlocal runs
        if all(_usable(r) for r in runs):
            out.append(frozenset(runs))
        runs = {""}

    for op, value in items:
        if op is LITERAL and isinstance(value, int):
            runs = {r + chr(value).lower() for r in runs}
            continue
        if op is IN and isinstance(value, list):
            chars = _class_chars(value)
            if chars is not None and len(runs) * len(chars) <= 16:
                runs = {r + c for r in runs for c in chars}
                continue
        close()
        if op is SUBPATTERN and isinstance(value, tuple):
            out.extend(_parts(list(value[-1])))
        elif op in _REPEATS and isinstance(value, tuple) and value[0] >= 1:
            out.extend(_parts(list(value[2])))
        elif op is ASSERT and isinstance(value, tuple):
            out.extend(_parts(list(value[1])))  # a lookaround that must match lies in the text too
        else:
            keys = _node(op, value)
            if keys is not None:
                out.append(keys)
    close()
    return out


#: At most this many key sets gate one pattern (the most selective ones): each costs a set test.
MAX_KEY_SETS = 3
#: The shortest key a set past the first may hold.
MIN_EXTRA_KEY = 4


def required_key_sets(pattern: str, flags: int = 0) -> tuple[tuple[str, ...], ...]:
    """Sets of lower-case literals such that every match of ``pattern`` contains one of each set:
    the conjunction of the parts it requires ("several ... attacks" needs one of "several",
    "multiple" and also "attacks"). Empty when no part gives keys. The first set is the best one."""
    parts = set(_parts(list(sre_parse.parse(pattern, flags))))
    ranked = sorted(parts, key=lambda keys: (-min(map(len, keys)), len(keys), sorted(keys)))
    # short words are in nearly every text: past the best set they gate nothing and cost the scan
    kept = ranked[:1] + [keys for keys in ranked[1:] if min(map(len, keys)) >= MIN_EXTRA_KEY]
    return tuple(tuple(sorted(keys)) for keys in kept[:MAX_KEY_SETS])


def _scan_source(source: str) -> list[tuple[int, int, str]]:
    """Structural characters of a pattern's source: (index, depth, char) for parentheses and bars.

    Escapes and character classes are skipped, so ``\\|`` and ``[(|]`` are not structure.
    """
    out: list[tuple[int, int, str]] = []
    depth = 0
    i, n = 0, len(source)
    while i < n:
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i += 1
            if i < n and source[i] == "^":
                i += 1
            if i < n and source[i] == "]":
                i += 1
            while i < n and source[i] != "]":
                i += 2 if source[i] == "\\" else 1
        elif char == "(":
            out.append((i, depth, char))
            depth += 1
        elif char == ")":
            depth -= 1
            out.append((i, depth, char))
        elif char == "|":
            out.append((i, depth, char))
        i += 1
    return out


def split_branches(source: str) -> tuple[str, list[str], str] | None:
    """``(prefix, branches, suffix)`` when the pattern is ``prefix(?:b1|b2|...)suffix`` or ``b1|b2|...``.

    The alternation must be the pattern's only one at its level and its group must be required (not
    followed by a quantifier): then each branch with its prefix and suffix is a pattern of its own,
    and the whole matches where the first of them (in branch order) that matches leftmost does.
    """
    marks = _scan_source(source)
    top = [i for i, depth, char in marks if depth == 0 and char == "|"]
    if top:
        cuts = [-1, *top, len(source)]
        return "", [source[a + 1 : b] for a, b in zip(cuts, cuts[1:], strict=False)], ""
    groups: list[tuple[int, int]] = []
    opened = -1
    for i, depth, char in marks:
        if depth == 0 and char == "(":
            opened = i
        elif depth == 0 and char == ")":
            groups.append((opened, i))
    with_bars = [(a, b) for a, b in groups if any(a < i < b and d == 1 and c == "|" for i, d, c in marks)]
    if len(with_bars) != 1:
        return None
    a, b = with_bars[0]
    if not source.startswith("(?:", a) or source[b + 1 : b + 2] in ("?", "*", "+", "{"):
        return None
    bars = [i for i, depth, char in marks if depth == 1 and char == "|" and a < i < b]
    cuts = [a + 2, *bars, b]
    return source[:a], [source[x + 1 : y] for x, y in zip(cuts, cuts[1:], strict=False)], source[b + 1 :]


def exact_parts_negated(pattern: str, flags: int = 0) -> bool:
    """Whether a case-exact part (``(?-i:...)``) lies inside a negative lookaround.

    Making such a part case-insensitive would make the whole pattern stricter, not looser, so the
    loose twin of the pattern (see ``salvo.lang.matcher``) could miss a match of the original.
    """

    def walk(items: object, negated: bool) -> bool:
        for op, value in items:  # type: ignore[attr-defined]
            if op is SUBPATTERN and isinstance(value, tuple):
                if negated and value[2] & sre_parse.SRE_FLAG_IGNORECASE:
                    return True
                if walk(value[-1], negated):
                    return True
            elif op is ASSERT_NOT and isinstance(value, tuple):
                if walk(value[1], True):
                    return True
            elif op is BRANCH and isinstance(value, tuple):
                if any(walk(branch, negated) for branch in value[1]):
                    return True
            elif isinstance(value, tuple):
                if any(walk(part, negated) for part in value if isinstance(part, sre_parse.SubPattern)):
                    return True
            elif isinstance(value, sre_parse.SubPattern) and walk(value, negated):
                return True
        return False

    return walk(sre_parse.parse(pattern, flags), False)


def _first(items: list[tuple[object, object]]) -> set[str] | None:
    """Characters one of which every match of a sequence starts with; None when not known."""
    for op, value in items:
        if op in _ZERO_WIDTH:
            continue  # \b, ^, lookarounds: the first character comes after them
        if op is LITERAL and isinstance(value, int):
            return {chr(value)}
        if op is IN and isinstance(value, list):
            return _class_first(value)
        if op is SUBPATTERN and isinstance(value, tuple):
            if value[1] & sre_parse.SRE_FLAG_IGNORECASE:
                return None  # folded inside only: a class outside would be stricter
            return _first(list(value[-1]))
        if op is BRANCH and isinstance(value, tuple):
            union: set[str] = set()
            for branch in value[1]:
                chars = _first(list(branch))
                if chars is None:
                    return None
                union |= chars
            return union
        if op in _REPEATS and isinstance(value, tuple) and value[0] >= 1:
            return _first(list(value[2]))
        return None
    return None  # the sequence may match the empty string here


def _class_first(items: list[tuple[object, object]]) -> set[str] | None:
    chars: set[str] = set()
    for op, value in items:
        if op is LITERAL and isinstance(value, int):
            chars.add(chr(value))
        elif op is RANGE and isinstance(value, tuple) and value[1] - value[0] < 64:
            chars.update(chr(c) for c in range(value[0], value[1] + 1))
        else:
            return None
    return chars or None


def first_chars(pattern: str, flags: int = 0) -> str | None:
    """A lookahead (``(?=[...])``) for the characters every match of ``pattern`` starts with.

    Prepended to the pattern it changes no match (compiled with the same flags, the class matches
    what the first literal would), but a pattern that opens with ``\\b`` or an alternation of
    words then rejects most positions with one class test instead of trying every alternative.
    None when the first character is not known (a class of categories, an optional start).
    """
    chars = _first(list(sre_parse.parse(pattern, flags)))
    if not chars or len(chars) > 40:
        return None
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])"


_WORD_FLAGS = sre_parse.SRE_FLAG_ASCII | sre_parse.SRE_FLAG_LOCALE | sre_parse.SRE_FLAG_UNICODE


def _at_boundary(items: list[tuple[object, object]]) -> bool:
    """Whether every match of a sequence starts at a word boundary (a ``\\b`` before anything it reads)."""
    for op, value in items:
        if op is AT and value is AT_BOUNDARY:
            return True
        if op in _ZERO_WIDTH:
            continue  # ^, a lookaround: the boundary that follows is at the same place
        if op is SUBPATTERN and isinstance(value, tuple):
            if (value[1] | value[2]) & _WORD_FLAGS:
                return False  # (?a:...) reads \b another way
            return _at_boundary(list(value[-1]))
        if op is BRANCH and isinstance(value, tuple):
            return all(_at_boundary(list(branch)) for branch in value[1])
        return False
    return False


def boundary_inside(pattern: str, flags: int = 0) -> bool:
    """Whether every match starts at a word boundary that only the alternatives say (``(?:\\bUS\\b|
    \\bAmerican\\b)``): a ``\\b`` in front then changes no match, and rejects a position inside a word
    with one test instead of entering every alternative there."""
    items = list(sre_parse.parse(pattern, flags))
    return bool(items) and items[0] != (AT, AT_BOUNDARY) and _at_boundary(items)
