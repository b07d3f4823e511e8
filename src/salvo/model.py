"""The records that flow through Salvo: articles in, incidents out.

These mirror ``shared/SCHEMA.md`` (the contract). Plain dataclasses keep the hot
extraction path cheap; the API has its own pydantic schemas.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from salvo.errors import InputError
from salvo.vocab import WEAPONS

__all__ = [
    "WEAPONS",
    "Article",
    "ExtractionResult",
    "Incident",
    "article_from_json",
    "derive_id",
    "parse_published",
]

Category = Literal["attack", "strike"]
DatePrecision = Literal["day", "week", "month", "year"]
LocationPrecision = Literal["site", "city", "admin1", "country"]
Attribution = Literal["claimed", "accused", "suspected", "none"]

INCIDENT_FIELDS: tuple[str, ...] = (
    "date",
    "date_precision",
    "category",
    "weapons",
    "projectiles",
    "place",
    "admin1",
    "country",
    "lat",
    "lon",
    "location_precision",
    "perpetrator",
    "attribution",
    "target",
    "killed",
    "injured",
    "intercepted",
    "evidence",
)
#: The fields whose value provenance records: the sentence and the words that gave it.
PROVENANCE_FIELDS: tuple[str, ...] = (
    "date", "place", "weapons", "projectiles", "perpetrator", "attribution", "killed", "injured", "intercepted",
)
#: What a provenance entry holds: the sentence's index and verbatim text, the words' article offsets and text.
PROVENANCE_KEYS: tuple[str, ...] = ("sentence", "sentence_text", "start", "end", "text")
#: The provenance entry behind each value field: everything read from the place rests on the place's entry.
PROVENANCE_OF: dict[str, str] = {
    **{name: name for name in PROVENANCE_FIELDS},
    "date_precision": "date",
    **{name: "place" for name in ("admin1", "country", "lat", "lon", "location_precision", "target")},
}
#: The fields that carry a value (everything but the evidence behind them).
VALUE_FIELDS: tuple[str, ...] = tuple(name for name in INCIDENT_FIELDS if name != "evidence")


@dataclass
class Article:
    """One report as received; ``text`` is kept byte-for-byte so evidence stays verbatim."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    language: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "text": self.text,
        }
        if self.language:
            out["language"] = self.language
        out.update(self.extra)
        return out


@dataclass
class Incident:
    """One incident as one article reports it (a *mention* once stored)."""

    category: Category
    date: dt.date | None = None
    date_precision: DatePrecision | None = None
    weapons: list[str] = field(default_factory=list)
    projectiles: int | None = None
    place: str | None = None
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    location_precision: LocationPrecision | None = None
    perpetrator: str = "unknown"
    attribution: Attribution = "none"
    target: str | None = None
    killed: int | None = None
    injured: int | None = None
    intercepted: bool | None = None
    evidence: list[str] = field(default_factory=list)
    incident_id: str | None = None
    #: where each value was read: field -> ``{sentence, sentence_text, start, end, text}`` (see PROVENANCE_KEYS);
    #: a value the text does not give (a default, the publication day) has no entry. Two reports of one
    #: incident are equal whatever offsets they were read at.
    provenance: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, Any]:
        # what asdict gives (fields in order, lists copied), without its recursive deep copy
        out = {name: _copied(getattr(self, name)) for name in _INCIDENT_NAMES}
        out["date"] = self.date.isoformat() if self.date else None
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Incident:
        known: dict[str, Any] = {k: data.get(k) for k in (*INCIDENT_FIELDS, "incident_id") if k in data}
        date = known.get("date")
        if isinstance(date, str):
            try:
                known["date"] = dt.date.fromisoformat(date)
            except ValueError:
                known["date"] = None
        if known.get("weapons") is None:
            known["weapons"] = []
        if known.get("evidence") is None:
            known["evidence"] = []
        if known.get("perpetrator") is None:
            known["perpetrator"] = "unknown"
        if known.get("attribution") is None:
            known["attribution"] = "none"
        provenance = data.get("provenance")
        if isinstance(provenance, dict):
            known["provenance"] = {k: dict(v) for k, v in provenance.items() if isinstance(v, dict)}
        return cls(**known)


_INCIDENT_NAMES = tuple(f.name for f in fields(Incident))


def _copied(value: Any) -> Any:
    """A field's value for JSON: lists and mappings copied one level down, as cheap as the output needs."""
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return {k: dict(v) if isinstance(v, dict) else v for k, v in value.items()}
    return value


@dataclass
class ExtractionResult:
    """What extraction produces for one article: the output line of ``salvo extract``."""

    article: Article
    incidents: list[Incident]

    def to_json(self) -> dict[str, Any]:
        return {"article": self.article.to_json(), "incidents": [i.to_json() for i in self.incidents]}


# ---------- an article from its JSON record -----------------------------------------------------

#: The keys of an input article; any other key is kept in ``Article.extra``.
ARTICLE_KEYS = frozenset({"id", "title", "outlet", "url", "published", "text", "language"})
_DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.+\-Z]*)?$")


def article_from_json(
    record: Any, source: str, line: int | None, published: dt.date | None = None
) -> Article | InputError:
    """Validate one decoded JSON record (input article or gold/output line) into an Article."""
    if isinstance(record, dict) and isinstance(record.get("article"), dict):
        record = record["article"]
    if not isinstance(record, dict):
        return InputError(source, line, f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if text is None:
        return InputError(source, line, "article has no 'text'")
    if not isinstance(text, str):
        return InputError(source, line, f"'text' must be a string, got {type(text).__name__}")
    if not text.strip():
        return InputError(source, line, "article 'text' is empty")
    if "\x00" in text:
        return InputError(source, line, "binary data (NUL characters) in 'text'; skipped")
    strings: dict[str, str | None] = {}
    for key in ("title", "outlet", "url", "language"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            return InputError(source, line, f"'{key}' must be a string or null, got {type(value).__name__}")
        strings[key] = value or None
    day = published
    if record.get("published") is not None:
        parsed = parse_published(record["published"])
        if parsed is None:
            return InputError(
                source, line, f"bad 'published' value {record['published']!r}: expected YYYY-MM-DD or null"
            )
        day = parsed
    raw_id = record.get("id")
    if isinstance(raw_id, bool) or (raw_id is not None and not isinstance(raw_id, str | int)):
        return InputError(source, line, f"'id' must be a string or number, got {type(raw_id).__name__}")
    article_id = str(raw_id) if raw_id not in (None, "") else derive_id(strings["url"], text)
    extra = {k: v for k, v in record.items() if k not in ARTICLE_KEYS}
    return Article(
        id=article_id,
        text=text,
        title=strings["title"],
        outlet=strings["outlet"],
        url=strings["url"],
        published=day,
        language=strings["language"],
        extra=extra,
    )


def parse_published(value: Any) -> dt.date | None:
    """A ``YYYY-MM-DD`` day (an ISO timestamp is cut to its day); None when unusable."""
    if not isinstance(value, str):
        return None
    match = _DATE_RE.match(value.strip())
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def derive_id(url: str | None, text: str) -> str:
    """A stable id for an article that has none: the hash of its URL, else of its text."""
    basis = url.strip() if url and url.strip() else text
    return "h" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:15]
