"""Pairwise evidence that two reports describe the same real incident.

``match_score`` returns ``None`` when the two reports cannot be the same event
(hard constraints: category, dates, country, province, distant sites), else a
score that grows with the agreeing specifics. Reports routinely disagree on
counts and blame, so those only nudge the score; where and when decide. A clash of two
given projectile counts weighs a little against: for an undated report it is the only check.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from salvo.geo import km
from salvo.model import Incident
from salvo.periods import period
from salvo.vocab import LOCATION_RANK, UNKNOWN_RANK, WEAPON_GROUP

#: A pair with at least this score is merged (when unambiguous, see ``cluster``).
MERGE_THRESHOLD = 2.5
#: Pairs where one report has no date need more corroboration than this: the same site and the same
#: weapons, with no clashing count (and, in ``cluster``, no rival incident there that fits as well).
UNDATED_THRESHOLD = 4.0
#: ... and more when they share only a town: a city sees many incidents of one kind.
UNDATED_TOWN_THRESHOLD = 4.5
#: Sites further apart than this are different places.
SITE_KM = 15.0
#: A town or city contains sites within this distance.
CITY_KM = 30.0

_GENERIC_ACTORS = {"unknown", "iran backed militias", "none", ""}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_LEADING = re.compile(r"^(the|al|el) ")


@lru_cache(maxsize=8192)  # a run names the same few places and groups over and over
def norm(text: str | None) -> str:
    """Case, accent and punctuation-insensitive key for names."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    s = s.replace("'", "").replace("\u2019", "")
    s = _NON_ALNUM.sub(" ", s).strip()
    return _LEADING.sub("", s)


@dataclass(frozen=True)
class Facts:
    """The comparable essentials of one report, normalised once."""

    category: str
    span: tuple[dt.date, dt.date] | None
    day: bool
    country: str | None
    admin1: str
    place: str
    prec: int  # 0 site .. 3 country, 4 unknown
    lat: float | None
    lon: float | None
    families: frozenset[str]
    weapons: frozenset[str]
    actor: str
    projectiles: int | None
    killed: int | None
    injured: int | None

    @classmethod
    def of(cls, inc: Incident) -> Facts:
        weapons = frozenset(w for w in inc.weapons if w != "unknown")
        prec = LOCATION_RANK.get(inc.location_precision or "", UNKNOWN_RANK)
        place = norm(inc.place)
        if prec == 4 and place:
            prec = 1
        elif prec == 4 and inc.admin1:
            prec = 2
        elif prec == 4 and inc.country:
            prec = 3
        return cls(
            category=inc.category,
            span=period(inc.date, inc.date_precision),
            day=inc.date is not None and inc.date_precision in (None, "day"),
            country=inc.country,
            admin1=norm(inc.admin1),
            place=place if prec <= 1 else "",
            prec=prec,
            lat=inc.lat if prec <= 1 else None,
            lon=inc.lon if prec <= 1 else None,
            families=frozenset(WEAPON_GROUP[w] for w in weapons if w in WEAPON_GROUP),
            weapons=weapons,
            actor=norm(inc.perpetrator),
            projectiles=inc.projectiles,
            killed=inc.killed,
            injured=inc.injured,
        )


def _date_score(a: Facts, b: Facts) -> float | None:
    if a.span is None or b.span is None:
        return 0.0
    slack = dt.timedelta(days=1)
    if a.span[0] - slack > b.span[1] or b.span[0] - slack > a.span[1]:
        return None
    if a.day and b.day:
        return 3.0 if a.span[0] == b.span[0] else 2.0
    wide = max(a.span[1] - a.span[0], b.span[1] - b.span[0]).days
    if a.day or b.day:
        return 1.5 if wide <= 7 else (1.0 if wide <= 31 else 0.0)
    return 0.5 if wide <= 31 else 0.0


def _place_score(a: Facts, b: Facts) -> float | None:
    if a.country and b.country and a.country != b.country:
        return None
    if a.admin1 and b.admin1 and a.admin1 != b.admin1:
        return None
    dist = None
    if a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None:
        dist = km(a.lat, a.lon, b.lat, b.lon)
    if a.prec <= 1 and b.prec <= 1:
        if a.place and a.place == b.place:
            return 3.0
        if dist is not None:
            if a.prec == 0 and b.prec == 0:
                if dist <= 3.0:
                    return 3.0
                return 1.0 if dist <= SITE_KM else None
            return 1.5 if dist <= CITY_KM else None
        if a.prec == 0 and b.prec == 0:
            return None  # two differently named sites without coordinates
        return 0.5 if a.admin1 and a.admin1 == b.admin1 else None
    if a.admin1 and a.admin1 == b.admin1:
        return 1.0
    return 0.0


def _weapon_score(a: Facts, b: Facts) -> float:
    if not a.weapons or not b.weapons:
        return 0.0
    if a.weapons == b.weapons:
        return 1.0
    if a.weapons & b.weapons or a.families & b.families:
        return 0.5
    return -2.0


def _count_score(a: int | None, b: int | None, bonus: float, clash: float = 0.0) -> float:
    if a is None or b is None:
        return 0.0
    if a == b:
        return bonus if a > 0 else bonus / 4
    return -clash if a > 0 and b > 0 else 0.0


def _actor_score(a: Facts, b: Facts) -> float:
    if a.actor in _GENERIC_ACTORS or b.actor in _GENERIC_ACTORS:
        return 0.0
    if a.actor == b.actor:
        return 1.0 if a.category == "attack" else 0.0  # every strike is the coalition's
    return -1.0


def facts_score(a: Facts, b: Facts) -> float | None:
    """``match_score`` over pre-normalised facts (the hot path of clustering)."""
    if a.category != b.category:
        return None
    ds = _date_score(a, b)
    if ds is None:
        return None
    ps = _place_score(a, b)
    if ps is None:
        return None
    return (
        ds
        + ps
        + _weapon_score(a, b)
        + _actor_score(a, b)
        + _count_score(a.projectiles, b.projectiles, 0.75, clash=0.5)
        + _count_score(a.killed, b.killed, 1.0)
        + _count_score(a.injured, b.injured, 1.0)
    )


def is_vague(f: Facts) -> bool:
    """A report too coarse to pick its incident alone: undated, dated only to a month or more, or placed
    only in a country. Such a report joins a group only when no incompatible group scores nearly as well."""
    return f.span is None or (f.span[1] - f.span[0]).days > 7 or f.prec >= 3


def threshold_for(a: Facts, b: Facts) -> float:
    """The score a pair needs: more when one report is undated, most when it shares only a town."""
    if a.span is None and b.span is None:
        return math.inf  # two undated reports: nothing ties them to one event
    if a.span is None or b.span is None:
        return UNDATED_THRESHOLD if a.prec == 0 and b.prec == 0 else UNDATED_TOWN_THRESHOLD
    return MERGE_THRESHOLD


def match_score(a: Incident, b: Incident) -> float | None:
    """How strongly two reports look like the same incident; ``None`` when they cannot be.

    Compare with ``MERGE_THRESHOLD`` (``UNDATED_THRESHOLD`` when either is undated).
    """
    return facts_score(Facts.of(a), Facts.of(b))


def is_match(a: Incident, b: Incident) -> bool:
    fa, fb = Facts.of(a), Facts.of(b)
    s = facts_score(fa, fb)
    return s is not None and s >= threshold_for(fa, fb)
