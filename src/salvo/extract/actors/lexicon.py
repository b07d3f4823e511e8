"""Actor mentions: the lexicon of armed groups, fronts and states, compiled once, and the scan for them."""


from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from salvo import lang
from salvo.lang.reading import fold_letters

LEXICON_PATH = Path(__file__).resolve().parents[2] / "data" / "actors.yaml"

IRAN_BACKED = "Iran-backed militias"
UNKNOWN = "unknown"
US = "United States"


@dataclass(frozen=True)
class ActorMention:
    """A named actor in a text; ``actor`` is canonical (commands folded into their state)."""

    start: int
    end: int
    text: str
    actor: str
    kind: str


@dataclass(frozen=True)
class AttributionCue:
    """A phrase that assigns (or denies) responsibility; ``actor`` None when it names no one."""

    start: int
    end: int
    text: str
    attribution: str
    actor: str | None


# ---------------------------------------------------------------- lexicon


def _key(s: str) -> str:
    """Lookup key: case, apostrophes, hyphens and spacing do not distinguish two spellings."""
    s = fold_letters(s).lower().replace("\u2013", " ").replace("\u2010", " ")
    s = re.sub(r"['’ʼ`]", "", s)
    s = re.sub(r"[\s\-]+", " ", s).strip()
    return s


#: Every generic label names its patron or says it is unknown: scan only around these words.
#: (other languages' words come from the actor file's ``generic_hints``)
_HINT = re.compile(r"iran|tehran|irgc|quds|unknown|unidentified", re.IGNORECASE)
_SEP = r"[\s\-\u2013\u2010]+"
_APOS = "['’ʼ`]?"


#: Kinds whose names are transliterated from Arabic, so spellings vary ("Kataeb Hizbullah").
_TRANSLITERATED = frozenset({"militia", "militia_front", "coalition_of_groups", "terrorist_group"})
_LATIN_NAME = re.compile(r"[A-Za-z'’ʼ`\s\-]{8,}")
_VOWELS = "aeiou'’ʼ`"
_VOWEL_RUN = f"[{_VOWELS}]{{1,3}}"
_ARTICLE = re.compile(r"[aeiu]l")


def _fuzzy(alias: str, kind: str) -> bool:
    """Whether an alias is matched in any transliteration: a Latin spelling of a group's name of two
    words or more besides "al-" (one word alone, "Nujaba", is too short to tell from others)."""
    words = [t for t in _tokens(alias) if not _ARTICLE.fullmatch(t.lower())]
    return kind in _TRANSLITERATED and len(words) >= 2 and _LATIN_NAME.fullmatch(alias) is not None


def _tokens(alias: str) -> list[str]:
    return re.split(r"[\s\-\u2013\u2010]+", alias.strip())


def _fuzzy_token_units(token: str) -> list[str]:
    """A word as units where vowels (and apostrophes) vary and consonants may be doubled."""
    units: list[str] = []
    for i, ch in enumerate(token.lower()):
        if ch in _VOWELS:
            if not units or units[-1] != _VOWEL_RUN:
                units.append(_VOWEL_RUN)
        elif i == 0:
            units.append(re.escape(ch))  # a literal first letter keeps the scan fast
        else:
            unit = re.escape(ch) + "{1,2}"
            if units[-1] != unit and units[-1] != re.escape(ch):
                units.append(unit)
    return units


def _alias_units(alias: str, fold: bool, fuzzy: bool = False) -> list[str]:
    """An alias as regex units: optional apostrophes, hyphen or space between words. A fuzzy alias
    also takes other vowels, doubled or single consonants, and "al-" / "el-" / none before a word."""
    units: list[str] = []
    article = f"(?:[aeiu]l{_SEP})?"
    for i, token in enumerate(_tokens(fold_letters(alias))):
        if i and (not units or units[-1] != article):
            units.append(_SEP)
        if fuzzy and _ARTICLE.fullmatch(token.lower()):
            units.append(article)
            continue
        if fuzzy:
            units.extend(_fuzzy_token_units(token))
            continue
        for ch in token:
            units.append(_APOS if ch in "'’ʼ`" else re.escape(ch.lower() if fold else ch))
    return units


