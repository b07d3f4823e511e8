"""Gazetteer: find named places (bases, towns, provinces, countries) in text.

One compiled trie-shaped regex over every alias runs on a case/diacritic-folded copy of the text
(same length, so offsets map back 1:1).  Spelling noise that reporters produce is absorbed by the
pattern itself: separators between alias words may be space, hyphen, apostrophe or nothing, and
doubled consonants match single ones ("Al-Assad" = "Al Asad").  Ambiguous aliases carry guards in
the data file (case-sensitive, need nearby context, vetoed before/after); aliases of the form
"al-X" are vetoed after a capitalised given name ("Bashar al-Assad").
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from salvo import lang
from salvo.errors import GazetteerError
from salvo.lang.reading import letter_table
from salvo.vocab import LOCATION_PRECISIONS

log = logging.getLogger(__name__)

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "gazetteer.yaml"
EXTRA_ENV = "SALVO_GAZETTEER_EXTRA"
PRECISIONS = LOCATION_PRECISIONS
KIND_PRECISION = {
    "country": "country", "region": "site", "province": "admin1", "governorate": "admin1",
    "city": "city", "town": "city", "village": "city", "district": "city",
}


@dataclass(frozen=True)
class Place:
    name: str
    kind: str
    country: str
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: str  # "site" | "city" | "admin1" | "country"


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str  # offsets into the text passed in
    place: Place
    qualifier: str | None  # "near", "outside", "western", "north of", ... when the text says so


# --------------------------------------------------------------------------- folding


class _FoldTable(dict[int, str]):
    """str.translate table: one char in, one char out (lower case, no diacritics, plain dashes)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        letters = letter_table()
        if code in letters:  # a pack's letter variants ("ة" as "ه"), as the stages read that pack's text
            ch = letters[code]
        if ch in "\u2018\u2019\u02bc\u02bb`\u00b4\u2032":
            out = "'"
        elif ch in "\u2010\u2011\u2012\u2013\u2014\u2212":
            out = "-"
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            base = base.lower()
            out = base[0] if base else ch
        self[code] = out
        return out


_FOLD = _FoldTable()


class _NonAsciiFoldTable(_FoldTable):
    """The fold of non-ASCII characters only (ASCII left as lower-cased), for ``str.translate``."""

    def __missing__(self, code: int) -> str:
        out = chr(code) if code < 128 else _FOLD[code]
        self[code] = out
        return out


_FOLD_NON_ASCII = _NonAsciiFoldTable()


def fold(text: str) -> str:
    """Case- and diacritic-folded copy of ``text`` with the same length (offsets stay valid)."""
    low = text.lower()
    if low.isascii():
        return low
    if len(low) != len(text):  # a few capitals lower-case to two characters ("İ")
        return text.translate(_FOLD)
    return low.translate(_FOLD_NON_ASCII)  # one C pass: text in another script is mostly non-ASCII


_TOKEN_RE = re.compile(r"[^\W_]+")
_VOWELS = set("aeiou")
_DOUBLE_RE = re.compile(r"([b-df-hj-np-tv-z])\1+")
SEP = r"[\s\-'.]*"


@lru_cache(maxsize=8192)
def skeleton(text: str) -> str:
    """Comparison key: folded letters and digits only, doubled consonants collapsed."""
    return _DOUBLE_RE.sub(r"\1", "".join(_TOKEN_RE.findall(fold(text))))


def _case_sig(text: str) -> str:
    """Letters as written (case kept), doubled consonants collapsed: for case-sensitive aliases."""
    raw = "".join(_TOKEN_RE.findall(text))
    return re.sub(r"([b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z])\1+", r"\1", raw)


def _units(alias: str) -> list[str]:
    """Regex units of one alias: one per character, SEP between words."""
    out: list[str] = []
    for i, token in enumerate(_TOKEN_RE.findall(fold(alias))):
        if i:
            out.append(SEP)
        token = _DOUBLE_RE.sub(r"\1", token)
        if token in ("us", "uk"):  # "US" also written "U.S."
            out.extend([token[0], SEP, token[1] + token[1] + "?"])
            continue
        for ch in token:
            if "a" <= ch <= "z" and ch not in _VOWELS:
                out.append(ch + ch + "?")
            else:
                out.append(re.escape(ch))
    return out


