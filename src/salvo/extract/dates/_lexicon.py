"""Calendar words, read from the language packs' ``dates.yaml``, and the regex fragments built from them.

The words are data (``salvo/data/lang/<code>/dates.yaml``); this module only turns them into lookup
tables and pattern pieces, so the mention and byline readers hold no vocabulary of their own. Every
pack's words are scanned together: a second language adds its file and its names are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from salvo.lang import available, lexicon


@dataclass(frozen=True)
class Calendar:
    """One language's calendar vocabulary: name -> number tables and phrase lists."""

    months: dict[str, int]
    month_abbreviations: dict[str, int]
    weekdays: dict[str, int]
    weekday_abbreviations: dict[str, int]
    ordinals: dict[str, int]
    relative: dict[str, dict[str, int]]
    relative_foreign: dict[str, dict[str, int]]
    prepositions: tuple[str, ...]
    past_modifiers: tuple[str, ...]
    present_modifiers: tuple[str, ...]
    future_modifiers: tuple[str, ...]
    month_parts: tuple[str, ...]
    month_spans: tuple[str, ...]
    articles: tuple[str, ...]
    year_cues: tuple[str, ...]
    conjunctions: tuple[str, ...]
    list_followers: tuple[str, ...]
    event_nouns: tuple[str, ...]
    event_links: tuple[str, ...]
    published_labels: tuple[str, ...]
    updated_labels: tuple[str, ...]
    label_links: tuple[str, ...]
    header_words: tuple[str, ...]
    byline: tuple[str, ...]
    published_in: tuple[str, ...]
    away_prepositions: tuple[str, ...]
    anniversary_before: tuple[str, ...]
    anniversary_after: tuple[str, ...]
    anniversary_eve: tuple[str, ...]
    anniversary_on: tuple[str, ...]
    day_units: dict[str, int]
    day_month_links: tuple[str, ...]  # a word between a day and its month besides "of" ("23 من أكتوبر")
    cased: bool


def _table(data: dict[str, Any], key: str) -> dict[str, int]:
    return {str(k).lower(): int(v) for k, v in (data.get(key) or {}).items()}


def _words(data: dict[str, Any], key: str) -> tuple[str, ...]:
    words = tuple(data.get(key) or ())
    if not all(isinstance(w, str) for w in words):  # YAML reads a bare on/off/yes/no as a boolean
        raise ValueError(f"dates.yaml {key}: quote every word ({words!r})")
    return words


@cache
def calendar(code: str = "en") -> Calendar:
    """The calendar vocabulary of language `code` (read once)."""
    data: dict[str, Any] = lexicon(code, "dates") or {}
    return Calendar(
        months=_table(data, "months"),
        month_abbreviations=_table(data, "month_abbreviations"),
        weekdays=_table(data, "weekdays"),
        weekday_abbreviations=_table(data, "weekday_abbreviations"),
        ordinals=_table(data, "ordinals"),
        relative={str(k).lower(): dict(v) for k, v in (data.get("relative") or {}).items()},
        relative_foreign={str(k): dict(v) for k, v in (data.get("relative_foreign") or {}).items()},
        prepositions=_words(data, "prepositions"),
        past_modifiers=_words(data, "past_modifiers"),
        present_modifiers=_words(data, "present_modifiers"),
        future_modifiers=_words(data, "future_modifiers"),
        month_parts=_words(data, "month_parts"),
        month_spans=_words(data, "month_spans"),
        articles=_words(data, "articles"),
        year_cues=_words(data, "year_cues"),
        conjunctions=_words(data, "conjunctions"),
        list_followers=_words(data, "list_followers"),
        event_nouns=_words(data, "event_nouns"),
        event_links=_words(data, "event_links"),
        published_labels=_words(data, "published_labels"),
        updated_labels=_words(data, "updated_labels"),
        label_links=_words(data, "label_links"),
        header_words=_words(data, "header_words"),
        byline=_words(data, "byline"),
        published_in=_words(data, "published_in"),
        away_prepositions=_words(data, "away_prepositions"),
        anniversary_before=_words(data, "anniversary_before"),
        anniversary_after=_words(data, "anniversary_after"),
        anniversary_eve=_words(data, "anniversary_eve"),
        anniversary_on=_words(data, "anniversary_on"),
        day_units=_table(data, "day_units"),
        day_month_links=_words(data, "day_month_links"),
        cased=bool(data.get("cased", False)),
    )


