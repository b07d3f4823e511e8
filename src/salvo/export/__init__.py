"""Exports of the incident database: csv, jsonl, geojson, parquet, acled, mentions.

``mentions`` writes the output format of ``salvo extract`` (one line per stored article, its incidents as
it reported them) with ``incident_id`` set to the merged incident, so ``salvo eval --pred`` scores the
database's merging. ``acled`` uses ACLED's column names and its time/geo precision codes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salvo.model import INCIDENT_FIELDS
from salvo.store.models import ArticleRow, IncidentRow, MentionRow
from salvo.store.queries import IncidentFilter, apply_filter, incident_dict

FORMATS = ("csv", "jsonl", "geojson", "parquet", "acled", "mentions")
CSV_COLUMNS = (
    "id",
    "category",
    "date",
    "date_precision",
    "place",
    "admin1",
    "country",
    "lat",
    "lon",
    "location_precision",
    "weapons",
    "projectiles",
    "perpetrator",
    "attribution",
    "target",
    "killed",
    "injured",
    "intercepted",
    "n_sources",
    "first_reported",
    "last_reported",
    "confirmed",
    "status",
    "sources",
)
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
_ISO_NUM = {"IQ": 368, "SY": 760, "JO": 400}
_COUNTRY = {"IQ": "Iraq", "SY": "Syria", "JO": "Jordan"}
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}  # ACLED: 1 day, 2 week/±days, 3 month or wider
_GEO_PRECISION = {"site": 1, "city": 1, "admin1": 3, "country": 3}  # ACLED: 1 town/site, 2 near, 3 province+
US_FORCES = "Military Forces of the United States"


def iter_incidents(session: Session, flt: IncidentFilter | None = None) -> Iterator[dict[str, Any]]:
    """Incidents with their resolved values and source URLs, in date order."""
    q = apply_filter(select(IncidentRow), flt or IncidentFilter()).order_by(
        IncidentRow.date_start.asc().nulls_last(), IncidentRow.id
    )
    batch: list[IncidentRow] = []
    for inc in session.scalars(q.execution_options(yield_per=1000)):
        batch.append(inc)
        if len(batch) >= 1000:
            yield from _with_sources(session, batch)
            batch = []
    yield from _with_sources(session, batch)


def _with_sources(session: Session, batch: list[IncidentRow]) -> Iterator[dict[str, Any]]:
    if not batch:
        return
    ids = [i.id for i in batch]
    sources: dict[str, list[dict[str, Any]]] = {}
    q = (
        select(MentionRow.incident_id, ArticleRow.outlet, ArticleRow.url, ArticleRow.published)
        .join(ArticleRow, MentionRow.article_id == ArticleRow.id)
        .where(MentionRow.incident_id.in_(ids), MentionRow.superseded_at.is_(None))
        .order_by(ArticleRow.published, ArticleRow.id)
    )
    for inc_id, outlet, url, published in session.execute(q):
        sources.setdefault(str(inc_id), []).append(
            {"outlet": outlet, "url": url, "published": published.isoformat() if published else None}
        )
    for inc in batch:
        row = incident_dict(inc)
        row["sources"] = sources.get(inc.id, [])
        yield row


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    out = {c: row.get(c) for c in CSV_COLUMNS}
    out["weapons"] = ";".join(row["weapons"])
    out["sources"] = " ".join(s["url"] or s["outlet"] or "" for s in row["sources"])
    return out


def acled_row(row: dict[str, Any]) -> dict[str, Any]:
    """One incident as an ACLED-style event row."""
    weapons = set(row["weapons"])
    if weapons & {"small_arms", "ground_assault"} and not weapons - {
        "small_arms",
        "ground_assault",
        "unknown",
    }:
        event_type, sub = "Battles", "Armed clash"
    elif weapons & {"drone", "airstrike"} and not weapons & {
        "rocket",
        "mortar",
        "indirect_fire",
        "artillery",
    }:
        event_type, sub = "Explosions/Remote violence", "Air/drone strike"
    elif weapons == {"ied"}:
        event_type, sub = "Explosions/Remote violence", "Remote explosive/landmine/IED"
    else:
        event_type, sub = "Explosions/Remote violence", "Shelling/artillery/missile attack"
    perpetrator = row["perpetrator"] if row["perpetrator"] != "unknown" else "Unidentified Armed Group"
    if row["category"] == "strike":
        actor1, actor2 = US_FORCES, row.get("target") or "Unidentified Armed Group"
        inter1, inter2 = 8, 3
    else:
        actor1, actor2 = perpetrator, US_FORCES
        inter1, inter2 = (1 if perpetrator in ("Iran",) else 3), 8
    date = row.get("date")
    sources = row["sources"]
    return {
        "event_id_cnty": row["id"],
        "event_date": date,
        "year": date[:4] if date else None,
        "time_precision": _TIME_PRECISION.get(row.get("date_precision") or "", 3),
        "disorder_type": "Political violence",
        "event_type": event_type,
        "sub_event_type": sub,
        "actor1": actor1,
        "assoc_actor_1": "",
        "inter1": inter1,
        "actor2": actor2,
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": int(f"{min(inter1, inter2)}{max(inter1, inter2)}"),
        "civilian_targeting": "",
        "iso": _ISO_NUM.get(row.get("country") or ""),
        "region": "Middle East",
        "country": _COUNTRY.get(row.get("country") or "", row.get("country")),
        "admin1": row.get("admin1"),
        "admin2": "",
        "admin3": "",
        "location": row.get("place") or row.get("admin1") or "",
        "latitude": row.get("lat"),
        "longitude": row.get("lon"),
        "geo_precision": _GEO_PRECISION.get(row.get("location_precision") or "", 3),
        "source": "; ".join(sorted({s["outlet"] for s in sources if s["outlet"]})),
        "source_scale": "International",
        "notes": _notes(row),
        "fatalities": row.get("killed") or 0,
        "tags": "",
        "timestamp": row.get("updated_at"),
    }


def _notes(row: dict[str, Any]) -> str:
    parts = [f"{row['category'].capitalize()} on {row.get('date') or 'unknown date'}"]
    if row.get("place"):
        parts.append(f"at {row['place']}")
    if row["weapons"]:
        parts.append("with " + ", ".join(row["weapons"]))
    if row.get("perpetrator") and row["perpetrator"] != "unknown":
        parts.append(f"by {row['perpetrator']} ({row['attribution']})")
    if row.get("injured") is not None:
        parts.append(f"{row['injured']} injured")
    return " ".join(parts) + "."


def iter_mentions(session: Session) -> Iterator[dict[str, Any]]:
    """``salvo extract`` lines for every stored article; incidents carry the DB's merged ``incident_id``."""
    articles = session.scalars(select(ArticleRow).order_by(ArticleRow.id).execution_options(yield_per=500))
    for a in articles:
        ms = session.scalars(
            select(MentionRow)
            .where(MentionRow.article_id == a.id, MentionRow.superseded_at.is_(None))
            .order_by(MentionRow.position)
        )
        article = {
            "id": a.source_id,
            "title": a.title,
            "outlet": a.outlet,
            "url": a.url,
            "published": a.published.isoformat() if a.published else None,
            "text": a.text,
        }
        if a.language:
            article["language"] = a.language
        incidents = []
        for m in ms:
            inc = {f: getattr(m, f) for f in (*INCIDENT_FIELDS, "incident_id")}
            inc["date"] = m.date.isoformat() if m.date else None
            inc["provenance"] = dict(m.provenance or {})
            incidents.append(inc)
        yield {"article": article, "incidents": incidents}


