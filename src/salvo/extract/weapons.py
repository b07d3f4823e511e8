"""Weapons and projectile counts: which arms an incident used and how many were fired.

The lexicon lives in the language pack's ``weapons.yaml`` (surface forms mapped to SCHEMA's closed
vocabulary, and the context cues around them). A number is read only when it stands right before
a projectile noun, through a few modifiers ("14 107mm rockets", "two explosives-laden drones"), so
ordinals, calibres, measures, model designations, years, days of a month and "two salvoes of
rockets" never become counts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from salvo import lang
from salvo.errors import LexiconError
from salvo.extract.dates import find_dates
from salvo.extract.numbers import parse_number, words
from salvo.lang.gate import required_keys
from salvo.vocab import WEAPON_FAMILY

#: Roles of a mention that is not a weapon fired in the incident.
NOT_USED = ("launcher", "defensive")


@dataclass(frozen=True)
class WeaponMention:
    """One weapon named in a text, with the number fired when the text gives one."""

    start: int
    end: int
    text: str
    weapon: str
    count: int | None
    role: str | None


@dataclass(frozen=True)
class _Entry:
    weapon: str
    role: str | None
    counted: bool
    count: int | None  # a form that carries its own number (a dual noun)


@dataclass(frozen=True)
class _Hit:
    """A mention plus what count_projectiles needs beyond the public fields."""

    mention: WeaponMention
    extra: bool  # "three other rockets": on top of those already counted


@dataclass(frozen=True)
class _Lexicon:
    pattern: re.Pattern[str]
    keys: tuple[str, ...] | None  # gate: every form contains one of these (derived, never kept by hand)
    entries: dict[str, _Entry]


def _compile(data: Any, where: str) -> _Lexicon:
    items = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise LexiconError(f"{where}: expected a list of entries under 'entries'")
    parts: list[str] = []
    entries: dict[str, _Entry] = {}
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not item.get("weapon") or not item.get("forms"):
            raise LexiconError(f"{where}: entry {i + 1} needs 'weapon' and 'forms'")
        name = f"e{i}"
        count = item.get("count")
        entries[name] = _Entry(str(item["weapon"]), item.get("role"), bool(item.get("counted")),
                               int(count) if count is not None else None)
        parts.append(f"(?P<{name}>" + "|".join(str(f) for f in item["forms"]) + ")")
    # Matched against the lower-cased text without IGNORECASE: twice as fast in sre.
    source = r"(?<![\w-])(?:" + "|".join(parts).lower().replace("(?p<", "(?P<") + r")(?![\w-])"
    try:
        pattern = re.compile(source)
    except re.error as exc:
        raise LexiconError(f"{where}: bad form: {exc}") from exc
    return _Lexicon(pattern, required_keys(source), entries)


@cache
def _lexicon(code: str) -> _Lexicon:
    return _compile(lang.lexicon(code, "weapons"), f"salvo/data/lang/{code}/weapons.yaml")


def _cue(name: str) -> lang.Cue:
    return lang.cue_or_never(lang.current(), "weapons", name)


def _fragment(name: str, code: str = "en") -> str:
    return lang.fragment(code, "weapons", name)


def _numbered(name: str) -> re.Pattern[str]:
    return _numbered_in(lang.current(), name)


@cache
def _numbered_in(code: str, name: str) -> re.Pattern[str]:
    """A cue of the pack's ``numbered`` section, which may use ${number} and ${qualifier}."""
    data = lang.lexicon(code, "weapons")
    fragments = {str(k): str(v) for k, v in data["fragments"].items()}
    fragments.update(number=words(code).pattern, qualifier=f"(?:{words(code).qualifier})")
    spec = (data.get("numbered") or {}).get(name)
    return lang.compile_pattern(str(spec), fragments) if spec else re.compile(r"(?!x)x")



