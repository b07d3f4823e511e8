"""The publication date an article states about itself: bylines, "Published:" labels, datelines.

Only header-like places count (labelled dates, lines that are nothing but a date, datelines, a
"Published in <outlet>, <date>" footer): a date inside a sentence or a photo caption describes an
event, not the article.
"""

from __future__ import annotations

import datetime as dt
import re

from ._calendar import YearOnly, recent_month_day, safe_date
from ._lexicon import CAL, DAY, MONTH_ANY, MONTH_FULL, WEEKDAY, WEEKDAY_ANY, YEAR, day_number, month_number, phrases
from .find import find_dates

_HEAD_CHARS = 1500
_HEAD_LINES = 25
_TAIL_CHARS = 600

_PREFIX = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b")
_LABEL = re.compile(
    rf"\b(?:(?P<updated>(?i:{phrases(CAL.updated_labels)}))|(?i:{phrases(CAL.published_labels)}))"
    rf"(?:\s+(?i:{phrases(CAL.label_links)}))?\s*[:|]?\s*(?=\S)"
)
_PUBLISHED_IN = re.compile(rf"\b(?:{phrases(CAL.published_in)})\s+[^,\n]{{1,60}},\s*")
_AGENCY_PIPE = re.compile(r"^\s*[A-Z][A-Z.&' ]{1,30}\s*\|\s*")
_DATELINE = re.compile(
    rf"^\s*[A-Z][\w .'’\[\]/-]{{1,40}}?,\s+(?:{WEEKDAY},?\s+)?(?P<m>{MONTH_ANY})\s+(?P<d>{DAY})"
    rf"(?:,?\s+(?P<y>{YEAR}))?,?\s*(?:\([^)\n]{{2,30}}\)\s*)?[-–—:]"
    # or an agency in parentheses ends it ("Baghdad, Mar 9 (Reuters)")
    rf"|^\s*[A-Z][\w .'’-]{{1,40}}?,\s+(?P<m2>{MONTH_ANY})\s+(?P<d2>{DAY}),?\s*\([A-Z][A-Za-z .]{{1,20}}\)"
)
_MONTH_WEEKDAY_DAY = re.compile(
    rf"^\W*(?P<m>{MONTH_FULL}),?\s+{WEEKDAY},?\s+(?P<d>{DAY}),?\s+(?P<y>{YEAR})\W*$"
)
_URL_DATE = re.compile(
    r"https?://\S*?/(?P<y>(?:19|20)\d{2})[/-]?(?P<m>0[1-9]|1[0-2])[/-]?(?P<d>0[1-9]|[12]\d|3[01])(?:/|\b)"
)
#: The signature line of an embedded post: "— Press Office (@pressoffice) June 3, 2021".
_POST_SIGNATURE = re.compile(r"[—–-]\s*[^\n—–]{0,80}\(@\w{1,30}\)\s*(?=\S)")
_GLUED_TIME = re.compile(r"((?:19|20)\d{2})(\d{1,2}:\d{2})")
#: What may surround a date on a header line: times, weekdays, zones, bullets, a "By Name" byline.
_HEADER_NOISE = re.compile(
    rf"\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?\s*(?:[AaPp]\.?[Mm]\.?)?|{WEEKDAY_ANY}|\b(?:[AaPp]\.?[Mm]\.?|GMT|UTC"
    rf"|EST|EDT|CET|CEST|AST|IST|(?i:{phrases(CAL.header_words)}))\b"
    rf"|^\W*(?:{phrases(CAL.byline)})\s+(?:[A-Z][\w.'’-]*\s+){{1,4}}|[^\w]+"
)
_EXPLICIT_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


#: What may stand between a label and its date: "Date:", a time and a separator ("Date: 08:41 |").
_LABEL_NOISE = re.compile(r"\s*(?i:date\b\s*[:|]?\s*)?(?:\d{1,2}:\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?\s*[|,–-]?\s*)?")


def _first_day_date(text: str, within: int = 3) -> dt.date | None:
    """A written-out day date (with year) starting right at the beginning of `text`."""
    within += _LABEL_NOISE.match(text).end()  # type: ignore[union-attr]
    for d in find_dates(text[:80], None):
        if d.start > within:
            return None
        if d.precision == "day" and d.explicit_year:
            return d.date
    return None


def _header_line(line: str) -> dt.date | None:
    """A line that is only a date, give or take a weekday, a time, bullets and a byline."""
    if len(line) > 90:
        return None
    m = _MONTH_WEEKDAY_DAY.match(line)
    if m:
        return safe_date(int(m["y"]), month_number(m["m"]), day_number(m["d"]))
    for d in find_dates(line, None):
        if d.precision == "day" and d.explicit_year:
            rest = line[: d.start] + " " + line[d.end:]
            if not _HEADER_NOISE.sub("", rest).strip():
                return d.date
    return None


def _dateline(line: str, year_hint: int | None) -> dt.date | None:
    m = _DATELINE.match(line)
    if not m:
        return None
    month, day = month_number(m["m"] or m["m2"]), day_number(m["d"] or m["d2"])
    if m["y"]:
        return safe_date(int(m["y"]), month, day)
    if year_hint is None:
        return None
    return recent_month_day(month, day, dt.date(year_hint, 12, 31))


