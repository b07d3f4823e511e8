"""The days a reported date stands for, given its precision (SCHEMA: a coarser date is the first
day of its period); shared by extraction, merging, the store and scoring."""

from __future__ import annotations

import datetime as dt


def span(day: dt.date, precision: str | None) -> tuple[dt.date, dt.date]:
    """First and last day of the period ``day`` opens at ``precision`` (a day for unknown ones)."""
    if precision == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if precision == "month":
        start = day.replace(day=1)
        following = (start + dt.timedelta(days=32)).replace(day=1)
        return start, following - dt.timedelta(days=1)
    if precision == "year":
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    return day, day


def period(date: dt.date | None, precision: str | None) -> tuple[dt.date, dt.date] | None:
    """The days a reported date may stand for, given its precision; None without a date."""
    return None if date is None else span(date, precision)
