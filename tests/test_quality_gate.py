"""Evaluation gate: the pipeline on the shared gold articles must stay at or above pinned floors.

Floors live in tests/quality_floors.json (measured value minus about 0.01); raise them as
extraction improves, never lower them to make a change pass.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from salvo.cli.eval_cmd import load_aliases
from salvo.cli.extract_cmd import extract_each, with_incident_ids
from salvo.evaluation import read_lines, score_corpus
from salvo.ingest.errors import InputError
from salvo.ingest.readers import read_inputs

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"  # read where it stands (see tests/conftest.py)
GOLD_FILES = sorted((SHARED / "gold").glob("*.jsonl"))
SAMPLES = REPO / "samples"

FLOORS_FILE = Path(__file__).with_name("quality_floors.json")


def run_pipeline(paths: list[Path]) -> tuple[dict[str, dict[str, Any]], list[InputError]]:
    errors: list[InputError] = []
    results = with_incident_ids(extract_each(read_inputs(paths), errors.append))
    return {r.article.id: r.to_json() for r in results}, errors


@pytest.fixture(scope="module")
def figures(shared_dir: Path) -> dict[str, Any]:
    gold, gold_errors = read_lines(GOLD_FILES)
    assert not gold_errors
    pred, errors = run_pipeline(GOLD_FILES)
    assert not errors, [str(e) for e in errors]
    return score_corpus(gold, pred, load_aliases(None)).to_json()


def measured(figures: dict[str, Any]) -> dict[str, float]:
    merge = figures["merge_bcubed"]
    share = figures["grounding"]["share"]
    return {
        "incident_f1": figures["incidents"]["f1"],
        "slot_f1": figures["slots"]["f1"],
        "merge_b3_f1": merge["f1"] if merge else 0.0,
        "grounding": share if share is not None else 0.0,
    }


def test_floors_file_names_every_gated_figure() -> None:
    floors = json.loads(FLOORS_FILE.read_text())["floors"]
    assert set(floors) == {"incident_f1", "slot_f1", "merge_b3_f1", "grounding"}
    assert all(0.0 <= v <= 1.0 for v in floors.values())


@pytest.mark.parametrize("name", ["incident_f1", "slot_f1", "merge_b3_f1", "grounding"])
def test_figure_is_at_or_above_its_floor(figures: dict[str, Any], name: str) -> None:
    floor = json.loads(FLOORS_FILE.read_text())["floors"][name]
    value = measured(figures)[name]
    assert value >= floor, f"{name} fell to {value:.4f}, below its floor {floor} (all: {measured(figures)})"


def test_evidence_on_gold_articles_is_always_verbatim(figures: dict[str, Any]) -> None:
    grounding = figures["grounding"]
    if grounding["evidence"]:
        assert grounding["share"] == 1.0, (
            f"{grounding['evidence'] - grounding['verbatim']} evidence strings not in text"
        )


def test_evidence_on_sample_reports_is_always_verbatim() -> None:
    pred, errors = run_pipeline([SAMPLES])
    assert not errors and len(pred) >= 12
    for line in pred.values():
        for incident in line["incidents"]:
            for sentence in incident["evidence"]:
                assert sentence.strip() and sentence in line["article"]["text"], (
                    line["article"]["id"],
                    sentence,
                )
