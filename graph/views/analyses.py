"""Analyses of the networkx view: paths, similar papers, central nodes, communities.

Each works on the projection made by :func:`graph.views.network.to_networkx` and is
deterministic (sorted results, seeded randomness); :mod:`graph.views.reports` turns the results
into text for the command line.

* :func:`shortest_path_explained` — the shortest connection between two nodes, hop by hop;
* :func:`similar_papers` — papers that share techniques and topics (IDF-weighted Jaccard);
* :func:`central_nodes` — degree, betweenness and the number of topics a node bridges;
* :func:`find_communities` — Louvain communities named by their most central members.

Usage::

    from graph import build
    from graph.views.analyses import similar_papers
    kg = build(["notes/iccv2019.md"])
    for s in similar_papers(kg.nx, "https://w3id.org/notekg/id/paper/arxiv/1907.05740", k=3):
        print(f"{s.score:.2f} {s.label}")
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, cast

import networkx as nx

from graph.domain import CONCEPT_TYPES, NETWORK_TYPES, TOPIC_TYPES
from graph.errors import UnknownName
from graph.views.network import STRUCTURAL_KEYS

__all__ = [
    "Hop",
    "shortest_path_explained",
    "Similarity",
    "similar_papers",
    "Centrality",
    "BETWEENNESS_EXACT_LIMIT",
    "CENTRALITY_MEASURES",
    "central_nodes",
    "Community",
    "find_communities",
]


# ---------------------------------------------------------------------------------------------
# Paths


@dataclass(frozen=True)
class Hop:
    """One step of a path: an edge walked forwards (``source -relation-> target``) or backwards."""

    source: str
    target: str
    relation: str
    key: str
    forward: bool
    evidence: str | None = None
    rule: str | None = None
    line: int | None = None


def shortest_path_explained(G: nx.MultiDiGraph, a: str, b: str) -> list[Hop] | None:
    """The shortest connection between two nodes, ignoring edge direction, hop by hop.

    Among the paths with the fewest hops, one along typed relations wins over one along
    structural edges ("in topic", "broader"); between two nodes joined by several edges the hop
    shows the most telling one: a typed relation with evidence first.

    Parameters
    ----------
    G
        A graph from :func:`to_networkx`.
    a, b
        Node ids (IRI strings).

    Returns
    -------
    list of Hop or None
        The hops from ``a`` to ``b`` (empty when ``a == b``), or None when they are not connected.

    Raises
    ------
    UnknownName
        If ``a`` or ``b`` is not a node of ``G``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("p", "conv", key="uses", relation="uses", evidence="uses conv", line=3)
    'uses'
    >>> G.add_edge("q", "conv", key="replaces", relation="replaces")
    'replaces'
    >>> [(h.source, h.relation, h.target, h.forward) for h in shortest_path_explained(G, "p", "q")]
    [('p', 'uses', 'conv', True), ('conv', 'replaces', 'q', False)]
    """
    for node in (a, b):
        if node not in G:
            raise UnknownName(f"no node {node!r} in the graph")
    try:
        nodes = nx.shortest_path(G.to_undirected(as_view=True), a, b, weight=_hop_weight)
    except nx.NetworkXNoPath:
        return None
    return [_best_hop(G, u, v) for u, v in zip(nodes, nodes[1:])]


def _hop_weight(u: str, v: str, edges: dict[str, dict[str, Any]]) -> float:
    """One per hop; a hop along a typed relation costs a little less than "in topic" or "broader",
    so that among paths with the fewest hops the one with typed relations wins."""
    return 1.0 if any(key not in STRUCTURAL_KEYS for key in edges) else 1.001


def _best_hop(G: nx.MultiDiGraph, u: str, v: str) -> Hop:
    candidates = []
    for x, y, forward in ((u, v, True), (v, u, False)):
        for key, data in (G.get_edge_data(x, y) or {}).items():
            structural = key in STRUCTURAL_KEYS
            rank = (structural, "evidence" not in data, not forward, key)
            candidates.append((rank, key, data, forward))
    _, key, data, forward = min(candidates, key=lambda c: c[0])
    return Hop(
        source=u,
        target=v,
        relation=str(data.get("relation", key)),
        key=cast(str, key),  # notekg keys edges by relation name
        forward=forward,
        evidence=data.get("evidence"),
        rule=data.get("rule"),
        line=data.get("line"),
    )


# ---------------------------------------------------------------------------------------------
# Similar papers


@dataclass(frozen=True)
class Similarity:
    """A paper similar to another: its score and the shared items (id, label, type, weight)."""

    node: str
    label: str
    score: float
    shared: tuple[tuple[str, str, str, float], ...]


def _paper_features(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Each paper's techniques, tasks, datasets and topics, with their broader ancestors."""
    broader: dict[str, list[str]] = defaultdict(list)
    for u, v, key in G.edges(keys=True):
        if key == "broader":
            broader[u].append(v)
    features: dict[str, set[str]] = {}
    for paper in [n for n, kind in G.nodes(data="type") if kind == "Paper"]:
        direct = set()
        for _, other, key in G.out_edges(paper, keys=True):
            if key != "sameAs" and G.nodes[other].get("type") in TOPIC_TYPES | CONCEPT_TYPES:
                direct.add(other)
        for other, _, key in G.in_edges(paper, keys=True):
            if key != "sameAs" and G.nodes[other].get("type") in CONCEPT_TYPES:
                direct.add(other)
        found = set(direct)
        stack = list(direct)
        while stack:
            for parent in broader.get(stack.pop(), ()):
                if parent not in found:
                    found.add(parent)
                    stack.append(parent)
        features[paper] = found
    return features


