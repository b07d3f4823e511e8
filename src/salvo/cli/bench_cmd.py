"""``salvo bench``: extraction speed (articles/s on one core) and peak memory; ``salvo bench ingest``."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from salvo.cli.app import app
from salvo.devtools.extraction_speed import (
    build_corpus,
    gold_corpus,
    gold_dir,
    gold_texts,
    run_bench,
    sample_articles,
    table,
)

bench_app = typer.Typer(
    help="Benchmarks: extraction throughput and memory (default), or ingest against extraction.",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(bench_app, name="bench")


@bench_app.callback()
def bench_command(
    ctx: typer.Context,
    articles: Annotated[int, typer.Option("--articles", "-n", min=1, help="Corpus size (articles).")] = 2000,
    repeat: Annotated[
        int, typer.Option("--repeat", "-r", min=1, help="Timed passes; the best is reported.")
    ] = 1,
    words: Annotated[
        int, typer.Option("--words", min=0, help="Without the gold: pad each sample to about this many words.")
    ] = 600,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    language: Annotated[
        str, typer.Option("--lang", help="Language of the gold texts the corpus is built from (en, ar).")
    ] = "en",
) -> None:
    """Time `salvo extract` (extraction, run-level merging, JSON lines) on one core over real text.

    The corpus joins the gold's article texts in one language (`--lang`: the English gold files, or the
    Arabic of dev-other-languages) to about 600 words ($SALVO_GOLD_DIR, or shared/gold beside the
    checkout); without the gold, the padded (English) sample reports stand in.
    """
    if ctx.invoked_subcommand is not None:
        return
    folder = gold_dir()
    records = gold_texts(folder, language) if folder is not None else []
    if records:
        corpus = gold_corpus(articles, records)
        name = f"gold texts ({language}) joined to ~600 words ({folder})"
    elif language != "en":
        print(f"bench: no gold texts in {language!r} found ($SALVO_GOLD_DIR)", file=sys.stderr)
        raise typer.Exit(2)
    else:
        samples = sample_articles()
        if not samples:
            print("bench: no gold ($SALVO_GOLD_DIR) and no sample reports found", file=sys.stderr)
            raise typer.Exit(2)
        corpus, name = build_corpus(articles, samples, words), "sample reports padded with page clutter"
    result = run_bench(corpus, repeat=repeat)
    result.corpus = name
    if as_json:
        print(json.dumps(result.to_json(), indent=1))
    else:
        print(table(result))


@bench_app.command("ingest")
def bench_ingest_command(
    articles: Annotated[int, typer.Option("--articles", "-n", min=1, help="Corpus size (articles).")] = 10_000,
    db: Annotated[
        str | None, typer.Option("--db", help="Database URL; default: a fresh SQLite file in a temporary folder.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Time a full ingest (extraction, storage, merging) against extraction alone on the same corpus."""
    from salvo.devtools.ingest_cost import bench_ingest

    figures = bench_ingest(articles, db)
    if as_json:
        print(json.dumps(figures, indent=1))
        return
    width = max(len(key) for key in figures)
    for key, value in figures.items():
        print(f"{key.replace('_', ' '):{width}}  {value}")


@bench_app.command("synth")
def bench_synth_command(
    incidents: Annotated[int, typer.Option("--incidents", min=1, help="Synthetic incidents to add.")] = 100_000,
    articles: Annotated[
        int, typer.Option("--articles", min=1, help="Reports (articles, one mention each) in all.")
    ] = 500_000,
    db: Annotated[str | None, typer.Option("--db", help="Database URL (default: SALVO_DATABASE_URL).")] = None,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 7,
) -> None:
    """Fill a database with synthetic incidents and reports for measuring queries at volume
    (e.g. ``--incidents 1000000 --articles 5000000`` on PostgreSQL), then ANALYZE it."""
    from salvo.devtools.volume import fill
    from salvo.settings import get_settings

    print(json.dumps(fill(db or get_settings().database_url, incidents, articles, seed), indent=1))
