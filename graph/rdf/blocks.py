"""A graph kept as text: each named graph's N-Quads block, as the writer makes it.

An incremental build (:mod:`graph.build_cache`) keeps each notes file's named graph as the
block of sorted, deduplicated N-Quads lines that :func:`graph.rdf.write.nquads_chunks` writes
for it, so an unchanged file's graph is not modelled, sorted or written out again. From such
blocks come the build's files, byte for byte what the writer makes from the statements:
``graph.nq`` (the blocks in the order of their graphs), Turtle of the union graph (the blocks'
lines merged), the triple count, and the statements when a view needs them.

Examples
--------
>>> g1 = '<urn:a> <urn:p> "1" <urn:g1> .\\n<urn:c> <urn:p> <urn:a> <urn:g1> .\\n'
>>> g2 = '<urn:a> <urn:p> "1" <urn:g2> .\\n<urn:b> <urn:p> "2" <urn:g2> .\\n'
>>> blocks = {"": "", "<urn:g2>": g2, "<urn:g1>": g1}
>>> print(b"".join(nquads_of_blocks(blocks)).decode(), end="")
<urn:a> <urn:p> "1" <urn:g1> .
<urn:c> <urn:p> <urn:a> <urn:g1> .
<urn:a> <urn:p> "1" <urn:g2> .
<urn:b> <urn:p> "2" <urn:g2> .
>>> union_lines(blocks)
['<urn:a> <urn:p> "1" .\\n', '<urn:b> <urn:p> "2" .\\n', '<urn:c> <urn:p> <urn:a> .\\n']
>>> statements_of_blocks(blocks)["<urn:g2>"]
[('<urn:a>', '<urn:p>', '"1"'), ('<urn:b>', '<urn:p>', '"2"')]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, TypeVar

import itertools
import os

import pyoxigraph as ox

from graph.rdf.term_text import Statements, TextTriple, statement_lines
from graph.rdf.turtle import turtle_of_triples

__all__ = ["Block", "BlockFile", "Blocks", "block_of", "make_block", "block_pieces", "block_bytes", "drained", "block_text", "block_triples", "statements_of_blocks", "nquads_of_blocks", "union_lines", "union_count", "BlockIndex", "block_index",
           "turtle_of_blocks"]

@dataclass(frozen=True)
class BlockFile:
    """A block whose text is in a file (UTF-8), read in pieces when it is needed: a large
    graph's block, written as it was made, is never held in memory (100k papers: 0.8 GB).

    >>> import tempfile, os
    >>> fd, path = tempfile.mkstemp()
    >>> _ = os.write(fd, '<urn:a> <urn:p> "é" <urn:g> .\\n<urn:b> <urn:p> "x" <urn:g> .\\n'.encode())
    >>> os.close(fd)
    >>> list(block_pieces(BlockFile(path, piece_size=8)))
    ['<urn:a> <urn:p> "é" <urn:g> .\\n', '<urn:b> <urn:p> "x" <urn:g> .\\n']
    >>> os.unlink(path)
    """

    path: str
    #: About how many bytes a piece read from the file has (each ends at a line end).
    piece_size: int = 1 << 20
    #: Where the block starts in the file (what comes before is not the block's).
    start: int = 0


T = TypeVar("T")

#: One named graph's N-Quads text, its lines sorted and each once: one string, pieces of it cut
#: at line ends (a large graph's, so that no one string of all its text is ever made), or a file.
Block = str | tuple[str, ...] | BlockFile

#: Each named graph's :data:`Block` by the graph's text (``""``: the default graph).
Blocks = dict[str, Block]


def block_bytes(block: Block) -> Iterator[bytes]:
    """A block's text, UTF-8 encoded, in pieces that each end at a line end."""
    if not isinstance(block, BlockFile):
        for piece in block_pieces(block):
            yield piece.encode("utf-8")
        return
    with open(block.path, "rb") as f:
        f.seek(block.start)
        rest = b""
        while data := f.read(block.piece_size):
            # cut at the last line end: a piece never splits a line, nor a character's bytes
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                rest += data
                continue
            yield rest + data[:cut]
            rest = data[cut:]
        if rest:
            yield rest


