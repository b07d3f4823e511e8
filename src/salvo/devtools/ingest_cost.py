"""``salvo bench ingest``: storing and merging must cost less than extraction itself.

The corpus is the padded sample reports of ``salvo.devtools.extraction_speed``; to look like years of reporting rather
than thousands of copies of a dozen events, each group of three consecutive articles has its
incidents moved to another date (shifted by up to five years) and another gazetteer site. The three
copies of a group are reports of one event, so merging has real work to do.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import tempfile
import time
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from salvo.model import Article, Incident

GROUP = 3


def _sites() -> list[dict[str, Any]]:
    data = yaml.safe_load((resources.files("salvo") / "data" / "gazetteer.yaml").read_text(encoding="utf-8"))
    return [p for p in data or [] if p.get("lat") is not None and p.get("precision") in ("site", "city")]


class VariedExtractor:
    """Real extraction, then the incidents moved in time and space by the article's group."""

    def __init__(self, seed: int = 0) -> None:
        from salvo.pipeline import extract_article

        self.extract_article = extract_article
        self.sites = _sites()
        self.seed = seed

    def __call__(self, article: Article) -> list[Incident]:
        incidents = self.extract_article(article)
        group = int(article.id.rsplit("-", 1)[-1]) // GROUP
        rng = random.Random(self.seed * 1_000_003 + group)
        shift = dt.timedelta(days=rng.randrange(0, 5 * 365))
        site = rng.choice(self.sites) if self.sites else None
        for inc in incidents:
            if inc.date is not None:
                inc.date = inc.date + shift
            if site is not None and inc.place is not None:
                inc.place, inc.admin1, inc.country = site["name"], site.get("admin1"), site.get("country")
                inc.lat, inc.lon, inc.location_precision = site["lat"], site["lon"], site["precision"]
        return incidents


def build_ingest_corpus(n: int) -> list[Article]:
    from salvo.devtools.extraction_speed import pad, sample_articles

    samples = sample_articles()
    if not samples:
        raise RuntimeError("no sample articles found (samples/)")
    corpus = [
        dataclasses.replace(
            samples[(i // GROUP) % len(samples)],
            id=f"bench-{i:06d}",
            extra={},
            text=pad(samples[(i // GROUP) % len(samples)].text, offset=i),
        )
        for i in range(n)
    ]
    # the three articles of a group are distinct reports (own URL, own publication day)
    base = dt.date(2019, 1, 1)
    return [
        dataclasses.replace(
            a,
            url=f"https://bench.example/{a.id}",
            text=f"{a.text}\nReference {a.id}.\n",
            published=(a.published or base) + dt.timedelta(days=(i // GROUP) % 1800),
        )
        for i, a in enumerate(corpus)
    ]


def _extract_only(corpus: Sequence[Article], extractor: VariedExtractor) -> tuple[float, int]:
    start = time.perf_counter()
    n = sum(len(extractor(a)) for a in corpus)
    return time.perf_counter() - start, n


def bench_ingest(n: int = 10_000, db_url: str | None = None) -> dict[str, Any]:
    """Time extraction alone, then a full ingest (extraction + storage + merging) into a fresh SQLite file
    (or ``db_url``); the figure that matters is ``ratio`` = ingest / extraction, to stay under 2."""
    from salvo.store import open_store
    from salvo.store.ingest import ingest_articles

    corpus = build_ingest_corpus(n)
    extractor = VariedExtractor()
    extractor(corpus[0])  # warm up lazy lexicons
    extract_s, mentions = _extract_only(corpus, extractor)
    with tempfile.TemporaryDirectory() as tmp:
        url = db_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        store = open_store(url)
        start = time.perf_counter()
        stats = ingest_articles(store, corpus, extract=extractor)
        ingest_s = time.perf_counter() - start
        start = time.perf_counter()
        again = ingest_articles(store, corpus, extract=extractor)
        reingest_s = time.perf_counter() - start
        from sqlalchemy import func, select

        from salvo.store.models import IncidentRow

        with store.session() as session:
            incidents = (
                session.scalar(select(func.count()).select_from(IncidentRow).where(IncidentRow.status == "active")) or 0
            )
        store.close()
    return {
        "articles": n,
        "mentions": mentions,
        "incidents": incidents,
        "extract_seconds": round(extract_s, 2),
        "ingest_seconds": round(ingest_s, 2),
        "ratio": round(ingest_s / extract_s, 2) if extract_s else None,
        "articles_per_second": round(n / ingest_s, 1) if ingest_s else None,
        "reingest_seconds": round(reingest_s, 2),
        "reingest_unchanged": again.unchanged,
        "stored_mentions": stats.mentions,
        "errors": stats.errors,
    }
