"""Saved web pages into articles: main text only, with title, outlet, URL and date.

trafilatura finds the main text (no navigation, adverts or comments) and the
page metadata; its htmldate finds the publication date in the markup. When the
markup has none, a date written near the top of the text (a dateline, "Published
March 4, 2021") is taken, and failing that the date stays unknown rather than
guessed. The language is detected and kept on the article so pages the
extractor cannot read yet are reported instead of mis-extracted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import trafilatura

from salvo.errors import InputError, NoArticleText
from salvo.ingest.language import detect_language
from salvo.model import Article

MAX_PAGE_BYTES = 20 * 1024 * 1024  # a saved page larger than this is not an article
MIN_TEXT_CHARS = 60  # below this the "main text" is a menu or an error page, not a report

_DATE_PARAMS = {
    "extensive_search": False,  # the markup only: the text search below is ours, and narrower
    "original_date": True,  # the publication date, not the last modification
    "outputformat": "%Y-%m-%d",
}

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for m in names
}
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_TEXT_DATES = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b"),
)
_PUBLISHED_LINE = re.compile(r"^\W*(?:published|posted|first published|date)\b", re.I)
_HEAD_CHARS = 600  # a dateline sits at the top; dates further down are events, not publication


def text_date(text: str) -> dt.date | None:
    """The publication date a text states at its top or on a "Published ..." line."""
    candidates = [text[:_HEAD_CHARS]]
    candidates.extend(line for line in text.splitlines() if _PUBLISHED_LINE.match(line))
    for chunk in candidates:
        for pattern in _TEXT_DATES:
            match = pattern.search(chunk)
            if match is None:
                continue
            parts = match.groupdict()
            if parts.get("month"):
                month = int(parts["month"])
            else:
                month = _MONTHS.get(parts["mon"].lower(), 0)
            try:
                found = dt.date(int(parts["year"]), month, int(parts["day"]))
            except ValueError:
                continue
            if found <= dt.date.today() + dt.timedelta(days=1):
                return found
    return None


def _iso_date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        found = dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
    return found if found <= dt.date.today() + dt.timedelta(days=1) else None


def _outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def article_id(url: str | None, text: str) -> str:
    """Stable id: the canonical URL when there is one (a page fetched twice is one
    article), else the text."""
    key = url or text
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def article_from_html(html: str | bytes, url: str | None = None, source: str = "") -> Article:
    """One page's article: main text, metadata and language.

    ``url`` is where the page came from (a canonical link in the page wins);
    ``source`` names the file or record for messages. Raises ``NoArticleText``
    when the page holds no article.
    """
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
        date_extraction_params=_DATE_PARAMS,
    )
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    title = (getattr(doc, "title", None) or "").strip() or None
    paragraphs = [line.strip() for line in body.split("\n") if line.strip()]
    if sum(len(p) for p in paragraphs if p != title) < MIN_TEXT_CHARS:
        raise NoArticleText(f"{source or url or 'page'}: no article text found in the page")
    if title and paragraphs and paragraphs[0] != title:
        paragraphs.insert(0, title)
    text = "\n\n".join(paragraphs)
    canonical = getattr(doc, "url", None) or url
    published = _iso_date(getattr(doc, "date", None)) or text_date(text)
    outlet = getattr(doc, "sitename", None) or _outlet_from_url(canonical)
    return Article(
        id=article_id(canonical, text),
        text=text,
        title=title,
        outlet=outlet.strip() if outlet else None,
        url=canonical,
        published=published,
        language=detect_language(text),
    )


def iter_html_file(path: str | Path) -> Iterator[Article | InputError]:
    """The article in one saved page, or the reason there is none (never raises)."""
    path = Path(path)
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            yield InputError(source, None, f"page is {size} bytes, over the {MAX_PAGE_BYTES} byte limit")
            return
        raw = path.read_bytes()
    except OSError as exc:
        yield InputError(source, None, f"cannot read page: {exc.strerror or exc}")
        return
    try:
        yield article_from_html(raw, url=None, source=source)
    except NoArticleText:
        yield InputError(source, None, "no article text found in the page")
    except Exception as exc:  # a parser failure on one page must not stop a batch
        yield InputError(source, None, f"cannot parse page: {type(exc).__name__}: {exc}")
