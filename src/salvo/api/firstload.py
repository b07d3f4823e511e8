"""The dashboard's first requests: answered before anyone asks, and announced in the page itself.

A first visit waits on six API and data requests that the script sends only once it has been downloaded,
parsed and run, and on the timeline's counts, which it asks for only after the filter vocabularies
(``/api/meta``) came back. Two server-side measures take that wait off the first render:

- ``warm``: when ``salvo serve`` starts, each worker loads its index and computes these answers into the
  response cache (``salvo.api.cache``), so the first visitor is served stored bytes;
- ``preload_links``: the page's head names them as ``<link rel="preload" as="fetch">`` (after a preload of
  its script, so the script is asked for first), so the browser fetches them while it is still loading
  and running the script, and the script's own requests find them.

The URLs are those ``web/src`` builds for the unfiltered dashboard (``table.js``, ``map.js``,
``timeline.js``, ``main.js``); if the script's change, a preload goes unused (the browser warns and asks
again) and nothing breaks. ``salvo.devtools.api_latency --render`` reports preloads the page did not use.
"""

from __future__ import annotations

import datetime as dt
import gzip
import html
import json
import logging
from typing import Any

log = logging.getLogger(__name__)

#: Requests of every dashboard page, whatever its filters: the filter vocabularies (which the timeline
#: waits for) and the map's labels.
FILTER_FREE = ("/api/meta", "/api/places")
#: The table's first page and the map's points of the unfiltered dashboard.
UNFILTERED = (
    "/api/incidents?sort=-date&limit=50&offset=0",
    "/api/incidents?format=geojson&limit=3000&sort=-date&has_coords=true&properties=minimal",
)


def timeline_url(meta: dict[str, Any]) -> str | None:
    """The timeline's counts over the whole record, as ``timeline.js`` asks for them (bins by span)."""
    lo, hi = meta.get("date_min"), meta.get("date_max")
    if not lo or not hi:
        return None
    days = (dt.date.fromisoformat(hi) - dt.date.fromisoformat(lo)).days + 1
    interval = "day" if days <= 124 else "week" if days <= 3 * 366 else "month"
    return f"/api/stats?date_from={lo}&date_to={hi}&interval={interval}&split=category"


def first_requests(meta: dict[str, Any] | None, filtered: bool) -> list[str]:
    """The API requests a dashboard page sends first; ``filtered``: its URL carries filters (then only the
    filter-free ones are known in advance)."""
    urls = list(FILTER_FREE)
    if not filtered:
        urls += UNFILTERED
        timeline = timeline_url(meta) if meta else None
        if timeline:
            urls.append(timeline)
    return urls


def preloaded(meta: dict[str, Any] | None, filtered: bool) -> list[str]:
    """Those worth announcing: the ones the first render waits on (the labels come later anyway). Fewer is
    better: over HTTP/1.1 the browser opens six connections, and the script must not queue behind data."""
    return [u for u in first_requests(meta, filtered) if u != "/api/places"]


def preload_links(urls: list[str]) -> bytes:
    return "".join(
        f'<link rel="preload" as="fetch" crossorigin="anonymous" href="{html.escape(u)}">\n' for u in urls
    ).encode()


async def asgi_get(app: Any, url: str) -> tuple[int, bytes]:
    """GET ``url`` through the application itself (its middleware included), as a browser would ask."""
    path, _, query = url.partition("?")
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": query.encode(), "root_path": "",
        "headers": [(b"host", b"localhost"), (b"accept", b"application/json"),
                    (b"accept-encoding", b"gzip, deflate, br")],
        "client": ("127.0.0.1", 0), "server": ("127.0.0.1", 80),
    }
    status, gzipped, parts = 0, False, []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        nonlocal status, gzipped
        if message["type"] == "http.response.start":
            status = message["status"]
            gzipped = (b"content-encoding", b"gzip") in list(message.get("headers") or [])
        elif message["type"] == "http.response.body":
            parts.append(message.get("body", b""))

    await app(scope, receive, send)
    body = b"".join(parts)
    return status, gzip.decompress(body) if gzipped and body else body


async def warm(app: Any) -> None:
    """Compute the unfiltered dashboard's first answers into the response cache (index loaded on the way)."""
    try:
        status, body = await asgi_get(app, "/api/meta")
        meta = json.loads(body) if status == 200 else None
        app.state.first_meta = meta
        for url in first_requests(meta, filtered=False):
            if url.startswith("/api/") and url != "/api/meta":
                await asgi_get(app, url)
    except Exception as exc:  # warming is an optimisation: a failure is the first request's to report
        log.warning("salvo serve: warming the first answers failed: %s", exc)
