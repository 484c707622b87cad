"""Export the graph as RDF for other tools (Protégé, GraphDB, Jena, Neo4j n10s), deterministically.

RDF formats: ``ttl`` (Turtle), ``nt`` (N-Triples), ``nq`` (N-Quads), ``trig``, ``jsonld``
(JSON-LD with the compact ``@context`` of ``data/context.jsonld``) and ``xml`` (RDF/XML).
N-Quads, TriG and JSON-LD keep one named graph per notes file plus the default graph (ontology,
lexicon); Turtle, N-Triples and RDF/XML hold the union of all graphs. Every export is
deterministic — the same graph always gives the same bytes: triples and graphs are sorted,
prefixes bound, and there are no blank nodes to rename.

The network formats ``graphml gexf json csv html`` are projections of the networkx view, written
by :mod:`graph.views.graphfiles` and :mod:`graph.views.page`; :func:`export_graph` hands them over.

Usage::

    from graph.views.export import export_graph
    export_graph(kg, "trig", "exports/graph.trig")    # written atomically
    text = export_graph(kg, "ttl")                     # returned as a string

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
import re
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Iterable, Union

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, XSD

from graph.atomic import write_output
from graph.errors import NotekgError
from graph.views.xmltext import xml_text
from graph.vocab import DEFAULT_BASE, PREFIXES

__all__ = [
    "RDF_FORMATS",
    "NETWORK_FORMATS",
    "EXPORT_FORMATS",
    "CONTEXT_PATH",
    "load_context",
    "serialize_graph",
    "statements_of",
    "export_graph",
]

#: RDF serialisations, by ``--format`` name: (rdflib format, keeps named graphs).
RDF_FORMATS: dict[str, tuple[str, bool]] = {
    "ttl": ("turtle", False),
    "nt": ("nt", False),
    "nq": ("nquads", True),
    "trig": ("trig", True),
    "jsonld": ("json-ld", True),
    "xml": ("xml", False),
}

#: Formats written from the networkx view by :mod:`graph.views.graphfiles` and :mod:`graph.views.page`.
NETWORK_FORMATS = ("graphml", "gexf", "json", "csv", "html")

#: Every format ``notekg export --format`` accepts.
EXPORT_FORMATS = tuple(RDF_FORMATS) + NETWORK_FORMATS

#: The JSON-LD context for the notekg vocabulary, shipped in the package.
CONTEXT_PATH = Path(__file__).parent.parent / "data" / "context.jsonld"

Quad = tuple[Any, Any, Any, Any]
KnowledgeGraphLike = Any  # a graph.knowledge_graph.KnowledgeGraph, or anything with an ``.rdf`` Dataset
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


def _dataset_of(kg: KnowledgeGraphLike) -> Dataset | Graph:
    rdf = getattr(kg, "rdf", kg)
    if not isinstance(rdf, (Dataset, Graph)):
        raise TypeError(f"cannot export {type(kg).__name__}: expected a KnowledgeGraph or an rdflib graph")
    return rdf


def statements_of(rdf: Dataset | Graph) -> set[Quad]:
    """An rdflib graph's statements as quads, the default graph named ``None``."""
    if not isinstance(rdf, Dataset):
        return {(s, p, o, None) for s, p, o in rdf}
    quads = set()
    for s, p, o, g in rdf.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        quads.add((s, p, o, None if name is None or name == DATASET_DEFAULT_GRAPH_ID else name))
    return quads


def _quads(kg: KnowledgeGraphLike, *, ordered: bool = True) -> list[Quad]:
    """All quads, default graph as ``None``, sorted by graph then triple; blank nodes refused.

    A freshly built :class:`graph.knowledge_graph.KnowledgeGraph` hands over its statements directly,
    so exporting it needs no rdflib store.
    """
    statements = None if isinstance(kg, Graph) else getattr(kg, "quads", None)
    quads = set(statements()) if callable(statements) else statements_of(_dataset_of(kg))
    for quad in quads:
        if any(isinstance(term, BNode) for term in quad):
            raise NotekgError(
                "the graph has blank nodes, which cannot be exported deterministically: "
                f"{' '.join(term.n3() for term in quad[:3])}"
            )
    # Line formats sort their lines anyway: no need to order (and copy) the quads first.
    return sorted(quads, key=_quad_key) if ordered else list(quads)


def _term_key(term: Any) -> tuple[str, ...]:
    if term is None:
        return ("",)
    if isinstance(term, Literal):
        return ("2", str(term), str(term.datatype or ""), term.language or "")
    return ("1", str(term))


def _quad_key(quad: Quad) -> tuple[tuple[str, ...], ...]:
    s, p, o, g = quad
    return (_term_key(g), _term_key(s), _term_key(p), _term_key(o))


def _base_of(kg: KnowledgeGraphLike) -> str:
    if isinstance(getattr(kg, "base", None), str):
        return str(kg.base)
    for prefix, namespace in _dataset_of(kg).namespaces():
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
    triples = sorted({(s, p, o) for s, p, o, _ in quads}, key=lambda t: _quad_key((*t, None)))
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