@cache
def _count_re(code: str) -> re.Pattern[str]:
    """A number right before a projectile noun, through up to three modifiers (the pack's
    ``calibre``, ``modifier`` and ``stop`` fragments; ``count_lead``: what may stand before it)."""
    data = lang.lexicon(code, "weapons")["fragments"]
    number, lex = words(code).pattern, words(code)
    word = data.get("modifier", r"[A-Za-z][\w'’./-]*")
    lead = data.get("count_lead", r"(?:^|(?<=[\s(“\"'—–]))")
    mod = rf"(?:{_fragment('calibre', code)}|(?!(?:{_fragment('stop', code)}|{number})(?![\w'’.-])){word})"
    return re.compile(
        rf"{lead}(?:(?:{lex.qualifier})\s+)?(?P<num>{number})"
        rf"(?!\s?-?\s?{lex.measure}(?![\w]))\s+(?P<mods>(?:{mod}\s+){{0,3}})$",
        re.IGNORECASE,
    )


_YEAR_RE = re.compile(r"(?:19|20)\d\d")
#: Any day serves as the publication day below: only where the dates are is read, not which day.
_ANY_DAY = dt.date(2020, 1, 1)


#: How far around a number a date holding it can reach ("Tuesday, 17 November 2023" and more).
_DATE_REACH = 60


def _in_a_date(text: str, pos: int) -> bool:
    """Whether the number at ``pos`` is part of a date ("On November 17 rockets", "17 Nov. rockets").

    Only the words around the number are read: reading the whole text for each number made a long text
    (the evidence of an article joined) quadratic."""
    lo, hi = max(0, pos - _DATE_REACH), min(len(text), pos + _DATE_REACH)
    while lo > 0 and not text[lo - 1].isspace() and pos - lo < 2 * _DATE_REACH:
        lo -= 1  # never start or end the window inside a word
    while hi < len(text) and not text[hi].isspace() and hi - pos < 2 * _DATE_REACH:
        hi += 1
    return any(d.start <= pos - lo < d.end for d in find_dates(text[lo:hi], _ANY_DAY))


def _count_before(text: str, start: int, head: str) -> tuple[int | None, bool]:
    """Number written right before a projectile noun, and whether it adds to others."""
    window = text[max(0, start - 90):start]
    code = lang.current()
    m = _count_re(code).search(window)
    if not m:
        return None, False
    raw = m.group("num")
    if _YEAR_RE.fullmatch(raw):
        return None, False
    if raw[:1].isdigit() and _in_a_date(text, start - len(window) + m.start("num")):
        return None, False
    value = parse_number(raw, code)
    low = raw.lower()
    lex = words(code)
    if value is None or low in lex.negatives:
        return None, False  # "no rockets" counts nothing
    if low in lex.articles and _plural(head):
        return None, False  # "a rockets barrage": the article belongs to another noun
    return value, bool(_cue("extra").search(m.group("mods")))


def _plural(head: str) -> bool:
    plural = lang.lexicon(lang.current(), "weapons")["plural"]
    low = head.lower()
    return low.endswith(tuple(plural["endings"])) and low not in plural["invariant"]


def _clause_after(text: str, end: int) -> str:
    tail = text[end:end + 90]
    m = _cue("clause_end").search(tail)
    return tail[: m.start()] if m else tail


def _clause_before(text: str, start: int) -> str:
    head = text[max(0, start - 70):start]
    m = _cue("clause_start").match(head)
    return head[m.end():] if m else head


def _role(entry: _Entry, before: str, after: str) -> str | None:
    """The entry's own role, else what the clause around the weapon says happened to it."""
    if entry.role is not None:
        return entry.role
    if _cue("launcher").search(after[:50]) or _cue("launcher").search(before[-25:]):
        return "launcher"
    if _cue("intercept_after").search(after) or _cue("intercept_before").search(before):
        return "intercepted"
    if _cue("outside_after").search(after):
        return "outside"
    return None


def _not_used(before: str, after: str) -> bool:
    """A weapon named as a target, stock, programme or cargo, not as one fired."""
    if _cue("not_used_after").search(after) or _cue("not_used_before").search(before):
        return True
    return bool(_cue("moved_before").search(before) and _cue("moved_after").search(after))


def _lowered(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):  # a few Unicode letters lower-case to two characters
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low


def _scan(text: str) -> list[_Hit]:
    hits: list[_Hit] = []
    lex = _lexicon(lang.current())
    low = _lowered(text)
    if lex.keys is not None and not any(k in low for k in lex.keys):
        return hits
    for m in lex.pattern.finditer(low):
        if m.lastgroup is None:
            continue
        entry = lex.entries[m.lastgroup]
        start, end = m.span()
        surface = text[start:end]
        after = _clause_after(text, end)
        before = _clause_before(text, start)
        if entry.role not in NOT_USED and _not_used(before, after):
            continue
        count, extra = _count_before(text, start, surface) if entry.counted else (None, False)
        if count is None and entry.count is not None:
            count = entry.count
        mention = WeaponMention(start, end, surface, entry.weapon, count, _role(entry, before, after))
        hits.append(_Hit(mention, extra))
    return _mark_series(text, hits)


