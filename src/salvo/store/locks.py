"""Locks that let many processes write one database: file locks for SQLite, advisory locks for PostgreSQL.

PostgreSQL writers coordinate per chunk transaction with ``pg_advisory_xact_lock``: before a chunk reads
what is stored, it locks every article identity it may write (URL or input id, and content hash) and the
merge keys of every blocking category (merging reads across categories, so it is serialised).
Locks are taken in one global order (sorted
64-bit keys), so two chunks never wait on each other in a cycle; they are released by the commit. A
chunk that waited then reads the other's committed rows (READ COMMITTED: each statement sees the latest
commit), so it finds the article stored and the incidents formed, exactly as one process would.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from sqlalchemy import text
from sqlalchemy.orm import Session

MIGRATION_LOCK = 0x5A17_0001  # one advisory key for schema migrations


class LockBusy(Exception):
    """A non-blocking file lock is held by another process."""


class FileLock:
    """An exclusive ``flock`` on a lock file (released by the OS if the holder dies, SIGKILL included)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None

    def acquire(self, wait: bool) -> None:
        try:
            import fcntl
        except ImportError:  # no flock on this platform: no lock, as before
            return
        handle = open(self.path, "a", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            handle.close()
            raise LockBusy(str(self.path)) from None
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the descriptor releases the flock
            self._handle = None


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory-lock key for a name (the same in every process)."""
    return int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


ARTICLE_BUCKETS = 64  # article identities hash into this many keys: a bounded lock count per chunk


def article_lock_names(url: str | None, source_id: str, digest: str) -> list[str]:
    """The identities an article may collide on with a concurrent writer, as lock buckets (two articles
    sharing a bucket only wait on each other; a shared identity always shares its bucket)."""
    names = [f"url:{url}" if url else f"source:{source_id}", f"hash:{digest}"]
    return [f"article:{lock_key(n) % ARTICLE_BUCKETS}" for n in names]


def merge_lock_name(category: str) -> str:
    """The merge key of a blocking category (see the module docstring of ``salvo.store.locks``)."""
    return f"merge:{category}"


def advisory_locks(session: Session, names: Iterable[str]) -> None:
    """Take transaction-scoped advisory locks on PostgreSQL (a no-op elsewhere), in the global order."""
    if session.get_bind().dialect.name != "postgresql":
        return
    keys = sorted({lock_key(n) for n in names})  # unnest keeps the array's (sorted) order
    for k in range(0, len(keys), 500):
        part = keys[k : k + 500]
        session.execute(
            text("SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:keys AS bigint[])) AS k"), {"keys": part}
        )
