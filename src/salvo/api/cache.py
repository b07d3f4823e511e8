"""Whole responses of the read endpoints, kept per query and data version.

A dashboard's visitors ask the same few questions (the first page, the map's points, the timeline's
counts, the filter vocabularies): answering each again costs a filter over the in-memory index, a page
read, validation, JSON and gzip, about 10 ms of CPU; sending stored bytes costs a tenth of that. An answer
is stored under its path, query string and whether the client takes gzip, with the *data stamp* it was
computed under: the version probe of ``salvo.api.index`` (latest ``updated_at``, latest review action)
and the generation of the index snapshot in use. When either moves (an ingest, the feed watcher, a
review action here or in another process), stored answers no longer match and the next request computes
afresh. So a cached answer is never older than the uncached path's own index.

The dashboard's own files (``/static/``) are kept too, compressed once, under the file's modification time
and size: the gzip layer would otherwise compress the script and the map's outlines again for every visitor.
Conditional requests (``If-None-Match``) go to the file server, which answers 304.

Only complete 200 answers (JSON, or static files) up to ``MAX_ENTRY`` bytes are kept, in a
least-recently-used store bounded by ``MAX_BYTES`` per process. ``SALVO_RESPONSE_CACHE=0`` turns it off
(to measure the work itself).
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio.to_thread

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The read endpoints whose answers depend only on the query and the data stamp.
CACHED_PATHS = frozenset({"/api/incidents", "/api/stats", "/api/meta", "/api/places"})
MAX_ENTRY = 2 * 1024 * 1024
MAX_BYTES = 64 * 1024 * 1024
_JSON_TYPES = (b"application/json", b"application/geo+json")


def enabled_by_default() -> bool:
    return os.environ.get("SALVO_RESPONSE_CACHE", "1").strip().lower() not in ("0", "false", "no", "off")


def data_stamp(state: Any) -> tuple[Any, ...]:
    """What a read answer depends on besides its query: the version probe and the index snapshot in use."""
    from salvo.api.index import version

    with state.store.session() as session:
        index = getattr(state, "index", None)
        if index is None:
            return (version(session),)
        snap, probed = index.current(session)
        return (snap.generation, probed)


@dataclass
class Entry:
    stamp: tuple[Any, ...]
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class ResponseCache:
    """ASGI middleware in front of the gzip layer: stores and replays finished answers (see module doc)."""

    def __init__(self, app: ASGIApp, state: Any, enabled: bool = True, static: Path | None = None) -> None:
        self.app, self.state, self.enabled = app, state, enabled
        self.static = static.resolve() if static is not None else None
        self.entries: OrderedDict[tuple[Any, ...], Entry] = OrderedDict()
        self.size = 0
        self.hits = self.misses = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.enabled or scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        headers = dict(scope.get("headers") or [])
        stamp: tuple[Any, ...] | None = None
        if path in CACHED_PATHS:
            try:
                stamp = await anyio.to_thread.run_sync(data_stamp, self.state)
            except Exception:  # the database is unreachable: let the endpoint answer (and say so) itself
                stamp = None
        elif path.startswith("/static/") and b"if-none-match" not in headers and b"range" not in headers:
            stamp = self._file_stamp(path)
        if stamp is None:
            await self.app(scope, receive, send)
            return
        key = (path, scope.get("query_string", b""), b"gzip" in headers.get(b"accept-encoding", b""))
        hit = self.entries.get(key)
        if hit is not None and hit.stamp == stamp:
            self.entries.move_to_end(key)
            self.hits += 1
            await send({"type": "http.response.start", "status": hit.status,
                        "headers": [*hit.headers, (b"x-salvo-cache", b"hit")]})
            await send({"type": "http.response.body", "body": hit.body})
            return
        self.misses += 1
        await self._compute(scope, receive, send, key, stamp)

    async def _compute(self, scope: Scope, receive: Receive, send: Send, key: tuple[Any, ...],
                       stamp: tuple[Any, ...]) -> None:
        """Pass the answer through as it is sent, keeping a copy when it is one worth storing."""
        start: Message = {}
        chunks: list[bytes] = []
        size = 0
        keep = True

        async def capture(message: Message) -> None:
            nonlocal start, size, keep
            if message["type"] == "http.response.start":
                start = message
                kind = dict(message.get("headers") or []).get(b"content-type", b"")
                static = stamp[0] == "file"
                keep = message["status"] == 200 and (static or kind.split(b";")[0].strip() in _JSON_TYPES)
                message = {**message, "headers": [*message.get("headers", []), (b"x-salvo-cache", b"miss")]}
            elif message["type"] == "http.response.body" and keep:
                body = message.get("body", b"")
                size += len(body)
                keep = size <= MAX_ENTRY
                if keep:
                    chunks.append(body)
                else:
                    chunks.clear()
                if keep and not message.get("more_body", False):
                    self._store(key, Entry(stamp, start["status"], list(start.get("headers", [])), b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, capture)

    def _file_stamp(self, path: str) -> tuple[Any, ...] | None:
        """A dashboard file's modification time and size (None: not one of its files)."""
        if self.static is None:
            return None
        target = (self.static / path[len("/static/"):]).resolve()
        if not target.is_relative_to(self.static):
            return None
        try:
            info = target.stat()
        except OSError:
            return None
        return ("file", info.st_mtime_ns, info.st_size)

    def _store(self, key: tuple[Any, ...], entry: Entry) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= len(old.body)
        self.entries[key] = entry
        self.size += len(entry.body)
        while self.size > MAX_BYTES and self.entries:
            _, dropped = self.entries.popitem(last=False)
            self.size -= len(dropped.body)
