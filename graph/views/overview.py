"""What the page shows at "Fit" scale: labels one can read, and for large graphs an overview.

* :func:`fit_label_sizes`: topics and the most connected nodes get a label size (canvas units)
  that reads as :data:`_FIT_LABEL_PX` pixels when the whole drawing fits a laptop window; page.js
  keeps them that size on screen as one zooms;
* :func:`overview_clusters`: above :data:`OVERVIEW_NODES` nodes the page opens on one disc per
  layout group (a topic and its papers, mostly), sized and labelled by its papers, linked to the
  groups it shares most edges with; page.js opens a disc on a click.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("t", type="Topic", label="GANs"); G.add_node("p", type="Paper", label="SinGAN")
>>> _ = G.add_edge("p", "t", key="subject")
>>> data = overview_clusters(G, {"t": 0, "p": 1}, {"t": 0, "p": 0}, {"t": (0.0, 0.0), "p": (40.0, 0.0)})
>>> data["nodes"][0]["label"], data["nodes"][0]["id"], data["edges"]
('GANs (1)', 2, [])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Union

from graph.domain import TOPIC_TYPES

if TYPE_CHECKING:
    import networkx as nx

    from graph.views.plain_network import PlainNetwork

    Network = Union[nx.MultiDiGraph, PlainNetwork]  # a build's page reads a PlainNetwork

__all__ = ["LABELLED_HUBS", "OVERVIEW_NODES", "fit_label_size", "fit_label_sizes", "overview_clusters"]

#: Above this many nodes the page opens as an overview: one node per group of the layout (a topic
#: and its papers, mostly), sized by its papers; clicking one opens it, search opens the one holding
#: the paper found.
OVERVIEW_NODES = 3000

#: How many links to other clusters each overview cluster keeps (its strongest).
_CLUSTER_LINKS = 3

#: How many of the most connected nodes (besides topics) get a label readable at "Fit" scale.
LABELLED_HUBS = 12

#: The graph area "Fit" is planned for, in screen pixels (a laptop window less the sidebar).
_FIT_VIEW = (1000.0, 800.0)
#: Screen size in pixels of the labels readable at "Fit"; labels smaller on screen are not drawn.
_FIT_LABEL_PX = 13.0

def overview_clusters(
    G: Network, index: dict[Any, int], groups: dict[Any, int], positions: dict[Any, tuple[float, float]]
) -> dict[str, Any]:
    """The overview: one node per layout group (named after its busiest topic), edges between them.

    Each cluster is ``{"id", "label", "papers", "nodes", "x", "y", "size"}``; its id follows the
    node ids, and it sits where its members are drawn.
    """
    # one pass over the nodes: each group's members, papers and topics
    members: dict[int, list[Any]] = {}
    papers_in: dict[int, int] = {}
    topics_in: dict[int, list[Any]] = {}
    for node, kind in G.nodes(data="type"):
        g = groups[node]
        have = members.get(g)
        if have is None:
            members[g] = [node]
        else:
            have.append(node)
        if kind == "Paper":
            papers_in[g] = papers_in.get(g, 0) + 1
        elif kind in TOPIC_TYPES:
            topics_in.setdefault(g, []).append(node)
    degree = G.degree
    clusters: list[dict[str, Any]] = []
    first_id = len(index)
    for g in sorted(members):
        inside = members[g]
        papers, count = papers_in.get(g, 0), len(inside)
        named = max(topics_in.get(g) or inside, key=lambda n: (degree(n), str(n)))
        label = str(G.nodes[named].get("label", named))
        xs = [positions[n][0] for n in inside]
        ys = [positions[n][1] for n in inside]
        extent = max(max(xs) - min(xs), max(ys) - min(ys))
        clusters.append({
            "id": first_id + g,
            "label": f"{label} ({papers})" if papers else label,
            "name": label,
            "papers": papers,
            "nodes": count,
            "x": round(sum(xs) / len(xs), 1),
            "y": round(sum(ys) / len(ys), 1),
            # a disc about as large as its members' drawing: the overview shows the same picture
            "size": round(max(12.0, extent * 0.45), 1),
        })
    links: dict[tuple[int, int], int] = {}
    for u, v in G.edges():
        a, b = groups[u], groups[v]
        if a != b:
            key = (a, b) if a < b else (b, a)
            links[key] = links.get(key, 0) + 1
    # each cluster keeps its strongest few links: the overview shows where groups meet, not a web
    strongest: dict[int, list[tuple[int, tuple[int, int]]]] = {}
    for key, count in links.items():
        for end in key:
            strongest.setdefault(end, []).append((-count, key))
    kept = {key for ranked in strongest.values() for _, key in sorted(ranked)[:_CLUSTER_LINKS]}
    edges = [[first_id + a, first_id + b, links[(a, b)]] for a, b in sorted(kept)]
    by_papers = sorted(clusters, key=lambda c: (-c["papers"], c["id"]))[: 3 * LABELLED_HUBS]
    size = fit_label_size(positions)
    for cluster in by_papers:
        if size > 14:
            cluster["labelSize"] = size
    return {"nodes": clusters, "edges": edges}


def fit_label_size(positions: dict[Any, tuple[float, float]]) -> float:
    """The label size (canvas units) that reads as :data:`_FIT_LABEL_PX` pixels at "Fit" scale."""
    if len(positions) < 2:
        return _FIT_LABEL_PX
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    width, height = max(xs) - min(xs) + 100, max(ys) - min(ys) + 100
    fit_scale = min(1.0, _FIT_VIEW[0] / width, _FIT_VIEW[1] / height)
    return round(_FIT_LABEL_PX / fit_scale, 1)


def fit_label_sizes(G: Network, positions: dict[Any, tuple[float, float]]) -> dict[Any, float]:
    """Label size (canvas units) of topics and the most connected nodes, readable at "Fit" scale."""
    size = fit_label_size(positions)
    if size <= 14:  # a small graph: every label is readable anyway
        return {}
    topics = [n for n, kind in G.nodes(data="type") if kind in TOPIC_TYPES]
    # on large graphs only the topics with most papers, or the labels would cover the picture
    topics = sorted(topics, key=lambda n: (-G.degree(n), str(n)))[: 3 * LABELLED_HUBS]
    hubs = sorted((n for n in G if n not in set(topics)), key=lambda n: (-G.degree(n), str(n)))[:LABELLED_HUBS]
    return {n: size for n in topics + hubs}
