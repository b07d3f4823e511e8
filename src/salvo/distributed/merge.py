"""Merging on the cluster: a group-by over the blocking keys, then the clustering of the joined blocks.

Clustering (``salvo.merge.cluster``) compares two reports only when they share a block (a week bucket
of a category, or a named place or province for undated reports), and reads beyond a pair only the
other reports of its articles. So the run-level merge splits into independent pieces:

1. **Blocks** (group-by on the workers): every report is sent to each of its blocks
   (``blocking_keys``); a block's task returns the pairs in it that clustering could link
   (``linkable_pairs``): the edges.
2. **Joined blocks** (on the client): a union-find over those edges and over the reports of each
   article gives connected components. A component may span many blocks; no decision of the
   clustering crosses from one component to another.
3. **Clustering** (group-by on the workers, by component): ``cluster_nodes`` on each component, the very
   function a single-machine run calls on all its reports at once. A cluster's id is that of its first
   report key (``incident_id_for``), a repeated id taking ``-2``, ``-3`` as the store does.

The result is exactly the run-level merge of the whole input (``salvo extract``), computed in pieces.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from salvo.merge import Facts, Node, cluster_nodes, incident_id_for
from salvo.merge.cluster import BlockKey, blocking_keys, linkable_pairs

MentionRef = tuple[int, int]  # (article ordinal in the stored order, position in the article)


@dataclass(frozen=True)
class Report:
    """One report as the distributed merge ships it: its reference, clustering key and facts."""

    ref: MentionRef
    key: str  # ``source_id#position``: the tie-breaking key and id seed of single-machine merging
    facts: Facts
    article: tuple[str, str] = ("", "")  # (input id, content hash): names the article, as the store does

    def node(self) -> Node:
        return Node(self.facts, self.article if any(self.article) else self.ref[0], self.key)

    def order(self) -> tuple[str, str]:
        """The canonical order of ``salvo.store.dbmerge``: key, then content hash."""
        return self.key, self.article[1]


def _block_edges(item: tuple[BlockKey, Sequence[Report]]) -> list[tuple[MentionRef, MentionRef]]:
    """Worker side: edges for the linkable pairs that one block answers for, found on its distinct facts.

    Reports with equal facts (syndicated copies, one wire story retold) are scored once. When two facts
    are linkable, every report of the one is linkable with every report of the other from another
    article, and reports of one article are joined anyway: so a chain through each facts' reports and one
    edge between the two first reports give the components an edge per linkable pair gives. Facts
    linkable with themselves are chained likewise."""
    block, members = item
    by_facts: dict[Facts, list[MentionRef]] = defaultdict(list)
    for r in sorted(members, key=lambda r: r.ref):
        by_facts[r.facts].append(r.ref)
    facts = list(by_facts)
    chained = {f for f, refs in by_facts.items() if len(refs) > 1 and _self_linkable(f, block)}
    edges: list[tuple[MentionRef, MentionRef]] = []
    if len(facts) > 1:
        nodes = [Node(f, n, str(n)) for n, f in enumerate(facts)]  # one group each: all apart
        for i, j in linkable_pairs(nodes, block):
            edges.append((by_facts[facts[i]][0], by_facts[facts[j]][0]))
            chained.update((facts[i], facts[j]))
    for f in chained:
        refs = by_facts[f]
        edges.extend(zip(refs, refs[1:], strict=False))
    return edges


def _self_linkable(f: Facts, block: BlockKey) -> bool:
    """Two reports with these facts, in two articles, are a linkable pair of this block."""
    return bool(linkable_pairs([Node(f, 0, "a"), Node(f, 1, "b")], block))


Cluster = tuple[tuple[str, str], list[MentionRef]]  # (first report's canonical order, members)


def _cluster(item: tuple[int, Sequence[Report]]) -> list[Cluster]:
    """Worker side: cluster one component, its reports in the store's canonical order (so the grouping is
    the one database merging gives); returns each cluster's first report's order and its members."""
    _, members = item
    reports = sorted(members, key=Report.order)
    labels = cluster_nodes([r.node() for r in reports])
    groups: dict[int, list[Report]] = defaultdict(list)
    for report, label in zip(reports, labels, strict=True):
        groups[label].append(report)
    return [(rs[0].order(), [r.ref for r in rs]) for rs in groups.values()]


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[MentionRef, MentionRef] = {}

    def find(self, x: MentionRef) -> MentionRef:
        parent = self.parent
        root = parent.setdefault(x, x)
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    def union(self, a: MentionRef, b: MentionRef) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def components(refs: Iterable[MentionRef], edges: Iterable[tuple[MentionRef, MentionRef]]) -> dict[MentionRef, int]:
    """Component number of every report: joined by an edge, or by being reports of one article."""
    uf = _UnionFind()
    first_of_article: dict[int, MentionRef] = {}
    for ref in refs:
        uf.find(ref)
        first = first_of_article.setdefault(ref[0], ref)
        uf.union(first, ref)
    for a, b in edges:
        uf.union(a, b)
    numbers: dict[MentionRef, int] = {}
    out: dict[MentionRef, int] = {}
    for ref in uf.parent:
        out[ref] = numbers.setdefault(uf.find(ref), len(numbers))
    return out


def assign_ids(clusters: Iterable[Cluster]) -> dict[MentionRef, str]:
    """Incident id of every report: the id of its cluster's first key; a repeated id (two articles with
    one input id) takes ``-2``, ``-3``, in canonical order, as ``salvo.store.dbmerge`` does."""
    taken: set[str] = set()
    out: dict[MentionRef, str] = {}
    for (key, _), refs in sorted(clusters, key=lambda c: (c[0], min(c[1]))):
        base = candidate = incident_id_for(key)
        n = 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        out.update((ref, candidate) for ref in refs)
    return out


@dataclass
class MergeRun:
    """What the distributed merge did, for the run's report and the benchmarks."""

    reports: int = 0
    blocks: int = 0
    edges: int = 0
    components: int = 0
    largest: int = 0
    incidents: int = 0