class _Trie:
    __slots__ = ("children", "terminal")

    def __init__(self) -> None:
        self.children: dict[str, _Trie] = {}
        self.terminal = False

    def add(self, units: list[str]) -> None:
        node = self
        for unit in units:
            node = node.children.setdefault(unit, _Trie())
        node.terminal = True

    def pattern(self) -> str:
        alts = [unit + child.pattern() for unit, child in sorted(self.children.items())]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if self.terminal else body


# --------------------------------------------------------------------------- context rules

_SUFFIXES = {
    "base": "air base|airbase|air field|airfield|international airport|airport|air port|military base"
            "|military airport|base|garrison|camp|outpost",
    "province": "provinces|province|governorates|governorate|countryside",
    "other": "district|city|town|area|region|oil fields|oil field|oilfields|oilfield|gas fields|gas field",
}
_SUFFIX_SEP = r"[ \t\-]+"
_SUFFIX_RE = "|".join(_SUFFIX_SEP.join(re.escape(w) for w in s.split()) for g in _SUFFIXES.values()
                      for s in g.split("|"))
_PROVINCE_SUFFIX = {skeleton(s) for s in _SUFFIXES["province"].split("|")}
_DIR = r"(?:north|south)(?:[\s-]?(?:east|west))?|east|west"
_REL_RE = re.compile(
    r"(?:\b(?P<near>near|nearby|close to|around|in the vicinity of|vicinity of|not far from|next to)"
    r"|\b(?P<out>(?:just |on the |in the )?(?:outside(?: of)?|outskirts of))"
    rf"|\b(?:\d[\d.,]*\s*(?:km|kilometers|kilometres|miles|mi)\s+|(?:kilometers|kilometres|miles)\s+)?"
    rf"(?P<dir>{_DIR}) of)\s+(?:the\s+)?$"
)
_ADJ_RE = re.compile(rf"\b(?P<adj>(?:{_DIR})(?:ern)?|central)\s+(?:the\s+)?$")
_PROV_OF_RE = re.compile(r"\b(?:province|governorate)s? of\s+(?:the\s+)?$")
#: "the eastern town of X", "Iraq's northern province of X": the direction places X in its country,
#: it does not narrow X, so no qualifier is given.
_IN_OF_RE = re.compile(
    r"\b(?:city|town|village|province|governorate|region|area|district|capital|border town) of\s+(?:the\s+)?$"
)
#: Last words before a mention that may start a qualifier or "province of": the regexes run only then.
_TRIGGERS = {
    "of", "near", "nearby", "to", "around", "outside", "the", "central", *(
        d + e for d in ("north", "south", "east", "west", "northeast", "northwest", "southeast",
                        "southwest", "north-east", "north-west", "south-east", "south-west")
        for e in ("", "ern")),
}
_NAME_BEFORE_RE = re.compile(r"(?<![\w'])([A-Z][a-z]+)[\s-]+$")
_NAME_OK = {
    "In", "At", "On", "Near", "From", "To", "The", "Of", "And", "Or", "Outside", "Around", "By",
    "Camp", "Base", "Fort", "Province", "Governorate", "City", "Town", "District", "Village",
    "Airport", "Airbase", "Field", "Western", "Eastern", "Northern", "Southern", "Central", "Targeting",
    "Northeast", "Northwest", "Southeast", "Southwest", "North", "South", "East", "West", "Against",
    "Attack", "Attacks", "Strike", "Strikes", "Rockets", "Drones", "Hit", "Targeted", "Via", "Toward",
    "Towards", "Inside", "Into", "Over", "Across", "Between", "Both", "Including",
}


def _norm_dir(word: str) -> str:
    w = re.sub(r"[\s-]", "", word)
    if w == "central" or w.endswith("ern"):
        return w
    return w + "ern"


@dataclass
class _Guard:
    case: set[str] = field(default_factory=set)
    context: re.Pattern[str] | None = None
    before: re.Pattern[str] | None = None
    not_before: re.Pattern[str] | None = None
    not_after: re.Pattern[str] | None = None
    person_veto: bool = False
    suffix_ok: set[str] | None = None  # suffixes that stand in for context (None: any)
    title: bool = False  # the mention must start with a capital ("Qaim", not "qaim")

    def plain(self) -> bool:
        return not (self.context or self.before or self.not_before or self.not_after or self.person_veto
                    or self.title)

    def allows(self, text: str, folded: str, start: int, end: int, core_end: int, suf: str | None) -> bool:
        if self.case and _case_sig(text[start:core_end]) not in self.case:
            return False
        if self.title and not text[start:start + 1].isupper():
            return False
        if self.person_veto:
            m = _NAME_BEFORE_RE.search(text, max(0, start - 30), start)
            if m and m.group(1) not in _NAME_OK:
                return False
        before = folded[max(0, start - 60):start]
        after = folded[end:end + 40]
        suffix = bool(suf) and (self.suffix_ok is None or skeleton(suf or "") in self.suffix_ok)
        if self.not_before and self.not_before.search(before):
            return False
        if self.not_after and self.not_after.match(after):
            return False
        if self.before and not suffix and not self.before.search(text[max(0, start - 60):start]):
            return False
        if self.context and not suffix:
            window = folded[max(0, start - 120):start] + " " + folded[end:end + 120]
            if not self.context.search(window):
                return False
        return True


