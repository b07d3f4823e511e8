"""Dates in news text: time anchors in sentences and the publication date of an article."""

from __future__ import annotations

from ._calendar import YearOnly
from .find import DateMention, find_dates
from .naming import names_an_event
from .published import published_from_text, year_of_title

__all__ = ["DateMention", "YearOnly", "find_dates", "names_an_event", "published_from_text", "year_of_title"]
