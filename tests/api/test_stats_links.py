"""Each count's list link is the stats filter narrowed to the count's days and split value."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

from salvo.api.params import FilterParams
from salvo.api.query import ListLinks, list_link

DAY, WEEK_END = dt.date(2024, 1, 1), dt.date(2024, 1, 7)


def _query(link: str) -> list[tuple[str, str]]:
    parts = urlsplit(link)
    assert parts.path == "/api/incidents"
    return parse_qsl(parts.query)


def test_narrowed_to_the_days_and_the_split_value() -> None:
    p = FilterParams(country=["IQ", "SY"], weapon=["drone"], q="erbil & co", has_coords=True,
                     date_from=dt.date(2023, 1, 1))
    assert _query(ListLinks(p, "weapon")(DAY, WEEK_END, "rocket")) == [
        ("date_from", "2024-01-01"), ("date_to", "2024-01-07"), ("country", "IQ"), ("country", "SY"),
        ("weapon", "rocket"), ("q", "erbil & co"), ("has_coords", "true")]


def test_a_count_without_split_value_keeps_the_filters_own() -> None:
    p = FilterParams(perpetrator="Kata'ib Hezbollah", category="attack")
    assert _query(list_link(p, DAY, WEEK_END, "perpetrator", None)) == [
        ("date_from", "2024-01-01"), ("date_to", "2024-01-07"), ("category", "attack"),
        ("perpetrator", "Kata'ib Hezbollah")]
    assert _query(list_link(p, DAY, WEEK_END, "category", "strike"))[2] == ("category", "strike")


def test_one_builder_gives_each_count_its_own_link() -> None:
    links = ListLinks(FilterParams(country=["JO"]), "country")
    first, second = links(DAY, WEEK_END, "IQ"), links(WEEK_END, WEEK_END, "SY")
    assert ("country", "IQ") in _query(first) and ("country", "JO") not in _query(first)
    assert _query(second)[:3] == [("date_from", "2024-01-07"), ("date_to", "2024-01-07"), ("country", "SY")]
