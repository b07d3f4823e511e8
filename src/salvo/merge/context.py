"""Reports tied by the incidents told beside them: two articles that report one attack and each a strike
answering it (or one strike and each an attack answering it) report one strike, even when neither dates it.

Scores alone cannot join two undated strikes "in Deir ez-Zor": that province sees many. But when the
two articles already share an incident, and each has exactly one report that fits the other's, the
pair is the same event told around the same story. Sharing an incident of the same category says
less: background events (a famous strike) are shared by many stories. Only reports too vague to be joined on their own
(undated, or placed only in a country or a month) are linked this way; dated, placed reports are left
to their scores.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from typing import Protocol

from salvo.merge.score import Facts, facts_score, is_vague

__all__ = ["link_co_reported"]


class _Node(Protocol):
    facts: Facts
    group: Hashable
    pin: str | None


def _fits(a: Facts, b: Facts) -> bool:
    """Compatible, and nothing said against it (no clashing weapons or actors)."""
    score = facts_score(a, b)
    return score is not None and score >= 0.0


def link_co_reported(nodes: Sequence[_Node], labels: list[int]) -> list[int]:
    """Join the clusters of vague reports whose articles share an incident and pair them one to one."""
    members: dict[int, list[int]] = defaultdict(list)
    by_group: dict[Hashable, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        members[label].append(i)
        by_group[nodes[i].group].append(i)
    shared: set[tuple[Hashable, Hashable, str]] = set()  # two articles and the category of what they share
    for idx in members.values():
        groups = sorted({nodes[i].group for i in idx}, key=repr)
        category = nodes[idx[0]].facts.category
        shared.update((a, b, category) for x, a in enumerate(groups) for b in groups[x + 1 :])
    parent = {label: label for label in members}

    def find(label: int) -> int:
        while parent[label] != label:
            label = parent[label]
        return label

    for a, b, category in sorted(shared, key=repr):
        for i in by_group[a]:
            # the answer to the shared event: a strike beside a shared attack, an attack beside a strike
            if nodes[i].facts.category == category or not is_vague(nodes[i].facts):
                continue
            here = [j for j in by_group[b] if labels[j] != labels[i] and _fits(nodes[i].facts, nodes[j].facts)]
            if len(here) != 1:
                continue
            j = here[0]
            back = [k for k in by_group[a] if labels[k] != labels[j] and _fits(nodes[j].facts, nodes[k].facts)]
            if back != [i]:
                continue
            ri, rj = find(labels[i]), find(labels[j])
            if ri != rj and _joinable(nodes, members, ri, rj, find):
                parent[rj] = ri
    return [find(label) for label in labels]


def _joinable(
    nodes: Sequence[_Node], members: dict[int, list[int]], ri: int, rj: int, find: Callable[[int], int]
) -> bool:
    """Two clusters may join when no article is in both, their pins agree, and every pair is compatible."""
    left = [i for label, idx in members.items() if find(label) == ri for i in idx]
    right = [i for label, idx in members.items() if find(label) == rj for i in idx]
    if {nodes[i].group for i in left} & {nodes[j].group for j in right}:
        return False
    pins = {nodes[i].pin for i in left + right} - {None}
    if len(pins) > 1:
        return False
    return all(facts_score(nodes[i].facts, nodes[j].facts) is not None for i in left for j in right)
