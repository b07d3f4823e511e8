"""Speed-ups that must change no match: a loose twin before case-exact patterns, a first-character lookahead,
a word boundary that every alternative begins with."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from salvo import lang
from salvo.lang.gate import boundary_inside, exact_parts_negated, first_chars
from salvo.lang.matcher import Cue, compiled

WORDS = ["US", "us", "U.S.", "NATO", "nato", "forces", "base", "the", "attack", "told", "Us", "coalition",
         "troops", "American", "struck", "drone", "Washington", "hosting", "embassy", ",", ";", "Iran"]


def test_first_characters_are_read_off_the_pattern() -> None:
    assert first_chars(r"\bfoo|bar", re.IGNORECASE) == "(?=[bf])"
    assert first_chars(r"(?-i:US)|united", re.IGNORECASE) == "(?=[Uu])"
    assert first_chars(r"(?<=x)\b[a-c]x") == "(?=[abc])"


def test_no_lookahead_where_the_first_character_is_unknown() -> None:
    assert first_chars(r"(?:the\s+)?x") is None  # an optional start
    assert first_chars(r"(?:a|)x") is None  # an empty alternative
    assert first_chars(r"\w+") is None  # a category, not a few characters
    assert first_chars(r"(?i:a)b") is None  # folded only inside: a class outside would be stricter


def test_the_lookahead_changes_no_match() -> None:
    source = r"\b(?:attack(?:ed|s)?|struck)\b|;\s+"
    text = "Drones ATTACKED the base; then rockets struck it"
    plain, ahead = re.compile(source, re.IGNORECASE), compiled(source, re.IGNORECASE)
    assert ahead.pattern != source
    assert [m.span() for m in ahead.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_a_boundary_every_alternative_begins_with_goes_in_front() -> None:
    assert boundary_inside(r"(?:(?-i:\bUS\b)|\bAmerican\b)\s+base", re.IGNORECASE)
    assert boundary_inside(r"(?=[ab])(?:\ba|\bb)")  # the lookahead reads no character
    assert not boundary_inside(r"\b(?:a|b)")  # in front already
    assert not boundary_inside(r"(?:\ba|b)")  # one alternative may start inside a word
    assert not boundary_inside(r"(?:(?a:\bé)|\bx)")  # an ASCII \b is another boundary
    source = r"(?:\bU\.S\.|\bUS\b|\bcoalition\b)[\w\s,-]{0,40}?\b(?:base|forces)\b"
    text = "Thus U.S. forces and the coalition's base; US-run bases, focus base"
    plain, fast = re.compile(source), compiled(source, 0)
    assert r"\b(?:" in fast.pattern
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_case_exact_parts_under_a_negative_lookaround_get_no_loose_twin() -> None:
    assert exact_parts_negated(r"a(?!(?-i:US))b", re.IGNORECASE)
    assert not exact_parts_negated(r"a(?-i:US)b", re.IGNORECASE)
    assert Cue(re.compile(r"\bx(?!\s+(?-i:US))\w*", re.IGNORECASE))._loose is None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14), st.sampled_from(["us_target", "us_actor"]))
def test_case_exact_cues_behind_their_loose_twin_match_as_before(words: list[str], name: str) -> None:
    cue = lang.cues("en", "cues")[name]
    assert cue._loose is not None
    text = " ".join(words)
    assert [m.span() for m in cue.finditer(text)] == [m.span() for m in cue.pattern.finditer(text)]
    found, expected = cue.search(text), cue.pattern.search(text)
    assert (found and found.span()) == (expected and expected.span())
