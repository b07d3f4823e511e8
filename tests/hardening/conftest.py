"""The store fixtures (a SQLite file and the PostgreSQL server) for the hardening tests too."""

from tests.store.conftest import pg_url, store

__all__ = ["pg_url", "store"]
