"""Write statements out fast and deterministically: N-Quads, N-Triples and Turtle text, or into
an Oxigraph store.

The same statements always give the same bytes: lines are sorted (N-Quads graph by graph),
Turtle subjects too, prefixes bound. N-Quads and N-Triples go out in pieces
(:func:`nquads_chunks`), never as one string of all their lines. Statements come as the model's
N-Triples text (:data:`~graph.rdf.term_text.Statements`, a build's), or as rdflib quads (the
default graph named ``None``) from an rdflib graph through :func:`statements_of`. Blank nodes are refused: they could not be
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
from typing import TYPE_CHECKING, Any, Iterable, Iterator

import pyoxigraph as ox

from graph.errors import NotekgError
from graph.rdf.term_text import Statements, TextTriple, node_text, statement_lines
from graph.rdf.turtle import turtle_of_triples

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

# rdflib is imported by the functions that read rdflib terms: the model's statements (text) are
# written, and loaded into Oxigraph, without it.

__all__ = [
    "Quad",
    "statements_of",
    "checked_quads",
    "quad_key",
    "term_key",
    "nquads",
    "nquads_chunks",
    "joined_in_pieces",
    "statements_text",
    "ntriples",
    "turtle",
    "to_store",
    "SortedGraphs",
    "sorted_graphs",
    "nquads_of_sorted",
    "turtle_of_sorted",
]

#: Each graph's N-Triples lines, sorted and each once, graph by graph in N-Quads order (the
#: default graph, "", first).
SortedGraphs = list[tuple[str, list[str]]]

#: A statement and its named graph (None: the default graph).
Quad = tuple[Any, Any, Any, Any]


def statements_of(rdf: Dataset | Graph) -> set[Quad]:
    """An rdflib graph's statements as quads, the default graph named ``None``."""
    from rdflib import Dataset
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

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
    from rdflib import BNode

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
    from rdflib import Literal

    if term is None:
        return ("",)
    if isinstance(term, Literal):
        return ("2", str(term), str(term.datatype or ""), term.language or "")
    return ("1", str(term))


def quad_key(quad: Quad) -> tuple[tuple[str, ...], ...]:
    """A sort key for quads: by graph, subject, predicate, object."""
    s, p, o, g = quad
    return (term_key(g), term_key(s), term_key(p), term_key(o))


def nquads(quads: Iterable[Quad] | Statements) -> str:
    """N-Quads, one statement a line, graph by graph (see :func:`nquads_chunks`), no duplicates."""
    return "".join(nquads_chunks(quads))


def ntriples(quads: Iterable[Quad] | Statements) -> str:
    """N-Triples of the union of the graphs, lines sorted, no duplicates."""
    return "".join(nquads_chunks(quads, union=True))


def nquads_chunks(quads: Iterable[Quad] | Statements, *, union: bool = False,
                  chunk_size: int = 1 << 20) -> Iterator[str]:
    """N-Quads text in pieces of about ``chunk_size`` characters; N-Triples of the union graph
    with ``union=True``.

    N-Quads go out graph by graph: the default graph's block first, then each named graph's
    in the order of the graphs' IRIs, each block's lines sorted and each once (so one notes
    file's block is the same text whatever the other files say; see
    :func:`graph.rdf.quads.notes_nquads`). N-Triples are the union's lines sorted, each once.
    ``quads`` are rdflib quads or the model's :data:`~graph.rdf.term_text.Statements`.

    >>> from rdflib import Literal, URIRef
    >>> a, b, p, g = URIRef("urn:a"), URIRef("urn:a-b"), URIRef("urn:p"), URIRef("urn:g")
    >>> quads = [(a, p, Literal(1), g), (b, p, a, None), (a, p, Literal(1), g)]
    >>> print("".join(nquads_chunks(quads)), end="")
    <urn:a-b> <urn:p> <urn:a> .
    <urn:a> <urn:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> <urn:g> .

    Raises
    ------
    NotekgError
        If a statement has a blank node.
    """
    statements = quads if isinstance(quads, dict) else statements_text(quads)
    if union:
        blocks: Iterable[tuple[str, Iterable[TextTriple]]] = [
            ("", itertools.chain.from_iterable(statements.values()))
        ]
    else:
        blocks = sorted(statements.items())  # "" (the default graph) sorts first
    yield from joined_in_pieces(
        itertools.chain.from_iterable(statement_lines(graph, triples) for graph, triples in blocks), chunk_size)


def joined_in_pieces(lines: Iterable[str], chunk_size: int = 1 << 20) -> Iterator[str]:
    """Lines joined into pieces of at least ``chunk_size`` characters (the last may be shorter),
    each ending where a line ends: a large file is written without ever being one string.

    >>> list(joined_in_pieces(["ab\\n", "c\\n", "d\\n"], chunk_size=4))
    ['ab\\nc\\n', 'd\\n']
    """
    pieces: list[str] = []
    size = 0
    for line in lines:
        pieces.append(line)
        size += len(line)
        if size >= chunk_size:
            yield "".join(pieces)
            pieces, size = [], 0
    if pieces:
        yield "".join(pieces)


