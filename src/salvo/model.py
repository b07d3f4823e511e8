"""The records that flow through Salvo: articles in, incidents out.

These mirror ``shared/SCHEMA.md`` (the contract). Plain dataclasses keep the hot
extraction path cheap; the API has its own pydantic schemas.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any, Literal

Category = Literal["attack", "strike"]
DatePrecision = Literal["day", "week", "month", "year"]
LocationPrecision = Literal["site", "city", "admin1", "country"]
Attribution = Literal["claimed", "accused", "suspected", "none"]

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

INCIDENT_FIELDS: tuple[str, ...] = (
    "date",
    "date_precision",
    "category",
    "weapons",
    "projectiles",
    "place",
    "admin1",
    "country",
    "lat",
    "lon",
    "location_precision",
    "perpetrator",
    "attribution",
    "target",
    "killed",
    "injured",
    "intercepted",
    "evidence",
)
#: The fields that carry a value (everything but the evidence behind them).
VALUE_FIELDS: tuple[str, ...] = tuple(name for name in INCIDENT_FIELDS if name != "evidence")


@dataclass
class Article:
    """One report as received; ``text`` is kept byte-for-byte so evidence stays verbatim."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    language: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "text": self.text,
        }
        if self.language:
            out["language"] = self.language
        out.update(self.extra)
        return out


@dataclass
class Incident:
    """One incident as one article reports it (a *mention* once stored)."""

    category: Category
    date: dt.date | None = None
    date_precision: DatePrecision | None = None
    weapons: list[str] = field(default_factory=list)
    projectiles: int | None = None
    place: str | None = None
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    location_precision: LocationPrecision | None = None
    perpetrator: str = "unknown"
    attribution: Attribution = "none"
    target: str | None = None
    killed: int | None = None
    injured: int | None = None
    intercepted: bool | None = None
    evidence: list[str] = field(default_factory=list)
    incident_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        # what asdict gives (fields in order, lists copied), without its recursive deep copy
        out = {name: list(v) if isinstance(v := getattr(self, name), list) else v for name in _INCIDENT_NAMES}
        out["date"] = self.date.isoformat() if self.date else None
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Incident:
        known: dict[str, Any] = {k: data.get(k) for k in (*INCIDENT_FIELDS, "incident_id") if k in data}
        date = known.get("date")
        if isinstance(date, str):
            try:
                known["date"] = dt.date.fromisoformat(date)
            except ValueError:
                known["date"] = None
        if known.get("weapons") is None:
            known["weapons"] = []
        if known.get("evidence") is None:
            known["evidence"] = []
        if known.get("perpetrator") is None:
            known["perpetrator"] = "unknown"
        if known.get("attribution") is None:
            known["attribution"] = "none"
        return cls(**known)


_INCIDENT_NAMES = tuple(f.name for f in fields(Incident))


@dataclass
class ExtractionResult:
    """What extraction produces for one article: the output line of ``salvo extract``."""

    article: Article
    incidents: list[Incident]

    def to_json(self) -> dict[str, Any]:
        return {"article": self.article.to_json(), "incidents": [i.to_json() for i in self.incidents]}
