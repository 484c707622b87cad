"""Parse markdown paper notes into entries: papers, topics, areas and notes, each with its line.

This is notekg's first stage. Block structure (headings, lists, paragraphs, tables, front
matter) comes from markdown-it-py's syntax tree with line maps; every block that may be a
paper entry is read by a scanner that finds its title span, links, rating, authors, venue and
year (:mod:`graph.parse.item`, :mod:`graph.parse.citation`), and judged paper or not from its
evidence (:mod:`graph.parse.evidence`). A file whose front matter (or ``title::`` properties,
or an ``# Author - Title - Year`` heading) describes one paper is that paper's own note::

    - [9/10][one-line tl;dr] [Paper title](https://arxiv.org/abs/...) longer comment

The cues that say how to read a file are data: ``data/notes_cues.yaml`` and
``data/paper_evidence.yaml``.

Examples
--------
>>> notes = parse_text(
...     "## Detection\\n"
...     "- [7/10][Simple and efficient] [FCOS: Fully Convolutional One-Stage Object Detection]"
...     "(https://arxiv.org/pdf/1904.01355.pdf) No anchors.\\n",
...     "demo.md",
... )
>>> paper = notes.papers[0]
>>> print(paper.title, paper.rating.value, paper.arxiv_id, paper.topic_path, paper.line, sep=" | ")
FCOS: Fully Convolutional One-Stage Object Detection | 7 | 1904.01355 | ('Detection',) | 2
>>> print(paper.tldr, "/", paper.comment)
Simple and efficient / No anchors.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from graph.parse.entries import (
    AlsoEntry,
    AreaEntry,
    Entry,
    Heading,
    NoteEntry,
    Notes,
    PaperEntry,
    WorkshopEntry,
)
from graph.parse.files import MARKDOWN_SUFFIXES, find_notes_files, read_notes_file
from graph.parse.frontmatter import apply_fields, paper_fields, read_front_matter, split_front_matter
from graph.parse.inline import arxiv_id_from
from graph.parse.item import Item
from graph.parse.markdown import Walk, resolve, walk_blocks
from graph.parse.ratings import legend_scale

__all__ = [
    "Heading",
    "PaperEntry",
    "AreaEntry",
    "NoteEntry",
    "AlsoEntry",
    "WorkshopEntry",
    "Entry",
    "Notes",
    "MARKDOWN_SUFFIXES",
    "find_notes_files",
    "read_notes_file",
    "parse_notes",
    "parse_text",
    "arxiv_id_from",
]

_PAGE_PROPERTY = re.compile(r"^(?P<key>[A-Za-z][\w-]*)::[ \t]*(?P<value>.*)$")
_AUTHOR_TITLE_YEAR = re.compile(r"^(?P<authors>[^-–—]{2,80}?)\s+[-–—]\s+(?P<title>.{8,}?)\s+[-–—]\s+\(?(?P<year>(?:19|20)\d\d)\)?$")


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


def parse_notes(path: str | Path) -> Notes:
    """Read and parse one notes file.

    Raises
    ------
    BadNotes
        If the file is empty, binary or not UTF-8.
    """
    return parse_text(read_notes_file(path), str(path))


def parse_text(text: str, file: str = "<notes>") -> Notes:
    """Parse notes given as a string; ``file`` names them in entries and messages.

    A front matter that does not parse is a warning in ``Notes.warnings``; the rest is read.

    Examples
    --------
    >>> notes = parse_text("# cvpr2020 notes\\n## GANs\\n- ~~Old idea~~\\n- [???] [New](https://x.org/a.pdf)\\n")
    >>> notes.title, [(p.title, p.struck, p.unrated) for p in notes.papers]
    ('cvpr2020 notes', [('Old idea', True, False), ('New', False, True)])
    >>> parse_text("---\\ntitle: [oops\\n---\\n- [A Paper](https://arxiv.org/abs/1234.56789)\\n").warnings
    [(1, 'front matter is not valid YAML (line 2); not read')]
    """
    notes = Notes(file=file)
    front, kind, body = split_front_matter(text)
    if front is not None:
        data, warning = read_front_matter(front, kind)
        notes.front_matter = data
        if warning:
            notes.warnings.append((1, warning))
    properties = _page_properties(body)
    walk = Walk(file, notes, scale=_legend(body))
    walk_blocks(walk, SyntaxTreeNode(_markdown().parse(body)))
    notes.entries = resolve(walk)
    own = _own_paper(notes, properties, body)
    if own is not None:
        notes.entries = [own, *(_as_part_of_paper(e) for e in notes.entries)]
    if not notes.title and isinstance(notes.front_matter.get("title"), str):
        notes.title = notes.front_matter["title"]
    return notes


def _legend(body: str) -> float | None:
    """The rating scale a legend line declares anywhere in the notes ("ratings are out of 5")."""
    for line in body.splitlines():
        if len(line) < 300:
            scale = legend_scale(line)
            if scale is not None:
                return scale
    return None


def _page_properties(body: str) -> dict[str, str]:
    """Logseq page properties: ``key:: value`` lines at the top of a page."""
    found: dict[str, str] = {}
    for line in body.lstrip("\n").splitlines()[:40]:
        m = _PAGE_PROPERTY.match(line.strip().lstrip("-").strip())
        if not m:
            break
        found[m.group("key").lower()] = m.group("value").strip()
    return found


def _own_paper(notes: Notes, properties: dict[str, str], body: str) -> PaperEntry | None:
    """The paper a whole file is about (front matter, page properties or its H1), if any."""
    for data in (notes.front_matter, properties):
        if data and paper_fields(data):
            item = apply_fields(Item(), data)
            break
    else:
        m = _AUTHOR_TITLE_YEAR.match(notes.title or "")
        if not m:
            return None
        item = Item(title=m.group("title").strip(), year=int(m.group("year")),
                    authors=tuple(a.strip() for a in re.split(r",|&|\band\b", m.group("authors")) if a.strip()))
    if not item.title:
        return None
    if not item.arxiv_id:
        item.arxiv_id = arxiv_id_from(body[:200_000])
    if item.arxiv_id and not item.url:
        item.url = f"https://arxiv.org/abs/{item.arxiv_id}"
    end = body.count("\n") + 1
    return item.entry(notes.file, 1, (), end)


def _as_part_of_paper(entry: Entry) -> Entry:
    """Inside a paper's own note, what looked like a paper is a note about it."""
    if isinstance(entry, PaperEntry):
        return NoteEntry(entry.file, entry.line, "remark", entry.title, entry.topic_path,
                         url=entry.url, reason="part of the paper's own note")
    return entry
