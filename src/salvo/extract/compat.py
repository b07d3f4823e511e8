"""Whether two clauses of one article can tell the same event: dates that overlap, places that contain
one another, weapons of one family. Assembling joins a clause to an incident only when all three hold."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from salvo import lang
from salvo.extract.clauses import Clause
from salvo.extract.dates import DateMention
from salvo.extract.places import PlaceMention
from salvo.extract.weapons import WeaponMention, fired_weapons
from salvo.geo import km
from salvo.periods import period
from salvo.vocab import DATE_RANK, LOCATION_RANK, WEAPON_GROUP

__all__ = [
    "EVENT_NOUN",
    "dates_compatible",
    "earliest_most_precise",
    "many_events",
    "names_only",
    "places_compatible",
    "same_event",
    "told_weapons",
    "weapons_compatible",
]

_PRECISION_RANK = LOCATION_RANK
_DATE_RANK = DATE_RANK
_FAMILY = WEAPON_GROUP


def earliest_most_precise(found: list[DateMention]) -> DateMention | None:
    """Events precede the reports about them: of the most precise dates, the earliest."""
    if not found:
        return None
    best = min(_DATE_RANK.get(d.precision, 4) for d in found)
    return min((d for d in found if _DATE_RANK.get(d.precision, 4) == best), key=lambda d: d.date)


def _span(mention: DateMention) -> tuple[dt.date, dt.date]:
    span = period(mention.date, mention.precision)
    assert span is not None
    return span


def dates_compatible(a: DateMention | None, b: DateMention | None, slack_days: int = 0) -> bool:
    if a is None or b is None:
        return True
    a0, a1 = _span(a)
    b0, b1 = _span(b)
    slack = dt.timedelta(days=slack_days)
    return a0 - slack <= b1 and b0 - slack <= a1


def places_compatible(a: PlaceMention | None, b: PlaceMention | None) -> bool:
    if a is None or b is None:
        return True
    pa, pb = a.place, b.place
    if pa.name == pb.name:
        return True
    if pa.country != pb.country:
        return False
    ra, rb = _PRECISION_RANK.get(pa.precision, 4), _PRECISION_RANK.get(pb.precision, 4)
    if ra == rb and ra <= 1:
        # two names for one compound (the embassy inside the Green Zone) lie a few km apart
        if ra != 0 or pa.lat is None or pa.lon is None or pb.lat is None or pb.lon is None:
            return False
        return km(pa.lat, pa.lon, pb.lat, pb.lon) <= 5.0
    coarse, fine = (pa, pb) if ra > rb else (pb, pa)
    if coarse.precision == "country":
        return True
    if coarse.precision == "admin1":
        return fine.admin1 == coarse.admin1 or fine.admin1 is None
    # a city and a site: the site must lie in the city's province
    return fine.admin1 is not None and fine.admin1 == coarse.admin1


def weapons_compatible(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return True
    return bool({_FAMILY.get(w, w) for w in a} & {_FAMILY.get(w, w) for w in b})




#: The nouns that name an event of either category ("the attack", "the strikes").
EVENT_NOUN = re.compile(r"\b(attack|assault|strike|airstrike|air\s+strike|raid)s?\b")


def names_only(text: str, category: str) -> bool:
    """Whether a clause that names an event at all names one of this category ("the attacks" is no strike)."""
    said = {"strike" if w.startswith(("strike", "air", "raid")) else "attack"
            for w in EVENT_NOUN.findall(text.lower())}
    return not said or said == {category}


def many_events(clause: Clause, date: DateMention | None, place: PlaceMention | None) -> bool:
    """A clause about events in the plural ("rocket and drone attacks on US bases") with neither a day
    nor a place finer than a country of its own: a remark on many incidents, not a part of one."""
    if clause.category != "attack":
        return False  # a strike is told in the plural ("the strikes hit three sites")
    nouns = [m.group(0).lower() for m in EVENT_NOUN.finditer(clause.text.lower())]
    if not nouns or not all(n.endswith("s") for n in nouns):
        return False
    dated = date is not None and date.precision == "day"
    placed = place is not None and place.place.precision != "country"
    return not dated and not placed


def told_mentions(clause: Clause, code: str = "en") -> list[WeaponMention]:
    """The clause's weapon mentions but a generic noun that refers back to the event ("the bombing"
    after a drone attack)."""
    if not clause.weapons:
        return []
    back = _referring_back(clause.sentence.text, code)
    return [w for w in clause.weapons if not any(lo <= w.start < hi for lo, hi in back)]


@lru_cache(maxsize=256)
def _referring_back(sentence: str, code: str) -> tuple[tuple[int, int], ...]:
    """Spans of the nouns that refer back to the event, per sentence: assembling asks for each draft."""
    return tuple(m.span() for m in lang.cues(code, "assembly")["refers_back"].finditer(sentence))


def told_weapons(clause: Clause, code: str = "en") -> set[str]:
    """The weapons a clause says were used: not launchers or defences, not a noun referring back, and
    the kinds of a series of attacks only when the clause names nothing else (see ``fired_weapons``)."""
    return fired_weapons(told_mentions(clause, code))


def same_event(clause: Clause, code: str = "en") -> bool:
    """Whether the clause says its weapon was part of the attack told before ("in the same attack")."""
    return _says_same_event(clause.text, code)


@lru_cache(maxsize=256)
def _says_same_event(text: str, code: str) -> bool:
    """Per clause text: assembling asks for each draft the clause might join."""
    return lang.cues(code, "assembly")["same_event"].search(text) is not None
