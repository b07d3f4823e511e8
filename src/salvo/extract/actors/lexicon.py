"""Actor mentions: the lexicon of armed groups, fronts and states, compiled once, and the scan for them."""


from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

import yaml

from salvo import lang
from salvo.lang.matcher import lowered_pattern
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
        # lower-case twins, run on the lower-cased text (the engine is several times faster without IGNORECASE)
        self.ci_low, self.hint_low = _lowered(self.ci), _lowered(self.hint)
        self.generic_low = _lowered(self.generic_re) if self.generic_re is not None else None

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


def _lowered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The case-insensitive pattern in lower case, without IGNORECASE: on a lower-cased text it matches
    what the pattern matches on the text, where the text passes ``_CASELESS_SAFE``."""
    return re.compile(lowered_pattern(pattern.pattern), pattern.flags & ~re.IGNORECASE)


#: Characters for which lower-casing the text and matching without IGNORECASE could differ from matching
#: with it: outside Latin, Arabic and punctuation, and the letters the engine folds beside their lower
#: case (dotless i, long s, micro sign). A text holding one is read with the case-insensitive patterns.
_CASE_RISK = re.compile("[^\x00-\xb4\xb6-\u0130\u0132-\u017e\u0180-\u024f\u0600-\u06ff\u0750-\u077f"
                        "\u2000-\u206f\u20a0-\u20cf\ufb50-\ufdff\ufe70-\ufeff]")


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


def _hint_windows(text: str, hint: re.Pattern[str]) -> list[tuple[int, int]]:
    """Merged spans around the hint words, cut at whitespace so no word is split."""
    spans: list[tuple[int, int]] = []
    for m in hint.finditer(text):
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
    return scan_actors(text).mentions


@dataclass(frozen=True)
class ActorScan:
    """One scan of a text for actors: its mentions, and the span of every match the patterns made
    (kept or not), so that a sentence's mentions can be taken from the scan of its article."""

    mentions: list[ActorMention]
    #: 1 at the offsets strictly inside a match: a piece whose edge is one of them cuts a match
    inside: bytes
    #: where a generic label's match ends (its pattern may look past its end)
    generic_ends: frozenset[int]

    def within(self, text: str, start: int, end: int) -> list[ActorMention] | None:
        """The mentions of ``text[start:end]`` with offsets into it, as ``find_actors`` of that piece gives
        them; None when the scan cannot tell: a match crosses an edge of the piece, a generic label ends at
        its end, or an edge touches a word (what the patterns read around a name differs there)."""
        if start and not text[start - 1].isspace() or end < len(text) and not text[end].isspace():
            return None
        if self.inside[start] or self.inside[end] or end in self.generic_ends:
            return None
        lo = bisect.bisect_left(self.mentions, start, key=_start_of)
        out: list[ActorMention] = []
        for m in self.mentions[lo:]:
            if m.start >= end:
                break
            out.append(ActorMention(m.start - start, m.end - start, m.text, m.actor, m.kind))
        return out


def _start_of(m: ActorMention) -> int:
    return m.start


def scan_actors(text: str) -> ActorScan:
    """Actor mentions of ``text`` (see ``find_actors``) with the spans of every match behind them."""
    low = text.lower()
    fast = len(low) == len(text) and _CASE_RISK.search(text) is None
    subject = low if fast else text
    found: list[tuple[int, int, int, str, str]] = []  # start, start - end (the longest first), end, ...
    inside = bytearray(len(text) + 1)
    generic_ends: set[int] = set()
    for regex, name in ((_LEX.ci_low if fast else _LEX.ci, "name"), (_LEX.cs, 0)):
        for m in regex.finditer(subject if name else text):
            a, b = m.span()
            inside[a + 1:b] = b"\x01" * (b - a - 1)
            start, end = m.span(name)
            entry = _LEX.lookup(text[start:end])
            if entry is not None:
                found.append((start, start - end, end, entry.actor, entry.kind))
    generic = _LEX.generic_low if fast else _LEX.generic_re
    if generic is not None:
        for lo, hi in _hint_windows(subject, _LEX.hint_low if fast else _LEX.hint):
            for m in generic.finditer(subject, lo, hi):
                label = _LEX.generic[int(m.lastgroup[1:])][0] if m.lastgroup else IRAN_BACKED
                a, b = m.span()
                found.append((a, a - b, b, label, "generic"))
                inside[a + 1:b] = b"\x01" * (b - a - 1)
                generic_ends.add(b)
    found.sort(key=itemgetter(0, 1))  # stable: of two equal spans the first found wins
    out: list[ActorMention] = []
    last_end = -1
    for start, _, end, actor, kind in found:
        if start < last_end:
            continue
        out.append(ActorMention(start, end, text[start:end], actor, kind))
        last_end = end
    return ActorScan(out, bytes(inside), frozenset(generic_ends))
