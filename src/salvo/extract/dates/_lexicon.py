"""Calendar words and the regex fragments built from them, shared by the mention and byline readers."""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6,
}
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-fifth": 25, "thirtieth": 30, "fiftieth": 50,
}

_FULL = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]
_ABBR = ["Sept", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _cased(words: list[str]) -> str:
    """Title-case and upper-case spellings only: lower-case "may"/"march" are verbs and nouns."""
    return "|".join([*words, *(w.upper() for w in words)])


#: A month name written out (capitalised), the only form allowed without a day or year beside it.
MONTH_FULL = rf"(?:{_cased(_FULL)})\b"
#: A month name, full or abbreviated ("Jan.", "Sept"); abbreviations only where a day/year follows.
MONTH_ANY = rf"(?:(?:{_cased(_FULL)})\b|(?:{_cased(_ABBR)})(?:\.|\b))"
#: A weekday name written out.
WEEKDAY = rf"(?:{_cased(_DAYS)})\b"
#: A weekday, abbreviated too ("Thu"), for headers.
WEEKDAY_ANY = rf"(?:{WEEKDAY}|(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\b\.?)"
#: Day of month, with an optional ordinal suffix; never the start of a time ("7:20") or a bigger number.
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:])(?!\.\d)"
#: A plausible year of reporting.
YEAR = r"(?:19|20)\d{2}(?!\d)"


def month_number(word: str) -> int:
    """Month number of a (possibly abbreviated, dotted) month name."""
    return MONTHS[word.rstrip(".").lower()]


def day_number(word: str) -> int:
    """Day of month from "22nd", "08"."""
    return int(word.rstrip("stndrh"))