def similar_papers(G: nx.MultiDiGraph, paper: str, k: int = 10) -> list[Similarity]:
    """Papers sharing techniques and topics with ``paper``, by IDF-weighted Jaccard overlap.

    A paper's items are the techniques, tasks and datasets it is related to and the topics it is
    in, each with its broader ancestors. An item shared by few papers weighs more:
    ``w = log((1 + P) / df)`` for P papers of which df have the item, and
    ``score = sum(w, shared) / sum(w, union)``.

    Parameters
    ----------
    G
        A graph from :func:`to_networkx`.
    paper
        The paper's node id.
    k
        How many papers to return at most.

    Returns
    -------
    list of Similarity
        Best first (ties by label); papers that share nothing are left out.

    Raises
    ------
    UnknownName
        If ``paper`` is not a node of ``G`` or not a paper.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n, t in [("a", "Paper"), ("b", "Paper"), ("c", "Paper"), ("conv", "Technique"), ("gan", "Topic")]:
    ...     G.add_node(n, type=t, label=n.upper())
    >>> for p, c in [("a", "conv"), ("b", "conv"), ("c", "gan"), ("a", "gan")]:
    ...     _ = G.add_edge(p, c, key="uses")
    >>> for s in similar_papers(G, "a"):
    ...     print(f"{s.label} {s.score:.2f}", [label for _, label, _, _ in s.shared])
    B 0.50 ['CONV']
    C 0.50 ['GAN']
    """
    if paper not in G:
        raise UnknownName(f"no node {paper!r} in the graph")
    if G.nodes[paper].get("type") != "Paper":
        label = G.nodes[paper].get("label", paper)
        raise UnknownName(f"{label!r} is a {G.nodes[paper].get('type', 'node')}, not a paper")
    features = _paper_features(G)
    df: dict[str, int] = defaultdict(int)
    for items in features.values():
        for item in items:
            df[item] += 1
    total = len(features)
    weight = {item: math.log((1 + total) / count) for item, count in df.items()}
    mine = features[paper]
    results = []
    for other, items in features.items():
        if other == paper:
            continue
        shared = mine & items
        if not shared:
            continue
        union = sum(weight[i] for i in mine | items)
        score = sum(weight[i] for i in shared) / union if union else 0.0
        explained = tuple(
            sorted(
                (
                    (i, str(G.nodes[i].get("label", i)), str(G.nodes[i].get("type", "")), round(weight[i], 6))
                    for i in shared
                ),
                key=lambda item: (-item[3], item[1], item[0]),
            )
        )
        results.append(Similarity(other, str(G.nodes[other].get("label", other)), round(score, 6), explained))
    results.sort(key=lambda s: (-s.score, s.label, s.node))
    return results[:k]


# ---------------------------------------------------------------------------------------------
# Central nodes


@dataclass(frozen=True)
class Centrality:
    """How central a node is: degree, betweenness, and how many topics it bridges."""

    node: str
    label: str
    type: str
    degree: int
    betweenness: float
    topics: int


#: Above this many nodes betweenness is estimated from a seeded sample of sources.
BETWEENNESS_EXACT_LIMIT = 2000


#: What :func:`central_nodes` can rank by.
CENTRALITY_MEASURES: tuple[str, ...] = ("betweenness", "degree", "topics")


