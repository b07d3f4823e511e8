"""``salvo bench``: extraction speed (articles/s on one core) and peak memory."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from salvo.bench import build_corpus, run_bench, sample_articles, table
from salvo.cli.app import app


@app.command("bench")
def bench_command(
    articles: Annotated[int, typer.Option("--articles", "-n", min=1, help="Corpus size (articles).")] = 1000,
    repeat: Annotated[
        int, typer.Option("--repeat", "-r", min=1, help="Timed passes; the best is reported.")
    ] = 3,
    words: Annotated[
        int, typer.Option("--words", min=0, help="Pad each article to about this many words.")
    ] = 600,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Time extraction over the sample reports, repeated and padded to typical article length."""
    samples = sample_articles()
    if not samples:
        print("bench: no sample reports found (samples/ beside src/)", file=sys.stderr)
        raise typer.Exit(2)
    result = run_bench(build_corpus(articles, samples, words), repeat=repeat)
    if as_json:
        print(json.dumps(result.to_json(), indent=1))
    else:
        print(table(result))
