"""Counts of incidents per period, with rolling means, undated ones counted apart, each linked to its list.

Built on the store's one stats query (:func:`salvo.store.queries.stats`) and its one filter, so the
CLI, the API and the dashboard count alike. An incident without a date is in no period: it is
counted beside the table, never silently left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from salvo.store.models import IncidentRow
from salvo.store.queries import IncidentFilter, Interval, Split, apply_filter, period_bounds, stats

_CLI_OPTIONS = {"country": "--country", "admin1": "--admin1", "place": "--place", "category": "--category",
                "weapon": "--weapon", "perpetrator": "--perpetrator", "attribution": "--attribution", "q": "--q"}
#: Which filter field narrows a count to its split value (the CLI's and the API's filters alike).
SPLIT_FIELD = {"category": "category", "weapon": "weapon", "perpetrator": "perpetrator", "country": "country"}


def period_span(label: str, interval: Interval) -> tuple[dt.date, dt.date]:
    """First and last day of a period label: a day, a week (its Monday) or a month (YYYY-MM)."""
    if interval == "week":
        monday = dt.date.fromisoformat(label)
        return monday, monday + dt.timedelta(days=6)
    return period_bounds(label)


def clip(span: tuple[dt.date, dt.date], date_from: dt.date | None, date_to: dt.date | None) -> tuple[dt.date, dt.date]:
    """A period's days within the filter's dates: the days its count covers."""
    low, high = span
    return max(low, date_from or low), min(high, date_to or high)


def _links(flt: IncidentFilter, start: dt.date, end: dt.date) -> tuple[str, str]:
    """The API list and the CLI command that give the incidents behind one count."""
    values = {k: getattr(flt, k) for k in _CLI_OPTIONS if getattr(flt, k) not in (None, "")}
    api = urlencode({"date_from": start.isoformat(), "date_to": end.isoformat(), **values})
    cli = " ".join([f"--from {start.isoformat()} --to {end.isoformat()}",
                    *(f"{_CLI_OPTIONS[k]} {_quote(str(v))}" for k, v in values.items())])
    return f"/api/incidents?{api}", cli


def _quote(value: str) -> str:
    return value if value.replace("-", "").isalnum() else "'" + value.replace("'", "'\\''") + "'"


def undated_count(session: Session, flt: IncidentFilter) -> int:
    """Incidents matching the filter's other constraints that carry no date."""
    undated = replace(flt, date_from=None, date_to=None)
    query = apply_filter(select(func.count()).select_from(IncidentRow), undated)
    return int(session.scalar(query.where(IncidentRow.date_start.is_(None))) or 0)


def _ordinal(label: str, interval: Interval) -> int:
    """Consecutive periods get consecutive numbers, so a gap of empty periods is seen as zeros."""
    start = period_span(label, interval)[0]
    if interval == "month":
        return start.year * 12 + start.month
    return start.toordinal() // 7 if interval == "week" else start.toordinal()


def rolling_means(rows: list[dict[str, Any]], window: int, interval: Interval, split: str | None,
                  count: str = "incidents") -> None:
    """Sets each row's ``rolling_mean``: the trailing mean of ``count`` over ``window`` periods ending
    at its own, per split value, empty periods counted as 0. Shared by ``salvo stats`` and the API."""
    if window <= 1:
        return
    series: dict[Any, dict[int, int]] = {}
    for row in rows:
        series.setdefault(row.get("key") if split else None, {})[_ordinal(row["period"], interval)] = row[count]
    for row in rows:
        counts = series[row.get("key") if split else None]
        here = _ordinal(row["period"], interval)
        row["rolling_mean"] = round(sum(counts.get(here - k, 0) for k in range(window)) / window, 3)


def count_incidents(
    session: Session,
    flt: IncidentFilter,
    interval: Interval = "month",
    split: Split | None = None,
    rolling: int = 3,
) -> dict[str, Any]:
    """Counts per period (and split value), their rolling mean, the undated count, and list links."""
    rows = stats(session, flt, interval=interval, split=split)
    for row in rows:
        start, end = clip(period_span(row["period"], interval), flt.date_from, flt.date_to)
        narrowed = replace(flt, **{SPLIT_FIELD[split]: row["key"]}) if split and row["key"] is not None else flt
        row["date_from"], row["date_to"] = start.isoformat(), end.isoformat()
        row["list"], row["list_cli"] = _links(narrowed, start, end)
    rolling_means(rows, rolling, interval, split)
    return {
        "interval": interval,
        "split": split,
        "rolling_window": rolling if rolling > 1 else None,
        "total": sum(r["incidents"] for r in rows) if split != "weapon" else None,
        "undated": undated_count(session, flt),
        "rows": rows,
    }
