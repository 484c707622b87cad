"""Measures of a drawn graph: is it spread out, and do papers of one topic sit together?

The browser tests read node positions from the page and ``bench/bench_page.py`` records these
figures for graphs of thousands of papers.

Examples
--------
>>> points = {i: (float(i % 10), float(i // 10)) for i in range(100)}
>>> spread(points)
1.0
>>> round(grouping(points, {i: ["left" if i % 10 < 5 else "right"] for i in points}), 2) < 1
True
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["grouping", "spread"]


def spread(points: Mapping[Any, tuple[float, float]]) -> float:
    """The share of the drawing's bounding box taken by the box that holds the middle 90% of nodes.

    0 when a few outliers squash everything else into a dot; about 0.8 for an even grid.

    Examples
    --------
    >>> round(spread({1: (0.0, 0.0), 2: (1.0, 1.0)}), 2)
    0.81
    """
    xs = sorted(x for x, _ in points.values())
    ys = sorted(y for _, y in points.values())
    if len(xs) < 2:
        return 0.0
    whole = (xs[-1] - xs[0]) * (ys[-1] - ys[0])
    if whole <= 0:
        return 0.0
    middle = (_quantile(xs, 0.95) - _quantile(xs, 0.05)) * (_quantile(ys, 0.95) - _quantile(ys, 0.05))
    return middle / whole


def _quantile(values: list[float], q: float) -> float:
    position = q * (len(values) - 1)
    low = math.floor(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def grouping(points: Mapping[Any, tuple[float, float]], groups: Mapping[Any, Iterable[str]], samples: int = 20000, seed: int = 0) -> float:
    """Mean distance between two nodes of one group over the mean distance between any two nodes.

    ``groups`` maps a node to its groups (a paper to its topics); nodes without one are left out.
    Below 1 the groups sit together; pairs are sampled (seeded) on large drawings.

    Examples
    --------
    >>> round(grouping({1: (0.0, 0.0), 2: (0.0, 1.0), 3: (9.0, 0.0), 4: (9.0, 1.0)}, {1: "a", 2: "a", 3: "b", 4: "b"}), 3)
    0.157
    """
    members: dict[str, list[Any]] = {}
    for node, names in groups.items():
        if node in points:
            for name in [names] if isinstance(names, str) else names:
                members.setdefault(name, []).append(node)
    nodes = sorted({node for group in members.values() for node in group}, key=str)
    same = [(a, b) for group in members.values() for i, a in enumerate(group) for b in group[i + 1:]]
    if len(nodes) < 2 or not same:
        return float("nan")
    rng = random.Random(seed)
    if len(same) > samples:
        same = rng.sample(same, samples)
    if len(nodes) * (len(nodes) - 1) // 2 <= samples:
        every = [(a, b) for i, a in enumerate(nodes) for b in nodes[i + 1:]]
    else:
        every = [tuple(rng.sample(nodes, 2)) for _ in range(samples)]

    def mean(pairs: list[Any]) -> float:
        return sum(math.dist(points[a], points[b]) for a, b in pairs) / len(pairs)

    whole = mean(every)
    return mean(same) / whole if whole > 0 else float("nan")
