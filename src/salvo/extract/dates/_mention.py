"""The record of one time anchor found in a text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class DateMention:
    """One time anchor: where it is, what period it names, and how sure the year is."""

    start: int
    end: int
    text: str
    date: dt.date
    precision: str
    kind: str
    explicit_year: bool
