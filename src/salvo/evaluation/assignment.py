"""Pairing gold and predicted incidents of one article: a maximum-weight bipartite matching.

SCHEMA asks for the pairing with the most pairs and, among those, the most agreeing fields. A
weight of ``BASE + agreeing fields`` per compatible pair encodes that (any pair outweighs every
field count). We solve it with the Hungarian method in its shortest-augmenting-path form with
row/column potentials (Kuhn-Munkres, as in Jonker-Volgenant), scanning rows and columns in index
order so that equally good pairings resolve the same way as the reference scorer.
"""

from __future__ import annotations

import math

BASE = 100
_BIG = 10**6


def max_weight_pairs(weights: dict[tuple[int, int], int], n_gold: int, n_pred: int) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs of a best matching over the allowed ``weights``."""
    if not n_gold or not n_pred:
        return []
    size = max(n_gold, n_pred)
    cost = [[_BIG - weights.get((row, col), 0) for col in range(size)] for row in range(size)]
    column_of_row = _min_cost_assignment(cost)
    return [(row, col) for row, col in enumerate(column_of_row) if (row, col) in weights]


def _min_cost_assignment(cost: list[list[int]]) -> list[int]:
    """Column for each row of a square cost matrix, minimising the total cost.

    Rows are added one at a time; each addition grows a shortest-path tree over columns (reduced
    costs under the potentials) until it reaches a free column, then flips the path.
    Index 0 of the column arrays is a virtual column holding the row being added.
    """
    size = len(cost)
    row_pot: list[float] = [0] * (size + 1)
    col_pot: list[float] = [0] * (size + 1)
    owner = [0] * (size + 1)  # owner[c]: 1-based row assigned to column c (0: free)
    via = [0] * (size + 1)  # previous column on the shortest path to column c
    for row in range(1, size + 1):
        owner[0] = row
        current = 0
        reach: list[float] = [math.inf] * (size + 1)
        done = [False] * (size + 1)
        while True:
            done[current] = True
            active = owner[current]
            step: float = math.inf
            nearest = 0
            for col in range(1, size + 1):
                if done[col]:
                    continue
                reduced = cost[active - 1][col - 1] - row_pot[active] - col_pot[col]
                if reduced < reach[col]:
                    reach[col] = reduced
                    via[col] = current
                if reach[col] < step:
                    step = reach[col]
                    nearest = col
            for col in range(size + 1):
                if done[col]:
                    row_pot[owner[col]] += step
                    col_pot[col] -= step
                else:
                    reach[col] -= step
            current = nearest
            if owner[current] == 0:
                break
        while current:
            previous = via[current]
            owner[current] = owner[previous]
            current = previous
    result = [0] * size
    for col in range(1, size + 1):
        if owner[col]:
            result[owner[col] - 1] = col - 1
    return result
