"""The one definition of each closed vocabulary of the incident record (SCHEMA.md).

Every layer imports these instead of restating them: the weapon vocabulary and its families,
the precision scales of dates and locations (finest first), and the attribution scale.
The typing ``Literal`` aliases in ``salvo.model`` spell the same values for the type checker;
a test keeps the two equal.
"""

from __future__ import annotations

from types import MappingProxyType

WEAPONS: tuple[str, ...] = (
    "rocket",
    "mortar",
    "indirect_fire",
    "ballistic_missile",
    "cruise_missile",
    "missile",
    "drone",
    "ied",
    "artillery",
    "airstrike",
    "small_arms",
    "ground_assault",
    "unknown",
)

#: Weapon families: weapons a report may name differently for the same fire. Rockets, mortars,
#: shells and missiles are one family (reports call Katyushas "missiles"); drones, aircraft,
#: bombs and ground fighting are one family each. ``unknown`` has none. Weapons of one family
#: are compatible (one incident, one report of it), their counts are one count.
WEAPON_FAMILY: MappingProxyType[str, str] = MappingProxyType(
    {
        "rocket": "indirect",
        "mortar": "indirect",
        "indirect_fire": "indirect",
        "artillery": "indirect",
        "ballistic_missile": "indirect",
        "cruise_missile": "indirect",
        "missile": "indirect",
        "drone": "drone",
        "airstrike": "air",
        "ied": "ied",
        "small_arms": "ground",
        "ground_assault": "ground",
    }
)

#: Generic labels and the specific weapons each may stand for (a specific one given beside
#: the generic label is the better value).
GENERIC_WEAPONS: MappingProxyType[str, frozenset[str]] = MappingProxyType(
    {
        "indirect_fire": frozenset({"rocket", "mortar", "artillery"}),
        "missile": frozenset({"ballistic_missile", "cruise_missile"}),
    }
)

#: Precision scales, finest first; a rank is the position on the scale (0 = finest).
DATE_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year")
LOCATION_PRECISIONS: tuple[str, ...] = ("site", "city", "admin1", "country")
DATE_RANK: MappingProxyType[str, int] = MappingProxyType({p: i for i, p in enumerate(DATE_PRECISIONS)})
LOCATION_RANK: MappingProxyType[str, int] = MappingProxyType(
    {p: i for i, p in enumerate(LOCATION_PRECISIONS)}
)
#: The rank given to a missing or unknown precision: coarser than every known one.
UNKNOWN_RANK = len(LOCATION_PRECISIONS)

#: Attribution, strongest first.
ATTRIBUTIONS: tuple[str, ...] = ("claimed", "accused", "suspected", "none")
ATTRIBUTION_RANK: MappingProxyType[str, int] = MappingProxyType({a: i for i, a in enumerate(ATTRIBUTIONS)})
CATEGORIES: tuple[str, ...] = ("attack", "strike")
