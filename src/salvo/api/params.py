"""Query parameters shared by the list, GeoJSON and stats endpoints."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Query

from salvo.vocab import WEAPONS

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


def filter_params(
    date_from: Annotated[dt.date | None, Query(description="incidents on or after this day (YYYY-MM-DD)")] = None,
    date_to: Annotated[dt.date | None, Query(description="incidents on or before this day")] = None,
    country: Annotated[list[str] | None, Query(description="ISO alpha-2 code; repeat for several")] = None,
    admin1: Annotated[str | None, Query(description="province / governorate (case-insensitive)")] = None,
    place: Annotated[str | None, Query(description="place name (case-insensitive substring)")] = None,
    category: Annotated[str | None, Query(pattern="^(attack|strike)$")] = None,
    weapon: Annotated[list[str] | None, Query(description=f"one of {', '.join(WEAPONS)}; repeat for any-of")] = None,
    perpetrator: Annotated[str | None, Query(description="canonical actor name")] = None,
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
    return FilterParams(
        date_from=date_from,
        date_to=date_to,
        country=[c.strip().upper() for c in country or [] if c.strip()],
        admin1=(admin1 or "").strip() or None,
        place=(place or "").strip() or None,
        category=category,
        weapon=[w for w in weapon or [] if w],
        perpetrator=(perpetrator or "").strip() or None,
        attribution=[a for a in attribution or [] if a],
        min_casualties=min_casualties,
        q=(q or "").strip() or None,
        language=[lang.strip().lower() for lang in language or [] if lang.strip()],
        has_coords=has_coords,
        include_rejected=include_rejected,
    )
