"""The cue gate and the lower-case fast path give the same answers as the plain patterns."""

from __future__ import annotations

import re

from salvo.extract import cues
from salvo.lang import matcher

TEXTS = [
    "Three rockets hit Ain al-Asad air base on Monday, the coalition said.",
    "US F-15 jets struck a weapons storage facility used by Iran-backed militias near Abu Kamal.",
    "The attack was the third of its kind in a week; dozens of attacks have followed since mid-October.",
    "Police found a launcher primed with rockets (IED) near Balad, while another exploded at Harir.",
    "İstanbul-based analysts said nothing happened.",  # lower() changes the length here
]


def all_cues() -> list[tuple[str, cues.Cue]]:
    return [(name, value) for name, value in vars(cues).items() if isinstance(value, cues.Cue)]


def test_every_cue_answers_like_its_plain_pattern() -> None:
    for name, cue in all_cues():
        for text in TEXTS:
            plain = cue.pattern.search(text)
            fast = cue.search(text)
            assert (plain is None) == (fast is None) or fast is None, (name, text)
            if plain is not None and fast is not None:
                assert fast.span() == plain.span(), (name, text)


def test_gate_never_hides_a_match_of_the_plain_pattern() -> None:
    for name, cue in all_cues():
        for text in TEXTS:
            if cue.pattern.search(text) is not None:
                assert cue.search(text) is not None, (name, text)


def test_lowered_pattern_keeps_upper_case_escapes() -> None:
    assert matcher._lowered(r"\bFoo\W+\S\D\B") == r"\bfoo\W+\S\D\B"
    assert re.compile(matcher._lowered(r"A\Wb")).search("a-b")


def test_lowered_pattern_keeps_group_names() -> None:
    lowered = matcher._lowered(r"(?P<Num>\d+) Days? (?P=Num)")
    assert lowered == r"(?P<Num>\d+) days? (?P=Num)"
    cue = matcher.Cue(re.compile(r"(?P<Unit>Days?|Weeks?) after", re.IGNORECASE))
    found = cue.search("two WEEKS after the raid")
    assert found is not None and found.group("Unit") == "weeks"


def test_cues_are_read_from_the_language_pack() -> None:
    from salvo import lang

    pack = lang.cues("en", "cues")
    assert cues.ATTACK_ACTION.pattern is pack["attack_action"].pattern
    assert cues.US_WORDS == lang.fragment("en", "cues", "us_words")


def test_a_binding_reads_the_cue_of_the_language_being_read() -> None:
    from salvo import lang

    with lang.reading("ar"):
        assert cues.ATTACK_ACTION.pattern is lang.cues("ar", "cues")["attack_action"].pattern
        # the stages read Arabic as its pack normalises it (hamza forms, taa marbuta)
        assert cues.ATTACK_ACTION.search(lang.normalise("أطلقت صواريخ على القاعدة", "ar").text) is not None
        assert cues.ATTACK_ACTION.search("rockets were fired at the base") is None
    assert cues.ATTACK_ACTION.search("rockets were fired at the base") is not None


def test_a_cue_another_pack_leaves_out_never_matches_there() -> None:
    from salvo import lang

    assert "dateline" not in lang.cues("ar", "cues")
    with lang.reading("ar"):
        assert cues.DATELINE.match("BAGHDAD (AP) — ") is None


def test_every_cue_of_the_pack_is_bound_and_every_binding_is_in_the_pack() -> None:
    from salvo import lang

    bound = {name.lower() for name, value in vars(cues).items() if isinstance(value, cues._Bound)}
    assert bound == set(lang.cues("en", "cues"))
