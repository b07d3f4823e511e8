"""The FastAPI application: JSON API under ``/api``, the dashboard at ``/``.

``create_app`` takes its database and token explicitly (tests, ``salvo serve``)
and falls back to ``salvo.settings``. Review endpoints stay read-only unless
the operator sets a token.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import event

from salvo.settings import get_settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Everything the page loads comes from this server; the optional online tile
# layer is the one exception, and only for images.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: https://tile.openstreetmap.org; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# Swagger UI at /docs starts with an inline script (and, when the dashboard is not built, loads
# its assets from a CDN), so it gets a looser policy than the dashboard.
DOCS_CSP = "default-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fastapi.tiangolo.com data:"

DOCS_CSP += "; frame-ancestors 'none'"

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    # nothing here needs a camera, a microphone, the position or payments
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"),
]
#: The largest request body accepted: a review action's JSON is a few hundred bytes.
MAX_BODY = 64 * 1024
_READS = frozenset({"GET", "HEAD", "OPTIONS"})


async def _refuse(send: Send, status: int, detail: str, extra: Sequence[tuple[bytes, bytes]] = ()) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodyGuard:
    """Write requests to the API: the token is checked before a byte of the body is read, and a body over
    ``MAX_BODY`` is refused (413) before it is parsed, so an unauthenticated or huge POST costs no memory.
    The routes check the token again (``require_token``)."""

    def __init__(self, app: ASGIApp, state: Any) -> None:
        self.app, self.state = app, state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in _READS or not scope.get("path", "").startswith("/api/"):
            await self.app(scope, receive, send)
            return
        from salvo.api.routes_review import token_refusal

        headers = dict(scope.get("headers") or [])
        refusal = token_refusal(self.state.api_token, headers.get(b"authorization", b"").decode("latin-1"))
        if refusal is not None:
            status, detail = refusal
            extra = [(b"www-authenticate", b"Bearer")] if status == 401 else []
            await _refuse(send, status, detail, extra)
            return
        declared = headers.get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > MAX_BODY:
            await _refuse(send, 413, f"request body over {MAX_BODY} bytes")
            return
        body, more = b"", True
        while more:  # a body without a length (chunked) is read up to the limit only
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > MAX_BODY:
                await _refuse(send, 413, f"request body over {MAX_BODY} bytes")
                return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


class SecurityHeaders:
    """Adds CSP and friends to every response (plain ASGI: no per-request overhead to speak of)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        csp = DOCS_CSP if path.startswith("/docs") or path.startswith("/redoc") else CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"content-security-policy", csp.encode()))
                headers.extend(SECURITY_HEADERS)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _sqlite_read_tuning(dbapi_connection: Any, _record: Any) -> None:
    """A bigger page cache and memory-mapped reads: the API reads far more than it writes."""
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA cache_size=-65536")
    cur.execute("PRAGMA mmap_size=268435456")
    cur.close()


def static_dir() -> Path:
    """Where ``npm run build`` put the dashboard (package data)."""
    return Path(__file__).resolve().parent.parent / "web" / "static"


@asynccontextmanager
async def _warming(app: FastAPI) -> AsyncIterator[None]:
    """With ``warm``: compute the dashboard's first answers in the background once the server is up."""
    task = None
    if app.state.warm:
        from salvo.api.firstload import warm

        task = asyncio.create_task(warm(app))
    yield
    if task is not None and not task.done():
        task.cancel()


