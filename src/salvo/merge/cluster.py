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
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from salvo.merge.context import CO_REPORT_BONUS, CoReports, link_co_reported, told_beside
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


@dataclass
class _Unit:
    """Reports that merging treats as one: a single report, or same-fact reports of distinct articles.

    Syndicated copies and outlets repeating one wire story give the same facts; their pairwise scores
    are all equal and at the top, so they end in one cluster anyway. Scoring them once as a unit keeps
    a run near-linear when one incident has hundreds of such reports.
    """

    facts: Facts
    groups: set[Hashable]
    key: str  # the smallest key of its reports: ties are broken on it, as they are on a report's own
    last: str  # the largest key, and the article of that report (the rival test of vague reports)
    last_group: Hashable
    pin: str | None
    members: list[int]
    fid: int = 0  # the same for units with equal facts: scores are memoised on it


class _Scores:
    """``facts_score`` between units, computed once per pair of distinct facts."""

    def __init__(self, units: Sequence[_Unit]) -> None:
        ids: dict[Facts, int] = {}
        for unit in units:
            unit.fid = ids.setdefault(unit.facts, len(ids))
        self.units = units
        self.memo: dict[tuple[int, int], float | None] = {}

    def __call__(self, i: int, j: int) -> float | None:
        a, b = self.units[i], self.units[j]
        key = (a.fid, b.fid)
        if key not in self.memo:
            self.memo[key] = facts_score(a.facts, b.facts)
        return self.memo[key]


def _self_joins(f: Facts) -> bool:
    """Two reports with these facts (in different articles) would be merged, without ambiguity."""
    if is_vague(f):
        return False
    s = facts_score(f, f)
    return s is not None and s >= threshold_for(f, f)


def _units(nodes: Sequence[Node]) -> list[_Unit]:
    """Nodes collapsed into units, in key order: same facts, distinct articles, no pin."""
    units: list[_Unit] = []
    open_units: dict[Facts, list[_Unit]] = defaultdict(list)
    joins: dict[Facts, bool] = {}
    for i in sorted(range(len(nodes)), key=lambda k: nodes[k].key):
        node = nodes[i]
        if node.pin is None:
            if node.facts not in joins:
                joins[node.facts] = _self_joins(node.facts)
            if joins[node.facts]:
                unit = next((u for u in open_units[node.facts] if node.group not in u.groups), None)
                if unit is not None:
                    unit.groups.add(node.group)
                    unit.members.append(i)
                    unit.last, unit.last_group = node.key, node.group
                    continue
        unit = _Unit(node.facts, {node.group}, node.key, node.key, node.group, node.pin, [i])
        units.append(unit)
        if node.pin is None and joins[node.facts]:
            open_units[node.facts].append(unit)
    return units


BlockKey = tuple[str, str, int | str]


def blocking_keys(f: Facts) -> list[BlockKey]:
    """The blocks a report falls in: (``week``, category, bucket) for each week bucket its period touches,
    (``place``, category, place) and (``admin1``, category, province) when it names them. Two reports are
    compared (``candidate_pairs``) only when they share a block; a block is the unit of a distributed
    merge's group-by (``salvo.distributed.merge``)."""
    out: list[BlockKey] = []
    if f.span is not None:
        out.extend(("week", f.category, b) for b in _buckets(f))
    if f.place:
        out.append(("place", f.category, f.place))
    if f.admin1:
        out.append(("admin1", f.category, f.admin1))
    return out


def _apart(a: _Unit, b: _Unit) -> bool:
    """Units with two reports from different articles (two reports of one article are distinct events)."""
    return len(a.groups) > 1 or len(b.groups) > 1 or a.groups != b.groups


def candidate_pairs(units: Sequence[_Unit]) -> set[tuple[int, int]]:
    """Index pairs worth scoring (blocking by category, date window, place).

    Dated reports meet the reports whose periods share a week bucket (widened by the window). An undated
    report meets the reports at its named place, or, when it names only a province, those in the province.
    """
    by_bucket: dict[tuple[str, int], list[int]] = defaultdict(list)
    by_place: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_admin1: dict[tuple[str, str], list[int]] = defaultdict(list)
    undated: list[int] = []
    for i, unit in enumerate(units):
        f = unit.facts
        if f.span is None:
            undated.append(i)
        for kind, category, value in blocking_keys(f):
            if kind == "week":
                by_bucket[category, int(value)].append(i)
            else:
                (by_place if kind == "place" else by_admin1)[category, str(value)].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in by_bucket.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if _apart(units[i], units[j]):
                    pairs.add((min(i, j), max(i, j)))
    for i in undated:
        f = units[i].facts
        site = f.prec == 0 and bool(f.place)
        if site:
            others = list(by_place[f.category, f.place])
            others += [j for j in by_admin1.get((f.category, f.admin1), []) if units[j].facts.prec != 0]
        elif f.admin1:
            others = by_admin1.get((f.category, f.admin1), [])
        else:
            others = by_place.get((f.category, f.place), [])
        for j in others:
            # two undated reports are never linked (threshold_for is infinite): not worth scoring
            if j != i and units[j].facts.span is not None and _apart(units[i], units[j]):
                pairs.add((min(i, j), max(i, j)))
    return pairs


