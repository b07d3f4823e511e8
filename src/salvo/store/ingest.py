"""Ingesting articles: deduplicate, extract, store mentions, merge, in small atomic chunks.

Idempotent and resumable: an article is found again by URL, else by content hash (of the text with
whitespace collapsed). Unchanged articles are skipped without extraction; an article whose text changed
is re-extracted, its old mentions kept but marked superseded (analysts' pins carry over to the new
mention that matches). Each chunk of articles is written in one transaction together with its mentions
and merge, so a process killed at any point (SIGKILL included) leaves whole chunks only and a re-run
picks up where it stopped, with nothing doubled.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from salvo.ingest.errors import InputError
from salvo.merge import is_match
from salvo.model import Article, ExtractionResult, Incident
from salvo.store.db import Store
from salvo.store.dbmerge import mention_values, merge_new_mentions, refresh_incidents, row_incident
from salvo.store.models import ArticleRow, MentionRow, RunRow, utcnow

CHUNK = 50
_WS = re.compile(r"\s+")

Extractor = Callable[[Article], list[Incident]]


def content_hash(text: str) -> str:
    return hashlib.sha256(_WS.sub(" ", text).strip().encode("utf-8")).hexdigest()


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

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _extra(article: Article) -> dict[str, Any] | None:
    return dict(article.extra) if article.extra else None


def _find(session: Session, article: Article, digest: str) -> tuple[ArticleRow | None, str]:
    """The stored row for this article and what to do: new, unchanged, changed or duplicate.

    Identity: the URL; without one, the input's own id; then the content hash (the same text under
    another URL is a duplicate, e.g. a syndicated wire story).
    """
    same = (
        ArticleRow.url == article.url
        if article.url
        else and_(ArticleRow.source_id == article.id, ArticleRow.url.is_(None))
    )
    rows = list(session.scalars(select(ArticleRow).where(or_(same, ArticleRow.content_hash == digest)).limit(3)))
    for row in rows:
        if (article.url and row.url == article.url) or (
            not article.url and row.url is None and row.source_id == article.id
        ):
            return row, ("unchanged" if row.content_hash == digest else "changed")
    if rows:
        row = rows[0]
        return row, ("unchanged" if (not article.url or not row.url) else "duplicate")
    return None, "new"


def _store_mentions(
    session: Session, row: ArticleRow, incidents: list[Incident], previous: list[MentionRow]
) -> list[MentionRow]:
    now = utcnow()
    out = []
    for pos, inc in enumerate(incidents):
        m = MentionRow(
            article_id=row.id,
            position=pos,
            article_version=row.version,
            created_at=now,
            **mention_values(inc),
        )
        pinned = [p for p in previous if p.pinned_incident_id]
        if pinned:  # an analyst's decision on the old wording carries to the matching new report
            match = next((p for p in pinned if is_match(row_incident(p), inc)), None)
            if match is not None:
                m.pinned_incident_id = match.pinned_incident_id
                pinned.remove(match)
        session.add(m)
        out.append(m)
    return out


def _write_chunk(store: Store, chunk: list[tuple[Article, list[Incident] | None]], stats: IngestStats) -> None:
    with store.session() as session:
        seeds: list[MentionRow] = []
        seen: dict[str, ArticleRow] = {}
        for article, incidents in chunk:
            digest = content_hash(article.text)
            row, state = _find(session, article, digest)
            if state in ("unchanged", "duplicate") or digest in seen:
                setattr(
                    stats,
                    "unchanged" if state != "duplicate" else "duplicates",
                    getattr(stats, "unchanged" if state != "duplicate" else "duplicates") + 1,
                )
                continue
            if incidents is None:
                continue
            previous: list[MentionRow] = []
            now = utcnow()
            if row is None:
                row = ArticleRow(
                    source_id=article.id,
                    url=article.url,
                    content_hash=digest,
                    title=article.title,
                    outlet=article.outlet,
                    published=article.published,
                    language=article.language,
                    text=article.text,
                    extra=_extra(article),
                    ingested_at=now,
                    updated_at=now,
                )
                session.add(row)
                stats.new += 1
            else:
                previous = list(
                    session.scalars(
                        select(MentionRow).where(MentionRow.article_id == row.id, MentionRow.superseded_at.is_(None))
                    )
                )
                for m in previous:
                    m.superseded_at = now
                row.text, row.content_hash, row.version = article.text, digest, row.version + 1
                row.title, row.outlet, row.published = article.title, article.outlet, article.published
                row.source_id, row.updated_at = article.id, now
                stats.changed += 1
            row.extracted_at = now
            session.flush()
            seen[digest] = row
            new = _store_mentions(session, row, incidents, previous)
            session.flush()
            stats.mentions += len(new)
            seeds.extend(new)
            if previous:  # incidents that lost the superseded mentions get re-resolved
                refresh_incidents(
                    session,
                    {m.incident_id for m in previous if m.incident_id},
                    cause="reextract",
                    article_id=row.id,
                )
        if seeds:
            stats.incidents_touched += len(merge_new_mentions(session, seeds))


def _needs_extraction(store: Store, articles: list[Article]) -> list[bool]:
    with store.sessions() as session:
        out = []
        for a in articles:
            _, state = _find(session, a, content_hash(a.text))
            out.append(state in ("new", "changed"))
        return out


def ingest_articles(
    store: Store,
    items: Iterable[Article | InputError | ExtractionResult],
    extract: Extractor | None = None,
    chunk_size: int = CHUNK,
    on_error: Callable[[str], None] | None = None,
) -> IngestStats:
    """Store articles (extracting those new or changed) or pre-extracted results; merge as we go."""
    if extract is None:
        from salvo.pipeline import extract_article

        extract = extract_article
    stats = IngestStats()
    run = RunRow(kind="ingest")
    with store.session() as session:
        session.add(run)
    for batch in _chunks(items, chunk_size):
        pending: list[tuple[Article, list[Incident] | None]] = []
        plain = [x for x in batch if isinstance(x, Article)]
        needs = dict(zip(map(id, plain), _needs_extraction(store, plain), strict=True)) if plain else {}
        for item in batch:
            if isinstance(item, InputError):
                stats.errors += 1
                _report(stats, str(item), on_error)
                continue
            stats.read += 1
            if isinstance(item, ExtractionResult):
                pending.append((item.article, item.incidents))
                continue
            if not needs[id(item)]:
                pending.append((item, None))
                continue
            try:
                pending.append((item, extract(item)))
            except Exception as exc:  # one bad article never stops a batch
                stats.errors += 1
                _report(stats, f"{item.id}: extraction failed: {exc!r}", on_error)
        _write_chunk(store, pending, stats)
    with store.session() as session:
        r = session.get(RunRow, run.id)
        if r is not None:
            r.finished_at = utcnow()
            r.read, r.relevant, r.errors = stats.read, stats.new + stats.changed, stats.errors
            r.incidents, r.summary = stats.mentions, stats.to_json()
    return stats


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


def _first_option(field: str, value: Any) -> Any:
    """Gold lines may hold lists of acceptable values or "*": take the first value, "*" as unknown."""
    if value == "*":
        return [] if field in ("weapons", "evidence") else None
    if field == "weapons":
        return list(value[0]) if value and isinstance(value[0], list) else list(value or [])
    if field == "evidence":
        return list(value or [])
    if isinstance(value, list):
        return value[0] if value else None
    return value


def result_from_json(record: dict[str, Any], source: str = "", line: int | None = None) -> ExtractionResult:
    """An ``ExtractionResult`` from a ``salvo extract`` output line (gold lines are accepted too)."""
    from salvo.ingest.readers import article_from_json

    item = article_from_json(record.get("article"), source, line)
    if isinstance(item, InputError):
        raise ValueError(item.message)
    incidents = []
    for raw in record.get("incidents") or []:
        if not isinstance(raw, dict) or raw.get("category") not in ("attack", "strike"):
            raise ValueError("incident without a category attack/strike")
        data = {k: _first_option(k, v) for k, v in raw.items() if k not in ("event_key", "optional", "incident_id")}
        incidents.append(Incident.from_json(data))
    return ExtractionResult(article=item, incidents=incidents)


def read_extracted(paths: Iterable[str]) -> Iterator[ExtractionResult | InputError]:
    """Pre-extracted results from JSONL files (``salvo extract`` output), errors as values."""
    import json

    for path in paths:
        try:
            handle = open(path, encoding="utf-8")
        except OSError as exc:
            yield InputError(path, None, f"cannot open: {exc.strerror}")
            continue
        with handle:
            for n, text in enumerate(handle, 1):
                if not text.strip():
                    continue
                try:
                    yield result_from_json(json.loads(text), path, n)
                except (ValueError, TypeError, AttributeError) as exc:
                    yield InputError(path, n, f"not an extraction result line: {exc}")
