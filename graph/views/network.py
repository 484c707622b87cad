"""The graph as networkx: the RDF projected to a ``MultiDiGraph``, and analyses on it.

:func:`to_networkx` reads the RDF graph (the single source of truth) in one pass over its
triples and returns the projection described in ``docs/data-model.md``: one node per paper,
topic, workshop, technique, task, dataset and area (node id = IRI string), one edge per typed
relation, ``dcterms:subject`` ("in topic"), ``skos:broader``, ``skos:related`` and ``owl:sameAs``
triple, each edge carrying the evidence of its reified statement. The analyses work on that
projection and are deterministic (sorted results, seeded randomness):

* :func:`shortest_path_explained` — the shortest connection between two nodes, hop by hop;
* :func:`similar_papers` — papers that share techniques and topics (IDF-weighted Jaccard);
* :func:`central_nodes` — degree, betweenness and the number of topics a node bridges;
* :func:`find_communities` — Louvain communities named by their most central members;
* :func:`select_subgraph` — the focused views of the page (around a node, a topic, a rating).

Usage::

    from graph import build
    from graph.views.network import similar_papers
    kg = build(["notes/iccv2019.md"])
    for s in similar_papers(kg.nx, "https://w3id.org/notekg/id/paper/arxiv/1907.05740", k=3):
        print(f"{s.score:.2f} {s.label}")

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

import difflib
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, cast

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from graph.errors import UnknownName
from graph.vocab import NK, RELATIONS, SCHEMA

__all__ = [
    "NODE_TYPES",
    "to_networkx",
    "shorten",
    "resolve_name",
    "node_in_view",
    "Hop",
    "shortest_path_explained",
    "Similarity",
    "similar_papers",
    "Centrality",
    "CENTRALITY_MEASURES",
    "central_nodes",
    "Community",
    "find_communities",
    "select_subgraph",
    "format_path",
    "format_similar",
    "format_central",
    "format_communities",
]

#: Node types of the projection, in display order (the local names of the RDF classes).
NODE_TYPES: tuple[str, ...] = ("Paper", "Topic", "Workshop", "Technique", "Task", "Dataset", "Area")

# An IRI typed with several of these classes takes the first (a workshop is also a topic).
_CLASS_PRIORITY: tuple[tuple[URIRef, str], ...] = (
    (NK.Workshop, "Workshop"),
    (NK.Paper, "Paper"),
    (NK.Technique, "Technique"),
    (NK.Task, "Task"),
    (NK.Dataset, "Dataset"),
    (NK.Topic, "Topic"),
    (NK.Area, "Area"),
)
_CLASSES = {cls for cls, _ in _CLASS_PRIORITY}
_TOPIC_TYPES = frozenset({"Topic", "Workshop"})
_CONCEPT_TYPES = frozenset({"Technique", "Task", "Dataset"})

# Structural edges: predicate -> (edge key, relation label) as fixed by the data model.
_STRUCTURAL: dict[URIRef, tuple[str, str]] = {
    DCTERMS.subject: ("subject", "in topic"),
    SKOS.broader: ("broader", "broader"),
    SKOS.related: ("related", "related"),
    OWL.sameAs: ("sameAs", "same as"),
}
# Labels for the typed relations when the ontology is not in the graph.
_RELATION_LABELS: dict[URIRef, str] = {
    NK.proposes: "proposes",
    NK.uses: "uses",
    NK.replaces: "replaces",
    NK.improves: "improves",
    NK.outperforms: "outperforms",
    NK.addresses: "addresses",
    NK.evaluatedOn: "evaluated on",
    NK.relatedTo: "related to",
}
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
        attributes ``relation predicate`` always, ``evidence rule line field`` when the triple
        has a reified ``nk:Evidence`` statement.

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
            for cls, name in _CLASS_PRIORITY:
                if cls in classes:
                    node_type[s] = name
                    break

    relation_label = {p: _first(values[p].get(RDFS.label)) or label for p, label in _RELATION_LABELS.items()}
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
        source = _first(vals.get(PROV.wasDerivedFrom)) or ""
        found[(s, p, o)].append((source, line if line is not None else 0, quote or "", rule or "", field or "", line))
    index = {}
    for triple, candidates in found.items():
        source, _, quote, rule, field, line = min(candidates)
        attrs: dict[str, Any] = {}
        if quote:
            attrs["evidence"] = quote
        if rule:
            attrs["rule"] = rule
        if line is not None:
            attrs["line"] = line
        if field:
            attrs["field"] = field
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


def _nodes_of_type(G: nx.MultiDiGraph, kinds: Iterable[str]) -> list[str]:
    wanted = set(kinds)
    return [n for n, kind in G.nodes(data="type") if kind in wanted]


# ---------------------------------------------------------------------------------------------
# Names


def resolve_name(G: nx.MultiDiGraph, name: str) -> str:
    """Find the node a user means: IRI, label, short name or alias, ignoring case and punctuation.

    The command line resolves names through :func:`graph.views.resolve.resolve_node` on the RDF graph;
    this is the same matching on a networkx graph alone (for pages and scripts that only have one).

    Raises
    ------
    UnknownName
        If nothing matches; the message suggests close names.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("urn:a", label="FCOS: One-Stage", short="FCOS", aliases=["FCOS"], type="Paper")
    >>> resolve_name(G, "fcos")
    'urn:a'
    >>> resolve_name(G, "FOCS")
    Traceback (most recent call last):
    ...
    graph.errors.UnknownName: no node named 'FOCS'; did you mean: FCOS?
    """
    from graph.views.resolve import normalise_name

    if name in G:
        return name
    key = normalise_name(name)
    index: dict[str, list[str]] = defaultdict(list)
    display: dict[str, str] = {}
    for node, data in G.nodes(data=True):
        for value in (data.get("short"), data.get("label"), *data.get("aliases", ())):
            if value:
                folded = normalise_name(str(value))
                index[folded].append(node)
                display.setdefault(folded, str(value))
    if key and key in index:
        return _prefer(G, index[key])
    close = difflib.get_close_matches(key, sorted(index), n=3, cutoff=0.6)
    hint = f"; did you mean: {', '.join(display[c] for c in close)}?" if close else ""
    raise UnknownName(f"no node named '{name}'{hint}")


def node_in_view(kg: Any, name: str) -> str:
    """Resolve ``name`` as ``notekg show`` does and return its node id in ``kg.nx``.

    Parameters
    ----------
    kg
        A :class:`graph.knowledge_graph.KnowledgeGraph`.
    name
        A label, alias, short name, arXiv id or IRI.

    Raises
    ------
    UnknownName
        If nothing matches, or the node is of a kind the networkx view leaves out (an event,
        a notes file, a remark).
    """
    from graph.views.resolve import resolve_node

    node = resolve_node(kg, name)
    G = kg.nx
    if str(node) in G:
        return str(node)
    kinds = sorted(_local_name(t) for t in kg.rdf.objects(node, RDF.type))
    kind = next((k for k in kinds if k in ("Event", "Notes", "Note", "TalkNote", "Question", "Book")), None)
    what = f"{'an' if kind and kind[0] in 'AEIOU' else 'a'} {kind}" if kind else "not a paper, topic or concept"
    raise UnknownName(f"'{name}' is {what}: the network view has only {', '.join(NODE_TYPES).lower()} nodes")


def _prefer(G: nx.MultiDiGraph, nodes: list[str]) -> str:
    """Among nodes with the same name prefer papers, then concepts, then topics; then by IRI."""
    rank = {kind: i for i, kind in enumerate(("Paper", "Technique", "Task", "Dataset", "Topic", "Workshop", "Area"))}
    return min(nodes, key=lambda n: (rank.get(G.nodes[n].get("type", ""), 99), n))


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


_STRUCTURAL_KEYS = frozenset(key for key, _ in _STRUCTURAL.values())


def _hop_weight(u: str, v: str, edges: dict[str, dict[str, Any]]) -> float:
    """One per hop; a hop along a typed relation costs a little less than "in topic" or "broader",
    so that among paths with the fewest hops the one with typed relations wins."""
    return 1.0 if any(key not in _STRUCTURAL_KEYS for key in edges) else 1.001


def _best_hop(G: nx.MultiDiGraph, u: str, v: str) -> Hop:
    candidates = []
    for x, y, forward in ((u, v, True), (v, u, False)):
        for key, data in (G.get_edge_data(x, y) or {}).items():
            structural = key in _STRUCTURAL_KEYS
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
    for paper in _nodes_of_type(G, ("Paper",)):
        direct = set()
        for _, other, key in G.out_edges(paper, keys=True):
            if key != "sameAs" and G.nodes[other].get("type") in _TOPIC_TYPES | _CONCEPT_TYPES:
                direct.add(other)
        for other, _, key in G.in_edges(paper, keys=True):
            if key != "sameAs" and G.nodes[other].get("type") in _CONCEPT_TYPES:
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
        Keep only nodes of this type (case-insensitive, one of :data:`NODE_TYPES`).
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
        by_fold = {t.casefold(): t for t in NODE_TYPES}
        if type.casefold() not in by_fold:
            raise ValueError(f"unknown node type {type!r}; choose from {', '.join(NODE_TYPES)}")
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
            if kind in _TOPIC_TYPES:
                topics.add(other)
            elif kind == "Paper" and kinds.get(node) != "Paper":
                topics.update(t for t in H[other] if kinds.get(t) in _TOPIC_TYPES)
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
            if child not in topics and G.nodes[child].get("type") in _TOPIC_TYPES:
                topics.add(child)
                stack.append(child)
    keep = set(topics)
    for t in topics:
        for paper, _, key in G.in_edges(t, keys=True):
            if key == "subject":
                keep.add(paper)
    for paper in [n for n in keep if G.nodes[n].get("type") == "Paper"]:
        for other in G.successors(paper):
            if G.nodes[other].get("type") in _CONCEPT_TYPES:
                keep.add(other)
        for other in G.predecessors(paper):
            if G.nodes[other].get("type") in _CONCEPT_TYPES | {"Paper"}:
                keep.add(other)
    return keep


# ---------------------------------------------------------------------------------------------
# Text for the command line


def _describe(G: nx.MultiDiGraph, node: str) -> str:
    data = G.nodes[node]
    return f"{data.get('label', node)}  [{data.get('type', 'node')}]"


def format_path(G: nx.MultiDiGraph, source: str, hops: list[Hop]) -> str:
    """The hops of :func:`shortest_path_explained` as lines of text, evidence under each edge.

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
        order = [t for t in NODE_TYPES if t in counts] + sorted(set(counts) - set(NODE_TYPES))
        summary = ", ".join(f"{counts[t]} {t.lower()}{'' if counts[t] == 1 else 's'}" for t in order)
        lines.append(f"{i}. {c.name}  ({len(c)} nodes: {summary})")
        shown = [str(G.nodes[n].get("label", n)) for n in c.members[:members]]
        more = f" (+{len(c) - members} more)" if len(c) > members else ""
        lines.append("   " + "; ".join(shown) + more)
    if alone:
        lines.append(f"and {alone} node{'' if alone == 1 else 's'} on {'its' if alone == 1 else 'their'} own")
    return "\n".join(lines) if lines else "No communities."
