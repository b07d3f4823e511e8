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