def _owns(block: BlockKey, a: Facts, b: Facts) -> bool:
    """Whether ``block`` is the one block that answers for this pair: the first week bucket two dated
    reports share; a place or province block for a pair with an undated report (found by name only)."""
    if block[0] != "week":
        return a.span is None or b.span is None
    if a.span is None or b.span is None:
        return False
    return block[2] == min(set(_buckets(a)) & set(_buckets(b)))


def linkable_pairs(nodes: Sequence[Node], block: BlockKey | None = None) -> list[tuple[int, int]]:
    """Index pairs of ``nodes`` (no pins) that clustering could link: blocked together, and scoring within
    reach of the threshold (the ambiguity margin, and the context bonus when a side is vague).

    Every decision of ``cluster_nodes`` reads such pairs or the reports of one article (context rules,
    the one-article veto), so clustering each connected component of these pairs joined with each
    article's reports gives what clustering all the nodes at once gives. With ``block``, the nodes are
    that block's members and only the pairs it answers for (``_owns``) are returned, so a group-by over
    blocks finds each pair once."""
    units = [_Unit(n.facts, {n.group}, n.key, n.key, n.group, n.pin, [i]) for i, n in enumerate(nodes)]
    out: list[tuple[int, int]] = []
    for i, j in sorted(candidate_pairs(units)):
        a, b = nodes[i].facts, nodes[j].facts
        if block is not None and not _owns(block, a, b):
            continue
        s = facts_score(a, b)
        slack = AMBIGUITY_MARGIN + (CO_REPORT_BONUS if is_vague(a) or is_vague(b) else 0.0)
        if s is not None and s >= threshold_for(a, b) - slack:
            out.append((i, j))
    return out


def _unambiguous(
    nodes: Sequence[Node], units: Sequence[_Unit], links: dict[int, dict[int, float]], score: _Scores
) -> set[tuple[int, int]]:
    """Drop the links of vague reports that fit two incompatible reports about equally well.

    A report that a precise report of the vague one's own article joins is no rival (``told_beside``).
    """
    dropped: set[tuple[int, int]] = set()
    view = _NodeLinks(units, links)
    for i, all_cands in links.items():
        if not is_vague(units[i].facts):
            continue
        node = units[i].members[0]  # a vague report is a unit of its own
        told = {view.unit_of[n] for n in told_beside(nodes, view, view.siblings(nodes, node), node)}
        cands = {j: s for j, s in all_cands.items() if j not in told}
        if len(cands) < 2:
            continue
        best = max(cands, key=lambda j: (cands[j], units[j].last))
        if cands[best] < threshold_for(units[i].facts, units[best].facts):
            continue
        for j, s in cands.items():
            if j == best:
                continue
            rival = units[best].last_group in units[j].groups or score(j, best) is None
            if rival and s > cands[best] - AMBIGUITY_MARGIN:
                dropped.update((min(i, k), max(i, k)) for k in all_cands)
                break
    return dropped


class _NodeLinks(dict[int, dict[int, float]]):
    """The unit links seen report by report (what the context rules read): built on demand."""

    def __init__(self, units: Sequence[_Unit], links: dict[int, dict[int, float]]) -> None:
        super().__init__()
        self.units, self.links = units, links
        self.unit_of = {n: u for u, unit in enumerate(units) for n in unit.members}
        self._by_group: dict[Hashable, list[int]] | None = None

    def get(self, node: int, default: Any = None) -> Any:
        """A report's links: the members of the units its unit links to, and its unit's other members
        (same facts in other articles: joined by construction, at the score of the facts with themselves)."""
        u = self.unit_of[node]
        unit = self.units[u]
        out = {m: s for j, s in self.links.get(u, {}).items() for m in self.units[j].members}
        if len(unit.members) > 1:
            same = facts_score(unit.facts, unit.facts)
            out.update((m, same) for m in unit.members if m != node and same is not None)
        return out or default

    def siblings(self, nodes: Sequence[Node], node: int) -> list[int]:
        if self._by_group is None:
            self._by_group = defaultdict(list)
            for n, other in enumerate(nodes):
                self._by_group[other.group].append(n)
        return self._by_group[nodes[node].group]


