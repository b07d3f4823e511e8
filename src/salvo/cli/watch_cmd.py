"""``salvo watch``: poll news feeds, fetch new entries' pages, ingest them into the database."""

from __future__ import annotations

import asyncio
import re
from typing import Annotated

import typer

from salvo.cli.app import app

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|)\s*$", re.IGNORECASE)
_UNIT = {"": 1, "s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600}
MIN_EVERY = 60.0  # politeness: no feed is polled more often than once a minute


def parse_every(value: str) -> float:
    """``10m``, ``90s``, ``1h`` or plain seconds."""
    match = _DURATION.match(value)
    if match is None:
        raise typer.BadParameter(f"{value!r} is not a duration like 30s, 10m or 1h", param_hint="--every")
    return float(match.group(1)) * _UNIT[match.group(2).lower()]


def _host_port(value: str) -> str:
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise typer.BadParameter(f"{value!r} is not HOST:PORT", param_hint="--allow-host")
    return value


@app.command("watch")
def watch_command(
    feeds: Annotated[list[str], typer.Argument(help="RSS or Atom feed URLs.", metavar="FEED_URL...")],
    every: Annotated[str, typer.Option("--every", help="Poll interval: 90s, 10m, 1h (at least 1m).")] = "10m",
    once: Annotated[bool, typer.Option("--once", help="Poll every feed once, then exit.")] = False,
    db: Annotated[
        str | None, typer.Option("--db", help="Database URL or SQLite path (default: SALVO_DATABASE_URL).")
    ] = None,
    allow_private_hosts: Annotated[
        bool,
        typer.Option(
            "--allow-private-hosts",
            help="Allow requests to private, loopback and link-local addresses (refused by default).",
        ),
    ] = False,
    allow_host: Annotated[
        list[str] | None,
        typer.Option("--allow-host", help="Allow this one HOST:PORT although it is private (repeatable)."),
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds for one request, body included.")] = 20.0,
    max_bytes: Annotated[int, typer.Option(help="Size cap per response; longer is cut.")] = 5 << 20,
    per_host: Annotated[int, typer.Option(help="Requests in flight to one host.")] = 2,
    host_delay: Annotated[float, typer.Option(help="Seconds between requests to one host.")] = 1.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Poll feeds, fetch and ingest new entries; what was seen is remembered, so a restart fetches
    nothing twice. Each poll cycle is recorded in the database's runs table. With --once the exit
    status is 1 when a feed or an entry was refused or failed."""
    from salvo.errors import WriterBusy
    from salvo.ingest.feeds import Watcher
    from salvo.ingest.fetch import Fetcher, FetchPolicy
    from salvo.ingest.progress import RunCounts, RunProgress, record_run
    from salvo.store import open_store

    interval = parse_every(every)
    if not once and interval < MIN_EVERY:
        raise typer.BadParameter("poll at most once a minute", param_hint="--every")
    policy = FetchPolicy(
        timeout=timeout,
        max_bytes=max_bytes,
        per_host=max(1, per_host),
        host_delay=max(0.0, host_delay),
        allow_private_hosts=allow_private_hosts,
        allowed_hosts=frozenset(_host_port(h) for h in allow_host or []),
    )
    try:
        store = open_store(db)
    except Exception as exc:  # a bad URL or an unreachable server: a message, not a traceback
        typer.echo(f"error: cannot open database {db or '(default)'}: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(2) from None

    async def cycle(fetcher: Fetcher) -> RunCounts:
        counts = RunCounts(kind="watch")
        with RunProgress(counts, enabled=None if not quiet else False) as bar:
            watcher = Watcher(store, fetcher, counts, progress=bar)
            try:
                await watcher.poll_all(feeds)
            except WriterBusy as exc:  # SQLite's one writer is busy: this cycle stores nothing, the next retries
                typer.echo(f"error: {exc}", err=True)
        record_run(store, counts)
        if not quiet:
            typer.echo(counts.summary_text(), err=True)
        return counts

    async def run() -> int:
        async with Fetcher(policy) as fetcher:
            while True:
                started = asyncio.get_running_loop().time()
                counts = await cycle(fetcher)
                if once:  # cron must notice a refused feed or refused entries
                    return counts.errors
                elapsed = asyncio.get_running_loop().time() - started
                await asyncio.sleep(max(0.0, interval - elapsed))

    try:
        errors = asyncio.run(run())
    except KeyboardInterrupt:
        typer.echo("stopped", err=True)
        raise typer.Exit(130) from None
    finally:
        store.close()
    if errors:
        raise typer.Exit(1)
