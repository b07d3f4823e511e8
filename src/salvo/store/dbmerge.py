"""Merging in the database: new mentions join, and may regroup, the incidents around them.

For each batch of new mentions we gather their neighbourhood with indexed queries (same category and
a date window, or the same named place/province for undated reports), add every active mention of the
incidents touched, and re-run the same clustering as ``salvo.merge`` on that local set. Analysts' pins
(``mentions.pinned_incident_id``) are constraints there. Clusters keep the id of the existing incident
holding most of their members, so ids are stable; an incident that loses all its mentions becomes
``status='merged'`` with ``merged_into`` pointing where most of them went.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from salvo.merge import Node, cluster_nodes, facts_score, incident_id_for
from salvo.merge.cluster import AMBIGUITY_MARGIN
from salvo.merge.context import CO_REPORT_BONUS
from salvo.merge.score import is_vague, threshold_for
from salvo.store.db import core
from salvo.store.models import INCIDENTS, MENTIONS, ArticleRow, IncidentRow, MentionRow
from salvo.store.neighbours import WINDOW, Candidates, FactsCache, Rec, fetch_candidates, load_recs
from salvo.store.refresh import (
    MENTION_FIELDS,
    active_mentions,
    latest_edits,
    mention_values,
    refresh_incidents,
    row_incident,
    sync_weapons,
)

__all__ = [
    "MAX_LOCAL",
    "MENTION_FIELDS",
    "WINDOW",
    "active_mentions",
    "latest_edits",
    "mention_values",
    "merge_new_mentions",
    "recluster",
    "refresh_incidents",
    "row_incident",
    "sync_weapons",
]

MAX_LOCAL = 5000  # stop widening a neighbourhood beyond this many mentions


def _linkable(seed: Rec, candidates: Candidates) -> list[Rec]:
    """Neighbours that could link to ``seed`` in clustering; the others cannot change its grouping."""
    out = []
    f = seed.facts
    for n in candidates.near(seed):
        score = facts_score(f, n.facts)
        # a vague pair may still be lifted by the incidents told beside it (``co_report_bonus``)
        slack = AMBIGUITY_MARGIN + (CO_REPORT_BONUS if is_vague(f) or is_vague(n.facts) else 0.0)
        if score is not None and score >= threshold_for(f, n.facts) - slack:
            out.append(n)
    return out


def merge_new_mentions(
    session: Session, seeds: Sequence[Rec], cause: str = "report", cache: FactsCache | None = None
) -> set[str]:
    """Place ``seeds`` (stored, active mentions) into incidents; returns the incidents touched."""
    cache = {} if cache is None else cache
    local: dict[int, Rec] = {m.id: m for m in seeds}
    seed_ids = set(local)
    frontier: list[Rec] = []
    candidates = fetch_candidates(session, seeds, cache)
    for seed in seeds:
        for n in _linkable(seed, candidates):
            if n.id not in local:
                local[n.id] = n
                if n.id not in seed_ids and is_vague(n.facts):
                    frontier.append(n)
    frontier.extend(m for m in _siblings(session, local, cache) if is_vague(m.facts))
    # A vague report that could join a seed is judged against all its rivals, so load those too.
    if frontier:
        around = fetch_candidates(session, frontier, cache)
        for m in frontier:
            if len(local) > MAX_LOCAL:
                break
            for n in _linkable(m, around):
                local.setdefault(n.id, n)
    _add_incident_members(session, local, cache)
    if len(local) <= MAX_LOCAL:  # what the incidents' other articles tell beside them, and its incidents
        _siblings(session, local, cache)
        _add_incident_members(session, local, cache)
    return recluster(session, list(local.values()), cause=cause, seeds=seeds)


def _siblings(session: Session, local: dict[int, Rec], cache: FactsCache) -> list[Rec]:
    """Add the other reports of the articles at hand (clustering reads what an article tells beside a
    report, ``co_report_bonus``); returns those added."""
    article_ids = sorted({m.article_id for m in local.values()})
    added: list[Rec] = []
    for k in range(0, len(article_ids), 500):
        for m in load_recs(session, MentionRow.article_id.in_(article_ids[k : k + 500]), cache):
            if m.id not in local:
                local[m.id] = m
                added.append(m)
    return added


def _add_incident_members(session: Session, local: dict[int, Rec], cache: FactsCache) -> None:
    incident_ids = sorted({m.incident_id for m in local.values() if m.incident_id})
    for k in range(0, len(incident_ids), 500):
        for m in load_recs(session, MentionRow.incident_id.in_(incident_ids[k : k + 500]), cache):
            local.setdefault(m.id, m)


def _source_keys(session: Session, mentions: Iterable[Rec]) -> dict[int, str]:
    article_ids = sorted({m.article_id for m in mentions})
    out: dict[int, str] = {}
    for k in range(0, len(article_ids), 500):
        part = article_ids[k : k + 500]
        q = select(ArticleRow.id, ArticleRow.source_id).where(ArticleRow.id.in_(part))
        out.update((aid, sid) for aid, sid in core(session).execute(q))
    return out


def recluster(session: Session, mentions: list[Rec], cause: str = "report", seeds: Sequence[Rec] = ()) -> set[str]:
    """Cluster this local set of mentions again and write the new grouping; returns incidents touched."""
    mentions.sort(key=lambda m: m.id)
    sources = _source_keys(session, mentions)
    nodes = [Node(m.facts, m.article_id, f"{sources[m.article_id]}#{m.position}", m.pinned) for m in mentions]
    labels = cluster_nodes(nodes)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        clusters[label].append(i)
    taken: set[str] = set()
    chosen: dict[int, str] = {}
    for label, idx in clusters.items():  # analysts' pins first
        pin = next((mentions[i].pinned for i in idx if mentions[i].pinned), None)
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
    existing = _existing_ids(session, wanted)
    fresh: list[dict[str, str]] = []
    moves: list[dict[str, object]] = []
    for label, idx in sorted(clusters.items(), key=lambda kv: min(nodes[i].key for i in kv[1])):
        found = chosen.get(label)
        if found is None:
            inc_id = _fresh_id(session, min(nodes[i].key for i in idx), taken | existing)
            taken.add(inc_id)
            fresh.append({"id": inc_id, "category": mentions[idx[0]].category})
        else:
            inc_id = found
        for i in idx:
            m = mentions[i]
            if m.incident_id != inc_id:
                if m.incident_id:
                    touched.add(m.incident_id)
                    moved_to[m.incident_id][inc_id] += 1
                m.incident_id = inc_id
                moves.append({"_id": m.id, "_inc": inc_id})
                touched.add(inc_id)
    conn = core(session)
    if fresh:
        conn.execute(insert(INCIDENTS), fresh)
    if moves:
        t = MENTIONS
        conn.execute(t.update().where(t.c.id == bindparam("_id")).values(incident_id=bindparam("_inc")), moves)
    touched.update(m.incident_id for m in seeds if m.incident_id)
    refresh_incidents(
        session, touched, cause=cause, moved_to=moved_to, article_id=seeds[0].article_id if seeds else None
    )
    return touched


def _existing_ids(session: Session, ids: list[str]) -> set[str]:
    out: set[str] = set()
    for k in range(0, len(ids), 500):
        out.update(core(session).scalars(select(IncidentRow.id).where(IncidentRow.id.in_(ids[k : k + 500]))))
    return out


def _fresh_id(session: Session, key: str, taken: set[str]) -> str:
    base = incident_id_for(key)
    candidate, n = base, 1
    while candidate in taken or (
        candidate != base and session.scalar(select(IncidentRow.id).where(IncidentRow.id == candidate))
    ):
        n += 1
        candidate = f"{base}-{n}"
    return candidate
