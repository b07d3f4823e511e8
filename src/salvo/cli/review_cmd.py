"""``salvo review``: analyst decisions on incidents, each stored with author, time and reason."""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable
from typing import Annotated, Any

import typer

from salvo.cli.app import app
from salvo.cli.store_cmd import DbOption, _open

review_app = typer.Typer(
    help="Review incidents: confirm, edit, merge, split, reject, restore; audit log.", no_args_is_help=True
)
app.add_typer(review_app, name="review")

Author = Annotated[str | None, typer.Option("--author", help="Who decides (default: your login name).")]
Reason = Annotated[str, typer.Option("--reason", "-r", help="Why; kept in the audit log.")]


def _author(author: str | None) -> str:
    if author:
        return author
    try:
        return getpass.getuser()
    except Exception:
        return "analyst"


def _run(db: str | None, action: Callable[..., dict[str, Any]], *args: Any) -> None:
    from salvo.errors import ReviewError

    store = _open(db)
    try:
        with store.session() as session:
            result = action(session, *args)
    except ReviewError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(json.dumps(result, ensure_ascii=False))


@review_app.command()
def confirm(incident_id: str, db: DbOption = None, author: Author = None, reason: Reason = "") -> None:
    """Confirm an incident and its grouping."""
    from salvo.store import review

    _run(db, review.confirm, incident_id, _author(author), reason)


@review_app.command()
def edit(
    incident_id: str, field: str, value: str, db: DbOption = None, author: Author = None, reason: Reason = ""
) -> None:
    """Set FIELD to VALUE (weapons: comma-separated; 'null' clears)."""
    from salvo.store import review

    _run(db, review.edit_field, incident_id, field, value, _author(author), reason)


@review_app.command()
def merge(incident_id: str, other_id: str, db: DbOption = None, author: Author = None, reason: Reason = "") -> None:
    """Merge OTHER_ID into INCIDENT_ID."""
    from salvo.store import review

    _run(db, review.merge, incident_id, other_id, _author(author), reason)


@review_app.command()
def split(mention_id: int, db: DbOption = None, author: Author = None, reason: Reason = "") -> None:
    """Split one mention (see `salvo show`) out of its incident into a new one."""
    from salvo.store import review

    _run(db, review.split, mention_id, _author(author), reason)


@review_app.command()
def reject(incident_id: str, db: DbOption = None, author: Author = None, reason: Reason = "") -> None:
    """Reject an incident (not real or out of scope)."""
    from salvo.store import review

    _run(db, review.reject, incident_id, _author(author), reason)


@review_app.command()
def restore(incident_id: str, db: DbOption = None, author: Author = None, reason: Reason = "") -> None:
    """Restore a rejected incident."""
    from salvo.store import review

    _run(db, review.restore, incident_id, _author(author), reason)


@review_app.command()
def log(
    incident_id: Annotated[str | None, typer.Argument()] = None,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The audit log of review actions (newest first), optionally for one incident."""
    from salvo.store.queries import audit_log

    store = _open(db)
    with store.session() as session:
        rows = audit_log(session, incident_id)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for o in rows:
        what = o["action"] + (f" {o['field']}={json.dumps(o['value'])}" if o["field"] else "")
        if o["other_incident_id"]:
            what += f" ({o['other_incident_id']})"
        if o["mention_id"]:
            what += f" mention #{o['mention_id']}"
        typer.echo(f"{o['at']}  #{o['id']} {o['incident_id']} {what} by {o['author']}: {o['reason']}")
