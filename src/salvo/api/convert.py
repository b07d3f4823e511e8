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
from salvo.model import PROVENANCE_OF, VALUE_FIELDS

SHOWN_FIELDS = VALUE_FIELDS


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
    out = {f: _plain(m.get(f)) for f in SHOWN_FIELDS if f in m}
    if "weapons" in out:
        out["weapons"] = weapons_list(out["weapons"])
    return out


def _edited_fields(data: dict[str, Any]) -> set[str]:
    """Fields an analyst set (the latest edit wins in the store, so any edit marks the field)."""
    return {o["field"] for o in data.get("overrides") or [] if o.get("action") == "edit" and o.get("field")}


def detail(data: dict[str, Any]) -> IncidentDetail:
    """The incident page's data: every field with each report's value, conflicts flagged."""
    inc = dict(data)
    inc["weapons"] = weapons_list(inc.get("weapons"))
    raw_mentions = [m for m in data.get("mentions") or [] if not m.get("superseded")]
    mentions = [
        Mention(
            id=m["mention_id"],
            article_id=m["article"]["id"],
            evidence=list(m.get("evidence") or []),
            values=_mention_values(m),
            provenance=m.get("provenance") or {},
        )
        for m in raw_mentions
    ]
    sources: dict[int, SourceRef] = {}
    for m in raw_mentions:
        a = m["article"]
        sources.setdefault(a["id"], SourceRef.model_validate(a))
    edited = _edited_fields(data)
    sources_of = data.get("provenance") or {}
    fields: list[FieldView] = []
    for name in SHOWN_FIELDS:
        key = PROVENANCE_OF.get(name)
        reports = [
            FieldReport(mention_id=m.id, article_id=m.article_id, value=m.values.get(name),
                        source=m.provenance.get(key) if key else None)
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
                source=sources_of.get(name),
            )
        )
    history = [revision(r) for r in data.get("revisions") or []]
    history += [review_action(o) for o in data.get("overrides") or []]
    history.sort(key=lambda r: r.at or "")
    for key in ("mentions", "sources", "revisions", "overrides", "reported_values", "provenance"):
        inc.pop(key, None)
    return IncidentDetail.model_validate(
        {
            **inc,
            "fields": fields,
            "mentions": mentions,
            "sources": list(sources.values()),
            "revisions": history,
        }
    )


def _json(v: Any) -> Any:
    if v is None or isinstance(v, str | int | float | bool):
        return v
    return json.loads(json.dumps(v, default=str))


def revision(r: dict[str, Any]) -> Revision:
    """A change of a field's resolved value (cause: report, override, merge, reextract)."""
    return Revision(
        at=_plain(r.get("at")),
        author=None,
        action=r.get("cause"),
        field=r.get("field"),
        old=_json(r.get("old")),
        new=_json(r.get("new")),
        reason=None,
    )


def review_action(o: dict[str, Any]) -> Revision:
    """An analyst's review action from the audit log."""
    return Revision(
        at=_plain(o.get("at")),
        author=o.get("author"),
        action=f"review: {o.get('action')}",
        field=o.get("field"),
        old=None,
        new=_json(o.get("value") if o.get("value") is not None else o.get("other_incident_id")),
        reason=o.get("reason") or None,
    )


def article(data: dict[str, Any]) -> ArticleOut:
    """The article and, for each report in it, the incident it belongs to."""
    art = dict(data)
    art["incidents"] = [
        ArticleIncident(
            id=m["incident_id"],
            date=m.get("date"),
            category=m.get("category"),
            place=m.get("place"),
            evidence=list(m.get("evidence") or []),
        )
        for m in data.get("incidents") or []
        if m.get("incident_id")
    ]
    return ArticleOut.model_validate(art)
