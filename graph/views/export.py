"""Export the graph as RDF for other tools (Protégé, GraphDB, Jena, Neo4j n10s), deterministically.

RDF formats: ``ttl`` (Turtle), ``nt`` (N-Triples), ``nq`` (N-Quads), ``trig``, ``jsonld``
(JSON-LD with the compact ``@context`` of ``data/context.jsonld``) and ``xml`` (RDF/XML).
N-Quads, TriG and JSON-LD keep one named graph per notes file plus the default graph (ontology,
lexicon); Turtle, N-Triples and RDF/XML hold the union of all graphs. Every export is
deterministic — the same graph always gives the same bytes: triples and graphs are sorted,
prefixes bound, and there are no blank nodes to rename. The line formats and Turtle are written
by :mod:`graph.rdf.write`; JSON-LD is compacted here.

The network formats ``graphml gexf json csv html`` are projections of the networkx view, written
by :mod:`graph.views.graphfiles` and :mod:`graph.views.page`; :func:`export_graph` hands them over.

Usage::

    from graph.views.export import export_graph
    export_graph(kg.rdf, "trig", "exports/graph.trig")    # written atomically
    text = export_graph(kg.rdf, "ttl")                     # returned as a string

Examples
--------
>>> from rdflib import Dataset, Literal, URIRef, RDF
>>> from graph.vocab import NK
>>> ds = Dataset(default_union=True)
>>> g = ds.graph(URIRef("https://w3id.org/notekg/id/notes/demo"))
>>> paper = URIRef("https://w3id.org/notekg/id/paper/arxiv/1905.01164")
>>> _ = g.add((paper, RDF.type, NK.Paper))
>>> _ = g.add((paper, NK.rating, Literal(10)))
>>> print(export_graph(ds, "nq"), end="")
<https://w3id.org/notekg/id/paper/arxiv/1905.01164> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/notekg/vocab#Paper> <https://w3id.org/notekg/id/notes/demo> .
<https://w3id.org/notekg/id/paper/arxiv/1905.01164> <https://w3id.org/notekg/vocab#rating> "10"^^<http://www.w3.org/2001/XMLSchema#integer> <https://w3id.org/notekg/id/notes/demo> .
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Sequence, Union

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from graph.atomic import write_output
from graph.domain import DEFAULT_BASE, PREFIXES
from graph.errors import NotekgError
from graph.formats import EXPORT_FORMATS, NETWORK_FORMATS, RDF_FORMATS
from graph.rdf.term_text import Statements, rdflib_quads
from graph.rdf.write import Quad, checked_quads, nquads_chunks, quad_key, statements_of, term_key, turtle
from graph.views.graphfiles import write_graph_file
from graph.views.network import to_networkx
from graph.views.page import write_page
from graph.views.xmltext import xml_text

__all__ = [
    "RDF_FORMATS",
    "NETWORK_FORMATS",
    "EXPORT_FORMATS",
    "CONTEXT_PATH",
    "load_context",
    "serialize_graph",
    "serialize_chunks",
    "export_graph",
]

#: The JSON-LD context for the notekg vocabulary, shipped in the package.
CONTEXT_PATH = Path(__file__).parent.parent / "data" / "context.jsonld"

#: What is exported: an rdflib Dataset or Graph, or the model's quads (default graph ``None``).
Source = Union[Dataset, Graph, Sequence[Quad], Statements]
Output = Union[str, Path, IO[str], None]


@lru_cache(maxsize=1)
def _context_text() -> str:
    return CONTEXT_PATH.read_text(encoding="utf-8")


def load_context(base: str | None = None) -> dict[str, Any]:
    """Return the JSON-LD ``@context`` (the inner mapping) for the notekg vocabulary.

    Parameters
    ----------
    base
        Namespace of the data IRIs, bound to the ``id`` prefix (default: the default base).

    Examples
    --------
    >>> context = load_context()
    >>> context["rating"]
    {'@id': 'nk:rating', '@type': 'xsd:integer'}
    >>> context["id"]
    'https://w3id.org/notekg/id/'
    """
    context: dict[str, Any] = json.loads(_context_text())["@context"]
    if base is not None:
        context["id"] = base
    return context


# ---------------------------------------------------------------------------------------------
# Canonical order


def _statements(source: Source) -> Iterable[Quad]:
    if isinstance(source, Graph):
        return statements_of(source)
    if isinstance(source, (list, tuple, set, frozenset)):
        return source
    if isinstance(source, dict):  # a build's statements as text
        return rdflib_quads(source)
    raise TypeError(f"cannot export {type(source).__name__}: expected an rdflib graph or quads")


def _base_of(source: Source) -> str:
    if isinstance(source, Graph):
        for prefix, namespace in source.namespaces():
            if prefix == "id":
                return str(namespace)
    return DEFAULT_BASE


def _bind(g: Graph, base: str) -> None:
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace, override=True, replace=True)
    g.bind("id", base, override=True, replace=True)


def _sorted_union(quads: Iterable[Quad], base: str) -> Graph:
    union = Graph()
    _bind(union, base)
    triples = sorted({(s, p, o) for s, p, o, _ in quads}, key=lambda t: quad_key((*t, None)))
    for triple in triples:
        union.add(triple)
    return union


def _sorted_dataset(quads: list[Quad], base: str) -> Dataset:
    ds = Dataset()
    _bind(ds, base)
    for s, p, o, g in quads:  # already sorted by graph: graphs are created in sorted order
        target = ds.graph(g) if g is not None else ds.default_graph
        target.add((s, p, o))
    return ds


# ---------------------------------------------------------------------------------------------
# Serialising


def serialize_graph(source: Source, fmt: str, *, base: str | None = None) -> str:
    """Serialise the graph in an RDF format, deterministically.

    Parameters
    ----------
    source
        An :class:`rdflib.Dataset` or :class:`rdflib.Graph`, or quads (``KnowledgeGraph.quads()``:
        a fresh build is written without making an rdflib store).
    fmt
        One of :data:`RDF_FORMATS`: ``ttl nt nq trig jsonld xml``.
    base
        Namespace of the data IRIs (default: the graph's ``id`` prefix, else the default base).

    Raises
    ------
    ValueError
        For a format that is not an RDF format.
    NotekgError
        If the graph has blank nodes (notekg graphs have none).

    Examples
    --------
    >>> from rdflib import Graph, URIRef, RDFS, Literal
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://w3id.org/notekg/id/topic/gans"), RDFS.label, Literal("GANs")))
    >>> print(serialize_graph(g, "ttl"), end="")
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    <BLANKLINE>
    <https://w3id.org/notekg/id/topic/gans> rdfs:label "GANs" .
    """
    if fmt not in RDF_FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r} (use {', '.join(RDF_FORMATS)})")
    base = base or _base_of(source)
    if fmt in ("nq", "nt"):
        return "".join(serialize_chunks(source, fmt, base=base))
    if fmt == "ttl":
        return turtle(source if isinstance(source, dict) else _statements(source))
    quads = checked_quads(_statements(source))
    if fmt == "jsonld":
        return _jsonld(quads, base)
    if fmt == "trig":
        return _sorted_dataset(quads, base).serialize(format="trig")
    return _rdf_xml(quads, base)


def serialize_chunks(source: Any, fmt: str, *, base: str | None = None) -> Iterator[str]:
    """The text of :func:`serialize_graph` in pieces: N-Quads and N-Triples subject by subject
    (never the whole file as one string), the other formats in one piece.

    >>> from rdflib import URIRef, RDFS, Literal
    >>> quads = [(URIRef("urn:a"), RDFS.label, Literal("A"), URIRef("urn:g"))]
    >>> list(serialize_chunks(quads, "nq"))
    ['<urn:a> <http://www.w3.org/2000/01/rdf-schema#label> "A" <urn:g> .\\n']
    """
    if fmt in ("nq", "nt"):
        text = source if isinstance(source, dict) else _statements(source)
        yield from nquads_chunks(text, union=fmt == "nt")
    else:
        yield serialize_graph(source, fmt, base=base)


def _rdf_xml(quads: list[Quad], base: str) -> str:
    """RDF/XML of the union graph, its text cut to what XML 1.0 can hold."""
    quads = [(s, p, _xml_literal(o), g) for s, p, o, g in quads]
    try:
        return _sorted_union(quads, base).serialize(format="xml")
    except ValueError as e:  # a predicate IRI with no XML name, e.g. one ending in a digit
        raise NotekgError(f"cannot write RDF/XML: {e}") from None


def _xml_literal(term: Any) -> Any:
    if isinstance(term, Literal):
        text = xml_text(str(term))
        if text != str(term):
            return Literal(text, lang=term.language, datatype=term.datatype)
    return term


# JSON-LD -------------------------------------------------------------------------------------
class _Compactor:
    """Shortens IRIs and picks JSON-LD keys with the notekg context."""

    def __init__(self, context: dict[str, Any]):
        self.context = context
        self.prefixes = sorted(
            ((name, value) for name, value in context.items() if isinstance(value, str) and value.endswith(("/", "#"))),
            key=lambda kv: (-len(kv[1]), kv[0]),
        )
        self.terms: dict[str, tuple[str, str | None]] = {}
        for name, value in context.items():
            if isinstance(value, str) and not value.endswith(("/", "#")):
                self.terms[self.expand(value)] = (name, None)
            elif isinstance(value, dict):
                coerce = value.get("@type")
                self.terms[self.expand(value["@id"])] = (
                    name,
                    coerce if coerce == "@id" else self.expand(coerce) if coerce else None,
                )

    def expand(self, value: str) -> str:
        prefix, sep, rest = value.partition(":")
        if sep and prefix in self.context and isinstance(self.context[prefix], str):
            return self.context[prefix] + rest
        return value

    def iri(self, iri: str) -> str:
        for name, namespace in self.prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                rest = iri[len(namespace) :]
                if not rest.startswith("//"):
                    return f"{name}:{rest}"
        return iri

    def value(self, term: Any, coerce: str | None) -> Any:
        """The JSON for ``term`` under a key whose coercion is ``coerce`` (None if it does not fit)."""
        if isinstance(term, URIRef):
            if coerce == "@id":
                return self.iri(str(term))
            if coerce is None:
                return {"@id": self.iri(str(term))}
            return None
        assert isinstance(term, Literal)
        datatype = str(term.datatype) if term.datatype else None
        if coerce == "@id":
            return None
        if coerce is not None:
            return str(term) if datatype == coerce and not term.language else None
        if term.language:
            return {"@value": str(term), "@language": term.language}
        if datatype is None or datatype == str(XSD.string):
            return str(term)
        return {"@value": str(term), "@type": self.iri(datatype)}


def _node_objects(quads: Iterable[Quad], compactor: _Compactor) -> list[dict[str, Any]]:
    by_subject: dict[Any, dict[Any, list[Any]]] = {}
    for s, p, o, _ in quads:
        by_subject.setdefault(s, {}).setdefault(p, []).append(o)
    nodes = []
    for subject in sorted(by_subject, key=term_key):
        node: dict[str, Any] = {"@id": compactor.iri(str(subject))}
        properties = by_subject[subject]
        types = sorted(properties.get(RDF.type, []), key=term_key)
        if types and all(isinstance(o, URIRef) for o in types):
            node["@type"] = [compactor.iri(str(o)) for o in types]
            properties = {p: os for p, os in properties.items() if p != RDF.type}
        for predicate in sorted(properties, key=term_key):
            objects = sorted(properties[predicate], key=term_key)
            term, coerce = compactor.terms.get(str(predicate), (None, None))
            fitting = [compactor.value(o, coerce) for o in objects] if term else []
            if term and all(v is not None for v in fitting):
                node[term] = fitting
                continue
            key = compactor.iri(str(predicate))
            if key in compactor.context:  # the compact IRI is itself a term: use the full IRI
                key = str(predicate)
            node[key] = [compactor.value(o, None) for o in objects]
        nodes.append({k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in node.items()})
    return nodes


def _jsonld(quads: list[Quad], base: str) -> str:
    context = load_context(base)
    compactor = _Compactor(context)
    graphs: dict[Any, list[Quad]] = {}
    for quad in quads:
        graphs.setdefault(quad[3], []).append(quad)
    top: list[dict[str, Any]] = _node_objects(graphs.pop(None, []), compactor)
    for name in sorted(graphs, key=term_key):
        top.append({"@id": compactor.iri(str(name)), "@graph": _node_objects(graphs[name], compactor)})
    document = {"@context": context, "@graph": top}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------------------------
# Writing


def export_graph(
    source: Source,
    fmt: str,
    output: Output = None,
    *,
    network: nx.MultiDiGraph | None = None,
    base: str | None = None,
    **options: Any,
) -> str | None:
    """Export the graph in ``fmt`` to ``output``.

    Parameters
    ----------
    source
        An rdflib Dataset or Graph, or quads (see :func:`serialize_graph`).
    fmt
        One of :data:`EXPORT_FORMATS`.
    output
        A path (written atomically: a temporary file beside it, then renamed), an open text
        file, or None to return the text (RDF formats only).
    network
        The networkx view of ``source`` for the network formats, when already made
        (default: :func:`graph.views.network.to_networkx` of ``source``).
    base
        Namespace of the data IRIs (see :func:`serialize_graph`).
    **options
        For ``html``: passed to :func:`graph.views.page.write_page` (``focus``, ``depth``,
        ``topic``, ``min_rating``); names are resolved on the RDF graph, as ``notekg show`` does.

    Returns
    -------
    str or None
        The serialisation when ``output`` is None (RDF formats only), else None.

    Raises
    ------
    NotekgError
        For an unknown format, or a network format without an output.
    OutputNotWritable
        If the output file cannot be written.
    """
    if fmt in RDF_FORMATS:
        text = serialize_graph(source, fmt, base=base)
        if output is None:
            return text
        write_output(text, output, example_name=f"graph.{fmt}")
        return None
    if fmt not in NETWORK_FORMATS:
        raise NotekgError(f"unknown export format {fmt!r} (use {', '.join(EXPORT_FORMATS)})")
    if output is None:
        raise NotekgError(f"--format {fmt} needs an output file")
    rdf = source if isinstance(source, Graph) else None
    if network is not None:
        G = network
    else:
        G = to_networkx(source if isinstance(source, Graph) else _dataset(_statements(source)))
    if fmt == "html":
        write_page(G, output, names=rdf, **options)
    else:
        write_graph_file(G, fmt, output)
    return None


def _dataset(quads: Iterable[Quad]) -> Graph:
    ds = Dataset(default_union=True)
    for s, p, o, g in quads:
        (ds.graph(g) if g is not None else ds.default_graph).add((s, p, o))
    return ds