def export(session: Session, fmt: str, dest: Path | io.TextIOBase | Any, flt: IncidentFilter | None = None) -> int:
    """Write ``fmt`` to ``dest`` (a path, or a text stream for all but parquet); returns rows written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not isinstance(dest, str | Path):
            raise ValueError("parquet needs an output file (--out)")
        return _parquet(session, Path(dest), flt)
    if isinstance(dest, str | Path):
        with open(dest, "w", encoding="utf-8", newline="") as handle:
            return _write_text(session, fmt, handle, flt)
    return _write_text(session, fmt, dest, flt)


def _write_text(session: Session, fmt: str, out: Any, flt: IncidentFilter | None) -> int:
    n = 0
    if fmt == "mentions":
        for line in iter_mentions(session):
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "jsonl":
        for row in iter_incidents(session, flt):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    elif fmt in ("csv", "acled"):
        columns = CSV_COLUMNS if fmt == "csv" else ACLED_COLUMNS
        writer = csv.DictWriter(out, fieldnames=list(columns))
        writer.writeheader()
        for row in iter_incidents(session, flt):
            writer.writerow(_flat(row) if fmt == "csv" else acled_row(row))
            n += 1
    elif fmt == "geojson":
        out.write('{"type": "FeatureCollection", "features": [\n')
        for row in iter_incidents(session, flt):
            geometry = (
                {"type": "Point", "coordinates": [row["lon"], row["lat"]]}
                if row["lat"] is not None and row["lon"] is not None
                else None
            )
            feature = {"type": "Feature", "id": row["id"], "geometry": geometry, "properties": row}
            out.write((",\n" if n else "") + json.dumps(feature, ensure_ascii=False))
            n += 1
        out.write("\n]}\n")
    return n


def _parquet(session: Session, path: Path, flt: IncidentFilter | None) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = list(iter_incidents(session, flt))
    for r in rows:
        r["source_urls"] = [s["url"] for s in r.pop("sources") if s["url"]]
    schema = pa.schema(
        [
            ("id", pa.string()),
            ("status", pa.string()),
            ("confirmed", pa.bool_()),
            ("category", pa.string()),
            ("date", pa.string()),
            ("date_precision", pa.string()),
            ("place", pa.string()),
            ("admin1", pa.string()),
            ("country", pa.string()),
            ("lat", pa.float64()),
            ("lon", pa.float64()),
            ("location_precision", pa.string()),
            ("weapons", pa.list_(pa.string())),
            ("projectiles", pa.int64()),
            ("perpetrator", pa.string()),
            ("attribution", pa.string()),
            ("target", pa.string()),
            ("killed", pa.int64()),
            ("injured", pa.int64()),
            ("intercepted", pa.bool_()),
            ("n_mentions", pa.int64()),
            ("n_sources", pa.int64()),
            ("first_reported", pa.string()),
            ("last_reported", pa.string()),
            ("merged_into", pa.string()),
            ("updated_at", pa.string()),
            ("source_urls", pa.list_(pa.string())),
        ]
    )
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, path)
    return len(rows)
