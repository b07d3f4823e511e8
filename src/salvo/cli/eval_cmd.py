"""``salvo eval``: score extraction against gold annotations, as SCHEMA.md defines the figures."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from salvo import lang
from salvo.cli.app import app
from salvo.errors import InputError
from salvo.evaluation import (
    ActorAliases,
    CrossLanguage,
    Scores,
    SplitFigures,
    cross_language,
    cross_language_lines,
    error_lines,
    per_file,
    per_file_lines,
    read_lines,
    score_corpus,
    split_lines,
    story_split,
    summary_lines,
)
from salvo.ingest.language import detect_language
from salvo.model import Article, article_from_json
from salvo.pipeline import extract_each, result_line, with_incident_ids

#: Our own actor lexicon (another stage's data file); used for alias normalisation when present.
PACKAGE_ACTORS = Path(__file__).resolve().parents[1] / "data" / "actors.yaml"


def load_aliases(path: Path | None) -> ActorAliases:
    """Aliases from ``--actors``, else from the package's actors file, else the generic labels only."""
    chosen = path if path is not None else (PACKAGE_ACTORS if PACKAGE_ACTORS.is_file() else None)
    try:
        return ActorAliases.from_yaml(chosen)
    except (OSError, yaml.YAMLError) as exc:
        print(f"{chosen}: cannot read actors file: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None


def predict(gold: dict[str, dict[str, Any]], on_error: Any, save: Path | None) -> dict[str, dict[str, Any]]:
    """Run the pipeline on the gold articles themselves; predictions keyed by article id."""
    items: list[Article | InputError] = [
        article_from_json(line["article"], f"gold article {aid}", None) for aid, line in gold.items()
    ]
    for item in items:  # the input does not say an article's language (SCHEMA.md): a pack's language is
        if isinstance(item, Article) and item.language is None:  # read in its pack, any other tried as before
            found = detect_language(item.text)
            item.language = found if found in lang.available() else None
    pred: dict[str, dict[str, Any]] = {}
    sink = save.open("w", encoding="utf-8") if save is not None else None
    try:
        for result in with_incident_ids(extract_each(items, on_error)):
            pred[result.article.id] = result.to_json()
            if sink is not None:
                sink.write(result_line(result))
    finally:
        if sink is not None:
            sink.close()
    return pred


def read_gold_files(paths: list[Path]) -> tuple[dict[str, dict[str, dict[str, Any]]], list[InputError]]:
    """Each gold file's lines on their own, keyed by the path as given (a repeated path once)."""
    files: dict[str, dict[str, dict[str, Any]]] = {}
    errors: list[InputError] = []
    for path in paths:
        if str(path) in files:
            continue
        files[str(path)], problems = read_lines([path])
        errors.extend(problems)
    return files, errors


def short_names(files: dict[str, Scores]) -> dict[str, Scores]:
    """Files by their base name for the text report, when those are unique (else the paths)."""
    names = [Path(name).name for name in files]
    if len(set(names)) < len(names):
        return files
    return dict(zip(names, files.values(), strict=True))


def json_report(
    scores: Scores, files: dict[str, Scores], parts: tuple[SplitFigures, CrossLanguage], errors: bool,
    problems: list[InputError],
) -> str:
    """The reference scorer's ``--json`` figures, then ours: per file, story split, across languages, errors."""
    split, cross = parts
    figures = scores.to_json()
    if files:
        figures["per_file"] = {name: part.to_json() for name, part in files.items()}
    figures["story_split"] = split.to_json()
    figures["cross_language"] = cross.to_json()
    if errors:
        figures["error_report"] = error_lines(scores)
    if problems:
        figures["input_errors"] = [str(p) for p in problems]
    return json.dumps(figures, indent=1, ensure_ascii=False)


def text_report(
    scores: Scores, files: dict[str, Scores], parts: tuple[SplitFigures, CrossLanguage], errors: bool
) -> str:
    """The error listing (with ``--errors``), the reference scorer's lines, per file, across languages,
    story split."""
    split, cross = parts
    blocks = [error_lines(scores)] if errors else []
    blocks.append(summary_lines(scores))
    if files:
        blocks.append(per_file_lines(short_names(files)))
    blocks.append(cross_language_lines(cross))
    blocks.append(split_lines(split))
    return "\n\n".join("\n".join(block) for block in blocks)


@app.command("eval")
def eval_command(
    gold_files: Annotated[
        list[Path], typer.Argument(help="Gold JSONL files; several are scored together as one corpus.")
    ],
    pred_files: Annotated[
        list[Path] | None,
        typer.Option("--pred", help="Prediction JSONL (salvo extract output); default: run extraction now."),
    ] = None,
    errors: Annotated[
        bool, typer.Option("--errors", help="List every miss, false alarm and wrong field.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    actors: Annotated[
        Path | None,
        typer.Option("--actors", help="Actors YAML for perpetrator aliases (default: the package's own)."),
    ] = None,
    save_pred: Annotated[
        Path | None,
        typer.Option("--save-pred", help="When extracting now, also write the predictions here."),
    ] = None,
) -> None:
    """Score incidents (P/R/F1), fields, slots, merging (B-cubed) and evidence grounding.

    With several gold files, also each file's figures on its own; always merging across languages
    (B-cubed over the event keys reported in English and in another language read) and a story-split
    cross-check (incident and slot F1 on two halves that share no story, and their gap).
    """
    problems: list[InputError] = []

    def report(error: InputError) -> None:
        problems.append(error)
        print(error, file=sys.stderr, flush=True)

    aliases = load_aliases(actors)
    files, gold_errors = read_gold_files(gold_files)
    gold: dict[str, dict[str, Any]] = {}
    for lines in files.values():
        gold.update(lines)  # as one corpus: a later line with the same id replaces the earlier
    for error in gold_errors:
        report(error)
    if not gold:
        print("eval: no gold articles read", file=sys.stderr)
        raise typer.Exit(2)
    if pred_files:
        pred, pred_errors = read_lines(pred_files)
        for error in pred_errors:
            report(error)
    else:
        if save_pred is not None:
            save_pred.parent.mkdir(parents=True, exist_ok=True)
        pred = predict(gold, report, save_pred)
    scores = score_corpus(gold, pred, aliases)
    files_scores = per_file(files, pred, aliases) if len(files) > 1 else {}
    parts = (story_split(gold, pred, aliases), cross_language(gold, scores, lang.available()))
    if as_json:
        print(json_report(scores, files_scores, parts, errors, problems))
    else:
        print(text_report(scores, files_scores, parts, errors))
    if problems:
        print(f"eval: {len(problems)} input errors", file=sys.stderr)
        raise typer.Exit(1)
