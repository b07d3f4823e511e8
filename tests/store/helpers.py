"""Small builders for store tests: our own short texts, never outlet copy."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from salvo.model import Article, ExtractionResult, Incident
from salvo.store import Store
from salvo.store.models import ArticleRow, IncidentRow, MentionRow

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

AAA = {
    "place": "Ain al-Asad Air Base",
    "admin1": "Anbar",
    "country": "IQ",
    "lat": 33.7856,
    "lon": 42.4412,
    "location_precision": "site",
}


def article(
    aid: str,
    text: str,
    published: str | None = "2021-07-07",
    url: str | None = None,
    outlet: str = "Test Wire",
) -> Article:
    return Article(
        id=aid,
        text=text,
        published=dt.date.fromisoformat(published) if published else None,
        url=url,
        outlet=outlet,
    )


def attack(date: str = "2021-07-07", **kw: Any) -> Incident:
    values: dict[str, Any] = {"weapons": ["rocket"], **AAA, **kw}
    return Incident(category="attack", date=dt.date.fromisoformat(date), date_precision="day", **values)


def result(
    aid: str,
    *incidents: Incident,
    published: str | None = "2021-07-07",
    text: str | None = None,
    url: str | None = None,
) -> ExtractionResult:
    return ExtractionResult(article(aid, text or f"Report {aid}: rockets hit a base.", published, url), list(incidents))


def counts(store: Store) -> dict[str, int]:
    with store.session() as s:
        return {
            "articles": s.scalar(select(func.count()).select_from(ArticleRow)) or 0,
            "mentions": s.scalar(select(func.count()).select_from(MentionRow)) or 0,
            "active_mentions": s.scalar(
                select(func.count()).select_from(MentionRow).where(MentionRow.superseded_at.is_(None))
            )
            or 0,
            "incidents": s.scalar(select(func.count()).select_from(IncidentRow).where(IncidentRow.status == "active"))
            or 0,
        }


def reference_scorer() -> Any:
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "eval" / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
