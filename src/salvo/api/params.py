"""Query parameters shared by the list, GeoJSON and stats endpoints."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Query
from fastapi.exceptions import RequestValidationError

from salvo.extract.actors.lexicon import canonical_actor
from salvo.store.queries import period_bounds
from salvo.vocab import WEAPONS

PERIOD = "day (YYYY-MM-DD), month (YYYY-MM) or year (YYYY)"
ACTOR = "actor by any alias, in any case (kataib hezbollah, IRI): matched by its canonical name"
#: The largest count a filter accepts: past it no incident can match, and the database's integers overflow.
MAX_COUNT = 10**9


@dataclass
class FilterParams:
    """The filter every view shares (map, timeline, table); mirrors the dashboard's URL state."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: list[str] = field(default_factory=list)
    admin1: str | None = None
    place: str | None = None
    category: str | None = None
    weapon: list[str] = field(default_factory=list)
    perpetrator: str | None = None
    attribution: list[str] = field(default_factory=list)
    min_casualties: int | None = None
    q: str | None = None
    language: list[str] = field(default_factory=list)
    has_coords: bool = False
    include_rejected: bool = False


def _day(value: str | None, name: str, end: bool) -> dt.date | None:
    """The first (or, with ``end``, last) day of a day, month or year; a bad one is a 422."""
    if value is None or not value.strip():
        return None
    try:
        first, last = period_bounds(value)
    except ValueError as exc:
        raise RequestValidationError([{"loc": ("query", name), "msg": str(exc), "type": "value_error"}]) from None
    return last if end else first


def filter_params(
    date_from: Annotated[str | None, Query(max_length=10, description=f"from this {PERIOD}: its first day")] = None,
    date_to: Annotated[str | None, Query(max_length=10, description=f"to this {PERIOD}: its last day")] = None,
    country: Annotated[list[str] | None, Query(description="ISO alpha-2 code; repeat for several")] = None,
    admin1: Annotated[str | None, Query(description="province / governorate (case-insensitive)")] = None,
    place: Annotated[str | None, Query(description="place name (case-insensitive substring)")] = None,
    category: Annotated[str | None, Query(pattern="^(attack|strike)$")] = None,
    weapon: Annotated[list[str] | None, Query(description=f"one of {', '.join(WEAPONS)}; repeat for any-of")] = None,
    perpetrator: Annotated[str | None, Query(max_length=200, description=ACTOR)] = None,
    attribution: Annotated[list[str] | None, Query(description="claimed, accused, suspected or none")] = None,
    min_casualties: Annotated[int | None, Query(ge=0, le=MAX_COUNT, description="killed + injured at least")] = None,
    q: Annotated[str | None, Query(max_length=200, description="text search: place, actor, target, outlets")] = None,
    language: Annotated[
        list[str] | None,
        Query(max_length=16, description="a report's language (ISO 639-1, e.g. ar); repeat for any-of"),
    ] = None,
    has_coords: Annotated[bool, Query(description="only incidents with coordinates")] = False,
    include_rejected: Annotated[bool, Query(description="also list incidents an analyst rejected")] = False,
) -> FilterParams:
    """The filter from the query string; a month or a year stands for its days, an actor for its
    canonical name (through the actors lexicon, any case): the same reading as the CLI's options."""
    return FilterParams(
        date_from=_day(date_from, "date_from", end=False),
        date_to=_day(date_to, "date_to", end=True),
        country=[c.strip().upper() for c in country or [] if c.strip()],
        admin1=(admin1 or "").strip() or None,
        place=(place or "").strip() or None,
        category=category,
        weapon=[w for w in weapon or [] if w],
        perpetrator=canonical_actor(perpetrator) if perpetrator and perpetrator.strip() else None,
        attribution=[a for a in attribution or [] if a],
        min_casualties=min_casualties,
        q=(q or "").strip() or None,
        language=[lang.strip().lower() for lang in language or [] if lang.strip()],
        has_coords=has_coords,
        include_rejected=include_rejected,
    )
