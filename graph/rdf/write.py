"""Write statements out fast and deterministically: N-Quads, N-Triples and Turtle text, or into
an Oxigraph store.

The same statements always give the same bytes: lines are sorted, Turtle subjects too, prefixes
bound. N-Quads and N-Triples go out subject by subject (:func:`nquads_chunks`), so a large graph
is written in pieces rather than held as one set, list and string of all its lines. Statements
come as quads (the default graph named ``None``), straight from the model or from an rdflib
graph through :func:`statements_of`. Blank nodes are refused: they could not be
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

import io
import itertools
from typing import Any, Iterable, Iterator

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
    "nquads_chunks",
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
    return "".join(nquads_chunks(quads))


def ntriples(quads: Iterable[Quad]) -> str:
    """N-Triples of the union of the graphs, lines sorted, no duplicates."""
    return "".join(nquads_chunks(quads, union=True))


def nquads_chunks(quads: Iterable[Quad], *, union: bool = False, chunk_size: int = 1 << 20) -> Iterator[str]:
    """N-Quads text in pieces of about ``chunk_size`` characters; N-Triples of the union graph
    with ``union=True``. Joined, the pieces are the lines sorted, each once.

    The quads are grouped by subject; the subjects go out in order, each with its own lines
    sorted and deduplicated. That is the order of all lines sorted, because a line starts with
    its subject's text and a space, and an IRI's text (``<...>``) is never the start of another's.
    Each IRI's text is made once.

    >>> from rdflib import Literal, URIRef
    >>> a, b, p = URIRef("urn:a"), URIRef("urn:a-b"), URIRef("urn:p")
    >>> quads = [(a, p, Literal(1), None), (b, p, a, None), (a, p, Literal(1), None)]
    >>> print("".join(nquads_chunks(quads)), end="")
    <urn:a-b> <urn:p> <urn:a> .
    <urn:a> <urn:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .

    Raises
    ------
    NotekgError
        If a statement has a blank node.
    """
    text = _TermText()
    by_subject: dict[str, list[tuple[str, str, str]]] = {}
    for quad in quads:
        s, p, o, g = quad
        if isinstance(s, BNode) or isinstance(o, BNode) or isinstance(p, BNode) or isinstance(g, BNode):
            raise NotekgError(
                "the graph has blank nodes, which cannot be exported deterministically: "
                f"{' '.join(term.n3() for term in quad[:3])}"
            )
        subject = text(s)
        rests = by_subject.get(subject)
        if rests is None:
            rests = by_subject[subject] = []
        rests.append((text(p), text(o), "" if union or g is None else " " + text(g)))
    pieces: list[str] = []
    size = 0
    # Sorting by the line's start (text and space) keeps the order of sorted lines.
    for subject in sorted(by_subject, key=lambda s: s + " "):
        lines = sorted({f"{subject} {p} {o}{g} .\n" for p, o, g in by_subject.pop(subject)})
        pieces.extend(lines)
        size += sum(map(len, lines))
        if size >= chunk_size:
            yield "".join(pieces)
            pieces, size = [], 0
    if pieces:
        yield "".join(pieces)


def turtle(quads: Iterable[Quad]) -> str:
    """Turtle of the union graph by Oxigraph's writer (fast on large graphs), prefixes bound.

    Oxigraph reads the sorted N-Triples piece by piece, never the whole text at once.

    Raises
    ------
    NotekgError
        If a statement has a blank node.
    """
    chunks = nquads_chunks(quads, union=True)
    first = next(chunks, "")  # groups (and checks) every statement: errors come from here
    lines = io.BufferedReader(_ChunkReader(itertools.chain([first], chunks)), buffer_size=1 << 16)
    return turtle_of_triples(ox.parse(lines, format=ox.RdfFormat.N_TRIPLES))


class _ChunkReader(io.RawIOBase):
    """A binary file reading text pieces as UTF-8, one piece in memory at a time."""

    def __init__(self, chunks: Iterable[str]):
        self._chunks = iter(chunks)
        self._piece = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._piece:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._piece = memoryview(chunk.encode("utf-8"))
        size = min(len(buffer), len(self._piece))
        buffer[:size] = self._piece[:size]
        self._piece = self._piece[size:]
        return size


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


class _TermText:
    """Terms' N-Triples text, each IRI's made once (IRIs repeat on many lines; literals seldom).

    Literals are not cached: rdflib counts ``"1"`` and ``"01"`` as equal integers, and
    language tags equal in any case, yet they are written as they are.
    """

    def __init__(self) -> None:
        self.iris: dict[str, str] = {}

    def __call__(self, term: Any) -> str:
        if isinstance(term, Literal):
            return _nt(term)
        text = self.iris.get(term)
        if text is None:
            text = self.iris[term] = f"<{term}>"
        return text
