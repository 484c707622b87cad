"""The analyses of :mod:`graph.views.analyses` as text for the command line: ``notekg path``,
``similar``, ``central`` and ``communities`` print what these functions return."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from graph.domain import NETWORK_TYPES, NODE_TYPE
from graph.views.analyses import Centrality, Community, Hop, Similarity

__all__ = ["format_path", "format_similar", "format_central", "format_communities"]


def _describe(G: nx.MultiDiGraph, node: str) -> str:
    data = G.nodes[node]
    return f"{data.get('label', node)}  [{data.get('type', 'node')}]"


def format_path(G: nx.MultiDiGraph, source: str, hops: list[Hop]) -> str:
    """The hops of :func:`shortest_path_explained` as lines of text, evidence under each edge.

    >>> from graph.views.analyses import shortest_path_explained
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("p", label="Gated-SCNN", type="Paper")
    >>> G.add_node("b", label="Boundaries", type="Technique")
    >>> _ = G.add_edge("p", "b", key="uses", relation="uses", evidence="Make use of boundaries", line=80)
    >>> print(format_path(G, "p", shortest_path_explained(G, "p", "b")))
    Gated-SCNN  [Paper]
      --uses--> Boundaries  [Technique]
          "Make use of boundaries" (line 80)
    1 hop
    """
    lines = [_describe(G, source)]
    for hop in hops:
        arrow = f"--{hop.relation}-->" if hop.forward else f"<--{hop.relation}--"
        lines.append(f"  {arrow} {_describe(G, hop.target)}")
        if hop.evidence:
            where = [f"line {hop.line}"] if hop.line is not None else []
            if hop.rule:
                where.append(f"rule: {hop.rule}")
            suffix = f" ({', '.join(where)})" if where else ""
            lines.append(f'      "{hop.evidence}"{suffix}')
    lines.append(f"{len(hops)} hop{'' if len(hops) == 1 else 's'}")
    return "\n".join(lines)


def format_similar(G: nx.MultiDiGraph, paper: str, results: list[Similarity], items: int = 5) -> str:
    """The result of :func:`similar_papers` as text: score, title, then the rarest shared items.

    >>> print(format_similar(nx.MultiDiGraph([("a", "b")]), "a", [
    ...     Similarity("b", "Paper B", 0.5, (("c", "Convolution", "Technique", 1.2),))]))
    Papers like a:
      0.50  Paper B
            shared: Convolution (Technique)
    """
    label = G.nodes[paper].get("label", paper)
    if not results:
        return f"No paper shares a technique or topic with {label}."
    lines = [f"Papers like {label}:"]
    for s in results:
        lines.append(f"  {s.score:.2f}  {s.label}")
        shared = ", ".join(f"{item_label} ({kind})" for _, item_label, kind, _ in s.shared[:items])
        more = f" (+{len(s.shared) - items} more)" if len(s.shared) > items else ""
        lines.append(f"        shared: {shared}{more}")
    return "\n".join(lines)


def format_central(results: list[Centrality]) -> str:
    """The result of :func:`central_nodes` as a table.

    >>> print(format_central([Centrality("urn:c", "Convolution", "Technique", 12, 0.25, 5)]))
     #  betweenness  degree  topics  type       name
     1        0.250      12       5  Technique  Convolution
    """
    if not results:
        return "No nodes."
    width = max(len("type"), *(len(c.type) for c in results))
    lines = [f"{'#':>2}  betweenness  degree  topics  {'type':<{width}}  name"]
    for i, c in enumerate(results, 1):
        lines.append(f"{i:>2}  {c.betweenness:>11.3f}  {c.degree:>6}  {c.topics:>6}  {c.type:<{width}}  {c.label}")
    return "\n".join(lines)


def format_communities(G: nx.MultiDiGraph, communities: list[Community], members: int = 8) -> str:
    """The result of :func:`find_communities` as text; lone nodes are counted, not listed."""
    groups = [c for c in communities if len(c) > 1]
    alone = sum(1 for c in communities if len(c) == 1)
    lines = []
    for i, c in enumerate(groups, 1):
        counts: dict[str, int] = defaultdict(int)
        for node in c.members:
            counts[str(G.nodes[node].get("type", "node"))] += 1
        order = [t for t in NETWORK_TYPES if t in counts] + sorted(set(counts) - set(NETWORK_TYPES))
        summary = ", ".join(f"{counts[t]} {_plural(t, counts[t])}" for t in order)
        lines.append(f"{i}. {c.name}  ({len(c)} nodes: {summary})")
        shown = [str(G.nodes[n].get("label", n)) for n in c.members[:members]]
        more = f" (+{len(c) - members} more)" if len(c) > members else ""
        lines.append("   " + "; ".join(shown) + more)
    if alone:
        lines.append(f"and {alone} node{'' if alone == 1 else 's'} on {'its' if alone == 1 else 'their'} own")
    return "\n".join(lines) if lines else "No communities."



def _plural(kind: str, count: int) -> str:
    if count == 1:
        return kind.lower()
    return NODE_TYPE[kind].plural if kind in NODE_TYPE else f"{kind.lower()}s"
