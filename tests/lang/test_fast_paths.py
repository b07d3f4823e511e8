"""Speed-ups that must change no match: a loose twin before case-exact patterns."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from salvo import lang
from salvo.lang.gate import exact_parts_negated
from salvo.lang.matcher import Cue

WORDS = ["US", "us", "U.S.", "NATO", "nato", "forces", "base", "the", "attack", "told", "Us", "coalition",
         "troops", "American", "struck", "drone", "Washington", "hosting", "embassy", ",", ";", "Iran"]


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
