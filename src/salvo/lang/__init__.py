"""Language packs: each language's lexicons and cue patterns, as data, compiled once.

A pack is the folder ``salvo/data/lang/<code>/``. Each YAML file in it is a lexicon (words and the
values they stand for) or a cue file (named regex patterns). Cue files may hold ``fragments``,
pieces of pattern shared by several cues and written ``${name}`` inside a pattern. The core reads
packs only through this module, so a new language is a new folder plus its tests.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from salvo.lang.matcher import Cue

__all__ = ["Cue", "available", "cues", "lexicon", "compile_pattern"]

_REF = re.compile(r"\$\{(\w+)\}")


def _root() -> Any:
    return resources.files("salvo") / "data" / "lang"


@cache
def available() -> tuple[str, ...]:
    """Codes of the languages that have a pack."""
    return tuple(sorted(p.name for p in _root().iterdir() if p.is_dir()))


@cache
def lexicon(code: str, name: str) -> Any:
    """The parsed YAML file ``<name>.yaml`` of language ``code`` (cached: read once per process)."""
    path = _root() / code / f"{name}.yaml"
    if not path.is_file():
        raise LookupError(f"language pack {code!r} has no {name}.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _expand(source: str, fragments: dict[str, str], seen: tuple[str, ...] = ()) -> str:
    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in seen:
            raise ValueError(f"fragment {name!r} refers to itself")
        if name not in fragments:
            raise KeyError(f"unknown fragment ${{{name}}}")
        return _expand(fragments[name], fragments, (*seen, name))

    return _REF.sub(sub, source)


def compile_pattern(spec: str | dict[str, Any], fragments: dict[str, str]) -> re.Pattern[str]:
    """One cue entry as a compiled regex: a string, a list of alternatives, or a mapping."""
    if isinstance(spec, str):
        spec = {"pattern": spec}
    pattern = spec["pattern"]
    if isinstance(pattern, list):
        pattern = r"\b(?:" + "|".join(pattern) + r")\b"
    flags = 0 if spec.get("case") == "exact" else re.IGNORECASE
    return re.compile(_expand(pattern, fragments), flags)


@cache
def cues(code: str, name: str) -> dict[str, Cue]:
    """The named cues of file ``<name>.yaml`` in language ``code``, compiled once."""
    data = lexicon(code, name) or {}
    fragments: dict[str, str] = {k: str(v) for k, v in (data.get("fragments") or {}).items()}
    return {key: Cue(compile_pattern(spec, fragments)) for key, spec in (data.get("cues") or {}).items()}


@cache
def fragment(code: str, name: str, key: str) -> str:
    """A named, expanded pattern fragment of a cue file (for patterns built in code around it)."""
    data = lexicon(code, name) or {}
    fragments: dict[str, str] = {k: str(v) for k, v in (data.get("fragments") or {}).items()}
    return _expand(fragments[key], fragments)
