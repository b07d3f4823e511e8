"""Pre-extracted results (``salvo extract`` output, gold lines too) read back for ``salvo ingest
--from-extracted`` and the distributed engine's shards: stored as is, without extraction."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from salvo.errors import InputError
from salvo.model import ExtractionResult, Incident, article_from_json, bound_incident


def _first_option(field: str, value: Any) -> Any:
    """Gold lines may hold lists of acceptable values or "*": take the first value, "*" as unknown."""
    if value == "*":
        return [] if field in ("weapons", "evidence") else None
    if field == "weapons":
        return list(value[0]) if value and isinstance(value[0], list) else list(value or [])
    if field == "evidence":
        return list(value or [])
    if isinstance(value, list):
        return value[0] if value else None
    return value


def result_from_json(record: dict[str, Any], source: str = "", line: int | None = None) -> ExtractionResult:
    """An ``ExtractionResult`` from a ``salvo extract`` output line (gold lines are accepted too)."""
    item = article_from_json(record.get("article"), source, line)
    if isinstance(item, InputError):
        raise ValueError(item.message)
    incidents = []
    for raw in record.get("incidents") or []:
        if not isinstance(raw, dict) or raw.get("category") not in ("attack", "strike"):
            raise ValueError("incident without a category attack/strike")
        data = {k: _first_option(k, v) for k, v in raw.items() if k not in ("event_key", "optional", "incident_id")}
        incidents.append(bound_incident(Incident.from_json(data)))
    return ExtractionResult(article=item, incidents=incidents)


def read_extracted(paths: Iterable[str]) -> Iterator[ExtractionResult | InputError]:
    """Pre-extracted results from JSONL files (``salvo extract`` output), errors as values."""
    for path in paths:
        try:
            handle = open(path, encoding="utf-8")
        except OSError as exc:
            yield InputError(path, None, f"cannot open: {exc.strerror}")
            continue
        with handle:
            for n, text in enumerate(handle, 1):
                if not text.strip():
                    continue
                try:
                    yield result_from_json(json.loads(text), path, n)
                except (ValueError, TypeError, AttributeError) as exc:
                    yield InputError(path, n, f"not an extraction result line: {exc}")
