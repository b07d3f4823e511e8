"""Reports tied by the incidents told beside them: two articles that report one attack and each a strike
answering it (or one strike and each an attack answering it) report one strike, even when neither dates it.

Scores alone cannot join two undated strikes "in Deir ez-Zor": that province sees many. But when the
two articles already share an incident, and each has exactly one report that fits the other's, the
pair is the same event told around the same story. Sharing an incident of the same category says
less: background events (a famous strike) are shared by many stories. Only reports too vague to be joined on their own
(undated, or placed only in a country or a month) are linked this way; dated, placed reports are left
to their scores.

Before scoring, the same context lifts a pair with a vague report (``co_report_bonus``): two articles
that each tell two incidents close in time, pairing one to one, tell the same story. And a vague report
has no rival in the incident that a precise report of its own article joins (``told_beside``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from typing import Protocol

from salvo.merge.score import Facts, facts_score, is_vague, threshold_for

__all__ = ["CoReports", "co_report_bonus", "link_co_reported", "told_beside"]


class _Node(Protocol):
    facts: Facts
    group: Hashable
    pin: str | None


def _fits(a: Facts, b: Facts) -> bool:
    """Compatible, and nothing said against it (no clashing weapons or actors)."""
    score = facts_score(a, b)
    return score is not None and score >= 0.0


#: Each article of a shared incident is compared with this many of the next (in a stable order), not
#: with every other: joins chain through the union, and an incident told by hundreds stays near linear.
CO_REPORT_WINDOW = 64


def link_co_reported(nodes: Sequence[_Node], labels: list[int]) -> list[int]:
    """Join the clusters of vague reports whose articles share an incident and pair them one to one."""
    members: dict[int, list[int]] = defaultdict(list)
    by_group: dict[Hashable, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        members[label].append(i)
        by_group[nodes[i].group].append(i)
    fits = _Fits(nodes)
    # two articles and the category of what they share -> their reports of it
    shared: dict[tuple[Hashable, Hashable, str], list[tuple[int, int]]] = defaultdict(list)
    for idx in members.values():
        report = {nodes[i].group: i for i in idx}
        groups = sorted(report, key=repr)
        category = nodes[idx[0]].facts.category
        for x, a in enumerate(groups):
            for b in groups[x + 1 : x + 1 + CO_REPORT_WINDOW]:
                shared[a, b, category].append((report[a], report[b]))
    comps = _Components(fits, members)
    for (a, b, category), told in sorted(shared.items(), key=lambda kv: repr(kv[0])):
        for i in by_group[a]:
            # the answer to the shared event: a strike beside a shared attack, an attack beside a strike
            if nodes[i].facts.category == category or not is_vague(nodes[i].facts):
                continue
            here = [j for j in by_group[b] if labels[j] != labels[i] and fits.fit(i, j)]
            if len(here) != 1:
                continue
            j = here[0]
            back = [k for k in by_group[a] if labels[k] != labels[j] and fits.fit(j, k)]
            if back != [i] or not any(_near(nodes, i, ka) and _near(nodes, j, kb) for ka, kb in told):
                continue
            comps.join(labels[i], labels[j])
    return [comps.find(label) for label in labels]


class _Components:
    """Clusters joined by ``link_co_reported``: union-find with each root's members at hand."""

    def __init__(self, fits: _Fits, members: dict[int, list[int]]) -> None:
        self.fits = fits
        self.parent = {label: label for label in members}
        self.members = {label: list(idx) for label, idx in members.items()}

    def find(self, label: int) -> int:
        while self.parent[label] != label:
            label = self.parent[label]
        return label

    def join(self, a: int, b: int) -> None:
        ri, rj = self.find(a), self.find(b)
        if ri != rj and self._joinable(self.members[ri], self.members[rj]):
            self.parent[rj] = ri
            self.members[ri].extend(self.members.pop(rj))

    def _joinable(self, left: list[int], right: list[int]) -> bool:
        """No article in both, pins that agree, and every pair of their facts compatible."""
        nodes = self.fits.nodes
        if {nodes[i].group for i in left} & {nodes[j].group for j in right}:
            return False
        pins = {nodes[i].pin for i in left + right} - {None}
        if len(pins) > 1:
            return False
        one = {self.fits.fclass[i]: i for i in left}  # equal facts are compatible with the same reports
        other = {self.fits.fclass[j]: j for j in right}
        return all(self.fits.compatible(i, j) for i in one.values() for j in other.values())


def _near(nodes: Sequence[_Node], i: int, k: int) -> bool:
    """Not told far apart in time: a famous strike years earlier is background, not the story."""
    a, b = nodes[i].facts, nodes[k].facts
    return a.span is None or b.span is None or _close(a, b)


#: Two articles that tell the same two incidents side by side: each fitting pair makes the other likelier.
CO_REPORT_BONUS = 1.5
#: ... when the two incidents lie this close in time in one of the articles (background events told
#: beside many stories, a famous strike years earlier, do not count).
CO_REPORT_DAYS = 31
#: A same-category support may fall this far short of its threshold (``cluster.AMBIGUITY_MARGIN``).
LINK_MARGIN = 1.0


