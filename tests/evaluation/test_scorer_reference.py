"""Our scorer gives the reference scorer's figures: on gold itself, on many perturbed predictions
(dropped, shifted, wrong, extra, null, merged and tied incidents), and on the pipeline's output.

The reference scorer is loaded from ../shared where it stands (never copied).
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib.util
import json
import random
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from salvo.evaluation import ActorAliases, read_lines, score_corpus
from salvo.ingest.readers import read_inputs
from salvo.pipeline import extract_each, with_incident_ids
from salvo.vocab import WEAPONS

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"  # read where it stands (see tests/conftest.py)
REFERENCE = SHARED / "reference"
GOLD_FILES = sorted((SHARED / "gold").glob("*.jsonl"))

REF_SCORER = SHARED / "eval" / "score.py"
REF_ACTORS = REFERENCE / "actors.yaml"
OUR_ACTORS = REPO / "src" / "salvo" / "data" / "actors.yaml"
ACTOR_FILES = [p for p in (REF_ACTORS, OUR_ACTORS) if p.is_file()]

PERPETRATOR_SPELLINGS = [
    "Kataib Hezbollah",
    "the Kata'ib Hezbollah",
    "Hezbollah Brigades",
    "CENTCOM",
    "US Central Command",
    "Combined Joint Task Force - Operation Inherent Resolve",
    "IRGC",
    "Quds Force",
    "pro-Iran militias",
    "Iranian-backed militias",
    "unidentified",
    "Islamic Resistance in Iraq",
    "Iran",
    "United States",
    "ISIS",
    "Saraya Awliya al-Dam",
    "Some New Group",
    "",
    None,
]

Corpus = dict[str, dict[str, Any]]


@pytest.fixture(scope="module")
def ref() -> ModuleType:
    if not REF_SCORER.is_file():
        pytest.skip("reference scorer not beside the repository")
    spec = importlib.util.spec_from_file_location("reference_score", REF_SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gold(ref: ModuleType) -> Corpus:
    corpus: Corpus = {}
    for path in GOLD_FILES:
        corpus.update(ref.read_jsonl(str(path)))
    assert corpus
    return corpus


def pick(field: str, value: Any, rng: random.Random) -> Any:
    """A value the prediction might give for a gold field: one of its acceptable values."""
    if value == "*":
        return [] if field in ("weapons", "evidence") else None
    if field == "evidence":
        return list(value)
    if field == "weapons":
        if value and isinstance(value[0], list):
            return list(rng.choice(value))
        return list(value)
    if isinstance(value, list):
        return rng.choice(value) if value else None
    return value


def as_prediction(g: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    p = {k: pick(k, v, rng) for k, v in g.items() if k not in ("event_key", "optional")}
    p["incident_id"] = g.get("event_key")
    return p


def _is_iso_day(value: Any) -> bool:
    """An earlier perturbation may have left a malformed date: only a real day can be shifted."""
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def perturb_incident(p: dict[str, Any], rng: random.Random, text: str) -> dict[str, Any]:
    p = dict(p)
    r = rng.random
    if r() < 0.2 and _is_iso_day(p.get("date")):
        shifted = dt.date.fromisoformat(p["date"]) + dt.timedelta(
            days=rng.choice([-40, -8, -2, -1, 1, 2, 6, 31])
        )
        p["date"] = shifted.isoformat()
    if r() < 0.06:
        p["date"] = rng.choice([None, "not a date", "2020-13-01"])
    if r() < 0.1:
        p["date_precision"] = rng.choice(["day", "week", "month", "year", None])
    if r() < 0.07:
        p["category"] = rng.choice(["attack", "strike", None])
    if r() < 0.1:
        p["country"] = rng.choice(["IQ", "SY", "JO", None])
    if r() < 0.15 and p.get("lat") is not None:
        step = rng.choice([0.05, 0.2, 0.5, 2.0])
        p["lat"], p["lon"] = p["lat"] + step, p["lon"] - step
    if r() < 0.1:
        p["lat"] = p["lon"] = None
    if r() < 0.1:
        p["place"] = rng.choice(
            [None, "Somewhere Else", (p.get("place") or "").upper(), "The " + str(p.get("place"))]
        )
    if r() < 0.08:
        p["admin1"] = rng.choice([None, "Anbar", "al-Anbar", "Erbil"])
    if r() < 0.15:
        p["weapons"] = rng.sample(WEAPONS, rng.choice([0, 1, 1, 2]))
    if r() < 0.12:
        p["projectiles"] = rng.choice([None, 0, 1, 2, 14, (p.get("projectiles") or 0) + 1])
    if r() < 0.25:
        p["perpetrator"] = rng.choice(PERPETRATOR_SPELLINGS)
    if r() < 0.12:
        p["attribution"] = rng.choice(["claimed", "accused", "suspected", "none", None])
    for key in ("killed", "injured"):
        if r() < 0.12:
            p[key] = rng.choice([None, 0, 1, 3, False, True])
    if r() < 0.15:
        evidence = list(p.get("evidence") or [])
        choice = rng.randrange(4)
        if choice == 0 and evidence:
            evidence[0] = evidence[0] + " (paraphrased)"
        elif choice == 1:
            evidence.append("")
        elif choice == 2:
            evidence.append(text[:40] if text else "x")
        else:
            evidence = []
        p["evidence"] = evidence
    if r() < 0.1:
        p["incident_id"] = None
    return p


def perturbed_predictions(gold: Corpus, seed: int) -> Corpus:
    """Gold incidents, each possibly dropped, changed or duplicated, plus extras."""
    rng = random.Random(seed)
    id_mode = rng.choice(["key", "merged", "split", "coarse"])
    pred: Corpus = {}
    for n, (aid, line) in enumerate(gold.items()):
        if rng.random() < 0.04:
            continue  # article missing from the prediction
        text = line["article"].get("text") or ""
        incidents = []
        for k, g in enumerate(line.get("incidents") or []):
            if rng.random() < 0.15:
                continue
            p = perturb_incident(as_prediction(g, rng), rng, text)
            if id_mode == "merged":
                p["incident_id"] = "one"
            elif id_mode == "split":
                p["incident_id"] = f"{aid}-{k}"
            elif id_mode == "coarse" and p.get("incident_id") is not None:
                p["incident_id"] = str(p["incident_id"])[:3]
            incidents.append(p)
            if rng.random() < 0.08:
                incidents.append(copy.deepcopy(p))  # duplicate: equally good pairings, ties to resolve
        if incidents and rng.random() < 0.15:
            extra = perturb_incident(copy.deepcopy(rng.choice(incidents)), rng, text)
            extra["category"] = rng.choice(["attack", "strike"])
            incidents.append(extra)
        if rng.random() < 0.1:
            incidents.append(
                {
                    "category": "attack",
                    "date": "2022-01-01",
                    "country": "SY",
                    "weapons": ["drone"],
                    "perpetrator": "unknown",
                    "evidence": [text[:25]],
                    "incident_id": f"x{n}",
                }
            )
        if rng.random() < 0.3:
            rng.shuffle(incidents)
        article = dict(line["article"])
        if rng.random() < 0.05:
            article["text"] = None  # grounding falls back to the gold article's text
        pred[aid] = {"article": article, "incidents": incidents}
    if rng.random() < 0.5:
        pred["not-in-gold"] = {
            "article": {"id": "not-in-gold", "text": "x"},
            "incidents": [{"category": "attack", "evidence": ["x"]}],
        }
    return pred


def gold_as_prediction(gold: Corpus) -> Corpus:
    rng = random.Random(0)
    return {
        aid: {"article": line["article"], "incidents": [as_prediction(g, rng) for g in line["incidents"]]}
        for aid, line in gold.items()
    }


def assert_same(ref: ModuleType, gold: Corpus, pred: Corpus, actors: Path | None) -> dict[str, Any]:
    expected = ref.score(gold, pred, ref.load_aliases(str(actors) if actors else None))
    got = score_corpus(gold, pred, ActorAliases.from_yaml(actors)).to_json()
    assert got == expected
    return got


@pytest.mark.parametrize("actors", [*ACTOR_FILES, None], ids=lambda p: p.parent.name if p else "no-actors")
def test_gold_scored_as_its_own_prediction_is_perfect_in_both(
    ref: ModuleType, gold: Corpus, actors: Path | None
) -> None:
    figures = assert_same(ref, gold, gold_as_prediction(gold), actors)
    assert figures["incidents"]["f1"] == 1.0 and figures["slots"]["f1"] == 1.0


@pytest.mark.parametrize("actors", ACTOR_FILES, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("seed", range(12))
def test_perturbed_predictions_score_the_same(ref: ModuleType, gold: Corpus, actors: Path, seed: int) -> None:
    figures = assert_same(ref, gold, perturbed_predictions(gold, seed), actors)
    assert figures["incidents"]["tp"] > 0


def test_empty_prediction_scores_the_same(ref: ModuleType, gold: Corpus) -> None:
    figures = assert_same(ref, gold, {}, ACTOR_FILES[0] if ACTOR_FILES else None)
    assert figures["incidents"]["tp"] == 0 and len(figures["missing_articles"]) == len(gold)


def test_pipeline_output_scores_the_same(ref: ModuleType, gold: Corpus) -> None:
    errors: list[object] = []
    results = with_incident_ids(extract_each(read_inputs(GOLD_FILES), errors.append))
    pred = {r.article.id: r.to_json() for r in results}
    assert not errors
    for actors in ACTOR_FILES:
        assert_same(ref, gold, pred, actors)


def test_files_read_as_the_reference_reads_them(ref: ModuleType, gold: Corpus) -> None:
    ours, errors = read_lines(GOLD_FILES)
    assert not errors and ours == gold


@pytest.mark.slow
def test_cli_json_equals_reference_cli_on_several_gold_files(
    ref: ModuleType, gold: Corpus, tmp_path: Path
) -> None:
    """Both command lines, on files: several gold files (ours) against their concatenation (reference).

    Ours adds per-file, story-split and cross-language figures after the corpus figures; those must be
    the same.
    """
    joined = tmp_path / "gold-all.jsonl"
    joined.write_text("".join(p.read_text(encoding="utf-8") for p in GOLD_FILES), encoding="utf-8")
    pred_path = tmp_path / "pred.jsonl"
    pred = perturbed_predictions(gold, 99)
    pred_path.write_text(
        "".join(json.dumps(v, ensure_ascii=False) + "\n" for v in pred.values()), encoding="utf-8"
    )
    actors = str(ACTOR_FILES[0])
    reference = subprocess.run(
        [sys.executable, str(REF_SCORER), str(joined), str(pred_path), "--actors", actors, "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    salvo = Path(sys.executable).with_name("salvo")  # the venv running the tests
    ours = subprocess.run(
        [str(salvo), "eval", *map(str, GOLD_FILES), "--pred", str(pred_path), "--actors", actors, "--json"],
        capture_output=True,
        text=True,
    )
    assert ours.returncode == 0, ours.stderr
    figures = json.loads(ours.stdout)
    assert set(figures.pop("per_file")) == set(map(str, GOLD_FILES)) and figures.pop("story_split")
    assert figures.pop("cross_language")["event_keys"] > 0
    assert figures == json.loads(reference.stdout)
    text_ref = subprocess.run(
        [sys.executable, str(REF_SCORER), str(joined), str(pred_path), "--actors", actors],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    text_ours = subprocess.run(
        [str(salvo), "eval", *map(str, GOLD_FILES), "--pred", str(pred_path), "--actors", actors],
        capture_output=True,
        text=True,
    ).stdout
    assert text_ours.startswith(text_ref) and "story split" in text_ours[len(text_ref) :]
