"""Time anchors in a sentence: one precompiled scanner, then resolution against the publication day.

A single alternation regex finds every candidate in one left-to-right pass (cheap: no dateparser);
each branch is then resolved by a small function. Year-less and relative expressions need the
publication date; without it they yield nothing rather than a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from salvo.extract.numbers import NUMBER_PATTERN, parse_number

from ._anchored import anniversary, offset
from ._calendar import (
    add_months,
    add_years,
    knows_day,
    monday,
    recent_month,
    recent_month_day,
    recent_weekday,
    safe_date,
)
from ._lexicon import (
    CAL,
    DAY,
    MONTH_ANY,
    MONTH_FULL,
    MONTHS,
    ORDINALS,
    WEEKDAY,
    WEEKDAY_ANY,
    WEEKDAYS,
    YEAR,
    day_number,
    lead_words,
    month_number,
    phrases,
    weekday_number,
)
from ._lists import day_lists, month_lists
from ._mention import DateMention

_NUM = rf"(?i:{NUMBER_PATTERN})"
_PREP = rf"(?:{phrases(CAL.prepositions)})"
_ORDINAL = "|".join(sorted(ORDINALS, key=len, reverse=True))
_YEAR_CUE = rf"(?:{phrases((*CAL.year_cues, *CAL.prepositions))})"
_MOD = phrases((*CAL.past_modifiers, *CAL.present_modifiers, *CAL.future_modifiers))
_PARTS = phrases(CAL.month_parts)
_SPANS = phrases(CAL.month_spans)
_ARTICLES = phrases(CAL.articles)
_RELATIVE = phrases(list(CAL.relative))
_OF = rf"(?:of|{phrases(CAL.day_month_links)})" if CAL.day_month_links else "of"
#: "today"/"yesterday" in a few languages the feeds carry, written exactly as listed.
_FOREIGN = "|".join(re.escape(w) for w in sorted(CAL.relative_foreign, key=len, reverse=True))

_MAIN_BRANCHES = [
    # ISO 2021-02-15
    rf"(?P<iso>(?P<iso_y>{YEAR})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01])(?!\d))",
    # 15/02/2021, 28.12.2019
    rf"(?P<num>(?P<num_a>\d{{1,2}})(?P<num_sep>[./-])(?P<num_b>\d{{1,2}})(?P=num_sep)(?P<num_y>{YEAR}))",
    # June 28, 2021 / Jan. 8 / January 22nd, 2024
    rf"(?P<md>(?P<md_m>{MONTH_ANY})\s+(?P<md_d>{DAY})\b(?:,?\s+(?:{WEEKDAY},?\s+)?(?P<md_y>{YEAR}))?)",
    # December 2019 / Jan. 2020 / May of 2018
    rf"(?P<my>(?P<my_m>{MONTH_ANY})(?:\s+of)?,?\s+(?P<my_y>{YEAR}))",
    # 28 June 2021 / 5th of January
    rf"(?P<dm>(?P<dm_d>{DAY})(?:\s+{_OF})?\s+(?P<dm_m>{MONTH_ANY})(?:,?\s+(?P<dm_y>{YEAR}))?)",
    # in May / since late October / last January / January last year (never a bare month)
    rf"(?P<mon>(?:(?P<mon_prep>{_PREP})\s+(?:the\s+)?|(?P<mon_det>{_ARTICLES})\s+(?={MONTH_FULL}\s+[a-z]))?"
    rf"(?P<mon_span>(?P<mon_mod>(?:{_PARTS})(?:-|\s+)|(?P<mon_last>{_MOD})\s+"
    rf"|(?:the\s+)?(?:{_SPANS})\s+)?"
    rf"(?P<mon_m>{MONTH_FULL})(?:(?:\s+of)?\s+(?P<mon_rel>{_MOD})\s+year\b)?)"
    r"(?!\s*,?\s*\d)(?!\s+of\s+\d))",
    # in 2019 / the 2020 strike / mid-2021 (a cue word keeps counts and names out)
    rf"(?P<yr>{_YEAR_CUE}(?:-|\s+)(?:(?:early|late|mid)(?:-|\s+))?(?P<yr_y>{YEAR})"
    r"(?!s\b|['’]s\b|\s*%|[-/.,:]\d))",
    # on Monday / late on Saturday / Wednesday's attack / last Friday
    rf"(?P<wd>(?:(?P<wd_mod>{_MOD})\s+)?(?P<wd_d>{WEEKDAY}))",
    # yesterday / last week / this month
    rf"(?P<rel>(?i:{_RELATIVE})\b)",
    rf"(?P<foreign>(?:{_FOREIGN})\b)",
]
#: Branches led by a number word; only run when one of their keywords is in the text.
_COUNTED_BRANCHES = [
    # two years ago / four years ago Wednesday
    rf"(?P<ago>(?P<ago_n>{_NUM})\s+(?P<ago_u>(?i:day|week|month|year))s?\s+(?i:ago)\b"
    rf"(?:\s+(?:(?i:on|this|last)\s+)?(?P<ago_w>{WEEKDAY}|(?i:today)\b))?)",
    # two days earlier / the previous day: relative to the preceding date in the text
    rf"(?P<off>(?P<off_n>{_NUM})\s+(?P<off_u>(?i:day|week))s?\s+(?P<off_dir>(?i:earlier|later)"
    r"|(?i:before|prior)(?=\s*[,.;)]))\b"
    r"|(?i:the\s+(?P<off_w>previous|next|following|preceding)\s+day)\b"
    r"|(?i:the\s+day\s+(?P<off_w2>before|after))(?=\s*[,.;)]))",
    # the second anniversary of / the one-year anniversary of
    rf"(?P<anniv>(?:(?P<an_ord>(?i:{_ORDINAL})|\d{{1,2}}(?:st|nd|rd|th))[\s-]+"
    rf"|(?P<an_num>{_NUM})[\s-]+(?i:year)[\s-]+)?(?i:anniversary)\b)",
]
_COUNTED_KEYWORDS = (
    "ago", "anniversar", "earlier", "later", "day before", "day after", "days before", "days prior",
    "weeks before", "previous day", "next day", "following day", "preceding day",
)
_COUNTED = re.compile(r"\b(?:" + "|".join(_COUNTED_BRANCHES) + ")")
_COUNTED_TRIGGER = re.compile(
    r"\b(?i:ago|anniversary|earlier|later|before|prior|after|previous|next|following|preceding)\b"
)
#: How far before its keyword a counted phrase may start ("the twenty-fifth anniversary").
_COUNTED_REACH = 45
_BRANCH = {b[4: b.index(">")]: re.compile(b) for b in _MAIN_BRANCHES}

_LEAD_PREPS = lead_words(CAL.prepositions)
_LEAD_MODS = lead_words((*CAL.past_modifiers, *CAL.present_modifiers, *CAL.future_modifiers))
_LEAD_MONTH = lead_words((*CAL.month_parts, *CAL.month_spans, *CAL.articles))
_LEAD_YEAR = lead_words(CAL.year_cues)
_LEAD_REL = lead_words(list(CAL.relative))


def _leads() -> dict[str, tuple[re.Pattern[str], ...]]:
    """Which branches may start at a word, by the word (lower-cased): a dispatch table, not a scan."""
    table: dict[str, list[str]] = {}

    def add(words: Iterable[str], *names: str) -> None:
        for w in words:
            for n in names:
                if n not in table.setdefault(w, []):
                    table[w].append(n)

    add(MONTHS, "md", "my", "mon")
    add(_LEAD_PREPS, "mon", "yr")
    add(_LEAD_MODS, "wd", "mon", "rel")
    add(_LEAD_MONTH, "mon")
    add(_LEAD_YEAR, "yr")
    add(CAL.weekdays, "wd")
    add(_LEAD_REL, "rel")
    add((w.lower() for w in CAL.relative_foreign), "foreign")
    order = list(_BRANCH)
    return {w: tuple(_BRANCH[n] for n in sorted(ns, key=order.index)) for w, ns in table.items()}


_LEADS = _leads()
_DIGIT_LEAD = (_BRANCH["iso"], _BRANCH["num"], _BRANCH["dm"])
_WORD = re.compile(r"\w+")

_Resolved = tuple[int, dt.date, str, str, bool] | None  # (start, date, precision, kind, explicit_year)


def _absolute(year: int, month: int, day: int, start: int) -> _Resolved:
    d = safe_date(year, month, day)
    return (start, d, "day", "absolute", True) if d else None


def _iso(m: re.Match[str], pub: dt.date | None) -> _Resolved:
    return _absolute(int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"]), m.start())


_WEEKDAY_BEFORE = re.compile(rf"(?P<w>{WEEKDAY_ANY}),?\s*$")
_WEEKDAY_AFTER = re.compile(rf"\s*[,(]?\s*(?P<w>{WEEKDAY_ANY})")


def _numeric(m: re.Match[str], pub: dt.date | None) -> _Resolved:
    """Day first unless only month first is valid, or unless a weekday beside it says month first."""
    a, b, year = int(m["num_a"]), int(m["num_b"]), int(m["num_y"])
    day, month = (b, a) if a <= 12 < b else (a, b)
    if a <= 12 and b <= 12 and a != b:
        w = _WEEKDAY_BEFORE.search(m.string, max(0, m.start() - 12), m.start()) or _WEEKDAY_AFTER.match(
            m.string, m.end())
        other = safe_date(year, a, b)
        if w is not None and other is not None and other.weekday() == weekday_number(w["w"]):
            day, month = b, a  # "Sunday, 11/12/2023" is November 12th
    return _absolute(year, month, day, m.start())


def _month_day(month: int, day: int, year: str | None, start: int, pub: dt.date | None) -> _Resolved:
    if year:
        return _absolute(int(year), month, day, start)
    if pub is None:
        return None
    d = recent_month_day(month, day, pub)
    return (start, d, "day", "absolute", False) if d else None


def _md(m: re.Match[str], pub: dt.date | None) -> _Resolved:
    return _month_day(month_number(m["md_m"]), day_number(m["md_d"]), m["md_y"], m.start(), pub)


def _dm(m: re.Match[str], pub: dt.date | None) -> _Resolved:
    return _month_day(month_number(m["dm_m"]), day_number(m["dm_d"]), m["dm_y"], m.start(), pub)


def _my(m: re.Match[str], pub: dt.date | None) -> _Resolved:
    return (m.start(), dt.date(int(m["my_y"]), month_number(m["my_m"]), 1), "month", "month", True)


def _mon(m: re.Match[str], pub: dt.date | None) -> _Resolved:
    if not (m["mon_prep"] or m["mon_det"] or m["mon_mod"] or m["mon_rel"]) or pub is None:
        return None
    month = month_number(m["mon_m"])
    start = m.start("mon_span")
    rel = (m["mon_rel"] or "").lower()
    last = (m["mon_last"] or "").lower()
    if rel:
        if rel in CAL.future_modifiers:
            return None
        year = pub.year - 1 if rel in CAL.past_modifiers else pub.year
        return (start, dt.date(year, month, 1), "month", "month", False)
    if last in CAL.future_modifiers:
        return None
    if last in CAL.present_modifiers:
        return (start, dt.date(pub.year, month, 1), "month", "month", False)
    return (start, recent_month(month, pub, strict=last in CAL.past_modifiers), "month", "month", False)


def _yr(m: re.Match[str], pub: dt.date | None) -> _Resolved:
    return (m.start("yr_y"), dt.date(int(m["yr_y"]), 1, 1), "year", "year", True)


#: "2020 years ago" is a misreading, not a date.
_MAX_AGO = 150


def _ago(m: re.Match[str], pub: dt.date | None) -> _Resolved:
    n = parse_number(m["ago_n"])
    if n is None or pub is None or not knows_day(pub) or n > _MAX_AGO:
        return None
    unit = m["ago_u"].lower()
    if unit == "day":
        return (m.start(), pub - dt.timedelta(days=n), "day", "relative", False)
    if unit == "week":
        return (m.start(), monday(pub - dt.timedelta(days=7 * n)), "week", "relative", False)
    if unit == "month":
        return (m.start(), add_months(pub, -n), "month", "relative", False)
    if m["ago_w"]:  # "four years ago Wednesday": that weekday, n years back
        anchor = pub if m["ago_w"].lower() == "today" else recent_weekday(WEEKDAYS[m["ago_w"].lower()], pub)
        return (m.start(), add_years(anchor, -n), "day", "relative", False)
    return (m.start(), dt.date(pub.year - n, 1, 1), "year", "relative", False)


def _weekday(m: re.Match[str], pub: dt.date | None) -> _Resolved:
    mod = (m["wd_mod"] or "").lower()
    if pub is None or not knows_day(pub) or mod in CAL.future_modifiers:
        return None
    d = recent_weekday(WEEKDAYS[m["wd_d"].lower()], pub, strict=mod in CAL.past_modifiers)
    return (m.start(), d, "day", "weekday", False)


_WORD_BEFORE = re.compile(r"([\w-]+)\s+$")


def _counted_before(m: re.Match[str]) -> bool:
    """A count written just before a phrase ("two days after"): the counted readers handle it."""
    w = _WORD_BEFORE.search(m.string, max(0, m.start() - 30), m.start())
    return w is not None and len(w.group(1)) > 1 and parse_number(w.group(1)) is not None


def _relative(m: re.Match[str], pub: dt.date | None) -> _Resolved:
    if pub is None or not knows_day(pub):
        return None
    raw = m["rel"].split()
    if any(w[0].isupper() for w in raw[1:]):  # "This Week", "Last Night": a title, not a time
        return None
    if _counted_before(m):
        return None
    meaning = CAL.relative.get(" ".join(raw).lower())
    return None if meaning is None else _period(meaning, pub, m.start())


def _period(meaning: dict[str, int], pub: dt.date, start: int) -> _Resolved:
    """The period a relative phrase names, from its pack entry ({unit: step}, see dates.yaml)."""
    back = dt.timedelta(days=meaning.get("days_back", 0))
    if "day" in meaning:
        return (start, pub + dt.timedelta(days=meaning["day"]), "day", "relative", False)
    if "weekend" in meaning:
        saturday = recent_weekday(5, pub)
        if meaning["weekend"] < 0:  # a weekend already over: on a Saturday or Sunday, the one before
            saturday = recent_weekday(5, pub - dt.timedelta(days=1))
            if pub.weekday() == 6:
                saturday -= dt.timedelta(days=7)
            saturday -= dt.timedelta(days=7 * (-meaning["weekend"] - 1))
        return (start, monday(saturday), "week", "relative", False)
    if "week" in meaning:
        return (start, monday(pub - back) + dt.timedelta(days=7 * meaning["week"]), "week", "relative", False)
    if "month" in meaning:
        return (start, add_months(pub - back, meaning["month"]), "month", "relative", False)
    if "year" in meaning:
        return (start, dt.date(pub.year + meaning["year"], 1, 1), "year", "relative", False)
    return None


def _foreign(m: re.Match[str], pub: dt.date | None) -> _Resolved:
    if pub is None or not knows_day(pub):
        return None
    return _period(CAL.relative_foreign[m["foreign"]], pub, m.start())


_KIND = {pattern: name for name, pattern in _BRANCH.items()}
_RESOLVERS: dict[str, Callable[[re.Match[str], dt.date | None], _Resolved]] = {
    "iso": _iso, "num": _numeric, "md": _md, "my": _my, "dm": _dm, "mon": _mon, "yr": _yr,
    "ago": _ago, "wd": _weekday, "rel": _relative, "foreign": _foreign,
}

def find_dates(text: str, published: dt.date | None, code: str | None = None) -> list[DateMention]:
    """All time anchors in `text`, resolved against the publication day, sorted by start.

    ``code`` names the text's language; the scanner reads every pack's calendar words at once, so
    the same scan serves each."""
    found: list[DateMention] = []
    anniversaries: list[re.Match[str]] = []
    overrides: dict[int, dt.date] = {}  # year-less dates re-dated by the weekday written beside them
    matches = _scan(text)
    lowered = text.lower()
    if any(k in lowered for k in _COUNTED_KEYWORDS):
        matches = _merge(matches, _scan_counted(text))
    for i, m in enumerate(matches):
        kind = m.lastgroup if m.re is _COUNTED else _KIND[m.re]
        if kind == "off":
            try:
                found_offset = offset(m, found)
            except (ValueError, OverflowError):
                continue
            if found_offset is not None:
                found.append(found_offset)
            continue
        if kind == "anniv":
            anniversaries.append(m)
            continue
        try:
            if kind == "wd":
                nxt = matches[i + 1] if i + 1 < len(matches) else None
                res = _weekday_beside(m, found, nxt, text, published, overrides)
            else:
                res = _RESOLVERS[kind or ""](m, published)
        except (ValueError, OverflowError):  # a count or year outside the calendar: not a date
            continue
        if res is None:
            continue
        start, date, precision, mkind, explicit = res
        date = overrides.get(m.start(), date)
        found.append(DateMention(start, m.end(), text[start:m.end()], date, precision, mkind, explicit))
    for m in anniversaries:
        try:
            found = anniversary(m, found, published if knows_day(published) else None)
        except (ValueError, OverflowError):
            continue
    found = month_lists(day_lists(found, text), text, published)
    found.sort(key=lambda d: (d.start, d.end))
    return found


def _merge(main: list[re.Match[str]], counted: list[re.Match[str]]) -> list[re.Match[str]]:
    """Both kinds in text order; a main match inside a counted one ("years ago Wednesday") is dropped."""
    out: list[re.Match[str]] = []
    for m in sorted([*counted, *main], key=lambda m: (m.start(), -m.end())):
        if out and m.start() < out[-1].end():
            continue
        out.append(m)
    return out


_BESIDE = re.compile(r"[\s,(]{0,3}")


def _weekday_beside(m: re.Match[str], found: list[DateMention], nxt: re.Match[str] | None, text: str,
                    pub: dt.date | None, overrides: dict[int, dt.date]) -> _Resolved:
    """A weekday written beside a date ("Friday, Jan. 3, 2020", "November 7, 2021, Sunday") is that date.

    Beside a year-less date that falls on another weekday this year, the weekday picks the year: the
    most recent one in which that day was such a weekday ("on Friday, Jan. 3" written in 2024 is 2020).
    """
    weekday = WEEKDAYS[m["wd_d"].lower()]
    beside: list[tuple[_Resolved, int]] = []  # (resolution, index in found or -1 for the next match)
    if found and found[-1].precision == "day" and found[-1].kind == "absolute":
        if _BESIDE.fullmatch(text[found[-1].end:m.start()]):
            prev = found[-1]
            beside.append(((prev.start, prev.date, "day", "absolute", prev.explicit_year), len(found) - 1))
    if nxt is not None and nxt.re is not _COUNTED and _KIND[nxt.re] in ("md", "dm", "iso", "num"):
        if _BESIDE.fullmatch(text[m.end():nxt.start()]):
            beside.append((_RESOLVERS[_KIND[nxt.re]](nxt, pub), -1))
    for res, index in beside:
        if res is None:
            continue
        date = res[1]
        if date.weekday() != weekday and not res[4]:
            earlier = (safe_date(date.year - k, date.month, date.day) for k in range(1, _WEEKDAY_YEARS))
            date = next((d for d in earlier if d is not None and d.weekday() == weekday), date)
            if date != res[1]:
                if index >= 0:
                    found[index] = replace(found[index], date=date)
                elif nxt is not None:
                    overrides[nxt.start()] = date
        if date.weekday() == weekday:
            return (m.start(), date, "day", "weekday", res[4])
    return _weekday(m, pub)


#: How many years back a weekday may move a year-less date to agree with it.
_WEEKDAY_YEARS = 12


def _scan(text: str) -> list[re.Match[str]]:
    """Candidate matches, trying at each word only the branches that can start with it."""
    out: list[re.Match[str]] = []
    end = 0
    for w in _WORD.finditer(text):
        start = w.start()
        if start < end:
            continue
        word = w.group()
        branches = _DIGIT_LEAD if word[0].isdigit() else _LEADS.get(word.lower())
        if not branches:
            continue
        for branch in branches:
            m = branch.match(text, start)
            if m:
                out.append(m)
                end = m.end()
                break
    return out


def _scan_counted(text: str) -> list[re.Match[str]]:
    """Number-led phrases ("two years ago"), searched only in a window around their keyword."""
    out: list[re.Match[str]] = []
    end = 0
    for t in _COUNTED_TRIGGER.finditer(text):
        lo = max(end, t.start() - _COUNTED_REACH)
        if lo > 0:
            lo = text.find(" ", lo - 1, t.start()) + 1 or t.start()
        for m in _COUNTED.finditer(text, lo, t.end() + 40):
            if m.start() <= t.start() < m.end():
                out.append(m)
                end = m.end()
                break
    return out
