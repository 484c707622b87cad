"""Count what a graph holds: nodes by type, relations by kind.

>>> from graph.parse.notes import parse_text
>>> from graph.extract.facts import extract_facts
>>> from graph.rdf.datasets import facts_to_rdf
>>> ds = facts_to_rdf(extract_facts([parse_text("## GANs\\n- SinGAN: one image\\n- InGAN: DNA\\n", "a.md")]))
>>> counts = graph_stats(ds)
>>> counts.nodes["Paper"], counts.nodes["Topic"]
(2, 1)
>>> print(format_stats(counts).splitlines()[1])
  papers                  2
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import OWL, RDF, Dataset
from rdflib.namespace import DCTERMS, SKOS

from graph.domain import NODE_TYPES
from graph.vocab import NK, RELATIONS

__all__ = ["Stats", "graph_stats", "format_stats"]


@dataclass
class Stats:
    """Counts by node type (class local name) and by edge kind."""

    nodes: Counter[str] = field(default_factory=Counter)
    edges: Counter[str] = field(default_factory=Counter)


def graph_stats(ds: Dataset) -> Stats:
    """Count distinct nodes of each notekg type, typed relations and structural edges."""
    stats = Stats()
    for node_type in NODE_TYPES:
        stats.nodes[node_type.name] = len(set(ds.subjects(RDF.type, NK[node_type.name])))
    for prop in RELATIONS:
        stats.edges[str(prop).rsplit("#", 1)[1]] = len(set(ds.subject_objects(prop)))
    stats.edges["in topic"] = len(set(ds.subject_objects(DCTERMS.subject)))
    stats.edges["same as"] = len(set(ds.subject_objects(OWL.sameAs)))
    papers_topics = set(ds.subjects(RDF.type, NK.Topic))
    stats.edges["topic broader"] = sum(
        1 for s, _ in set(ds.subject_objects(SKOS.broader)) if s in papers_topics
    )
    return stats


def format_stats(stats: Stats) -> str:
    """Two aligned blocks: nodes by type, then edges by kind (zero counts left out)."""
    lines = ["nodes:"]
    for node_type in NODE_TYPES:
        if stats.nodes[node_type.name]:
            lines.append(f"  {node_type.plural:<20}{stats.nodes[node_type.name]:>5}")
    lines.append("edges:")
    for name, count in stats.edges.items():
        if count:
            lines.append(f"  {name:<20}{count:>5}")
    return "\n".join(lines)
