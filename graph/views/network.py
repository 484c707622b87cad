"""The graph as networkx: the RDF projected to a ``MultiDiGraph``, and the parts a page shows.

:func:`to_networkx` reads the RDF graph (the single source of truth) in one pass over its
triples and returns the projection described in ``docs/data-model.md``: one node per paper,
topic, workshop, technique, task, dataset and area (node id = IRI string), one edge per typed
relation, ``dcterms:subject`` ("in topic"), ``skos:broader``, ``skos:related`` and ``owl:sameAs``
triple, each edge carrying the evidence of its reified statement. :func:`select_subgraph` cuts
out the focused views of the page (around a node, a topic, a rating). The analyses on the
projection are in :mod:`graph.views.analyses`.

Usage::

    from graph import build
    from graph.views.network import to_networkx
    kg = build(["notes/iccv2019.md"])
    G = to_networkx(kg.rdf)          # the same as kg.nx

Examples
--------
>>> from rdflib import Dataset, Literal, Namespace, RDF, RDFS
>>> from graph.vocab import NK
>>> ID = Namespace("https://w3id.org/notekg/id/")
>>> ds = Dataset(default_union=True)
>>> g = ds.graph(ID["notes/demo"])
>>> for s, p, o in [(ID["paper/a"], RDF.type, NK.Paper), (ID["paper/a"], RDFS.label, Literal("A")),
...                 (ID["concept/conv"], RDF.type, NK.Technique),
...                 (ID["concept/conv"], RDFS.label, Literal("Convolution")),
...                 (ID["paper/a"], NK.uses, ID["concept/conv"])]:
...     _ = g.add((s, p, o))
>>> G = to_networkx(ds)
>>> [(G.nodes[u]["label"], k, G.nodes[v]["label"]) for u, v, k in G.edges(keys=True)]
[('A', 'uses', 'Convolution')]
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable, Iterator

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from graph.domain import CONCEPT_TYPES, CONFIDENCE_LEVELS, NETWORK_TYPES, RELATION, TOPIC_TYPES, most_specific
from graph.errors import UnknownName
from graph.vocab import NK, RELATIONS, SCHEMA

__all__ = [
    "NODE_TYPES",
    "STRUCTURAL_KEYS",
    "to_networkx",
    "shorten",
    "select_subgraph",
]

#: Node types of the projection, in display order (the local names of the RDF classes).
NODE_TYPES: tuple[str, ...] = NETWORK_TYPES

_CLASSES: dict[URIRef, str] = {NK[name]: name for name in NETWORK_TYPES}

# Structural edges: predicate -> (edge key, relation label) as fixed by the data model.
_STRUCTURAL: dict[URIRef, tuple[str, str]] = {
    DCTERMS.subject: ("subject", "in topic"),
    SKOS.broader: ("broader", "broader"),
    SKOS.related: ("related", "related"),
    OWL.sameAs: ("sameAs", "same as"),
}

#: Edge keys of the structural edges ("in topic", "broader", "related", "same as").
STRUCTURAL_KEYS = frozenset(key for key, _ in _STRUCTURAL.values())

_EDGE_PREDICATES = frozenset(RELATIONS) | frozenset(_STRUCTURAL)

# Literal-valued properties read for nodes and evidence statements.
_VALUE_PREDICATES = frozenset(
    {
        RDFS.label,
        SKOS.prefLabel,
        SKOS.altLabel,
        DCTERMS.title,
        NK.rating,
        NK.verdict,
        NK.tldr,
        NK.comment,
        NK.shortName,
        NK.sourceLine,
        NK.struck,
        SCHEMA.url,
        NK.quote,
        NK.rule,
        NK.field,
        NK.confidence,
        RDF.subject,
        RDF.predicate,
        RDF.object,
        PROV.wasDerivedFrom,
    }
)

_SHORT_MAX = 28


# ---------------------------------------------------------------------------------------------
# Projection


def to_networkx(dataset: Graph) -> nx.MultiDiGraph:
    """Project the RDF graph to a networkx ``MultiDiGraph`` (see ``docs/data-model.md``).

    One pass over the triples (every named graph of a Dataset, whatever its ``default_union``),
    then one over the collected nodes and edges: O(N + E). Nodes and edges are inserted in
    sorted order, so the same RDF gives the same graph, iteration order included.

    Parameters
    ----------
    dataset
        An ``rdflib.Dataset`` (one named graph per notes file) or a plain ``rdflib.Graph``.

    Returns
    -------
    networkx.MultiDiGraph
        Node id = IRI string; node attributes ``type label short topics aliases struck`` always,
        ``rating verdict url tldr comment line`` when known. Edge key = predicate local name; edge
        attributes ``relation predicate`` always, ``evidence rule line field confidence`` when the
        triple has a reified ``nk:Evidence`` statement (``confidence``: the firmest of its evidence).

    Examples
    --------
    >>> from rdflib import Graph, Literal, Namespace, RDF, SKOS
    >>> from graph.vocab import NK
    >>> ID = Namespace("https://w3id.org/notekg/id/")
    >>> g = Graph()
    >>> _ = g.add((ID["topic/gans"], RDF.type, NK.Topic))
    >>> _ = g.add((ID["topic/gans"], SKOS.prefLabel, Literal("GANs")))
    >>> _ = g.add((ID["topic/gans/stability"], RDF.type, NK.Topic))
    >>> _ = g.add((ID["topic/gans/stability"], SKOS.broader, ID["topic/gans"]))
    >>> G = to_networkx(g)
    >>> sorted(G.nodes[n]["label"] for n in G)
    ['GANs', 'stability']
    >>> [d["relation"] for _, _, d in G.edges(data=True)]
    ['broader']
    """
    types: dict[URIRef, set[URIRef]] = defaultdict(set)
    values: dict[Any, dict[URIRef, set[Any]]] = defaultdict(lambda: defaultdict(set))
    edges: set[tuple[URIRef, URIRef, URIRef]] = set()
    for s, p, o in _all_triples(dataset):
        if p == RDF.type:
            if o in _CLASSES or o == NK.Evidence or o == RDF.Statement:
                types[s].add(o)
        elif p in _VALUE_PREDICATES:
            values[s][p].add(o)
        elif p in _EDGE_PREDICATES:
            if isinstance(o, URIRef) and s != o:
                edges.add((s, p, o))
                if p == DCTERMS.subject:
                    values[s][p].add(o)

    node_type: dict[URIRef, str] = {}
    for s, classes in types.items():
        if isinstance(s, URIRef):
            kind = most_specific(_CLASSES[c] for c in classes if c in _CLASSES)
            if kind is not None:
                node_type[s] = kind

    # The ontology in the graph names the relations; the domain table when it is left out.
    relation_label = {
        p: _first(values[p].get(RDFS.label)) or RELATION[_local_name(p)].label for p in RELATIONS
    }
    evidence = _evidence_index(types, values)

    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    labels: dict[URIRef, str] = {}
    for node in sorted(node_type):
        kind = node_type[node]
        vals = values.get(node, {})
        labels[node] = _node_label(node, kind, vals)
    for node in sorted(node_type):
        G.add_node(str(node), **_node_attrs(node, node_type[node], values.get(node, {}), labels))

    rows = []
    for s, p, o in edges:
        if s not in node_type or o not in node_type:
            continue
        if p in _STRUCTURAL:
            key, relation = _STRUCTURAL[p]
        else:
            key, relation = _local_name(p), relation_label[p]
        attrs: dict[str, Any] = {"relation": relation, "predicate": str(p)}
        ev = evidence.get((s, p, o))
        if ev:
            attrs.update(ev)
        rows.append((str(s), str(o), key, attrs))
    rows.sort(key=lambda row: (row[0], row[1], row[2]))
    for u, v, key, attrs in rows:
        G.add_edge(u, v, key=key, **attrs)
    return G


def _all_triples(dataset: Graph) -> Iterator[tuple[Any, Any, Any]]:
    quads = getattr(dataset, "quads", None)
    if quads is not None and hasattr(dataset, "graphs"):
        for s, p, o, _ in quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from dataset.triples((None, None, None))


def _first(items: Iterable[Any] | None) -> str | None:
    """The smallest value as a string (a deterministic choice among several)."""
    if not items:
        return None
    return min(str(item) for item in items)


def _local_name(iri: URIRef) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _evidence_index(
    types: dict[URIRef, set[URIRef]], values: dict[Any, dict[URIRef, set[Any]]]
) -> dict[tuple[Any, Any, Any], dict[str, Any]]:
    """Map (subject, predicate, object) to the attributes of its first evidence statement."""
    found: dict[tuple[Any, Any, Any], list[tuple[Any, ...]]] = defaultdict(list)
    for node, classes in types.items():
        if NK.Evidence not in classes and RDF.Statement not in classes:
            continue
        vals = values.get(node, {})
        s, p, o = (_only(vals.get(k)) for k in (RDF.subject, RDF.predicate, RDF.object))
        if s is None or p is None or o is None:
            continue
        line = _int(vals.get(NK.sourceLine), min)
        quote = _first(vals.get(NK.quote))
        rule = _first(vals.get(NK.rule))
        field = _first(vals.get(NK.field))
        confidence = _first(vals.get(NK.confidence))
        source = _first(vals.get(PROV.wasDerivedFrom)) or ""
        found[(s, p, o)].append((source, line if line is not None else 0, quote or "", rule or "", field or "",
                                 line, confidence or ""))
    index = {}
    for triple, candidates in found.items():
        source, _, quote, rule, field, line, _ = min(candidates)
        # Several notes may say the same edge: it is as firm as the firmest of them.
        confidence = min((c[6] for c in candidates if c[6] in CONFIDENCE_LEVELS),
                         key=CONFIDENCE_LEVELS.index, default=None)
        attrs: dict[str, Any] = {}
        if quote:
            attrs["evidence"] = quote
        if rule:
            attrs["rule"] = rule
        if line is not None:
            attrs["line"] = line
        if field:
            attrs["field"] = field
        if confidence:
            attrs["confidence"] = confidence
        index[triple] = attrs
    return index


def _only(items: set[Any] | None) -> Any:
    if not items:
        return None
    return min(items, key=str)


def _int(items: Iterable[Any] | None, pick: Any) -> int | None:
    numbers = []
    for item in items or ():
        try:
            numbers.append(int(item.toPython() if isinstance(item, Literal) else item))
        except (TypeError, ValueError):
            continue
    return pick(numbers) if numbers else None


def _number(items: Iterable[Any] | None, pick: Any) -> int | float | None:
    """A rating on 0–10: an int when whole (as most are), else a float (4.5/5 is 9, 2/3 is 6.67)."""
    numbers: list[int | float] = []
    for item in items or ():
        try:
            value = float(item.toPython() if isinstance(item, Literal) else item)
        except (TypeError, ValueError):
            continue
        numbers.append(int(value) if value.is_integer() else value)
    return pick(numbers) if numbers else None


def _node_label(node: URIRef, kind: str, vals: dict[URIRef, set[Any]]) -> str:
    order = (
        (RDFS.label, DCTERMS.title, SKOS.prefLabel)
        if kind == "Paper"
        else (SKOS.prefLabel, RDFS.label, DCTERMS.title)
    )
    for predicate in order:
        label = _first(vals.get(predicate))
        if label:
            return label
    return _local_name(node).replace("-", " ")


def _node_attrs(
    node: URIRef, kind: str, vals: dict[URIRef, set[Any]], labels: dict[URIRef, str]
) -> dict[str, Any]:
    label = labels[node]
    short_name = _first(vals.get(NK.shortName))
    aliases = {str(a) for a in vals.get(SKOS.altLabel, ())}
    if short_name:
        aliases.add(short_name)
    for title in vals.get(DCTERMS.title, ()):
        aliases.add(str(title))
    aliases.discard(label)
    topics = sorted(
        {labels[t] for t in vals.get(DCTERMS.subject, ()) if t in labels}
    )
    attrs: dict[str, Any] = {
        "type": kind,
        "label": label,
        "short": short_name if short_name else shorten(label),
        "topics": topics,
        "aliases": sorted(aliases),
        "struck": any(bool(v.toPython()) if isinstance(v, Literal) else bool(v) for v in vals.get(NK.struck, ())),
    }
    rating = _number(vals.get(NK.rating), max)
    if rating is not None:
        attrs["rating"] = rating
    verdict = _first(vals.get(NK.verdict))
    if verdict:
        attrs["verdict"] = verdict
    for name, predicate in (("url", SCHEMA.url), ("tldr", NK.tldr), ("comment", NK.comment)):
        value = _first(vals.get(predicate))
        if value:
            attrs[name] = value
    line = _int(vals.get(NK.sourceLine), min)
    if line is not None:
        attrs["line"] = line
    return attrs


def shorten(label: str, limit: int = _SHORT_MAX) -> str:
    """A display label: the name before a title's colon, or the label cut at a word.

    >>> shorten("FCOS: Fully Convolutional One-Stage Object Detection")
    'FCOS'
    >>> shorten("Exploring Randomly Wired Neural Networks for Image Recognition")
    'Exploring Randomly Wired…'
    """
    label = " ".join(label.split())
    head, colon, _ = label.partition(":")
    if colon and 0 < len(head) <= limit:
        return head
    if len(label) <= limit:
        return label
    cut = label[:limit].rsplit(" ", 1)[0].rstrip(" ,;-")
    return (cut or label[:limit]) + "…"


# ---------------------------------------------------------------------------------------------
# Focused views


def select_subgraph(
    G: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    depth: int = 2,
    topic: str | None = None,
    min_rating: int | None = None,
) -> nx.MultiDiGraph:
    """The part of the graph a focused page shows (a copy; ``G`` is unchanged).

    Parameters
    ----------
    G
        A graph from :func:`to_networkx`.
    focus
        Keep the nodes within ``depth`` hops of this node id (edges in either direction).
    depth
        Hops around ``focus``.
    topic
        Keep this topic, the topics under it, the papers in them and what those papers relate to.
    min_rating
        Drop papers rated below this (and unrated papers), then nodes left without any edge
        that had edges before.

    Raises
    ------
    UnknownName
        If ``focus`` or ``topic`` is not a node of ``G``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", type="Paper", rating=9)
    >>> G.add_node("b", type="Paper", rating=3)
    >>> G.add_node("conv", type="Technique")
    >>> _ = G.add_edge("a", "conv"); _ = G.add_edge("b", "conv")
    >>> sorted(select_subgraph(G, min_rating=5))
    ['a', 'conv']
    >>> sorted(select_subgraph(G, focus="b", depth=1))
    ['b', 'conv']
    """
    keep = set(G)
    if focus is not None:
        if focus not in G:
            raise UnknownName(f"no node {focus!r} in the graph")
        keep &= set(nx.single_source_shortest_path_length(G.to_undirected(as_view=True), focus, cutoff=depth))
    if topic is not None:
        if topic not in G:
            raise UnknownName(f"no node {topic!r} in the graph")
        keep &= _topic_nodes(G, topic)
    if min_rating is not None:
        low = {n for n, data in G.nodes(data=True) if data.get("type") == "Paper" and data.get("rating", -1) < min_rating}
        keep -= low
    sub = G.subgraph(keep)
    if min_rating is not None:
        had_edges = {n for n in keep if G.degree(n)}
        keep -= {n for n in had_edges if sub.degree(n) == 0}
    result: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    result.graph.update(G.graph)
    result.add_nodes_from((n, G.nodes[n]) for n in G if n in keep)
    # networkx's stubs only know (u, v) and (u, v, data) edges, not a multigraph's (u, v, key, data)
    result.add_edges_from(
        (u, v, key, data) for u, v, key, data in G.edges(keys=True, data=True) if u in keep and v in keep  # type: ignore[misc]
    )
    return result


def _topic_nodes(G: nx.MultiDiGraph, topic: str) -> set[str]:
    narrower: dict[str, list[str]] = defaultdict(list)
    for u, v, key in G.edges(keys=True):
        if key == "broader":
            narrower[v].append(u)
    topics = {topic}
    stack = [topic]
    while stack:
        for child in narrower.get(stack.pop(), ()):
            if child not in topics and G.nodes[child].get("type") in TOPIC_TYPES:
                topics.add(child)
                stack.append(child)
    keep = set(topics)
    for t in topics:
        for paper, _, key in G.in_edges(t, keys=True):
            if key == "subject":
                keep.add(paper)
    for paper in [n for n in keep if G.nodes[n].get("type") == "Paper"]:
        for other in G.successors(paper):
            if G.nodes[other].get("type") in CONCEPT_TYPES:
                keep.add(other)
        for other in G.predecessors(paper):
            if G.nodes[other].get("type") in CONCEPT_TYPES | {"Paper"}:
                keep.add(other)
    return keep
