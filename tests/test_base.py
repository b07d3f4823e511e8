"""The base layer: one vocabulary (the type checker's Literal aliases spell the same values),
the period a date stands for, the distance between two points, and the article record."""

from __future__ import annotations

import datetime as dt
from typing import get_args

import pytest

from salvo import model, vocab
from salvo.errors import InputError
from salvo.geo import km
from salvo.model import Article, article_from_json
from salvo.periods import period, span


def test_literal_types_spell_the_vocabulary() -> None:
    assert get_args(model.DatePrecision) == vocab.DATE_PRECISIONS
    assert get_args(model.LocationPrecision) == vocab.LOCATION_PRECISIONS
    assert get_args(model.Attribution) == vocab.ATTRIBUTIONS
    assert get_args(model.Category) == vocab.CATEGORIES


def test_every_weapon_but_unknown_has_a_family_and_a_group() -> None:
    assert set(vocab.WEAPON_FAMILY) == set(vocab.WEAPON_GROUP) == set(vocab.WEAPONS) - {"unknown"}
    for weapon, family in vocab.WEAPON_FAMILY.items():
        assert family in vocab.WEAPONS  # a family is named after its generic member
        assert vocab.WEAPON_GROUP[weapon] == vocab.WEAPON_GROUP[family]


def test_counts_add_across_families_but_reports_of_one_group_may_agree() -> None:
    family, group = vocab.WEAPON_FAMILY, vocab.WEAPON_GROUP
    assert family["rocket"] == family["mortar"] != family["missile"]
    assert group["rocket"] == group["cruise_missile"] == group["artillery"] != group["drone"]
    assert group["drone"] != group["airstrike"]


def test_generic_labels_stand_for_weapons_of_their_group() -> None:
    for generic, specific in vocab.GENERIC_WEAPONS.items():
        assert generic in vocab.WEAPONS and specific <= set(vocab.WEAPONS)
        assert {vocab.WEAPON_GROUP[w] for w in specific} == {vocab.WEAPON_GROUP[generic]}


def test_ranks_run_finest_first_and_unknown_is_coarsest() -> None:
    assert [vocab.LOCATION_RANK[p] for p in ("site", "city", "admin1", "country")] == [0, 1, 2, 3]
    assert [vocab.DATE_RANK[p] for p in ("day", "week", "month", "year")] == [0, 1, 2, 3]
    assert vocab.UNKNOWN_RANK > max(vocab.LOCATION_RANK.values())
    assert vocab.ATTRIBUTION_RANK["claimed"] < vocab.ATTRIBUTION_RANK["none"]


@pytest.mark.parametrize(
    ("day", "precision", "first", "last"),
    [
        ("2024-01-28", "day", "2024-01-28", "2024-01-28"),
        ("2024-01-28", None, "2024-01-28", "2024-01-28"),
        ("2024-01-31", "week", "2024-01-29", "2024-02-04"),  # a Wednesday: Monday to Sunday
        ("2024-02-10", "month", "2024-02-01", "2024-02-29"),  # a leap February
        ("2023-12-15", "month", "2023-12-01", "2023-12-31"),
        ("2020-06-01", "year", "2020-01-01", "2020-12-31"),
    ],
)
def test_a_date_stands_for_its_period(day: str, precision: str | None, first: str, last: str) -> None:
    got = span(dt.date.fromisoformat(day), precision)
    assert got == (dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    assert period(dt.date.fromisoformat(day), precision) == got


def test_no_date_has_no_period() -> None:
    assert period(None, "month") is None


def test_distance_of_a_degree_of_latitude_and_of_one_point() -> None:
    assert km(33.0, 44.0, 34.0, 44.0) == pytest.approx(111.19, abs=0.01)
    assert km(33.3, 44.4, 33.3, 44.4) == 0.0


def test_article_record_is_validated_into_an_article_or_an_input_error() -> None:
    good = article_from_json({"article": {"id": 7, "text": "Rockets hit a base.", "published": "2024-01-28"}}, "f", 1)
    assert isinstance(good, Article) and good.id == "7" and good.published == dt.date(2024, 1, 28)
    bad = article_from_json({"id": "x", "text": "Some text.", "published": "28/01/2024"}, "f", 2)
    assert isinstance(bad, InputError) and str(bad).startswith("f:2: bad 'published' value")