def block_pieces(block: Block) -> Iterable[str]:
    """A block's text in its pieces, each ending at a line end."""
    if isinstance(block, BlockFile):
        return (piece.decode("utf-8") for piece in block_bytes(block))
    return (block,) if isinstance(block, str) else block


def block_text(block: Block) -> str:
    """A block's text as one string."""
    return block if isinstance(block, str) else "".join(block_pieces(block))


def _lines(block: Block) -> Iterator[str]:
    # Split at "\n" only: a literal may hold other line breaks (U+2028, U+0085), unescaped.
    for piece in block_pieces(block):
        yield from piece.split("\n")[:-1]


def block_of(graph: str, triples: Iterable[TextTriple], *, piece_size: int = 1 << 20) -> tuple[Block, BlockIndex]:
    """The block of one graph's triples and its :func:`block_index`: the lines
    :func:`~graph.rdf.term_text.statement_lines` makes, joined into pieces of about
    ``piece_size`` characters (one string when they fit in one), never into one string of all
    of them and never held as a list of all the lines (a 100k-paper graph: 10M lines, 0.8 GB).

    >>> block, index = block_of("<urn:g>", [("<urn:b>", "<urn:p>", '"x"'), ("<urn:a>", "<urn:p>", '"y"')], piece_size=10)
    >>> block
    ('<urn:a> <urn:p> "y" <urn:g> .\\n', '<urn:b> <urn:p> "x" <urn:g> .\\n')
    >>> index
    (2, ['<urn:a>', '<urn:b>'])
    >>> block_of("<urn:g>", [])
    ('', (0, []))
    """
    pieces: list[str] = []
    index = make_block(graph, triples, pieces.append, piece_size=piece_size)
    block: Block = pieces[0] if len(pieces) == 1 else tuple(pieces)
    return block, index


def make_block(graph: str, triples: Iterable[TextTriple], write: Callable[[str], None], *,
               piece_size: int = 1 << 20) -> BlockIndex:
    """Make the block of one graph's triples piece by piece, each piece (about ``piece_size``
    characters, cut at a line end; at least one, empty for no triples) handed to ``write`` as
    soon as it is made; returns the block's :func:`block_index`.

    Pass the triples as :func:`drained` from a list held nowhere else: each triple is freed
    once grouped by subject, so the triples and their grouping are never all held together
    (4M triples at 100k papers: 0.3 GB of tuples). The order of the triples does not matter.

    >>> pieces = []
    >>> make_block("", iter([("<urn:b>", "<urn:p>", "<urn:a>"), ("<urn:a>", "<urn:p>", '"y"')]), pieces.append)
    (2, ['<urn:a>', '<urn:b>'])
    >>> pieces
    ['<urn:a> <urn:p> "y" .\\n<urn:b> <urn:p> <urn:a> .\\n']
    """
    lines: list[str] = []
    subjects: list[str] = []
    count = size = made = 0
    last = ""
    for line in statement_lines(graph, triples):
        lines.append(line)
        size += len(line)
        subject = line[:line.index(" ")]
        if subject != last:
            subjects.append(subject)
            last = subject
        if size >= piece_size:
            write("".join(lines))
            count, made = count + len(lines), made + 1
            lines, size = [], 0
    if lines or not made:
        write("".join(lines))
        count += len(lines)
    return count, subjects


def drained(items: list[T]) -> Iterator[T]:
    """The items of a list, the last first, each taken out of the list as it is given: a list
    held by nothing else is freed item by item while it is read, not only once read through
    (what :func:`make_block` is given, at 100k papers 4M triples: 0.3 GB of tuples).

    >>> items = [1, 2, 3]
    >>> list(drained(items)), items
    ([3, 2, 1], [])
    """
    while items:
        yield items.pop()