def _by_block(report: Report) -> Iterator[tuple[BlockKey, Report]]:
    for block in blocking_keys(report.facts):
        yield block, report


def distributed_merge(reports: Any, run: MergeRun | None = None) -> dict[MentionRef, str]:
    """Incident id per report, for a Dask bag of ``Report`` (read on the workers, from the shards).

    The bag is persisted once; both group-bys shuffle through the cluster (``shuffle="tasks"``), and only
    the edges (pairs of references) and the clusters' member lists come back to the client.
    """
    from dask import delayed

    run = run if run is not None else MergeRun()
    reports = reports.persist()
    refs: list[MentionRef] = reports.map(lambda r: r.ref).compute()
    run.reports = len(refs)
    parts = reports.npartitions
    blocks = reports.map(_by_block).flatten().groupby(lambda kv: kv[0], shuffle="tasks", npartitions=parts)
    found = blocks.map(lambda kv: _block_edges((kv[0], [r for _, r in kv[1]]))).compute()
    run.blocks = len(found)
    edges = {e for es in found for e in es}
    run.edges = len(edges)
    comp = components(refs, edges)
    sizes: dict[int, int] = defaultdict(int)
    for c in comp.values():
        sizes[c] += 1
    run.components, run.largest = len(sizes), max(sizes.values(), default=0)
    keyed = reports.map_partitions(_keyed, delayed(comp, traverse=False))
    grouped = keyed.groupby(lambda kv: kv[0], shuffle="tasks", npartitions=parts)
    clusters = grouped.map(lambda kv: _cluster((kv[0], [r for _, r in kv[1]]))).flatten().compute()
    ids = assign_ids(clusters)
    run.incidents = len(set(ids.values()))
    return ids


def _keyed(part: Iterable[Report], table: dict[MentionRef, int]) -> list[tuple[int, Report]]:
    return [(table[r.ref], r) for r in part]
