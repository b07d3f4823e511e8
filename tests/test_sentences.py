"""Sentence splitting for wire copy: ranks, initialisms and dates don't end sentences."""

from salvo.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_military_ranks_and_abbreviated_months_do_not_split() -> None:
    text = "Col. John Smith said rockets hit on Jan. 8 near the base. Nobody was hurt."
    assert texts(text) == ["Col. John Smith said rockets hit on Jan. 8 near the base.", "Nobody was hurt."]


def test_initialism_inside_a_sentence_does_not_split() -> None:
    text = "The U.S. military said a drone was shot down. It fell outside."
    assert texts(text) == ["The U.S. military said a drone was shot down.", "It fell outside."]


def test_initialism_at_the_end_of_a_sentence_splits_before_a_new_sentence() -> None:
    text = "Rockets were fired at forces of the U.S. The attack caused no damage."
    assert texts(text) == ["Rockets were fired at forces of the U.S.", "The attack caused no damage."]


def test_closing_quote_stays_with_its_sentence() -> None:
    text = "\u201cThe base was hit,\u201d he said. \u201cNo one was hurt.\u201d Officials agreed."
    expected = ["\u201cThe base was hit,\u201d he said.", "\u201cNo one was hurt.\u201d", "Officials agreed."]
    assert texts(text) == expected


def test_times_with_a_m_do_not_split() -> None:
    text = "The rockets landed at 7:20 a.m. local time, a spokesman said. More followed."
    assert texts(text)[0] == "The rockets landed at 7:20 a.m. local time, a spokesman said."


def test_offsets_slice_the_original_text() -> None:
    text = "First line here.\n\n  Second para. Third one!"
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