def block_triples(block: Block, graph: str) -> Iterator[TextTriple]:
    """The triples of one graph's block (an IRI holds no space: the object is the rest of the line).

    >>> list(block_triples('<urn:a> <urn:p> "x y" <urn:g> .\\n', "<urn:g>"))
    [('<urn:a>', '<urn:p>', '"x y"')]
    """
    tail = len(graph) + 3 if graph else 2  # " <graph> ." or " ."
    for line in _lines(block):
        s, p, o = line[:-tail].split(" ", 2)
        yield s, p, o


def statements_of_blocks(blocks: Blocks) -> Statements:
    """The statements of the blocks, by named graph."""
    return {graph: list(block_triples(block, graph)) for graph, block in blocks.items()}


def nquads_of_blocks(blocks: Blocks) -> Iterator[bytes]:
    """``graph.nq``, UTF-8 encoded: the default graph's block, then the others in the order of
    their IRIs (a block kept in a file is copied as its bytes, never decoded)."""
    for graph in sorted(blocks):
        block = blocks[graph]
        if isinstance(block, BlockFile):  # copied as it is read: no need to cut it at line ends
            with open(block.path, "rb") as f:
                f.seek(block.start)
                while data := f.read(block.piece_size):
                    yield data
        else:
            yield from block_bytes(block)


def union_lines(blocks: Blocks) -> list[str]:
    """The N-Triples lines of the union of the graphs, sorted, each once.

    Each block is sorted already: sorting their lines put end to end only merges those runs.
    """
    union: list[str] = []
    for graph, block in blocks.items():
        if not graph:
            union.extend(line + "\n" for line in _lines(block))
        else:
            tail = len(graph) + 3
            union.extend(line[:-tail] + " .\n" for line in _lines(block))
    union.sort()
    return [line for line, _ in itertools.groupby(union)]  # each once: the same lines are neighbours


#: What the triple count needs of a block: its number of lines and its subjects, each once.
BlockIndex = tuple[int, list[str]]


def block_index(block: Block) -> BlockIndex:
    """A block's :data:`BlockIndex`: its number of lines, and its lines' subjects in their order.

    >>> block_index('<urn:a> <urn:p> "1" <urn:g> .\\n<urn:a> <urn:q> "2" <urn:g> .\\n<urn:b> <urn:p> "2" <urn:g> .\\n')
    (3, ['<urn:a>', '<urn:b>'])
    """
    subjects: list[str] = []
    lines = 0
    for line in _lines(block):
        lines += 1
        subject = line[:line.index(" ")]
        if not subjects or subjects[-1] != subject:
            subjects.append(subject)
    return lines, subjects


def _subject_lines(block: Block, graph: str, subject: str) -> list[str]:
    """The lines of ``subject`` in a sorted block, as N-Triples (the graph cut off): they are
    neighbours, the first at a piece's start or after a line break (a piece ends at a line end).
    In a block kept in a file they are found by halving, not by reading the whole file.

    >>> import tempfile, os
    >>> fd, path = tempfile.mkstemp()
    >>> _ = os.write(fd, b"head\\n" + "".join(f"<urn:{s}> <urn:p> <urn:{o}> <urn:g> .\\n" for s in "abbbc" for o in "xy").encode())
    >>> os.close(fd)
    >>> [_subject_lines(BlockFile(path, start=5), "<urn:g>", f"<urn:{s}>") for s in "abc"] == [_subject_lines(block_text(BlockFile(path, start=5)), "<urn:g>", f"<urn:{s}>") for s in "abc"]
    True
    >>> _subject_lines(BlockFile(path, start=5), "<urn:g>", "<urn:c>")
    ['<urn:c> <urn:p> <urn:x>', '<urn:c> <urn:p> <urn:y>']
    >>> _subject_lines(BlockFile(path, start=5), "<urn:g>", "<urn:bb>"), _subject_lines(BlockFile(path, start=5), "<urn:g>", "<urn:d>")
    ([], [])
    >>> os.unlink(path)
    """
    if isinstance(block, BlockFile):
        return _file_subject_lines(block, graph, subject)
    return [line for piece in block_pieces(block) for line in _piece_subject_lines(piece, graph, subject)]


