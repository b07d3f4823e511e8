"""Arabic normalised for matching only: the stages read one spelling, evidence keeps the original."""

from __future__ import annotations

import pytest

from salvo import lang
from salvo.lang.reading import fold_letters, normalise


@pytest.mark.parametrize(("written", "read"), [
    ("أطلق", "اطلق"),        # alef with hamza above
    ("إيران", "ايران"),      # alef with hamza below
    ("آلية", "اليه"),        # alef with madda; taa marbuta read as haa
    ("مستشفى", "مستشفي"),    # alef maqsura read as yaa
    ("طائرة", "طايره"),      # yaa with hamza
    ("مسؤول", "مسوول"),      # waw with hamza
    ("مسيّرة", "مسيره"),     # shadda dropped
    ("استُهدِفت", "استهدفت"),  # short vowels dropped
    ("صـواريـخ", "صواريخ"),   # tatweel dropped
    ("٣ صواريخ", "3 صواريخ"),  # Eastern Arabic digits
    ("۲۰۲۴", "2024"),        # Persian digits
    ("قاعدة، ثم", "قاعده, ثم"),  # Arabic comma
    ("متى؟", "متي?"),        # Arabic question mark
])
def test_arabic_is_read_in_one_spelling(written: str, read: str) -> None:
    assert normalise(written, "ar").text == read


def test_offsets_lead_back_to_the_original_text() -> None:
    original = "سقطت ٣ قذائفَ هاونٍ على القاعدة."
    reading = normalise(original, "ar")
    at = reading.text.index("3 قذايف هاون")
    start, end = reading.original_span(at, at + len("3 قذايف هاون"))
    assert original[start:end] == "٣ قذائفَ هاونٍ"


def test_english_is_read_as_written() -> None:
    text = "Three rockets hit the base, officials said?"
    assert normalise(text, "en").text == text


def test_a_pack_is_written_in_ordinary_spelling_and_read_normalised() -> None:
    months = lang.lexicon("ar", "dates")["months"]
    assert months["اكتوبر"] == 10 and "أكتوبر" not in months  # read as the stages read the text


def test_names_of_any_language_fold_like_their_pack_reads_text() -> None:
    assert fold_letters("عين الأسد") == fold_letters("عين الاسد")
    assert fold_letters("Ain al-Asad") == "Ain al-Asad"
