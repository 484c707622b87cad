"""Machine output of the reporting commands: ``--format json`` and ``--format csv``.

``notekg stats``, ``show``, ``path``, ``similar``, ``central`` and ``communities`` print text for
people (:mod:`graph.views.reports`, :mod:`graph.views.stats`, :mod:`graph.views.show`); these
functions turn the same results into plain records — JSON for programs, and CSV rows where the
result is a table (``show`` is a card, not a table: JSON only).

Examples
--------
>>> from graph.views.analyses import Centrality
>>> rows = central_records([Centrality("urn:c", "Convolution", "Technique", 12, 0.25, 5)])
>>> print(as_csv(rows), end="")
rank,iri,label,type,betweenness,degree,topics
1,urn:c,Convolution,Technique,0.25,12,5
>>> print(as_json(rows))
[
  {
    "rank": 1,
    "iri": "urn:c",
    "label": "Convolution",
    "type": "Technique",
    "betweenness": 0.25,
    "degree": 12,
    "topics": 5
  }
]
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from typing import Any

import networkx as nx

from graph.views.analyses import Centrality, Community, Hop, Similarity
from graph.views.show import Card
from graph.views.stats import Stats

__all__ = [
    "RECORD_FORMATS",
    "as_csv",
    "as_json",
    "card_record",
    "central_records",
    "community_records",
    "path_records",
    "similar_records",
    "stats_records",
]

#: The ``--format`` choices of the reporting commands (``show`` has no ``csv``).
RECORD_FORMATS: tuple[str, ...] = ("text", "json", "csv")


def as_json(data: Any) -> str:
    """Indented JSON, keys in the order the records give them, text as it is (not ``\\u`` escaped)."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def as_csv(rows: list[dict[str, Any]]) -> str:
    """CSV with a header from the first row; list cells joined with ``"; "``, missing cells empty,
    booleans ``true``/``false``.

    >>> print(as_csv([{"a": 1, "b": ["x", "y"], "c": None, "d": True}]), end="")
    a,b,c,d
    1,x; y,,true
    """
    if not rows:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return out.getvalue()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    return value


def stats_records(stats: Stats) -> list[dict[str, Any]]:
    """One row per node type and per edge kind: ``{"kind": "node"|"edge", "name", "count"}``."""
    rows = [{"kind": "node", "name": name, "count": count} for name, count in stats.nodes.items()]
    rows += [{"kind": "edge", "name": name, "count": count} for name, count in stats.edges.items()]
    return rows


def card_record(card: Card) -> dict[str, Any]:
    """A node's card: ``iri``, ``type``, ``label``, ``fields`` (name → value) and ``edges``."""
    return {
        "iri": card.iri,
        "type": card.type,
        "label": card.label,
        "fields": dict(card.fields),
        "edges": [asdict(edge) for edge in card.edges],
    }


def path_records(G: nx.MultiDiGraph, source: str, hops: list[Hop]) -> list[dict[str, Any]]:
    """One row per hop: where it starts and ends, the relation, its direction and evidence.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("p", label="Gated-SCNN", type="Paper"); G.add_node("b", label="Boundaries", type="Technique")
    >>> path_records(G, "p", [Hop("p", "b", "uses", "uses", True, "Make use of boundaries", None, 80)])[0]["to_label"]
    'Boundaries'
    """
    rows = []
    for step, hop in enumerate(hops, 1):
        rows.append({
            "step": step,
            "from": hop.source,
            "from_label": G.nodes[hop.source].get("label", hop.source),
            "relation": hop.relation,
            "forward": hop.forward,
            "to": hop.target,
            "to_label": G.nodes[hop.target].get("label", hop.target),
            "to_type": G.nodes[hop.target].get("type"),
            "evidence": hop.evidence,
            "line": hop.line,
            "rule": hop.rule,
        })
    return rows


def similar_records(results: list[Similarity]) -> list[dict[str, Any]]:
    """One row per similar paper: rank, IRI, title, score and the shared items (rarest first)."""
    return [
        {
            "rank": rank,
            "iri": s.node,
            "label": s.label,
            "score": round(s.score, 4),
            "shared": [label for _, label, _, _ in s.shared],
        }
        for rank, s in enumerate(results, 1)
    ]


def central_records(results: list[Centrality]) -> list[dict[str, Any]]:
    """One row per node: rank, IRI, name, type and the three measures."""
    return [
        {
            "rank": rank,
            "iri": c.node,
            "label": c.label,
            "type": c.type,
            "betweenness": round(c.betweenness, 6),
            "degree": c.degree,
            "topics": c.topics,
        }
        for rank, c in enumerate(results, 1)
    ]


def community_records(G: nx.MultiDiGraph, communities: list[Community]) -> list[dict[str, Any]]:
    """One row per member: the community's number and name, the member's IRI, label and type.

    Members come most central first; a node alone is a community of one.
    """
    rows = []
    for number, community in enumerate(communities, 1):
        for member in community.members:
            rows.append({
                "community": number,
                "name": community.name,
                "iri": member,
                "label": G.nodes[member].get("label", member),
                "type": G.nodes[member].get("type"),
            })
    return rows
