"""Evaluation gate: the pipeline on the shared gold articles must stay at or above pinned floors,
file by file (dev, seeds, dev2, the other languages) and for the English files together; and on our
own unseen test (tests/data/ourwords.jsonl, reports written in our words, see its README), which a
gate names with ``"dir": "tests/data"`` and which runs as a corpus of its own.

Floors live in tests/quality_floors.json (measured value minus about 0.01, with the commit they
were measured at); raise them as extraction improves, never lower them to make a change pass.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from salvo.cli.eval_cmd import load_aliases
from salvo.errors import InputError
from salvo.evaluation import read_lines
from salvo.evaluation.breakdown import score_subset
from salvo.ingest.readers import read_inputs
from salvo.pipeline import extract_each, with_incident_ids

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"  # read where it stands (see tests/conftest.py)
GOLD_DIR = SHARED / "gold"
GOLD_FILES = sorted(GOLD_DIR.glob("*.jsonl"))
SAMPLES = REPO / "samples"

FLOORS_FILE = Path(__file__).with_name("quality_floors.json")
OWN_DIR = "tests/data"  # a gate's "dir" for files of the repository's own
FIGURES = ("incident_f1", "slot_f1", "merge_b3_f1", "grounding")
GATES: dict[str, dict[str, Any]] = json.loads(FLOORS_FILE.read_text())["gates"]


def gate_dir(spec: dict[str, Any]) -> Path:
    """Where a gate's files lie: the shared gold, or (with "dir") a folder of the repository."""
    return REPO / spec["dir"] if "dir" in spec else GOLD_DIR


def gate_files(spec: dict[str, Any]) -> list[Path]:
    return [gate_dir(spec) / f for f in spec["files"]]


def run_gates(gates: dict[str, dict[str, Any]]) -> tuple[dict[Path, dict[str, dict[str, Any]]], list[InputError]]:
    """Predictions per gate folder: the shared gold runs as one corpus, each folder of our own as another."""
    runs: dict[Path, dict[str, dict[str, Any]]] = {}
    errors: list[InputError] = []
    for folder in {gate_dir(spec) for spec in gates.values()}:
        paths = GOLD_FILES if folder == GOLD_DIR else sorted({p for s in gates.values() for p in gate_files(s)
                                                              if gate_dir(s) == folder})
        runs[folder], errs = run_pipeline(paths)
        errors += errs
    return runs, errors


def run_pipeline(paths: list[Path]) -> tuple[dict[str, dict[str, Any]], list[InputError]]:
    errors: list[InputError] = []
    results = with_incident_ids(extract_each(read_inputs(paths), errors.append))
    return {r.article.id: r.to_json() for r in results}, errors


@pytest.fixture(scope="module")
def figures(shared_dir: Path) -> dict[str, dict[str, Any]]:
    """Each gate's figures; the pipeline runs once over every gold file, as one corpus (and once over ours)."""
    preds, errors = run_gates(GATES)
    assert not errors, [str(e) for e in errors]
    aliases = load_aliases(None)
    out: dict[str, dict[str, Any]] = {}
    for name, gate in GATES.items():
        gold, gold_errors = read_lines(gate_files(gate))
        assert not gold_errors, [str(e) for e in gold_errors]
        out[name] = score_subset(gold, preds[gate_dir(gate)], list(gold), aliases).to_json()
    return out


def measured(figures: dict[str, Any]) -> dict[str, float]:
    merge = figures["merge_bcubed"]
    share = figures["grounding"]["share"]
    return {
        "incident_f1": figures["incidents"]["f1"],
        "slot_f1": figures["slots"]["f1"],
        "merge_b3_f1": merge["f1"] if merge else 0.0,
        "grounding": share if share is not None else 0.0,
    }


def test_floors_file_names_every_gated_figure_and_every_gold_file(shared_dir: Path) -> None:
    shared = [gate for gate in GATES.values() if "dir" not in gate]
    gated = {f for gate in shared for f in gate["files"] if len(gate["files"]) == 1}
    assert gated == {p.name for p in GOLD_FILES}, "every gold file needs a gate of its own"
    own = {f for gate in GATES.values() if gate.get("dir") == OWN_DIR for f in gate["files"]}
    assert "ourwords.jsonl" in own, "our own unseen test needs a gate"
    for name, gate in GATES.items():
        assert set(gate["floors"]) == set(FIGURES), name
        assert all(0.0 <= v <= gate["measured"][k] for k, v in gate["floors"].items()), name


@pytest.mark.parametrize(("gate", "name"), [(g, n) for g in GATES for n in FIGURES])
def test_figure_is_at_or_above_its_floor(figures: dict[str, dict[str, Any]], gate: str, name: str) -> None:
    floor = GATES[gate]["floors"][name]
    value = measured(figures[gate])[name]
    assert value >= floor, (
        f"{gate}: {name} fell to {value:.4f}, below its floor {floor} (all: {measured(figures[gate])})"
    )


@pytest.mark.parametrize("gate", list(GATES))
def test_evidence_on_gold_articles_is_always_verbatim(figures: dict[str, dict[str, Any]], gate: str) -> None:
    grounding = figures[gate]["grounding"]
    if grounding["evidence"]:
        assert grounding["share"] == 1.0, (
            f"{gate}: {grounding['evidence'] - grounding['verbatim']} evidence strings not in text"
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