def _mark_series(text: str, hits: list[_Hit]) -> list[_Hit]:
    """Weapons listed as the kinds of a series of attacks get the role "series".

    "more than 40 drone and rocket attacks", "the attacks, mainly by drones and rockets": such a
    list describes other incidents as much as this one (see :func:`fired_weapons`).
    """
    marked = [False] * len(hits)
    for i in range(len(hits) - 1):
        a, b = hits[i].mention, hits[i + 1].mention
        if a.weapon == b.weapon or not _cue("series_joint").search(text[a.end:b.start]):
            continue
        plural_head = b.text.lower().endswith(("attacks", "strikes")) or _cue("series_head").search(text[b.end:])
        intro = _cue("series_intro").search(text[max(0, a.start - 60):a.start])
        if plural_head or intro:
            marked[i] = marked[i + 1] = True
    return [
        _Hit(WeaponMention(h.mention.start, h.mention.end, h.mention.text, h.mention.weapon, h.mention.count,
                           "series"), h.extra) if flag and h.mention.role is None else h
        for h, flag in zip(hits, marked, strict=True)
    ]


def _scan_cached(text: str) -> tuple[_Hit, ...]:
    return _scan_in(text, lang.current())


@lru_cache(maxsize=4096)
def _scan_in(text: str, code: str) -> tuple[_Hit, ...]:
    with lang.reading(code):
        return tuple(_scan(text))


def find_weapons(text: str, code: str | None = None) -> list[WeaponMention]:
    """Every weapon mention in ``text`` with its count and role (see module docstring), read in
    language ``code`` (default: the language being read)."""
    return [h.mention for h in _scan_in(text, code or lang.current())]


def fired_weapons(mentions: list[WeaponMention]) -> set[str]:
    """The weapon types the mentions say were used: launchers and defences left out, and weapons
    named only as the kinds of a series of attacks kept only when nothing else is named."""
    own = {m.weapon for m in mentions if m.role not in NOT_USED and m.role != "series"}
    return own or {m.weapon for m in mentions if m.role == "series"}


