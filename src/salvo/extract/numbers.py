"""Numbers as reporters write them: digits, words ("twenty-one"), and hedges ("at least 14").

The words come from the language pack's ``numbers.yaml`` (see that file for the keys), so the
parser itself knows no English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from salvo import lang

_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+"


@dataclass(frozen=True)
class NumberWords:
    """One language's number words, as values and as one regex alternation."""

    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    multipliers: frozenset[str]
    articles: dict[str, int]
    joiner: str
    pattern: str  # a cardinal in digits or words, bounded so it never matches inside a word
    qualifier: str  # one hedge ("at least", "some"), as an alternation
    ordinals: dict[str, int]  # "a third rocket": at least three
    negatives: frozenset[str]  # "no rockets": a denial, not a count
    measure: str  # "107 mm", "5 km", "10 percent": a unit after a number that measures, not counts


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@cache
def words(code: str = "en") -> NumberWords:
    """The number words of language ``code`` (read once)."""
    data = lang.lexicon(code, "numbers")
    units = {**{str(k): int(v) for k, v in data["units"].items()},
             **{str(k): int(v) for k, v in (data.get("negatives") or {}).items()}}
    articles = {str(k): int(v) for k, v in (data.get("articles") or {}).items()}
    tens = {str(k): int(v) for k, v in (data.get("tens") or {}).items()}
    scales = {str(k): int(v) for k, v in (data.get("scales") or {}).items()}
    joiner = str(data.get("joiner") or "and")
    word = _alternation([*units, *articles, *tens, *scales])
    left = str(data.get("left") or r"(?<![\w])")  # what may not stand right before a number
    pattern = (rf"{left}(?:{_DIGITS}|(?:(?:{word})(?:[\s-]+(?:{re.escape(joiner)}[\s-]+)?(?:{word}))*))"
               r"(?![\w])")
    return NumberWords(units, tens, scales, frozenset(data.get("multipliers") or ()), articles, joiner,
                       pattern, _alternation([str(q) for q in data.get("qualifiers") or ()]),
                       {str(k): int(v) for k, v in (data.get("ordinals") or {}).items()},
                       frozenset(str(k) for k in data.get("negatives") or ()),
                       str(data.get("measure") or r"(?!)"))


#: A cardinal in digits ("1,200", "14") or English words ("twenty-one", "a hundred", "two dozen").
NUMBER_PATTERN = words("en").pattern
#: A hedge before a number that leaves it as it is ("at least 14" is 14).
QUALIFIER_PATTERN = rf"(?:{words('en').qualifier})"


@cache
def _full(code: str) -> re.Pattern[str]:
    return re.compile(rf"^{words(code).pattern}$", re.IGNORECASE)


def parse_number(text: str, code: str = "en") -> int | None:
    """Value of a cardinal written in digits or number words; None when it is not one.

    An article before another number word only introduces it: "a dozen" is 12, "a single" is 1.
    """
    s = text.strip().lower()
    if not s:
        return None
    if re.fullmatch(_DIGITS, s):
        return int(s.replace(",", ""))
    lex = words(code)
    if not _full(code).match(s):
        return None
    tokens = [t for t in re.split(r"[\s-]+", s) if t != lex.joiner]
    if not tokens:
        return None
    if len(tokens) > 1 and tokens[0] in lex.articles:
        tokens = tokens[1:]
    for joined in ("-".join(tokens), " ".join(tokens)):  # "half-dozen", "half a dozen"
        if joined in lex.units:
            return lex.units[joined]
    total = current = 0
    for token in tokens:
        if token in lex.multipliers and current:
            current *= lex.units[token]
        elif token in lex.units:
            current += lex.units[token]
        elif token in lex.articles:
            current += lex.articles[token]
        elif token in lex.tens:
            current += lex.tens[token]
        elif token in lex.scales:
            current = max(current, 1) * lex.scales[token]
            if lex.scales[token] >= 1000:
                total += current
                current = 0
        else:
            return None
    return total + current
