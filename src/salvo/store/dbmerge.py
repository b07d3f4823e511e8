"""Merging in the database: new mentions join, and may regroup, the incidents around them.

For each batch of new mentions we gather their neighbourhood with indexed queries (same category and
a date window, or the same named place/province for undated reports), add every active mention of the
incidents touched, and re-run the same clustering as ``salvo.merge`` on that local set. Analysts' pins
(``mentions.pinned_incident_id``) are constraints there. Clusters keep the id of the existing incident
holding most of their members, so ids are stable; an incident that loses all its mentions becomes
``status='merged'`` with ``merged_into`` pointing where most of them went.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm import Session, joinedload

from salvo.merge import Facts, Node, cluster_nodes, facts_score, incident_id_for
from salvo.merge.cluster import AMBIGUITY_MARGIN
from salvo.merge.score import is_vague, norm, period, threshold_for
from salvo.model import Incident
from salvo.store.models import (
    ArticleRow,
    FieldRevisionRow,
    IncidentRow,
    IncidentWeaponRow,
    MentionRow,
    OverrideRow,
    utcnow,
)
from salvo.store.resolve import RESOLVED_FIELDS, Report, resolve

WINDOW = dt.timedelta(days=9)  # covers the week buckets and the day of slack ``salvo.merge`` uses
MAX_LOCAL = 5000  # stop widening a neighbourhood beyond this many mentions
MENTION_FIELDS = (
    "category",
    "date",
    "date_precision",
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


def mention_values(inc: Incident) -> dict[str, Any]:
    """Column values of a mention row for one reported incident."""
    values = {f: getattr(inc, f) for f in MENTION_FIELDS}
    values["weapons"] = list(inc.weapons or [])
    values["evidence"] = list(inc.evidence or [])
    span = period(inc.date, inc.date_precision)
    values["span_start"], values["span_end"] = span if span else (None, None)
    values["place_key"] = norm(inc.place)
    values["admin1_key"] = norm(inc.admin1)
    return values


def row_incident(m: MentionRow) -> Incident:
    return Incident(**{f: getattr(m, f) for f in MENTION_FIELDS})


def _neighbours(session: Session, seed: MentionRow) -> list[MentionRow]:
    """Mentions worth comparing with ``seed``: the blocking of ``salvo.merge.cluster.candidate_pairs``."""
    active = MentionRow.superseded_at.is_(None)
    conds = []
    if seed.span_start is not None and seed.span_end is not None:
        conds.append(
            and_(
                MentionRow.span_start <= seed.span_end + WINDOW,
                MentionRow.span_end >= seed.span_start - WINDOW,
            )
        )
        if seed.place_key:
            conds.append(and_(MentionRow.span_start.is_(None), MentionRow.place_key == seed.place_key))
        if seed.admin1_key:
            conds.append(
                and_(
                    MentionRow.span_start.is_(None),
                    MentionRow.admin1_key == seed.admin1_key,
                    or_(MentionRow.location_precision.is_(None), MentionRow.location_precision != "site"),
                )
            )
    elif seed.place_key and seed.location_precision == "site":
        conds.append(MentionRow.place_key == seed.place_key)
        if seed.admin1_key:
            conds.append(
                and_(
                    MentionRow.admin1_key == seed.admin1_key,
                    or_(MentionRow.location_precision.is_(None), MentionRow.location_precision != "site"),
                )
            )
    elif seed.admin1_key:
        conds.append(MentionRow.admin1_key == seed.admin1_key)
    elif seed.place_key:
        conds.append(MentionRow.place_key == seed.place_key)
    if not conds:
        return []
    q = select(MentionRow).where(active, MentionRow.category == seed.category, or_(*conds))
    if seed.country:  # blocking by country: another country's report can never be the same incident
        q = q.where(or_(MentionRow.country.is_(None), MentionRow.country == seed.country))
    if seed.admin1_key:  # nor can one in another province
        q = q.where(MentionRow.admin1_key.in_(["", seed.admin1_key]))
    return list(session.scalars(q))


def _linkable(session: Session, seed: MentionRow, facts: Facts) -> list[MentionRow]:
    """Neighbours that could link to ``seed`` in clustering; the others cannot change its grouping."""
    out = []
    for n in _neighbours(session, seed):
        nf = Facts.of(row_incident(n))
        score = facts_score(facts, nf)
        if score is not None and score >= threshold_for(facts, nf) - AMBIGUITY_MARGIN:
            out.append(n)
    return out


def merge_new_mentions(session: Session, seeds: Sequence[MentionRow], cause: str = "report") -> set[str]:
    """Place ``seeds`` (flushed, active mention rows) into incidents; returns the incidents touched."""
    local: dict[int, MentionRow] = {m.id: m for m in seeds}
    seed_ids = set(local)
    frontier: list[tuple[MentionRow, Facts]] = []
    for seed in seeds:
        for n in _linkable(session, seed, Facts.of(row_incident(seed))):
            if n.id not in local:
                local[n.id] = n
                f = Facts.of(row_incident(n))
                if n.id not in seed_ids and is_vague(f):
                    frontier.append((n, f))
    # A vague report that could join a seed is judged against all its rivals, so load those too.
    for m, f in frontier:
        if len(local) > MAX_LOCAL:
            break
        for n in _linkable(session, m, f):
            local.setdefault(n.id, n)
    _add_incident_members(session, local)
    return recluster(session, list(local.values()), cause=cause, seeds=seeds)


def _add_incident_members(session: Session, local: dict[int, MentionRow]) -> None:
    incident_ids = {m.incident_id for m in local.values() if m.incident_id}
    if incident_ids:
        q = select(MentionRow).where(MentionRow.incident_id.in_(incident_ids), MentionRow.superseded_at.is_(None))
        for m in session.scalars(q):
            local.setdefault(m.id, m)


def _source_keys(session: Session, mentions: Iterable[MentionRow]) -> dict[int, str]:
    article_ids = {m.article_id for m in mentions}
    rows = session.execute(select(ArticleRow.id, ArticleRow.source_id).where(ArticleRow.id.in_(article_ids)))
    return {aid: sid for aid, sid in rows}


def recluster(
    session: Session, mentions: list[MentionRow], cause: str = "report", seeds: Sequence[MentionRow] = ()
) -> set[str]:
    """Cluster this local set of mentions again and write the new grouping; returns incidents touched."""
    mentions.sort(key=lambda m: m.id)
    sources = _source_keys(session, mentions)
    nodes = [
        Node(
            Facts.of(row_incident(m)),
            m.article_id,
            f"{sources[m.article_id]}#{m.position}",
            m.pinned_incident_id,
        )
        for m in mentions
    ]
    labels = cluster_nodes(nodes)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        clusters[label].append(i)
    taken: set[str] = set()
    chosen: dict[int, str] = {}
    for label, idx in clusters.items():  # analysts' pins first
        pin = next((mentions[i].pinned_incident_id for i in idx if mentions[i].pinned_incident_id), None)
        if pin:
            chosen[label] = pin
            taken.add(pin)
    claims: list[tuple[int, str, int]] = []
    for label, idx in clusters.items():
        if label in chosen:
            continue
        held = Counter(m.incident_id for m in (mentions[i] for i in idx) if m.incident_id is not None)
        claims.extend((-n, held_id, label) for held_id, n in held.items())
    for _, held_id, label in sorted(claims):
        if label not in chosen and held_id not in taken:
            chosen[label] = held_id
            taken.add(held_id)
    touched: set[str] = set()
    moved_to: dict[str, Counter[str]] = defaultdict(Counter)
    wanted = [incident_id_for(min(nodes[i].key for i in idx)) for label, idx in clusters.items() if label not in chosen]
    existing = set(session.scalars(select(IncidentRow.id).where(IncidentRow.id.in_(wanted)))) if wanted else set()
    for label, idx in sorted(clusters.items(), key=lambda kv: min(nodes[i].key for i in kv[1])):
        found = chosen.get(label)
        if found is None:
            inc_id = _fresh_id(session, min(nodes[i].key for i in idx), taken | existing)
            taken.add(inc_id)
            first = mentions[idx[0]]
            session.add(IncidentRow(id=inc_id, category=first.category))
            session.flush()
        else:
            inc_id = found
        for i in idx:
            m = mentions[i]
            if m.incident_id != inc_id:
                if m.incident_id:
                    touched.add(m.incident_id)
                    moved_to[m.incident_id][inc_id] += 1
                m.incident_id = inc_id
                touched.add(inc_id)
    touched.update(m.incident_id for m in seeds if m.incident_id)
    session.flush()
    refresh_incidents(
        session, touched, cause=cause, moved_to=moved_to, article_id=seeds[0].article_id if seeds else None
    )
    return touched


def _fresh_id(session: Session, key: str, taken: set[str]) -> str:
    base = incident_id_for(key)
    candidate, n = base, 1
    while candidate in taken or (
        candidate != base and session.scalar(select(IncidentRow.id).where(IncidentRow.id == candidate))
    ):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _json_value(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.date) else v


def latest_edits(session: Session, incident_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Field edits per incident, the latest per field winning."""
    q = (
        select(OverrideRow)
        .where(OverrideRow.incident_id.in_(list(incident_ids)), OverrideRow.action == "edit")
        .order_by(OverrideRow.created_at, OverrideRow.id)
    )
    out: dict[str, dict[str, Any]] = defaultdict(dict)
    for o in session.scalars(q):
        if o.field:
            value = o.value
            if o.field == "date" and isinstance(value, str):
                value = dt.date.fromisoformat(value)
            out[o.incident_id][o.field] = value
    return out


