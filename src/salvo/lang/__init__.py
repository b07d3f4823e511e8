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
from salvo.lang.reading import current, normalise, normaliser, reading

__all__ = ["Cue", "available", "cues", "current", "lexicon", "compile_pattern", "normalise", "reading", "cue_or_never"]

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
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if name == "normalise":
        return data
    norm = normaliser(code)
    return data if norm.identity else _normalised(data, lambda text: normalise(text, code).text)


def _normalised(data: Any, fn: Any) -> Any:
    """Every string of a parsed pack file (keys too) in the form the pack's normaliser gives its text:
    a pack is written in ordinary spelling and read as the stages read the articles."""
    if isinstance(data, str):
        return fn(data)
    if isinstance(data, list):
        return [_normalised(item, fn) for item in data]
    if isinstance(data, dict):
        return {_normalised(k, fn): _normalised(v, fn) for k, v in data.items()}
    return data


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


#: A cue that never matches: what a pack that lacks a cue reads for it.
NEVER = Cue(re.compile(r"(?!x)x"))


def cue_or_never(code: str, name: str, key: str) -> Cue:
    """Cue ``key`` of file ``name`` in language ``code``; a pack other than English may leave a cue
    out (its language has no such phrasing, or no one wrote it yet): then it never matches."""
    found = cues(code, name).get(key)
    if found is not None:
        return found
    if code == "en":
        raise KeyError(f"cue {key!r} missing from en/{name}.yaml")
    return NEVER


def has(code: str, name: str) -> bool:
    """Whether language ``code``'s pack has the file ``<name>.yaml``."""
    return (_root() / code / f"{name}.yaml").is_file()


@cache
def proclitics() -> str:
    """Letters any pack's language writes onto a name (its ``pack.yaml`` ``proclitics``), as an
    optional regex group: names of every language are matched in one scan."""
    forms: set[str] = set()
    for code in available():
        if has(code, "pack"):
            forms.update(str(f) for f in (lexicon(code, "pack") or {}).get("proclitics") or [])
    if not forms:
        return ""
    return "(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + ")?"
