"""``salvo stats`` and ``salvo reconcile``: counts over time, and counts beside published tallies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from salvo.cli.app import app
from salvo.cli.store_cmd import ACTOR_HELP, FROM_HELP, TO_HELP, DbOption, _err, _open, filter_from_options

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
            results = reconcile_all(session, rows, details=details or as_json)
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
        table.add_row(t.as_of.isoformat(), scope, t.counter, published, str(r.ours), str(r.possible),
                      f"{r.difference:+d}", r.explanation())
    console = Console(width=200)
    console.print(table)
    if details:
        for r in results:
            console.print(f"\n[bold]{r.tally.as_of} {r.tally.counter}[/bold]: {r.explanation()}")
            for c in r.counted or []:
                console.print(f"  counted   {c.id}  {c.date}  {c.country}  {c.place or ''}")
            for c in r.possible_incidents or []:
                console.print(f"  possible  {c.id}  {c.date or '-'}  {c.country or '-'}  {c.place or ''}  ({c.reason})")


Opt = typer.Option


@app.command()
def stats(
    db: DbOption = None,
    interval: Annotated[str, Opt(help="day, week or month.")] = "month",
    by: Annotated[str | None, Opt("--by", help="Split by category, weapon, perpetrator or country.")] = None,
    rolling: Annotated[int, Opt(help="Rolling mean over this many periods (0: none).")] = 3,
    date_from: Annotated[str | None, Opt("--from", help=FROM_HELP)] = None,
    date_to: Annotated[str | None, Opt("--to", help=TO_HELP)] = None,
    country: Annotated[str | None, Opt(help="IQ, SY or JO.")] = None,
    admin1: Annotated[str | None, Opt()] = None,
    place: Annotated[str | None, Opt()] = None,
    category: Annotated[str | None, Opt(help="attack or strike.")] = None,
    weapon: Annotated[str | None, Opt()] = None,
    perpetrator: Annotated[str | None, Opt(help=ACTOR_HELP)] = None,
    attribution: Annotated[str | None, Opt()] = None,
    q: Annotated[str | None, Opt("--q", "--search", help="Text search.")] = None,
    as_json: Annotated[bool, Opt("--json", help="JSON instead of a table.")] = False,
) -> None:
    """Count incidents per day, week or month (any filter of `salvo incidents`), undated ones counted apart."""
    from salvo.analysis.counts import count_incidents

    if interval not in ("day", "week", "month"):
        raise typer.BadParameter("choose day, week or month", param_hint="--interval")
    if by not in (None, "category", "weapon", "perpetrator", "country"):
        raise typer.BadParameter("choose category, weapon, perpetrator or country", param_hint="--by")
    options: dict[str, Any] = dict(date_from=date_from, date_to=date_to, country=country, admin1=admin1,
                                   place=place, category=category, weapon=weapon, perpetrator=perpetrator,
                                   attribution=attribution, q=q)
    flt = filter_from_options(**options)
    store = _open(db)
    try:
        with store.session() as session:
            result = count_incidents(session, flt, interval, by, rolling)  # type: ignore[arg-type]
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=1))
        return
    _print_counts(result)


def _print_counts(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    split = result["split"]
    title = f"dated incidents per {result['interval']}" + (f" ({result['total']})" if result["total"] else "")
    table = Table("period", *([split] if split else []), "incidents", "rolling mean", "killed", "injured", title=title)
    for row in result["rows"]:
        mean = row.get("rolling_mean")
        table.add_row(row["period"], *([str(row["key"])] if split else []), str(row["incidents"]),
                      "" if mean is None else f"{mean:.1f}", str(row["killed"]), str(row["injured"]))
    console = Console(width=160)
    console.print(table)
    console.print(f"undated (not in any period above): {result['undated']}")
    if result["rows"]:
        console.print(f"list them: salvo incidents {result['rows'][0]['list_cli']}  (one period shown)")



@app.command()
def cycles(
    db: DbOption = None,
    date_from: Annotated[str | None, Opt("--from", help=FROM_HELP)] = None,
    date_to: Annotated[str | None, Opt("--to", help=TO_HELP)] = None,
    country: Annotated[str | None, Opt(help="Strikes in IQ, SY or JO.")] = None,
    window: Annotated[int, Opt(help="Days before a strike in which an attack is linked by time alone.")] = 7,
    reported: Annotated[int, Opt(help="Days before a strike in which a report may name the attack answered.")] = 60,
    rate_days: Annotated[int, Opt("--rate-days", help="Days before and after each strike for the attack rate.")] = 14,
    as_json: Annotated[bool, Opt("--json", help="JSON instead of text.")] = False,
) -> None:
    """Each strike with the attacks it answered (by the reporting or by the time window) and attack rates around it."""
    from salvo.analysis.cycles import attack_response_cycles

    flt = filter_from_options(date_from=date_from, date_to=date_to, country=country)
    store = _open(db)
    try:
        with store.session() as session:
            found = [c.to_json() for c in attack_response_cycles(session, flt, window, reported, rate_days)]
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps(found, ensure_ascii=False, indent=1))
        return
    for c in found:
        before, after = c["before"], c["after"]
        typer.echo(f"{c['date']}  strike {c['strike_id']}  {c['place'] or c['country'] or '?'}  attacks/day "
                   f"{before['per_day']} before, {after['per_day']} after ({rate_days} days each)")
        for link in c["links"]:
            why = f"reported: {link['evidence']}" if link["basis"] == "reporting" else "time window"
            typer.echo(f"    answers {link['attack_id']} {link['attack_date']} {link['place'] or ''}, "
                       f"{link['lag_days']} days earlier ({why})")
    if not found:
        typer.echo("no dated strikes match")


@app.command()
def changes(
    since: Annotated[str, Opt("--since", help="A day (YYYY-MM-DD), a date-time, or a run (run:N, in `runs`).")],
    db: DbOption = None,
    as_json: Annotated[bool, Opt("--json", help="JSON instead of text.")] = False,
) -> None:
    """What changed since a day or a run: new incidents, revised values, merges, splits, analyst actions."""
    from salvo.analysis.changes import changes_since

    store = _open(db)
    try:
        with store.session() as session:
            found = changes_since(session, since)
    except ValueError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from None
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps(found, ensure_ascii=False, indent=1, default=str))
        return
    typer.echo(f"since {found['since']}:")
    totals = found["totals"]
    typer.echo(f"  {totals['new_incidents']} new incidents" + _shown(found, "new_incidents"))
    for inc in found["new_incidents"]:
        where = inc["place"] or inc["country"] or ""
        typer.echo(f"    + {inc['id']} {inc['category']} {inc['date'] or 'undated'} {where}")
    typer.echo(f"  {totals['revised_values']} revised values" + _shown(found, "revised_values"))
    for rev in found["revised_values"]:
        src = rev["source"]
        by = src.get("outlet") or src.get("article_url") or src.get("author") or src["cause"]
        change = f"{rev['old']!r} -> {rev['new']!r}"
        typer.echo(f"    ~ {rev['incident_id']} {rev['field']}: {change} ({src['cause']}: {by})")
    typer.echo(f"  {len(found['merges'])} merges, {len(found['splits'])} splits")
    for m in found["merges"]:
        by = f" by {m['author']}: {m['reason']}" if m["by"] == "analyst" else " (pipeline)"
        typer.echo(f"    = {m['incident_id']} merged into {m['merged_into']}{by}")
    for sp in found["splits"]:
        typer.echo(f"    < mention {sp['mention_id']} split from {sp['incident_id']} into {sp['new_incident_id']}")
    typer.echo(f"  {len(found['analyst_actions'])} analyst actions")
    for a in found["analyst_actions"]:
        typer.echo(f"    ! {a['action']} {a['incident_id']} by {a['author']}: {a['reason']}")


def _shown(found: dict[str, Any], section: str) -> str:
    listed, total = len(found[section]), found["totals"][section]
    return f" (the first {listed} listed; --json for all up to the limit)" if listed < total else ""


@app.command()
def claims(
    db: DbOption = None,
    date_from: Annotated[str | None, Opt("--from", help=FROM_HELP)] = None,
    date_to: Annotated[str | None, Opt("--to", help=TO_HELP)] = None,
    country: Annotated[str | None, Opt(help="IQ, SY or JO.")] = None,
    perpetrator: Annotated[str | None, Opt(help=ACTOR_HELP)] = None,
    as_json: Annotated[bool, Opt("--json", help="JSON instead of text.")] = False,
) -> None:
    """Claims over time: per attack the first report, claim and accusation with the days between; shares claimed."""
    from salvo.analysis.claims import claim_shares, incident_timelines

    flt = filter_from_options(date_from=date_from, date_to=date_to, country=country, perpetrator=perpetrator,
                              category="attack")
    store = _open(db)
    try:
        with store.session() as session:
            found: dict[str, Any] = {"timelines": incident_timelines(session, flt),
                                     "shares": claim_shares(session, flt)}
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps(found, ensure_ascii=False, indent=1))
        return
    shares = found["shares"]
    typer.echo(f"{shares['claimed']} of {shares['incidents']} attacks claimed ({shares['share'] or 0:.0%})")
    for g in shares["by_group"]:
        typer.echo(f"  {g['group']}: {g['claimed']}")
    for t in found["timelines"]:
        claim = f"claimed +{t['days_to_claim']}d by {t['claimant']}" if t["claim"] else "no claim"
        blame = f"accused +{t['days_to_accusation']}d: {t['accused']}" if t["accusation"] else "no accusation"
        typer.echo(f"{t['incident_id']}  first reported {t['first_report']}  {claim}  {blame}")


@app.command()
def report(
    date_from: Annotated[str, Opt("--from", help=FROM_HELP)],
    date_to: Annotated[str, Opt("--to", help=TO_HELP)],
    fmt: Annotated[str, Opt("--format", "-f", help="md, html or pdf.")] = "html",
    out: Annotated[Path | None, Opt("--out", "-o", help="Output file (default: briefing-FROM-TO.FORMAT).")] = None,
    db: DbOption = None,
) -> None:
    """Write a dated briefing: headline figures, tempo chart, map, incidents, notable ones with citations,
    the period's attack–response cycles and the reconciliation with published tallies."""
    from salvo.analysis.briefing import build_briefing
    from salvo.analysis.briefing_render import FORMATS, render

    if fmt not in FORMATS:
        raise typer.BadParameter(f"choose {', '.join(FORMATS)}", param_hint="--format")
    flt = filter_from_options(date_from=date_from, date_to=date_to)
    target = out or Path(f"briefing-{flt.date_from}-{flt.date_to}.{fmt}")
    store = _open(db)
    try:
        with store.session() as session:
            briefing = build_briefing(session, flt.date_from, flt.date_to)
    finally:
        store.close()
    for path in render(briefing, fmt, target):
        _err(f"wrote {path}")
