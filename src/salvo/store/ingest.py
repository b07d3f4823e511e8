"""Ingesting articles: deduplicate, extract, store mentions, merge, in small atomic chunks.

Idempotent and resumable: an article is found again by URL, else by content hash (of the text with
whitespace collapsed). Unchanged articles are skipped without extraction; an article whose text changed
is re-extracted, its old mentions kept but marked superseded (analysts' pins carry over to the new
mention that matches). Each chunk of articles is written in one transaction together with its mentions
and merge, so a process killed at any point (SIGKILL included) leaves whole chunks only and a re-run
picks up where it stopped, with nothing doubled.

Many writers: on PostgreSQL a chunk first takes advisory locks on the identities of its articles, then
on the merge keys of every category (merging reads across them, ``salvo.store.locks``), then reads what is
stored; so concurrent ``salvo ingest`` and ``salvo watch`` processes never insert one article twice, never
merge one neighbourhood twice at once, and a transaction that still fails on a transient conflict
(deadlock, serialisation, unique violation) is retried whole. SQLite takes one writer (``Store.writer``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import and_, insert, select
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session

from salvo.errors import InputError
from salvo.merge import Facts
from salvo.model import Article, ExtractionResult, Incident, article_problem, shown
from salvo.store.carry import carry_pins, log_orphaned
from salvo.store.db import Store, core
from salvo.store.dbmerge import members_of, merge_new_mentions
from salvo.store.extracted import read_extracted, result_from_json
from salvo.store.locks import advisory_locks, article_lock_names, merge_lock_name
from salvo.store.models import ARTICLES, MENTIONS, ArticleRow, MentionRow, RunRow, utcnow
from salvo.store.neighbours import FactsCache, Rec
from salvo.store.refresh import mention_values, refresh_incidents
from salvo.vocab import CATEGORIES

__all__ = ["CHUNK", "IngestStats", "content_hash", "ingest_articles", "read_extracted", "result_from_json"]

CHUNK = 200  # articles per transaction: fewer commits and candidate queries; a kill loses one chunk
RETRIES = 8  # attempts at a chunk transaction that meets a transient conflict with another writer
_TRANSIENT = {"40P01", "40001", "23505"}  # deadlock, serialisation failure, unique violation

Extractor = Callable[[Article], list[Incident]]


def content_hash(text: str) -> str:
    """SHA-256 of the text with whitespace runs collapsed to one space and the ends stripped
    (``str.split`` splits on exactly the characters ``\\s`` matches, and is several times faster)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


@dataclass
class IngestStats:
    read: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    duplicates: int = 0
    errors: int = 0
    mentions: int = 0
    incidents_touched: int = 0
    error_messages: list[str] = field(default_factory=list)
    #: incidents whose analyst review no new report carries (see ``_carry_pins``): logged, kept, reported
    orphaned: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _extra(article: Article) -> dict[str, Any] | None:
    return dict(article.extra) if article.extra else None


@dataclass
class _Known:
    """A stored article's identity, as the chunk being written sees it."""

    id: int | None  # None: inserted by this chunk, id not known yet
    url: str | None
    source_id: str
    content_hash: str


