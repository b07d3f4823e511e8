"""Opening the store: engine, sessions, and the schema migrated to head on every open.

Many writers, one truth: migrations run under a lock (a PostgreSQL advisory lock, a file lock beside a
SQLite file), so processes opening a fresh database together never race the schema. PostgreSQL takes
many concurrent writers (``salvo.store.locks`` serialises what must be); SQLite takes one writer at a
time, and a second one is told so at once (``Store.writer``) instead of dying half way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from salvo.errors import WriterBusy
from salvo.settings import get_settings
from salvo.store.locks import MIGRATION_LOCK, FileLock, LockBusy


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and file paths; SQLAlchemy wants a driver and a scheme."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        return "sqlite:///" + url
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def core(session: Session) -> Connection:
    """The session's connection, for plain statements: bulk reads and writes without the ORM's per-row
    bookkeeping. Pending ORM changes are written first, so the statements see them."""
    if session.new or session.dirty or session.deleted:
        session.flush()
    return session.connection()


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None for an in-memory database)."""
    name = url.split(":///", 1)[1] if ":///" in url else ""
    return Path(name.split("?", 1)[0]) if name and name != ":memory:" else None


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the latest Alembic revision (idempotent), under a lock: on
    PostgreSQL an advisory lock held by the migrating transaction, on a SQLite file a lock file beside
    it; a process that waited finds the schema at head and does nothing."""
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("salvo.store") / "migrations"))
    path = sqlite_path(str(engine.url)) if engine.dialect.name == "sqlite" else None
    lock = FileLock(path.with_name(path.name + ".migrate.lock")) if path is not None else None
    if lock is not None:
        lock.acquire(wait=True)
    try:
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    finally:
        if lock is not None:
            lock.release()


class Store:
    """A database holding articles, mentions and merged incidents."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        kwargs: dict[str, Any] = {}
        if not self.is_sqlite:
            kwargs["pool_pre_ping"] = True
        self.engine = create_engine(self.url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        migrate(self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success, rolled back on error."""
        with self.sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def writer(self) -> Iterator[None]:
        """Hold the right to write for the block. PostgreSQL: nothing to hold (writers coordinate through
        advisory locks per transaction). SQLite is single-writer: a second writer fails at once, clearly."""
        path = sqlite_path(self.url) if self.is_sqlite else None
        if path is None:
            yield
            return
        lock = FileLock(path.with_name(path.name + ".writer.lock"))
        try:
            lock.acquire(wait=False)
        except LockBusy:
            raise WriterBusy(
                f"{path}: another salvo process is writing to this SQLite database. SQLite takes one writer "
                "at a time: wait for it to finish, or use PostgreSQL (--db postgresql://...) for concurrent "
                "writers."
            ) from None
        try:
            yield
        finally:
            lock.release()

    def tables(self) -> list[str]:
        return sorted(inspect(self.engine).get_table_names())

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None) -> Store:
    """Open (and migrate) the store at ``url``, default ``SALVO_DATABASE_URL`` or ``sqlite:///salvo.db``."""
    return Store(url or get_settings().database_url)
