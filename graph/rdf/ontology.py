"""The notekg ontology (``data/ontology.ttl``): every class and property of :class:`graph.vocab.NK`.

The ontology is data shipped in the package. The model copies it into the default graph of every
built graph, so relation labels ("uses", "evaluated on", ...) travel with every export.

Usage::

    from graph.rdf.ontology import load_ontology
    onto = load_ontology()            # an rdflib.Graph, prefixes bound

Examples
--------
>>> from graph.vocab import NK
>>> from rdflib import RDFS
>>> onto = load_ontology()
>>> print(onto.value(NK.evaluatedOn, RDFS.label))
evaluated on
>>> ontology_terms() == vocabulary_terms()
True
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.domain import NK_NAMESPACE, PREFIXES
from graph.rdf.term_text import TextTriple, oxigraph_text

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

# rdflib is imported by the functions that give rdflib terms: a build copies the ontology into
# its graph as N-Triples text (ontology_statements), read by Oxigraph, without loading rdflib.

__all__ = ["ONTOLOGY_PATH", "load_ontology", "ontology_triples", "ontology_statements", "ontology_terms",
           "vocabulary_terms"]

#: Where the ontology lives inside the package.
ONTOLOGY_PATH = Path(__file__).parent.parent / "data" / "ontology.ttl"


@lru_cache(maxsize=1)
def ontology_statements() -> tuple[TextTriple, ...]:
    """The ontology's triples as N-Triples text (the text :func:`ontology_triples`' terms have),
    parsed once per process by Oxigraph.

    >>> ('<https://w3id.org/notekg/vocab#uses>', '<http://www.w3.org/2000/01/rdf-schema#label>', '"uses"') in ontology_statements()
    True
    """
    return tuple(
        (oxigraph_text(t.subject), oxigraph_text(t.predicate), oxigraph_text(t.object))
        for t in ox.parse(path=str(ONTOLOGY_PATH), format=ox.RdfFormat.TURTLE)
    )


@lru_cache(maxsize=1)
def ontology_triples() -> tuple[tuple[URIRef, URIRef, URIRef], ...]:
    """The ontology's triples as rdflib terms, sorted, parsed once per process."""
    from rdflib import Graph

    g = Graph()
    g.parse(ONTOLOGY_PATH, format="turtle")
    return tuple(sorted(g))  # type: ignore[arg-type]


def load_ontology() -> Graph:
    """Return the notekg ontology as a new :class:`rdflib.Graph` with notekg's prefixes bound.

    The file is parsed once per process; each call returns a fresh copy the caller may change.

    Returns
    -------
    rdflib.Graph
        Classes (``owl:Class``) and properties (``owl:ObjectProperty``, ``owl:DatatypeProperty``)
        with ``rdfs:label``, ``rdfs:comment``, domains, ranges and subclass links.

    Examples
    --------
    >>> from graph.vocab import NK
    >>> from rdflib import OWL, RDF
    >>> (NK.Paper, RDF.type, OWL.Class) in load_ontology()
    True
    """
    from rdflib import Graph

    g = Graph()
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace, override=True, replace=True)
    for triple in ontology_triples():
        g.add(triple)
    return g


def ontology_terms() -> set[URIRef]:
    """Return the terms of the ``nk:`` namespace the ontology describes (subjects of its triples).

    Examples
    --------
    >>> from graph.vocab import NK
    >>> NK.uses in ontology_terms()
    True
    """
    from rdflib import URIRef

    namespace = NK_NAMESPACE
    return {s for s, _, _ in ontology_triples() if isinstance(s, URIRef) and str(s).startswith(namespace)}


def vocabulary_terms() -> set[URIRef]:
    """Return the terms :class:`graph.vocab.NK` defines (its annotated names).

    Examples
    --------
    >>> len(vocabulary_terms()) >= 40
    True
    """
    from graph.vocab import NK

    return {NK[name] for name in NK.__annotations__ if not name.startswith("_")}
