"""Find the markdown files to read in files and folders, and read each as text.

>>> find_notes_files([])
[]
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from graph.errors import BadNotes, NotesNotFound

__all__ = ["MARKDOWN_SUFFIXES", "find_notes_files", "read_notes_file", "read_notes_bytes", "notes_text"]

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


def find_notes_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into the markdown files to read, each once, in a stable order.

    Raises
    ------
    NotesNotFound
        If a path does not exist, or a folder holds no markdown file.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in MARKDOWN_SUFFIXES
            )
            if not files:
                raise NotesNotFound(f"no markdown files (*.md) in folder {path}")
            found.extend(files)
        elif path.is_file():
            found.append(path)
        else:
            raise NotesNotFound(f"notes path not found: {path}")
    unique: dict[Path, Path] = {}
    for p in found:
        unique.setdefault(p.resolve(), p)
    return list(unique.values())


def read_notes_file(path: str | Path) -> str:
    """Read a notes file as UTF-8 text, refusing empty, binary and badly encoded files.

    Raises
    ------
    BadNotes
        With the file name and, for bad UTF-8, the byte offset.
    """
    return notes_text(read_notes_bytes(path), path)


def read_notes_bytes(path: str | Path) -> bytes:
    """A notes file's bytes (an incremental build hashes them before deciding to parse).

    Raises
    ------
    BadNotes
        If the file cannot be read.
    """
    try:
        return Path(path).read_bytes()
    except OSError as e:
        raise BadNotes(f"{path}: cannot read: {e.strerror or e}") from None


def notes_text(data: bytes, path: str | Path) -> str:
    """The text of a notes file's bytes, refusing empty, binary and badly encoded files.

    >>> notes_text(b"\\xef\\xbb\\xbf# Notes\\n", "a.md")
    '# Notes\\n'

    Raises
    ------
    BadNotes
        With the file name and, for bad UTF-8, the byte offset.
    """
    if b"\x00" in data[:8192]:
        raise BadNotes(f"{path}: binary file, not markdown notes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise BadNotes(f"{path}: not valid UTF-8 at byte {e.start}") from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise BadNotes(f"{path}: file is empty")
    return text
