"""Turn the files a user names (JSONL, plain text, folders, pages, archives, Telegram exports) into
``Article`` records.

Every problem becomes an ``InputError`` naming file and line, yielded in stream order, so one bad
record never stops a batch. Lines are read with a byte cap, so a runaway 20 MB line is skipped
without being held in memory whole.
"""

from __future__ import annotations

import datetime as dt
import gzip
import importlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from salvo.errors import InputError
from salvo.ingest.language import detect_language
from salvo.ingest.telegram import TELEGRAM_SUFFIXES, read_telegram_export
from salvo.model import Article, article_from_json, article_problem, derive_id, parse_published, shown

#: Largest article (bytes of its JSONL line or text file) we accept; real reports are a few KB.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
_SNIFF_BYTES = 8192
_CHUNK = 1 << 16

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
WARC_SUFFIXES = (".warc", ".warc.gz")
SUPPORTED_SUFFIXES = JSONL_SUFFIXES + TEXT_SUFFIXES + HTML_SUFFIXES + WARC_SUFFIXES + TELEGRAM_SUFFIXES
_KINDS = ".jsonl, .txt, .html, .warc or a Telegram export (.json)"

_HEADER_RE = re.compile(r"^\s*(published|date|title|url|outlet|id|language)\s*:\s*(.*?)\s*$", re.IGNORECASE)

Item = Article | InputError


def read_inputs(
    paths: Sequence[str | Path],
    published: dt.date | None = None,
    *,
    raw_filter: Callable[[bytes], bool] | None = None,
    on_skip: Callable[[str], None] | None = None,
) -> Iterator[Item]:
    """Articles (and input errors) from files and folders, in the order given, folders sorted.

    ``published`` is the publication day for texts that carry none (a flag on the command line).
    ``raw_filter`` and ``on_skip`` go to the WARC reader: pages the filter refuses are dropped before
    parsing, and every page skipped is reported to ``on_skip`` with its reason; the Telegram reader
    reports there the messages that are no articles (service messages, a photo without text).
    """
    for item in _read_paths(paths, published, raw_filter, on_skip):
        if isinstance(item, Article) and item.language is None:
            # The input does not say an article's language (SCHEMA.md): find it here, once, so that
            # no later stage reads a page in another language as English and loses it unseen.
            item.language = detect_language(item.text)
        yield item


def _read_paths(
    paths: Sequence[str | Path],
    published: dt.date | None,
    raw_filter: Callable[[bytes], bool] | None,
    on_skip: Callable[[str], None] | None,
) -> Iterator[Item]:
    warc = {k: v for k, v in (("raw_filter", raw_filter), ("on_skip", on_skip)) if v is not None}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = False
            for child in _walk(path):
                found = True
                yield from read_file(child, published, **warc)
            if not found:
                yield InputError(
                    str(path), None, f"folder holds no readable files ({_KINDS})"
                )
        elif path.exists():
            yield from read_file(path, published, **warc)
        else:
            yield InputError(str(path), None, "no such file or folder")


