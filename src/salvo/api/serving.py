"""How ``salvo serve`` runs uvicorn: workers, and timeouts that free the connections of slow or idle clients.

uvicorn times out an idle kept-alive connection, but not one that connects and sends nothing or drips its
headers: a thousand such clients held a thousand descriptors. ``HeaderTimeoutProtocol`` closes a
connection whose request headers are not complete within ``HEADER_TIMEOUT`` seconds of its opening or of
its previous response.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

#: Seconds a client has to send a request's headers (from connecting, or from the previous response).
HEADER_TIMEOUT = float(os.environ.get("SALVO_HEADER_TIMEOUT", "10"))
#: Seconds an idle kept-alive connection stays open.
KEEP_ALIVE_TIMEOUT = 5


class HeaderTimeoutProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a deadline on request headers."""

    _header_timer: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(HEADER_TIMEOUT, self._too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _too_slow(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._header_timer is None:
            self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request's headers, on a kept-alive connection


def uvicorn_options(workers: int) -> dict[str, Any]:
    """The options ``salvo serve`` gives uvicorn (besides the app, host and port)."""
    return {
        "workers": workers,
        "http": f"{__name__}:HeaderTimeoutProtocol",
        "timeout_keep_alive": KEEP_ALIVE_TIMEOUT,
        "timeout_graceful_shutdown": 10,
        "access_log": False,
        "proxy_headers": True,
    }
