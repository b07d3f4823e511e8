"""Web archives (WARC, plain or gzip, such as Common Crawl News) streamed record by record.

warcio reads one record at a time from the file handle, so memory stays flat
however large the archive is. Every HTML response (or HTML resource record)
goes through the same path as a saved page; requests, metadata, redirects,
errors and non-HTML bodies are passed over. A raw-page test can run before the
HTML is parsed at all, which is what makes an archive of mostly unrelated news
cheap to stream.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from salvo.errors import InputError, NoArticleText
from salvo.ingest.html import article_from_html
from salvo.model import Article

MAX_RECORD_BYTES = 8 * 1024 * 1024  # a news page larger than this is cut here, and marked
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SNIFF = (b"<!doctype html", b"<html")


@dataclass(frozen=True)
class WarcPage:
    """One HTML record's body with where it came from."""

    url: str | None
    body: bytes
    record: int  # 1-based position of the record in the file
    offset: int  # byte offset of the record (of its gzip member, for .warc.gz)
    truncated: bool

    @property
    def where(self) -> str:
        return f"record {self.record} at byte {self.offset}" + (f" ({self.url})" if self.url else "")


def _is_html(content_type: str | None, head: bytes) -> bool:
    if content_type:
        return content_type.split(";", 1)[0].strip().lower() in _HTML_TYPES
    start = head[:512].lstrip().lower()
    return any(start.startswith(s) for s in _SNIFF)


def iter_warc_pages(
    path: str | Path, *, on_skip: Callable[[str], None] | None = None
) -> Iterator[WarcPage | InputError]:
    """Each HTML page in a WARC file, in order; the rest is skipped (reported to ``on_skip``)."""
    source = str(path)
    record_no = 0
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed in finally; a generator may be left early
    except OSError as exc:
        yield InputError(source, None, f"cannot read WARC file: {exc.strerror or exc}")
        return
    try:
        iterator = ArchiveIterator(handle)
        for record in iterator:
            record_no += 1
            if record.rec_type == "response" and record.http_headers is not None:
                status = record.http_headers.get_statuscode()
                if status != "200":
                    if on_skip:
                        on_skip(f"http_{status}")
                    continue
                content_type = record.http_headers.get_header("Content-Type")
            elif record.rec_type == "resource":
                content_type = record.rec_headers.get_header("Content-Type")
            else:
                continue  # warcinfo, request, metadata, revisit: not pages
            stream = record.content_stream()
            body = stream.read(MAX_RECORD_BYTES + 1)
            if not _is_html(content_type, body):
                if on_skip:
                    on_skip("not_html")
                continue
            truncated = len(body) > MAX_RECORD_BYTES
            yield WarcPage(
                url=record.rec_headers.get_header("WARC-Target-URI"),
                body=body[:MAX_RECORD_BYTES],
                record=record_no,
                offset=iterator.get_record_offset(),
                truncated=truncated,
            )
    except ArchiveLoadFailed as exc:
        yield InputError(source, None, f"unreadable WARC after record {record_no}: {exc}")
    except (OSError, EOFError, ValueError) as exc:
        yield InputError(source, None, f"damaged WARC after record {record_no}: {type(exc).__name__}: {exc}")
    finally:
        handle.close()


def page_article(page: WarcPage, source: str) -> Article | InputError:
    """The article in one archived page, or why there is none."""
    try:
        article = article_from_html(page.body, url=page.url, source=f"{source}: {page.where}")
    except NoArticleText:
        return InputError(source, None, f"{page.where}: no article text found in the page")
    except Exception as exc:  # one bad page must not stop an archive
        return InputError(source, None, f"{page.where}: cannot parse page: {type(exc).__name__}: {exc}")
    if page.truncated:
        article.extra["truncated"] = True
    return article


def iter_warc(
    path: str | Path,
    *,
    raw_filter: Callable[[bytes], bool] | None = None,
    on_skip: Callable[[str], None] | None = None,
) -> Iterator[Article | InputError]:
    """The articles of a WARC file, streamed.

    ``raw_filter`` (e.g. ``prefilter.may_be_relevant_html``) drops pages before
    they are parsed; each drop is reported to ``on_skip`` as ``"prefilter"``.
    """
    source = str(path)
    for page in iter_warc_pages(path, on_skip=on_skip):
        if isinstance(page, InputError):
            yield page
            continue
        if raw_filter is not None and not raw_filter(page.body):
            if on_skip:
                on_skip("prefilter")
            continue
        yield page_article(page, source)
