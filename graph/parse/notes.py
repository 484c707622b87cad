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

from graph.parse.cues import cues
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
from graph.parse.frontmatter import (
    apply_fields,
    describes_paper,
    field_lines,
    paper_fields,
    read_front_matter,
    split_front_matter,
)
from graph.parse.inline import arxiv_id_from
from graph.parse.item import Item
from graph.parse.halves import walk_entries
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


# A link target markdown-it's normalizeLink gives back unchanged (checked on some 400,000 URLs,
# random and real): http(s), a short lower-case host, a path of unreserved characters. Such
# links skip its URL parsing, punycode and percent-encoding (6% of parsing 10k generated papers).
_PLAIN_URL = re.compile(r"https?://(?:[a-z0-9-]{1,63}\.){0,3}[a-z0-9-]{1,63}(?:/[A-Za-z0-9/._~-]*)?")


def _markdown(references: bool = True) -> MarkdownIt:
    """The markdown parser of notes; ``references=False`` for text with no link reference
    definition (no ``]:`` in it), where trying each paragraph as one is wasted (3% of a parse).

    >>> md = _markdown()
    >>> md.normalizeLink("https://arxiv.org/abs/1904.01"), md.normalizeLink("https://x.org/a b")
    ('https://arxiv.org/abs/1904.01', 'https://x.org/a%20b')
    """
    md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    if not references:
        md.disable("reference")
    normalize = md.normalizeLink
    md.normalizeLink = lambda url: url if _PLAIN_URL.fullmatch(url) else normalize(url)  # type: ignore[method-assign]
    return md


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
    scale = _legend(body)
    notes.entries = walk_entries(notes, body, _markdown(references="]:" in body).parse, scale=scale,
                                 trailing_number=scale is not None or trailing_pattern(body))
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


_LIST_LINE = re.compile(r"^\s*(?:[-*+]|\d{1,4}[.)])\s+\S")
_TRAILING_NUMBER = re.compile(r"\((?P<n>\d{1,2}(?:\.5)?)\)[\s*_]*$")


def trailing_pattern(body: str) -> bool:
    """Do list items across the file end with a ``(n)`` that is a rating, legend or not?

    The pattern holds when at least three items and a third of all items end with ``(n)``,
    n at most 10, with more than one value, not counting up 1, 2, 3 like footnotes.

    >>> trailing_pattern("- A Title (4)\\n- Another Title (2)\\n- Third Title (5)\\n- Fourth Title\\n")
    True
    >>> trailing_pattern("- A Title (1)\\n- Another Title (2)\\n- Third Title (3)\\n")
    False
    >>> trailing_pattern("- A Title (4)\\n" + "- Plain Title\\n" * 9)
    False
    """
    items = 0
    values: list[float] = []
    for line in body.splitlines():
        if len(line) > 2000 or not _LIST_LINE.match(line):
            continue
        items += 1
        m = _TRAILING_NUMBER.search(line)
        if m and float(m.group("n")) <= 10:
            values.append(float(m.group("n")))
    if len(values) < 3 or len(values) * 3 < items or len(set(values)) < 2:
        return False
    return values != [float(i) for i in range(int(values[0]), int(values[0]) + len(values))]


def _page_properties(body: str) -> dict[str, str]:
    """Logseq page properties: ``key:: value`` lines at the top of a page."""
    found: dict[str, str] = {}
    for line in body.lstrip("\n").splitlines()[:40]:
        m = _PAGE_PROPERTY.match(line.strip().lstrip("-").strip())
        if not m:
            break
        found[m.group("key").lower()] = m.group("value").strip()
    return found


_HEADING_LINE = re.compile(r"^(?P<level>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")


def _metadata_lines(body: str) -> dict[int, str]:
    """Lines (by number) that may hold a note's own fields: above its first section, or in a
    metadata section."""
    found: dict[int, str] = {}
    open_section = True
    for number, line in enumerate(body.splitlines()[:300], 1):
        m = _HEADING_LINE.match(line)
        if m:
            if len(m.group("level")) > 1:
                open_section = bool(cues().metadata_heading.match(m.group("text").strip("*_ ")))
            continue
        if open_section and line.strip():
            found[number] = line
    return found


def _own_paper(notes: Notes, properties: dict[str, str], body: str) -> PaperEntry | None:
    """The paper a whole file is about (front matter, page properties, its H1 with the fields
    below it), if any.

    A file that lists several papers of its own is a list, whatever its front matter says,
    unless the front matter names one paper (a DOI, a citation key).
    """
    meta_lines = _metadata_lines(body) if notes.title else {}
    meta = field_lines(list(meta_lines.values()))
    listed = sum(isinstance(e, PaperEntry) and e.line not in meta_lines for e in notes.entries)
    for data in (notes.front_matter, properties):
        if not data:
            continue
        fields = {str(k).lower(): v for k, v in data.items()}
        merged = {**meta, **fields}
        if "title" in fields:
            named = paper_fields(merged) or describes_paper(merged)
        else:
            merged["title"] = notes.title
            named = bool(notes.title) and describes_paper(merged)
        if named and (fields.keys() & cues().strong_paper_keys or listed < 3):
            item = apply_fields(Item(), merged)
            break
    else:
        if notes.title and meta and describes_paper(meta) and listed < 2:
            item = apply_fields(Item(), {**meta, "title": notes.title})
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
