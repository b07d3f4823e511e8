"""``salvo ingest``, ``salvo incidents``, ``salvo show``, ``salvo export``: the incident database commands."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from salvo.cli.app import app
from salvo.errors import InputError
from salvo.model import PROVENANCE_FIELDS, Article

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (sqlite:///file.db or postgresql://...); default SALVO_DATABASE_URL or sqlite:///salvo.db.",
    ),
]


FROM_HELP = "Earliest day, month or year (2024-01-05, 2024-01, 2024)."
TO_HELP = "Latest day, month or year (a month runs to its last day)."
ACTOR_HELP = "Actor by any alias, any case (IRI, 'kataib hezbollah')."


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _open(db: str | None) -> Any:
    from salvo.store import open_store

    try:
        return open_store(db)
    except Exception as exc:  # a bad URL or unreachable server: a message, not a traceback
        _err(f"error: cannot open database {db or '(default)'}: {type(exc).__name__}: {exc}")
        raise typer.Exit(2) from None


def _date(value: str | None, name: str, end: bool = False) -> dt.date | None:
    """A day from ``YYYY-MM-DD``, or from a month or a year: its first day, or its last with ``end``."""
    from salvo.store.queries import period_bounds

    if value is None:
        return None
    try:
        first, last = period_bounds(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=name) from None
    return last if end else first


def _actor(name: str | None) -> str | None:
    """The canonical name of an actor given by any alias, in any case ("kataib hezbollah", "IRI")."""
    if not name:
        return None
    from salvo.extract.actors.lexicon import canonical_actor

    return canonical_actor(name)


def filter_from_options(**options: Any) -> Any:
    """The store's incident filter from the list and stats commands' shared options."""
    options["date_from"] = _date(options.get("date_from"), "--from")
    options["date_to"] = _date(options.get("date_to"), "--to", end=True)
    options["perpetrator"] = _actor(options.get("perpetrator"))
    return _filter(**options)


def _items(
    inputs: list[str],
    published: dt.date | None,
    fetch_options: dict[str, Any],
    on_skip: Callable[[str], None] | None = None,
) -> Iterator[Article | InputError]:
    """Articles from files, folders and URLs in the order given; WARC pages pass the raw pre-filter."""
    from salvo.ingest.prefilter import may_be_relevant_html
    from salvo.ingest.readers import read_inputs

    def files_read(files: list[str]) -> Iterator[Article | InputError]:
        return read_inputs(files, published, raw_filter=may_be_relevant_html, on_skip=on_skip)

    files: list[str] = []
    for arg in inputs:
        if arg.startswith(("http://", "https://")):
            yield from files_read(files)
            files = []
            try:
                from salvo.ingest.fetch import fetch_article

                yield fetch_article(arg, **fetch_options)
            except Exception as exc:
                yield InputError(arg, None, f"cannot fetch: {type(exc).__name__}: {exc}")
        else:
            files.append(arg)
    yield from files_read(files)


def _mark_unsupported(items: Iterable[Article | InputError]) -> Iterator[Article | InputError]:
    """Articles in a language the extractor does not read yet are stored marked, with no incidents."""
    from salvo.ingest.language import is_supported

    for item in items:
        if isinstance(item, Article) and not is_supported(item.language):
            item.extra["not_extracted"] = f"unsupported language: {item.language}"
        yield item


def _dask_items(inputs: list[str], day: Any, scheduler: str | None, workers: int, quiet: bool) -> Iterator[Any]:
    """Extract on Dask into Parquet shards (a temporary folder), then hand the results over in input order;
    retried and failed shards are reported."""
    import tempfile

    from salvo.distributed.engine import run_shards, stored_results

    if any(arg.startswith(("http://", "https://")) for arg in inputs):
        raise typer.BadParameter("URL inputs are fetched by the local engine only", param_hint="--engine")
    with tempfile.TemporaryDirectory(prefix="salvo-shards-") as folder:
        run = run_shards(inputs, Path(folder), scheduler=scheduler, workers=max(1, workers), published=day)
        for key, attempts in sorted(run.retried.items()):
            _err(f"shard {key}: retried, {attempts} attempts; stored once")
        for key, why in sorted(run.failed.items()):
            _err(f"shard {key}: FAILED after retries, not stored: {why}")
        if not quiet:
            _err(
                f"dask: {run.shards} shards, {len(run.reports)} done, "
                f"{len(run.retried)} retried, {len(run.failed)} failed"
            )
        if run.failed:
            yield InputError("dask", None, f"{len(run.failed)} shard(s) failed; re-run the same command to finish")
        yield from stored_results(Path(folder), run)


def _count_extracted(items: Iterable[Any], counts: Any) -> Iterator[Any]:
    """Counts for pre-extracted input (no pre-filter: it was extracted already)."""
    for item in items:
        counts.read += 1
        if isinstance(item, InputError):
            counts.error(str(item))
        else:
            counts.relevant += 1
            counts.incidents += len(item.incidents)
        yield item


def _allowed_host(value: str) -> str:
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise typer.BadParameter(f"{value!r} is not HOST:PORT", param_hint="--allow-host")
    return value


@app.command()
def ingest(
    inputs: Annotated[
        list[str], typer.Argument(help="Files, folders (JSONL, text, HTML, WARC, Telegram export) or http(s) URLs.")
    ],
    db: DbOption = None,
    published: Annotated[str | None, typer.Option(help="Publication day for texts without one.")] = None,
    from_extracted: Annotated[
        bool, typer.Option("--from-extracted", help="Inputs are `salvo extract` output lines: store as is.")
    ] = False,
    chunk: Annotated[int | None, typer.Option(help="Articles per transaction (default 200).")] = None,
    allow_private_hosts: Annotated[
        bool,
        typer.Option("--allow-private-hosts", help="Let URL inputs reach private, loopback and link-local addresses."),
    ] = False,
    allow_host: Annotated[
        list[str] | None,
        typer.Option("--allow-host", help="HOST:PORT a URL input may reach even if private (repeatable)."),
    ] = None,
    engine: Annotated[
        str, typer.Option(help="local (this process) or dask (a Dask cluster: see --scheduler, --workers).")
    ] = "local",
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler, tcp://HOST:PORT (default: a LocalCluster).")
    ] = None,
    workers: Annotated[int, typer.Option(help="Workers of the LocalCluster started without --scheduler.")] = 2,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Extract and store articles, merging their incidents with those already in the database.

    Re-ingesting the same input changes nothing; a changed text is re-extracted; an interrupted ingest
    resumes where it stopped. Pages that cannot hold an incident are dropped by the pre-filter; pages
    in a language not supported yet are stored, marked and counted, not extracted. Each problem is
    reported as FILE:LINE: message; the run's summary is printed and stored in the ``runs`` table.
    """
    from salvo.errors import WriterBusy
    from salvo.ingest.progress import RunCounts, RunProgress, counting_extractor, record_run, screen
    from salvo.store.ingest import CHUNK, ingest_articles, read_extracted

    fetch_options = {
        "allow_private_hosts": allow_private_hosts,
        "allowed_hosts": [_allowed_host(h) for h in allow_host or []],
    }
    day = _date(published, "--published")
    store = _open(db)
    counts = RunCounts(kind="ingest")

    def skipped(reason: str) -> None:
        if reason == "prefilter":  # a page read, and dropped before parsing: it cannot hold an incident
            counts.read += 1
            counts.dropped["raw_prefilter"] += 1
        else:
            counts.skipped[reason] += 1

    with RunProgress(counts, enabled=None if not quiet else False) as progress:
        items: Any
        if engine not in ("local", "dask"):
            raise typer.BadParameter("local or dask", param_hint="--engine")
        if engine == "dask":
            items = _count_extracted(_dask_items(inputs, day, scheduler, workers, quiet), counts)
        elif from_extracted:
            items = _count_extracted(read_extracted(inputs), counts)
        else:
            items = _mark_unsupported(screen(_items(inputs, day, fetch_options, skipped), counts, progress))
        try:
            stats = ingest_articles(
                store,
                items,
                extract=counting_extractor(counts),
                chunk_size=max(1, chunk or CHUNK),
                on_error=_err,
                run_kind=None,
            )
        except WriterBusy as exc:  # SQLite's one writer is busy: say so, store nothing
            _err(f"error: {exc}")
            raise typer.Exit(3) from None
    known = set(counts.error_messages)
    for message in stats.error_messages:  # extraction failures; input errors were counted when read
        if message not in known:
            counts.error(message)
    record_run(store, counts)
    if not quiet:
        _err(
            f"read {stats.read}: new {stats.new}, changed {stats.changed}, unchanged {stats.unchanged}, "
            f"duplicates {stats.duplicates}, errors {stats.errors}; mentions stored {stats.mentions}"
        )
        # errors were printed as they came; the summary repeats only the figures
        _err("\n".join(line for line in counts.summary_text().splitlines() if not line.startswith("  ")))
    store.close()
    if counts.errors or stats.errors:
        raise typer.Exit(1)  # the rest was stored; the status says that something was not


