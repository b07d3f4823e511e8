"""Mentions read against another mention of the same text: "two days earlier", "the second anniversary of"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from salvo.extract.numbers import parse_number

from ._calendar import add_years, monday, recent_month_day
from ._lexicon import CAL, ORDINALS, phrases
from ._mention import DateMention

#: How far after "anniversary of" the commemorated date may be written.
_ANNIVERSARY_REACH = 160
#: What ties an event to the anniversary written after it ("a week before the", "on the eve of the").
_RELATION = re.compile(
    rf"(?:(?P<n>[\w-]+)\s+(?P<unit>{phrases(list(CAL.day_units))})\s+(?:(?P<before>{phrases(CAL.anniversary_before)})"
    rf"|(?P<after>{phrases(CAL.anniversary_after)}))|(?P<eve>{phrases(CAL.anniversary_eve)})"
    rf"|(?P<on>\b(?:{phrases(CAL.anniversary_on)})))(?P<cut>)\s+(?:(?:{phrases(CAL.articles)})\s+)?$",
    re.IGNORECASE,
)


def offset(m: re.Match[str], found: list[DateMention]) -> DateMention | None:
    """"two days earlier": counted from the nearest preceding day-precise date in the same text."""
    base = next((d for d in reversed(found) if d.precision == "day"), None)
    if base is None:
        return None
    if m["off_n"]:
        n = parse_number(m["off_n"])
        if n is None:
            return None
        days = n * (7 if m["off_u"].lower() == "week" else 1)
        sign = 1 if m["off_dir"].lower() == "later" else -1
    else:
        days = 1
        word = (m["off_w"] or m["off_w2"] or "").lower()
        sign = -1 if word in ("previous", "preceding", "before") else 1
    precision = "week" if m["off_n"] and m["off_u"].lower() == "week" else "day"
    d = base.date + dt.timedelta(days=sign * days)
    return DateMention(m.start(), m.end(), m.group(), monday(d) if precision == "week" else d, precision,
                       "offset", base.explicit_year)


def anniversary(m: re.Match[str], found: list[DateMention], pub: dt.date | None) -> list[DateMention]:
    """"the second anniversary of the Jan. 3, 2020 killing": the commemorated day and its anniversary."""
    target = next(
        (d for d in found if m.end() <= d.start <= m.end() + _ANNIVERSARY_REACH and d.precision == "day"
         and d.kind == "absolute"),
        None,
    )
    if target is None:
        return found
    n: int | None = None
    if m["an_ord"]:
        word = m["an_ord"].lower()
        n = ORDINALS.get(word) or (int(word[:-2]) if word[:-2].isdigit() else None)
    elif m["an_num"]:
        n = parse_number(m["an_num"])
    out = list(found)
    if n and target.explicit_year:
        when, explicit = add_years(target.date, n), True
    elif pub is not None and not target.explicit_year:
        when, explicit = _nearest_anniversary(target.date, pub), False
        # a year-less base: it happened n years (at least one) before the anniversary nearest publication
        index = out.index(target)
        target = out[index] = replace(target, date=add_years(when, -(n or 1)))
    elif pub is not None:  # a dated base, no count: the anniversary nearest publication, a year on at least
        when, explicit = max(_nearest_anniversary(target.date, pub), add_years(target.date, 1)), False
    else:
        return found
    out[out.index(target)] = replace(target, kind="commemorated")  # the remembered event's, not this one's
    out.append(DateMention(m.start(), m.end(), m.group(), when, "day", "anniversary", explicit))
    related = _related_day(m, when)
    if related is not None:
        start, end, day = related
        out.append(DateMention(start, end, m.string[start:end], day, "day", "offset", explicit))
    return out


def _related_day(m: re.Match[str], when: dt.date) -> tuple[int, int, dt.date] | None:
    """"a week before the first anniversary": the event's day and where its phrase starts."""
    r = _RELATION.search(m.string, max(0, m.start() - 40), m.start())
    if r is None:
        return None
    if r["eve"]:
        return r.start(), r.start("cut"), when - dt.timedelta(days=1)
    if r["on"]:
        return r.start(), r.start("cut"), when
    count = 1 if r["n"].lower() in CAL.articles else parse_number(r["n"])
    if count is None:
        return None
    days = count * CAL.day_units[r["unit"].lower()]
    return r.start(), r.start("cut"), when + dt.timedelta(days=days if r["after"] else -days)


def _nearest_anniversary(day: dt.date, pub: dt.date) -> dt.date:
    """The day-and-month nearest publication, past or coming ("a week before the first anniversary")."""
    past = recent_month_day(day.month, day.day, pub) or day
    coming = add_years(past, 1)
    return past if pub - past <= coming - pub else coming
