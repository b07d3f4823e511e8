"""The judging rules of SCHEMA.md "Scoring": when a prediction may stand for a gold incident,
whether one field agrees, and which fields count as slots.

Gold fields may hold one value, a list of acceptable values, or ``"*"`` (not scored); records
are the raw JSON dicts of gold and output lines so nothing is lost in conversion.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from salvo.geo import km
from salvo.periods import span

#: The scored fields, in the order reports list them.
SCORED_FIELDS: tuple[str, ...] = (
    "date",
    "location",
    "weapons",
    "projectiles",
    "perpetrator",
    "attribution",
    "killed",
    "injured",
)
NOT_SCORED = "*"
ONE_DAY = dt.timedelta(days=1)
MAX_KM = 30.0

Record = dict[str, Any]

# ---------- actor names -------------------------------------------------------------------------

_QUOTES_RE = re.compile(r"['`\u2018\u2019]")
_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")
_ARTICLE_RE = re.compile(r"^(?:the|al|el) ")

#: SCHEMA's catch-all labels, which no gazetteer lists, with the wordings taken to mean them.
GENERIC_LABELS: dict[str, tuple[str, ...]] = {
    "Iran-backed militias": (
        "Iranian-backed militias",
        "Iran-aligned militias",
        "pro-Iran militias",
        "pro-Iranian militias",
        "Iran-backed groups",
        "Iran-backed militia",
        "Iranian-backed militants",
        "Iran-backed militants",
        "Iran-aligned groups",
    ),
    "unknown": ("unknown", "none", "unidentified", ""),
}
#: Forces scored as the state they belong to (SCHEMA: US and coalition commands count as the
#: United States; the IRGC and its Quds Force count as Iran).
STATE_OF_FORCE: dict[str, str] = {
    "US Central Command": "United States",
    "Combined Joint Task Force - Operation Inherent Resolve": "United States",
    "Special Operations Joint Task Force-Levant": "United States",
    "Islamic Revolutionary Guard Corps": "Iran",
    "IRGC Quds Force": "Iran",
}


def name_key(value: Any) -> str | None:
    """Comparable form of a name: ASCII, lower case, punctuation and a leading article dropped."""
    if value is None:
        return None
    ascii_form = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
    key = _QUOTES_RE.sub("", ascii_form.lower())
    key = _NON_ALNUM_RE.sub(" ", key).strip()
    return _ARTICLE_RE.sub("", key)


class ActorAliases:
    """Maps any spelling of an actor to one comparison key (the canonical name's key)."""

    def __init__(self, entries: Iterable[Any] = ()) -> None:
        self._fold = {name_key(force): name_key(state) for force, state in STATE_OF_FORCE.items()}
        self._table: dict[str | None, str | None] = {}
        for label, wordings in GENERIC_LABELS.items():
            for wording in (label, *wordings):
                self._table[name_key(wording)] = name_key(label)
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            canonical = name_key(entry.get("name"))
            target = self._fold.get(canonical, canonical)
            for wording in [entry.get("name"), *(entry.get("aliases") or [])]:
                if wording:
                    self._table[name_key(wording)] = target

    @classmethod
    def from_yaml(cls, path: str | Path | None) -> ActorAliases:
        """Aliases from an actors file (a list of {name, aliases}, or {actors: [...]})."""
        if path is None:
            return cls()
        import yaml

        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        if isinstance(data, dict):
            data = data.get("actors") or []
        return cls(data if isinstance(data, list) else [])

    def canonical(self, name: Any) -> str | None:
        key = name_key(name)
        mapped = self._table.get(key, key)
        return self._fold.get(mapped, mapped)


# ---------- value helpers -----------------------------------------------------------------------


def acceptable(value: Any) -> list[Any] | None:
    """The acceptable values of a gold field, or None when the field is not scored."""
    if value == NOT_SCORED:
        return None
    return value if isinstance(value, list) else [value]


def as_date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def date_span(day: str, precision: Any) -> tuple[dt.date, dt.date]:
    """First and last day of the period a (date, precision) pair stands for."""
    return span(dt.date.fromisoformat(day), precision)


def gold_spans(gold: Record) -> list[tuple[dt.date, dt.date]] | None:
    """Every period the gold date allows; None when the date is not scored."""
    days = acceptable(gold.get("date"))
    if days is None:
        return None
    precisions = acceptable(gold.get("date_precision")) or ["day"]
    return [
        date_span(day, "day" if precision == NOT_SCORED else precision)
        for day in days
        if day is not None
        for precision in precisions
    ]


# ---------- pairing and agreement ---------------------------------------------------------------


def can_pair(gold: Record, pred: Record) -> bool:
    """Category agrees, dates overlap (gold periods widened a day) and countries do not clash."""
    category = gold.get("category")
    if category not in (NOT_SCORED, None):
        allowed = acceptable(category) or []
        if pred.get("category") not in allowed:
            return False
    spans = gold_spans(gold)
    day = as_date(pred.get("date"))
    if spans and day is not None and not any(lo - ONE_DAY <= day <= hi + ONE_DAY for lo, hi in spans):
        return False
    countries = acceptable(gold.get("country"))
    country = pred.get("country")
    return not (countries and country and None not in countries and country not in countries)


def agrees(name: str, gold: Record, pred: Record, aliases: ActorAliases) -> bool | None:
    """Whether the prediction gets field ``name`` right; None when gold does not score it."""
    check = _CHECKS.get(name, _check_plain)
    return check(name, gold, pred, aliases)


def _check_date(name: str, gold: Record, pred: Record, aliases: ActorAliases) -> bool | None:
    spans = gold_spans(gold)
    if spans is None:
        return None
    day = as_date(pred.get("date"))
    if day is None:
        return None if None in (acceptable(gold.get("date")) or []) else False
    return any(lo <= day <= hi for lo, hi in spans)


def _check_location(name: str, gold: Record, pred: Record, aliases: ActorAliases) -> bool | None:
    countries = acceptable(gold.get("country"))
    if countries is None:
        return None
    if pred.get("country") not in countries:
        return False
    precision = gold.get("location_precision")
    if precision in ("country", None):
        return True
    if precision == "admin1":
        gold_admin1 = name_key(gold.get("admin1"))
        if name_key(pred.get("admin1")) == gold_admin1:
            return True
        return pred.get("admin1") is None and name_key(pred.get("place")) == gold_admin1
    if gold.get("lat") is not None and pred.get("lat") is not None and pred.get("lon") is not None:
        return km(gold["lat"], gold["lon"], pred["lat"], pred["lon"]) <= MAX_KM
    return name_key(pred.get("place")) == name_key(gold.get("place"))


def _check_weapons(name: str, gold: Record, pred: Record, aliases: ActorAliases) -> bool | None:
    allowed = acceptable(gold.get("weapons"))
    if allowed is None:
        return None
    used = set(pred.get("weapons") or [])
    if allowed and isinstance(allowed[0], list):
        return any(used == set(choice) for choice in allowed)
    return used == set(allowed)


def _check_perpetrator(name: str, gold: Record, pred: Record, aliases: ActorAliases) -> bool | None:
    allowed = acceptable(gold.get("perpetrator"))
    if allowed is None:
        return None
    return aliases.canonical(pred.get("perpetrator")) in {aliases.canonical(a) for a in allowed}


def _check_plain(name: str, gold: Record, pred: Record, aliases: ActorAliases) -> bool | None:
    allowed = acceptable(gold.get(name))
    if allowed is None:
        return None
    return pred.get(name) in allowed


_CHECKS = {
    "date": _check_date,
    "location": _check_location,
    "weapons": _check_weapons,
    "perpetrator": _check_perpetrator,
}


# ---------- slots -------------------------------------------------------------------------------


def gold_value(name: str, gold: Record) -> Any:
    """The gold value a field's slot depends on (location: the country)."""
    return gold.get("country" if name == "location" else name)


def is_gold_slot(name: str, gold: Record, predicted: bool) -> bool:
    """Whether a gold field is a slot, given whether the paired prediction fills it."""
    allowed = acceptable(gold_value(name, gold))
    if allowed is None or all(value is None for value in allowed):
        return False
    if None in allowed:
        return predicted
    return True


def is_filled(name: str, pred: Record) -> bool:
    """Whether the prediction gives a value for a field (weapons: a non-empty list)."""
    if name == "location":
        return pred.get("country") is not None
    if name == "weapons":
        return bool(pred.get("weapons"))
    return pred.get(name) is not None