class _Lookup:
    """Stored articles that share a URL, id or text with the articles of a chunk: fetched in a few
    statements, then consulted (and updated as the chunk is written) in memory."""

    def __init__(self, session: Session, articles: Sequence[Article], digests: Sequence[str]) -> None:
        self.by_url: dict[str, _Known] = {}
        self.by_source: dict[str, list[_Known]] = {}
        self.by_hash: dict[str, list[_Known]] = {}
        cols = (ArticleRow.id, ArticleRow.url, ArticleRow.source_id, ArticleRow.content_hash)
        urls = sorted({a.url for a in articles if a.url})
        sources = sorted({a.id for a in articles if not a.url})
        hashes = sorted(set(digests))
        conds = [
            *(ArticleRow.url.in_(urls[k : k + 400]) for k in range(0, len(urls), 400)),
            *(
                and_(ArticleRow.source_id.in_(sources[k : k + 400]), ArticleRow.url.is_(None))
                for k in range(0, len(sources), 400)
            ),
            *(ArticleRow.content_hash.in_(hashes[k : k + 400]) for k in range(0, len(hashes), 400)),
        ]
        seen: set[int] = set()
        for cond in conds:
            for row in core(session).execute(select(*cols).where(cond).order_by(ArticleRow.id)):
                if row.id not in seen:
                    seen.add(row.id)
                    self.add(_Known(row.id, row.url, row.source_id, row.content_hash))

    def add(self, known: _Known) -> None:
        if known.url:
            self.by_url[known.url] = known
        else:
            self.by_source.setdefault(known.source_id, []).append(known)
        self.by_hash.setdefault(known.content_hash, []).append(known)

    def rehash(self, known: _Known, digest: str) -> None:
        rows = self.by_hash.get(known.content_hash, [])
        if known in rows:
            rows.remove(known)
        known.content_hash = digest
        self.by_hash.setdefault(digest, []).append(known)

    def find(self, article: Article, digest: str) -> tuple[_Known | None, str]:
        """The stored article and what to do: new, unchanged, changed or duplicate.

        Identity: the URL; without one, the input's own id; then the content hash (the same text under
        another URL is a duplicate, e.g. a syndicated wire story).
        """
        if article.url:
            same = self.by_url.get(article.url)
        else:
            same = next((k for k in self.by_source.get(article.id, []) if k.url is None), None)
        if same is not None:
            return same, ("unchanged" if same.content_hash == digest else "changed")
        twins = self.by_hash.get(digest)
        if twins:
            row = twins[0]
            return row, ("unchanged" if (not article.url or not row.url) else "duplicate")
        return None, "new"


def _article_values(article: Article, digest: str, now: dt.datetime) -> dict[str, Any]:
    return {
        "source_id": article.id,
        "url": article.url,
        "content_hash": digest,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published,
        "language": article.language,
        "text": article.text,
        "extra": _extra(article),
        "ingested_at": now,
        "updated_at": now,
        "extracted_at": now,
        "version": 1,
    }


def _supersede(
    session: Session, known: _Known, article: Article, digest: str, now: dt.datetime
) -> tuple[list[MentionRow], int]:
    """Mark a changed article's mentions superseded and store its new text; returns the old mentions and
    the article's new version."""
    row = session.get(ArticleRow, known.id)
    assert row is not None
    previous = list(
        session.scalars(select(MentionRow).where(MentionRow.article_id == row.id, MentionRow.superseded_at.is_(None)))
    )
    for m in previous:
        m.superseded_at = now
    row.text, row.content_hash, row.version = article.text, digest, row.version + 1
    row.title, row.outlet, row.published = article.title, article.outlet, article.published
    row.source_id, row.updated_at, row.extracted_at = article.id, now, now
    session.flush()
    version = row.version
    if any(m.incident_id for m in previous):  # incidents that lost the superseded mentions get re-resolved
        refresh_incidents(
            session, {m.incident_id for m in previous if m.incident_id}, cause="reextract", article_id=row.id
        )
    return previous, version


Pending = list[tuple[Article, str, list[Incident] | None]]  # article, content hash, incidents (None: skip)


def _write_chunk(store: Store, chunk: Pending, stats: IngestStats, cache: FactsCache) -> None:
    """Store one chunk (articles, mentions, merge) in one transaction, retried whole on a transient
    conflict with a concurrent writer (the counts of a failed attempt are undone)."""
    for attempt in range(RETRIES):
        before = IngestStats(**{**asdict(stats), "error_messages": list(stats.error_messages)})
        try:
            _write_chunk_once(store, chunk, stats, cache)
            return
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) not in _TRANSIENT or attempt == RETRIES - 1:
                raise
            for name, value in asdict(before).items():
                setattr(stats, name, value)


