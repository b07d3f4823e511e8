"""Downloads of the filtered view (CSV, ACLED-style CSV) and the map's place labels.

The CSV is what an analyst opens in a spreadsheet: UTF-8 with a byte-order mark (so Excel reads
quotes and Arabic right), one row per incident, the evidence sentences of its reports in one
column. ``acled`` uses the exporter's ACLED columns. Both answer the same filter as the list.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from functools import lru_cache
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from salvo.api import query
from salvo.api.params import FilterParams
from salvo.export import ACLED_COLUMNS, CSV_COLUMNS, _flat, _with_sources, acled_row
from salvo.store.models import IncidentRow, MentionRow

router = APIRouter(prefix="/api", tags=["read"])

#: The largest download; past it use ``salvo export`` on the command line.
MAX_ROWS = 100_000
BOM = "\ufeff"
#: Gazetteer kinds drawn as labels, and from which zoom on (countries and provinces come from the outlines).
LABEL_KINDS = {
    "airbase": 6, "military_base": 6, "airport": 7, "border_crossing": 7, "diplomatic": 8,
    "oil_gas_field": 7, "city": 7, "town": 8,
}
#: Cities big enough to be named from the first zoom.
MAJOR = {"Baghdad", "Damascus", "Amman", "Erbil", "Mosul", "Basra", "Aleppo", "Deir ez-Zor", "Kirkuk"}


def session(request: Request) -> Iterator[Session]:
    with request.app.state.store.session() as s:
        yield s


def _evidence(s: Session, ids: list[str]) -> dict[str, list[str]]:
    """Each incident's evidence sentences, once each, in report order."""
    out: dict[str, list[str]] = {}
    q = (
        select(MentionRow.incident_id, MentionRow.evidence)
        .where(MentionRow.incident_id.in_(ids), MentionRow.superseded_at.is_(None))
        .order_by(MentionRow.id)
    )
    for inc_id, ev in s.execute(q):
        seen = out.setdefault(str(inc_id), [])
        seen.extend(e for e in ev or [] if e not in seen)
    return out


def download(s: Session, flt: FilterParams, fmt: str, sort: str = "date") -> Response:
    """The filtered incidents as ``csv`` (with an ``evidence`` column) or ``acled``, oldest first."""
    q = query.filtered(select(IncidentRow), flt).order_by(
        IncidentRow.date_start.asc().nulls_last(), IncidentRow.id
    ).limit(MAX_ROWS)
    rows = list(s.scalars(q))
    buf = io.StringIO()
    buf.write(BOM)
    if fmt == "acled":
        writer = csv.DictWriter(buf, fieldnames=list(ACLED_COLUMNS), extrasaction="ignore")
        writer.writeheader()
        for row in _with_sources(s, rows):
            writer.writerow(acled_row(row))
    else:
        evidence = _evidence(s, [r.id for r in rows])
        writer = csv.DictWriter(buf, fieldnames=[*CSV_COLUMNS, "evidence"], extrasaction="ignore")
        writer.writeheader()
        for row in _with_sources(s, rows):
            writer.writerow({**_flat(row), "evidence": " | ".join(evidence.get(row["id"], []))})
    name = "salvo-incidents-acled.csv" if fmt == "acled" else "salvo-incidents.csv"
    return Response(
        buf.getvalue().encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


@lru_cache(maxsize=1)
def _labels() -> list[dict[str, Any]]:
    from salvo.extract.places import DATA_FILE

    out = []
    for p in yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")) or []:
        kind = p.get("kind")
        if kind not in LABEL_KINDS or p.get("lat") is None or p.get("lon") is None:
            continue
        minzoom = 5 if p["name"] in MAJOR else LABEL_KINDS[kind]  # capitals and big cities from the start
        base = kind in ("airbase", "military_base")
        out.append({"name": p["name"], "kind": "base" if base else kind, "country": p.get("country"),
                    "lat": p["lat"], "lon": p["lon"], "minzoom": minzoom})
    return out


@router.get("/places", summary="Map labels: the gazetteer's towns and bases, with the zoom they show from")
def places(_s: Annotated[Session, Depends(session)]) -> JSONResponse:
    """Towns, cities and bases of the shipped gazetteer (countries and provinces label their outlines)."""
    return JSONResponse(_labels(), headers={"cache-control": "max-age=3600"})
