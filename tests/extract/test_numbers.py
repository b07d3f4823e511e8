"""Numbers as reporters write them."""

import re

from salvo.extract.numbers import NUMBER_PATTERN, parse_number


def test_numbers_written_as_words() -> None:
    assert parse_number("twenty-one") == 21
    assert parse_number("a hundred") == 100
    assert parse_number("two dozen") == 24
    assert parse_number("1,200") == 1200


def test_not_a_number() -> None:
    assert parse_number("rockets") is None
    assert parse_number("") is None


def test_pattern_does_not_match_inside_words_or_calibres() -> None:
    found = re.findall(NUMBER_PATTERN, "another 107mm and twenty-one rockets, 14 drones", re.IGNORECASE)
    assert found == ["twenty-one", "14"]


def test_an_article_before_a_number_word_only_introduces_it() -> None:
    assert parse_number("a single") == 1
    assert parse_number("a couple") == 2
    assert parse_number("a dozen") == 12
    assert parse_number("a half-dozen") == 6
    assert parse_number("an") == 1