def serialize_graph(kg: KnowledgeGraphLike, fmt: str) -> str:
    """Serialise the graph in an RDF format, deterministically.

    Parameters
    ----------
    kg
        A :class:`graph.knowledge_graph.KnowledgeGraph`, an :class:`rdflib.Dataset` or a :class:`rdflib.Graph`.
    fmt
        One of :data:`RDF_FORMATS`: ``ttl nt nq trig jsonld xml``.

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
    base = _base_of(kg)
    quads = _quads(kg, ordered=fmt not in ("nt", "nq", "ttl"))
    if fmt in ("nt", "nq"):
        return _lines(quads, with_graphs=fmt == "nq")
    if fmt == "ttl":
        return _turtle(quads)
    if fmt == "jsonld":
        return _jsonld(quads, base)
    if fmt == "trig":
        return _sorted_dataset(quads, base).serialize(format="trig")
    return _rdf_xml(quads, base)


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


def _lines(quads: Iterable[Quad], *, with_graphs: bool) -> str:
    """N-Triples / N-Quads, one statement a line, lines sorted, no duplicates."""
    return "".join(sorted({_nq_line(s, p, o, g if with_graphs else None) for s, p, o, g in quads}))


def _turtle(quads: Iterable[Quad]) -> str:
    """Turtle of the union graph by Oxigraph's writer (fast on large graphs), prefixes bound."""
    import pyoxigraph as ox

    triples = ox.parse(_lines(quads, with_graphs=False).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    text = bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b"").decode("utf-8")
    lines = text.splitlines()
    prefixes = sorted(line for line in lines if line.startswith("@prefix"))  # the writer's order varies
    body: list[str] = []
    for line in lines:
        if line.startswith("@prefix"):
            continue
        if body and body[-1].endswith(" .") and not line.startswith(("\t", " ")):
            body.append("")  # a blank line between subjects
        body.append(line)
    text = "\n".join(body)
    used = [line for line in prefixes if re.search(rf"(?<![\w<\"]){line.split()[1]}", text)]
    return "\n".join(used + [""] + body) + "\n"


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_XSD_STRING = str(XSD.string)


def _nt(term: Any) -> str:
    """A term in N-Triples syntax."""
    if isinstance(term, Literal):
        text = '"' + str(term).translate(_ESCAPES) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{text}^^<{term.datatype}>"
        return text
    return f"<{term}>"


def _nq_line(s: Any, p: Any, o: Any, g: Any) -> str:
    graph = f" <{g}>" if g is not None else ""
    return f"{_nt(s)} {_nt(p)} {_nt(o)}{graph} .\n"


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
    for subject in sorted(by_subject, key=_term_key):
        node: dict[str, Any] = {"@id": compactor.iri(str(subject))}
        properties = by_subject[subject]
        types = sorted(properties.get(RDF.type, []), key=_term_key)
        if types and all(isinstance(o, URIRef) for o in types):
            node["@type"] = [compactor.iri(str(o)) for o in types]
            properties = {p: os for p, os in properties.items() if p != RDF.type}
        for predicate in sorted(properties, key=_term_key):
            objects = sorted(properties[predicate], key=_term_key)
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
    for name in sorted(graphs, key=_term_key):
        top.append({"@id": compactor.iri(str(name)), "@graph": _node_objects(graphs[name], compactor)})
    document = {"@context": context, "@graph": top}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------------------------
# Writing


def export_graph(kg: KnowledgeGraphLike, fmt: str, output: Output = None, **options: Any) -> str | None:
    """Export the graph in ``fmt`` to ``output``.

    Parameters
    ----------
    kg
        A :class:`graph.knowledge_graph.KnowledgeGraph` (needed for the network formats, which use its
        ``.nx`` view), or an rdflib Dataset/Graph for the RDF formats.
    fmt
        One of :data:`EXPORT_FORMATS`.
    output
        A path (written atomically: a temporary file beside it, then renamed), an open text
        file, or None to return the text.
    **options
        For ``html``: passed to :func:`graph.views.page.write_page` (``focus``, ``depth``, ``topic``,
        ``min_rating``). Ignored by the RDF formats.

    Returns
    -------
    str or None
        The serialisation when ``output`` is None (RDF formats only), else None.

    Raises
    ------
    NotekgError
        For an unknown format, or a network format asked of a bare rdflib graph.
    OutputNotWritable
        If the output file cannot be written.
    """
    if fmt in RDF_FORMATS:
        text = serialize_graph(kg, fmt)
        if output is None:
            return text
        write_output(text, output, example_name=f"graph.{fmt}")
        return None
    if fmt in NETWORK_FORMATS:
        _export_network(kg, fmt, output, **options)
        return None
    raise NotekgError(f"unknown export format {fmt!r} (use {', '.join(EXPORT_FORMATS)})")


def _export_network(kg: KnowledgeGraphLike, fmt: str, output: Output, **options: Any) -> None:
    if not hasattr(kg, "nx"):
        raise NotekgError(f"--format {fmt} needs a built KnowledgeGraph (its networkx view)")
    if output is None:
        raise NotekgError(f"--format {fmt} needs an output file")
    if fmt == "html":
        try:
            from graph.views.page import write_page
        except ImportError:
            raise NotekgError("--format html is not available yet (graph.views.page is missing)") from None
        write_page(kg, output, **options)
        return
    try:
        from graph.views.graphfiles import write_graph_file
    except ImportError:
        raise NotekgError(f"--format {fmt} is not available yet (graph.views.graphfiles is missing)") from None
    write_graph_file(kg.nx, fmt, output)
