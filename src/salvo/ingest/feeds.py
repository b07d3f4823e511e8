"""Watching RSS and Atom feeds: poll, fetch new entries' pages, ingest, remember.

A poll is a conditional GET (the feed's ETag and Last-Modified are kept), so an
unchanged feed costs one 304. Every entry seen is recorded in ``feed_entries``
before its page is fetched, with the outcome afterwards, so a restart fetches
nothing twice; a page that failed for a passing reason (timeout, 5xx) is tried
again on the next polls, a few times. feedparser only ever parses bytes we
fetched ourselves: it never opens a URL.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import feedparser
from sqlalchemy import or_, select

from salvo.errors import FetchError
from salvo.ingest.fetch import Fetcher, afetch_article
from salvo.ingest.progress import RunCounts, RunProgress, utcnow
from salvo.model import YEAR_RANGE, Article, Incident
from salvo.store import Store
from salvo.store.models import ArticleRow, FeedEntryRow, FeedRow

MAX_ATTEMPTS = 3  # fetches of one entry's page before it is given up
_TRANSIENT = ("timeout", "network", "http_429", "http_500", "http_502", "http_503", "http_504")
_FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"

Extractor = Callable[[Article], list[Incident]]


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed, as much as we need of it."""

    key: str  # stable identity within the feed: guid, else link, else a hash
    url: str | None
    title: str | None
    published: dt.date | None


def parse_feed(body: bytes, base_url: str) -> list[FeedEntry]:
    """The entries of an RSS or Atom document; raises ValueError when it is not a feed."""
    parsed = feedparser.parse(body)
    if not parsed.entries and not parsed.get("version"):  # an empty feed still has a version
        raise ValueError(f"not a readable feed: {parsed.get('bozo_exception', 'no entries')}")
    entries = []
    for item in parsed.entries:
        link = item.get("link")
        try:
            url = urljoin(base_url, link) if link else None
        except ValueError:  # "http://[::1": kept as written, refused when fetched, the feed still read
            url = str(link)
        title = item.get("title")
        published = _entry_day(item.get("published_parsed") or item.get("updated_parsed"))
        key = item.get("id") or url or hashlib.sha1(f"{title}|{published}".encode()).hexdigest()
        entries.append(FeedEntry(key=str(key)[:1024], url=url if url and len(url) <= 2048 else None, title=title,
                                 published=published))
    return entries


def _entry_day(stamp: Any) -> dt.date | None:
    """An entry's day, when its time stamp is one (``parse_published``'s year range)."""
    try:
        day = dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None
    except (ValueError, TypeError, AttributeError):
        return None
    return day if day is not None and YEAR_RANGE[0] <= day.year <= YEAR_RANGE[1] else None