def _walk(folder: Path) -> Iterator[Path]:
    """Supported files below ``folder``, recursively, in sorted order, hidden entries skipped."""
    for child in sorted(folder.rglob("*")):
        rel = child.relative_to(folder).parts
        if any(part.startswith(".") for part in rel):
            continue
        if child.is_file() and _suffix(child) in SUPPORTED_SUFFIXES:
            yield child


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for suffix in sorted(SUPPORTED_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    return path.suffix.lower()


def read_file(path: Path, published: dt.date | None = None, **warc: Any) -> Iterator[Item]:
    """The file's articles, each checked against what the store and the output can hold (``article_problem``):
    every reader's, pages and archives included, so no poison value gets past the reader."""
    for item in _read_file(path, published, **warc):
        problem = article_problem(item) if isinstance(item, Article) else None
        if problem and isinstance(item, Article):
            yield InputError(str(path), None, f"article {shown(item.id)}: {problem}")
        else:
            yield item


def _read_file(path: Path, published: dt.date | None = None, **warc: Any) -> Iterator[Item]:
    """Dispatch one file on its suffix (``warc``: keyword arguments for the WARC reader)."""
    suffix = _suffix(path)
    try:
        if suffix in JSONL_SUFFIXES:
            yield from read_jsonl(path, published)
        elif suffix in TEXT_SUFFIXES:
            yield from read_text_file(path, published)
        elif suffix in HTML_SUFFIXES:
            yield from _delegate(path, "salvo.ingest.html", "iter_html_file", "HTML")
        elif suffix in WARC_SUFFIXES:
            yield from _delegate(path, "salvo.ingest.warc", "iter_warc", "WARC", **warc)
        elif suffix in TELEGRAM_SUFFIXES:
            yield from read_telegram_export(path, on_skip=warc.get("on_skip"))
        else:
            yield InputError(str(path), None, f"unsupported file type {suffix or '(none)'!r}; expected {_KINDS}")
    except OSError as exc:
        yield InputError(str(path), None, f"cannot read file: {exc.strerror or exc}")
    except (EOFError, gzip.BadGzipFile) as exc:
        yield InputError(str(path), None, f"corrupt compressed file: {exc}")


def _delegate(path: Path, module: str, func: str, label: str, **options: Any) -> Iterator[Item]:
    """Hand a page or archive to its reader module, which may not be installed yet."""
    try:
        reader: Callable[..., Iterator[Item]] = getattr(importlib.import_module(module), func)
    except (ImportError, AttributeError):
        yield InputError(str(path), None, f"{label} input is not supported in this build")
        return
    produced = False
    if options.get("raw_filter") is not None:  # pages the filter drops count as found, not as an empty file
        passed_on = options.get("on_skip")

        def on_skip(reason: str) -> None:
            nonlocal produced
            produced = produced or reason == "prefilter"
            if passed_on is not None:
                passed_on(reason)

        options = {**options, "on_skip": on_skip}
    try:
        for item in reader(path, **options):
            produced = True
            yield item
    except Exception as exc:  # another reader's bug must not stop the batch
        yield InputError(str(path), None, f"cannot read {label} file: {type(exc).__name__}: {exc}")
        return
    if not produced:
        yield InputError(str(path), None, f"no articles found in this {label} file")


# ---------- JSONL ------------------------------------------------------------------------------


def _open_binary(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return gzip.GzipFile(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _lines(handle: IO[bytes], cap: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, bytes, size) per line; bytes is None for a line over ``cap`` (drained, not kept)."""
    number = 0
    while True:
        chunk = handle.readline(cap + 1)
        if not chunk:
            return
        number += 1
        if len(chunk) > cap and not chunk.endswith(b"\n"):
            size = len(chunk)
            while True:  # drain the rest of the oversized line in bounded pieces
                more = handle.readline(_CHUNK)
                size += len(more)
                if not more or more.endswith(b"\n"):
                    break
            yield number, None, size
        else:
            yield number, chunk, len(chunk)


def read_jsonl(path: Path, published: dt.date | None = None) -> Iterator[Item]:
    """One article per line: a SCHEMA input article, or a gold/output line whose article is read."""
    source = str(path)
    with _open_binary(path) as handle:
        head = handle.peek(_SNIFF_BYTES)[:_SNIFF_BYTES] if hasattr(handle, "peek") else b""
        if b"\x00" in head:
            yield InputError(source, None, "binary data (NUL bytes), not a JSONL text file; skipped")
            return
        seen = 0
        for number, raw, size in _lines(handle, MAX_ARTICLE_BYTES):
            if raw is None:
                yield InputError(
                    source,
                    number,
                    f"article of {size / 1e6:.1f} MB is over the "
                    f"{MAX_ARTICLE_BYTES // (1024 * 1024)} MB limit; skipped",
                )
                seen += 1
                continue
            if not raw.strip():
                continue
            seen += 1
            if b"\x00" in raw:
                yield InputError(source, number, "binary data (NUL bytes) in line; skipped")
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield InputError(
                    source, number, f"not valid UTF-8 (byte {exc.start + 1} of the line); skipped"
                )
                continue
            record = _decode(line, source, number)
            if isinstance(record, InputError):
                yield record
                continue
            yield article_from_json(record, source, number, published)
        if not seen:
            yield InputError(source, None, "empty file: no articles")


def _decode(line: str, source: str, number: int) -> Any:
    """The JSON value of one line, or the InputError saying why it has none (malformed, nested
    deeper than the parser's stack, a number of thousands of digits)."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(source, number, f"malformed JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return InputError(source, number, "JSON nested too deeply; skipped")
    except ValueError as exc:  # e.g. an integer over the interpreter's digit limit
        return InputError(source, number, f"unreadable JSON value: {shown(str(exc), 80)}; skipped")


# ---------- plain text -------------------------------------------------------------------------


def read_text_file(path: Path, published: dt.date | None = None) -> Iterator[Item]:
    """One article per file: optional ``key: value`` header lines, then the text (title first)."""
    source = str(path)
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        yield InputError(
            source,
            None,
            f"article of {size / 1e6:.1f} MB is over the "
            f"{MAX_ARTICLE_BYTES // (1024 * 1024)} MB limit; skipped",
        )
        return
    data = path.read_bytes()
    if not data.strip():
        yield InputError(source, None, "empty file: no article text")
        return
    if b"\x00" in data:
        yield InputError(
            source,
            data[: data.index(b"\x00")].count(b"\n") + 1,
            "binary data (NUL bytes), not a text file; skipped",
        )
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield InputError(
            source,
            data[: exc.start].count(b"\n") + 1,
            f"not valid UTF-8 (byte offset {exc.start}); file skipped",
        )
        return
    yield from _article_from_text(text, path, published)


def _article_from_text(text: str, path: Path, published: dt.date | None) -> Iterator[Item]:
    source = str(path)
    header: dict[str, tuple[str, int]] = {}
    lines = text.splitlines(keepends=True)
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    while index < len(lines) and (match := _HEADER_RE.match(lines[index])):
        header[match.group(1).lower()] = (match.group(2), index + 1)
        index += 1
    body = "".join(lines[index:]) if header else text
    if not body.strip():
        yield InputError(source, None, "no article text after the header lines")
        return
    day = published
    if day is None:
        for key in ("published", "date"):
            if key in header:
                value, line_no = header[key]
                day = parse_published(value)
                if day is None:
                    yield InputError(
                        source, line_no, f"bad '{key}' header {shown(value)}: expected YYYY-MM-DD (years 1900-2100)"
                    )
                    return
                break
    if day is None:
        day = _published_from_text(body)
    title = (
        header["title"][0]
        if "title" in header
        else next((ln.strip() for ln in body.splitlines() if ln.strip()), None)
    )
    url = header["url"][0] if "url" in header else None
    article_id = header["id"][0] if "id" in header else path.stem
    yield Article(
        id=article_id or derive_id(url, body),
        text=body,
        title=title or None,
        outlet=header["outlet"][0] if "outlet" in header else None,
        url=url or None,
        published=day,
        language=header["language"][0] if "language" in header else None,
    )


def _published_from_text(text: str) -> dt.date | None:
    """The dateline the extraction work can read from the text itself, when that module exists."""
    try:
        finder = importlib.import_module("salvo.extract.dates").published_from_text
    except (ImportError, AttributeError):
        return None
    try:
        found = finder(text)
    except Exception:  # a reader must never fail on an extractor's bug
        return None
    return found if isinstance(found, dt.date) else None
