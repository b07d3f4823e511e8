"""Shared pieces of the scale tests: running ``salvo`` in real processes, fresh databases, and what a
database holds, as a comparable value (incidents as groups of mention keys, and their merged fields)."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import select

from salvo.store import open_store
from salvo.store.models import ArticleRow, IncidentRow, MentionRow

SRC = Path(__file__).resolve().parents[2] / "src"
PG_ADMIN = "host=127.0.0.1 port=5432 dbname=test user=postgres"
ENV = {**os.environ, "PYTHONPATH": str(SRC)}


def salvo_cmd(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from salvo.cli import main; sys.argv[0] = 'salvo'; main()", *args]


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(salvo_cmd(*args), env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return True
    except Exception:
        return False


@contextmanager
def fresh_pg() -> Iterator[str]:
    """A new, empty database on the test server (no schema: the writers race to create it)."""
    import psycopg

    name = f"salvo_scale_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def shuffled_copies(source: Path, out: Path, n: int, share: float = 0.75) -> list[Path]:
    """``n`` shuffled, overlapping copies of a JSONL file: each holds a ``share`` of the lines (every line
    is in at least one copy), in its own order."""
    lines = [x for x in source.read_text(encoding="utf-8").splitlines() if x.strip()]
    paths = []
    for k in range(n):
        rng = random.Random(k)
        keep = [x for i, x in enumerate(lines) if i % n == k or rng.random() < share]
        rng.shuffle(keep)
        path = out / f"copy{k}.jsonl"
        path.write_text("\n".join(keep) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def contents(url: str) -> dict[str, Any]:
    """What a database holds, independent of row ids: articles, active incidents as sorted groups of
    mention keys (input id # position) with their merged fields, and the count of mentions."""
    store = open_store(url)
    try:
        with store.sessions() as s:
            sources = {aid: sid for aid, sid in s.execute(select(ArticleRow.id, ArticleRow.source_id))}
            groups: dict[str, list[str]] = defaultdict(list)
            mentions = 0
            rows = s.execute(
                select(MentionRow.incident_id, MentionRow.article_id, MentionRow.position).where(
                    MentionRow.superseded_at.is_(None)
                )
            )
            for inc, aid, pos in rows:
                mentions += 1
                groups[str(inc)].append(f"{sources[aid]}#{pos}")
            fields = {
                r.id: (r.category, str(r.date), r.country, r.place, r.killed, r.injured)
                for r in s.scalars(select(IncidentRow).where(IncidentRow.status == "active"))
            }
        incidents = sorted((tuple(sorted(keys)), fields.get(inc)) for inc, keys in groups.items())
        return {
            "articles": sorted(sources.values()),
            "mentions": mentions,
            "incidents": incidents,
            "active": len(fields),
        }
    finally:
        store.close()