def _fuzzy_key(s: str) -> str:
    """Lookup key of a fuzzy match: vowel runs, doubled consonants and the article folded away."""
    words: list[str] = []
    for token in _tokens(_key(s)):
        if not token or _ARTICLE.fullmatch(token):
            continue
        token = re.sub(r"[aeiou]+", "a", token)
        words.append(re.sub(r"([^aeiou])\1+", r"\1", token))
    return " ".join(words)


def _trie_regex(aliases: list[tuple[str, bool]], fold: bool) -> str:
    """One alternation factored by common prefixes: the regex engine branches once per character
    instead of trying hundreds of names at every word start."""
    trie: dict[str, Any] = {}
    for alias, fuzzy in aliases:
        node = trie
        for unit in _alias_units(alias, fold, fuzzy):
            node = node.setdefault(unit, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [unit + emit(child) for unit, child in sorted(node.items()) if unit]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return emit(trie)


@dataclass(frozen=True)
class _Entry:
    name: str
    actor: str
    kind: str
    parent: str | None


class _Lexicon:
    """Compiled lexicon: lookup tables and the three scanning regexes."""

    def __init__(self, data: dict[str, Any], source: Path) -> None:
        actors = data.get("actors")
        if not isinstance(actors, list):
            raise ValueError(f"{source}: 'actors' must be a list")
        self.by_key: dict[str, _Entry] = {}
        self.memo: dict[str, _Entry | None] = {}
        self.by_fuzzy: dict[str, _Entry] = {}
        ci_aliases: list[tuple[str, bool]] = []
        cs_aliases: list[tuple[str, bool]] = []
        for i, raw in enumerate(actors):
            if not isinstance(raw, dict) or not raw.get("name") or not raw.get("kind"):
                raise ValueError(f"{source}: actor #{i + 1} needs a name and a kind")
            name = str(raw["name"])
            entry = _Entry(name, str(raw.get("counts_as") or name), str(raw["kind"]), raw.get("parent"))
            for alias in [name, *(raw.get("aliases") or [])]:
                alias = str(alias)
                self.by_key.setdefault(_key(alias), entry)
                if re.fullmatch(r"[A-Z][A-Z.\-]*[A-Z.]", alias):
                    cs_aliases.append((alias, False))
                    continue
                fuzzy = _fuzzy(alias, entry.kind)
                ci_aliases.append((alias, fuzzy))  # a fuzzy pattern also takes the exact spelling
                if fuzzy:
                    self.by_fuzzy.setdefault(_fuzzy_key(alias), entry)
        self.generic: list[tuple[str, re.Pattern[str]]] = []
        for label, patterns in (data.get("generic") or {}).items():
            for pattern in patterns:
                # compared in the form the packs normalise their script to, as the aliases are
                self.generic.append((str(label), re.compile(fold_letters(str(pattern)), re.IGNORECASE)))
            self.by_key.setdefault(_key(label), _Entry(label, label, "generic", None))
        hints = [re.escape(fold_letters(str(h))) for h in data.get("generic_hints") or []]
        self.hint = re.compile("|".join([_HINT.pattern, *hints]), re.IGNORECASE)
        for label, forms in _GENERIC_FORMS.items():
            for form in forms:
                self.by_key.setdefault(_key(form), _Entry(label, label, "generic", None))

        bound_l, bound_r = r"(?<![\w'’])", rf"(?![\w]|[’'](?!s\b)\w|{_COMPOUND})"
        # a name may carry a proclitic its language writes onto it ("لكتائب"): the name is the group
        self.ci = re.compile(rf"{bound_l}{lang.proclitics()}(?P<name>{_trie_regex(ci_aliases, True)}){bound_r}",
                             re.IGNORECASE)
        self.cs = re.compile(rf"{bound_l}(?:{_trie_regex(cs_aliases, False)}){bound_r}")
        generic_alt = "|".join(f"(?P<g{i}>{p.pattern})" for i, (_, p) in enumerate(self.generic))
        self.generic_re = re.compile(rf"\b(?:{generic_alt})\b", re.IGNORECASE) if generic_alt else None

    def lookup(self, text: str) -> _Entry | None:
        if text in self.memo:
            return self.memo[text]
        entry = self.by_key.get(_key(text))
        if entry is None and text[:3].lower() in ("al-", "al "):
            entry = self.by_key.get(_key(text[3:]))
        if entry is None:
            entry = self.by_fuzzy.get(_fuzzy_key(text))
        if len(self.memo) < 50_000:
            self.memo[text] = entry
        return entry


#: "Iran-backed", "U.S.-made": a hyphenated modifier, not the actor itself.
_COMPOUND = (r"[-\u2010](?:backed|aligned|affiliated|linked|allied|supported|sponsored|armed|equipped|directed"
             r"|inspired|made|built|designed"
             r"|supplied|friendly|based|led|run|controlled|funded|trained|owned|origin)")

#: Spellings the reference scorer accepts for the generic labels (used by canonical_actor only).
_GENERIC_FORMS = {
    IRAN_BACKED: ["Iranian-backed militias", "Iran-aligned militias", "pro-Iran militias",
                  "pro-Iranian militias", "Iran-backed groups", "Iran-backed militia",
                  "Iranian-backed militants", "Iran-backed militants", "Iran-aligned groups"],
    UNKNOWN: ["unknown", "none", "unidentified"],
}


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> _Lexicon:
    """Read and compile the lexicon once; a broken file raises ValueError naming the file."""
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read actor lexicon: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping with 'actors' and 'generic'")
    return _Lexicon(data, path)


_LEX = load_lexicon()


def canonical_actor(name: str) -> str:
    """Canonical (scored) name for an alias; unknown names come back unchanged, stripped."""
    entry = _LEX.lookup(name.strip())
    if entry is not None:
        return entry.actor
    if _LEX.generic_re is not None:
        m = _LEX.generic_re.fullmatch(name.strip())
        if m and m.lastgroup:
            return _LEX.generic[int(m.lastgroup[1:])][0]
    return name.strip()


_REACH = 100


def _hint_windows(text: str) -> list[tuple[int, int]]:
    """Merged spans around the hint words, cut at whitespace so no word is split."""
    spans: list[tuple[int, int]] = []
    for m in _LEX.hint.finditer(text):
        lo = text.rfind(" ", 0, max(0, m.start() - _REACH)) + 1
        hi = text.find(" ", m.end() + _REACH)
        hi = len(text) if hi < 0 else hi
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))
        else:
            spans.append((lo, hi))
    return spans


def find_actors(text: str, code: str | None = None) -> list[ActorMention]:
    """Actor mentions, left to right, non-overlapping (the longest wins where two overlap).

    The actor file holds every language's aliases (``code`` is the text's language; one scan
    serves all), compared in the form the packs normalise their script to."""
    found: list[tuple[int, int, str, str]] = []
    for regex in (_LEX.ci, _LEX.cs):
        for m in regex.finditer(text):
            name = "name" if "name" in regex.groupindex else 0
            entry = _LEX.lookup(m.group(name))
            if entry is not None:
                found.append((m.start(name), m.end(name), entry.actor, entry.kind))
    if _LEX.generic_re is not None:
        for lo, hi in _hint_windows(text):
            for m in _LEX.generic_re.finditer(text, lo, hi):
                label = _LEX.generic[int(m.lastgroup[1:])][0] if m.lastgroup else IRAN_BACKED
                found.append((m.start(), m.end(), label, "generic"))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[ActorMention] = []
    last_end = -1
    for start, end, actor, kind in found:
        if start < last_end:
            continue
        out.append(ActorMention(start, end, text[start:end], actor, kind))
        last_end = end
    return out