class FeedMemory:
    """What was polled and seen, in the store's ``feeds`` and ``feed_entries`` tables."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def feed(self, url: str) -> FeedRow:
        with self.store.session() as session:
            row = session.scalar(select(FeedRow).where(FeedRow.url == url))
            if row is None:
                row = FeedRow(url=url)
                session.add(row)
                session.flush()
            return row

    def record_poll(self, feed_id: int, status: str, etag: str | None, last_modified: str | None) -> None:
        with self.store.session() as session:
            row = session.get(FeedRow, feed_id)
            if row is None:
                return
            row.last_polled_at, row.last_status = utcnow(), status[:64]
            if status == "200":
                row.etag, row.last_modified = etag, last_modified

    def remember(self, feed_id: int, entries: Iterable[FeedEntry]) -> int:
        """Record entries not seen before; returns how many were new."""
        added = 0
        with self.store.session() as session:
            query = select(FeedEntryRow.entry_key).where(FeedEntryRow.feed_id == feed_id)
            known = set(session.scalars(query))
            for entry in entries:
                if entry.key in known:
                    continue
                known.add(entry.key)
                session.add(FeedEntryRow(feed_id=feed_id, entry_key=entry.key, url=entry.url, status="new"))
                added += 1
        return added

    def pending(self, feed_id: int) -> list[FeedEntryRow]:
        """Entries whose page is still to fetch: new ones, and passing failures not yet given up."""
        with self.store.session() as session:
            return list(session.scalars(
                select(FeedEntryRow)
                .where(FeedEntryRow.feed_id == feed_id)
                .where(or_(FeedEntryRow.status == "new", FeedEntryRow.status.like("retry%")))
                .order_by(FeedEntryRow.id)
            ))

    def fetched_elsewhere(self, url: str) -> tuple[int | None] | None:
        """The article of the same page already fetched through another entry or feed."""
        with self.store.session() as session:
            row = session.execute(
                select(FeedEntryRow.article_id)
                .where(FeedEntryRow.url == url, FeedEntryRow.fetched_at.is_not(None))
                .where(FeedEntryRow.status.not_like("retry%"), FeedEntryRow.status.not_like("failed%"))
                .limit(1)
            ).first()
            return (row[0],) if row is not None else None

    def settle(self, entry_id: int, status: str, article_id: int | None = None) -> None:
        with self.store.session() as session:
            row = session.get(FeedEntryRow, entry_id)
            if row is not None:
                row.status, row.fetched_at = status[:64], utcnow()
                if article_id is not None:
                    row.article_id = article_id

    def article_id(self, article: Article) -> int | None:
        from salvo.store.ingest import content_hash

        with self.store.session() as session:
            if article.url:
                found = session.scalar(select(ArticleRow.id).where(ArticleRow.url == article.url))
                if found is not None:
                    return int(found)
            found = session.scalar(
                select(ArticleRow.id).where(ArticleRow.content_hash == content_hash(article.text)).limit(1)
            )
            return int(found) if found is not None else None


def _retry_status(previous: str | None, reason: str) -> str:
    attempts = 1
    if previous and previous.startswith("retry-"):
        attempts = int(previous.split("-", 1)[1].split(":", 1)[0]) + 1
    if reason in _TRANSIENT and attempts < MAX_ATTEMPTS:
        return f"retry-{attempts}:{reason}"
    return f"failed:{reason}"


@dataclass(frozen=True)
class _Duplicate:
    article_id: int | None


_Outcome = Article | FetchError | _Duplicate | str


class Watcher:
    """Polls feeds into the store; one instance per ``salvo watch`` run."""

    def __init__(self, store: Store, fetcher: Fetcher, counts: RunCounts, *,
                 extract: Extractor | None = None, progress: RunProgress | None = None) -> None:
        self.store = store
        self.memory = FeedMemory(store)
        self.fetcher = fetcher
        self.counts = counts
        self.progress = progress
        if extract is None:
            from salvo.pipeline import extract_article

            extract = extract_article
        self._extract: Extractor = extract

    async def poll_all(self, feed_urls: Iterable[str]) -> None:
        """Poll every feed once (concurrently; the fetcher keeps per-host limits), then store
        what the cycle brought in one ingestion."""
        batches = await asyncio.gather(*(self.poll(url) for url in feed_urls))
        self._store([item for batch in batches for item in batch])

    async def poll(self, feed_url: str) -> list[tuple[FeedEntryRow, Article, str]]:
        """Poll one feed and fetch its pending entries; returns the articles to store."""
        feed = self.memory.feed(feed_url)
        entries: dict[str, FeedEntry] = {}
        try:
            result = await self.fetcher.get(
                feed_url, etag=feed.etag, last_modified=feed.last_modified, accept=_FEED_ACCEPT
            )
        except FetchError as exc:
            self.memory.record_poll(feed.id, f"error:{exc.reason}", None, None)
            self.counts.error(f"feed {exc}")
        else:
            if result.not_modified:
                self.memory.record_poll(feed.id, "304", None, None)
                self.counts.skipped["feed_not_modified"] += 1
            elif result.status != 200:
                self.memory.record_poll(feed.id, f"http_{result.status}", None, None)
                self.counts.error(f"feed {feed_url}: HTTP {result.status}")
            else:
                try:
                    parsed = parse_feed(result.body, result.url)
                except ValueError as exc:
                    self.memory.record_poll(feed.id, "error:not_a_feed", None, None)
                    self.counts.error(f"feed {feed_url}: {exc}")
                else:
                    if result.truncated:
                        self.counts.truncated += 1
                        self.counts.error(f"feed {feed_url}: cut at {self.fetcher.policy.max_bytes} bytes")
                    self.memory.record_poll(feed.id, "200", result.etag, result.last_modified)
                    self.memory.remember(feed.id, parsed)
                    entries = {e.key: e for e in parsed}
        self._tick()
        to_store: list[tuple[FeedEntryRow, Article, str]] = []
        jobs = [self._fetch_entry(row, entries.get(row.entry_key)) for row in self.memory.pending(feed.id)]
        for job in asyncio.as_completed(jobs):
            row, outcome = await job
            settled = self._settle(row, outcome)
            if settled is not None:
                to_store.append((row, *settled))
            self._tick()
        return to_store

    async def _fetch_entry(self, row: FeedEntryRow, entry: FeedEntry | None) -> tuple[FeedEntryRow, _Outcome]:
        if not row.url:
            return row, "failed:no_link"
        earlier = self.memory.fetched_elsewhere(row.url)
        if earlier is not None:
            return row, _Duplicate(earlier[0])
        try:
            article = await afetch_article(row.url, self.fetcher)
        except FetchError as exc:
            return row, exc
        except Exception as exc:  # a bad link must never stop the poll, nor keep the good entries waiting
            return row, FetchError(row.url, "bad_url", f"cannot fetch: {type(exc).__name__}: {exc}")
        if entry is not None:
            if article.published is None and entry.published is not None:
                article.published = entry.published
            if not article.title and entry.title:
                article.title = entry.title
        return row, article

    def _settle(self, row: FeedEntryRow, outcome: _Outcome) -> tuple[Article, str] | None:
        """Record a fetch's outcome; returns the article and the decision when it is to be stored."""
        if isinstance(outcome, _Duplicate):
            self.counts.skipped["already_fetched"] += 1
            self.memory.settle(row.id, "duplicate", outcome.article_id)
        elif isinstance(outcome, str):
            self.counts.read += 1
            self.counts.error(f"entry {row.entry_key}: no link to fetch")
            self.memory.settle(row.id, outcome)
        elif isinstance(outcome, FetchError):
            status = _retry_status(row.status, outcome.reason)
            if status.startswith("failed"):
                self.counts.read += 1
                self.counts.error(str(outcome))
            else:
                self.counts.skipped["will_retry"] += 1
            self.memory.settle(row.id, status)
        else:
            decision = self.counts.classify(outcome)
            if decision != "drop":
                return outcome, decision
            self.memory.settle(row.id, "irrelevant")
        return None

    def _store(self, items: list[tuple[FeedEntryRow, Article, str]]) -> None:
        """Ingest the cycle's articles (extracting the relevant ones) and link them to their entries."""
        if not items:
            return
        from salvo.store.ingest import ingest_articles

        decisions = {id(article): decision for _, article, decision in items}

        def extract(article: Article) -> list[Incident]:
            if decisions.get(id(article)) != "extract":
                return []  # kept and marked: a language the extractor does not read yet
            found = self._extract(article)
            self.counts.incidents += len(found)
            return found

        stats = ingest_articles(self.store, [article for _, article, _ in items], extract=extract, run_kind=None)
        for message in stats.error_messages:
            self.counts.error(message)
        for row, article, decision in items:
            status = "ingested" if decision == "extract" else f"unsupported_language:{article.language}"
            self.memory.settle(row.id, status, self.memory.article_id(article))
        self._tick()

    def _tick(self) -> None:
        if self.progress is not None:
            self.progress.update()
