"""What the parser gives: entries (papers, headings, areas, remarks ...) and one file's notes.

>>> notes = Notes("reading.md")
>>> notes.name, notes.papers, notes.warnings
('reading.md', [], [])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

from graph.parse.ratings import Rating

__all__ = ["Heading", "PaperEntry", "AreaEntry", "NoteEntry", "AlsoEntry", "WorkshopEntry", "Entry", "Notes"]


@dataclass(frozen=True)
class Heading:
    """A heading: a topic of the notes (or a workshop)."""

    file: str
    line: int
    level: int
    label: str
    path: tuple[str, ...]
    comment: str | None = None
    workshop: str | None = None


@dataclass(frozen=True)
class PaperEntry:
    """A paper as the note-taker wrote it down."""

    file: str
    line: int
    title: str
    topic_path: tuple[str, ...]
    rating: Rating | None = None
    unrated: bool = False
    award: str | None = None
    tldr: str | None = None
    comment: str | None = None
    url: str | None = None
    arxiv_id: str | None = None
    video_url: str | None = None
    code_url: str | None = None
    struck: bool = False
    tags: tuple[str, ...] = ()
    end_line: int = 0
    authors: tuple[str, ...] = ()
    venue: str | None = None
    year: int | None = None
    nickname: str | None = None


@dataclass(frozen=True)
class AreaEntry:
    """A research area from a list such as "I skipped the following topics"."""

    file: str
    line: int
    label: str
    attention: str
    topic_path: tuple[str, ...]
    opinion: str | None = None


@dataclass(frozen=True)
class NoteEntry:
    """Text that is not a paper: a remark, a workshop talk note, an open question, a book."""

    file: str
    line: int
    #: "remark" | "talk" | "tutorial" | "course" | "book" | "blog" | "repository" | "dataset" |
    #: "video" | "link" | "section" | "question" | ...
    kind: str
    text: str
    topic_path: tuple[str, ...]
    url: str | None = None
    #: Why a candidate entry was not taken for a paper; None for text that never looked like one.
    reason: str | None = None


@dataclass(frozen=True)
class AlsoEntry:
    """"(also FooNet and BarGAN)": papers noted elsewhere that belong to this topic too."""

    file: str
    line: int
    names: tuple[str, ...]
    topic_path: tuple[str, ...]


@dataclass(frozen=True)
class WorkshopEntry:
    """A workshop mentioned by a link line rather than a heading."""

    file: str
    line: int
    name: str
    url: str | None
    topic_path: tuple[str, ...]


Entry = Union[Heading, PaperEntry, AreaEntry, NoteEntry, AlsoEntry, WorkshopEntry]


@dataclass
class Notes:
    """One parsed notes file."""

    file: str
    title: str | None = None
    description: str | None = None
    front_matter: dict[str, Any] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    #: Faults in a part of the file that was skipped, as (line, message); the rest was read.
    warnings: list[tuple[int, str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The file's name without folders, e.g. ``iccv2019.md``."""
        return Path(self.file).name

    @property
    def papers(self) -> list[PaperEntry]:
        """The paper entries, in file order."""
        return [e for e in self.entries if isinstance(e, PaperEntry)]

    @property
    def headings(self) -> list[Heading]:
        """The headings (topics and workshops), in file order."""
        return [e for e in self.entries if isinstance(e, Heading)]