def central_nodes(
    G: nx.MultiDiGraph, type: str | None = None, k: int = 10, seed: int = 0, by: str = "betweenness"
) -> list[Centrality]:
    """What ties the notes together: nodes by betweenness (or degree, or topics bridged).

    Both are computed on the undirected simple graph of all nodes (parallel edges count once);
    ``topics`` counts the distinct topics a node touches directly or through its papers, so
    "techniques that bridge the most topics" come first with ``type="Technique"``. Above
    :data:`BETWEENNESS_EXACT_LIMIT` nodes betweenness is estimated from 500 seeded sources.

    Parameters
    ----------
    G
        A graph from :func:`to_networkx`.
    type
        Keep only nodes of this type (case-insensitive, one of :data:`NETWORK_TYPES`).
    k
        How many nodes to return at most.
    seed
        Seed of the betweenness sample on large graphs.
    by
        The measure to rank by (one of :data:`CENTRALITY_MEASURES`); ties are broken by the
        others in the order betweenness, degree, topics, then by label.

    Returns
    -------
    list of Centrality
        Most central first.

    Raises
    ------
    ValueError
        If ``type`` is not a node type or ``by`` not a measure.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n, t in [("a", "Paper"), ("b", "Paper"), ("conv", "Technique"), ("t1", "Topic"), ("t2", "Topic")]:
    ...     G.add_node(n, type=t, label=n)
    >>> for u, v in [("a", "conv"), ("b", "conv"), ("a", "t1"), ("b", "t2")]:
    ...     _ = G.add_edge(u, v)
    >>> [(c.label, c.degree, c.topics) for c in central_nodes(G, type="technique")]
    [('conv', 2, 2)]
    """
    if by not in CENTRALITY_MEASURES:
        raise ValueError(f"unknown measure {by!r}; choose from {', '.join(CENTRALITY_MEASURES)}")
    wanted = None
    if type is not None:
        by_fold = {t.casefold(): t for t in NETWORK_TYPES}
        if type.casefold() not in by_fold:
            raise ValueError(f"unknown node type {type!r}; choose from {', '.join(NETWORK_TYPES)}")
        wanted = by_fold[type.casefold()]
    H: nx.Graph[str] = nx.Graph(G)
    if H.number_of_nodes() > BETWEENNESS_EXACT_LIMIT:
        betweenness = nx.betweenness_centrality(H, k=500, seed=seed)
    else:
        betweenness = nx.betweenness_centrality(H)
    kinds = dict(G.nodes(data="type"))
    results = []
    for node in H:
        if wanted is not None and kinds.get(node) != wanted:
            continue
        topics = set()
        for other in H[node]:
            kind = kinds.get(other)
            if kind in TOPIC_TYPES:
                topics.add(other)
            elif kind == "Paper" and kinds.get(node) != "Paper":
                topics.update(t for t in H[other] if kinds.get(t) in TOPIC_TYPES)
        results.append(
            Centrality(
                node=node,
                label=str(G.nodes[node].get("label", node)),
                type=str(kinds.get(node, "")),
                degree=H.degree(node),
                betweenness=round(betweenness.get(node, 0.0), 6),
                topics=len(topics),
            )
        )
    first = {"betweenness": lambda c: -c.betweenness, "degree": lambda c: -c.degree, "topics": lambda c: -c.topics}[by]
    results.sort(key=lambda c: (first(c), -c.betweenness, -c.degree, -c.topics, c.label, c.node))
    return results[:k]


# ---------------------------------------------------------------------------------------------
# Communities


@dataclass(frozen=True)
class Community:
    """A group of densely connected nodes, named by its most central members."""

    name: str
    members: tuple[str, ...]  # most central first

    def __len__(self) -> int:
        return len(self.members)


def find_communities(G: nx.MultiDiGraph, seed: int = 0, name_size: int = 3) -> list[Community]:
    """Groups of papers, techniques and topics: networkx's Louvain method, seeded.

    Louvain runs on the undirected simple graph. Members are ordered by their degree inside the
    community (ties by label); a community is named by its first ``name_size`` members' short
    labels. Communities come largest first.

    Parameters
    ----------
    G
        A graph from :func:`to_networkx`.
    seed
        Louvain's random seed: the same seed gives the same communities.
    name_size
        How many members name a community.

    Returns
    -------
    list of Community

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for u, v in [("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")]:
    ...     _ = G.add_edge(u, v)
    >>> [sorted(c.members) for c in find_communities(G)]
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    H: nx.Graph[str] = nx.Graph(G)
    if H.number_of_nodes() == 0:
        return []
    groups = nx.community.louvain_communities(H, seed=seed)
    result = []
    for group in groups:
        sub = H.subgraph(group)
        members = sorted(group, key=lambda n: (-sub.degree(n), str(G.nodes[n].get("label", n)), n))
        name = " / ".join(str(G.nodes[n].get("short") or G.nodes[n].get("label") or n) for n in members[:name_size])
        result.append(Community(name=name, members=tuple(members)))
    result.sort(key=lambda c: (-len(c.members), c.name, c.members[0]))
    return result
