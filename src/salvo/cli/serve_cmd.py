"""``salvo serve``: the REST API and the dashboard, served by uvicorn."""

from __future__ import annotations

import typer

from salvo.cli.app import app


@app.command("serve")
def serve(
    db: str = typer.Option(None, "--db", help="database URL or SQLite path (default: SALVO_DATABASE_URL)"),
    host: str = typer.Option("127.0.0.1", "--host", help="interface to listen on"),
    port: int = typer.Option(8000, "--port", help="TCP port"),
    token: str = typer.Option(
        None,
        "--token",
        envvar="SALVO_API_TOKEN",
        help="bearer token enabling review actions (default: read-only)",
    ),
    log_level: str = typer.Option("warning", "--log-level", help="uvicorn log level"),
) -> None:
    """Serve the API (docs at /docs) and the dashboard (at /)."""
    import uvicorn

    from salvo.api import create_app

    try:
        application = create_app(database_url=db, api_token=token)
    except Exception as exc:  # a bad URL or unreachable database: say so, no traceback
        typer.echo(f"salvo serve: cannot open the database {db or '(SALVO_DATABASE_URL)'}: {exc}", err=True)
        raise typer.Exit(2) from None
    mode = "review enabled (bearer token)" if application.state.api_token else "read-only"
    typer.echo(f"Salvo on http://{host}:{port}/  (API docs: /docs; {mode})", err=True)
    uvicorn.run(application, host=host, port=port, log_level=log_level, access_log=False)