_FAMILY = WEAPON_FAMILY
@cache
def _ordinal_res(code: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """"A third rocket struck" (at least three) and "another one hit" (one more), in ``code``'s words."""
    frag = lang.lexicon(code, "weapons")["fragments"]
    if not {"projectile", "impact", "downed", "ordinal_lead", "another"} <= set(frag):
        return re.compile(r"(?!x)x"), re.compile(r"(?!x)x")
    ordinals = words(code).ordinals or {"(?!x)x": 0}
    tail = rf"(?:{_fragment('projectile', code)}|{_fragment('impact', code)}|{_fragment('downed', code)})\b"
    return (re.compile(rf"\b{_fragment('ordinal_lead', code)}\s+(?P<ord>{'|'.join(ordinals)})\s+{tail}",
                       re.IGNORECASE),
            re.compile(rf"\b{_fragment('another', code)}\s+{tail}", re.IGNORECASE))
_NOT_FIRED = (*NOT_USED, "strike", "series")


def _family_of(hits: list[_Hit], pos: int) -> str | None:
    """Family of the nearest weapon mention before ``pos`` (else the first after it)."""
    best: str | None = None
    for h in hits:
        if h.mention.role in _NOT_FIRED:
            continue
        fam = _FAMILY.get(h.mention.weapon, h.mention.weapon)
        if h.mention.start < pos:
            best = fam
        elif best is None:
            return fam
    return best


def _add_bare_parts(text: str, hits: list[_Hit], sentence_parts: dict[str, int]) -> None:
    """"Five rockets fell outside and three hit" is 8: parts told without their noun add up.

    The count they follow is a part itself only when the text says what happened to it (its
    role); "two drones were used, and while one was intercepted ..." keeps two as the whole.
    """
    told: set[str] = set()
    for bm in _numbered("bare_part").finditer(text):
        near = _family_of(hits, bm.start())
        n = parse_number(bm.group("num"), lang.current())
        if near is None or not n:
            continue
        if near not in told:  # "five rockets hit the base while three ...": the five are a part
            told.add(near)
            sentence_parts[near] = sentence_parts.get(near, 0) + sum(
                h.mention.count or 0 for h in hits
                if h.mention.role is None and not h.extra and _FAMILY.get(h.mention.weapon, h.mention.weapon) == near
                and _numbered("impact_after").search(text[h.mention.end:]))
        sentence_parts[near] = sentence_parts.get(near, 0) + n


def count_projectiles(texts: list[str]) -> int | None:
    """Projectiles fired in one incident, read across its evidence sentences.

    Per weapon family: the largest plain count (repeats across sentences are one report),
    plus counts marked "other/additional"; or, when larger, the parts of one sentence
    (shot down + "another" + fell outside) or an ordinal ("a third struck" means at least 3).
    Families add up ("two rockets and a drone" is 3). None when no number is given.
    """
    base: dict[str, int] = {}
    extras: dict[str, int] = {}
    parts: dict[str, int] = {}
    seen_extra: set[tuple[str, int, str]] = set()
    for text in dict.fromkeys(texts):
        hits = list(_scan_cached(text))
        sentence_parts: dict[str, int] = {}
        for h in hits:
            m = h.mention
            if m.role in _NOT_FIRED or m.count is None:
                continue
            fam = _FAMILY.get(m.weapon, m.weapon)
            if h.extra:
                key = (fam, m.count, text[max(0, m.start - 40):m.end + 40])
                if key not in seen_extra:
                    seen_extra.add(key)
                    extras[fam] = extras.get(fam, 0) + m.count
                sentence_parts[fam] = sentence_parts.get(fam, 0) + m.count
            elif m.role in ("intercepted", "outside", "missed"):
                sentence_parts[fam] = sentence_parts.get(fam, 0) + m.count
            else:
                base[fam] = max(base.get(fam, 0), m.count)
        if not hits:
            continue
        _add_bare_parts(text, hits, sentence_parts)
        ordinal_re, another_re = _ordinal_res(lang.current())
        for om in ordinal_re.finditer(text):
            near = _family_of(hits, om.start())
            if near is not None:
                parts[near] = max(parts.get(near, 0), words(lang.current()).ordinals[om.group("ord").lower()])
        for am in another_re.finditer(text):
            near = _family_of(hits, am.start())
            if near is not None and near in sentence_parts:
                sentence_parts[near] += 1
        for fam, n in sentence_parts.items():
            parts[fam] = max(parts.get(fam, 0), n)
    families = set(base) | set(extras) | set(parts)
    if not families:
        return None
    return sum(max(base.get(f, 0) + extras.get(f, 0), parts.get(f, 0)) for f in families)


_STRIKER = {"airstrike", "artillery", "ground_assault"}


def incident_weapons(texts: list[str], category: str | None = None) -> list[str]:
    """SCHEMA weapon list for one incident from its evidence sentences (sorted, de-duplicated).

    Launchers and defensive systems are left out. A generic "missile" beside rockets is the
    rockets ("Katyusha missiles"); "indirect fire" beside rockets or mortars is those. For a
    ``strike`` a drone strike is an airstrike, the weapons of the attack it answered are
    dropped, and a strike naming no weapon is an airstrike (US and coalition strikes here are
    air-delivered unless the text says artillery or a raid). For an ``attack`` the US air
    strikes named beside it are dropped.
    """
    mentions: list[WeaponMention] = []
    for text in dict.fromkeys(texts):
        for m in find_weapons(text):
            if m.role == "strike" and category == "strike":
                m = WeaponMention(m.start, m.end, m.text, "airstrike", m.count, None)
            mentions.append(m)
    found = fired_weapons(mentions)
    found.discard("unknown")
    if category == "strike":
        found = (found & _STRIKER) or {"airstrike"}
    elif category == "attack":
        found.discard("airstrike")
    if "missile" in found and found & {"rocket", "ballistic_missile", "cruise_missile"}:
        found.discard("missile")
    if "indirect_fire" in found and found & {"rocket", "mortar"}:
        found.discard("indirect_fire")
    return sorted(found)
