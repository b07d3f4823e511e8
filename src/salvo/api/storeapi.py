"""The API's filter -> the store's ``IncidentFilter``."""

from __future__ import annotations

import dataclasses
from typing import Any

from salvo.api.params import FilterParams


def store_filter(flt: FilterParams) -> Any:
    from salvo.store.queries import IncidentFilter

    values = dataclasses.asdict(flt)
    if dataclasses.is_dataclass(IncidentFilter):
        known = {f.name for f in dataclasses.fields(IncidentFilter)}
    else:  # a pydantic model
        known = set(getattr(IncidentFilter, "model_fields", {}))
    return IncidentFilter(**{k: v for k, v in values.items() if k in known})
