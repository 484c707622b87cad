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
    from graph.views.network import network_from_nquads, to_networkx
    kg = build(["notes/iccv2019.md"])
    G = to_networkx(kg.rdf)          # from rdflib: the same graph as kg.nx, which reads
    G = network_from_nquads(Path("exports/graph.nq"))  # N-Quads with Oxigraph, as this does

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

import io
import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from graph.domain import CONCEPT_TYPES, NETWORK_TYPES, TOPIC_TYPES
from graph.errors import UnknownName
from graph.rdf.term_text import Statements
from graph.views.plain_network import PlainNetwork
from graph.views.projection import (READ_PREDICATES, STRUCTURAL, Blank, Lit, Share, collect, merge_shares, project,
                                    project_share, shorten)

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

# networkx is imported where a networkx graph is made: the page of a build reads a PlainNetwork
# (plain_network_from_nquads) and never loads it (0.1 s).

__all__ = [
    "NODE_TYPES",
    "STRUCTURAL_KEYS",
    "to_networkx",
    "network_from_nquads",
    "plain_network_from_nquads",
    "plain_network_from_statements",
    "plain_network_from_shares",
    "statements_share",
    "nquads_share",
    "shorten",
    "select_subgraph",
]

#: Node types of the projection, in display order (the local names of the RDF classes).
NODE_TYPES: tuple[str, ...] = NETWORK_TYPES

#: Edge keys of the structural edges ("in topic", "broader", "related", "same as").
STRUCTURAL_KEYS = frozenset(key for key, _ in STRUCTURAL.values())


# ---------------------------------------------------------------------------------------------
# Projection


def to_networkx(dataset: Graph) -> nx.MultiDiGraph:
    """Project the RDF graph to a networkx ``MultiDiGraph`` (see ``docs/data-model.md``).

    One pass over the triples (every named graph of a Dataset, whatever its ``default_union``),
    then one over the collected nodes and edges: O(N + E). Nodes and edges are inserted in
    sorted order, so the same RDF gives the same graph, iteration order included.
    :func:`network_from_nquads` makes the same graph from N-Quads without rdflib.

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
    return project(_rdflib_triples(dataset)).to_networkx()


def _rdflib_triples(dataset: Graph) -> Iterator[tuple[Any, str, Any]]:
    # rdflib is imported by whoever made the dataset: its term classes are read from here
    from rdflib import BNode, Literal

    quads = getattr(dataset, "quads", None)
    if quads is not None and hasattr(dataset, "graphs"):
        triples: Any = (quad[:3] for quad in quads((None, None, None, None)))
    else:
        triples = dataset.triples((None, None, None))
    for s, p, o in triples:
        p = str(p)
        if p not in READ_PREDICATES:
            continue
        yield _plain(s, Literal, BNode), p, _plain(o, Literal, BNode)


def _plain(term: Any, literal: Any, blank: Any) -> Any:
    if isinstance(term, literal):
        return Lit(str(term), str(term.datatype or ""))
    if isinstance(term, blank):
        return Blank(str(term))
    return str(term)


def network_from_nquads(source: str | bytes | Path | Iterable[str]) -> nx.MultiDiGraph:
    """The graph :func:`to_networkx` makes, from N-Quads (text, pieces of text or an ``.nq``
    file) read by Oxigraph.

    No rdflib Dataset is made: this is how ``KnowledgeGraph.nx`` makes its view.

    Examples
    --------
    >>> G = network_from_nquads(
    ...     '<urn:t> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/notekg/vocab#Topic> .\\n'
    ...     '<urn:t> <http://www.w3.org/2004/02/skos/core#prefLabel> "GANs" <urn:notes> .\\n')
    >>> dict(G.nodes(data="label"))
    {'urn:t': 'GANs'}
    """
    return plain_network_from_nquads(source).to_networkx()


def plain_network_from_nquads(source: str | bytes | Path | Iterable[str]) -> PlainNetwork:
    """:func:`network_from_nquads` without networkx: the same nodes and edges in a
    :class:`~graph.views.plain_network.PlainNetwork`, which is all the page reads (a build
    draws its page from the N-Quads it writes).

    >>> G = plain_network_from_nquads(
    ...     '<urn:t> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/notekg/vocab#Topic> .\\n')
    >>> list(G.nodes(data="label"))
    [('urn:t', 'urn:t')]
    """
    import pyoxigraph as ox  # only the page and the analyses need it here

    if isinstance(source, Path):
        quads = ox.parse(path=str(source), format=ox.RdfFormat.N_QUADS)
    elif isinstance(source, (str, bytes)):
        quads = ox.parse(input=source, format=ox.RdfFormat.N_QUADS)
    else:  # pieces of text, read as they come: the whole N-Quads are never one string
        quads = ox.parse(input=io.BufferedReader(_ChunkReader(source)), format=ox.RdfFormat.N_QUADS)
    return project(_oxigraph_triples(quads, ox))


def plain_network_from_statements(statements: Statements) -> PlainNetwork:
    """:func:`plain_network_from_nquads` of the N-Quads these statements are written as, read
    from the model's text as it is (a build's page: no second reading of its N-Quads).

    The terms are the model's (:mod:`graph.rdf.term_text`): IRIs, and literals whose text
    escapes only backslash, quote, line feed and carriage return.

    >>> G = plain_network_from_statements({"<urn:notes>": [
    ...     ("<urn:t>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<https://w3id.org/notekg/vocab#Topic>"),
    ...     ("<urn:t>", "<http://www.w3.org/2004/02/skos/core#prefLabel>", '"say \\\\"GANs\\\\""')]})
    >>> list(G.nodes(data="label"))
    [('urn:t', 'say "GANs"')]
    """
    return project_share(statements_share(statements))


def statements_share(statements: Statements) -> Share:
    """What the projection reads of the model's statements (:func:`plain_network_from_statements`),
    the same :class:`~graph.views.projection.Share` as :func:`nquads_share` of their N-Quads.

    >>> statements_share({"<urn:notes>": [
    ...     ("<urn:t>", "<http://www.w3.org/2004/02/skos/core#prefLabel>", '"GANs"')]}).values
    {'urn:t': {'http://www.w3.org/2004/02/skos/core#prefLabel': {'GANs'}}}
    """
    return collect(_text_triples(statements))


_ESCAPED = re.compile(r"\\(.)")
_UNESCAPE = {"n": "\n", "r": "\r"}
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _text_triples(statements: Statements) -> Iterator[tuple[Any, str, Any]]:
    predicates = {"<" + p + ">": p for p in READ_PREDICATES}
    terms: dict[str, Any] = {}
    for triples in statements.values():
        for s, p, o in triples:
            predicate = predicates.get(p)
            if predicate is None:
                continue
            subject = terms.get(s)
            if subject is None:
                subject = terms[s] = _text_term(s)
            value = terms.get(o)
            if value is None:
                value = terms[o] = _text_term(o)
            yield subject, predicate, value


def _text_term(text: str) -> Any:
    """A term of the model's N-Triples text as the projection takes it (an IRI a str, a Lit)."""
    if text[0] == "<":
        return text[1:-1]
    end = text.rindex('"')
    lexical = text[1:end]
    if "\\" in lexical:
        lexical = _ESCAPED.sub(lambda m: _UNESCAPE.get(m[1], m[1]), lexical)
    rest = text[end + 1:]
    datatype = rest[3:-1] if rest.startswith("^^<") else _LANG_STRING if rest.startswith("@") else _STRING
    return Lit(lexical, datatype)


