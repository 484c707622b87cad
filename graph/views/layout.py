"""Where nodes go on the page: seeded positions that show the graph's groups, in Python.

Like ``networkx.drawing.layout``, but built for notes of thousands of papers:

1. nodes are put in groups: a paper joins its topic; a topic holds its papers; the other nodes
   (techniques, tasks, datasets, topics without papers) join the group most of their neighbours
   are in; what is left is grouped by communities (igraph's multilevel modularity);
2. the graph of groups is laid out first (igraph's Fruchterman–Reingold, C core; hierarchy edges
   count for little, so long ``broader`` edges do not pull groups together), each group gets a
   disc whose area grows with its size, and overlapping discs are pushed apart (pairs found on
   a grid: near linear);
3. each group is laid out inside its disc by the same force-directed pass on its own edges,
   scaled by the spread of most of its nodes (a far outlier is pulled in, it never squashes the
   rest).

Everything is seeded: the same graph and seed give the same positions.
:mod:`graph.views.page` draws the page from them; :mod:`graph.views.graphfiles` writes them into
GEXF for Gephi.

Examples
--------
>>> import networkx as nx
>>> pos = layout_positions(nx.path_graph(4), seed=1)
>>> sorted(pos) == [0, 1, 2, 3] and pos == layout_positions(nx.path_graph(4), seed=1)
True
"""

from __future__ import annotations

import math
import random
from collections import Counter
from typing import Any

import networkx as nx
import numpy as np

from graph.domain import TOPIC_TYPES

__all__ = ["layout_groups", "layout_positions"]

#: How much a hierarchy edge (``broader``) pulls two groups together, next to 1 for other edges.
HIERARCHY_WEIGHT = 0.2


def layout_groups(G: nx.Graph, seed: int = 0) -> dict[Any, int]:
    """The group of each node: papers by topic, the rest by their neighbours, then communities.

    Groups are numbered from 0, largest first.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("t", type="Topic"); G.add_node("p", type="Paper"); G.add_node("q", type="Paper")
    >>> G.add_edge("p", "t", key="subject"); G.add_edge("q", "p", key="uses")
    'subject'
    'uses'
    >>> layout_groups(G)
    {'t': 0, 'p': 0, 'q': 0}
    """
    nodes = list(G)
    group: dict[Any, Any] = {}
    kind = {node: G.nodes[node].get("type") for node in nodes}
    for u, v, *rest in _edges_with_keys(G):
        key = rest[0] if rest else None
        if key == "subject" and kind.get(u) == "Paper" and kind.get(v) in TOPIC_TYPES and u not in group:
            group[u] = v
            group[v] = v
    neighbours: dict[Any, list[Any]] = {node: [] for node in nodes}
    for u, v in G.edges():
        if u != v:
            neighbours[u].append(v)
            neighbours[v].append(u)
    for _ in range(3):  # chains: a technique of a technique of a paper
        joined = {}
        for node in nodes:
            if node in group:
                continue
            votes = Counter(group[m] for m in neighbours[node] if m in group)
            if votes:
                best = max(votes.values())
                joined[node] = min((g for g, c in votes.items() if c == best), key=str)
        if not joined:
            break
        group.update(joined)
    rest = [node for node in nodes if node not in group]
    if rest:
        for i, members in enumerate(_communities(rest, neighbours, seed)):
            for node in members:
                group[node] = ("community", i)
    sizes = Counter(group.values())
    order = sorted(sizes, key=lambda g: (-sizes[g], str(g)))
    number = {g: i for i, g in enumerate(order)}
    return {node: number[group[node]] for node in nodes}


def _edges_with_keys(G: nx.Graph) -> Any:
    """``(u, v, key)`` for a multigraph, ``(u, v)`` otherwise."""
    view: Any = G.edges
    return view(keys=True) if G.is_multigraph() else view()


def _communities(rest: list[Any], neighbours: dict[Any, list[Any]], seed: int) -> list[list[Any]]:
    import igraph

    where = {node: i for i, node in enumerate(rest)}
    pairs = {(min(where[u], where[v]), max(where[u], where[v])) for u in rest for v in neighbours[u] if v in where}
    g = igraph.Graph(n=len(rest), edges=sorted(pairs))
    with _seeded(seed):
        clusters = g.community_multilevel()
    return [[rest[i] for i in members] for members in clusters]


