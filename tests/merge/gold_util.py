"""Gold lines as extraction results: first acceptable value of each field, "*" as unknown."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from salvo.model import Article, ExtractionResult, Incident


def read_gold_lines(paths: list[Path]) -> list[dict[str, Any]]:
    """The gold lines of the given files, in file order."""
    return [json.loads(line) for path in paths for line in path.open(encoding="utf-8") if line.strip()]


def first_option(field: str, value: Any) -> Any:
    if value == "*":
        return [] if field in ("weapons", "evidence") else None
    if field == "weapons":
        if value and isinstance(value[0], list):
            return list(value[0])
        return list(value or [])
    if field == "evidence":
        return list(value or [])
    if isinstance(value, list):
        return value[0] if value else None
    return value


def gold_incident(g: dict[str, Any]) -> Incident:
    data = {k: first_option(k, v) for k, v in g.items() if k not in ("event_key", "optional")}
    return Incident.from_json(data)


def gold_result(row: dict[str, Any]) -> ExtractionResult:
    a = row["article"]
    pub = a.get("published")
    article = Article(
        id=a["id"],
        text=a.get("text") or "",
        title=a.get("title"),
        outlet=a.get("outlet"),
        url=a.get("url"),
        published=dt.date.fromisoformat(pub) if pub else None,
    )
    return ExtractionResult(article=article, incidents=[gold_incident(g) for g in row["incidents"]])


def bcubed(pairs: list[tuple[str, str]]) -> float:
    by_gold: dict[str, list[int]] = defaultdict(list)
    by_pred: dict[str, list[int]] = defaultdict(list)
    for k, (g, p) in enumerate(pairs):
        by_gold[g].append(k)
        by_pred[p].append(k)
    pr = rc = 0.0
    for g, p in pairs:
        both = sum(1 for k in by_pred[p] if pairs[k][0] == g)
        pr += both / len(by_pred[p])
        rc += both / len(by_gold[g])
    pr, rc = pr / len(pairs), rc / len(pairs)
    return 2 * pr * rc / (pr + rc) if pr + rc else 0.0


def scored_pairs(rows: list[dict[str, Any]], results: list[ExtractionResult]) -> list[tuple[str, str]]:
    """(event_key, incident_id) of every required gold incident, as the scorer counts them."""
    out = []
    for row, res in zip(rows, results, strict=True):
        for g, inc in zip(row["incidents"], res.incidents, strict=True):
            if g.get("event_key") and not g.get("optional"):
                out.append((g["event_key"], str(inc.incident_id)))
    return out
