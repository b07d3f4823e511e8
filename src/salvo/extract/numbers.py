"""Numbers as reporters write them: digits, words ("twenty-one"), and hedges ("at least 14")."""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "no": 0, "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "both": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "couple": 2, "pair": 2, "dozen": 12, "half-dozen": 6,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000}

_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES], key=len, reverse=True))
#: A cardinal in digits ("1,200", "14") or words ("twenty-one", "a hundred", "two dozen").
NUMBER_PATTERN = (
    rf"(?<![\w])(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:(?:{_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{_WORD}))*))(?![\w])"
)
_NUMBER_RE = re.compile(rf"^{NUMBER_PATTERN}$", re.IGNORECASE)


def parse_number(text: str) -> int | None:
    """Value of a cardinal written in digits or English words; None when it is not one."""
    s = text.strip().lower()
    if not s:
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", s):
        return int(s.replace(",", ""))
    if not _NUMBER_RE.match(s):
        return None
    total = current = 0
    seen = False
    for token in re.split(r"[\s-]+", s):
        if token == "and":
            continue
        if token in _UNITS:
            if token == "dozen" and current:
                current *= 12
            else:
                current += _UNITS[token]
        elif token in _TENS:
            current += _TENS[token]
        elif token in _SCALES:
            current = max(current, 1) * _SCALES[token]
            if _SCALES[token] >= 1000:
                total += current
                current = 0
        else:
            return None
        seen = True
    return total + current if seen else None
