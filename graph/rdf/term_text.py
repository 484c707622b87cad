"""Statements as N-Triples text: the form the build makes, writes and loads, without rdflib terms.

A build makes millions of statements; as rdflib terms each costs about 210 bytes and a few
microseconds, and the writer then turns every term back into text. Here a term is its N-Triples
text from the start (``<iri>``, ``"text"``, ``"9"^^<...#integer>``), each IRI's text made once
and shared by every statement that names it, so writing N-Quads only joins strings.

:data:`Statements` maps a named graph's text (``""`` for the default graph) to its triples.
:func:`rdflib_quads` turns them into rdflib terms for the commands that want an rdflib graph.

Examples
--------
>>> terms = TermText("https://w3id.org/notekg/id/")
>>> terms.iri("paper/a"), literal_text('say "hi"'), typed_text(9, XSD_INTEGER)
('<https://w3id.org/notekg/id/paper/a>', '"say \\\\"hi\\\\""', '"9"^^<http://www.w3.org/2001/XMLSchema#integer>')
>>> statements = {"": [(terms.iri("paper/a"), "<urn:p>", literal_text("A"))]}
>>> rdflib_quads(statements)
[(rdflib.term.URIRef('https://w3id.org/notekg/id/paper/a'), rdflib.term.URIRef('urn:p'), rdflib.term.Literal('A'), None)]
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

import pyoxigraph as ox

from graph.rdf.safe_terms import text as encodable
from graph.rdf.safe_terms import url_iri

__all__ = [
    "Statements",
    "TextTriple",
    "TermText",
    "literal_text",
    "typed_text",
    "node_text",
    "url_text",
    "oxigraph_text",
    "statement_lines",
    "rdflib_quads",
    "XSD_INTEGER",
]

#: A triple as the N-Triples text of its three terms.
TextTriple = tuple[str, str, str]
#: Triples by the text of their named graph (``"<iri>"``; ``""`` is the default graph).
Statements = dict[str, list[TextTriple]]

_XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_INTEGER = _XSD + "integer"
_XSD_STRING = _XSD + "string"
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def literal_text(value: str) -> str:
    """A plain string literal's text; text a file name cannot encode becomes U+FFFD.

    >>> print(literal_text("two\\nlines"))
    "two\\nlines"
    """
    return '"' + _escaped(encodable(value)) + '"'


def typed_text(value: object, datatype: str) -> str:
    """A typed literal's text, its lexical form ``str(value)``.

    >>> print(typed_text(2019, "http://www.w3.org/2001/XMLSchema#gYear"))
    "2019"^^<http://www.w3.org/2001/XMLSchema#gYear>
    """
    return '"' + _escaped(encodable(str(value))) + '"^^<' + datatype + ">"


def _escaped(value: str) -> str:
    # most texts need no escape: four scans cost a tenth of a translate
    if '"' in value or "\\" in value or "\n" in value or "\r" in value:
        return value.translate(_ESCAPES)
    return value


def node_text(term: Any) -> str:
    """An rdflib term's N-Triples text (as notekg writes it: only the escapes N-Triples needs).

    >>> from rdflib import Literal, URIRef
    >>> node_text(URIRef("urn:a")), node_text(Literal("x", lang="en")), node_text(Literal(True))
    ('<urn:a>', '"x"@en', '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>')
    """
    if getattr(term, "language", None) is not None or hasattr(term, "datatype"):
        text = '"' + encodable(str(term)).translate(_ESCAPES) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{text}^^<{term.datatype}>"
        return text
    return f"<{term}>"


def url_text(url: str) -> str:
    """A link from the notes as an IRI's text, percent-encoded where IRIs cannot hold a
    character, or as a literal's when it cannot be an IRI (``node_text(url_term(url))``).

    >>> url_text("https://example.org/a b"), url_text("www.example.org")
    ('<https://example.org/a%20b>', '"www.example.org"')
    """
    iri = url_iri(url)
    return "<" + iri + ">" if iri is not None else literal_text(url)


def oxigraph_text(term: Any) -> str:
    """An Oxigraph term's text as :func:`node_text` writes the rdflib term it stands for.

    >>> oxigraph_text(ox.NamedNode("urn:a")), oxigraph_text(ox.Literal("x", language="en"))
    ('<urn:a>', '"x"@en')
    >>> oxigraph_text(ox.Literal("01", datatype=ox.NamedNode(XSD_INTEGER)))
    '"1"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    if isinstance(term, ox.NamedNode):
        return "<" + term.value + ">"
    if isinstance(term, ox.Literal):
        if term.language:
            return '"' + _escaped(encodable(term.value)) + '"@' + term.language
        if term.datatype.value == _XSD_STRING:
            return '"' + _escaped(encodable(term.value)) + '"'
    # Typed literals (rdflib writes some in a canonical form: "01" as "1") and blank nodes,
    # which notekg's own data files have none of, go through rdflib.
    from graph.terms import from_oxigraph

    return node_text(from_oxigraph(term))


