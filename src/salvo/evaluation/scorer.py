"""Corpus scoring as SCHEMA.md defines it: incidents, fields, slots, merging and grounding.

``score_corpus`` keeps the per-article pairings (``ArticleOutcome``) so the error report can show
each miss, false alarm and wrong field; ``Scores.to_json`` gives the machine-readable figures in
the same layout as the reference scorer's ``--json``.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salvo.errors import InputError
from salvo.evaluation.assignment import BASE, max_weight_pairs
from salvo.evaluation.rules import (
    SCORED_FIELDS,
    ActorAliases,
    Record,
    agrees,
    can_pair,
    is_filled,
    is_gold_slot,
)

Corpus = dict[str, Record]


# ---------- reading gold and prediction files ---------------------------------------------------


def read_lines(paths: Iterable[str | Path], corpus: Corpus | None = None) -> tuple[Corpus, list[InputError]]:
    """Output/gold lines keyed by article id (a later line with the same id replaces the earlier)."""
    corpus = {} if corpus is None else corpus
    errors: list[InputError] = []
    for path in paths:
        source = str(path)
        try:
            handle = open(path, encoding="utf-8", errors="strict")
        except OSError as exc:
            errors.append(InputError(source, None, f"cannot read file: {exc.strerror or exc}"))
            continue
        with handle:
            number = 0
            try:
                for number, line in enumerate(handle, 1):  # noqa: B007 - number used after a decode error
                    if not line.strip():
                        continue
                    record, problem = _parse_line(line)
                    if problem:
                        errors.append(InputError(source, number, problem))
                    else:
                        assert record is not None
                        corpus[str(record["article"]["id"])] = record
            except UnicodeDecodeError:
                errors.append(InputError(source, number + 1, "not valid UTF-8; rest of file skipped"))
    return corpus, errors


def _parse_line(line: str) -> tuple[Record | None, str | None]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"malformed JSON: {exc.msg} (column {exc.colno})"
    if not isinstance(record, dict) or not isinstance(record.get("article"), dict):
        return None, 'expected {"article": {...}, "incidents": [...]}'
    if record["article"].get("id") in (None, ""):
        return None, "article has no 'id'"
    incidents = record.get("incidents")
    if incidents is not None and (
        not isinstance(incidents, list) or not all(isinstance(i, dict) for i in incidents)
    ):
        return None, "'incidents' must be a list of objects"
    return record, None


# ---------- per-article outcome -----------------------------------------------------------------


@dataclass
class PairVerdict:
    """One gold incident paired with one prediction, and how each scored field fared."""

    gold_index: int
    pred_index: int
    optional: bool
    fields: dict[str, bool | None]


@dataclass
class ArticleOutcome:
    article_id: str
    gold: Record
    pred: Record | None
    pairs: list[PairVerdict]
    missed: list[int]  # unpaired required gold incidents
    false_alarms: list[int]  # unpaired predictions
    ungrounded: list[tuple[int, Any]]  # (prediction index, evidence not found verbatim)

    @property
    def gold_incidents(self) -> list[Record]:
        return list(self.gold.get("incidents") or [])

    @property
    def pred_incidents(self) -> list[Record]:
        return list((self.pred or {}).get("incidents") or [])


def judge_article(
    article_id: str, gold: Record, pred: Record | None, aliases: ActorAliases
) -> ArticleOutcome:
    golds: list[Record] = gold.get("incidents") or []
    preds: list[Record] = (pred or {}).get("incidents") or []
    weights: dict[tuple[int, int], int] = {}
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if can_pair(g, p):
                weights[gi, pi] = BASE + sum(1 for name in SCORED_FIELDS if agrees(name, g, p, aliases))
    pairs = [
        PairVerdict(
            gi,
            pi,
            bool(golds[gi].get("optional")),
            {name: agrees(name, golds[gi], preds[pi], aliases) for name in SCORED_FIELDS},
        )
        for gi, pi in max_weight_pairs(weights, len(golds), len(preds))
    ]
    paired_gold = {pair.gold_index for pair in pairs}
    paired_pred = {pair.pred_index for pair in pairs}
    text = (pred or gold)["article"].get("text") or gold["article"].get("text") or ""
    ungrounded = [
        (pi, ev)
        for pi, p in enumerate(preds)
        for ev in (p.get("evidence") or [])
        if not (isinstance(ev, str) and ev.strip() and ev in text)
    ]
    return ArticleOutcome(
        article_id=article_id,
        gold=gold,
        pred=pred,
        pairs=pairs,
        missed=[gi for gi, g in enumerate(golds) if gi not in paired_gold and not g.get("optional")],
        false_alarms=[pi for pi in range(len(preds)) if pi not in paired_pred],
        ungrounded=ungrounded,
    )


# ---------- corpus figures ----------------------------------------------------------------------


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class Scores:
    """Counts gathered over a corpus; figures are derived on demand."""

    articles: int = 0
    missing_articles: list[str] = field(default_factory=list)
    tp: int = 0
    fp: int = 0
    fn: int = 0
    field_seen: Counter[str] = field(default_factory=Counter)
    field_right: Counter[str] = field(default_factory=Counter)
    slots_correct: int = 0
    slots_predicted: int = 0
    slots_gold: int = 0
    evidence: int = 0
    verbatim: int = 0
    mentions: list[tuple[str, str]] = field(default_factory=list)  # (gold event_key, incident_id)
    outcomes: list[ArticleOutcome] = field(default_factory=list)

    def add(self, outcome: ArticleOutcome) -> None:
        golds, preds = outcome.gold_incidents, outcome.pred_incidents
        self.articles += 1
        if outcome.pred is None:
            self.missing_articles.append(outcome.article_id)
        self.evidence += sum(len(p.get("evidence") or []) for p in preds)
        self.verbatim += sum(len(p.get("evidence") or []) for p in preds) - len(outcome.ungrounded)
        for pair in outcome.pairs:
            if pair.optional:
                continue  # optional gold: no credit, no penalty, for either side
            g, p = golds[pair.gold_index], preds[pair.pred_index]
            self.tp += 1
            if g.get("event_key") and p.get("incident_id") is not None:
                self.mentions.append((g["event_key"], str(p["incident_id"])))
            for name, verdict in pair.fields.items():
                filled = is_filled(name, p)
                if verdict is not None:
                    self.field_seen[name] += 1
                    self.field_right[name] += int(verdict)
                    if filled:
                        self.slots_predicted += 1
                        self.slots_correct += int(verdict)
                if is_gold_slot(name, g, filled):
                    self.slots_gold += 1
        for gi in outcome.missed:
            self.fn += 1
            self.slots_gold += sum(is_gold_slot(name, golds[gi], False) for name in SCORED_FIELDS)
        for pi in outcome.false_alarms:
            self.fp += 1
            self.slots_predicted += sum(is_filled(name, preds[pi]) for name in SCORED_FIELDS)
        self.outcomes.append(outcome)

    @property
    def incident_prf(self) -> tuple[float, float, float]:
        precision, recall = _ratio(self.tp, self.tp + self.fp), _ratio(self.tp, self.tp + self.fn)
        return precision, recall, _f1(precision, recall)

    @property
    def slot_prf(self) -> tuple[float, float, float]:
        precision = _ratio(self.slots_correct, self.slots_predicted)
        recall = _ratio(self.slots_correct, self.slots_gold)
        return precision, recall, _f1(precision, recall)

    @property
    def grounding(self) -> float | None:
        return self.verbatim / self.evidence if self.evidence else None

    def merge(self) -> dict[str, float] | None:
        return bcubed(self.mentions)

    def to_json(self) -> dict[str, Any]:
        """The figures, laid out as the reference scorer's ``--json`` lays them out."""
        ip, ir, if1 = self.incident_prf
        sp, sr, sf1 = self.slot_prf
        return {
            "articles": self.articles,
            "missing_articles": list(self.missing_articles),
            "incidents": {
                "tp": self.tp,
                "fp": self.fp,
                "fn": self.fn,
                "precision": ip,
                "recall": ir,
                "f1": if1,
            },
            "fields": {
                name: {
                    "accuracy": (
                        self.field_right[name] / self.field_seen[name] if self.field_seen[name] else None
                    ),
                    "n": self.field_seen[name],
                }
                for name in SCORED_FIELDS
            },
            "slots": {
                "correct": self.slots_correct,
                "predicted": self.slots_predicted,
                "gold": self.slots_gold,
                "precision": sp,
                "recall": sr,
                "f1": sf1,
            },
            "merge_bcubed": self.merge(),
            "grounding": {"evidence": self.evidence, "verbatim": self.verbatim, "share": self.grounding},
        }


def bcubed(mentions: list[tuple[str, str]]) -> dict[str, Any] | None:
    """B-cubed precision/recall/F1 of predicted id groups against gold key groups."""
    if not mentions:
        return None
    per_gold = Counter(key for key, _ in mentions)
    per_pred = Counter(ident for _, ident in mentions)
    per_both = Counter(mentions)
    precision = recall = 0.0
    for mention in mentions:
        shared = per_both[mention]
        precision += shared / per_pred[mention[1]]
        recall += shared / per_gold[mention[0]]
    count = len(mentions)
    precision, recall = precision / count, recall / count
    return {"mentions": count, "precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def score_corpus(gold: Mapping[str, Record], pred: Mapping[str, Record], aliases: ActorAliases) -> Scores:
    """Score predictions against gold; articles are matched by id, gold order kept."""
    scores = Scores()
    for article_id, gold_line in gold.items():
        scores.add(judge_article(article_id, gold_line, pred.get(article_id), aliases))
    extra: dict[str, int] = defaultdict(int)
    for article_id, pred_line in pred.items():
        if article_id not in gold:
            extra[article_id] = len(pred_line.get("incidents") or [])
    scores.fp += sum(extra.values())  # predictions for articles gold does not cover are all false
    return scores