def _filter(**kw: Any) -> Any:
    from salvo.store.queries import IncidentFilter

    return IncidentFilter(**kw)


@app.command()
def incidents(
    db: DbOption = None,
    date_from: Annotated[str | None, typer.Option("--from", help=FROM_HELP)] = None,
    date_to: Annotated[str | None, typer.Option("--to", help=TO_HELP)] = None,
    country: Annotated[str | None, typer.Option(help="IQ, SY or JO.")] = None,
    admin1: Annotated[str | None, typer.Option()] = None,
    place: Annotated[str | None, typer.Option()] = None,
    category: Annotated[str | None, typer.Option(help="attack or strike.")] = None,
    weapon: Annotated[str | None, typer.Option()] = None,
    perpetrator: Annotated[str | None, typer.Option(help=ACTOR_HELP)] = None,
    attribution: Annotated[str | None, typer.Option()] = None,
    min_killed: Annotated[int | None, typer.Option()] = None,
    min_injured: Annotated[int | None, typer.Option()] = None,
    q: Annotated[str | None, typer.Option("--q", "--search", help="Text search.")] = None,
    status: Annotated[str, typer.Option(help="active, rejected, merged or any.")] = "active",
    sort: Annotated[str, typer.Option(help="date, killed, injured, updated, sources; '-' for descending.")] = "-date",
    limit: Annotated[int, typer.Option()] = 50,
    offset: Annotated[int, typer.Option()] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
) -> None:
    """List incidents, filtered."""
    from salvo.store.queries import list_incidents

    flt = filter_from_options(
        date_from=date_from,
        date_to=date_to,
        country=country,
        admin1=admin1,
        place=place,
        category=category,
        weapon=weapon,
        perpetrator=perpetrator,
        attribution=attribution,
        min_killed=min_killed,
        min_injured=min_injured,
        q=q,
        status=status,
    )
    store = _open(db)
    try:
        with store.session() as session:
            rows, _, total = list_incidents(session, flt, sort=sort, limit=limit, offset=offset)
    except ValueError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps({"total": total, "incidents": rows}, ensure_ascii=False, indent=1))
        return
    _table(rows, total)


