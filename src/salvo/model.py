"""The records that flow through Salvo: articles in, incidents out.

These mirror ``shared/SCHEMA.md`` (the contract). Plain dataclasses keep the hot
extraction path cheap; the API has its own pydantic schemas.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
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
    "article_problem",
    "bound_incident",
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
    problem = string_problem("text", text)  # before the text is hashed into an id
    if problem:
        return InputError(source, line, problem)
    strings: dict[str, str | None] = {}
    for key in ("title", "outlet", "url", "language"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            return InputError(source, line, f"'{key}' must be a string or null, got {type(value).__name__}")
        problem = string_problem(key, value, FIELD_LIMITS.get(key)) if value else None
        if problem:
            return InputError(source, line, problem)
        strings[key] = value or None
    day = published
    if record.get("published") is not None:
        parsed = parse_published(record["published"])
        if parsed is None:
            return InputError(
                source,
                line,
                f"bad 'published' value {shown(record['published'])}: expected YYYY-MM-DD "
                f"(years {YEAR_RANGE[0]}-{YEAR_RANGE[1]}) or null",
            )
        day = parsed
    raw_id = record.get("id")
    if isinstance(raw_id, bool) or (raw_id is not None and not isinstance(raw_id, str | int)):
        return InputError(source, line, f"'id' must be a string or number, got {type(raw_id).__name__}")
    article_id = str(raw_id) if raw_id not in (None, "") else derive_id(strings["url"], text)
    extra = {k: v for k, v in record.items() if k not in ARTICLE_KEYS}
    article = Article(
        id=article_id,
        text=text,
        title=strings["title"],
        outlet=strings["outlet"],
        url=strings["url"],
        published=day,
        language=strings["language"],
        extra=extra,
    )
    problem = article_problem(article)
    return InputError(source, line, problem) if problem else article


# ---------- what a stored article may hold ------------------------------------------------------

#: Longest value of each article field: the store's column sizes (``url``, ``id``, ``outlet``,
#: ``language``) and a bound no real headline reaches (``title``); the text has its own byte cap.
FIELD_LIMITS: dict[str, int] = {"id": 512, "url": 2048, "title": 2000, "outlet": 256, "language": 16}
#: Publication years an article may carry: outside them date arithmetic (spans, merge windows) overflows.
YEAR_RANGE: tuple[int, int] = (1900, 2100)
#: Deepest nesting of the extra fields kept with an article (they are written back out as JSON).
MAX_NESTING = 32
#: Largest whole number an extra field may hold (a signed 64-bit integer: what every database stores).
MAX_INT = 2**63 - 1
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def string_problem(name: str, value: str, limit: int | None = None) -> str | None:
    """Why a string cannot be stored or written out (NUL, lone surrogate, length), or None."""
    if "\x00" in value:
        return f"binary data (NUL characters) in '{name}'; skipped"
    match = _SURROGATE_RE.search(value)
    if match:
        return f"lone surrogate U+{ord(match.group()):04X} in '{name}' (not encodable text); skipped"
    if limit is not None and len(value) > limit:
        return f"'{name}' of {len(value):,} characters is over the {limit:,} limit; skipped"
    return None


def article_problem(article: Article) -> str | None:
    """Why ``article`` cannot go through extraction and the store, or None: NUL characters, lone
    surrogates, over-long fields, a publication year out of range, extra fields too deep or too big."""
    fields = {"text": article.text, "id": article.id, "title": article.title, "outlet": article.outlet,
              "url": article.url, "language": article.language}
    for name, value in fields.items():
        if value is not None:
            problem = string_problem(name, value, FIELD_LIMITS.get(name))
            if problem:
                return problem
    if article.published is not None and not YEAR_RANGE[0] <= article.published.year <= YEAR_RANGE[1]:
        return f"'published' year {article.published.year} is outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]}; skipped"
    return _extra_problem(article.extra) if article.extra else None


def _extra_problem(extra: dict[str, Any]) -> str | None:
    """Walk the extra fields without recursion: depth, strings, numbers."""
    stack: list[tuple[str, Any, int]] = [(key, value, 1) for key, value in extra.items()]
    while stack:
        name, value, depth = stack.pop()
        if depth > MAX_NESTING:
            return f"field '{name}' is nested over {MAX_NESTING} levels deep; skipped"
        if isinstance(value, str):
            problem = string_problem(name, value)
        elif isinstance(value, bool) or value is None:
            problem = None
        elif isinstance(value, int):
            problem = None if -MAX_INT - 1 <= value <= MAX_INT else f"number in '{name}' is out of range; skipped"
        elif isinstance(value, float):
            problem = None if math.isfinite(value) else f"'{name}' is not a finite number; skipped"
        elif isinstance(value, dict):
            problem = string_problem(f"{name} (a key)", "".join(map(str, value)))
            stack.extend((name, v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            problem = None
            stack.extend((name, v, depth + 1) for v in value)
        else:
            problem = f"'{name}' holds a {type(value).__name__}, not JSON; skipped"
        if problem:
            return problem
    return string_problem("a field name", "".join(map(str, extra)))


#: Largest count (killed, injured, projectiles) a report of one incident can give: a bigger number is a
#: misreading (a sum of money, a year, a digit run) and stays unknown; every database column holds it.
MAX_COUNT = 100_000
_COUNT_FIELDS = ("killed", "injured", "projectiles")


def bound_incident(incident: Incident) -> Incident:
    """Drop the values no incident can have (a count over ``MAX_COUNT`` or below zero, a date outside
    ``YEAR_RANGE``) with their provenance, so that no store, merge or date arithmetic meets them."""
    for name in _COUNT_FIELDS:
        value = getattr(incident, name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT):
            setattr(incident, name, None)
            incident.provenance.pop(name, None)
    if incident.date is not None and not YEAR_RANGE[0] <= incident.date.year <= YEAR_RANGE[1]:
        incident.date = incident.date_precision = None
        incident.provenance.pop("date", None)
    return incident


def shown(value: Any, width: int = 60) -> str:
    """``repr`` of a value cut to ``width`` characters, for messages about input of any size."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def parse_published(value: Any) -> dt.date | None:
    """A ``YYYY-MM-DD`` day (an ISO timestamp is cut to its day); None when unusable or its year is
    outside ``YEAR_RANGE``."""
    if not isinstance(value, str):
        return None
    match = _DATE_RE.match(value.strip())
    if not match:
        return None
    try:
        day = dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None
    return day if YEAR_RANGE[0] <= day.year <= YEAR_RANGE[1] else None


def derive_id(url: str | None, text: str) -> str:
    """A stable id for an article that has none: the hash of its URL, else of its text."""
    basis = url.strip() if url and url.strip() else text
    return "h" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:15]
