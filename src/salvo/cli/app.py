"""The Typer application every command module registers itself on."""

import typer

app = typer.Typer(
    name="salvo",
    help="Turn news reports about attacks on US and coalition forces into a sourced incident database.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
