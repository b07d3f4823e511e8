"""Synthetic incidents written straight into the store's tables, for benchmarks and load tests.

Bulk writes (not the ingest path) so 100,000 incidents take seconds. Texts are
ours, a few generic sentences per article; nothing is copied from real reporting.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from typing import Any

from salvo.vocab import ATTRIBUTIONS

PLACES: tuple[tuple[str, str, str, float, float], ...] = (
    ("Ain al-Asad Air Base", "Anbar", "IQ", 33.80, 42.44),
    ("Al-Tanf", "Homs", "SY", 33.50, 38.62),
    ("Erbil Air Base", "Erbil", "IQ", 36.24, 43.96),
    ("Baghdad International Airport", "Baghdad", "IQ", 33.26, 44.23),
    ("Green Zone", "Baghdad", "IQ", 33.30, 44.39),
    ("Tower 22", "Mafraq", "JO", 33.32, 38.69),
    ("Green Village", "Deir ez-Zor", "SY", 35.07, 40.63),
    ("Conoco gas field", "Deir ez-Zor", "SY", 35.27, 40.29),
    ("Al-Qaim", "Anbar", "IQ", 34.38, 41.09),
    ("Abu Kamal", "Deir ez-Zor", "SY", 34.45, 40.92),
    ("Harir Base", "Erbil", "IQ", 36.55, 44.33),
    ("Rumaylan", "Al-Hasakah", "SY", 36.93, 41.78),
    ("Shaddadi", "Al-Hasakah", "SY", 36.05, 40.73),
    ("Balad Air Base", "Salah al-Din", "IQ", 33.94, 44.36),
    ("Taji", "Baghdad", "IQ", 33.52, 44.26),
    ("Jurf al-Sakhar", "Babil", "IQ", 32.90, 44.10),
    ("Mayadin", "Deir ez-Zor", "SY", 35.02, 40.45),
    ("Muwaffaq Salti Air Base", "Zarqa", "JO", 31.83, 36.78),
)
PERPETRATORS = (
    "Islamic Resistance in Iraq",
    "Kata'ib Hezbollah",
    "Iran-backed militias",
    "Harakat al-Nujaba",
    "Kata'ib Sayyid al-Shuhada",
    "Iran",
    "unknown",
)
ATTACK_WEAPONS = (
    "rocket",
    "drone",
    "mortar",
    "indirect_fire",
    "ballistic_missile",
    "ied",
    "small_arms",
    "unknown",
)
STRIKE_WEAPONS = ("airstrike", "artillery", "missile")
START = dt.date(2019, 10, 1)
DAYS = 6 * 365


def _week(d: dt.date) -> str:
    return (d - dt.timedelta(days=d.weekday())).isoformat()


def generate(
    store: Any, n: int = 100_000, seed: int = 7, batch: int = 5000, start: int = 0, reports: int = 1
) -> int:
    """Write ``n`` synthetic incidents (``reports`` articles and mentions each) into ``store``.

    ``start`` numbers them, so several calls can add to one database. Rows go in with the driver's
    bulk paths (COPY on PostgreSQL, ``executemany`` on SQLite), not ORM inserts: a million incidents
    with their reports take minutes, not hours.
    """
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with store.engine.begin() as conn:
        start_article = conn.exec_driver_sql("SELECT COALESCE(MAX(id), 0) FROM articles").scalar_one()
        postgres = conn.dialect.name == "postgresql"
        write = _copy if postgres else _executemany
        rebuild = _set_indexes_aside(conn) if postgres and n >= REBUILD_FROM and not start_article else []
        done = 0
        while done < n:
            size = min(max(1, batch // reports), n - done)
            tables: dict[str, list[dict[str, Any]]] = {"articles": [], "incidents": [], "incident_weapons": [],
                                                       "mentions": []}
            for k in range(size):
                i = start + done + k
                first_article = start_article + (done + k) * reports + 1
                _one(rng, i, first_article, reports, tables)
            for table, rows in tables.items():
                write(conn, table, [{**_DEFAULTS.get(table, {}), **r} for r in rows], now)
            done += size
        for definition in rebuild:  # one sort per index instead of a million B-tree insertions
            conn.exec_driver_sql(definition)
        if postgres:  # explicit ids: move the sequence past them for later ingests
            conn.exec_driver_sql("SELECT setval(pg_get_serial_sequence('articles', 'id'), "
                                 "(SELECT COALESCE(MAX(id), 1) FROM articles))")
    return n


#: From this many incidents into an empty PostgreSQL database, secondary indexes are dropped during the
#: fill and built afterwards (in the same transaction), which is several times faster.
REBUILD_FROM = 50_000
_FILLED = ("articles", "incidents", "incident_weapons", "mentions")


def _set_indexes_aside(conn: Any) -> list[str]:
    """Drop the filled tables' secondary indexes (not those behind a primary key or unique constraint);
    return their definitions to create them again."""
    rows = conn.exec_driver_sql(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i "
        "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%(tables)s) AND NOT EXISTS ("
        "SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || "
        "quote_ident(i.indexname))::regclass)",
        {"tables": list(_FILLED)},
    ).all()
    for name, _ in rows:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    return [definition for _, definition in rows]


#: Columns the ORM fills from Python-side defaults; bulk writes name them explicitly.
_DEFAULTS: dict[str, dict[str, Any]] = {
    "articles": {"language": None, "extra": None, "ingested_at": None, "updated_at": None, "extracted_at": None},
    "incidents": {"merged_into": None, "created_at": None, "updated_at": None},
    "mentions": {"pinned_incident_id": None, "superseded_at": None, "created_at": None, "provenance": None},
}
_STAMPED = ("ingested_at", "updated_at", "created_at", "extracted_at")
_JSON = {"mentions": ("weapons", "evidence", "provenance"), "articles": ("extra",)}


def _cells(table: str, rows: list[dict[str, Any]], now: dt.datetime) -> tuple[list[str], list[tuple[Any, ...]]]:
    columns = list(rows[0])
    json_cols = _JSON.get(table, ())
    out = []
    for r in rows:
        cells = []
        for c in columns:
            v = r[c]
            if c in _STAMPED and v is None and c != "extracted_at":
                v = now
            elif c in json_cols and v is not None:
                v = json.dumps(v)
            cells.append(v)
        out.append(tuple(cells))
    return columns, out


def _copy(conn: Any, table: str, rows: list[dict[str, Any]], now: dt.datetime) -> None:
    """PostgreSQL: one COPY per table and batch (several times faster than INSERTs)."""
    if not rows:
        return
    columns, cells = _cells(table, rows, now)
    cursor = conn.connection.driver_connection.cursor()
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in cells:
            copy.write_row(row)


def _executemany(conn: Any, table: str, rows: list[dict[str, Any]], now: dt.datetime) -> None:
    """SQLite: the driver's executemany, with dates written as SQLAlchemy writes them (ISO text)."""
    if not rows:
        return
    columns, cells = _cells(table, rows, now)
    text = [tuple(_sqlite_value(v) for v in row) for row in cells]
    marks = ", ".join("?" for _ in columns)
    conn.exec_driver_sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", text)