def _close(a: Facts, b: Facts) -> bool:
    if a.span is None or b.span is None:
        return False
    limit = dt.timedelta(days=CO_REPORT_DAYS)
    return a.span[0] - limit <= b.span[1] and b.span[0] - limit <= a.span[1]


class _Fits:
    """Which reports of an article a report fits, computed once per (report, article)."""

    def __init__(self, nodes: Sequence[_Node]) -> None:
        self.nodes = nodes
        self.by_group: dict[Hashable, list[int]] = defaultdict(list)
        classes: dict[Facts, int] = {}
        #: reports with equal facts fit the same reports: the memo is kept per facts, not per report,
        #: so an incident told by hundreds of copies costs one reading per article, not one per copy
        self.fclass = [classes.setdefault(node.facts, len(classes)) for node in nodes]
        for i, node in enumerate(nodes):
            self.by_group[node.group].append(i)
        self.memo: dict[tuple[int, Hashable], int | None] = {}
        self.fitted: dict[tuple[int, int], bool] = {}
        self.scored: dict[tuple[int, int], bool] = {}

    def only(self, i: int, group: Hashable) -> int | None:
        """The one report of ``group``'s article that ``i`` fits, if exactly one."""
        key = (self.fclass[i], group)
        if key not in self.memo:
            fits = [m for m in self.by_group[group] if self.fit(i, m)]
            self.memo[key] = fits[0] if len(fits) == 1 else None
        return self.memo[key]

    def fit(self, i: int, m: int) -> bool:
        """``_fits`` of two reports, once per pair of distinct facts."""
        key = (self.fclass[i], self.fclass[m])
        known = self.fitted.get(key)
        if known is None:
            known = self.fitted[key] = _fits(self.nodes[i].facts, self.nodes[m].facts)
        return known

    def compatible(self, i: int, m: int) -> bool:
        """Any score at all (no veto) between two reports, once per pair of distinct facts."""
        key = (self.fclass[i], self.fclass[m])
        known = self.scored.get(key)
        if known is None:
            known = self.scored[key] = facts_score(self.nodes[i].facts, self.nodes[m].facts) is not None
        return known

    def paired(self, i: int, j: int) -> bool:
        """``i`` fits no other report of ``j``'s article, nor ``j`` another of ``i``'s."""
        return self.only(i, self.nodes[j].group) == j and self.only(j, self.nodes[i].group) == i

    def supported(self, i: int, j: int) -> bool:
        """Another report of ``i``'s article pairs with another of ``j``'s, one side telling both close in time.

        Reports of the other category (the attack a strike answered) need only fit; two of one category
        need the score of a link, or timelines that list many attacks would support each other everywhere.
        """
        nodes = self.nodes
        for k in self.by_group[nodes[i].group]:
            m = self.only(k, nodes[j].group) if k != i else None
            if m is None or m == j or self.only(m, nodes[i].group) != k:
                continue
            a, b = nodes[k].facts, nodes[m].facts
            if not (_close(nodes[i].facts, a) or _close(nodes[j].facts, b)):
                continue
            score = facts_score(a, b)
            need = 0.0 if a.category != nodes[i].facts.category else threshold_for(a, b) - LINK_MARGIN
            if score is not None and score >= need:
                return True
        return False


def co_report_bonus(nodes: Sequence[_Node], pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], float]:
    """Extra score for pairs with a vague report whose articles also share another incident told beside it.

    An undated "drone attack in Hasakah" is one of many; told beside a strike in Deir ez-Zor, in an
    article whose other report of that strike also fits, it is the attack that strike answered. The
    cost is bounded by the sizes of the two articles, so clustering stays near linear.
    """
    fits = CoReports(nodes)
    return {(i, j): CO_REPORT_BONUS for i, j in pairs if fits.lifts(i, j)}


class CoReports(_Fits):
    """``co_report_bonus`` asked pair by pair, so a caller can stop at the first pair that is lifted."""

    def lifts(self, i: int, j: int) -> bool:
        nodes = self.nodes
        vague = is_vague(nodes[i].facts) or is_vague(nodes[j].facts)
        return vague and self.paired(i, j) and self.supported(i, j)


def told_beside(
    nodes: Sequence[_Node], links: dict[int, dict[int, float]], siblings: Iterable[int], i: int
) -> set[int]:
    """Reports that a precise report of ``i``'s own article joins: ``i`` cannot be that incident too.

    "Drones hit Ain al-Asad and a base in northern Iraq" gives a site and a country-only report; the
    other Ain al-Asad reports of that day are no rival to the second one.
    """
    out: set[int] = set()
    for k in siblings:  # the other reports of i's article
        if k == i or is_vague(nodes[k].facts):
            continue
        cands = links.get(k, {})
        out.update(j for j, s in cands.items() if s >= threshold_for(nodes[k].facts, nodes[j].facts))
    return out
