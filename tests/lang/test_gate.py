"""Gates come from the patterns: sound (never hide a match) and in step with the pattern."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from salvo.lang import compile_pattern
from salvo.lang.gate import required_keys
from salvo.lang.matcher import Cue


def test_alternatives_each_give_a_key() -> None:
    assert required_keys(r"\b(?:attack(?:ed|s)?|shot\s+down)\b") == ("attack", "shot")


def test_optional_parts_give_no_key() -> None:
    assert required_keys(r"(?:the\s+)?\d+\s+(?:rockets)?") is None


def test_a_small_class_spells_out_its_letters() -> None:
    assert required_keys(r"Kata'?[ie]b") == ("kata",)
    assert required_keys(r"Kata[ie]b") == ("kataeb", "kataib")


def test_ordinal_attacks_pass_or_fail_together() -> None:
    """A hand-kept gate once passed "the 11th attack" and not "the 10th attack"."""
    cue = Cue(re.compile(r"\bthe\s+\d+(?:st|nd|rd|th)\s+attack\b", re.I))
    assert cue.search("It was the 10th attack on US forces") is not None
    assert cue.search("It was the 11th attack on US forces") is not None


def test_fragments_expand_inside_patterns() -> None:
    pattern = compile_pattern({"pattern": r"${us}\s+base"}, {"us": r"(?:US|American)"})
    assert pattern.search("an american base")


WORDS = ["attack", "rocket", "US", "the", "10th", "shot", "down", "base", "İ", "drone", ",", " "]
PATTERNS = [
    r"\b(?:attack(?:ed|s)?|shot\s+down)\b",
    r"(?-i:\bUS\b)\s+base",
    r"\bthe\s+\d+(?:st|nd|rd|th)\s+attack",
    r"(?:rocket|drone)s?\s*(?:attack)?",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12), st.sampled_from(PATTERNS))
def test_the_gate_never_hides_a_match(words: list[str], source: str) -> None:
    text = " ".join(words)
    cue = Cue(re.compile(source, re.I))
    assert (cue.search(text) is None) == (cue.pattern.search(text) is None)