def _table(rows: list[dict[str, Any]], total: int) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(rows)} of {total} incidents")
    for col in (
        "id",
        "date",
        "category",
        "place",
        "country",
        "weapons",
        "perpetrator",
        "killed",
        "injured",
        "sources",
    ):
        table.add_column(col)
    for r in rows:
        date = r["date"] or "?"
        if r["date_precision"] not in (None, "day"):
            date += f" ({r['date_precision']})"
        table.add_row(
            r["id"],
            date,
            r["category"],
            r["place"] or r["admin1"] or "",
            r["country"] or "",
            ",".join(r["weapons"]),
            r["perpetrator"],
            _n(r["killed"]),
            _n(r["injured"]),
            str(r["n_sources"]),
        )
    Console(width=200).print(table)


def _n(v: Any) -> str:
    return "" if v is None else str(v)


def _quote(source: dict[str, Any], width: int = 100) -> str:
    """The source sentence in quotes, cut to about ``width`` characters around the words that gave the value."""
    sentence, words = source["sentence_text"], source.get("text") or ""
    if len(sentence) <= width:
        return f"'{sentence}'"
    at = max(sentence.find(words), 0)
    lo = max(0, min(at - 30, len(sentence) - width))
    hi = lo + width
    if lo:  # cut at word boundaries
        lo = sentence.find(" ", lo, at) + 1 or lo
    if hi < len(sentence):
        space = sentence.rfind(" ", at + len(words), hi)
        hi = space if space > 0 else hi
    return "'" + ("…" if lo else "") + sentence[lo:hi].strip() + ("…" if hi < len(sentence) else "") + "'"