def _compile_opt(pattern: Any, where: str, flags: int = 0) -> re.Pattern[str] | None:
    if not pattern:
        return None
    try:
        return re.compile(str(pattern), flags)
    except re.error as exc:
        raise GazetteerError(f"{where}: bad regex {pattern!r}: {exc}") from None


# --------------------------------------------------------------------------- loading


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records the source line of each mapping under ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping: dict[str, Any] = {str(k): v for k, v in loader.construct_mapping(node, deep=True).items()}
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_entries(path: str | Path) -> list[dict[str, Any]]:
    """Raw entries of one gazetteer YAML file (a list, or a mapping with a ``places`` list)."""
    p = Path(path)
    try:
        data = yaml.load(p.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
    except OSError as exc:
        raise GazetteerError(f"{p}: cannot read gazetteer file: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise GazetteerError(f"{p}{line}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if isinstance(data, dict) and isinstance(data.get("places"), list):
        data = data["places"]
    if data is None:
        return []
    if not isinstance(data, list):
        raise GazetteerError(f"{p}:1: expected a list of place entries")
    out = []
    for item in data:
        if isinstance(item, dict):
            item["__file__"] = str(p)
        out.append(item)
    return out


def _where(entry: dict[str, Any]) -> str:
    return f"{entry.get('__file__', '?')}:{entry.get('__line__', '?')}"


def merge_entries(base: list[dict[str, Any]], extra: Iterable[Any],
                  errors: list[str] | None = None) -> list[dict[str, Any]]:
    """Later entries with a known name add aliases/guards and override fields; new names append."""
    result = [dict(e) for e in base]
    index = {skeleton(str(e["name"])): i for i, e in enumerate(result) if isinstance(e.get("name"), str)}
    for entry in extra:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            where = _where(entry) if isinstance(entry, dict) else "?"
            _report(errors, f"{where}: place entry without a 'name' string; skipped")
            continue
        key = skeleton(entry["name"])
        if key not in index:
            index[key] = len(result)
            result.append({k: v for k, v in entry.items() if k != "drop_aliases"})
            continue
        old = result[index[key]]
        merged = dict(old)
        for k, v in entry.items():
            if k in ("aliases", "guards", "drop_aliases", "name"):
                continue
            merged[k] = v
        aliases = list(old.get("aliases") or [])
        have = {skeleton(str(a)) for a in aliases}
        for a in entry.get("aliases") or []:
            if skeleton(str(a)) not in have:
                aliases.append(a)
                have.add(skeleton(str(a)))
        drop = {skeleton(str(a)) for a in entry.get("drop_aliases") or []}
        merged["aliases"] = [a for a in aliases if skeleton(str(a)) not in drop]
        merged["guards"] = list(old.get("guards") or []) + list(entry.get("guards") or [])
        result[index[key]] = merged
    return result


def _report(errors: list[str] | None, message: str) -> None:
    log.warning(message)
    if errors is not None:
        errors.append(message)


def _to_place(entry: dict[str, Any]) -> Place:
    where = _where(entry)
    name, kind, country = entry.get("name"), entry.get("kind"), entry.get("country")
    if not isinstance(kind, str) or not kind:
        raise GazetteerError(f"{where}: place {name!r} has no 'kind'")
    if not isinstance(country, str) or not re.fullmatch(r"[A-Z]{2}", country):
        raise GazetteerError(f"{where}: place {name!r} needs 'country' as ISO alpha-2, got {country!r}")
    precision = entry.get("precision") or KIND_PRECISION.get(kind, "site")
    if precision not in PRECISIONS:
        raise GazetteerError(f"{where}: place {name!r}: precision {precision!r} not one of {PRECISIONS}")
    coords: list[float | None] = []
    for key, limit in (("lat", 90.0), ("lon", 180.0)):
        value = entry.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)
                                  or abs(float(value)) > limit):
            raise GazetteerError(f"{where}: place {name!r}: {key} {value!r} is not a coordinate")
        coords.append(None if value is None else float(value))
    admin1 = entry.get("admin1")
    if admin1 is not None and not isinstance(admin1, str):
        raise GazetteerError(f"{where}: place {name!r}: admin1 must be a string or null")
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise GazetteerError(f"{where}: place {name!r}: aliases must be a list of strings")
    return Place(str(name), kind, country, admin1, coords[0], coords[1], str(precision))


