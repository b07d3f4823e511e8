"""Poison lines we write ourselves: each one a class of input that once killed a whole batch."""

from __future__ import annotations

import json
from pathlib import Path

GOOD_A = {
    "id": "good-a",
    "url": "https://wire.example/a",
    "published": "2023-11-20",
    "text": "Two rockets struck a base hosting US troops in Anbar on Monday. Nobody was hurt, officials said.",
}
GOOD_B = {
    "id": "good-b",
    "url": "https://wire.example/b",
    "published": "2023-11-22",
    "text": "A drone attack on a US base in eastern Syria on Wednesday injured four soldiers, the Pentagon said.",
}


def _line(**changes: object) -> str:
    return json.dumps({**GOOD_A, "id": "bad", "url": "https://wire.example/bad", **changes})


#: (what it is, the raw JSONL line, a word the error message must hold)
POISON: list[tuple[str, str, str]] = [
    ("deep nesting", "[" * 50_000 + "]" * 50_000, "nested"),
    ("deep nesting in an extra field", _line(meta=json.loads("[" * 100 + "]" * 100)), "nested"),
    ("lone surrogate in the text", _line(text="Rockets hit \\ud800.").replace("\\\\ud800", "\\ud800"), "surrogate"),
    ("lone surrogate in the title", _line(title="x").replace('"title": "x"', '"title": "\\udfff"'), "surrogate"),
    ("year one", _line(published="0001-01-01"), "published"),
    ("year 9999", _line(published="9999-12-31"), "published"),
    ("NUL in the title", _line(title="a\x00b"), "NUL"),
    ("NUL in the outlet", _line(outlet="a\x00b"), "NUL"),
    ("NUL in the url", _line(url="https://wire.example/\x00"), "NUL"),
    ("url over 2048", _line(url="https://wire.example/" + "p" * 2100), "url"),
    ("id over 512", _line(id="i" * 600), "id"),
    ("outlet over 256", _line(outlet="o" * 300), "outlet"),
    ("an integer of 5000 digits", _line(score=0).replace('"score": 0', '"score": ' + "9" * 5000), "JSON"),
    ("an integer of 2^64", _line(score=2**64), "range"),
    ("infinity", _line(score=0).replace('"score": 0', '"score": Infinity'), "finite"),
]


def poison_file(path: Path) -> Path:
    """Good line, every poison line, good line: the good two must come through."""
    lines = [json.dumps(GOOD_A), *(raw for _, raw, _ in POISON), json.dumps(GOOD_B)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
