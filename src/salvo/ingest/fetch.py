"""Safe, polite HTTP for pages and feeds.

Polite: a clear User-Agent, conditional GET (ETag, Last-Modified), a total
deadline per attempt, retries with exponential backoff (honouring Retry-After),
at most a few requests in flight per host with a pause between them.

Safe: a response is cut at a size cap (and the cut is reported), and no request
reaches a private, loopback, link-local or otherwise non-public address unless
the operator allows it. The check sits in the connection layer, on the very
address the socket connects to after DNS resolution, so it holds for every
redirect hop and against DNS answers that change between check and connect.
An allowance is either all private addresses (``allow_private_hosts``) or an
explicit list of ``host:port`` pairs (``allowed_hosts``), such as one test
server on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import ipaddress
import random
import socket
import time
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from salvo.errors import BlockedAddress, FetchError
from salvo.ingest.html import article_from_html
from salvo.model import Article
from salvo.settings import get_settings

_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class FetchPolicy:
    """How politely and how safely to fetch; the defaults suit news sites."""

    timeout: float = 20.0  # seconds for one attempt, headers and body together
    connect_timeout: float = 5.0
    max_bytes: int = 5 * 1024 * 1024
    retries: int = 2
    backoff: float = 1.0  # first pause; doubled each retry, with jitter
    max_backoff: float = 60.0
    max_redirects: int = 5
    per_host: int = 2  # requests in flight to one host
    total: int = 8  # requests in flight overall
    host_delay: float = 1.0  # seconds between request starts to one host
    user_agent: str = field(default_factory=lambda: get_settings().user_agent)
    allow_private_hosts: bool = False
    allowed_hosts: frozenset[str] = frozenset()  # "host:port" pairs allowed although private


@dataclass
class FetchResult:
    """One completed exchange, after redirects."""

    url: str  # the final URL
    status: int
    body: bytes
    headers: httpx.Headers
    truncated: bool = False
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


# --- the address guard ---------------------------------------------------------------------


def is_public_address(address: str) -> bool:
    """Whether an IP address is on the public internet (not private, loopback, link-local...)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            ip = embedded
    return ip.is_global and not ip.is_multicast


_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries, where a router would reach it: mapped (``::ffff:a.b.c.d``),
    IPv4-compatible (``::a.b.c.d``), NAT64 (``64:ff9b::a.b.c.d``), 6to4 (``2002:AABB:CCDD::``). A local-use
    NAT64 address carries one we cannot know, so it counts as loopback."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _IPV4_COMPATIBLE and int(ip) > 1:  # "::" and "::1" are themselves
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in _NAT64_LOCAL:
        return ipaddress.IPv4Address("127.0.0.1")
    return ip.sixtofour