def merge(calendars: tuple[Calendar, ...]) -> Calendar:
    """One calendar holding every language's words: names of different languages do not collide."""
    def tables(attr: str) -> dict[str, Any]:
        return {k: v for c in calendars for k, v in getattr(c, attr).items()}

    def words(attr: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(w for c in calendars for w in getattr(c, attr)))

    fields = Calendar.__dataclass_fields__
    kwargs: dict[str, Any] = {
        name: tables(name) if isinstance(getattr(calendars[0], name), dict) else words(name)
        for name in fields if name != "cased"
    }
    return Calendar(**kwargs, cased=all(c.cased for c in calendars))


def _packs() -> tuple[Calendar, ...]:
    """The calendars of every language pack that has a dates.yaml, English first."""
    out = []
    for code in sorted(available(), key=lambda c: c != "en"):
        try:
            out.append(calendar(code))
        except LookupError:
            continue
    return tuple(out)


#: Each language's calendar; the scanner reads the words of all of them at once.
CALENDARS = _packs()
CAL = merge(CALENDARS)

MONTHS: dict[str, int] = {**CAL.months, **CAL.month_abbreviations}
WEEKDAYS: dict[str, int] = {**CAL.weekdays, **CAL.weekday_abbreviations}
ORDINALS: dict[str, int] = CAL.ordinals


def _longest_first(words: list[str] | tuple[str, ...]) -> list[str]:
    return sorted(words, key=len, reverse=True)


def names(words: list[str] | tuple[str, ...], cased: bool = CAL.cased) -> str:
    """An alternation of names: title and upper case only in a cased language, any case otherwise."""
    if not cased:
        return "(?i:" + "|".join(re.escape(w) for w in _longest_first(words)) + ")"
    spelled = [w[:1].upper() + w[1:] for w in _longest_first(words)]
    return "|".join([*(re.escape(w) for w in spelled), *(re.escape(w.upper()) for w in spelled)])


def phrases(words: list[str] | tuple[str, ...]) -> str:
    """An alternation of lower-case phrases, first letter of either case, spaces as any whitespace."""
    out = []
    for w in _longest_first(words):
        parts = [re.escape(p) for p in w.split()]
        head = parts[0]
        if head[:1].isalpha():
            head = f"[{head[0].upper()}{head[0]}]{head[1:]}"
        out.append(r"\s+".join([head, *parts[1:]]))
    return "|".join(out)


def lead_words(words: list[str] | tuple[str, ...]) -> list[str]:
    """The first word of each phrase (lower case): where the scanner tries a branch."""
    return [w.split()[0].lower() for w in words]


def names_of(attr: str) -> str:
    """The names of one table in every language, each spelled as its language writes them."""
    return "|".join(names(list(getattr(c, attr)), c.cased) for c in CALENDARS if getattr(c, attr))


#: A month name written out (capitalised), the only form allowed without a day or year beside it.
MONTH_FULL = rf"(?:{names_of('months')})\b"
#: A month name, full or abbreviated ("Jan.", "Sept"); abbreviations only where a day/year follows.
MONTH_ANY = rf"(?:(?:{names_of('months')})\b|(?:{names_of('month_abbreviations')})(?:\.|\b))"
#: A weekday name written out.
WEEKDAY = rf"(?:{names_of('weekdays')})\b"
#: A weekday, abbreviated too ("Thu"), for headers.
WEEKDAY_ANY = rf"(?:{WEEKDAY}|(?:{names_of('weekday_abbreviations')})\b\.?)"
#: Day of month, with an optional ordinal suffix; never the start of a time ("7:20") or a bigger number.
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)(?!\.\d)"
#: A plausible year of reporting.
YEAR = r"(?:19|20)\d{2}(?!\d)"


def month_number(word: str) -> int:
    """Month number of a (possibly abbreviated, dotted) month name."""
    return MONTHS[word.rstrip(".").lower()]


def weekday_number(word: str) -> int:
    """Weekday index (Monday 0) of a weekday name, full or abbreviated."""
    return WEEKDAYS[word.rstrip(".").lower()]


def day_number(word: str) -> int:
    """Day of month from "22nd", "08"."""
    return int(word.rstrip("stndrh"))
