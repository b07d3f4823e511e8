"""``salvo extract``: reports in, one JSON line of incidents per article out.

Also home of the run helpers the other commands share (``eval`` without ``--pred``, ``bench``):
extraction that reports a failing article instead of stopping, and incident ids across a run.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import IO, Annotated

import typer

from salvo.cli.app import app
from salvo.errors import InputError
from salvo.ingest.language import is_supported
from salvo.ingest.readers import read_inputs
from salvo.model import parse_published
from salvo.pipeline import extract_each, result_line, with_incident_ids


def _published_option(value: str | None) -> dt.date | None:
    if value is None:
        return None
    day = parse_published(value)
    if day is None:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint="--published")
    return day


@app.command("extract")
def extract_command(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="JSONL files of articles, .txt reports, .html pages, .warc archives, Telegram Desktop "
            "exports (result.json), or folders."
        ),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write JSON lines here instead of stdout.")
    ] = None,
    published: Annotated[
        str | None,
        typer.Option("--published", help="Publication day (YYYY-MM-DD) for reports that carry none."),
    ] = None,
) -> None:
    """Extract incidents: one JSON line per article, {"article": ..., "incidents": [...]}.

    Unreadable input is reported on stderr as FILE:LINE: MESSAGE and the rest is processed;
    the exit status is 1 when anything failed.
    """
    day = _published_option(published)
    counts = {"articles": 0, "incidents": 0, "errors": 0}
    unsupported: dict[str, int] = {}
    skipped: dict[str, int] = {}  # read, and not an article (a Telegram service message, a WARC redirect)

    def skip(reason: str) -> None:
        skipped[reason] = skipped.get(reason, 0) + 1

    def report(error: InputError) -> None:
        counts["errors"] += 1
        print(error, file=sys.stderr, flush=True)

    sink: IO[str]
    if output is not None:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            sink = output.open("w", encoding="utf-8")
        except OSError as exc:
            print(f"{output}: cannot write: {exc.strerror or exc}", file=sys.stderr)
            raise typer.Exit(2) from None
    else:
        sink = sys.stdout
    try:
        for result in with_incident_ids(extract_each(read_inputs(inputs, day, on_skip=skip), report)):
            sink.write(result_line(result))
            counts["articles"] += 1
            counts["incidents"] += len(result.incidents)
            language = result.article.language
            if language is not None and not is_supported(language):  # kept and marked: no pack reads it
                unsupported[language] = unsupported.get(language, 0) + 1
    finally:
        if sink is not sys.stdout:
            sink.close()
        else:
            sink.flush()
    where = f" -> {output}" if output is not None else ""
    if unsupported:
        listed = ", ".join(f"{lang}: {n}" for lang, n in sorted(unsupported.items()))
        print(f"extract: not extracted, language not supported yet ({listed})", file=sys.stderr)
    if skipped:
        listed = ", ".join(f"{reason} {n}" for reason, n in sorted(skipped.items()))
        print(f"extract: skipped, not articles: {listed}", file=sys.stderr)
    print(
        f"extract: {counts['articles']} articles, {counts['incidents']} incidents, "
        f"{counts['errors']} errors{where}",
        file=sys.stderr,
    )
    if counts["errors"]:
        raise typer.Exit(1)
