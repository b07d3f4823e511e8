"""Gates come from the patterns: sound (never hide a match) and in step with the pattern."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from salvo.lang import compile_pattern
from salvo.lang.gate import required_key_sets, required_keys
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


def test_every_required_part_gates_the_pattern() -> None:
    """"several ... attacks" needs one of "several", "multiple" and also "attacks"; a lookahead that
    must match needs its words too."""
    sets = required_key_sets(r"(?:multiple|several)\s+(?:[\w-]+\s+){0,3}?attacks")
    assert set(sets) == {("attacks",), ("multiple", "several")}
    assert required_key_sets(r"\s+and\s+(?=another\s+(?:at|on))") == (("another",),)  # "and", "at": in every text
    assert required_key_sets(r"\s+and\s+(?!another)") == (("and",),)
    assert required_key_sets(r"(?:the\s+)?\d+\s+(?:rockets)?") == ()
    cue = Cue(re.compile(r"(?:multiple|several)\s+(?:[\w-]+\s+){0,3}?attacks", re.I))
    assert cue.gated_out("several rockets hit the base") and cue.gated_out("two attacks")
    assert cue.search("Several drone attacks") is not None


def test_a_rare_character_alone_is_a_key() -> None:
    assert required_keys(r"<\s*/?\s*[a-z]{1,10}\s*>|&(?:nbsp|#160);") == ("#160", "<", "nbsp")
    assert required_keys(r";\s+") == (";",)
    assert required_keys(r",\s+x") is None  # a comma is in nearly every sentence


def test_fragments_expand_inside_patterns() -> None:
    pattern = compile_pattern({"pattern": r"${us}\s+base"}, {"us": r"(?:US|American)"})
    assert pattern.search("an american base")


WORDS = ["attack", "rocket", "US", "the", "10th", "shot", "down", "base", "İ", "drone", ",", " ", "several",
         "attacks", "and", "another", "at", ";", "<b>"]
PATTERNS = [
    r"\b(?:attack(?:ed|s)?|shot\s+down)\b",
    r"(?-i:\bUS\b)\s+base",
    r"\bthe\s+\d+(?:st|nd|rd|th)\s+attack",
    r"(?:rocket|drone)s?\s*(?:attack)?",
    r"(?:multiple|several)\s+(?:[\w-]+\s+){0,3}?attacks",
    r"\s+and\s+(?=another\s+(?:at|on))",
    r"(?<=base\s)\w+\s+(?:the|US)\b",
    r";\s+(?:the|a)\b|<\s*/?\s*[a-z]{1,10}\s*>",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12), st.sampled_from(PATTERNS))
def test_the_gate_never_hides_a_match(words: list[str], source: str) -> None:
    text = " ".join(words)
    cue = Cue(re.compile(source, re.I))
    assert (cue.search(text) is None) == (cue.pattern.search(text) is None)
