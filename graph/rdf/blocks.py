"""Write a graph kept as text: one block of sorted N-Quads lines per named graph.

An incremental build (:mod:`graph.build_cache`) keeps each notes file's named graph as the
N-Quads lines :func:`graph.rdf.write.nquads_chunks` writes for it, so an unchanged file's graph
is never modelled again. The functions here make the build's files from such blocks, byte for
byte what the writer makes from the statements: N-Quads (the blocks' lines merged in order),
Turtle of the union graph, and the statements themselves when a view needs terms.

Examples
--------
>>> a = ['<urn:a> <urn:p> "1" <urn:g1> .\\n', '<urn:c> <urn:p> <urn:a> <urn:g1> .\\n']
>>> b = ['<urn:a> <urn:p> "1" <urn:g2> .\\n', '<urn:b> <urn:p> "2" <urn:g2> .\\n']
>>> print("".join(nquads_of_blocks([(None, []), ("urn:g1", a), ("urn:g2", b)])), end="")
<urn:a> <urn:p> "1" <urn:g1> .
<urn:a> <urn:p> "1" <urn:g2> .
<urn:b> <urn:p> "2" <urn:g2> .
<urn:c> <urn:p> <urn:a> <urn:g1> .
>>> union_lines([("urn:g1", a), ("urn:g2", b)])
['<urn:a> <urn:p> "1" .\\n', '<urn:b> <urn:p> "2" .\\n', '<urn:c> <urn:p> <urn:a> .\\n']
"""

from __future__ import annotations

import heapq
from typing import Iterator, Optional, Sequence

import pyoxigraph as ox

from graph.rdf.turtle import turtle_of_triples
from graph.terms import from_oxigraph

__all__ = ["Block", "nquads_of_blocks", "union_lines", "turtle_of_blocks", "quads_of_blocks"]

#: A named graph's IRI (None: the default graph) and its N-Quads lines, sorted, each once.
Block = tuple[Optional[str], Sequence[str]]


def nquads_of_blocks(blocks: Sequence[Block], *, chunk_size: int = 1 << 20) -> Iterator[str]:
    """The N-Quads of all blocks, lines sorted and each once, in pieces of about ``chunk_size``.

    The writer sorts all lines of a graph; each block is sorted already, so merging them gives
    the same text.
    """
    pieces: list[str] = []
    size = 0
    previous = None
    for line in heapq.merge(*(lines for _, lines in blocks)):
        if line == previous:  # two files with one notes IRI: their statements are one graph's
            continue
        previous = line
        pieces.append(line)
        size += len(line)
        if size >= chunk_size:
            yield "".join(pieces)
            pieces, size = [], 0
    if pieces:
        yield "".join(pieces)


def union_lines(blocks: Sequence[Block]) -> list[str]:
    """The N-Triples lines of the union of the graphs, sorted, each once."""
    found: set[str] = set()
    for graph, lines in blocks:
        if graph is None:
            found.update(lines)
            continue
        tail = f" <{graph}> .\n"
        found.update(line[: -len(tail)] + " .\n" for line in lines)
    return sorted(found)


def turtle_of_blocks(blocks: Sequence[Block]) -> str:
    """Turtle of the union graph, as :func:`graph.rdf.write.turtle` writes it from statements."""
    text = "".join(union_lines(blocks)).encode("utf-8")
    return turtle_of_triples(ox.parse(text, format=ox.RdfFormat.N_TRIPLES))


def quads_of_blocks(blocks: Sequence[Block]) -> list[tuple]:
    """The statements of the blocks as rdflib terms, the default graph named None."""
    quads = []
    for quad in ox.parse("".join(nquads_of_blocks(blocks)).encode("utf-8"), format=ox.RdfFormat.N_QUADS):
        graph = None if isinstance(quad.graph_name, ox.DefaultGraph) else from_oxigraph(quad.graph_name)
        quads.append((from_oxigraph(quad.subject), from_oxigraph(quad.predicate), from_oxigraph(quad.object), graph))
    return quads
