"""The API's own pydantic schemas: what clients see, kept apart from storage models.

The store hands back plain dicts; these models fix the public shape (and the
OpenAPI docs at ``/docs``) so storage can change without breaking clients.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Category = Literal["attack", "strike"]
Interval = Literal["day", "week", "month"]
Split = Literal["category", "weapon", "perpetrator", "country"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _IncidentFields(_Out):
    """The merged incident's current (reviewed) field values."""

    id: str
    date: dt.date | None = None
    date_precision: str | None = None
    category: str
    weapons: list[str] = Field(default_factory=list)
    projectiles: int | None = None
    place: str | None = None
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    location_precision: str | None = None
    perpetrator: str | None = None
    attribution: str | None = None
    target: str | None = None
    killed: int | None = None
    injured: int | None = None
    intercepted: bool | None = None
    status: str | None = None


class IncidentSummary(_IncidentFields):
    """One merged incident, as listed."""

    reports: int = Field(0, description="number of article reports (mentions) behind the incident")
    source_count: int = Field(0, description="number of distinct source articles")


class IncidentPage(_Out):
    items: list[IncidentSummary]
    total: int
    limit: int
    offset: int
    next_cursor: str | None = None


class ValueSource(_Out):
    """Where a value was read: the sentence (index and verbatim text) and the words' article offsets."""

    sentence: int
    sentence_text: str
    start: int
    end: int
    text: str
    mention_id: int | None = None
    article_id: int | None = None


class FieldReport(_Out):
    mention_id: int
    article_id: int
    value: Any = None
    source: ValueSource | None = Field(None, description="the sentence this report read the value from")


class FieldView(_Out):
    """A field's value and, report by report, what each source said."""

    name: str
    value: Any = None
    overridden: bool = False
    conflict: bool = False
    reports: list[FieldReport] = Field(default_factory=list)
    source: ValueSource | None = Field(None, description="the sentence the current value was read from")


class Mention(_Out):
    id: int
    article_id: int
    evidence: list[str] = Field(default_factory=list)
    values: dict[str, Any] = Field(default_factory=dict)
    provenance: dict[str, ValueSource] = Field(default_factory=dict, description="field -> its source sentence")


class SourceRef(_Out):
    id: int
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None


class Revision(_Out):
    at: str | None = None
    author: str | None = None
    action: str | None = None
    field: str | None = None
    old: Any = None
    new: Any = None
    reason: str | None = None


class IncidentDetail(_IncidentFields):
    """One incident with everything behind it."""

    fields: list[FieldView] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)
    revisions: list[Revision] = Field(default_factory=list)


class ArticleIncident(_Out):
    id: str
    date: dt.date | None = None
    category: str | None = None
    place: str | None = None
    evidence: list[str] = Field(default_factory=list)


class ArticleOut(_Out):
    id: int
    source_id: str | None = Field(None, description="the input's own id")
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    language: str | None = Field(None, description="ISO 639-1 code of the article's language, when known")
    text: str
    incidents: list[ArticleIncident] = Field(default_factory=list)


class StatsBucket(_Out):
    period: str
    key: str | None = None
    count: int
    killed: int | None = None
    injured: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    list: str | None = None  # the /api/incidents query that lists this count's incidents
    rolling_mean: float | None = None


class StatsOut(_Out):
    interval: Interval
    split: Split | None = None
    rolling_window: int | None = None
    total: int | None = None  # dated incidents counted (none for a weapon split: one incident, many weapons)
    undated: int | None = None  # incidents the filter matches that carry no date: in no bucket, said here
    buckets: list[StatsBucket]


class Country(_Out):
    code: str
    name: str | None = None


class Meta(_Out):
    """Vocabularies for the filter panel and what the server allows."""

    categories: list[str]
    weapons: list[str]
    attributions: list[str]
    countries: list[Country]
    perpetrators: list[str]
    admin1: list[str]
    languages: list[str] = Field(default_factory=list, description="languages of the stored reports")
    date_min: dt.date | None = None
    date_max: dt.date | None = None
    incidents: int
    review_enabled: bool


#: Longest reason an analyst may give (it is stored and served to every visitor).
MAX_REASON = 2000
#: Longest edited value (the widest text column it can land in).
MAX_VALUE = 256


class ReviewBody(BaseModel):
    reason: str | None = Field(None, max_length=MAX_REASON, description="why; recorded in the revision history")
    author: str | None = Field(None, max_length=128, description="who; defaults to 'api'")


class EditBody(ReviewBody):
    field: str = Field(max_length=32)
    value: str | int | float | bool | list[Annotated[str, Field(max_length=32)]] | None = Field(
        None, description="the new value: a string, number, boolean, list of weapons, or null"
    )

    @field_validator("value")
    @classmethod
    def _bounded(cls, value: Any) -> Any:
        if isinstance(value, str) and len(value) > MAX_VALUE:
            raise ValueError(f"a value is at most {MAX_VALUE} characters")
        if isinstance(value, list) and len(value) > 32:
            raise ValueError("at most 32 weapons")
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**9:
            raise ValueError("a number is at most 1,000,000,000")
        return value


class MergeBody(ReviewBody):
    other_id: str = Field(max_length=64, description="the incident merged into this one")


class SplitBody(ReviewBody):
    mention_ids: list[Annotated[int, Field(ge=1, le=2**62)]] = Field(
        max_length=1000, description="the reports moved to a new incident"
    )


class ReviewResult(_Out):
    ok: bool = True
    incident_id: str | None = None
    result: Any = None