def _guard_from(spec: Any, where: str) -> tuple[list[str], _Guard]:
    if not isinstance(spec, dict) or not isinstance(spec.get("aliases"), list):
        raise GazetteerError(f"{where}: a guard needs an 'aliases' list")
    aliases = [str(a) for a in spec["aliases"]]
    guard = _Guard()
    if spec.get("case_sensitive"):  # as written, or in capitals (headlines)
        guard.case = {_case_sig(a) for a in aliases} | {_case_sig(a.upper()) for a in aliases}
    words = spec.get("context")
    if words:
        alt = "|".join(SEP.join(re.escape(t) for t in _TOKEN_RE.findall(fold(str(w)))) for w in words)
        guard.context = re.compile(rf"(?<![^\W_])(?:{alt})(?![^\W_])")
    guard.before = _compile_opt(spec.get("before"), where)
    guard.not_before = _compile_opt(spec.get("not_before"), where)
    guard.not_after = _compile_opt(spec.get("not_after"), where)
    if spec.get("suffixes") is not None:
        guard.suffix_ok = {skeleton(str(s)) for s in spec["suffixes"]}
    return aliases, guard


# --------------------------------------------------------------------------- the gazetteer


class Gazetteer:
    """All known places and one compiled matcher over their aliases."""

    def __init__(self, entries: list[dict[str, Any]], errors: list[str] | None = None) -> None:
        self.errors: list[str] = errors if errors is not None else []
        self._places: list[Place] = []
        self._by_name: dict[str, int] = {}
        self._by_alias: dict[str, int] = {}
        self._guards: dict[str, list[_Guard]] = {}
        self._province: dict[tuple[str, str], int] = {}
        trie = _Trie()
        for entry in entries:
            try:
                place = _to_place(entry)
                guards = [_guard_from(g, _where(entry)) for g in entry.get("guards") or []]
            except GazetteerError as exc:
                _report(self.errors, f"{exc}; entry skipped")
                continue
            idx = len(self._places)
            self._places.append(place)
            self._by_name[skeleton(place.name)] = idx
            if place.precision == "admin1" and place.admin1:
                self._province.setdefault((place.country, skeleton(place.admin1)), idx)
            for alias in [place.name, *entry.get("aliases", [])]:
                alias = re.sub(r"\s*\([^)]*\)\s*$", "", alias)  # "Baghdad (city)" -> "Baghdad"
                key = skeleton(alias)
                if not key:
                    continue
                self._by_alias[key] = idx  # later entries win
                trie.add(_units(alias))
                letters = "".join(_TOKEN_RE.findall(alias))
                auto = _Guard()
                if len(letters) <= 4 and letters.isascii():
                    if letters.isupper() or letters.isdigit() or not letters.isalpha():
                        auto.case = {_case_sig(alias)}  # codes: "IZ", "K1", "BIAP"
                    else:
                        auto.title = True  # short names: "Qaim", "Tanf", "Iraq"
                if re.match(r"(?i)(?:al|el)[\s\-'’]", alias):
                    auto.person_veto = True
                if auto.case or auto.title or auto.person_veto:
                    self._add_guard(key, idx, auto)
            for aliases, guard in guards:
                for alias in aliases:
                    self._add_guard(skeleton(alias), idx, guard)
        body = trie.pattern() or r"(?!x)x"
        self._regex = re.compile(
            rf"(?<![^\W_]){lang.proclitics()}(?P<core>{body})(?:(?P<poss>'s)?{_SUFFIX_SEP}(?P<suf>{_SUFFIX_RE}))?(?![^\W_])"
        )

    def _add_guard(self, key: str, idx: int, guard: _Guard) -> None:
        existing = self._guards.setdefault(key, [])
        if guard.case:
            # case-only guards on one key pool their spellings ("K-1" and "K1"); a stricter guard
            # also admits the spellings of the case-only ones, which it replaces
            for g in list(existing):
                if g.case and g.plain():
                    if guard.plain():
                        g.case |= guard.case
                        return
                    guard.case |= g.case
                    existing.remove(g)
                elif g.case and guard.plain():
                    g.case |= guard.case
                    return
        existing.append(guard)

    # ---------------------------------------------------------------- constructors

    @classmethod
    def load(cls, *paths: str | Path) -> Gazetteer:
        """Gazetteer from YAML files; later files add aliases to / override earlier entries."""
        errors: list[str] = []
        entries: list[dict[str, Any]] = []
        for path in paths:
            entries = merge_entries(entries, read_entries(path), errors)
        return cls(entries, errors)

    @classmethod
    def default(cls) -> Gazetteer:
        """The packaged gazetteer plus the files named in $SALVO_GAZETTEER_EXTRA (cached)."""
        return _default(os.environ.get(EXTRA_ENV, ""))

    # ---------------------------------------------------------------- queries

    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self) -> Iterator[Place]:
        return iter(self._places)

    def get(self, name: str) -> Place | None:
        """Place by canonical name or alias (case/diacritic/hyphen-insensitive)."""
        key = skeleton(name)
        idx = self._by_name.get(key)
        if idx is None:
            idx = self._by_alias.get(key)
        if idx is None:
            stripped = skeleton(re.sub(r"\s*\([^)]*\)\s*$", "", name))
            idx = self._by_name.get(stripped, self._by_alias.get(stripped))
        return None if idx is None else self._places[idx]

    def province_of(self, place: Place) -> Place | None:
        """The governorate entry for a place's admin1, when the gazetteer has one."""
        if not place.admin1:
            return None
        idx = self._province.get((place.country, skeleton(place.admin1)))
        return None if idx is None else self._places[idx]

    def find(self, text: str) -> list[PlaceMention]:
        """Place mentions in ``text``: non-overlapping, longest first, sorted by start."""
        folded = fold(text)
        out: list[PlaceMention] = []
        for m in self._regex.finditer(folded):
            start, end, core_end = m.start(), m.end(), m.end("core")
            core = skeleton(m.group("core"))
            suf = m.group("suf")
            key = core + skeleton(suf) if suf else core
            idx = self._by_alias.get(key) if suf else None
            if idx is not None:
                core_end, suf = end, None  # the whole phrase is an alias
            else:
                key, idx = core, self._by_alias.get(core)
                if m.group("poss") or (idx is not None and self._places[idx].precision == "country"):
                    end, suf = core_end, None  # "Kirkuk's base", "Iraq base": not part of the name
            if idx is None:
                continue
            guards = self._guards.get(key)
            if guards and not all(g.allows(text, folded, start, end, core_end, suf) for g in guards):
                continue
            place = self._places[idx]
            before = folded[max(0, start - 60):start]
            last = before[-16:].rsplit(None, 2)
            trigger = bool(last) and (last[-1] in _TRIGGERS or len(last) > 1 and last[-2] in _TRIGGERS)
            prov = _PROV_OF_RE.search(before) if trigger else None
            to_province = (suf and skeleton(suf) in _PROVINCE_SUFFIX) or prov is not None
            if to_province and place.precision == "city":
                place = self.province_of(place) or place
            qualifier = None
            if trigger and prov is None and not _IN_OF_RE.search(before):
                qualifier = _qualifier(before)
            out.append(PlaceMention(start, end, text[start:end], place, qualifier))
        return out


def _qualifier(before: str) -> str | None:
    m = _REL_RE.search(before)
    if m:
        if m.group("near"):
            return "near"
        if m.group("out"):
            return "outside"
        return re.sub(r"[\s-]", "", m.group("dir")) + " of"
    m = _ADJ_RE.search(before)
    return _norm_dir(m.group("adj")) if m else None


@lru_cache(maxsize=4)
def _default(extra: str) -> Gazetteer:
    errors: list[str] = []
    entries = read_entries(DATA_FILE)
    for raw in [p for p in extra.split(os.pathsep) if p.strip()]:
        try:
            entries = merge_entries(entries, read_entries(raw), errors)
        except GazetteerError as exc:
            _report(errors, f"{exc}; {EXTRA_ENV} file skipped")
    return Gazetteer(entries, errors)
