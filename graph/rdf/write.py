"""Write statements out fast and deterministically: N-Quads, N-Triples and Turtle text, or into
an Oxigraph store.

The same statements always give the same bytes: lines are sorted, Turtle subjects too, prefixes
bound. Statements come as quads (the default graph named ``None``), straight from the model or
from an rdflib graph through :func:`statements_of`. Blank nodes are refused: they could not be
written deterministically, and notekg graphs have none.

Examples
--------
>>> from rdflib import Literal, URIRef
>>> from graph.vocab import NK
>>> paper = URIRef("https://w3id.org/notekg/id/paper/a")
>>> quads = [(paper, NK.rating, Literal(9), URIRef("https://w3id.org/notekg/id/notes/a"))]
>>> print(nquads(quads), end="")
<https://w3id.org/notekg/id/paper/a> <https://w3id.org/notekg/vocab#rating> "9"^^<http://www.w3.org/2001/XMLSchema#integer> <https://w3id.org/notekg/id/notes/a> .
>>> print(turtle(quads), end="")
@prefix nk: <https://w3id.org/notekg/vocab#> .
<BLANKLINE>
<https://w3id.org/notekg/id/paper/a> nk:rating 9 .
"""

from __future__ import annotations

from typing import Any, Iterable

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD

from graph.errors import NotekgError
from graph.rdf.turtle import turtle_of_triples

__all__ = [
    "Quad",
    "statements_of",
    "checked_quads",
    "quad_key",
    "term_key",
    "nquads",
    "ntriples",
    "turtle",
    "to_store",
]

#: A statement and its named graph (None: the default graph).
Quad = tuple[Any, Any, Any, Any]


def statements_of(rdf: Dataset | Graph) -> set[Quad]:
    """An rdflib graph's statements as quads, the default graph named ``None``."""
    if not isinstance(rdf, Dataset):
        return {(s, p, o, None) for s, p, o in rdf}
    quads = set()
    for s, p, o, g in rdf.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        quads.add((s, p, o, None if name is None or name == DATASET_DEFAULT_GRAPH_ID else name))
    return quads


def checked_quads(statements: Iterable[Quad], *, ordered: bool = True) -> list[Quad]:
    """The statements once each, sorted by graph then triple (unless ``ordered=False``).

    Raises
    ------
    NotekgError
        If a statement has a blank node.
    """
    quads = set(statements)
    for quad in quads:
        if any(isinstance(term, BNode) for term in quad):
            raise NotekgError(
                "the graph has blank nodes, which cannot be exported deterministically: "
                f"{' '.join(term.n3() for term in quad[:3])}"
            )
    # Line formats sort their lines anyway: no need to order (and copy) the quads first.
    return sorted(quads, key=quad_key) if ordered else list(quads)


def term_key(term: Any) -> tuple[str, ...]:
    """A sort key for terms: graph names and IRIs before literals, then by text."""
    if term is None:
        return ("",)
    if isinstance(term, Literal):
        return ("2", str(term), str(term.datatype or ""), term.language or "")
    return ("1", str(term))


def quad_key(quad: Quad) -> tuple[tuple[str, ...], ...]:
    """A sort key for quads: by graph, subject, predicate, object."""
    s, p, o, g = quad
    return (term_key(g), term_key(s), term_key(p), term_key(o))


def nquads(quads: Iterable[Quad]) -> str:
    """N-Quads, one statement a line, lines sorted, no duplicates."""
    return "".join(sorted({_nq_line(s, p, o, g) for s, p, o, g in quads}))


def ntriples(quads: Iterable[Quad]) -> str:
    """N-Triples of the union of the graphs, lines sorted, no duplicates."""
    return "".join(sorted({_nq_line(s, p, o, None) for s, p, o, _ in quads}))


def turtle(quads: Iterable[Quad]) -> str:
    """Turtle of the union graph by Oxigraph's writer (fast on large graphs), prefixes bound."""
    triples = ox.parse(ntriples(quads).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return turtle_of_triples(triples)


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_XSD_STRING = str(XSD.string)


def to_store(graph: Dataset | Graph | Iterable[Quad]) -> ox.Store:
    """A new in-memory Oxigraph store holding an rdflib graph or quads (named graphs kept).

    The statements cross as N-Quads text: Oxigraph parses it faster than terms can be added
    one by one.

    >>> from rdflib import Literal, URIRef
    >>> len(to_store([(URIRef("urn:s"), URIRef("urn:p"), Literal("o"), None)]))
    1
    """
    quads = statements_of(graph) if isinstance(graph, Graph) else graph
    store = ox.Store()
    store.load(nquads(quads).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return store


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
