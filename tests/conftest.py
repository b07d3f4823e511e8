"""Shared test fixtures: where the contract files live (read in place, never copied)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GOLD_FILES = sorted((SHARED / "gold").glob("*.jsonl"))
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
    return read_gold()