def _host_port(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _allowed(policy: FetchPolicy, host: str, address: str, port: int) -> bool:
    if policy.allow_private_hosts or is_public_address(address):
        return True
    return _host_port(host, port) in policy.allowed_hosts or _host_port(address, port) in policy.allowed_hosts


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves the host itself, refuses disallowed addresses, connects to a vetted one."""

    def __init__(self, policy: FetchPolicy) -> None:
        self._policy = policy
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await _resolve(host, port)
        if not addresses:
            raise FetchError(host, "dns", f"cannot resolve host {host}")
        for address in addresses:  # one refused address refuses the host: no mixed answers
            if not _allowed(self._policy, host, address, port):
                raise BlockedAddress(
                    _host_port(host, port),
                    "blocked",
                    f"refused: {host} resolves to non-public address {address} "
                    "(use --allow-private-hosts or allow this host:port)",
                )
        last: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[typing.Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise FetchError(path, "blocked", "unix sockets are never fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


async def _resolve(host: str, port: int) -> list[str]:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
        return [host]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return []
    seen: list[str] = []
    for info in infos:
        address = str(info[4][0])
        if address not in seen:
            seen.append(address)
    return seen


class _GuardedTransport(httpx.AsyncHTTPTransport):
    def __init__(self, policy: FetchPolicy) -> None:
        super().__init__(trust_env=False)
        # httpx offers no public hook for the network backend; the pool is rebuilt with ours.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=policy.total,
            max_keepalive_connections=policy.total,
            keepalive_expiry=5.0,
            network_backend=_GuardedBackend(policy),
        )


# --- the fetcher ---------------------------------------------------------------------------


def _check_url(url: str, policy: FetchPolicy) -> None:
    """Refuse what the connection layer would refuse, before any I/O, with a clear message."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "bad_url", "only http and https URLs are fetched")
    host = parts.hostname
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError(url, "bad_url", f"bad port: {exc}") from None
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return  # a name: checked after resolution, in the connection layer
    if not _allowed(policy, host, host, port):
        raise BlockedAddress(
            url,
            "blocked",
            f"refused: {host} is a non-public address (use --allow-private-hosts or allow this host:port)",
        )


def _retry_after(headers: httpx.Headers) -> float | None:
    value = headers.get("retry-after")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class Fetcher:
    """An HTTP client for one run: shared connections, per-host limits, the guard."""

    def __init__(self, policy: FetchPolicy | None = None) -> None:
        self.policy = policy or FetchPolicy()
        p = self.policy
        self._client = httpx.AsyncClient(
            transport=_GuardedTransport(p),
            follow_redirects=False,
            timeout=httpx.Timeout(p.timeout, connect=p.connect_timeout),
            headers={"User-Agent": p.user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
        )
        self._total = asyncio.Semaphore(p.total)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._last_start: dict[str, float] = {}

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
    ) -> FetchResult:
        """GET with redirects, retries and conditional headers; raises ``FetchError``."""
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        redirects: list[str] = []
        current = url
        for _ in range(self.policy.max_redirects + 1):
            try:
                _check_url(current, self.policy)
                result = await self._get_with_retries(current, headers)
            except (httpx.InvalidURL, UnicodeError, ValueError) as exc:  # "0177.0.0.1", a 64-letter label, "[::1"
                raise FetchError(current, "bad_url", f"not a usable URL: {type(exc).__name__}: {exc}") from None
            if result.status in _REDIRECT_STATUS and "location" in result.headers:
                redirects.append(current)
                current = urljoin(current, result.headers["location"])
                continue
            result.redirects = redirects
            return result
        raise FetchError(url, "redirects", f"more than {self.policy.max_redirects} redirects")

    async def _get_with_retries(self, url: str, headers: dict[str, str]) -> FetchResult:
        p = self.policy
        attempt = 0
        while True:
            pause: float | None = None
            try:
                result = await self._get_once(url, headers)
                if result.status not in _RETRY_STATUS or attempt >= p.retries:
                    return result
                pause = _retry_after(result.headers)
            except BlockedAddress:
                raise
            except FetchError as exc:
                if attempt >= p.retries or exc.reason not in ("timeout", "network"):
                    raise
            wait = min(p.max_backoff, pause if pause is not None else p.backoff * 2**attempt)
            await asyncio.sleep(wait * (1 + random.random() * 0.25) if pause is None else wait)
            attempt += 1

    async def _get_once(self, url: str, headers: dict[str, str]) -> FetchResult:
        host = urlsplit(url).hostname or ""
        semaphore = self._hosts.setdefault(host, asyncio.Semaphore(self.policy.per_host))
        async with self._total, semaphore:
            # Reserve this request's start before sleeping, so concurrent requests queue up.
            now = time.monotonic()
            start = max(now, self._last_start.get(host, -1e9) + self.policy.host_delay)
            self._last_start[host] = start
            if start > now:
                await asyncio.sleep(start - now)
            try:
                async with asyncio.timeout(self.policy.timeout):
                    return await self._exchange(url, headers)
            except TimeoutError:
                message = f"no complete response within {self.policy.timeout:g}s"
                raise FetchError(url, "timeout", message) from None
            except httpx.TimeoutException:
                raise FetchError(url, "timeout", "timed out") from None
            except httpx.TransportError as exc:
                raise FetchError(url, "network", f"{type(exc).__name__}: {exc}") from None

    async def _exchange(self, url: str, headers: dict[str, str]) -> FetchResult:
        cap = self.policy.max_bytes
        async with self._client.stream("GET", url, headers=headers) as response:
            chunks: list[bytes] = []
            size = 0
            truncated = False
            if response.status_code not in _REDIRECT_STATUS and response.status_code != 304:
                async for chunk in response.aiter_bytes():
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > cap:
                        truncated = True
                        break
            body = b"".join(chunks)[:cap]
            return FetchResult(
                url=str(response.url), status=response.status_code, body=body,
                headers=response.headers, truncated=truncated,
            )


# --- pages ---------------------------------------------------------------------------------


def article_from_result(result: FetchResult, requested: str) -> Article:
    """The article in a fetched page; raises ``FetchError`` when it is not a readable page."""
    if result.status != 200:
        raise FetchError(requested, f"http_{result.status}", f"HTTP {result.status}")
    if result.content_type and result.content_type not in _HTML_TYPES:
        raise FetchError(requested, "not_html", f"not an HTML page ({result.content_type})")
    html: str | bytes = result.body
    if result.charset:
        try:
            html = result.body.decode(result.charset, errors="replace")
        except LookupError:
            pass
    try:
        article = article_from_html(html, url=result.url, source=requested)
    except ValueError as exc:
        raise FetchError(requested, "no_text", str(exc)) from None
    if result.truncated:
        article.extra["truncated"] = True
    return article


async def afetch_article(url: str, fetcher: Fetcher) -> Article:
    """Fetch one page with a shared fetcher and read its article."""
    result = await fetcher.get(url, accept="text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
    return article_from_result(result, url)


def fetch_article(
    url: str,
    *,
    allow_private_hosts: bool = False,
    allowed_hosts: Iterable[str] = (),
    policy: FetchPolicy | None = None,
) -> Article:
    """Fetch one page and read its article; raises ``FetchError`` (``BlockedAddress`` when refused)."""
    base = policy or FetchPolicy()
    base = FetchPolicy(
        **{
            **base.__dict__,
            "allow_private_hosts": allow_private_hosts or base.allow_private_hosts,
            "allowed_hosts": base.allowed_hosts | frozenset(allowed_hosts),
        }
    )

    async def run() -> Article:
        async with Fetcher(base) as fetcher:
            return await afetch_article(url, fetcher)

    return asyncio.run(run())
