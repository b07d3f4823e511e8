"""Human-readable output of an evaluation: the figures, and a per-article list of what went wrong."""

from __future__ import annotations

from typing import Any

from salvo.evaluation.breakdown import SplitFigures
from salvo.evaluation.languages import CrossLanguage
from salvo.evaluation.rules import NOT_SCORED, SCORED_FIELDS, Record
from salvo.evaluation.scorer import ArticleOutcome, Scores


def summary_lines(scores: Scores) -> list[str]:
    """The figures, one per line, in the reference scorer's order and rounding."""
    figures = scores.to_json()
    inc, slots = figures["incidents"], figures["slots"]
    lines = [
        f"articles {figures['articles']} (missing in pred: {len(figures['missing_articles'])})",
        f"incidents  P {inc['precision']:.3f}  R {inc['recall']:.3f}  F1 {inc['f1']:.3f}  "
        f"(tp {inc['tp']} fp {inc['fp']} fn {inc['fn']})",
    ]
    for name, value in figures["fields"].items():
        accuracy = "-" if value["accuracy"] is None else f"{value['accuracy']:.3f}"
        lines.append(f"  {name:12s} {accuracy}  (n={value['n']})")
    lines.append(f"slots      P {slots['precision']:.3f}  R {slots['recall']:.3f}  F1 {slots['f1']:.3f}")
    merge = figures["merge_bcubed"]
    lines.append(
        "merge B3 F1 " + ("-" if merge is None else f"{merge['f1']:.3f} over {merge['mentions']} mentions")
    )
    ground = figures["grounding"]
    lines.append(
        "grounding " + ("-" if ground["share"] is None else f"{ground['share']:.3f} of {ground['evidence']}")
    )
    return lines


# ---------- error listing -----------------------------------------------------------------------


def _show(value: Any) -> str:
    """A gold or predicted value as a person reads it: lists of options joined by 'or'."""
    if value == NOT_SCORED:
        return "(not scored)"
    if value is None:
        return "-"
    if isinstance(value, list):
        if value and all(isinstance(v, list) for v in value):
            return " or ".join("[" + ", ".join(map(str, v)) + "]" for v in value)
        if not value:
            return "[]"
        return " or ".join(_show(v) for v in value)
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def _location(record: Record) -> str:
    parts = [
        _show(record.get(k))
        for k in ("place", "admin1", "country")
        if record.get(k) not in (None, NOT_SCORED)
    ]
    where = ", ".join(parts) or "place unknown"
    if record.get("lat") is not None and record.get("lon") is not None:
        where += f" ({_show(record.get('lat'))}, {_show(record.get('lon'))})"
    return where


def _date(record: Record, unscored: str, quiet: set[Any]) -> str:
    """A date with its precision (unless the precision is one of ``quiet``)."""
    day, precision = record.get("date"), record.get("date_precision")
    if day == NOT_SCORED:
        return unscored
    shown = _show(day)
    if not (isinstance(precision, str | None) and precision in quiet):
        shown += f" ({_show(precision)})"
    return shown


def _headline(record: Record) -> str:
    """One line that identifies an incident: category, date, place, weapons, perpetrator."""
    weapons = record.get("weapons")
    bits = [
        _show(record.get("category")),
        _date(record, "date not scored", {None, "day", NOT_SCORED}),
        _location(record),
    ]
    if weapons not in (None, [], NOT_SCORED):
        bits.append(_show(weapons))
    if record.get("perpetrator") not in (None, NOT_SCORED):
        bits.append("by " + _show(record.get("perpetrator")))
    return " | ".join(bits)


def _field_value(name: str, record: Record) -> str:
    if name == "location":
        return _location(record) + (
            f" [{record.get('location_precision')}]" if record.get("location_precision") else ""
        )
    if name == "date":
        return _date(record, "(not scored)", {None, NOT_SCORED})
    return _show(record.get(name))


def _evidence(record: Record, indent: str, label: str = "evidence") -> list[str]:
    out = []
    for sentence in record.get("evidence") or []:
        out.append(f"{indent}{label}: \u201c{sentence}\u201d")
    return out or [f"{indent}{label}: (none)"]


