"""Store dicts -> API schemas. Kept in one place so a storage change is a one-file fix."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from salvo.api.schemas import (
    ArticleIncident,
    ArticleOut,
    FieldReport,
    FieldView,
    IncidentDetail,
    IncidentSummary,
    Mention,
    Revision,
    SourceRef,
)

SHOWN_FIELDS = (
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
)


def weapons_list(value: Any) -> list[str]:
    """The store keeps weapons as ``"rocket;drone"`` on incidents and as a list on mentions."""
    if value is None:
        return []
    if isinstance(value, str):
        return [w for w in value.split(";") if w]
    return [str(w) for w in value]


def summary(row: dict[str, Any]) -> IncidentSummary:
    data = dict(row)
    data["weapons"] = weapons_list(data.get("weapons"))
    data.setdefault("reports", data.get("n_mentions") or 0)
    data.setdefault("source_count", data.get("n_sources") or 0)
    return IncidentSummary.model_validate(data)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return sorted(weapons_list(a)) == sorted(weapons_list(b))
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(float(a) - float(b)) < 1e-4
    return bool(a == b)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _mention_values(m: dict[str, Any]) -> dict[str, Any]:
    src = m.get("values") or m.get("fields") or m
    out = {f: _plain(src.get(f)) for f in SHOWN_FIELDS if f in src}
    if "weapons" in out:
        out["weapons"] = weapons_list(out["weapons"])
    return out


def _edited_fields(data: dict[str, Any]) -> set[str]:
    edited = set(data.get("edited_fields") or [])
    for o in data.get("overrides") or []:
        if o.get("action") == "edit" and o.get("field"):
            edited.add(o["field"])
    return edited


def detail(data: dict[str, Any]) -> IncidentDetail:
    """The incident page's data: every field with each report's value, conflicts flagged."""
    inc = dict(data.get("incident") or data)
    inc["weapons"] = weapons_list(inc.get("weapons"))
    mentions = [
        Mention(
            id=m["id"],
            article_id=m["article_id"],
            evidence=list(m.get("evidence") or []),
            values=_mention_values(m),
        )
        for m in data.get("mentions") or []
        if not m.get("superseded_at")
    ]
    edited = _edited_fields(data)
    fields: list[FieldView] = []
    for name in SHOWN_FIELDS:
        reports = [
            FieldReport(mention_id=m.id, article_id=m.article_id, value=m.values.get(name))
            for m in mentions
            if m.values.get(name) not in (None, [])
        ]
        distinct: list[Any] = []
        for r in reports:
            if not any(_same(r.value, d) for d in distinct):
                distinct.append(r.value)
        fields.append(
            FieldView(
                name=name,
                value=_plain(inc.get(name)),
                overridden=name in edited,
                conflict=len(distinct) > 1,
                reports=reports,
            )
        )
    sources = [SourceRef.model_validate(s) for s in data.get("sources") or data.get("articles") or []]
    revisions = [revision(r) for r in data.get("revisions") or []]
    inc.pop("mentions", None)
    inc.pop("sources", None)
    inc.pop("revisions", None)
    return IncidentDetail.model_validate(
        {**inc, "fields": fields, "mentions": mentions, "sources": sources, "revisions": revisions}
    )


def revision(r: dict[str, Any]) -> Revision:
    def text(v: Any) -> Any:
        return (
            v
            if v is None or isinstance(v, str | int | float | bool)
            else json.loads(json.dumps(v, default=str))
        )

    return Revision(
        at=_plain(r.get("at") or r.get("changed_at") or r.get("created_at")),
        author=r.get("author"),
        action=r.get("action") or r.get("cause"),
        field=r.get("field"),
        old=text(r.get("old") if "old" in r else r.get("old_value")),
        new=text(r.get("new") if "new" in r else r.get("new_value")),
        reason=r.get("reason"),
    )


def article(data: dict[str, Any]) -> ArticleOut:
    art = dict(data.get("article") or data)
    incidents = [ArticleIncident.model_validate(i) for i in data.get("incidents") or []]
    art["incidents"] = incidents
    return ArticleOut.model_validate(art)
