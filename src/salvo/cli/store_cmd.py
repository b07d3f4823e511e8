"""``salvo ingest``, ``salvo incidents``, ``salvo show``, ``salvo export``: the incident database commands."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from salvo.cli.app import app
from salvo.ingest.errors import InputError
from salvo.model import Article

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (sqlite:///file.db or postgresql://...); default SALVO_DATABASE_URL or sqlite:///salvo.db.",
    ),
]


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _open(db: str | None) -> Any:
    from salvo.store import open_store

    try:
        return open_store(db)
    except Exception as exc:  # a bad URL or unreachable server: a message, not a traceback
        _err(f"error: cannot open database {db or '(default)'}: {type(exc).__name__}: {exc}")
        raise typer.Exit(2) from None


def _date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=name) from None


def _items(inputs: list[str], published: dt.date | None) -> Iterator[Article | InputError]:
    from salvo.ingest.readers import read_inputs

    files: list[str] = []
    for arg in inputs:
        if arg.startswith(("http://", "https://")):
            yield from read_inputs(files, published)
            files = []
            try:
                from salvo.ingest.fetch import fetch_article

                yield fetch_article(arg)
            except Exception as exc:
                yield InputError(arg, None, f"cannot fetch: {type(exc).__name__}: {exc}")
        else:
            files.append(arg)
    yield from read_inputs(files, published)


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (JSONL, text, HTML, WARC) or http(s) URLs.")],
    db: DbOption = None,
    published: Annotated[str | None, typer.Option(help="Publication day for texts without one.")] = None,
    from_extracted: Annotated[
        bool, typer.Option("--from-extracted", help="Inputs are `salvo extract` output lines: store as is.")
    ] = False,
    chunk: Annotated[int, typer.Option(help="Articles per transaction.")] = 50,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Extract and store articles, merging their incidents with those already in the database.

    Re-ingesting the same input changes nothing; a changed text is re-extracted; an interrupted ingest
    resumes where it stopped.
    """
    from salvo.store.ingest import ingest_articles, read_extracted

    store = _open(db)
    items: Any = read_extracted(inputs) if from_extracted else _items(inputs, _date(published, "--published"))
    stats = ingest_articles(store, items, chunk_size=max(1, chunk), on_error=_err)
    if not quiet:
        _err(
            f"read {stats.read}: new {stats.new}, changed {stats.changed}, unchanged {stats.unchanged}, "
            f"duplicates {stats.duplicates}, errors {stats.errors}; mentions stored {stats.mentions}"
        )
    store.close()


def _filter(**kw: Any) -> Any:
    from salvo.store.queries import IncidentFilter

    return IncidentFilter(**kw)


@app.command()
def incidents(
    db: DbOption = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Earliest date, YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Latest date, YYYY-MM-DD.")] = None,
    country: Annotated[str | None, typer.Option(help="IQ, SY or JO.")] = None,
    admin1: Annotated[str | None, typer.Option()] = None,
    place: Annotated[str | None, typer.Option()] = None,
    category: Annotated[str | None, typer.Option(help="attack or strike.")] = None,
    weapon: Annotated[str | None, typer.Option()] = None,
    perpetrator: Annotated[str | None, typer.Option()] = None,
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

    flt = _filter(
        date_from=_date(date_from, "--from"),
        date_to=_date(date_to, "--to"),
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
        out.write(f"  {f:18s} {json.dumps(value, ensure_ascii=False)}{extra}\n")
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
    flt = _filter(
        date_from=_date(date_from, "--from"),
        date_to=_date(date_to, "--to"),
        country=country,
        category=category,
    )
    store = _open(db)
    with store.session() as session:
        n = export(session, fmt, out if out is not None else sys.stdout, flt)
    if out is not None:
        _err(f"wrote {n} rows to {out}")


__all__ = ["export_cmd", "incidents", "ingest", "show"]
