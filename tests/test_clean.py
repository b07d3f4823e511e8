"""Cleaning drops page clutter and keeps every kept character where it was."""

from salvo.clean import clutter_lines, content_spans

PAGE = """Drones strike a base in the desert

Join our new Telegram channel for breaking news!
Powered by automated translation
Soldiers stand at the gate of the base in 2019. (Army photo by Sgt. Jane Roe/Released)
Jane Roe

Two drones struck a base hosting US troops on Tuesday, officials said.

Sign up for our daily newsletter
Dear visitor, the comments section is closed for maintenance.
Updated: March 02, 2024, 10:15 AM
"""


def test_channel_promotion_translation_note_and_comment_notice_are_dropped() -> None:
    dropped = clutter_lines(PAGE)
    assert "Join our new Telegram channel for breaking news!" in dropped
    assert "Powered by automated translation" in dropped
    assert "Dear visitor, the comments section is closed for maintenance." in dropped
    assert "Sign up for our daily newsletter" in dropped


def test_photo_caption_credit_and_byline_are_dropped() -> None:
    dropped = clutter_lines(PAGE)
    assert any(line.startswith("Soldiers stand at the gate") for line in dropped)
    assert "Jane Roe" in dropped


def test_title_and_reporting_are_kept_verbatim() -> None:
    kept = [PAGE[s.start : s.end] for s in content_spans(PAGE)]
    assert kept == [
        "Drones strike a base in the desert",
        "Two drones struck a base hosting US troops on Tuesday, officials said.",
    ]


def test_sentence_that_mentions_a_photo_is_not_a_caption() -> None:
    text = "Title line\nThe command later shared a photo of the drone wreckage.\n"
    kept = [text[s.start : s.end] for s in content_spans(text)]
    assert "The command later shared a photo of the drone wreckage." in kept


def test_a_scrapers_date_stamp_before_the_first_words_is_not_content() -> None:
    text = " date 2023-10-27 Drones hit a base hosting US troops on Thursday.\nOfficials said so."
    spans = content_spans(text)
    assert text[spans[0].start : spans[0].end] == "Drones hit a base hosting US troops on Thursday."


def test_a_date_stamp_alone_on_its_line_leaves_nothing() -> None:
    text = "date 2023-10-27\nDrones hit a base hosting US troops on Thursday."
    assert [text[s.start : s.end] for s in content_spans(text)] == ["Drones hit a base hosting US troops on Thursday."]
