"""Bulk loading of a merged backfill: articles, mentions and incidents in one transaction, by COPY.

The distributed engine merges a whole input before storing it (``salvo.distributed.merge``), so what it
stores is final: articles in input order, their mentions with incident ids, and the incidents. That is
loaded only into a database that holds no article yet (the backfill case), checked under the merge locks
of every category, so a concurrent ``salvo ingest`` or ``salvo watch`` waits for the load or the load
finds the database no longer empty and says so (the caller then stores through the incremental path,
``ingest_articles``, which merges with what is stored).

PostgreSQL: each batch is COPYed into temporary staging tables; at the end one ``INSERT ... SELECT ...
ORDER BY ... ON CONFLICT DO NOTHING`` per table moves the rows in input order (ids as one process would
give them), so a row a concurrent writer stored first is kept once. SQLite: the same rows by
``executemany``. The incidents' resolved values are then computed by ``refresh_incidents``, the function
the incremental path uses, from the loaded mentions. One transaction: a killed load stores nothing, and a
re-run loads again.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from sqlalchemy import Connection, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from salvo.model import Article, Incident
from salvo.store.db import Store, core
from salvo.store.ingest import _article_values
from salvo.store.locks import advisory_locks, merge_lock_name
from salvo.store.models import ARTICLES, INCIDENTS, MENTIONS, ArticleRow, utcnow
from salvo.store.refresh import mention_values, refresh_incidents
from salvo.vocab import CATEGORIES

BATCH = 2000  # articles per COPY batch: bounds the client's memory, not the transaction


@dataclass
class BulkArticle:
    """One article to store, with its reports and the incident id merging gave each."""

    article: Article
    digest: str
    version: int
    incidents: list[Incident]
    incident_ids: list[str]


@dataclass
class BulkCounts:
    articles: int = 0
    mentions: int = 0
    incidents: int = 0
    categories: dict[str, str] = field(default_factory=dict)  # incident id -> category


_JSON_ARTICLE = ("extra",)
_JSON_MENTION = ("weapons", "evidence", "provenance")


def holds_articles(store: Store) -> bool:
    """Whether the database holds any article (a bulk load then does not apply)."""
    with store.sessions() as session:
        return session.scalar(select(ArticleRow.id).limit(1)) is not None


def load(store: Store, items: Iterable[BulkArticle]) -> BulkCounts | None:
    """Load these articles into an empty database; None (nothing written) if it holds articles."""
    with store.writer(), store.session() as session:  # SQLite: one writer, as ingest_articles
        advisory_locks(session, [merge_lock_name(c) for c in CATEGORIES])  # PostgreSQL: writers wait
        if session.scalar(select(ArticleRow.id).limit(1)) is not None:
            return None
        counts = BulkCounts()
        if session.get_bind().dialect.name == "postgresql":
            _load_postgres(session, items, counts)
        else:
            _load_rows(session, items, counts)
        refresh_incidents(session, counts.categories, cause="report")
        return counts


def _batches(items: Iterable[BulkArticle]) -> Iterator[list[BulkArticle]]:
    it = iter(items)
    while batch := list(islice(it, BATCH)):
        yield batch


def _mention_rows(item: BulkArticle, now: dt.datetime) -> Iterator[dict[str, Any]]:
    for pos, (inc, inc_id) in enumerate(zip(item.incidents, item.incident_ids, strict=True)):
        yield {
            **mention_values(inc),
            "position": pos,
            "article_version": item.version,
            "incident_id": inc_id,
            "created_at": now,
        }


def _article_row(item: BulkArticle, now: dt.datetime) -> dict[str, Any]:
    return {**_article_values(item.article, item.digest, now), "version": item.version}


def _incident_row(inc_id: str, category: str, now: dt.datetime) -> dict[str, Any]:
    """A new incident before ``refresh_incidents`` resolves its values (the columns that need one)."""
    return {
        "id": inc_id,
        "status": "active",
        "confirmed": False,
        "category": category,
        "weapons": "",
        "perpetrator": "unknown",
        "attribution": "none",
        "n_mentions": 0,
        "n_sources": 0,
        "search_text": "",
        "created_at": now,
        "updated_at": now,
    }


# --- PostgreSQL: COPY into staging tables, then one ordered INSERT ... SELECT per table -------------

_STAGE = {"articles": "salvo_stage_articles", "mentions": "salvo_stage_mentions", "incidents": "salvo_stage_incidents"}


def _copy_value(name: str, value: Any, json_columns: tuple[str, ...]) -> Any:
    if name in json_columns and value is not None:
        return json.dumps(value, ensure_ascii=False)
    return value


def _load_postgres(session: Session, items: Iterable[BulkArticle], counts: BulkCounts) -> None:
    conn = core(session)
    for table, stage in _STAGE.items():
        conn.execute(text(f"CREATE TEMP TABLE {stage} ON COMMIT DROP AS SELECT * FROM {table} WITH NO DATA"))
    conn.execute(text("ALTER TABLE salvo_stage_articles ADD COLUMN seq bigint"))
    conn.execute(text("ALTER TABLE salvo_stage_mentions ADD COLUMN seq bigint"))
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    now = utcnow()
    a_cols: list[str] | None = None
    m_cols: list[str] | None = None
    seq = 0
    for batch in _batches(items):
        articles, mentions = [], []
        for item in batch:
            seq += 1
            articles.append({**_article_row(item, now), "seq": seq})
            for row in _mention_rows(item, now):
                mentions.append({**row, "seq": seq})
                counts.categories.setdefault(row["incident_id"], row["category"])
        a_cols = a_cols or list(articles[0])
        _copy(cursor, "salvo_stage_articles", a_cols, articles, _JSON_ARTICLE)
        if mentions:
            m_cols = m_cols or list(mentions[0])
            _copy(cursor, "salvo_stage_mentions", m_cols, mentions, _JSON_MENTION)
    if a_cols is None:
        return
    incident_rows = [_incident_row(i, c, now) for i, c in sorted(counts.categories.items())]
    if incident_rows:
        _copy(cursor, "salvo_stage_incidents", list(incident_rows[0]), incident_rows, ())
    _move_postgres(conn, a_cols, m_cols, incident_rows, counts)


def _copy(cursor: Any, stage: str, cols: list[str], rows: list[dict[str, Any]], json_columns: tuple[str, ...]) -> None:
    with cursor.copy(f"COPY {stage} ({', '.join(cols)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([_copy_value(c, row[c], json_columns) for c in cols])


def _move_postgres(
    conn: Connection,
    a_cols: list[str],
    m_cols: list[str] | None,
    incident_rows: list[dict[str, Any]],
    counts: BulkCounts,
) -> None:
    cols = [c for c in a_cols if c != "seq"]
    listed = ", ".join(cols)
    counts.articles = conn.execute(
        text(
            f"INSERT INTO articles ({listed}) SELECT {listed} FROM salvo_stage_articles ORDER BY seq "
            "ON CONFLICT DO NOTHING"
        )
    ).rowcount
    conn.execute(
        text(
            "CREATE TEMP TABLE salvo_stage_ids ON COMMIT DROP AS "
            "SELECT s.seq, a.id FROM salvo_stage_articles s JOIN articles a ON a.url = s.url "
            "UNION ALL SELECT s.seq, a.id FROM salvo_stage_articles s JOIN articles a "
            "ON s.url IS NULL AND a.url IS NULL AND a.source_id = s.source_id"
        )
    )
    if incident_rows:
        listed = ", ".join(incident_rows[0])
        counts.incidents = conn.execute(
            text(
                f"INSERT INTO incidents ({listed}) SELECT {listed} FROM salvo_stage_incidents ORDER BY id "
                "ON CONFLICT DO NOTHING"
            )
        ).rowcount
    if m_cols:
        cols = [c for c in m_cols if c != "seq"]
        listed = ", ".join(cols)
        picked = ", ".join(f"m.{c}" for c in cols)
        counts.mentions = conn.execute(
            text(
                f"INSERT INTO mentions (article_id, {listed}) SELECT i.id, {picked} FROM salvo_stage_mentions m "
                "JOIN salvo_stage_ids i ON i.seq = m.seq ORDER BY m.seq, m.position"
            )
        ).rowcount


# --- SQLite: the same rows by executemany, in input order --------------------------------------------


def _load_rows(session: Session, items: Iterable[BulkArticle], counts: BulkCounts) -> None:
    conn = core(session)
    now = utcnow()
    for batch in _batches(items):
        rows = [_article_row(item, now) for item in batch]
        counts.articles += conn.execute(sqlite_insert(ARTICLES).on_conflict_do_nothing(), rows).rowcount
        ids = _article_ids(conn, rows)
        mentions: list[dict[str, Any]] = []
        fresh: dict[str, str] = {}
        for item, row in zip(batch, rows, strict=True):
            article_id = ids[_identity(row)]
            for m in _mention_rows(item, now):
                mentions.append({**m, "article_id": article_id})
                if m["incident_id"] not in counts.categories:
                    fresh[m["incident_id"]] = counts.categories[m["incident_id"]] = m["category"]
        if fresh:
            counts.incidents += conn.execute(
                sqlite_insert(INCIDENTS).on_conflict_do_nothing(),
                [_incident_row(i, c, now) for i, c in sorted(fresh.items())],
            ).rowcount
        if mentions:
            counts.mentions += conn.execute(MENTIONS.insert(), mentions).rowcount


def _identity(row: dict[str, Any]) -> tuple[str, str]:
    return ("url", row["url"]) if row["url"] else ("source", row["source_id"])


def _article_ids(conn: Connection, rows: list[dict[str, Any]]) -> dict[tuple[str, str], int]:
    """Ids of the batch's articles, found by URL, else by input id among URL-less rows."""
    out: dict[tuple[str, str], int] = {}
    urls = sorted({r["url"] for r in rows if r["url"]})
    sources = sorted({r["source_id"] for r in rows if not r["url"]})
    for k in range(0, len(urls), 400):
        q = select(ArticleRow.id, ArticleRow.url).where(ArticleRow.url.in_(urls[k : k + 400]))
        out.update((("url", str(u)), i) for i, u in conn.execute(q))
    for k in range(0, len(sources), 400):
        q = select(ArticleRow.id, ArticleRow.source_id).where(
            ArticleRow.source_id.in_(sources[k : k + 400]), ArticleRow.url.is_(None)
        )
        out.update((("source", s), i) for i, s in conn.execute(q))
    return out
