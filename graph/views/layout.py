"""Where nodes go on the page: seeded positions for graphs of thousands of nodes, in Python.

Like ``networkx.drawing.layout``, but fast on large graphs: nodes are grouped by label
propagation, each group is laid out on its own by a dense Fruchterman–Reingold pass (numpy),
the groups are placed by the same pass on the graph of groups, and overlapping groups are pushed
apart. :mod:`graph.views.page` starts vis-network from these positions.

Examples
--------
>>> import networkx as nx
>>> pos = layout_positions(nx.path_graph(4), seed=1)
>>> sorted(pos) == [0, 1, 2, 3] and pos == layout_positions(nx.path_graph(4), seed=1)
True
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import numpy as np

__all__ = ["layout_positions"]


def layout_positions(G: nx.Graph, seed: int = 0, spacing: float = 60.0) -> dict[Any, tuple[float, float]]:
    """Seeded positions for a graph, in about two seconds for 5,000 nodes.

    Nodes are grouped by label propagation; each group is laid out by a force-directed
    (Fruchterman–Reingold) pass of its own, the groups are placed by the same pass on the graph
    of groups, and overlapping groups are pushed apart. Coordinates are rounded to 0.1.

    Parameters
    ----------
    G
        Any networkx graph (edge direction and multiplicity are ignored).
    seed
        The same graph and seed give the same positions.
    spacing
        About the distance between neighbouring nodes, in vis-network pixels.

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
    H: nx.Graph[int] = nx.Graph()
    H.add_nodes_from(range(n))
    position = {node: i for i, node in enumerate(nodes)}
    H.add_edges_from((position[u], position[v]) for u, v in G.edges() if u != v)
    rng = np.random.default_rng(seed)
    groups = sorted((sorted(c) for c in nx.community.label_propagation_communities(H)), key=lambda c: (-len(c), c[0]))
    group_of = np.empty(n, dtype=np.int64)
    for g, members in enumerate(groups):
        group_of[members] = g
    edges = np.array(sorted(H.edges()), dtype=np.int64).reshape(-1, 2)

    local = np.zeros((n, 2))
    radius = np.zeros(len(groups))
    same = group_of[edges[:, 0]] == group_of[edges[:, 1]] if len(edges) else np.zeros(0, dtype=bool)
    inner = edges[same]
    by_group: dict[int, list[tuple[int, int]]] = {}
    for u, v in inner.tolist():
        by_group.setdefault(int(group_of[u]), []).append((u, v))
    for g, members in enumerate(groups):
        m = len(members)
        where = {node: i for i, node in enumerate(members)}
        pairs = np.array([(where[u], where[v]) for u, v in by_group.get(g, ())], dtype=np.int64).reshape(-1, 2)
        pos = _spread(m, pairs, rng) if m <= 1500 else _spectral(H.subgraph(members), members)
        radius[g] = spacing * 0.75 * math.sqrt(m)
        local[members] = pos * radius[g]

    weights: dict[tuple[int, int], int] = {}
    for u, v in edges[~same].tolist() if len(edges) else []:
        a, b = sorted((int(group_of[u]), int(group_of[v])))
        weights[(a, b)] = weights.get((a, b), 0) + 1
    keys = sorted(weights)
    pairs = np.array(keys, dtype=np.int64).reshape(-1, 2)
    centre = _spread(len(groups), pairs, rng, weights=np.array([weights[k] for k in keys], dtype=float))
    centre *= spacing * math.sqrt(n) * 0.9
    centre = _separate(centre, radius + spacing)
    coords = local + centre[group_of]
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(nodes, coords)}


def _spread(n: int, pairs: np.ndarray, rng: np.random.Generator, weights: np.ndarray | None = None, iterations: int = 60) -> np.ndarray:
    """Dense Fruchterman–Reingold on ``n`` points; result centred within the unit disc."""
    if n == 1:
        return np.zeros((1, 2))
    pos = rng.random((n, 2)) - 0.5
    A = np.zeros((n, n))
    if len(pairs):
        w = weights if weights is not None else np.ones(len(pairs))
        A[pairs[:, 0], pairs[:, 1]] = w
        A[pairs[:, 1], pairs[:, 0]] = w
    k = math.sqrt(1.0 / n)
    t = 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.hypot(delta[..., 0], delta[..., 1])
        np.clip(dist, 0.01, None, out=dist)
        force = k * k / dist**2 - A * dist / k
        disp = np.einsum("ijk,ij->ik", delta, force)
        length = np.hypot(disp[:, 0], disp[:, 1])
        length[length < 0.01] = 0.1
        pos += disp * (t / length)[:, None]
        t -= dt
    pos -= pos.mean(axis=0)
    extent = np.hypot(pos[:, 0], pos[:, 1]).max()
    return pos / extent if extent > 0 else pos


def _spectral(H: nx.Graph, members: list[int]) -> np.ndarray:
    pos = nx.spectral_layout(H.subgraph(members))
    coords = np.array([pos[m] for m in members], dtype=float)
    coords -= coords.mean(axis=0)
    extent = np.hypot(coords[:, 0], coords[:, 1]).max()
    return coords / extent if extent > 0 else coords


def _separate(centre: np.ndarray, radius: np.ndarray, iterations: int = 80) -> np.ndarray:
    """Push apart circles (centre, radius) that overlap."""
    pos = centre.copy()
    n = len(pos)
    if n < 2:
        return pos
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.hypot(delta[..., 0], delta[..., 1])
        np.fill_diagonal(dist, np.inf)
        overlap = radius[:, None] + radius[None, :] - dist
        overlap[overlap < 0] = 0
        if not overlap.any():
            break
        dist[dist < 1e-6] = 1e-6
        push = np.einsum("ijk,ij->ik", delta, overlap / dist) * 0.5
        pos += push / np.maximum(1, (overlap > 0).sum(axis=1))[:, None]
    return pos
