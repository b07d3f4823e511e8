"""Merging in the database: new mentions join, and may regroup, the incidents around them, and the result
does not depend on the order or the batches in which reports arrived.

For a batch of new mentions we take the *closure* of what they can touch: every active mention linked to
them as far as the candidate relation reaches (blocking, then a score within reach of a link, in either
direction), the other reports of their articles (clustering reads what an article tells beside a report),
the members of their incidents and the mentions pinned with them, transitively. That set is a whole
component of the relation, and ``salvo.merge`` clusters a component the same way whatever lies outside
it, so re-clustering it in a canonical order (by mention key) gives the grouping that clustering all
stored mentions at once would give. Incident ids are canonical too: an analyst's pin names its cluster;
any other cluster is named by its lowest mention key (``incident_id_for``). So the same set of stored
mentions gives the same incidents and ids, whichever process stored them, in whatever order. An incident
that loses all its mentions becomes ``status='merged'`` with ``merged_into`` pointing where most went.
The closure stops growing at ``MAX_LOCAL`` mentions (a bound on one batch's work, see docs/scale.md).
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
    "closure",
    "latest_edits",
    "members_of",
    "mention_values",
    "merge_new_mentions",
    "recluster",
    "refresh_incidents",
    "row_incident",
    "sync_weapons",
]

MAX_LOCAL = 20000  # stop widening a closure beyond this many mentions
_IN = 500  # values per IN list


def _linkable(seed: Rec, candidates: Candidates, known: dict[int, Rec]) -> list[Rec]:
    """Neighbours not ``known`` yet that clustering could link to ``seed`` (either way round); the others
    never change its grouping."""
    out = []
    f = seed.facts
    for n in candidates.around(seed):
        if n.id in known:
            continue
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
    local = closure(session, seeds, cache)
    return recluster(session, list(local.values()), cause=cause, seeds=seeds)


def members_of(session: Session, incident_ids: Iterable[str | None], cache: FactsCache) -> list[Rec]:
    """The active mentions of these incidents: seeds when a re-extracted article's old mentions leave them,
    since the grouping of what remains may change."""
    ids = sorted({i for i in incident_ids if i})
    column = MentionRow.incident_id
    return [m for k in range(0, len(ids), _IN) for m in load_recs(session, column.in_(ids[k : k + _IN]), cache)]


class _Ties:
    """What ties mentions together besides scores, each looked up once per closure: same article, same
    incident, same pin."""

    def __init__(self) -> None:
        self.seen: dict[str, set[object]] = {"article": set(), "incident": set(), "pin": set()}

    def of(self, session: Session, recs: Iterable[Rec], cache: FactsCache) -> list[Rec]:
        wanted: dict[str, set[object]] = {"article": set(), "incident": set(), "pin": set()}
        for m in recs:
            wanted["article"].add(m.article_id)
            if m.incident_id:
                wanted["incident"].add(m.incident_id)
            if m.pinned:
                wanted["pin"].add(m.pinned)
        columns = {
            "article": MentionRow.article_id,
            "incident": MentionRow.incident_id,
            "pin": MentionRow.pinned_incident_id,
        }
        out: list[Rec] = []
        for kind, column in columns.items():
            new = sorted(wanted[kind] - self.seen[kind], key=str)
            self.seen[kind].update(new)
            for k in range(0, len(new), _IN):
                out.extend(load_recs(session, column.in_(new[k : k + _IN]), cache))
        return out


def closure(session: Session, seeds: Sequence[Rec], cache: FactsCache) -> dict[int, Rec]:
    """Every active mention the seeds' grouping can depend on, or can change (see the module docstring),
    up to ``MAX_LOCAL`` mentions."""
    local: dict[int, Rec] = {m.id: m for m in seeds}
    ties = _Ties()
    frontier = list(local.values())
    while frontier and len(local) <= MAX_LOCAL:
        found: dict[int, Rec] = {}
        candidates = fetch_candidates(session, frontier, cache)
        for m in frontier:
            for n in _linkable(m, candidates, local):
                found[n.id] = local[n.id] = n
        for n in ties.of(session, [*frontier, *found.values()], cache):
            if n.id not in local:
                found[n.id] = local[n.id] = n
        frontier = list(found.values())
    return local


def _identities(session: Session, mentions: Iterable[Rec]) -> dict[int, tuple[str, str]]:
    """Article id -> (input id, content hash): what names an article whatever order it was stored in."""
    article_ids = sorted({m.article_id for m in mentions})
    out: dict[int, tuple[str, str]] = {}
    for k in range(0, len(article_ids), _IN):
        part = article_ids[k : k + _IN]
        q = select(ArticleRow.id, ArticleRow.source_id, ArticleRow.content_hash).where(ArticleRow.id.in_(part))
        out.update((aid, (sid, digest)) for aid, sid, digest in core(session).execute(q))
    return out


def recluster(session: Session, mentions: list[Rec], cause: str = "report", seeds: Sequence[Rec] = ()) -> set[str]:
    """Cluster this set of mentions again, in canonical order, and write the grouping; returns the incidents
    touched."""
    names = _identities(session, mentions)
    mentions.sort(key=lambda m: (f"{names[m.article_id][0]}#{m.position}", names[m.article_id][1]))
    nodes = [Node(m.facts, names[m.article_id], f"{names[m.article_id][0]}#{m.position}", m.pinned) for m in mentions]
    clusters: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(cluster_nodes(nodes)):
        clusters[label].append(i)
    groups = sorted(clusters.values())  # members in key order, clusters by their lowest key
    chosen = _canonical_ids(session, mentions, nodes, groups)
    touched: set[str] = set()
    moved_to: dict[str, Counter[str]] = defaultdict(Counter)
    moves: list[dict[str, object]] = []
    for idx, inc_id in zip(groups, chosen, strict=True):
        for i in idx:
            m = mentions[i]
            if m.incident_id != inc_id:
                if m.incident_id:
                    touched.add(m.incident_id)
                    moved_to[m.incident_id][inc_id] += 1
                m.incident_id = inc_id
                moves.append({"_id": m.id, "_inc": inc_id})
                touched.add(inc_id)
    existing = _existing_ids(session, chosen)
    fresh = [
        {"id": inc_id, "category": mentions[idx[0]].category}
        for idx, inc_id in zip(groups, chosen, strict=True)
        if inc_id not in existing
    ]
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


def _canonical_ids(session: Session, mentions: list[Rec], nodes: list[Node], groups: list[list[int]]) -> list[str]:
    """The id of each cluster: its analysts' pin, else the id of its lowest key (``incident_id_for``), with a
    suffix when an analyst holds that id elsewhere (a pin, a rejection) or a mention outside this set does."""
    pins = [next((mentions[i].pinned for i in idx if mentions[i].pinned), None) for idx in groups]
    bases = [incident_id_for(nodes[idx[0]].key) for idx in groups]
    local_ids = {m.id for m in mentions}
    held = _held(session, [b for b, p in zip(bases, pins, strict=True) if p is None], local_ids)
    taken = {p for p in pins if p}
    out: list[str] = []
    for base, pin in zip(bases, pins, strict=True):
        if pin is not None:
            out.append(pin)
            continue
        candidate, n = base, 1
        while candidate in taken or candidate in held:
            n += 1
            candidate = f"{base}-{n}"
            held |= _held(session, [candidate], local_ids)
        taken.add(candidate)
        out.append(candidate)
    return out


def _held(session: Session, ids: list[str], local_ids: set[int]) -> set[str]:
    """Those of ``ids`` that are not free for an unpinned cluster: an analyst pinned mentions to them or
    rejected them, or an active mention outside this set belongs to them."""
    out: set[str] = set()
    conn = core(session)
    active = MentionRow.superseded_at.is_(None)
    for k in range(0, len(ids), _IN):
        part = sorted(set(ids[k : k + _IN]))
        pin = MentionRow.pinned_incident_id
        out.update(str(p) for p in conn.scalars(select(pin).where(active, pin.in_(part))))
        rejected = IncidentRow.status == "rejected"
        out.update(conn.scalars(select(IncidentRow.id).where(IncidentRow.id.in_(part), rejected)))
        holder = MentionRow.incident_id
        rows = conn.execute(select(MentionRow.id, holder).where(active, holder.in_(part)))
        out.update(str(inc) for mid, inc in rows if mid not in local_ids)
    return out


def _existing_ids(session: Session, ids: list[str]) -> set[str]:
    out: set[str] = set()
    for k in range(0, len(ids), _IN):
        out.update(core(session).scalars(select(IncidentRow.id).where(IncidentRow.id.in_(ids[k : k + _IN]))))
    return out
