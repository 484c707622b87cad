"""The bridge between rdflib and Oxigraph: terms both ways, and rdflib graphs into a store.

SPARQL runs on Oxigraph (:mod:`graph.views.sparql`); the model and most views hold rdflib terms.
Graphs cross as N-Quads text (Oxigraph parses it faster than terms can be added one by one).

Examples
--------
>>> from rdflib import Literal, URIRef
>>> to_oxigraph(Literal(9))
<Literal value=9 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
>>> from_oxigraph(to_oxigraph(URIRef("urn:x"))) == URIRef("urn:x")
True
>>> len(to_store([(URIRef("urn:s"), URIRef("urn:p"), Literal("o"), None)]))
1
"""

from __future__ import annotations

from typing import Any, Iterable, Union

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from graph.rdf.write import Quad, nquads, statements_of

__all__ = ["to_oxigraph", "from_oxigraph", "to_store"]

OxTerm = Union[ox.NamedNode, ox.BlankNode, ox.Literal]


def to_oxigraph(term: Node) -> OxTerm:
    """An rdflib term as an Oxigraph term.

    Raises
    ------
    TypeError
        For something that is not an IRI, blank node or literal.
    """
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot give {term!r} to Oxigraph")


def from_oxigraph(term: Any) -> Node | None:
    """An Oxigraph term as an rdflib term (None stays None: an unbound variable).

    Raises
    ------
    TypeError
        For something that is not an Oxigraph IRI, blank node or literal.
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unexpected term from Oxigraph: {term!r}")


def to_store(graph: Dataset | Graph | Iterable[Quad]) -> ox.Store:
    """A new in-memory Oxigraph store holding an rdflib graph or quads (named graphs kept)."""
    quads = statements_of(graph) if isinstance(graph, Graph) else graph
    store = ox.Store()
    store.load(nquads(quads).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return store
