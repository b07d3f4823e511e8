"""``salvo reconcile``: Salvo's counts beside published tallies, the difference explained."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from salvo.cli.app import app
from salvo.cli.store_cmd import DbOption, _err, _open

if TYPE_CHECKING:
    from salvo.analysis.reconcile import Reconciliation


@app.command()
def reconcile(
    tallies: Annotated[
        Path | None,
        typer.Argument(help="Tally CSV (as_of,count,qualifier,category,countries,since,counter,source_url,...); "
                       "default: the official counts that ship with Salvo."),
    ] = None,
    db: DbOption = None,
    details: Annotated[bool, typer.Option("--details", help="List the incidents behind each row.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON: every row with its incidents.")] = False,
) -> None:
    """Compare incident counts with published tallies, explaining each difference incident by incident."""
    from salvo.analysis.reconcile import reconcile_all
    from salvo.analysis.tallies import read_tallies, shipped_tallies

    path = tallies or shipped_tallies()
    rows, errors = read_tallies(path)
    for error in errors:
        _err(str(error))
    store = _open(db)
    try:
        with store.session() as session:
            results = reconcile_all(session, rows)
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps([r.to_json() for r in results], ensure_ascii=False, indent=1))
    else:
        _print_table(results, details)
    if errors:
        raise typer.Exit(1)


def _print_table(results: list[Reconciliation], details: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("as of", "scope", "counter", "published", "ours", "possible", "diff", "explanation")
    for r in results:
        t = r.tally
        scope = f"{t.category} {'+'.join(t.countries)} since {t.since or '?'}"
        published = f"{t.count}" if t.qualifier == "exact" else f"{t.count} ({t.qualifier})"
        table.add_row(t.as_of.isoformat(), scope, t.counter, published, str(len(r.counted)), str(len(r.possible)),
                      f"{r.difference:+d}", r.explanation())
    console = Console(width=200)
    console.print(table)
    if details:
        for r in results:
            console.print(f"\n[bold]{r.tally.as_of} {r.tally.counter}[/bold]: {r.explanation()}")
            for c in r.counted:
                console.print(f"  counted   {c.id}  {c.date}  {c.country}  {c.place or ''}")
            for c in r.possible:
                console.print(f"  possible  {c.id}  {c.date or '-'}  {c.country or '-'}  {c.place or ''}  ({c.reason})")