def _chunk_locks(session: Session, chunk: Pending) -> None:
    """Lock what this chunk may write (PostgreSQL): its articles' identities first, then the merge keys
    of every category. Merging reads across categories (an article's other reports, the incidents told
    beside a report), so a chunk of attacks must not merge while another writer's strikes of the same
    articles are half stored: merging is serialised, extraction stays parallel. Every chunk takes the two
    groups in this order, so no two wait in a cycle."""
    todo = [(a, d, incs) for a, d, incs in chunk if incs is not None]
    if not todo or session.get_bind().dialect.name != "postgresql":
        return
    advisory_locks(session, [n for a, d, _ in todo for n in article_lock_names(a.url, a.id, d)])
    advisory_locks(session, [merge_lock_name(c) for c in CATEGORIES])


def _write_chunk_once(store: Store, chunk: Pending, stats: IngestStats, cache: FactsCache) -> None:
    with store.session() as session:
        _chunk_locks(session, chunk)
        seeds: list[Rec] = []
        written: set[str] = set()  # content hashes this chunk stored
        rest = chunk
        while rest:
            rest = _write_part(session, rest, stats, seeds, cache, written)
        if seeds:
            stats.incidents_touched += len(merge_new_mentions(session, seeds, cache=cache))


def _write_part(
    session: Session, chunk: Pending, stats: IngestStats, seeds: list[Rec], cache: FactsCache, hashes: set[str]
) -> Pending:
    """Write the articles of ``chunk`` up to the first that changes an article written earlier in this same
    part (the same URL twice with different texts); returns the articles left for the next part."""
    lookup = _Lookup(session, [a for a, _, _ in chunk], [d for _, d, _ in chunk])
    now = utcnow()
    new_rows: list[dict[str, Any]] = []
    stored: list[_Stored] = []
    written: set[int] = set()  # id() of the _Known rows this part inserts
    for n, (article, digest, incidents) in enumerate(chunk):
        known, state = lookup.find(article, digest)
        if state == "changed" and known is not None and id(known) in written:
            _finish_part(session, new_rows, stored, stats, seeds, cache)
            return chunk[n:]
        if state in ("unchanged", "duplicate") or digest in hashes:  # a text this chunk stored already
            if state == "duplicate":
                stats.duplicates += 1
            else:
                stats.unchanged += 1
            continue
        if incidents is None:
            continue
        hashes.add(digest)
        values = [mention_values(inc) for inc in incidents]
        if known is None:
            known = _Known(None, article.url, article.id, digest)
            lookup.add(known)
            written.add(id(known))
            new_rows.append(_article_values(article, digest, now))
            stats.new += 1
            stored.append(_Stored(known, True, 1, incidents, values))
        else:
            previous, version = _supersede(session, known, article, digest, now)
            seeds.extend(members_of(session, {m.incident_id for m in previous if m.incident_id}, cache))
            lookup.rehash(known, digest)
            lost = carry_pins(values, incidents, previous)
            if lost:
                stats.orphaned.extend(log_orphaned(session, article.id, lost, now))
            stats.changed += 1
            stored.append(_Stored(known, False, version, incidents, values))
    _finish_part(session, new_rows, stored, stats, seeds, cache)
    return []


@dataclass
class _Stored:
    """An article written by this part, with the mentions to insert for it."""

    known: _Known
    is_new: bool
    version: int
    incidents: list[Incident]
    values: list[dict[str, Any]]