class _seeded:
    """igraph draws from Python's ``random``: seed it for the block, then put the state back."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def __enter__(self) -> None:
        self.state = random.getstate()
        random.seed(self.seed)

    def __exit__(self, *exc: object) -> None:
        random.setstate(self.state)


def layout_positions(
    G: nx.Graph, seed: int = 0, spacing: float = 60.0, groups: dict[Any, int] | None = None
) -> dict[Any, tuple[float, float]]:
    """Seeded positions, groups first and then each group in its disc; near-linear time.

    Parameters
    ----------
    G
        Any networkx graph; node ``type`` and edge key ``subject`` (paper to topic) and
        ``broader`` are used when present. Edge direction and multiplicity are ignored.
    seed
        The same graph and seed give the same positions.
    spacing
        About the distance between neighbouring nodes, in vis-network pixels.
    groups
        The group of each node (default :func:`layout_groups`).

    Returns
    -------
    dict
        ``node -> (x, y)``, rounded to 0.1.

    Examples
    --------
    >>> pos = layout_positions(nx.path_graph(4), seed=1)
    >>> sorted(pos) == [0, 1, 2, 3] and pos == layout_positions(nx.path_graph(4), seed=1)
    True
    """
    nodes = list(G)
    n = len(nodes)
    if n == 0:
        return {}
    group_of_node = groups if groups is not None else layout_groups(G, seed=seed)
    index = {node: i for i, node in enumerate(nodes)}
    group_of = np.array([group_of_node[node] for node in nodes], dtype=np.int64)
    n_groups = int(group_of.max()) + 1
    rng = np.random.default_rng(seed)

    inner: list[list[tuple[int, int]]] = [[] for _ in range(n_groups)]
    between: dict[tuple[int, int], float] = {}
    seen: set[tuple[int, int]] = set()
    for u, v, *rest in _edges_with_keys(G):
        a, b = index[u], index[v]
        if a == b:
            continue
        pair = (min(a, b), max(a, b))
        ga, gb = int(group_of[a]), int(group_of[b])
        weight = HIERARCHY_WEIGHT if rest and rest[0] == "broader" else 1.0
        if ga == gb:
            if pair not in seen:
                seen.add(pair)
                inner[ga].append(pair)
        else:
            key = (min(ga, gb), max(ga, gb))
            between[key] = between.get(key, 0.0) + weight

    members_of: list[list[int]] = [[] for _ in range(n_groups)]
    for i, g in enumerate(group_of.tolist()):
        members_of[g].append(i)
    radius = np.array([spacing * 0.7 * math.sqrt(len(m)) + spacing * 0.5 for m in members_of])
    coords = np.zeros((n, 2))
    for g, members in enumerate(members_of):
        where = {node: i for i, node in enumerate(members)}
        pairs = [(where[a], where[b]) for a, b in inner[g]]
        coords[members] = _force_layout(len(members), pairs, None, rng) * (radius[g] - spacing * 0.5)

    keys = sorted(between)
    centre = _force_layout(n_groups, keys, [between[k] for k in keys], rng)
    # Scale so that discs of linked groups about touch, then push overlapping discs apart.
    centre *= 1.0 * float(np.sqrt((radius**2).sum()))
    centre = _separate(centre, radius + spacing * 0.5)
    coords += centre[group_of]
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(nodes, coords)}


def _force_layout(n: int, pairs: list[tuple[int, int]], weights: list[float] | None, rng: np.random.Generator) -> np.ndarray:
    """Fruchterman–Reingold (igraph) from seeded random starts; most points within the unit disc."""
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]])
    import igraph

    start = rng.random((n, 2)) - 0.5
    g = igraph.Graph(n=n, edges=pairs)
    with _seeded(int(rng.integers(2**31))):  # igraph's FR jitters with Python's random
        coords = g.layout_fruchterman_reingold(
            weights=weights, seed=start.tolist(), niter=300 if n < 500 else 100, grid="auto"
        ).coords
    pos = np.array(coords, dtype=float)
    return _normalise(pos)


def _normalise(pos: np.ndarray) -> np.ndarray:
    """Centre on the median and scale so 90% of the points lie in the unit disc; pull outliers in."""
    pos = pos - np.median(pos, axis=0)
    distance = np.hypot(pos[:, 0], pos[:, 1])
    scale = float(np.quantile(distance, 0.9)) if len(pos) > 2 else float(distance.max())
    if scale <= 0:
        return pos
    pos /= scale
    distance /= scale
    far = distance > 1.1
    # beyond 1.1 the distance is compressed logarithmically: far nodes stay out, but near
    pos[far] *= ((1.1 + np.log1p(distance[far] - 1.1) * 0.2) / distance[far])[:, None]
    return pos


def _separate(centre: np.ndarray, radius: np.ndarray, iterations: int = 60) -> np.ndarray:
    """Push apart discs (centre, radius) that overlap; pairs are found on a grid (near linear)."""
    pos = centre.copy()
    n = len(pos)
    if n < 2:
        return pos
    reach = 2 * float(radius.max())
    for _ in range(iterations):
        pairs = close_pairs(pos, reach)
        if not len(pairs):
            break
        a, b = pairs[:, 0], pairs[:, 1]
        delta = pos[a] - pos[b]
        dist = np.hypot(delta[:, 0], delta[:, 1])
        overlap = radius[a] + radius[b] - dist
        hit = overlap > 0
        if not hit.any():
            break
        a, b, delta, dist, overlap = a[hit], b[hit], delta[hit], dist[hit], overlap[hit]
        tiny = dist < 1e-6
        delta[tiny] = _directions(int(tiny.sum()), n)
        dist[tiny] = 1.0
        step = delta / dist[:, None] * (overlap * 0.5)[:, None]
        # the smaller disc moves more, so a big group stays where the group graph put it
        share_a = radius[b] / (radius[a] + radius[b])
        push = np.zeros_like(pos)
        np.add.at(push, a, step * (2 * share_a)[:, None])
        np.add.at(push, b, -step * (2 * (1 - share_a))[:, None])
        count = np.bincount(np.concatenate([a, b]), minlength=n).clip(1, None)
        pos += push / np.sqrt(count)[:, None]
    return pos


# A cell and the neighbouring cells after it: each pair of cells is looked at once.
_HALF_NEIGHBOURHOOD = ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1))


def close_pairs(pos: np.ndarray, reach: float) -> np.ndarray:
    """The pairs ``(i, j)``, ``i < j``, of points at most ``reach`` apart, sorted.

    Points go into square cells of side ``reach``; only points in the same or neighbouring
    cells are compared, so the cost grows with the number of points and of close pairs (what
    a k-d tree does here, without loading scipy).

    >>> close_pairs(np.array([[0.0, 0.0], [0.5, 0.0], [3.0, 0.0], [0.0, 0.9]]), 1.0).tolist()
    [[0, 1], [0, 3]]
    """
    n = len(pos)
    if n < 2 or reach <= 0:
        return np.zeros((0, 2), dtype=np.int64)
    cell = np.floor((pos - pos.min(axis=0)) / reach).astype(np.int64)
    width = int(cell[:, 1].max()) + 3  # room for the -1 and +1 neighbours of a row
    key = cell[:, 0] * width + cell[:, 1] + 1
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    found = []
    for dx, dy in _HALF_NEIGHBOURHOOD:
        target = sorted_key + dx * width + dy
        lo = np.searchsorted(sorted_key, target, side="left")
        hi = np.searchsorted(sorted_key, target, side="right")
        if dx == 0 and dy == 0:
            lo = np.maximum(lo, np.arange(n) + 1)  # later points of the same cell only
        counts = np.clip(hi - lo, 0, None)
        total = int(counts.sum())
        if not total:
            continue
        first = np.repeat(np.arange(n), counts)
        starts = np.repeat(lo - np.cumsum(counts) + counts, counts)
        second = starts + np.arange(total)
        found.append((order[first], order[second]))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    i = np.concatenate([f[0] for f in found])
    j = np.concatenate([f[1] for f in found])
    i, j = np.minimum(i, j), np.maximum(i, j)
    delta = pos[i] - pos[j]
    near = np.hypot(delta[:, 0], delta[:, 1]) <= reach
    i, j = i[near], j[near]
    rank = np.lexsort((j, i))
    return np.stack([i[rank], j[rank]], axis=1)


def _directions(count: int, salt: int) -> np.ndarray:
    """Unit vectors for discs that sit exactly on each other (seeded, so layouts stay repeatable)."""
    angle = np.random.default_rng(salt).random(count) * 2 * math.pi
    return np.stack([np.cos(angle), np.sin(angle)], axis=1)