class TermText:
    """Data IRIs' text under ``base``, and vocabulary IRIs' text, each made once and shared."""

    def __init__(self, base: str):
        self.base = base
        self._iris: dict[str, str] = {}

    def iri(self, key: str) -> str:
        """``<base + key>``."""
        text = self._iris.get(key)
        if text is None:
            text = self._iris[key] = "<" + self.base + key + ">"
        return text

    def full(self, iri: str) -> str:
        """``<iri>`` for an absolute IRI (a vocabulary term, a URL)."""
        key = "\0" + iri  # apart from data keys
        text = self._iris.get(key)
        if text is None:
            text = self._iris[key] = "<" + iri + ">"
        return text


def statement_lines(graph: str, triples: Iterable[TextTriple]) -> Iterator[str]:
    """The N-Quads lines of one graph's triples, sorted, each once.

    The triples are grouped by subject, the subjects sorted and then each subject's
    predicate-object pairs (fewer, smaller and cheaper to compare than lines, twice as fast).
    The order is the lines': an IRI's text never begins another's, and a literal's text is
    followed only by ``^^`` or ``@``, which sort after the space that ends a term on a line.

    >>> list(statement_lines("<urn:g>", [("<urn:b>", "<urn:p>", '"x"'), ("<urn:a>", "<urn:p>", '"y"')] * 2))
    ['<urn:a> <urn:p> "y" <urn:g> .\\n', '<urn:b> <urn:p> "x" <urn:g> .\\n']
    """
    end = " " + graph + " .\n" if graph else " .\n"
    by_subject: dict[str, list[tuple[str, str]]] = {}
    for s, p, o in triples:
        pairs = by_subject.get(s)
        if pairs is None:
            pairs = by_subject[s] = []
        pairs.append((p, o))
    for s in sorted(by_subject):
        for p, o in sorted(set(by_subject.pop(s))):
            yield f"{s} {p} {o}{end}"


def rdflib_quads(statements: Statements) -> list[tuple[Any, Any, Any, Any]]:
    """The statements as rdflib terms (the default graph named ``None``), read by Oxigraph's
    N-Quads parser, which is faster than making each term from its text in Python."""
    from rdflib import Literal, URIRef

    def term(node: Any) -> Any:
        if isinstance(node, ox.NamedNode):
            return URIRef(node.value)
        if node.language:
            return Literal(node.value, lang=node.language)
        datatype = node.datatype.value
        return Literal(node.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))

    text = "".join(
        "".join(statement_lines(graph, triples)) for graph, triples in statements.items()
    ).encode("utf-8")
    quads = []
    for quad in ox.parse(text, format=ox.RdfFormat.N_QUADS):
        graph = None if isinstance(quad.graph_name, ox.DefaultGraph) else URIRef(quad.graph_name.value)
        quads.append((term(quad.subject), term(quad.predicate), term(quad.object), graph))
    return quads
