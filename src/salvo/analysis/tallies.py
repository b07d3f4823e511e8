"""Published tallies of attacks: reading them, and the file the project ships.

A tally is an aggregate count someone published ("55 attacks since 17 October as of 14 November"),
with its scope: category, countries and the counting period. It is never an incident: it is what
Salvo's own count for the same scope is compared with (:mod:`salvo.analysis.reconcile`).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from salvo.errors import InputError

QUALIFIERS = ("exact", "about", "more_than", "at_least", "close_to")
COUNTRIES = ("IQ", "SY", "JO")
REQUIRED = ("as_of", "count", "category", "countries", "counter", "source_url")


@dataclass(frozen=True)
class Tally:
    """One published count and the scope it covers."""

    as_of: dt.date
    count: int
    qualifier: str
    category: str
    countries: tuple[str, ...]
    since: dt.date | None
    since_basis: str  # "page": the page gives it; "counter": the counter's stated start; "" unknown
    counter: str
    injured: int | None
    source_url: str
    source_outlet: str

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["as_of"] = self.as_of.isoformat()
        out["since"] = self.since.isoformat() if self.since else None
        out["countries"] = list(self.countries)
        return out


def shipped_tallies() -> Path:
    """The tally file that ships with Salvo (facts and sources from published counts)."""
    return Path(str(resources.files("salvo") / "data" / "tallies" / "official-counts.csv"))


def _day(value: str, name: str) -> dt.date | None:
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{name} {value!r} is not a date (YYYY-MM-DD)") from None


def _row(raw: dict[str, str]) -> Tally:
    missing = [k for k in REQUIRED if not (raw.get(k) or "").strip()]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    as_of = _day(raw["as_of"], "as_of")
    since = _day(raw.get("since") or "", "since")
    assert as_of is not None
    if since and since > as_of:
        raise ValueError(f"since {since} is after as_of {as_of}")
    try:
        count = int(raw["count"])
        injured = int(raw["injured"]) if (raw.get("injured") or "").strip() else None
    except ValueError:
        raise ValueError(f"count {raw['count']!r} or injured {raw.get('injured')!r} is not a whole number") from None
    if count < 0 or count > 1_000_000:
        raise ValueError(f"count {count} is out of range")
    qualifier = (raw.get("qualifier") or "exact").strip()
    if qualifier not in QUALIFIERS:
        raise ValueError(f"qualifier {qualifier!r} is not one of {', '.join(QUALIFIERS)}")
    countries = tuple(c.strip().upper() for c in raw["countries"].split(";") if c.strip())
    unknown = [c for c in countries if c not in COUNTRIES]
    if unknown:
        raise ValueError(f"countries {';'.join(unknown)} not in {';'.join(COUNTRIES)}")
    basis = (raw.get("since_basis") or ("page" if since else "")).strip()
    return Tally(
        as_of=as_of,
        count=count,
        qualifier=qualifier,
        category=raw["category"].strip(),
        countries=countries,
        since=since,
        since_basis=basis,
        counter=raw["counter"].strip(),
        injured=injured,
        source_url=raw["source_url"].strip(),
        source_outlet=(raw.get("source_outlet") or "").strip(),
    )


def read_tallies(path: Path) -> tuple[list[Tally], list[InputError]]:
    """The rows of a tally CSV; a bad row is an error naming its file and line, never the end."""
    tallies: list[Tally] = []
    errors: list[InputError] = []
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        return [], [InputError(str(path), None, f"cannot read: {exc.strerror or exc}")]
    with handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not set(REQUIRED) <= set(reader.fieldnames):
            return [], [InputError(str(path), 1, f"header must name the columns {', '.join(REQUIRED)}")]
        for raw in reader:
            try:
                tallies.append(_row(raw))
            except ValueError as exc:
                errors.append(InputError(str(path), reader.line_num, str(exc)))
    return tallies, errors
