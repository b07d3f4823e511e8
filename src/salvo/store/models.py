"""Database tables (SQLAlchemy 2). Plain, readable names so the SQLite file works as-is in Datasette/pandas.

- ``articles``: one row per distinct report (deduplicated by URL, then by content hash).
- ``mentions``: one incident as one article reported it, with its evidence. Every reported value is kept;
  a mention of an article whose text changed is *superseded* (kept, ``superseded_at`` set), not deleted.
- ``incidents``: merged real-world incidents with *resolved* values (see ``salvo.store.resolve``),
  denormalised for fast filtering (date bounds, week/month buckets, weapons string, search text).
- ``incident_weapons``: one row per (incident, weapon), for weapon filters and stats.
- ``field_revisions``: every change of an incident's resolved value, with its cause.
- ``overrides``: analyst review actions (the audit log).
- ``feeds``, ``feed_entries``, ``runs``: used by the feed watcher and batch commands.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[str] = mapped_column(String(512), index=True)  # the input's own ``id``
    url: Mapped[str | None] = mapped_column(String(2048), unique=True, nullable=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    outlet: Mapped[str | None] = mapped_column(String(256), nullable=True, index=True)
    published: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    language: Mapped[str | None] = mapped_column(String(16), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    extracted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)  # bumped when the text changes

    mentions: Mapped[list[MentionRow]] = relationship(back_populates="article")


class IncidentRow(Base):
    __tablename__ = "incidents"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)  # active|rejected|merged
    merged_into: Mapped[str | None] = mapped_column(String(64), nullable=True)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    category: Mapped[str] = mapped_column(String(16))
    date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    date_precision: Mapped[str | None] = mapped_column(String(8), nullable=True)
    date_start: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    date_end: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    week: Mapped[str | None] = mapped_column(String(10), nullable=True)  # Monday of the week, ISO
    month: Mapped[str | None] = mapped_column(String(7), nullable=True)  # YYYY-MM
    place: Mapped[str | None] = mapped_column(String(256), nullable=True)
    admin1: Mapped[str | None] = mapped_column(String(128), nullable=True)
    country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    location_precision: Mapped[str | None] = mapped_column(String(8), nullable=True)
    weapons: Mapped[str] = mapped_column(String(256), default="")  # "rocket;drone": readable in Datasette
    projectiles: Mapped[int | None] = mapped_column(Integer, nullable=True)
    perpetrator: Mapped[str] = mapped_column(String(128), default="unknown")
    attribution: Mapped[str] = mapped_column(String(16), default="none")
    target: Mapped[str | None] = mapped_column(Text, nullable=True)
    killed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    injured: Mapped[int | None] = mapped_column(Integer, nullable=True)
    intercepted: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    n_mentions: Mapped[int] = mapped_column(Integer, default=0)
    n_sources: Mapped[int] = mapped_column(Integer, default=0)
    first_reported: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    last_reported: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    search_text: Mapped[str] = mapped_column(Text, default="")  # lower-cased place, actor, target, outlets
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)

    mentions: Mapped[list[MentionRow]] = relationship(back_populates="incident")

    __table_args__ = (
        Index("ix_incidents_status_date", "status", "date_start"),
        Index("ix_incidents_country_date", "country", "date_start"),
        Index("ix_incidents_category_date", "category", "date_start"),
        Index("ix_incidents_admin1", "admin1"),
        Index("ix_incidents_place", "place"),
        Index("ix_incidents_perpetrator", "perpetrator"),
        Index("ix_incidents_attribution", "attribution"),
        Index("ix_incidents_killed", "killed"),
        Index("ix_incidents_injured", "injured"),
        Index("ix_incidents_month", "month"),
        Index("ix_incidents_week", "week"),
        # covering indexes: stats read only the index, never the wide rows
        Index(
            "ix_incidents_stats_month",
            "status",
            "month",
            "date_start",
            "category",
            "country",
            "perpetrator",
            "killed",
            "injured",
        ),
        Index(
            "ix_incidents_stats_week",
            "status",
            "week",
            "date_start",
            "category",
            "country",
            "perpetrator",
            "killed",
            "injured",
        ),
        Index(
            "ix_incidents_stats_day",
            "status",
            "date_start",
            "category",
            "country",
            "perpetrator",
            "killed",
            "injured",
        ),
        Index("ix_incidents_id_stats", "id", "status", "month", "week", "date_start", "killed", "injured"),
        # analysis at volume (migration 0007): reconciliation scopes and attack series, claims, changes
        Index("ix_incidents_scope", "status", "category", "country", "date_start", "date_end", "id", "place"),
        Index("ix_incidents_spans", "status", "category", "country", "date_start", "date_end",
              sqlite_where=text("date_end > date_start"), postgresql_where=text("date_end > date_start")),
        Index("ix_incidents_claims", "status", "category", "month", "attribution", "perpetrator"),
        Index("ix_incidents_created_at", "created_at"),
    )


class IncidentWeaponRow(Base):
    __tablename__ = "incident_weapons"

    incident_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    weapon: Mapped[str] = mapped_column(String(32), primary_key=True)
    # copies of the incident's values, so stats split by weapon never touch the incidents table
    status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    date_start: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    week: Mapped[str | None] = mapped_column(String(10), nullable=True)
    month: Mapped[str | None] = mapped_column(String(7), nullable=True)
    killed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    injured: Mapped[int | None] = mapped_column(Integer, nullable=True)

    __table_args__ = (
        Index("ix_incident_weapons_weapon", "weapon", "incident_id"),
        # stats split by weapon: one index per period, in group-by order (migration 0003)
        Index("ix_incident_weapons_month", "status", "month", "weapon", "date_start", "killed", "injured"),
        Index("ix_incident_weapons_week", "status", "week", "weapon", "date_start", "killed", "injured"),
        Index("ix_incident_weapons_day", "status", "date_start", "weapon", "killed", "injured"),
    )


class MentionRow(Base):
    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # index among the article's incidents
    article_version: Mapped[int] = mapped_column(Integer, default=1)
    incident_id: Mapped[str | None] = mapped_column(ForeignKey("incidents.id"), nullable=True, index=True)
    pinned_incident_id: Mapped[str | None] = mapped_column(String(64), nullable=True)  # analyst decision
    superseded_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    category: Mapped[str] = mapped_column(String(16))
    date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    date_precision: Mapped[str | None] = mapped_column(String(8), nullable=True)
    span_start: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    span_end: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    weapons: Mapped[list[str]] = mapped_column(JSON, default=list)
    projectiles: Mapped[int | None] = mapped_column(Integer, nullable=True)
    place: Mapped[str | None] = mapped_column(String(256), nullable=True)
    admin1: Mapped[str | None] = mapped_column(String(128), nullable=True)
    country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    location_precision: Mapped[str | None] = mapped_column(String(8), nullable=True)
    place_key: Mapped[str] = mapped_column(String(256), default="")  # normalised, for blocking
    admin1_key: Mapped[str] = mapped_column(String(128), default="")
    perpetrator: Mapped[str] = mapped_column(String(128), default="unknown")
    attribution: Mapped[str] = mapped_column(String(16), default="none")
    target: Mapped[str | None] = mapped_column(Text, nullable=True)
    killed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    injured: Mapped[int | None] = mapped_column(Integer, nullable=True)
    intercepted: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: field -> {sentence, sentence_text, start, end, text}: the sentence and words each value was read from
    provenance: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)

    article: Mapped[ArticleRow] = relationship(back_populates="mentions")
    incident: Mapped[IncidentRow | None] = relationship(back_populates="mentions")

    __table_args__ = (
        Index("ix_mentions_block", "category", "span_start", "span_end"),
        Index("ix_mentions_place_key", "category", "place_key"),
        Index("ix_mentions_admin1_key", "category", "admin1_key"),
    )


class FieldRevisionRow(Base):
    __tablename__ = "field_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(String(64), index=True)
    field: Mapped[str] = mapped_column(String(32))
    old_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    new_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)  # 0007
    cause: Mapped[str] = mapped_column(String(16))  # report|override|merge|reextract
    article_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    override_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class OverrideRow(Base):
    __tablename__ = "overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    action: Mapped[str] = mapped_column(String(16))  # confirm|edit|merge|split|reject|restore
    incident_id: Mapped[str] = mapped_column(String(64), index=True)
    field: Mapped[str | None] = mapped_column(String(32), nullable=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    other_incident_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    mention_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    author: Mapped[str] = mapped_column(String(128))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)


class FeedRow(Base):
    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    etag: Mapped[str | None] = mapped_column(String(512), nullable=True)
    last_modified: Mapped[str | None] = mapped_column(String(128), nullable=True)
    last_polled_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    last_status: Mapped[str | None] = mapped_column(String(64), nullable=True)


class FeedEntryRow(Base):
    __tablename__ = "feed_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"))
    entry_key: Mapped[str] = mapped_column(String(1024))
    url: Mapped[str | None] = mapped_column(String(2048), nullable=True)
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    fetched_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    status: Mapped[str | None] = mapped_column(String(64), nullable=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), nullable=True)

    __table_args__ = (UniqueConstraint("feed_id", "entry_key", name="uq_feed_entries_feed_entry"),)


class RunRow(Base):
    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    read: Mapped[int] = mapped_column(Integer, default=0)
    relevant: Mapped[int] = mapped_column(Integer, default=0)
    incidents: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


# The tables themselves, for plain (Core) statements on the bulk paths.
ARTICLES = cast(Table, ArticleRow.__table__)
MENTIONS = cast(Table, MentionRow.__table__)
INCIDENTS = cast(Table, IncidentRow.__table__)
INCIDENT_WEAPONS = cast(Table, IncidentWeaponRow.__table__)
FIELD_REVISIONS = cast(Table, FieldRevisionRow.__table__)