def article_errors(outcome: ArticleOutcome) -> list[str]:
    """The misses, false alarms, wrong fields and ungrounded evidence of one article."""
    golds, preds = outcome.gold_incidents, outcome.pred_incidents
    body: list[str] = []
    for gi in outcome.missed:
        body.append(f"  MISSED       {_headline(golds[gi])}")
        body.extend(_evidence(golds[gi], "      gold "))
    for pi in outcome.false_alarms:
        body.append(f"  FALSE ALARM  {_headline(preds[pi])}")
        body.extend(_evidence(preds[pi], "      predicted "))
    for pair in outcome.pairs:
        wrong = [name for name in SCORED_FIELDS if pair.fields.get(name) is False]
        if pair.optional or not wrong:
            continue
        g, p = golds[pair.gold_index], preds[pair.pred_index]
        body.append(f"  WRONG FIELDS {_headline(g)}")
        for name in wrong:
            body.append(
                f"      {name:12s} gold {_field_value(name, g)}  |  predicted {_field_value(name, p)}"
            )
        body.extend(_evidence(g, "      gold "))
        body.extend(_evidence(p, "      predicted "))
    for pi, sentence in outcome.ungrounded:
        body.append(f"  NOT IN TEXT  evidence of prediction {pi + 1}: \u201c{sentence}\u201d")
    if not body:
        return []
    article = outcome.gold.get("article") or {}
    title = article.get("title") or "(no title)"
    source = ", ".join(str(x) for x in (article.get("outlet"), article.get("published")) if x)
    head = f"== {outcome.article_id}  {title}" + (f"  ({source})" if source else "")
    if outcome.pred is None:
        head += "  [no prediction for this article]"
    return [head, *body, ""]


def error_lines(scores: Scores) -> list[str]:
    """Every article with something wrong, in corpus order."""
    lines: list[str] = []
    for outcome in scores.outcomes:
        lines.extend(article_errors(outcome))
    counts = scores.to_json()["incidents"]
    wrong = sum(
        1 for o in scores.outcomes for p in o.pairs if not p.optional for v in p.fields.values() if v is False
    )
    lines.append(f"{counts['fn']} missed, {counts['fp']} false alarms, {wrong} wrong fields")
    return lines


# ---------- parts of the corpus -----------------------------------------------------------------


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def per_file_lines(files: dict[str, Scores]) -> list[str]:
    """One line per gold file: its articles, incident F1, slot F1, merge B3 F1 and grounding."""
    width = max(len(name) for name in files)
    lines = [
        "per file",
        f"  {'':{width}s}  articles  incident F1  slot F1  merge B3  grounding",
    ]
    for name, scores in files.items():
        merge = scores.merge()
        lines.append(
            f"  {name:{width}s}  {scores.articles:8d}  {scores.incident_prf[2]:11.3f}  "
            f"{scores.slot_prf[2]:7.3f}  {_figure(merge['f1'] if merge else None):>8s}  "
            f"{_figure(scores.grounding):>9s}"
        )
    return lines


def cross_language_lines(cross: CrossLanguage) -> list[str]:
    """Merge B-cubed over the event keys reported in English and in another language read."""
    merge = cross.figures()
    if merge is None:
        return ["across languages  merge B3 -  (no event key reported in English and another language read)"]
    head = f"across languages ({'+'.join(cross.languages)}: {len(cross.keys)} event keys)"
    return [
        f"{head}  merge B3  P {merge['precision']:.3f}  R {merge['recall']:.3f}  F1 {merge['f1']:.3f}"
        f"  over {merge['mentions']} mentions"
    ]


def split_lines(split: SplitFigures) -> list[str]:
    """The story-split cross-check: each half's incident and slot F1, and the gap A minus B."""
    figures = split.to_json()
    lines = ["story split (articles sharing an event_key stay in one half)"]
    for side, half in figures["halves"].items():
        counts = f"{side}  {half['articles']:4d} articles {half['required_incidents']:4d} incidents"
        lines.append(f"  {counts:34s}incident F1 {half['incident_f1']:.3f}  slot F1 {half['slot_f1']:.3f}")
    gap = figures["gap"]
    lines.append(f"  {'gap A-B':34s}incident F1 {gap['incident_f1']:+.3f}  slot F1 {gap['slot_f1']:+.3f}")
    return lines
