"""Resolving year-less and relative expressions against the publication day."""

from __future__ import annotations

import datetime as dt


class YearOnly(dt.date):
    """A reference that knows only its year (Dec 31 of it): "August 15" takes that year, "on Monday" nothing.

    An undated page whose title gives the year ("Militia attacks, a chronology: 2021") dates its year-less
    days and months by it; weekdays and "yesterday" need a real publication day.
    """


def knows_day(pub: dt.date | None) -> bool:
    """Whether `pub` is a publication day (not None, not a year-only reference)."""
    return pub is not None and not isinstance(pub, YearOnly)


#: A day-and-month slightly after publication is still read as this year (time zones, late editions).
SKEW_DAYS = 2


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when it does not exist (Feb 30, year 0)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def recent_month_day(month: int, day: int, published: dt.date) -> dt.date | None:
    """The most recent such day on or before publication (up to SKEW_DAYS after it is allowed)."""
    limit = published + dt.timedelta(days=SKEW_DAYS)
    for year in (limit.year, limit.year - 1, limit.year - 2, limit.year - 3, limit.year - 4):
        d = safe_date(year, month, day)
        if d is not None and d <= limit:
            return d
    return None


def recent_month(month: int, published: dt.date, strict: bool = False) -> dt.date:
    """First day of the most recent such month not after publication (before it when strict)."""
    if month < published.month or (month == published.month and not strict):
        return dt.date(published.year, month, 1)
    return dt.date(published.year - 1, month, 1)


def recent_weekday(weekday: int, published: dt.date, strict: bool = False) -> dt.date:
    """The most recent such weekday on or before publication (before it when strict)."""
    delta = (published.weekday() - weekday) % 7
    if strict and delta == 0:
        delta = 7
    return published - dt.timedelta(days=delta)


def monday(d: dt.date) -> dt.date:
    """Monday of d's week (how week precision is stored)."""
    return d - dt.timedelta(days=d.weekday())


def add_months(d: dt.date, months: int) -> dt.date:
    """First day of the month `months` away from d's month."""
    index = d.year * 12 + (d.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)


def add_years(d: dt.date, years: int) -> dt.date:
    """Same day and month `years` away; Feb 29 falls back to Feb 28."""
    return safe_date(d.year + years, d.month, d.day) or dt.date(d.year + years, d.month, 28)