def nquads_share(text: str) -> Share:
    """What the projection reads of some N-Quads (one named graph's block, say), to be merged
    with the other parts' by :func:`plain_network_from_shares`.

    >>> share = nquads_share('<urn:t> <http://www.w3.org/2004/02/skos/core#prefLabel> "GANs" <urn:notes> .\\n')
    >>> share.values
    {'urn:t': {'http://www.w3.org/2004/02/skos/core#prefLabel': {'GANs'}}}
    """
    import pyoxigraph as ox

    return collect(_oxigraph_triples(ox.parse(input=text, format=ox.RdfFormat.N_QUADS), ox))


def plain_network_from_shares(shares: Iterable[Share]) -> PlainNetwork:
    """The graph :func:`plain_network_from_nquads` makes of all the N-Quads, from the
    :func:`nquads_share` (or :func:`statements_share`) of each part of them (taken over: pass
    shares no one uses after).

    >>> t = '<urn:t> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/notekg/vocab#Topic> <urn:a> .\\n'
    >>> label = '<urn:t> <http://www.w3.org/2004/02/skos/core#prefLabel> "GANs" <urn:b> .\\n'
    >>> G = plain_network_from_shares([nquads_share(t), nquads_share(label)])
    >>> list(G.nodes(data="label")) == list(plain_network_from_nquads(t + label).nodes(data="label"))
    True
    """
    return project_share(merge_shares(shares))


class _ChunkReader(io.RawIOBase):
    """A binary stream over pieces of text (the N-Quads writer's chunks)."""

    def __init__(self, chunks: Iterable[str]) -> None:
        self._chunks = iter(chunks)
        self._data = b""
        self._at = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while self._at >= len(self._data):
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._data, self._at = chunk.encode("utf-8"), 0
        n = min(len(buffer), len(self._data) - self._at)
        buffer[:n] = self._data[self._at:self._at + n]
        self._at += n
        return n


def _oxigraph_triples(quads: Any, ox: Any) -> Iterator[tuple[Any, str, Any]]:
    named, literal, blank = ox.NamedNode, ox.Literal, ox.BlankNode
    for quad in quads:
        p = quad.predicate.value
        if p not in READ_PREDICATES:
            continue
        s, o = quad.subject, quad.object
        if isinstance(s, named):
            s = s.value
        elif isinstance(s, blank):
            s = Blank(s.value)
        else:  # an RDF 1.2 triple term: no node of the projection
            continue
        if isinstance(o, named):
            o = o.value
        elif isinstance(o, literal):
            o = Lit(o.value, o.datatype.value)
        elif isinstance(o, blank):
            o = Blank(o.value)
        else:
            continue
        yield s, p, o


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
    >>> import networkx as nx
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
    import networkx as nx

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