class _Page:
    """index.html with the first requests' preload links in its head (re-read when the build changes).

    The links must be in the head: the browser matches a fetch to a preload only once the parser has met
    the link, and the script at the end of the body runs before the parser gets past it. The page's own
    scripts are announced first, so the data does not take the connections the script needs.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: float | None = None
        self._head: bytes = b""
        self._tail: bytes = b""

    def render(self, preloads: bytes) -> bytes:
        stamp = self.path.stat().st_mtime
        if stamp != self._stamp:
            raw = self.path.read_bytes()
            cut = raw.find(b"</head>")
            self._head, self._tail = (raw[:cut], raw[cut:]) if cut >= 0 else (raw, b"")
            scripts = re.findall(rb'<script src="(/static/[^"]+)"', raw)
            self._head += b"".join(b'<link rel="preload" as="script" href="%s">\n' % src for src in scripts)
            self._stamp = stamp
        return self._head + preloads + self._tail


def _flag(value: bool | None, env: str, default: str) -> bool:
    if value is not None:
        return value
    return os.environ.get(env, default).strip().lower() not in ("0", "false", "no", "off", "")


def create_app(
    database_url: str | None = None,
    api_token: str | None = None,
    store: Any = None,
    use_index: bool = True,
    response_cache: bool | None = None,
    warm: bool | None = None,
) -> FastAPI:
    """Build the application; ``store`` may be an already opened ``salvo.store.Store``.

    ``use_index`` keeps an in-memory columnar copy of the filter columns (``salvo.api.index``)
    for fast lists and stats; without it every request is answered by SQL alone. ``response_cache``
    (default on, ``SALVO_RESPONSE_CACHE``) keeps finished read answers per query and data version
    (``salvo.api.cache``); ``warm`` (default off, ``SALVO_WARM``; ``salvo serve`` turns it on) computes
    the dashboard's first answers at start-up (``salvo.api.firstload``).
    """
    from salvo.api.routes_analysis import router as analysis_router
    from salvo.api.routes_export import router as export_router
    from salvo.api.routes_read import router as read_router
    from salvo.api.routes_review import router as review_router

    settings = get_settings()
    static = static_dir()
    local_docs = (static / "docs" / "swagger-ui-bundle.js").is_file()
    app = FastAPI(
        docs_url=None if local_docs else "/docs",
        redoc_url=None,
        title="Salvo API",
        version="0.1.0",
        lifespan=_warming,
        description=(
            "Incidents (attacks on US and coalition forces in Iraq, Syria and Jordan, and the strikes in "
            "response) with the reports, evidence and revisions behind every value. Read-only unless the "
            "operator sets SALVO_API_TOKEN; review actions then need `Authorization: Bearer <token>`."
        ),
    )
    if store is None:
        from salvo.store import open_store

        store = open_store(database_url or settings.database_url)
    app.state.store = store
    app.state.warm = _flag(warm, "SALVO_WARM", "0")
    app.state.first_meta = None
    if getattr(store, "is_sqlite", False):
        event.listen(store.engine, "connect", _sqlite_read_tuning)
        store.engine.dispose()  # reconnect with the tuning applied
    app.state.index = None
    if use_index:
        from salvo.api.index import IncidentIndex

        app.state.index = IncidentIndex(sessions=store.session)
    token = api_token if api_token is not None else settings.api_token
    app.state.api_token = token or None
    app.include_router(read_router)
    app.include_router(review_router)
    app.include_router(analysis_router)
    app.include_router(export_router)

    index = static / "index.html"
    if local_docs:

        def docs() -> Response:
            """Swagger UI from the package's own files (no CDN)."""
            return get_swagger_ui_html(
                openapi_url="/openapi.json",
                title="Salvo API",
                swagger_js_url="/static/docs/swagger-ui-bundle.js",
                swagger_css_url="/static/docs/swagger-ui.css",
                swagger_favicon_url="/static/docs/favicon-32x32.png",
            )

        app.add_api_route("/docs", docs, include_in_schema=False)
    if index.is_file():
        app.mount("/static", StaticFiles(directory=static), name="static")

    page = _Page(index)

    def dashboard(request: Request) -> Response:
        if not index.is_file():
            return PlainTextResponse(
                "The dashboard is not built: run `npm ci && npm run build` at the repository root. "
                "The API is at /api and its documentation at /docs.",
                status_code=503,
            )
        from salvo.api.firstload import preload_links, preloaded

        urls = preloaded(app.state.first_meta, filtered=bool(request.url.query))
        body = page.render(preload_links(urls))
        return Response(body, media_type="text/html; charset=utf-8", headers={"cache-control": "no-cache"})

    app.add_api_route("/", dashboard, include_in_schema=False)
    app.add_api_route("/incidents/{incident_id}", dashboard, include_in_schema=False)
    app.add_api_route("/articles/{article_id}", dashboard, include_in_schema=False)
    app.add_api_route("/views/{view}", dashboard, include_in_schema=False)
    app.add_middleware(BodyGuard, state=app.state)
    # lists and outlines compress 3-15x; level 6 costs half the CPU of level 9 for answers up to 10% larger
    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=6)
    from salvo.api.cache import ResponseCache

    # outside gzip: a stored answer is replayed already compressed
    cache_on = _flag(response_cache, "SALVO_RESPONSE_CACHE", "1")
    app.add_middleware(ResponseCache, state=app.state, enabled=cache_on, static=static if index.is_file() else None)
    app.add_middleware(SecurityHeaders)
    return app
