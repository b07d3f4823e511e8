"""``salvo serve``: the REST API and the dashboard, served by uvicorn (one process or several workers)."""

from __future__ import annotations

import os

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
    workers: int = typer.Option(
        1, "--workers", min=1, max=64, help="worker processes (each loads its own index); about one per core"
    ),
    log_level: str = typer.Option("warning", "--log-level", help="uvicorn log level"),
) -> None:
    """Serve the API (docs at /docs) and the dashboard (at /).

    Connections must send their request headers within 10 s (SALVO_HEADER_TIMEOUT) and idle kept-alive
    ones are closed after 5 s; behind a reverse proxy, see the README."""
    import uvicorn

    from salvo.api import create_app
    from salvo.api.serving import uvicorn_options

    os.environ["SALVO_WARM"] = "1"  # each worker computes the dashboard's first answers when it starts
    try:
        application = create_app(database_url=db, api_token=token, warm=True)
    except Exception as exc:  # a bad URL or unreachable database: say so, no traceback
        typer.echo(f"salvo serve: cannot open the database {db or '(SALVO_DATABASE_URL)'}: {exc}", err=True)
        raise typer.Exit(2) from None
    mode = "review enabled (bearer token)" if application.state.api_token else "read-only"
    typer.echo(f"Salvo on http://{host}:{port}/  (API docs: /docs; {mode}; {workers} worker(s))", err=True)
    options = uvicorn_options(workers)
    if workers == 1:
        uvicorn.run(application, host=host, port=port, log_level=log_level, **options)
        return
    # Workers are separate processes: each builds the app from the environment (database, token).
    application.state.store.close()
    if db:
        os.environ["SALVO_DATABASE_URL"] = db
    os.environ["SALVO_API_TOKEN"] = application.state.api_token or ""
    uvicorn.run("salvo.api:create_app", factory=True, host=host, port=port, log_level=log_level, **options)
