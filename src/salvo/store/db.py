"""Opening the store: engine, sessions, and the schema migrated to head on every open."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from salvo.settings import get_settings


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


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the latest Alembic revision (idempotent)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("salvo.store") / "migrations"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


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

    def tables(self) -> list[str]:
        return sorted(inspect(self.engine).get_table_names())

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None) -> Store:
    """Open (and migrate) the store at ``url``, default ``SALVO_DATABASE_URL`` or ``sqlite:///salvo.db``."""
    return Store(url or get_settings().database_url)
