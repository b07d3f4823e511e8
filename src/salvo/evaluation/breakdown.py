"""Figures on parts of a corpus: per gold file, and on two halves split by story.

The story split is an honesty check. A rule written to fix one article tends to help the half
that holds it and not the other, so a widening gap between the halves flags memorising. The
halves must not share a story, or one real incident reported by two outlets would sit on both
sides and hide the effect.

The rule (deterministic, independent of file order):

1. Articles are grouped by story: two articles are in one group when they share a gold
   ``event_key``, directly or through other articles (union-find over event keys). An article
   without keyed incidents is a group of its own.
2. Each group's *name* is its smallest event key (or, for a group without keys, its smallest
   article id).
3. Groups are taken largest first (by gold incidents), ties broken by ``crc32`` of the name and
   then the name itself; each goes to the half that holds fewer gold incidents so far (half A on
   a tie). Balancing on gold incidents keeps both halves big enough to mean something even
   when one long story joins many articles.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from salvo.evaluation.rules import ActorAliases, Record
from salvo.evaluation.scorer import Scores, score_corpus

SPLIT_RULE = (
    "articles sharing a gold event_key (transitively) form one story group; groups go, largest "
    "first (ties by crc32 of the group's smallest key), to the half with fewer gold incidents"
)


def _keys(line: Record) -> list[str]:
    return sorted({str(i["event_key"]) for i in line.get("incidents") or [] if i.get("event_key")})


def story_groups(gold: Mapping[str, Record]) -> list[list[str]]:
    """Article ids grouped so that articles sharing an event key (transitively) are together."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for article_id, line in gold.items():
        article = "article:" + article_id
        find(article)
        for key in _keys(line):
            parent[find(article)] = find("key:" + key)
    groups: dict[str, list[str]] = {}
    for article_id in gold:
        groups.setdefault(find("article:" + article_id), []).append(article_id)
    return list(groups.values())


def _group_name(gold: Mapping[str, Record], group: list[str]) -> str:
    keys = [key for article_id in group for key in _keys(gold[article_id])]
    return min(keys) if keys else min(group)


def _incident_count(gold: Mapping[str, Record], group: list[str]) -> int:
    return sum(len(gold[article_id].get("incidents") or []) for article_id in group)


def story_halves(gold: Mapping[str, Record]) -> tuple[list[str], list[str]]:
    """The article ids of halves A and B, in corpus order (see the module docstring)."""
    groups = story_groups(gold)
    names = {id(group): _group_name(gold, group) for group in groups}
    groups.sort(
        key=lambda g: (-_incident_count(gold, g), zlib.crc32(names[id(g)].encode()), names[id(g)])
    )
    halves: tuple[set[str], set[str]] = (set(), set())
    weight = [0, 0]
    for group in groups:
        side = 0 if weight[0] <= weight[1] else 1
        halves[side].update(group)
        weight[side] += _incident_count(gold, group)
    return [a for a in gold if a in halves[0]], [a for a in gold if a in halves[1]]


def score_subset(
    gold: Mapping[str, Record], pred: Mapping[str, Record], ids: list[str], aliases: ActorAliases
) -> Scores:
    """Scores of the given articles only; predictions for other articles are left out."""
    return score_corpus(
        {a: gold[a] for a in ids}, {a: pred[a] for a in ids if a in pred}, aliases
    )


@dataclass(frozen=True)
class SplitFigures:
    """Incident and slot F1 on each story half, and the gap between them (A minus B)."""

    halves: tuple[Scores, Scores]

    def to_json(self) -> dict[str, Any]:
        sides = [
            {
                "articles": s.articles,
                "required_incidents": s.tp + s.fn,
                "incident_f1": s.incident_prf[2],
                "slot_f1": s.slot_prf[2],
            }
            for s in self.halves
        ]
        return {
            "rule": SPLIT_RULE,
            "halves": dict(zip(("A", "B"), sides, strict=True)),
            "gap": {
                name: sides[0][name] - sides[1][name] for name in ("incident_f1", "slot_f1")
            },
        }


def story_split(gold: Mapping[str, Record], pred: Mapping[str, Record], aliases: ActorAliases) -> SplitFigures:
    """Score the two story halves of ``gold`` separately."""
    first, second = story_halves(gold)
    return SplitFigures(
        (score_subset(gold, pred, first, aliases), score_subset(gold, pred, second, aliases))
    )


def per_file(
    files: Mapping[str, Mapping[str, Record]], pred: Mapping[str, Record], aliases: ActorAliases
) -> dict[str, Scores]:
    """Scores of each gold file's articles on their own (merging judged within the file)."""
    return {name: score_subset(gold, pred, list(gold), aliases) for name, gold in files.items()}