def _finish_part(
    session: Session,
    new_rows: list[dict[str, Any]],
    stored: list[_Stored],
    stats: IngestStats,
    seeds: list[Rec],
    cache: FactsCache,
) -> None:
    """Insert the part's new articles, then every stored article's mentions (one statement each)."""
    if new_rows:  # plain executemany; the ids are read back (RETURNING in order goes row by row on SQLite)
        core(session).execute(insert(ARTICLES), new_rows)
        _read_article_ids(session, [s.known for s in stored if s.is_new])
    now = utcnow()
    rows: list[dict[str, Any]] = []
    incidents: list[Incident] = []
    for s in stored:
        assert s.known.id is not None
        for pos, v in enumerate(s.values):
            rows.append(
                {**v, "article_id": s.known.id, "position": pos, "article_version": s.version, "created_at": now}
            )
        incidents.extend(s.incidents)
    if not rows:
        return
    core(session).execute(insert(MENTIONS), rows)
    ids = _read_mention_ids(session, rows)
    for r, mention_id, inc in zip(rows, ids, incidents, strict=True):
        facts = cache[mention_id] = Facts.of(inc)
        seeds.append(
            Rec(
                mention_id,
                r["article_id"],
                r["position"],
                None,
                r.get("pinned_incident_id"),
                r["span_start"],
                r["span_end"],
                r["place_key"],
                r["admin1_key"],
                r["category"],
                r["country"],
                r["location_precision"],
                facts,
            )
        )
    stats.mentions += len(rows)


def _read_article_ids(session: Session, known: list[_Known]) -> None:
    """Set the ids of just inserted articles (found by URL, else by input id among URL-less rows)."""
    urls = {k.url: k for k in known if k.url}
    sources = {k.source_id: k for k in known if not k.url}
    url_list, source_list = sorted(urls), sorted(sources)
    for k in range(0, len(url_list), 400):
        q = select(ArticleRow.id, ArticleRow.url).where(ArticleRow.url.in_(url_list[k : k + 400]))
        for aid, url in core(session).execute(q):
            urls[str(url)].id = aid
    for k in range(0, len(source_list), 400):
        q = select(ArticleRow.id, ArticleRow.source_id).where(
            ArticleRow.source_id.in_(source_list[k : k + 400]), ArticleRow.url.is_(None)
        )
        for aid, sid in core(session).execute(q):
            sources[sid].id = aid


