"""The incident database: articles, mentions, merged incidents, revisions and analyst overrides."""

from salvo.store.db import Store, open_store

__all__ = ["Store", "open_store"]
