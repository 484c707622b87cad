"""RDF terms in the two libraries notekg uses: rdflib's and Oxigraph's, converted both ways.

Files are parsed and SPARQL runs on Oxigraph (fast); the model and most views hold rdflib terms.

Examples
--------
>>> from rdflib import Literal, URIRef
>>> to_oxigraph(Literal(9))
<Literal value=9 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
>>> from_oxigraph(to_oxigraph(URIRef("urn:x"))) == URIRef("urn:x")
True
"""

from __future__ import annotations

from typing import Any, Union

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

__all__ = ["to_oxigraph", "from_oxigraph"]

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
