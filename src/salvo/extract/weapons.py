"""Weapons and projectile counts: which arms an incident used and how many were fired.

The lexicon lives in ``salvo/data/weapons.yaml`` (surface forms mapped to SCHEMA's closed
vocabulary). A number is read only when it stands right before a projectile noun, through
a few modifiers ("14 107mm rockets", "two explosives-laden drones"), so ordinals, calibres,
model designations, years and "two salvoes of rockets" never become counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from salvo.errors import LexiconError
from salvo.extract.numbers import NUMBER_PATTERN, parse_number
from salvo.vocab import WEAPON_FAMILY

LEXICON_PATH = Path(__file__).resolve().parents[1] / "data" / "weapons.yaml"


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


@dataclass(frozen=True)
class _Hit:
    """A mention plus what count_projectiles needs beyond the public fields."""

    mention: WeaponMention
    extra: bool  # "three other rockets": on top of those already counted


def _load(path: Path) -> tuple[re.Pattern[str], dict[str, _Entry]]:
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read weapon lexicon: {exc}") from exc
    if not isinstance(data, list):
        raise LexiconError(f"{path}: expected a list of entries")
    parts: list[str] = []
    entries: dict[str, _Entry] = {}
    for i, item in enumerate(data):
        if not isinstance(item, dict) or not item.get("weapon") or not item.get("forms"):
            raise LexiconError(f"{path}: entry {i + 1} needs 'weapon' and 'forms'")
        name = f"e{i}"
        entries[name] = _Entry(str(item["weapon"]), item.get("role"), bool(item.get("counted")))
        alts = "|".join(str(f) for f in item["forms"])
        parts.append(f"(?P<{name}>{alts})")
    # Matched against the lower-cased text without IGNORECASE: twice as fast in sre.
    source = "|".join(parts).lower().replace("(?p<", "(?P<")
    try:
        pattern = re.compile(r"(?<![\w-])(?:" + source + r")(?![\w-])")
    except re.error as exc:
        raise LexiconError(f"{path}: bad form: {exc}") from exc
    return pattern, entries


_WEAPON_RE, _ENTRIES = _load(LEXICON_PATH)

_QUAL = (r"(?:at\s+least|more\s+than|over|about|approximately|approx\.|around|nearly|some|up\s+to|"
         r"roughly|as\s+many\s+as|a\s+total\s+of|an\s+estimated)")
# Words that end a noun phrase: a number before them does not count what follows.
_STOP = (r"(?:a|an|the|of|and|or|but|to|in|on|at|by|for|from|with|into|onto|near|than|that|which|who|"
         r"were|was|is|are|be|been|being|had|has|have|their|its|his|her|this|these|those|several|many|"
         r"multiple|numerous|some|dozens|scores|hundreds|few|salvos|salvoes|volleys|barrages|waves|"
         r"series|number|rounds|attacks|times|first|second|third|fourth|fifth|sixth|last|next|"
         r"days|hours|weeks|months|years|minutes|people|bases|sites|when|after|before|as|while)")
_MOD = (r"(?:\d+(?:\.\d+)?\s?-?\s?(?:mm|millimet(?:er|re)s?)"
        rf"|(?!(?:{_STOP}|{NUMBER_PATTERN})(?![\w'’.-]))[A-Za-z][\w'’./-]*)")
_COUNT_RE = re.compile(
    rf"(?:^|(?<=[\s(“\"'—–]))(?:{_QUAL}\s+)?(?P<num>{NUMBER_PATTERN})\s+(?P<mods>(?:{_MOD}\s+){{0,3}})$",
    re.IGNORECASE,
)
_EXTRA_RE = re.compile(r"\b(?:other|additional|more)\b", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_CLAUSE_END = re.compile(r"[.;:!?]|,\s+(?:while|but|whereas|and)\b|\s+(?:while|but|whereas)\s")
_CLAUSE_START = re.compile(r".*(?:[.;:!?]|,\s+(?:while|but|whereas)\b|\b(?:while|but|whereas)\s)", re.DOTALL)

_INTERCEPT_AFTER = re.compile(
    r"^(?:\s+\w+){0,6}?\s+(?:were|was|been|being|got)\s+(?:\w+\s+){0,2}?"
    r"(?:shot\s+down|intercepted|downed|destroyed|thwarted|neutrali[sz]ed|engaged|brought\s+down)",
    re.IGNORECASE,
)
_INTERCEPT_BEFORE = re.compile(
    r"(?:intercept(?:ed|ing)?|shot\s+down|shoot\s+down|downed|engaged|destroyed|brought\s+down)"
    r"(?:\s+and\s+(?:shot|brought)\s+down)?\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_OUTSIDE_AFTER = re.compile(
    r"^(?:\s+[\w-]+){0,5}?\s+(?:(?:fell|landed|hit|struck|impacted|crashed|exploded|dropped)\s+"
    r"(?:\w+\s+){0,2}?(?:outside|short|away\s+from|in\s+(?:an?\s+)?(?:open|empty|nearby|the\s+river)"
    r"|in\s+the\s+vicinity|near(?:by)?|around)|missed)",
    re.IGNORECASE,
)
_LAUNCHER_CTX = re.compile(
    r"\b(?:found|discovered|seized|recovered|defused|dismantled|unfired|unlaunched|"
    r"failed\s+to\s+(?:launch|fire)|did\s+not\s+(?:launch|fire)|before\s+(?:being\s+)?launched)\b",
    re.IGNORECASE,
)
# A drone named as a target or stock ("UAV facilities", "storing drones") is not a weapon used.
_NOT_USED_AFTER = re.compile(
    r"^\s+(?:facilit(?:y|ies)|storage|factor(?:y|ies)|warehouses?|depots?|production|workshops?|"
    r"program(?:me)?s?|units?|sites?|bases?|operators?|teams?|cells?)\b",
    re.IGNORECASE,
)
_NOT_USED_BEFORE = re.compile(r"\b(?:storing|stored|store|stockpiled?|producing|manufactur\w+|"
                              r"reconnaissance|surveillance|spy)\s+(?:\w+\s+)?$", re.IGNORECASE)


def _count_before(text: str, start: int, head: str) -> tuple[int | None, bool]:
    """Number written right before a projectile noun, and whether it adds to others."""
    window = text[max(0, start - 90):start]
    m = _COUNT_RE.search(window)
    if not m:
        return None, False
    raw = m.group("num")
    if _YEAR_RE.fullmatch(raw):
        return None, False
    value = parse_number(raw)
    if value is None:
        return None, False
    if raw.lower() in ("a", "an", "no") and re.search(r"s$", head) and not re.search(r"UAS$", head, re.I):
        return None, False
    if raw.lower() == "no":
        return None, False
    return value, bool(_EXTRA_RE.search(m.group("mods")))


def _clause_after(text: str, end: int) -> str:
    tail = text[end:end + 90]
    m = _CLAUSE_END.search(tail)
    return tail[: m.start()] if m else tail


def _clause_before(text: str, start: int) -> str:
    head = text[max(0, start - 70):start]
    m = _CLAUSE_START.match(head)
    return head[m.end():] if m else head


# Every lexicon form contains one of these stems; a sentence without any has no weapon.
_PREFILTER = re.compile(
    r"rocket|drone|missil|mortar|uav|uas|katyush|grad|fajr|arash|falaq|ashtar|bm-21|iram|indirect|"
    r"ballistic|srbm|fateh|qiam|zolfaghar|kheibar|cruise|soumar|hoveyzeh|quds-1|tomahawk|atgm|"
    r"explosive|\b(?:vb|sv)?ieds?\b|efp|roadside|bomb|artiller|howitzer|himars|shell|arms|gunfire|gunmen|"
    r"sniper|gun|ak-47|rifle|rpg|grenade|opened fire|assault|storm|raid|breach|strike|aerial|"
    r"warplane|jet|aircraft|plane|f-1|f-3|f/a|a-10|b-1|b-52|ac-130|apache|mq-9|reaper|hellfire|"
    r"killing|munition|c-ram|counter|anti-|defen|patriot|intercept|manpads|avenger|launch|shahed|"
    r"qasef|ababil|samad|quadcopter|unmanned|charge|planted|convoy"
)


def _scan(text: str) -> list[_Hit]:
    hits: list[_Hit] = []
    low = text.lower()
    if len(low) != len(text):  # a few Unicode letters lower-case to two characters
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if not _PREFILTER.search(low):
        return hits
    for m in _WEAPON_RE.finditer(low):
        name = m.lastgroup
        if name is None:
            continue
        entry = _ENTRIES[name]
        start, end = m.span()
        surface = text[start:end]
        after = _clause_after(text, end)
        before = _clause_before(text, start)
        if entry.weapon == "drone" and (_NOT_USED_AFTER.match(after) or _NOT_USED_BEFORE.search(before)):
            continue
        count: int | None = None
        extra = False
        if entry.counted:
            count, extra = _count_before(text, start, surface)
        role = entry.role
        if role is None:
            if _LAUNCHER_CTX.search(after[:50]) or _LAUNCHER_CTX.search(before[-25:]):
                role = "launcher"
            elif _INTERCEPT_AFTER.match(after) or _INTERCEPT_BEFORE.search(before):
                role = "intercepted"
            elif _OUTSIDE_AFTER.match(after):
                role = "outside"
        hits.append(_Hit(WeaponMention(start, end, surface, entry.weapon, count, role), extra))
    return hits


@lru_cache(maxsize=4096)
def _scan_cached(text: str) -> tuple[_Hit, ...]:
    return tuple(_scan(text))


def find_weapons(text: str) -> list[WeaponMention]:
    """Every weapon mention in ``text`` with its count and role (see module docstring)."""
    return [h.mention for h in _scan_cached(text)]


_FAMILY = WEAPON_FAMILY
_PROJ = r"(?:rockets?|drones?|UAS|UAVs?|missiles?|shells?|rounds?|projectiles?|one)"
_HITVERB = r"(?:struck|hit|impacted|landed|detonated|exploded|caused|crashed|fell)"
_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
_ORDINAL_RE = re.compile(
    rf"\b(?:a|the)\s+(?P<ord>second|third|fourth|fifth|sixth)\s+(?:{_PROJ}|{_HITVERB})\b", re.IGNORECASE)
_ANOTHER_RE = re.compile(rf"\b(?:another|the\s+other)\s+(?:{_PROJ}|{_HITVERB})\b", re.IGNORECASE)
_NOT_FIRED = ("launcher", "defensive", "strike")


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
        for om in _ORDINAL_RE.finditer(text):
            near = _family_of(hits, om.start())
            if near is not None:
                parts[near] = max(parts.get(near, 0), _ORDINALS[om.group("ord").lower()])
        for am in _ANOTHER_RE.finditer(text):
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
    found: set[str] = set()
    for text in dict.fromkeys(texts):
        for m in find_weapons(text):
            if m.role in ("launcher", "defensive"):
                continue
            weapon = m.weapon
            if m.role == "strike" and category == "strike":
                weapon = "airstrike"
            found.add(weapon)
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
