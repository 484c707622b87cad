"""What a notekg graph is made of, in one table: namespaces, node types and relations.

Plain Python (no rdflib), so the command line can use it without loading any RDF library.
``data/ontology.ttl`` describes the same classes and relations for RDF tools; ``tests/
test_ontology.py`` checks the two agree (names, labels, domains, ranges). Every view reads its
types and relations from here: the networkx projection, the page's colours and shapes, the
counts of ``notekg stats``, the cards of ``notekg show``, the name resolver and the CLI.

Examples
--------
>>> NODE_TYPE["Workshop"].plural, NODE_TYPE["Workshop"].colour
('workshops', '#b07aa1')
>>> [t.name for t in NODE_TYPES if t.in_network]
['Paper', 'Topic', 'Workshop', 'Technique', 'Task', 'Dataset', 'Area']
>>> RELATION["evaluatedOn"].label, RELATION["evaluatedOn"].inverse
('evaluated on', 'evaluated on it')
>>> most_specific({"Topic", "Workshop"})
'Workshop'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

__all__ = [
    "NK_NAMESPACE",
    "DEFAULT_BASE",
    "PREFIXES",
    "NodeType",
    "NODE_TYPES",
    "NODE_TYPE",
    "NETWORK_TYPES",
    "TOPIC_TYPES",
    "CONCEPT_TYPES",
    "Relation",
    "RELATION_TYPES",
    "RELATION",
    "most_specific",
    "compact_iri",
]

#: The namespace of notekg's own classes and properties.
NK_NAMESPACE = "https://w3id.org/notekg/vocab#"

#: The default namespace of the data IRIs (papers, topics, concepts, notes files).
DEFAULT_BASE = "https://w3id.org/notekg/id/"

#: Prefixes bound in every graph and predeclared in every query.
PREFIXES: dict[str, str] = {
    "nk": NK_NAMESPACE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
}


@dataclass(frozen=True)
class NodeType:
    """A class of node: ``nk:{name}``.

    ``rank`` decides which type wins when a node has several (a workshop is also a topic) and
    which node wins when two share a name (papers, then concepts, then topics): lower first.
    ``colour`` and ``shape`` draw it on the page; types without them are left out of the
    networkx view (notes files, remarks, evidence).
    """

    name: str
    plural: str
    group: str  # paper, concept, topic, area, event, source, note or evidence
    rank: int
    colour: str | None = None
    shape: str | None = None

    @property
    def in_network(self) -> bool:
        """Whether the networkx projection (and so the page) has nodes of this type."""
        return self.colour is not None


#: Every node type, in display order (stats, legends, summaries).
NODE_TYPES: tuple[NodeType, ...] = (
    NodeType("Paper", "papers", "paper", 0, "#4e79a7", "dot"),
    NodeType("Topic", "topics", "topic", 5, "#f28e2b", "square"),
    NodeType("Workshop", "workshops", "topic", 4, "#b07aa1", "star"),
    NodeType("Technique", "techniques", "concept", 1, "#59a14f", "diamond"),
    NodeType("Task", "tasks", "concept", 2, "#e15759", "triangle"),
    NodeType("Dataset", "datasets", "concept", 3, "#76b7b2", "hexagon"),
    NodeType("Area", "areas", "area", 6, "#9c755f", "triangleDown"),
    NodeType("Event", "events", "event", 7),
    NodeType("Notes", "notes files", "source", 12),
    NodeType("TalkNote", "talk notes", "note", 8),
    NodeType("Note", "other notes", "note", 11),  # remarks, links, courses ... (nk:kind says which)
    NodeType("Question", "questions", "note", 9),
    NodeType("Book", "books", "note", 10),
    NodeType("Evidence", "evidence statements", "evidence", 13),
)

#: The node types by name.
NODE_TYPE: dict[str, NodeType] = {t.name: t for t in NODE_TYPES}

#: The node types of the networkx view, in display order.
NETWORK_TYPES: tuple[str, ...] = tuple(t.name for t in NODE_TYPES if t.in_network)

#: Headings: a topic, or a workshop (a topic that is also an event).
TOPIC_TYPES: frozenset[str] = frozenset(t.name for t in NODE_TYPES if t.group == "topic")

#: Lexicon concepts: techniques, tasks, datasets.
CONCEPT_TYPES: frozenset[str] = frozenset(t.name for t in NODE_TYPES if t.group == "concept")


def most_specific(types: Iterable[str]) -> str | None:
    """The type that wins among a node's types (see :attr:`NodeType.rank`); None if none is known.

    >>> most_specific(["Note", "TalkNote"]), most_specific(["Thing"])
    ('TalkNote', None)
    """
    known = [NODE_TYPE[t] for t in types if t in NODE_TYPE]
    return min(known, key=lambda t: t.rank).name if known else None


@dataclass(frozen=True)
class Relation:
    """A typed relation ``nk:{name}``: its edge label, how it reads backwards, its domain and range.

    ``domain`` and ``range`` are local names (``Thing``: anything; ``Concept``: a technique,
    task or dataset), as ``data/ontology.ttl`` declares them.
    """

    name: str
    label: str
    inverse: str
    domain: str
    range: str


#: The typed relations between papers and concepts, in display order.
RELATION_TYPES: tuple[Relation, ...] = (
    Relation("proposes", "proposes", "proposed by", "Paper", "Concept"),
    Relation("uses", "uses", "used by", "Thing", "Concept"),
    Relation("replaces", "replaces", "replaced by", "Thing", "Concept"),
    Relation("improves", "improves", "improved by", "Thing", "Concept"),
    Relation("outperforms", "outperforms", "outperformed by", "Thing", "Thing"),
    Relation("addresses", "addresses", "addressed by", "Thing", "Concept"),
    Relation("evaluatedOn", "evaluated on", "evaluated on it", "Thing", "Concept"),
    Relation("relatedTo", "related to", "related to", "Thing", "Thing"),
)

#: The relations by local name.
RELATION: dict[str, Relation] = {r.name: r for r in RELATION_TYPES}

#: How firmly the notes say an edge (``nk:confidence`` on its evidence), firmest first:
#: a cue in the words ("instead of X", "better than X", "we propose X"), a bare mention of a
#: concept in the title, tl;dr or comment, or inherited from the heading the paper sits under.
CONFIDENCE_LEVELS: tuple[str, ...] = ("explicit", "mention", "heading")


def compact_iri(iri: str, base: str = DEFAULT_BASE) -> str | None:
    """The prefixed name of an IRI (``id:`` for data IRIs under ``base``), or None.

    >>> compact_iri("https://w3id.org/notekg/vocab#Paper"), compact_iri("https://w3id.org/notekg/id/paper/x")
    ('nk:Paper', 'id:paper/x')
    >>> compact_iri("https://example.org/x") is None
    True
    """
    for prefix, namespace in sorted({**PREFIXES, "id": base}.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return None