def _read_mention_ids(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Ids of just inserted mentions, in the order of ``rows`` (an article's active mentions are its latest)."""
    article_ids = sorted({r["article_id"] for r in rows})
    found: dict[tuple[int, int], int] = {}
    for k in range(0, len(article_ids), 400):
        q = select(MentionRow.id, MentionRow.article_id, MentionRow.position).where(
            MentionRow.article_id.in_(article_ids[k : k + 400]), MentionRow.superseded_at.is_(None)
        )
        found.update(((aid, pos), mid) for mid, aid, pos in core(session).execute(q))
    return [found[r["article_id"], r["position"]] for r in rows]


def _needs_extraction(store: Store, articles: list[Article], digests: list[str]) -> list[bool]:
    with store.sessions() as session:
        lookup = _Lookup(session, articles, digests)
        return [lookup.find(a, d)[1] in ("new", "changed") for a, d in zip(articles, digests, strict=True)]


def ingest_articles(
    store: Store,
    items: Iterable[Article | InputError | ExtractionResult],
    extract: Extractor | None = None,
    chunk_size: int = CHUNK,
    on_error: Callable[[str], None] | None = None,
    run_kind: str | None = "ingest",
) -> IngestStats:
    """Store articles (extracting those new or changed) or pre-extracted results; merge as we go.

    ``run_kind`` names the ``runs`` row this call records; None records none (for callers that keep
    their own run record, like the feed watcher and ``salvo ingest``).
    """
    if extract is None:
        from salvo.pipeline import extract_article

        extract = extract_article
    with store.writer():  # SQLite: a second writer stops here, told why
        return _ingest_run(store, items, extract, chunk_size, on_error, run_kind)


def _ingest_run(
    store: Store,
    items: Iterable[Article | InputError | ExtractionResult],
    extract: Extractor,
    chunk_size: int,
    on_error: Callable[[str], None] | None,
    run_kind: str | None,
) -> IngestStats:
    stats = IngestStats()
    run_id: int | None = None
    if run_kind is not None:
        with store.session() as session:
            run = RunRow(kind=run_kind)
            session.add(run)
            session.flush()
            run_id = run.id
    _ingest_chunks(store, items, extract, chunk_size, on_error, stats)
    if run_id is not None:
        with store.session() as session:
            r = session.get(RunRow, run_id)
            if r is not None:
                r.finished_at = utcnow()
                r.read, r.relevant, r.errors = stats.read, stats.new + stats.changed, stats.errors
                r.incidents, r.summary = stats.mentions, stats.to_json()
    return stats


def _ingest_chunks(
    store: Store,
    items: Iterable[Article | InputError | ExtractionResult],
    extract: Extractor,
    chunk_size: int,
    on_error: Callable[[str], None] | None,
    stats: IngestStats,
) -> None:
    cache: FactsCache = {}  # facts of the mentions this run has compared, by mention id
    for batch in _chunks(items, chunk_size):
        pending: Pending = []
        plain = [x for x in batch if isinstance(x, Article)]
        hashes = [content_hash(a.text) for a in plain]  # once per article: hashing long texts is not free
        digests = dict(zip(map(id, plain), hashes, strict=True))
        needs = dict(zip(map(id, plain), _needs_extraction(store, plain, hashes), strict=True))
        for item in batch:
            if isinstance(item, InputError):
                stats.errors += 1
                _report(stats, str(item), on_error)
                continue
            stats.read += 1
            article = item.article if isinstance(item, ExtractionResult) else item
            problem = article_problem(article)
            if problem:  # what no reader checked (a fetched page, a caller's own article)
                stats.errors += 1
                _report(stats, f"{shown(article.id)}: {problem}", on_error)
                continue
            if isinstance(item, ExtractionResult):
                pending.append((item.article, content_hash(item.article.text), item.incidents))
                continue
            if not needs[id(item)]:
                pending.append((item, digests[id(item)], None))
                continue
            try:
                pending.append((item, digests[id(item)], extract(item)))
            except Exception as exc:  # one bad article never stops a batch
                stats.errors += 1
                _report(stats, f"{item.id}: extraction failed: {exc!r}", on_error)
        told = len(stats.orphaned)
        _write_isolating(store, pending, stats, cache, on_error)
        for message in stats.orphaned[told:]:  # a warning, not an error: everything was stored
            if on_error:
                on_error(f"warning: {message}")


def _write_isolating(
    store: Store, chunk: Pending, stats: IngestStats, cache: FactsCache, on_error: Callable[[str], None] | None
) -> None:
    """Write a chunk; when the database refuses it, write its articles one at a time, so that the one
    row at fault is reported and the rest of the chunk is stored. A lost connection is no row's fault
    and stops the run."""
    before = IngestStats(**asdict(stats))  # a deep copy: the lists too
    try:
        _write_chunk(store, chunk, stats, cache)
        return
    except (OperationalError, InterfaceError):
        raise
    except Exception as exc:  # a value the database refuses (too long, out of range, NUL)
        failure = exc
    _restore(stats, before)
    cache.clear()  # it may hold facts of mention ids the rollback gave back
    if len(chunk) == 1:
        stats.errors += 1
        _report(stats, f"{chunk[0][0].id}: not stored: {_db_message(failure)}", on_error)
        return
    for item in chunk:
        _write_isolating(store, [item], stats, cache, on_error)


def _restore(stats: IngestStats, before: IngestStats) -> None:
    for name, value in asdict(before).items():
        setattr(stats, name, value)


def _db_message(exc: Exception) -> str:
    """The database's own first line about the failure, without the statement and its parameters."""
    origin = getattr(exc, "orig", None) or exc
    first = (str(origin).strip().splitlines() or [type(origin).__name__])[0]
    return f"{type(origin).__name__}: {first[:200]}"


def _report(stats: IngestStats, message: str, on_error: Callable[[str], None] | None) -> None:
    if len(stats.error_messages) < 1000:
        stats.error_messages.append(message)
    if on_error:
        on_error(message)


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