def _file_subject_lines(block: BlockFile, graph: str, subject: str) -> list[str]:
    # The lines are sorted as text, and so as their UTF-8 bytes: the subject's run starts at the
    # first line not below "subject " (a space sorts before any character a term goes on with).
    import mmap  # here: only a rebuild whose graphs share a subject reads a block by halving

    with open(block.path, "rb") as f:
        if os.fstat(f.fileno()).st_size <= block.start:
            return []
        with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as text:
            prefix = (subject + " ").encode("utf-8")
            low, high = block.start, len(text)  # line starts: the lines before low are below prefix, from high on not
            while low < high:
                middle = (low + high) // 2
                first = max(text.rfind(b"\n", low, middle) + 1, low)  # the line middle is in
                end = text.find(b"\n", middle) + 1 or len(text)
                if text[first:end] < prefix:
                    low = end
                else:
                    high = first
            tail = len(graph) + 3 if graph else 2
            found = []
            while text[low:low + len(prefix)] == prefix:
                end = text.find(b"\n", low)
                if end < 0:  # a line cut short ends no block
                    break
                found.append(text[low:end - tail].decode("utf-8"))
                low = end + 1
            return found


def _piece_subject_lines(block: str, graph: str, subject: str) -> list[str]:
    prefix = subject + " "
    if block.startswith(prefix):
        at = 0
    else:
        at = block.find("\n" + prefix) + 1
        if at == 0:
            return []
    tail = len(graph) + 3 if graph else 2
    found = []
    while block.startswith(prefix, at):
        end = block.index("\n", at)
        found.append(block[at:end - tail])
        at = end + 1
    return found


def union_count(blocks: Blocks, index: dict[str, BlockIndex] | None = None) -> int:
    """How many lines :func:`union_lines` gives, without making them: each block's line count,
    less the lines said again in another graph, which can only be lines of a subject in several
    graphs (``index``: the blocks' :func:`block_index`, made here for those it does not hold).

    >>> union_count({"": '<urn:a> <urn:p> "1" .\\n', "<urn:g>": '<urn:a> <urn:p> "1" <urn:g> .\\n<urn:b> <urn:p> <urn:g> <urn:g> .\\n'})
    2
    """
    total = 0
    of_graph: dict[str, list[str]] = {}
    seen: set[str] = set()
    again: set[str] = set()  # the subjects of several graphs (set operations: no loop over all subjects)
    for graph, block in blocks.items():
        known = (index or {}).get(graph)
        lines, subjects = known if known is not None else block_index(block)
        total += lines
        of_graph[graph] = subjects
        again.update(seen.intersection(subjects))
        seen.update(subjects)
    shared: dict[str, list[str]] = {}
    for graph, subjects in of_graph.items():
        for subject in again.intersection(subjects):
            shared.setdefault(subject, []).append(graph)
    for subject, graphs in shared.items():
        said = [line for graph in graphs for line in _subject_lines(blocks[graph], graph, subject)]
        total -= len(said) - len(set(said))
    return total


def turtle_of_blocks(blocks: Blocks, union: list[str] | None = None) -> str:
    """Turtle of the union graph, what :func:`graph.rdf.write.turtle` writes of the statements
    (``union``: the blocks' :func:`union_lines`, when already made)."""
    text = "".join(union if union is not None else union_lines(blocks)).encode("utf-8")
    return turtle_of_triples(ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
