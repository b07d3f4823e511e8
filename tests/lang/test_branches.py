"""Long alternations run branch by branch: the same matches as the whole pattern, in the same order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from salvo.extract import cues
from salvo.lang.gate import split_branches
from salvo.lang.matcher import Cue

WORDS = ["US", "forces", "base", "after", "the", "attack", ";", ",", "in", "response", "to", "and", "another",
         "coalition", "troops", "while", "hosting", "American", "struck", "drone", "since", "Iran", "U.S."]


def test_split_finds_the_alternatives_but_not_escaped_bars() -> None:
    assert split_branches(r"\b(?:a|b(?:c|d)|[|(]e)\b") == (r"\b", ["a", "b(?:c|d)", "[|(]e"], r"\b")
    assert split_branches(r"a|b\|c") == ("", ["a", r"b\|c"], "")
    assert split_branches(r"(?:a|b)?c") is None  # an optional alternation is not every match's part


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14), st.sampled_from(["US_TARGET", "CLAUSE_BREAK", "US_ACTOR"]))
def test_branch_by_branch_gives_the_whole_patterns_matches(words: list[str], name: str) -> None:
    cue: Cue = getattr(cues, name)
    text = " ".join(words)
    assert [m.span() for m in cue.finditer(text)] == [m.span() for m in cue.pattern.finditer(text)]
    found, expected = cue.search(text), cue.pattern.search(text)
    assert (found and found.span()) == (expected and expected.span())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14),
       st.sampled_from(["US_TARGET", "CLAUSE_BREAK", "US_ACTOR", "AGGREGATE"]))
def test_the_kept_branches_are_those_whose_every_key_set_is_met(words: list[str], name: str) -> None:
    """``kept`` reads the branches off bit masks; it keeps exactly the branches whose gates pass."""
    from salvo.lang.matcher import _INDEX, MAX_KEPT

    branches = getattr(cues, name)._en._branches
    present = _INDEX.prepared(" ".join(words))[1]
    expected = [k for k, gate in enumerate(branches.gates) if all(not keys.isdisjoint(present) for keys in gate)]
    assert branches.kept(present) == (expected if len(expected) <= MAX_KEPT else None)