def _bonus(nodes: Sequence[Node], units: Sequence[_Unit], pairs: set[tuple[int, int]]) -> dict[tuple[int, int], float]:
    """``co_report_bonus`` of the report pairs behind unit pairs with a vague side, per unit pair (the best)."""
    fits = CoReports(nodes)
    out: dict[tuple[int, int], float] = {}
    for i, j in sorted(pairs):
        if not (is_vague(units[i].facts) or is_vague(units[j].facts)):
            continue
        # the bonus is one constant: the first member pair lifted decides, and at most BONUS_TRIES pairs
        # (in key order) are read, so a unit of hundreds of copies stays near linear
        tried = 0
        for a, b in _member_pairs(nodes, units[i], units[j]):
            if fits.lifts(min(a, b), max(a, b)):
                out[i, j] = CO_REPORT_BONUS
                break
            tried += 1
            if tried >= BONUS_TRIES:
                break
    return out


#: Member pairs of two units read for the co-report bonus (``_bonus``) before it is given up.
BONUS_TRIES = 256


def _member_pairs(nodes: Sequence[Node], u: _Unit, v: _Unit) -> Iterator[tuple[int, int]]:
    left = sorted(u.members, key=lambda n: nodes[n].key)
    right = sorted(v.members, key=lambda n: nodes[n].key)
    return ((a, b) for a in left for b in right)


def _scored_links(
    nodes: Sequence[Node], units: Sequence[_Unit], score: _Scores
) -> list[tuple[float, str, int, int]]:
    """Unit pairs above the threshold, best first (ties broken on the keys, for stable ids)."""
    links: dict[int, dict[int, float]] = defaultdict(dict)
    pairs = candidate_pairs(units)
    bonus = _bonus(nodes, units, pairs)
    for i, j in pairs:
        s = score(i, j)
        if s is not None:
            s += bonus.get((i, j), 0.0)
        if s is not None and s >= threshold_for(units[i].facts, units[j].facts) - AMBIGUITY_MARGIN:
            links[i][j] = links[j][i] = s
    dropped = _unambiguous(nodes, units, links, score)
    scored: list[tuple[float, str, int, int]] = []
    for i, cands in links.items():
        for j, s in cands.items():
            if i < j and (i, j) not in dropped and s >= threshold_for(units[i].facts, units[j].facts):
                key = min(units[i].key, units[j].key) + "|" + max(units[i].key, units[j].key)
                scored.append((s, key, i, j))
    scored.sort(key=lambda t: (-t[0], t[1]))
    return scored


def cluster_nodes(nodes: Sequence[Node]) -> list[int]:
    """Cluster label (index of a representative node) for every node."""
    units = _units(nodes)
    score = _Scores(units)
    parent = list(range(len(units)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(units))}
    groups: dict[int, set[Hashable]] = {i: set(u.groups) for i, u in enumerate(units)}
    pins: dict[int, str | None] = {i: unit.pin for i, unit in enumerate(units)}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(ri: int, rj: int) -> None:
        parent[rj] = ri
        members[ri] = members[ri] + members.pop(rj)
        small, large = sorted((groups.pop(rj), groups[ri]), key=len)
        large |= small
        groups[ri] = large
        pins[ri] = pins[ri] or pins[rj]

    first_of_pin: dict[str, int] = {}
    for i, unit in enumerate(units):  # analysts' groupings hold whatever the scores say
        if unit.pin is not None:
            if unit.pin in first_of_pin:
                join(find(first_of_pin[unit.pin]), find(i))
            else:
                first_of_pin[unit.pin] = i
    for _, _, i, j in _scored_links(nodes, units, score):
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        if pins[ri] is not None and pins[rj] is not None:
            continue
        if not groups[ri].isdisjoint(groups[rj]):
            continue
        # every pair must be compatible, except with pinned reports: an analyst's group may span what
        # the rules would not join, so a report only needs to fit the pinned report it links to
        mi, mj = members[ri], members[rj]
        if any(
            score(a, b) is None
            for a in mi
            for b in mj
            if units[a].pin is None and units[b].pin is None
        ):
            continue
        join(ri, rj)
    labels = [0] * len(nodes)
    for u, unit in enumerate(units):
        label = units[find(u)].members[0]
        for i in unit.members:
            labels[i] = label
    return link_co_reported(nodes, labels)


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
