"""The store fixtures (a SQLite file and the PostgreSQL server) and the API's live servers, for the
hardening tests too."""

from tests.api.conftest import demo_db, readonly_server, server
from tests.store.conftest import pg_url, store

__all__ = ["demo_db", "pg_url", "readonly_server", "server", "store"]
