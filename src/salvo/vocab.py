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

#: Weapon families: the weapons a count counts together. Rockets and mortars are SCHEMA's
#: ``indirect_fire``, the missile types one ``missile`` family; every other weapon is a family of
#: its own. ``unknown`` has none. "Two rockets and three missiles" are two families (5 fired);
#: "ten rockets ... the indirect fire" one.
WEAPON_FAMILY: MappingProxyType[str, str] = MappingProxyType(
    {
        "rocket": "indirect_fire",
        "mortar": "indirect_fire",
        "indirect_fire": "indirect_fire",
        "ballistic_missile": "missile",
        "cruise_missile": "missile",
        "missile": "missile",
        "artillery": "artillery",
        "drone": "drone",
        "airstrike": "airstrike",
        "ied": "ied",
        "small_arms": "small_arms",
        "ground_assault": "ground_assault",
    }
)

#: Weapon groups: families a report may name differently for the same fire, so reports (or
#: clauses) naming weapons of one group may describe one incident. Rockets, mortars, shells and
#: missiles are one group (reports call Katyushas "missiles"); so are the kinds of ground fighting.
_GROUP_OF_FAMILY = {
    "indirect_fire": "fires",
    "missile": "fires",
    "artillery": "fires",
    "drone": "drone",
    "airstrike": "air",
    "ied": "ied",
    "small_arms": "ground",
    "ground_assault": "ground",
}
#: The group of each weapon (derived from its family).
WEAPON_GROUP: MappingProxyType[str, str] = MappingProxyType(
    {weapon: _GROUP_OF_FAMILY[family] for weapon, family in WEAPON_FAMILY.items()}
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
