"""Shared test fixtures: where the contract files live (read in place, never copied)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GOLD_DIR = SHARED / "gold"
GOLD_FILES = sorted(GOLD_DIR.glob("*.jsonl"))
#: The English gold: what the English pipeline is measured on (the other-languages file is not).
ENGLISH_GOLD = [GOLD_DIR / name for name in ("dev.jsonl", "seeds.jsonl", "dev2.jsonl")]
#: dev + seeds: the files the gold-driven bars of the merge and store tests were first set on.
FIRST_GOLD = ENGLISH_GOLD[:2]
SEEDS_DIR = SHARED / "seeds"
REFERENCE = SHARED / "reference"
SAMPLES = REPO / "samples"


def read_gold(paths: list[Path] | None = None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in paths or GOLD_FILES:
        with path.open(encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle if line.strip())
    return rows


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def gold_rows(shared_dir: Path) -> list[dict[str, Any]]:
    """Every gold file's lines, the other languages included."""
    return read_gold()


@pytest.fixture(scope="session")
def gold_sets(shared_dir: Path) -> dict[str, list[Path]]:
    """Named sets of gold files, for bars set per set (``dev+seeds``, ``english``)."""
    return {"dev+seeds": list(FIRST_GOLD), "english": list(ENGLISH_GOLD)}