def refresh_incidents(
    session: Session,
    incident_ids: Iterable[str],
    cause: str = "report",
    moved_to: dict[str, Counter[str]] | None = None,
    article_id: int | None = None,
    override_id: int | None = None,
) -> None:
    """Recompute the resolved values of these incidents from their active mentions; log changed fields."""
    ids = sorted(set(incident_ids))
    if not ids:
        return
    rows = session.execute(
        select(MentionRow, ArticleRow.published, ArticleRow.outlet)
        .join(ArticleRow, MentionRow.article_id == ArticleRow.id)
        .where(MentionRow.incident_id.in_(ids), MentionRow.superseded_at.is_(None))
    ).all()
    reports: dict[str, list[Report]] = defaultdict(list)
    outlets: dict[str, set[str]] = defaultdict(set)
    articles: dict[str, set[int]] = defaultdict(set)
    for m, published, outlet in rows:
        assert m.incident_id is not None
        values = {f: getattr(m, f) for f in MENTION_FIELDS}
        reports[m.incident_id].append(Report(values, published, m.created_at, outlet))
        articles[m.incident_id].add(m.article_id)
        if outlet:
            outlets[m.incident_id].add(outlet)
    edits = latest_edits(session, ids)
    now = utcnow()
    loaded = {i.id: i for i in session.scalars(select(IncidentRow).where(IncidentRow.id.in_(ids)))}
    for inc_id in ids:
        inc = loaded.get(inc_id)
        if inc is None:
            continue
        if not reports[inc_id]:
            if inc.status == "active":
                inc.status = "merged"
                dest = (moved_to or {}).get(inc_id)
                inc.merged_into = dest.most_common(1)[0][0] if dest else None
                inc.n_mentions = inc.n_sources = 0
                inc.updated_at = now
                sync_weapons(session, inc)
            continue
        before = _weapon_key(inc)
        if inc.status == "merged":
            inc.status, inc.merged_into = "active", None
        new = resolve(reports[inc_id], edits.get(inc_id))
        for f in RESOLVED_FIELDS:
            old_v = getattr(inc, f)
            new_v = new[f]
            if f == "weapons":
                old_v = [w for w in (old_v or "").split(";") if w]
                if old_v != new_v:
                    inc.weapons = ";".join(new_v)
            elif old_v != new_v:
                setattr(inc, f, new_v)
            else:
                continue
            if old_v != new_v and not (old_v in (None, []) and new_v in (None, [])):
                session.add(
                    FieldRevisionRow(
                        incident_id=inc_id,
                        field=f,
                        old_value=_json_value(old_v),
                        new_value=_json_value(new_v),
                        changed_at=now,
                        cause=cause,
                        article_id=article_id,
                        override_id=override_id,
                    )
                )
        span = period(inc.date, inc.date_precision)
        inc.date_start, inc.date_end = span if span else (None, None)
        if span:
            monday = span[0] - dt.timedelta(days=span[0].weekday())
            inc.week, inc.month = monday.isoformat(), span[0].strftime("%Y-%m")
        else:
            inc.week = inc.month = None
        pubs = [r.published for r in reports[inc_id] if r.published]
        inc.first_reported = min(pubs) if pubs else None
        inc.last_reported = max(pubs) if pubs else None
        inc.n_mentions = len(reports[inc_id])
        inc.n_sources = len(articles[inc_id])
        inc.search_text = " ".join(
            sorted(
                {
                    str(x).lower()
                    for r in reports[inc_id]
                    for x in (
                        r.values.get("place"),
                        r.values.get("admin1"),
                        r.values.get("perpetrator"),
                        r.values.get("target"),
                    )
                    if x
                }
                | {o.lower() for o in outlets[inc_id]}
            )
        )
        inc.updated_at = now
        if _weapon_key(inc) != before:
            sync_weapons(session, inc, had_rows=bool(before[0]))


def _weapon_key(inc: IncidentRow) -> tuple[Any, ...]:
    return (inc.weapons, inc.status, inc.date_start, inc.week, inc.month, inc.killed, inc.injured)


def sync_weapons(session: Session, inc: IncidentRow, had_rows: bool = True) -> None:
    """Rewrite the incident's weapon rows with the values stats read from them."""
    if had_rows:
        session.execute(delete(IncidentWeaponRow).where(IncidentWeaponRow.incident_id == inc.id))
    session.add_all(
        IncidentWeaponRow(
            incident_id=inc.id,
            weapon=w,
            status=inc.status,
            date_start=inc.date_start,
            week=inc.week,
            month=inc.month,
            killed=inc.killed,
            injured=inc.injured,
        )
        for w in (inc.weapons or "").split(";")
        if w
    )


def active_mentions(session: Session, incident_id: str) -> list[MentionRow]:
    q = (
        select(MentionRow)
        .options(joinedload(MentionRow.article))
        .where(MentionRow.incident_id == incident_id, MentionRow.superseded_at.is_(None))
        .order_by(MentionRow.id)
    )
    return list(session.scalars(q))