@app.command()
def show(
    incident_id: Annotated[str, typer.Argument(help="Incident id (inc-...).")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """One incident with its mentions, evidence, sources, reported values and revisions."""
    from salvo.store.queries import get_incident

    store = _open(db)
    with store.session() as session:
        inc = get_incident(session, incident_id)
    if inc is None:
        _err(f"error: no incident {incident_id!r}")
        raise typer.Exit(1)
    if as_json:
        typer.echo(json.dumps(inc, ensure_ascii=False, indent=1))
        return
    out = sys.stdout
    if inc.get("redirected_from"):
        out.write(f"({inc['redirected_from']} was merged into {inc['id']})\n")
    out.write(f"{inc['id']}  [{inc['status']}{', confirmed' if inc['confirmed'] else ''}]\n")
    for f in (
        "category",
        "date",
        "date_precision",
        "place",
        "admin1",
        "country",
        "lat",
        "lon",
        "weapons",
        "projectiles",
        "perpetrator",
        "attribution",
        "target",
        "killed",
        "injured",
        "intercepted",
    ):
        value = inc[f]
        reported = inc["reported_values"].get(f)
        extra = ""
        if reported and len({json.dumps(r["value"]) for r in reported}) > 1:
            extra = "   reported: " + "; ".join(
                f"{json.dumps(r['value'], ensure_ascii=False)} ({r['outlet'] or '?'}, {r['published'] or '?'})"
                for r in reported
            )
        source = inc.get("provenance", {}).get(f) if f in PROVENANCE_FIELDS else None
        said = f"  ← {_quote(source)}" if source else ""
        out.write(f"  {f:18s} {json.dumps(value, ensure_ascii=False)}{extra}{said}\n")
    out.write(f"\nmentions ({len(inc['mentions'])}):\n")
    for m in inc["mentions"]:
        a = m["article"]
        out.write(f"  #{m['mention_id']} {a['outlet'] or '?'} {a['published'] or '?'} {a['url'] or a['source_id']}\n")
        for e in m["evidence"]:
            out.write(f"      > {e}\n")
    if inc["revisions"]:
        out.write("\nrevisions:\n")
        for r in inc["revisions"]:
            out.write(f"  {r['at']} {r['field']}: {json.dumps(r['old'])} -> {json.dumps(r['new'])} ({r['cause']})\n")
    if inc["overrides"]:
        out.write("\nreview:\n")
        for o in inc["overrides"]:
            out.write(f"  {o['at']} {o['action']} by {o['author']}: {o['reason']}\n")


@app.command("export")
def export_cmd(
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, jsonl, geojson, parquet, acled or mentions.")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default: stdout).")] = None,
    db: DbOption = None,
    date_from: Annotated[str | None, typer.Option("--from")] = None,
    date_to: Annotated[str | None, typer.Option("--to")] = None,
    country: Annotated[str | None, typer.Option()] = None,
    category: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Export incidents (or, with ``mentions``, every article's reports with merged incident ids)."""
    from salvo.export import FORMATS, export

    if fmt not in FORMATS:
        raise typer.BadParameter(f"choose from {', '.join(FORMATS)}", param_hint="--format")
    if fmt == "parquet" and out is None:
        raise typer.BadParameter("parquet needs --out FILE", param_hint="--out")
    flt = filter_from_options(
        date_from=date_from,
        date_to=date_to,
        country=country,
        category=category,
    )
    store = _open(db)
    with store.session() as session:
        n = export(session, fmt, out if out is not None else sys.stdout, flt)
    if out is not None:
        _err(f"wrote {n} rows to {out}")


__all__ = ["export_cmd", "incidents", "ingest", "show"]
