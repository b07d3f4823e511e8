"""Group reports of one real incident across the articles of a run.

Blocking keeps it near-linear: dated reports are only compared with reports
of the same category whose periods fall in the same or a neighbouring week
bucket; undated reports only with reports of the same category at the same
named place or province. Pairs above the threshold are joined best-first
(greedy average-free linkage) under two vetoes: two reports of one article are
never the same incident (an article lists distinct events), and every pair
across the two groups must be compatible (no chaining Monday's attack onto
Thursday's through a vague "this month" report).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from salvo.merge.context import co_report_bonus, link_co_reported, told_beside
from salvo.merge.score import Facts, facts_score, is_vague, threshold_for
from salvo.model import ExtractionResult, Incident

_EPOCH = dt.date(1970, 1, 5)  # a Monday
#: Dated reports within this many days of each other are compared.
WINDOW_DAYS = 2
#: Report spans wider than this (year precision) are compared with all of their period, bucketed by month.
_BUCKET_DAYS = 7
#: A vague report stays alone unless its best fit beats every incompatible rival by this much.
AMBIGUITY_MARGIN = 1.0


@dataclass
class Node:
    """One report to cluster: its facts, the article it came from (cannot-link) and a stable key."""

    facts: Facts
    group: Hashable
    key: str
    pin: str | None = None  # analyst decision: nodes with one pin are one incident, different pins never


def incident_id_for(key: str) -> str:
    """Deterministic incident id from the key of a cluster's first report."""
    return "inc-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _buckets(f: Facts) -> list[int]:
    assert f.span is not None
    lo = (f.span[0] - _EPOCH).days - WINDOW_DAYS
    hi = (f.span[1] - _EPOCH).days + WINDOW_DAYS
    return list(range(lo // _BUCKET_DAYS, hi // _BUCKET_DAYS + 1))


def candidate_pairs(nodes: Sequence[Node]) -> set[tuple[int, int]]:
    """Index pairs worth scoring (blocking by category, date window, place).

    Dated reports meet the reports whose periods share a week bucket (widened by the window). An undated
    report meets the reports at its named place, or, when it names only a province, those in the province.
    """
    by_bucket: dict[tuple[str, int], list[int]] = defaultdict(list)
    by_place: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_admin1: dict[tuple[str, str], list[int]] = defaultdict(list)
    undated: list[int] = []
    for i, node in enumerate(nodes):
        f = node.facts
        if f.span is not None:
            for b in _buckets(f):
                by_bucket[f.category, b].append(i)
        else:
            undated.append(i)
        if f.place:
            by_place[f.category, f.place].append(i)
        if f.admin1:
            by_admin1[f.category, f.admin1].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in by_bucket.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if nodes[i].group != nodes[j].group:
                    pairs.add((min(i, j), max(i, j)))
    for i in undated:
        f = nodes[i].facts
        site = f.prec == 0 and bool(f.place)
        if site:
            others = list(by_place[f.category, f.place])
            others += [j for j in by_admin1.get((f.category, f.admin1), []) if nodes[j].facts.prec != 0]
        elif f.admin1:
            others = by_admin1.get((f.category, f.admin1), [])
        else:
            others = by_place.get((f.category, f.place), [])
        for j in others:
            if j != i and nodes[i].group != nodes[j].group:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def _unambiguous(nodes: Sequence[Node], links: dict[int, dict[int, float]]) -> set[tuple[int, int]]:
    """Drop the links of vague reports that fit two incompatible reports about equally well."""
    dropped: set[tuple[int, int]] = set()
    by_group: dict[Hashable, list[int]] = defaultdict(list)
    for i, node in enumerate(nodes):
        by_group[node.group].append(i)
    for i, all_cands in links.items():
        if not is_vague(nodes[i].facts):
            continue
        told = told_beside(nodes, links, by_group[nodes[i].group], i)
        cands = {j: s for j, s in all_cands.items() if j not in told}
        if len(cands) < 2:
            continue
        best = max(cands, key=lambda j: (cands[j], nodes[j].key))
        if cands[best] < threshold_for(nodes[i].facts, nodes[best].facts):
            continue
        for j, s in cands.items():
            if j == best:
                continue
            rival = nodes[j].group == nodes[best].group or facts_score(nodes[j].facts, nodes[best].facts) is None
            if rival and s > cands[best] - AMBIGUITY_MARGIN:
                dropped.update((min(i, k), max(i, k)) for k in all_cands)
                break
    return dropped


def cluster_nodes(nodes: Sequence[Node]) -> list[int]:
    """Cluster label (index of a representative node) for every node."""
    links: dict[int, dict[int, float]] = defaultdict(dict)
    pairs = candidate_pairs(nodes)
    bonus = co_report_bonus(nodes, pairs)
    for i, j in pairs:
        s = facts_score(nodes[i].facts, nodes[j].facts)
        if s is not None:
            s += bonus.get((i, j), 0.0)
        if s is not None and s >= threshold_for(nodes[i].facts, nodes[j].facts) - AMBIGUITY_MARGIN:
            links[i][j] = links[j][i] = s
    dropped = _unambiguous(nodes, links)
    scored: list[tuple[float, str, int, int]] = []
    for i, cands in links.items():
        for j, s in cands.items():
            if i < j and (i, j) not in dropped and s >= threshold_for(nodes[i].facts, nodes[j].facts):
                key = min(nodes[i].key, nodes[j].key) + "|" + max(nodes[i].key, nodes[j].key)
                scored.append((s, key, i, j))
    scored.sort(key=lambda t: (-t[0], t[1]))
    parent = list(range(len(nodes)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(nodes))}
    pins: dict[int, str | None] = {i: node.pin for i, node in enumerate(nodes)}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(ri: int, rj: int) -> None:
        parent[rj] = ri
        members[ri] = members[ri] + members.pop(rj)
        pins[ri] = pins[ri] or pins[rj]

    first_of_pin: dict[str, int] = {}
    for i, node in enumerate(nodes):  # analysts' groupings hold whatever the scores say
        if node.pin is not None:
            if node.pin in first_of_pin:
                join(find(first_of_pin[node.pin]), find(i))
            else:
                first_of_pin[node.pin] = i
    for _, _, i, j in scored:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        if pins[ri] is not None and pins[rj] is not None:
            continue
        mi, mj = members[ri], members[rj]
        if {nodes[k].group for k in mi} & {nodes[k].group for k in mj}:
            continue
        # every pair must be compatible, except with pinned reports: an analyst's group may span what
        # the rules would not join, so a report only needs to fit the pinned report it links to
        if any(
            facts_score(nodes[a].facts, nodes[b].facts) is None
            for a in mi
            for b in mj
            if nodes[a].pin is None and nodes[b].pin is None
        ):
            continue
        join(ri, rj)
    return link_co_reported(nodes, [find(i) for i in range(len(nodes))])


def assign_incident_ids(results: list[ExtractionResult]) -> None:
    """Set ``incident_id`` on every incident of a run; reports of one real incident share it.

    Ids are ``inc-`` plus a short hash of the cluster's first report key
    (article id and position), so re-running on the same input gives the same ids.
    """
    nodes: list[Node] = []
    incidents: list[Incident] = []
    for r_index, result in enumerate(results):
        group = (r_index, result.article.id)
        for i_index, inc in enumerate(result.incidents):
            nodes.append(Node(Facts.of(inc), group, f"{result.article.id}#{i_index}"))
            incidents.append(inc)
    labels = cluster_nodes(nodes)
    first_key: dict[int, str] = {}
    for node, label in zip(nodes, labels, strict=True):
        if label not in first_key or node.key < first_key[label]:
            first_key[label] = node.key
    for inc, label in zip(incidents, labels, strict=True):
        inc.incident_id = incident_id_for(first_key[label])
