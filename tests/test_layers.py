"""The layers contract of pyproject.toml holds: each layer imports only the layers below it.

import-linter (a dev dependency) checks the contract over the whole import graph, indirect
chains included; a second test makes sure the check would catch a wrong-way import.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(src: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    if not LINT_IMPORTS.is_file():
        pytest.fail(f"{LINT_IMPORTS} not found: install the dev dependencies (pip install -e '.[dev]')")
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(cwd / "pyproject.toml")],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_layers_contract_is_kept() -> None:
    result = lint_imports(REPO / "src", REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 broken" in result.stdout


def test_a_wrong_way_import_breaks_the_contract(tmp_path: Path) -> None:
    """The store importing ingest (a layer above it) must be reported."""
    shutil.copytree(REPO / "src" / "salvo", tmp_path / "src" / "salvo", ignore=shutil.ignore_patterns("static"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    db = tmp_path / "src" / "salvo" / "store" / "db.py"
    db.write_text(db.read_text(encoding="utf-8") + "\nimport salvo.ingest.readers  # noqa\n", encoding="utf-8")
    result = lint_imports(tmp_path / "src", tmp_path)
    assert result.returncode != 0
    assert "salvo.store.db -> salvo.ingest.readers" in result.stdout
