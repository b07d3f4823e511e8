"""Lists of days sharing one month name ("on November 19, 22 and 25", "on 3 and 15 August"), and of months.

The month is written once, beside the first day (month first) or the last (day first); the other
days of the list are dates of that month too, each a mention of its own so that each incident of a
list of attacks can take its day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from ._calendar import recent_month, safe_date
from ._lexicon import CAL, DAY, MONTH_FULL, day_number, month_number, phrases
from ._mention import DateMention

_JOIN = rf"(?:\s*,\s*(?:(?:{phrases(CAL.conjunctions)})\s+)?|\s+(?:{phrases(CAL.conjunctions)})\s+)"
#: After a listed day: punctuation, the end, or a small word that cannot be counted ("3 and 15 rockets").
_AFTER = rf"(?=\s*[,.;:)]|\s*$|\s+(?:{phrases(CAL.list_followers)})\b)"
_NEXT_DAY = re.compile(rf"{_JOIN}(?P<d>{DAY}){_AFTER}")
_NEXT_MONTH = re.compile(rf"{_JOIN}(?P<m>{MONTH_FULL})(?!\s*,?\s*\d)")
_PREV_DAY = re.compile(rf"(?<![\w.,:/-])(?P<d>{DAY}){_JOIN}$")
#: How far back a day-first list may reach ("on 3, 9, 12 and 15 August").
_REACH = 40


def _sibling(anchor: DateMention, day: str, start: int, end: int, text: str) -> DateMention | None:
    """The listed day as a mention of the anchor's month and year; None when no such day exists."""
    date = safe_date(anchor.date.year, anchor.date.month, day_number(day))
    if date is None:
        return None
    return replace(anchor, start=start, end=end, text=text[start:end], date=date)


def month_lists(found: list[DateMention], text: str, pub: dt.date | None) -> list[DateMention]:
    """`found` with a mention for each further month listed after a year-less one ("in December and January").

    Each is the latest such month not after publication, as the first one is.
    """
    if pub is None:
        return found
    out = list(found)
    taken = {d.start for d in found}
    for d in found:
        if d.precision != "month" or d.kind != "month" or d.explicit_year:
            continue
        pos = d.end
        while (m := _NEXT_MONTH.match(text, pos)) is not None and m.start("m") not in taken:
            month = recent_month(month_number(m["m"]), pub)
            out.append(replace(d, start=m.start("m"), end=m.end("m"), text=m["m"], date=month))
            pos = m.end()
    return out


def day_lists(found: list[DateMention], text: str) -> list[DateMention]:
    """`found` with a mention added for each further day of a list that shares a month name."""
    out = list(found)
    for d in found:
        if d.precision != "day" or d.kind != "absolute" or not d.text[:1].isalpha():
            continue
        pos = d.end
        while (m := _NEXT_DAY.match(text, pos)) is not None:
            sib = _sibling(d, m["d"], m.start("d"), m.end("d"), text)
            if sib is not None:
                out.append(sib)
            pos = m.end()
    for d in found:
        if d.precision != "day" or d.kind != "absolute" or not d.text[:1].isdigit():
            continue
        pos = d.start
        while (m := _PREV_DAY.search(text, max(0, pos - _REACH), pos)) is not None:
            sib = _sibling(d, m["d"], m.start("d"), m.end("d"), text)
            if sib is not None:
                out.append(sib)
            pos = m.start()
    return out
