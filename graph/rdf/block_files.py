"""Blocks kept in files: a named graph's N-Quads block written to disk piece by piece as it is
made, and taken back only when its bytes are those written.

The build cache (:mod:`graph.build_cache`) keeps each notes file's block in such a file beside
its entry, and the entry keeps the file's SHA-256 (and its size and time, which spare the
hashing when they show the file untouched since). The block is then never held in memory: a
100k-paper notes file's block is 0.8 GB of text, which ``graph.nq`` is copied from. A file that
is missing, cut short or changed since does not have the digest its entry kept, and is made again.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "a.graph.nq"
>>> digest, index = write_block_file(path, "<urn:g>", iter([("<urn:b>", "<urn:p>", '"x"'), ("<urn:a>", "<urn:p>", '"y"')]))
>>> index
(2, ['<urn:a>', '<urn:b>'])
>>> print(path.read_text(), end="")
<urn:a> <urn:p> "y" <urn:g> .
<urn:b> <urn:p> "x" <urn:g> .
>>> checked_block_file(path, digest) == BlockFile(str(path))
True
>>> _ = path.write_text(path.read_text().replace("x", "z"))
>>> checked_block_file(path, digest) is None
True
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable

from graph.atomic import atomic_write
from graph.rdf.blocks import BlockFile, BlockIndex, make_block
from graph.rdf.term_text import TextTriple

__all__ = ["write_block_file", "checked_block_file"]


def write_block_file(path: str | Path, graph: str, triples: Iterable[TextTriple], *,
                     piece_size: int = 1 << 20) -> tuple[str, BlockIndex]:
    """Write the block of one graph's triples to ``path``, each piece as it is made (see
    :func:`graph.rdf.blocks.make_block`, which says how to pass the triples so they are freed
    early); returns the SHA-256 of the file's bytes and the block's index.

    The file is written beside ``path`` and takes its name only once complete
    (:func:`graph.atomic.atomic_write`): an error or a signal leaves what was there.

    Raises
    ------
    OutputNotWritable
        If the file cannot be written.
    """
    digest = hashlib.sha256()
    with atomic_write(path, "wb") as f:
        def write(piece: str) -> None:
            data = piece.encode("utf-8")
            digest.update(data)
            f.write(data)

        index = make_block(graph, triples, write, piece_size=piece_size)
    return digest.hexdigest(), index


def checked_block_file(path: str | Path, digest: str) -> BlockFile | None:
    """The block kept at ``path`` when its bytes' SHA-256 is ``digest``, else None (missing,
    unreadable, cut short or changed)."""
    found = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while data := f.read(1 << 20):
                found.update(data)
    except OSError:
        return None
    return BlockFile(str(path)) if found.hexdigest() == digest else None