def published_from_text(text: str, title: str | None = None) -> dt.date | None:
    """Publication day stated by the article's header, byline, dateline or footer; None if none is.

    The story's own statements come first: a "Published" label, a dateline or agency byline, a
    date-only line with a byline or below the title. Page chrome comes after them: other date-only
    header lines (a timestamped one first: a site's top bar prints today's date bare), an "Updated"
    stamp, the URL, a bare "date YYYY-MM-DD" preamble (often the day the page was read), and last
    the day of the latest post the story embeds.
    """
    if not text:
        return None
    m = _PREFIX.match(text)
    body = text[m.end():] if m else text
    trusted, chrome = _candidates(body, title)
    if trusted is not None:
        return trusted
    if m:
        chrome.append(_iso_or_none(m.group(1)))
    return next((d for d in [*chrome, *_posts(body)] if d is not None), None)


_BYLINE = re.compile(rf"^\W*(?:{phrases(CAL.byline)})\s+[A-Z]")
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b")


def _title_index(lines: list[str], title: str | None) -> int | None:
    """The line that holds the article's title, when the input gives one."""
    if not title or not title.strip():
        return None
    want = " ".join(title.split())[:60].lower()
    return next((i for i, line in enumerate(lines) if want and want in " ".join(line.split()).lower()), None)


def _header_dates(lines: list[str], title: str | None) -> tuple[list[dt.date], list[dt.date | None]]:
    """Date-only lines: the story's own (with a byline, below the title) and the page's, in rank."""
    title_at = _title_index(lines, title)
    own: list[dt.date] = []
    page: list[tuple[bool, int, dt.date]] = []
    for i, line in enumerate(lines):
        d = _header_line(line)
        if d is None:
            continue
        if _BYLINE.match(line) or (title_at is not None and i > title_at):
            own.append(d)
        else:
            page.append((not _CLOCK.search(line), i, d))
    return own, [d for _, _, d in sorted(page)]


def _iso_or_none(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _candidates(text: str, title: str | None) -> tuple[dt.date | None, list[dt.date | None]]:
    """The story's own date (labelled, dateline, agency byline) if any, and the page-chrome dates in rank."""
    head = "\n".join(text[:_HEAD_CHARS].splitlines()[:_HEAD_LINES])
    head = _GLUED_TIME.sub(r"\1 \2", head)
    tail = text[-_TAIL_CHARS:] if len(text) > _HEAD_CHARS else ""

    labelled: list[dt.date] = []
    updated: list[dt.date | None] = []
    for region in (head, tail):
        for lm in _LABEL.finditer(region):
            d = _first_day_date(region[lm.end():])
            if d is not None:
                (updated if lm["updated"] else labelled).append(d)
        for pm in _PUBLISHED_IN.finditer(region):
            d = _first_day_date(region[pm.end():])
            if d is not None:
                labelled.append(d)
    if labelled:
        return labelled[0], []

    lines = head.splitlines()
    own, headers = _header_dates(lines, title)
    years = [int(y) for y in _EXPLICIT_YEAR.findall(text)]
    this_year = dt.date.today().year
    first = own[0] if own else (headers[0] if headers else None)
    year_hint = first.year if first else max((y for y in years if y <= this_year), default=None)
    for line in lines:  # a dateline is the story's own statement of its day: it outranks page chrome
        am = _AGENCY_PIPE.match(line)
        d = (_first_day_date(line[am.end():]) if am else None) or _dateline(line, year_hint)
        if d is not None:
            return d, []
    if own:
        return own[0], []
    um = _URL_DATE.search(head)
    url = [safe_date(int(um["y"]), int(um["m"]), int(um["d"]))] if um else []
    return None, [*headers, *updated, *url]


def _posts(text: str) -> list[dt.date | None]:
    """The latest embedded post's day: the story quotes it, so it appeared that day or soon after."""
    days = [_first_day_date(text[m.end():]) for m in _POST_SIGNATURE.finditer(text)]
    return [max((d for d in days if d is not None), default=None)]


#: A title line that gives a year ("Militia attacks, a chronology: 2021").
_TITLE_YEAR = re.compile(rf"\b(?P<y>{YEAR})\b")
_TITLE_CHARS = 120
_AWAY_YEAR = re.compile(rf"\b(?i:{phrases(CAL.away_prepositions)})\s+(?:\w+[\s-]+)?{YEAR}")


def year_of_title(text: str) -> YearOnly | None:
    """The year an undated page's title gives, as a year-only reference; None when it gives none.

    Only the first line counts, only when it names exactly one year and no day: the heading's year
    is the page's, a year inside the story may be any background's.
    """
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    years = _TITLE_YEAR.findall(first)
    if len(first) > _TITLE_CHARS or len(set(years)) != 1 or _AWAY_YEAR.search(first):
        return None
    if any(d.precision == "day" for d in find_dates(first, None)):
        return None
    return YearOnly(int(years[0]), 12, 31)
