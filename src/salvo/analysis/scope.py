"""Which incidents an analysis covers, given by its caller's own filter.

The CLI passes the store's ``IncidentFilter``; the API passes a narrowing of an incident query built
by its richer filter (``salvo.api.query.filtered``: any-of lists, casualty floor, languages). An
analysis takes either and never restates a filter field, so a view's figures are those of the very
set the incident list shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Select

from salvo.store.queries import IncidentFilter, apply_filter

#: Adds a filter's conditions to a query over ``incidents``.
Where = Callable[[Select[Any]], Select[Any]]
Scope = IncidentFilter | Where


def narrowing(scope: Scope) -> Where:
    """The filter as a narrowing of incident queries."""
    if isinstance(scope, IncidentFilter):
        chosen = scope
        return lambda query: apply_filter(query, chosen)
    return scope
