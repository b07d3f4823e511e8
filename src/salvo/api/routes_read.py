"""Read-only endpoints: incidents (JSON or GeoJSON), one incident, one article, stats, meta."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from salvo.api import convert, query
from salvo.api.index import IncidentIndex
from salvo.api.params import FilterParams, filter_params
from salvo.api.schemas import (
    ArticleOut,
    Country,
    IncidentDetail,
    IncidentPage,
    Interval,
    Meta,
    Split,
    StatsOut,
)
from salvo.vocab import ATTRIBUTIONS, CATEGORIES, WEAPONS

router = APIRouter(prefix="/api", tags=["read"])

SORTABLE = tuple(query.SORT_COLUMNS)
COUNTRY_NAMES = {"IQ": "Iraq", "SY": "Syria", "JO": "Jordan"}


def session(request: Request) -> Iterator[Session]:
    with request.app.state.store.session() as s:
        yield s


SessionDep = Annotated[Session, Depends(session)]
FilterDep = Annotated[FilterParams, Depends(filter_params)]


@router.get("/health", summary="Liveness check")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/incidents",
    response_model=IncidentPage,
    summary="List incidents",
    description=(
        "Filtered, sorted and paginated incidents. Paginate with `offset` or with the `cursor` returned "
        "as `next_cursor`. `format=geojson` returns a FeatureCollection (points; `geometry` null when "
        "the incident has no coordinates) with `total` and `next_cursor` as foreign members."
    ),
)
def list_incidents(
    request: Request,
    s: SessionDep,
    flt: FilterDep,
    sort: Annotated[str, Query(description=f"one of {', '.join(SORTABLE)}; prefix '-' for descending")] = "-date",
    limit: Annotated[int, Query(ge=1, le=10_000)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    cursor: Annotated[str | None, Query(description="opaque cursor from a previous page")] = None,
    format: Annotated[
        Literal["json", "geojson", "csv", "acled"],
        Query(description="`csv` (UTF-8 with BOM, evidence column) and `acled` download every match"),
    ] = "json",
    properties: Annotated[
        Literal["full", "minimal"],
        Query(description="GeoJSON only: `minimal` gives date, category, place and casualties (for maps)"),
    ] = "full",
) -> Any:
    if format in ("csv", "acled"):
        from salvo.api.routes_export import download

        return download(s, flt, format)
    if format == "json" and limit > 1000:
        raise HTTPException(422, "limit is at most 1000 (10000 with format=geojson)")
    index = _index_for(request, flt)
    if format == "geojson" and properties == "minimal" and index is not None and not cursor:
        snap = index.refresh(s)
        points, total = index.points(snap, index.mask(snap, flt), limit)
        body = {"type": "FeatureCollection", "features": [_point(p) for p in points], "total": total}
        return JSONResponse({**body, "next_cursor": None}, media_type="application/geo+json")
    try:
        if index is not None:
            rows, next_cursor, total = _indexed_page(index, s, flt, sort, limit, offset, cursor)
        else:
            rows, next_cursor, total = query.list_page(s, flt, sort, limit, offset, cursor)
    except ValueError as exc:  # a malformed cursor or filter value
        raise HTTPException(422, str(exc)) from None
    items = [convert.summary(r) for r in rows]
    if format == "geojson":
        features = []
        for it in items:
            props = it.model_dump(mode="json", exclude={"id", "lat", "lon"})
            geometry = (
                {"type": "Point", "coordinates": [it.lon, it.lat]}
                if it.lat is not None and it.lon is not None
                else None
            )
            features.append({"type": "Feature", "id": it.id, "geometry": geometry, "properties": props})
        return JSONResponse(
            {"type": "FeatureCollection", "features": features, "total": total, "next_cursor": next_cursor},
            media_type="application/geo+json",
        )
    return IncidentPage(items=items, total=total, limit=limit, offset=offset, next_cursor=next_cursor)


def _index_for(request: Request, flt: FilterParams) -> IncidentIndex | None:
    """The in-memory index, unless the filter needs what it does not hold (reports' languages)."""
    return None if flt.language else request.app.state.index


def _indexed_page(
    index: IncidentIndex,
    s: Session,
    flt: FilterParams,
    sort: str,
    limit: int,
    offset: int,
    cursor: str | None,
) -> tuple[list[dict[str, Any]], str | None, int]:
    """A page through the in-memory index: ids from Arrow, rows from the database."""
    from salvo.store.queries import incident_dicts

    if sort.lstrip("-") not in query.SORT_COLUMNS:
        raise ValueError(f"cannot sort by {sort!r}; use one of {', '.join(query.SORT_COLUMNS)}")
    if cursor:
        offset = query.decode_cursor(cursor, sort)
    snap = index.refresh(s)
    ids, total = index.page(snap, index.mask(snap, flt), sort, limit, offset)
    rows = incident_dicts(s, ids)
    nxt = query.encode_cursor(offset + limit, sort) if offset + limit < total else None
    return rows, nxt, total


def _point(p: dict[str, Any]) -> dict[str, Any]:
    """A minimal map feature straight from the index (no row fetch, no model validation)."""
    has = p["lat"] is not None and p["lon"] is not None
    props = {
        "date": p["date"].isoformat() if p["date"] else None,
        "category": p["category"],
        "place": p["place"],
        "admin1": p["admin1"],
        "country": p["country"],
        "killed": p["killed"],
        "injured": p["injured"],
        "location_precision": p.get("location_precision"),
        "attribution": p.get("attribution"),
    }
    geometry = {"type": "Point", "coordinates": [p["lon"], p["lat"]]} if has else None
    return {"type": "Feature", "id": p["id"], "geometry": geometry, "properties": props}


@router.get("/incidents/{incident_id}", response_model=IncidentDetail, summary="One incident, with its evidence")
def get_incident(incident_id: str, s: SessionDep) -> IncidentDetail:
    """The incident with its mentions (reports), evidence, sources, field values per report and revisions."""
    from salvo.store import queries

    data = queries.get_incident(s, incident_id)
    if data is None:
        raise HTTPException(404, f"no incident {incident_id!r}")
    return convert.detail(data)


@router.get("/articles/{article_id}", response_model=ArticleOut, summary="One article and its incidents")
def get_article(article_id: int, s: SessionDep) -> ArticleOut:
    from salvo.store import queries

    # an id past the database's 64-bit integers names no article (and would overflow the query)
    data = queries.get_article(s, article_id) if 0 < article_id < 2**63 else None
    if data is None:
        raise HTTPException(404, f"no article {article_id}")
    return convert.article(data)


@router.get("/stats", response_model=StatsOut, summary="Counts per period")
def stats(
    request: Request,
    s: SessionDep,
    flt: FilterDep,
    interval: Annotated[Interval, Query()] = "week",
    split: Annotated[Split | None, Query()] = None,
    rolling: Annotated[int, Query(ge=0, le=366, description="rolling mean over this many periods (0: none)")] = 0,
) -> StatsOut:
    """Incident counts per day, week (Monday) or month, optionally split by a field, each with the
    list query behind it; incidents without a date are counted apart (``undated``)."""
    index = _index_for(request, flt)
    if index is not None:
        snap = index.refresh(s)
        rows = index.stats(snap, index.mask(snap, flt), interval, split)
        undated = index.undated(snap, flt)
    else:
        rows = query.stats_rows(s, flt, interval=interval, split=split)
        undated = query.undated_count(s, flt)
    return StatsOut.model_validate(query.stats_answer(rows, flt, interval, split, rolling, undated))


_meta_cache: dict[int, tuple[Any, Meta]] = {}


_languages_cache: dict[str, tuple[Any, list[str]]] = {}


def _languages(s: Session) -> list[str]:
    """The languages of the stored reports, most frequent first; counted again only when articles were
    added (a grouping over every article: seconds with millions of them). A stored article re-read in
    another language shows with the next added one."""
    from salvo.store.models import ArticleRow

    url = str(s.get_bind().engine.url)
    stamp = s.scalar(select(func.max(ArticleRow.id)))  # the primary key's last entry: no scan
    hit = _languages_cache.get(url)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    q = (
        select(ArticleRow.language, func.count())
        .where(ArticleRow.language.is_not(None), ArticleRow.language != "")
        .group_by(ArticleRow.language)
        .order_by(func.count().desc())
    )
    out = [str(lang) for lang, _ in s.execute(q)]
    _languages_cache[url] = (stamp, out)
    return out


@router.get("/meta", response_model=Meta, summary="Vocabularies and ranges for the filter panel")
def meta(request: Request, s: SessionDep) -> Meta:
    """Countries, perpetrators and provinces present (most frequent first), date range, counts."""
    from salvo.api.index import version
    from salvo.store.models import IncidentRow

    index: IncidentIndex | None = request.app.state.index
    snap = index.refresh(s) if index is not None else None
    key = id(request.app)
    stamp = id(snap) if snap is not None else version(s)
    hit = _meta_cache.get(key)
    if hit and hit[0] == stamp:
        return hit[1]
    active = IncidentRow.status == "active"
    if index is not None and snap is not None:  # a pass over the index, not over a million rows
        lo, hi, n = index.date_range(snap)
    else:
        lo, hi, n = s.execute(
            select(func.min(IncidentRow.date), func.max(IncidentRow.date), func.count()).where(active)
        ).one()

    def distinct(column: str, top: int = 300) -> list[str]:
        if index is not None and snap is not None:
            return index.facets(snap, column, top)
        col = getattr(IncidentRow, column)
        q = (
            select(col, func.count())
            .where(active, col.is_not(None), col != "")
            .group_by(col)
            .order_by(func.count().desc())
            .limit(top)
        )
        return [v for v, _ in s.execute(q)]

    out = Meta(
        categories=list(CATEGORIES),
        weapons=list(WEAPONS),
        attributions=list(ATTRIBUTIONS),
        countries=[Country(code=c, name=COUNTRY_NAMES.get(c)) for c in sorted(distinct("country"))],
        perpetrators=distinct("perpetrator"),
        admin1=sorted(distinct("admin1")),
        languages=_languages(s),
        date_min=lo,
        date_max=hi,
        incidents=n,
        review_enabled=bool(request.app.state.api_token),
    )
    _meta_cache[key] = (stamp, out)
    return out