def _sqlite_value(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return v.isoformat(" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def _one(rng: random.Random, i: int, first_article: int, reports: int, tables: dict[str, list[dict[str, Any]]]) -> None:
    """Incident ``i`` with its weapon rows and ``reports`` articles and mentions, appended to ``tables``."""
    iid = f"syn-{i:06d}"
    place, admin1, country, lat, lon = rng.choice(PLACES)
    lat += rng.uniform(-0.05, 0.05)
    lon += rng.uniform(-0.05, 0.05)
    strike = rng.random() < 0.2
    category = "strike" if strike else "attack"
    weps = sorted({rng.choice(STRIKE_WEAPONS if strike else ATTACK_WEAPONS) for _ in range(rng.choice((1, 1, 2)))})
    day = START + dt.timedelta(days=int(DAYS * rng.random() ** 0.7))
    perp = "United States" if strike else rng.choice(PERPETRATORS)
    attribution = "claimed" if strike else rng.choice(ATTRIBUTIONS)
    killed = rng.choice((None, None, 0, 0, 0, 1, 2, 3))
    injured = rng.choice((None, None, 0, 0, 1, 2, 5, 8))
    sentence = f"A {category} involving {' and '.join(weps)} was reported near {place} on {day:%B %d}."
    values = {
        "category": category,
        "date": day,
        "date_precision": "day",
        "place": place,
        "admin1": admin1,
        "country": country,
        "lat": round(lat, 4),
        "lon": round(lon, 4),
        "location_precision": "site",
        "perpetrator": perp,
        "attribution": attribution,
        "target": place,
        "killed": killed,
        "injured": injured,
        "projectiles": rng.choice((None, 1, 2, 3, 5)),
        "intercepted": rng.choice((None, True, False)),
    }
    week, month = _week(day), day.isoformat()[:7]
    tables["incidents"].append(
        {"id": iid, "status": "active", "confirmed": False, **values, "date_start": day, "date_end": day,
         "week": week, "month": month, "weapons": ";".join(weps), "n_mentions": reports, "n_sources": reports,
         "first_reported": day, "last_reported": day, "search_text": f"{place} {admin1} {perp} {place}".lower()}
    )
    tables["incident_weapons"].extend(  # the stats copies the store keeps on weapon rows
        {"incident_id": iid, "weapon": w, "status": "active", "date_start": day, "week": week, "month": month,
         "killed": killed, "injured": injured}
        for w in weps
    )
    for r in range(reports):  # an incident's reports: one article and one mention each
        aid = first_article + r
        tag = f"{i}-{r}" if r else f"{i}"
        text = f"Synthetic report {tag}.\n\n{sentence}\nOfficials gave no further details."
        tables["articles"].append(
            {"id": aid, "source_id": f"syn-article-{tag}", "url": f"https://example.org/synthetic/{tag}",
             "content_hash": hashlib.sha256(text.encode()).hexdigest(), "title": f"Synthetic report {tag}",
             "outlet": rng.choice(("Example Wire", "Sample Daily", "Test Gazette")),
             "published": day + dt.timedelta(days=rng.choice((0, 0, 1))), "text": text, "version": 1}
        )
        tables["mentions"].append(_mention(aid, iid, values, day, weps, (place, admin1, sentence)))


def _mention(
    aid: int, iid: str, values: dict[str, Any], day: dt.date, weps: list[str], where: tuple[str, str, str]
) -> dict[str, Any]:
    place, admin1, sentence = where
    return {
        "article_id": aid,
        "position": 0,
        "article_version": 1,
        "incident_id": iid,
        **values,
        "span_start": day,
        "span_end": day,
        "weapons": weps,
        "place_key": place.lower(),
        "admin1_key": admin1.lower(),
        "evidence": [sentence],
    }
