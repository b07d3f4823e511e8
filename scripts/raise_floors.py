"""Raise the quality floors in tests/quality_floors.json to the figures measured now (minus 0.01).

Floors only rise: a floor already above the new measured value minus 0.01 stays where it is, and a
figure that fell below its floor is reported (and the script exits non-zero) instead of lowering it.
Run it after an improvement, then commit the file with the change that earned it.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

import test_quality_gate as gate  # noqa: E402


def main() -> int:
    data = json.loads(gate.FLOORS_FILE.read_text())
    preds, errors = gate.run_gates(data["gates"])
    if errors:
        print("\n".join(str(e) for e in errors), file=sys.stderr)
        return 2
    aliases = gate.load_aliases(None)
    fell: list[str] = []
    for name, spec in data["gates"].items():
        gold, _ = gate.read_lines(gate.gate_files(spec))
        now = gate.measured(gate.score_subset(gold, preds[gate.gate_dir(spec)], list(gold), aliases).to_json())
        spec["measured"] = {k: round(v, 4) for k, v in now.items()}
        for figure, value in now.items():
            target = 1.0 if figure == "grounding" and value == 1.0 else math.floor((value - 0.01) * 1000) / 1000
            old = spec["floors"][figure]
            if value < old:
                fell.append(f"{name} {figure}: {value:.4f} < floor {old}")
            spec["floors"][figure] = max(old, max(target, 0.0))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO)
    data["at_commit"] = commit.stdout.strip()
    gate.FLOORS_FILE.write_text(json.dumps(data, indent=2) + "\n")
    for line in fell:
        print("below its floor:", line, file=sys.stderr)
    print(json.dumps({n: s["floors"] for n, s in data["gates"].items()}, indent=1))
    return 1 if fell else 0


if __name__ == "__main__":
    sys.exit(main())