def statements_text(quads: Iterable[Quad]) -> Statements:
    """rdflib quads as N-Triples text by named graph (each IRI's text made once).

    Raises
    ------
    NotekgError
        If a statement has a blank node.
    """
    from rdflib import BNode

    text = _TermText()
    statements: Statements = {}
    for quad in quads:
        s, p, o, g = quad
        if isinstance(s, BNode) or isinstance(o, BNode) or isinstance(p, BNode) or isinstance(g, BNode):
            raise NotekgError(
                "the graph has blank nodes, which cannot be exported deterministically: "
                f"{' '.join(term.n3() for term in quad[:3])}"
            )
        graph = "" if g is None else text(g)
        triples = statements.get(graph)
        if triples is None:
            triples = statements[graph] = []
        triples.append((text(s), text(p), text(o)))
    return statements


def turtle(quads: Iterable[Quad] | Statements) -> str:
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


def sorted_graphs(statements: Statements) -> SortedGraphs:
    """The statements' lines sorted once, for both the N-Quads (:func:`nquads_of_sorted`) and
    the Turtle (:func:`turtle_of_sorted`) of a build: the same bytes as :func:`nquads_chunks`
    and :func:`turtle`, with half the grouping and sorting.

    >>> graphs = sorted_graphs({"<urn:g>": [("<urn:b>", "<urn:p>", "<urn:o>")], "": [("<urn:a>", "<urn:p>", "<urn:o>")]})
    >>> graphs
    [('', ['<urn:a> <urn:p> <urn:o> .\\n']), ('<urn:g>', ['<urn:b> <urn:p> <urn:o> .\\n'])]
    >>> print("".join(nquads_of_sorted(graphs)), end="")
    <urn:a> <urn:p> <urn:o> .
    <urn:b> <urn:p> <urn:o> <urn:g> .
    """
    return [(graph, list(statement_lines("", triples))) for graph, triples in sorted(statements.items())]


def nquads_of_sorted(graphs: SortedGraphs, chunk_size: int = 1 << 20) -> Iterator[str]:
    """:func:`nquads_chunks` of the statements :func:`sorted_graphs` sorted."""
    def quad_lines() -> Iterator[str]:
        for graph, lines in graphs:
            if graph:
                end = graph + " .\n"  # "s p o .\n" becomes "s p o <g> .\n"
                lines = [line[:-2] + end for line in lines]
            yield from lines

    return joined_in_pieces(quad_lines(), chunk_size)


def turtle_of_sorted(graphs: SortedGraphs) -> str:
    """:func:`turtle` of the statements :func:`sorted_graphs` sorted: the union's lines are the
    graphs' merged (a line's order is its terms', see :func:`~graph.rdf.term_text.statement_lines`)."""
    union = graphs[0][1] if len(graphs) == 1 else sorted(set().union(*(lines for _, lines in graphs)))
    return turtle_of_triples(ox.parse("".join(union), format=ox.RdfFormat.N_TRIPLES))


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


def to_store(graph: Dataset | Graph | Iterable[Quad] | Statements) -> ox.Store:
    """A new in-memory Oxigraph store holding an rdflib graph or quads (named graphs kept).

    The statements cross as N-Quads text: Oxigraph parses it faster than terms can be added
    one by one.

    >>> from rdflib import Literal, URIRef
    >>> len(to_store([(URIRef("urn:s"), URIRef("urn:p"), Literal("o"), None)]))
    1
    """
    quads: Iterable[Quad] | Statements
    if isinstance(graph, dict):  # the model's text: no rdflib
        quads = graph
    else:
        from rdflib import Graph

        quads = statements_of(graph) if isinstance(graph, Graph) else graph
    store = ox.Store()
    text = io.BufferedReader(_ChunkReader(nquads_chunks(quads)), buffer_size=1 << 16)
    store.load(text, format=ox.RdfFormat.N_QUADS)
    return store


class _TermText:
    """Terms' N-Triples text, each IRI's made once (IRIs repeat on many lines; literals seldom).

    Literals are not cached: rdflib counts ``"1"`` and ``"01"`` as equal integers, and
    language tags equal in any case, yet they are written as they are.
    """

    def __init__(self) -> None:
        from rdflib import Literal

        self.iris: dict[str, str] = {}
        self._literal = Literal

    def __call__(self, term: Any) -> str:
        if isinstance(term, self._literal):
            return node_text(term)
        text = self.iris.get(term)
        if text is None:
            text = self.iris[term] = f"<{term}>"
        return text
