"""Parse markdown paper notes into entries: papers, topics, areas and remarks, each with its line.

This is notekg's first stage. Block structure (headings, lists, paragraphs, tables, front
matter) comes from markdown-it-py's syntax tree with line maps; inside a list item a small
bracket scanner reads the note-taker's conventions::

    - [9/10][one-line tl;dr] [Paper title](https://arxiv.org/abs/...) longer comment

The cues that say how to read a file (which lists hold research areas, which link texts mean
"video", which headings are workshops ...) are data: ``data/notes_cues.yaml``.

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
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Union
from urllib.parse import urlparse

import yaml
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.front_matter import front_matter_plugin

from graph.errors import BadNotes, NotesNotFound
from graph.parse.ratings import Rating

__all__ = [
    "Heading",
    "PaperEntry",
    "AreaEntry",
    "NoteEntry",
    "AlsoEntry",
    "WorkshopEntry",
    "Entry",
    "Notes",
    "find_notes_files",
    "read_notes_file",
    "parse_notes",
    "parse_text",
    "arxiv_id_from",
]

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


# ---------------------------------------------------------------------------------------------
# Entries


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
    kind: str  # "remark" | "talk" | "question" | "book" | "link" | ...
    text: str
    topic_path: tuple[str, ...]
    url: str | None = None
    #: Why a candidate entry was not taken for a paper; None for text that never looked like one.
    reason: str | None = None


@dataclass(frozen=True)
class AlsoEntry:
    """"(also SinGAN and InGAN)": papers noted elsewhere that belong to this topic too."""

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


# ---------------------------------------------------------------------------------------------
# Reading files


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
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise BadNotes(f"{path}: cannot read: {e.strerror or e}") from None
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


def parse_notes(path: str | Path) -> Notes:
    """Read and parse one notes file.

    Raises
    ------
    BadNotes
        If the file is empty, binary, not UTF-8, or its front matter is not YAML.
    """
    return parse_text(read_notes_file(path), str(path))


# ---------------------------------------------------------------------------------------------
# Cues (data/notes_cues.yaml)


@dataclass(frozen=True)
class _Cues:
    area_leadins: tuple[tuple[re.Pattern[str], str], ...]
    remark_headings: tuple[re.Pattern[str], ...]
    workshop_heading: re.Pattern[str]
    link_texts: dict[str, re.Pattern[str]]
    link_hosts: dict[str, re.Pattern[str]]
    note_prefixes: dict[str, re.Pattern[str]]
    also_line: re.Pattern[str]
    byline: re.Pattern[str]
    field_lines: dict[str, re.Pattern[str]]
    table_columns: dict[str, re.Pattern[str]]
    conferences: tuple[str, ...]


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    raw = yaml.safe_load((Path(__file__).parent.parent / "data" / "notes_cues.yaml").read_text("utf-8"))

    def rx(p: str) -> re.Pattern[str]:
        return re.compile(p, re.IGNORECASE)

    return _Cues(
        area_leadins=tuple((rx(a["pattern"]), a["attention"]) for a in raw["area_leadins"]),
        remark_headings=tuple(rx(p) for p in raw["remark_headings"]),
        workshop_heading=rx(raw["workshop_heading"]),
        link_texts={k: rx(v) for k, v in raw["link_texts"].items()},
        link_hosts={k: rx(v) for k, v in raw["link_hosts"].items()},
        note_prefixes={k: rx(v) for k, v in raw["note_prefixes"].items()},
        also_line=rx(raw["also_line"]),
        byline=rx(raw["byline"]),
        field_lines={k: rx(v) for k, v in raw["field_lines"].items()},
        table_columns={k: rx(v) for k, v in raw["table_columns"].items()},
        conferences=tuple(raw["conferences"]),
    )


# ---------------------------------------------------------------------------------------------
# Links and arXiv ids

_ARXIV_URL = re.compile(
    r"arxiv\.org/(?:abs|pdf|html|format)/"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z.\-]*/\d{7})(?:v\d+)?",
    re.IGNORECASE,
)
_ARXIV_TEXT = re.compile(r"\barxiv\s*:\s*(?P<id>\d{4}\.\d{4,5}|[a-z][a-z.\-]*/\d{7})(?:v\d+)?", re.I)
_BARE_URL = re.compile(r"(?<![(\w])https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")


def arxiv_id_from(text: str) -> str | None:
    """The arXiv id in a URL or an ``arXiv:`` mention, without version.

    >>> arxiv_id_from("https://arxiv.org/pdf/1904.11491v2.pdf")
    '1904.11491'
    >>> arxiv_id_from("see arXiv:1904.05049") , arxiv_id_from("https://example.org/x.pdf")
    ('1904.05049', None)
    """
    m = _ARXIV_URL.search(text) or _ARXIV_TEXT.search(text)
    return m.group("id") if m else None


def _link_kind(text: str, url: str | None) -> str:
    """What a link points at: 'paper', 'video', 'code', 'workshop', or 'title' (a named paper)."""
    cues = _cues()
    words = text.strip().lower()
    if cues.workshop_heading.match(text):
        return "workshop"
    for kind in ("video", "code", "paper"):
        if cues.link_texts[kind].match(words):
            return kind
    host = urlparse(url).hostname or "" if url else ""
    for kind in ("video", "code"):
        if cues.link_hosts[kind].search(host):
            return kind
    if url and (words == url.lower() or words.startswith(("http://", "https://"))):
        return "paper"
    return "title"


# ---------------------------------------------------------------------------------------------
# Inline text: flatten markdown-it's inline tokens, keep links as atoms

_BOLD_OPEN, _BOLD_CLOSE = "\x01", "\x02"
_LINK_BASE = 0xE000  # private-use characters stand for links in the flattened text
_WIKI = re.compile(r"\[\[([^\[\]|]+)(?:\|([^\[\]]+))?\]\]")
_TAG = re.compile(r"(?<![\w#&/])#([A-Za-z][\w\-]*)")
_WS = re.compile(r"\s+")


@dataclass
class _Link:
    text: str
    url: str | None
    kind: str


@dataclass
class _Inline:
    """Inline content flattened to a string where each link is one private-use character."""

    flat: str
    links: list[_Link]

    def link_at(self, ch: str) -> _Link | None:
        i = ord(ch) - _LINK_BASE if ch else -1
        return self.links[i] if 0 <= i < len(self.links) else None

    def text(self, s: str, keep_links: bool = True) -> str:
        """Plain text of a slice: links become their text (or vanish), markers go."""
        out = []
        for ch in s:
            link = self.link_at(ch)
            if link is not None:
                if keep_links:
                    out.append(link.text)
            elif ch not in (_BOLD_OPEN, _BOLD_CLOSE):
                out.append(ch)
        return _WS.sub(" ", "".join(out)).strip()


def _flatten(node: SyntaxTreeNode | None) -> _Inline:
    """Flatten an inline node; bare URLs and [[wiki links]] become links too."""
    flat: list[str] = []
    links: list[_Link] = []

    def add_link(text: str, url: str | None, kind: str | None = None) -> None:
        if len(links) >= 0x1800:  # a pathological line: keep the rest as text
            flat.append(text)
            return
        links.append(_Link(text, url, kind or _link_kind(text, url)))
        flat.append(chr(_LINK_BASE + len(links) - 1))

    def add_text(text: str) -> None:
        pos = 0
        for m in _WIKI.finditer(text):
            add_urls(text[pos : m.start()])
            add_link((m.group(2) or m.group(1)).strip(), None, "title")
            pos = m.end()
        add_urls(text[pos:])

    def add_urls(text: str) -> None:
        pos = 0
        for m in _BARE_URL.finditer(text):
            flat.append(text[pos : m.start()])
            add_link(m.group(0), m.group(0))
            pos = m.end()
        flat.append(text[pos:])

    if node is None:
        return _Inline("", [])
    tokens = node.token.children if node.token and node.token.children else []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "link_open":
            href = str(tok.attrs.get("href", "")) or None
            parts = []
            i += 1
            while i < len(tokens) and tokens[i].type != "link_close":
                if tokens[i].type in ("text", "code_inline", "html_inline"):
                    parts.append(tokens[i].content)
                elif tokens[i].type in ("softbreak", "hardbreak"):
                    parts.append(" ")
                i += 1
            add_link(_WS.sub(" ", "".join(parts)).strip(), href)
        elif tok.type in ("text", "html_inline"):
            add_text(tok.content)
        elif tok.type == "code_inline":
            flat.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            flat.append(" ")
        elif tok.type == "strong_open":
            flat.append(_BOLD_OPEN)
        elif tok.type == "strong_close":
            flat.append(_BOLD_CLOSE)
        elif tok.type in ("s_open", "s_close"):
            flat.append("~~")
        elif tok.type == "image":
            flat.append(tok.content)
        i += 1
    return _Inline("".join(flat), links)


def _plain(node: SyntaxTreeNode | None) -> str:
    """The plain text of an inline node (headings, table cells)."""
    inline = _flatten(node)
    return inline.text(inline.flat).replace("~~", "")


# ---------------------------------------------------------------------------------------------
# One list item: [rating][tl;dr] Title-or-link comment

_RATING = re.compile(r"^\s*(\d{1,2}(?:[.,]\d+)?)\s*/\s*10\b\s*[-:,;]?\s*(.*)$", re.S)
_UNRATED = re.compile(r"^\s*(\?+|n/?a|-)\s*(/\s*10)?\s*$", re.I)
_SEPARATOR = re.compile(r"^[\s.\-–—:;,|]+")
_TITLE_SPLIT = re.compile(r"\s+[-–—]\s+")
_PAREN_TAIL = re.compile(r"^(?P<base>.*\S)\s*\((?P<paren>[^()]+)\)\s*$", re.S)
def _rating_of(text: str) -> Rating | None:
    """"8", "8/10", "7.5" -> a whole rating out of 10."""
    number = re.match(r"\s*(\d{1,2}(?:[.,]\d+)?)", text)
    if not number:
        return None
    return Rating(round(float(number.group(1).replace(",", "."))), 10, text.strip())


_TRAILING_RATING = re.compile(r"^\s*[(\[]\s*(\d{1,2}(?:[.,]\d+)?)\s*/\s*10\s*[)\]]\s*[:\-–—]?\s*")
_TLDR_MARK = re.compile(r"\bTL;?\s?DR\b\s*[:\-–—]?\s*", re.I)


#: What a list item, table row or paper heading gives a paper entry.
_ENTRY_FIELDS = ("title", "rating", "unrated", "award", "tldr", "comment", "url", "arxiv_id",
                 "video_url", "code_url", "struck", "tags")


@dataclass
class _Item:
    """What the bracket scanner found in one item."""

    title: str = ""
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
    workshop: _Link | None = None
    bold_title: bool = False
    text: str = ""  # the whole item as plain text

    def entry(self, file: str, line: int, topic_path: tuple[str, ...], end_line: int,
              **changes: Any) -> PaperEntry:
        """The paper entry this item makes, with ``changes`` to what the scanner found."""
        fields = {name: getattr(self, name) for name in _ENTRY_FIELDS}
        fields.update(changes)
        return PaperEntry(file=file, line=line, topic_path=topic_path, end_line=end_line, **fields)

    @property
    def has_paper_evidence(self) -> bool:
        """A rating, a tl;dr, a paper link or an arXiv id: this is a paper, whatever the list."""
        return bool(
            self.rating is not None
            or self.unrated
            or self.tldr
            or self.url
            or self.arxiv_id
            or self.bold_title
        )


def _balanced_group(flat: str, pos: int, inline: _Inline) -> tuple[str, int, bool] | None:
    """Read the ``[...]`` group at ``pos``: (content, next position, closed?)."""
    depth = 0
    for j in range(pos, len(flat)):
        ch = flat[j]
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return flat[pos + 1 : j], j + 1, True
        elif depth >= 1 and inline.link_at(ch) is not None and inline.link_at(ch).kind == "title":  # type: ignore[union-attr]
            # "[tl;dr without its closing bracket[Title](url)": the title link ends the group.
            return flat[pos + 1 : j], j, False
    return None


def _split_byline(title: str) -> tuple[str, str | None]:
    """Move a trailing "(Cong Yu et al)" or "(University of X)" out of a title."""
    m = _PAREN_TAIL.match(title)
    if m and _cues().byline.search(m.group("paren")):
        return m.group("base").strip(), m.group("paren").strip()
    return title, None


def _join(*parts: str | None, sep: str = " ") -> str | None:
    text = sep.join(p for p in parts if p)
    return text or None


def _parse_item(inline: _Inline) -> _Item:
    flat = inline.flat
    item = _Item(text=inline.text(flat).replace("~~", ""))

    # A whole item struck through: keep it, marked.
    stripped = flat.strip()
    if stripped.startswith("~~") and stripped.endswith("~~") and stripped.count("~~") == 2:
        item.struck = True
        flat = stripped[2:-2]

    tags = tuple(dict.fromkeys(m.group(1) for m in _TAG.finditer(inline.text(flat))))
    item.tags = tags

    pos = len(flat) - len(flat.lstrip())
    tldrs: list[str] = []
    groups = 0
    while pos < len(flat) and flat[pos] == "[" and groups < 4:
        group = _balanced_group(flat, pos, inline)
        if group is None:
            break
        content, pos, _closed = group
        groups += 1
        text = inline.text(content)
        rating = _RATING.match(text)
        if rating and item.rating is None and not item.unrated:
            item.rating = _rating_of(rating.group(1))
            item.award = rating.group(2).strip() or None
        elif _UNRATED.match(text) and item.rating is None:
            item.unrated = True
        elif text:
            tldrs.append(text)
        while pos < len(flat) and flat[pos].isspace():
            pos += 1
    item.tldr = "; ".join(tldrs) or None

    rest = flat[pos:]
    first = inline.link_at(rest[:1])
    title_raw = ""
    if first is not None and first.kind in ("title", "workshop"):
        if first.kind == "workshop":
            item.workshop = first
        title_raw = first.text
        if first.url:
            item.url = first.url
        rest = rest[1:]
    elif rest.startswith(_BOLD_OPEN) and _BOLD_CLOSE in rest:
        end = rest.index(_BOLD_CLOSE)
        title_raw = inline.text(rest[1:end])
        item.bold_title = bool(title_raw)
        rest = rest[end + 1 :]
    else:
        # The title is the text up to the first link; " - " may separate a comment.
        cut = next((i for i, ch in enumerate(rest) if inline.link_at(ch)), len(rest))
        head = inline.text(rest[:cut])
        parts = _TITLE_SPLIT.split(head, maxsplit=1)
        title_raw = parts[0]
        rest = (parts[1] if len(parts) > 1 else "") + " " + rest[cut:]
        # A title-less "[Title](url)" after a plain text is unusual; a named link later is the paper.
        if not title_raw:
            named = next((link for link in inline.links if link.kind == "title"), None)
            if named:
                title_raw = named.text
                item.url = named.url

    # "**StyleGAN** (8/10): ...": a rating right after the title.
    trailing = _TRAILING_RATING.match(rest)
    if trailing and item.rating is None:
        item.rating = _rating_of(trailing.group(1))
        rest = rest[trailing.end() :]

    comment_parts: list[str] = []
    for ch in rest:
        link = inline.link_at(ch)
        if link is None:
            continue
        if link.kind == "video" and not item.video_url:
            item.video_url = link.url
        elif link.kind == "code" and not item.code_url:
            item.code_url = link.url
        elif link.kind in ("paper", "title") and not item.url and link.url:
            item.url = link.url
    comment_text = "".join(
        ch if inline.link_at(ch) is None or inline.link_at(ch).kind == "title" else " "  # type: ignore[union-attr]
        for ch in rest
    )
    comment = _SEPARATOR.sub("", inline.text(comment_text))
    if tags:
        comment = _WS.sub(" ", _TAG.sub("", comment)).strip()
    if comment:
        comment_parts.append(comment)

    title = _WS.sub(" ", title_raw.replace("~~", "")).strip()
    title = _TAG.sub("", title).strip() if tags else title
    title, byline = _split_byline(title)
    if byline:
        comment_parts.insert(0, byline)
    arxiv_in_title = _ARXIV_TEXT.search(title)
    if arxiv_in_title:
        title = _SEPARATOR.sub("", _ARXIV_TEXT.sub("", title)).replace("()", "").strip(" .,;-")
    item.title = title.strip().rstrip(".").strip()
    item.comment = _join(*comment_parts)

    for candidate in (item.url, *(link.url for link in inline.links if link.url), inline.text(flat)):
        if candidate and (found := arxiv_id_from(candidate)):
            item.arxiv_id = found
            break
    if item.arxiv_id and not item.url:
        item.url = f"https://arxiv.org/abs/{item.arxiv_id}"
    return item


# ---------------------------------------------------------------------------------------------
# The walk over the block tree


class _PaperSection:
    """A heading that names a paper: what follows it, up to the next heading, is about it."""

    def __init__(self, item: _Item, line: int, path: tuple[str, ...]):
        self.item, self.line, self.end_line, self.path = item, line, line, path
        self.texts: list[str] = []


@dataclass
class _Walk:
    file: str
    notes: Notes
    stack: list[tuple[int, str]] = field(default_factory=list)
    workshop: str | None = None
    remark_section: bool = False
    title_taken: bool = False
    seen_content: bool = False
    paper_section: _PaperSection | None = None

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(label for _, label in self.stack)

    def add(self, entry: Entry) -> None:
        self.notes.entries.append(entry)


def _line(node: SyntaxTreeNode) -> int:
    return node.map[0] + 1 if node.map else 0


def _end_line(node: SyntaxTreeNode) -> int:
    return node.map[1] if node.map else 0


def _inline_child(node: SyntaxTreeNode) -> SyntaxTreeNode | None:
    for child in node.children:
        if child.type == "inline":
            return child
    return None


def _heading(walk: _Walk, node: SyntaxTreeNode) -> None:
    _close_paper_section(walk)
    level = int(node.tag[1])
    text = _plain(_inline_child(node))
    if not text:
        return
    if level == 1 and not walk.title_taken and not walk.seen_content and not walk.stack:
        walk.title_taken = True
        walk.notes.title = text
        return
    walk.title_taken = True
    item = _parse_item(_flatten(_inline_child(node)))
    if item.title and item.workshop is None and (
        item.url or item.arxiv_id or item.rating is not None or item.unrated
    ):
        # "### [Paper title](https://arxiv.org/...)": a paper, noted in the lines below it.
        while walk.stack and walk.stack[-1][0] >= level:
            walk.stack.pop()
        walk.paper_section = _PaperSection(item, _line(node), walk.path)
        return
    label, comment = text, None
    m = _PAREN_TAIL.match(text)
    if m:
        label, comment = m.group("base").strip(), m.group("paren").strip()
    while walk.stack and walk.stack[-1][0] >= level:
        walk.stack.pop()
    walk.stack.append((level, label))
    ws = _cues().workshop_heading.match(label)
    walk.workshop = ws.group("name").strip() if ws else None
    walk.remark_section = any(p.match(label) for p in _cues().remark_headings)
    walk.add(Heading(walk.file, _line(node), level, label, walk.path, comment, walk.workshop))


def _close_paper_section(walk: _Walk) -> None:
    """Turn a paper heading and the lines under it into the paper's entry."""
    section, walk.paper_section = walk.paper_section, None
    if section is None:
        return
    item = section.item
    comments = [item.comment] if item.comment else []
    fields: dict[str, Any] = {}
    for text in section.texts:  # "Rating: 8/10", "TL;DR: ...": a field; anything else: comment
        key = next((k for k, pattern in _cues().field_lines.items() if pattern.match(text)), None)
        value = _cues().field_lines[key].sub("", text, count=1).strip() if key else text
        if key == "rating" and _rating_of(value) is not None and item.rating is None:
            fields.setdefault("rating", _rating_of(value))
        elif key in ("tldr", "code_url", "video_url") and not getattr(item, key):
            fields.setdefault(key, value)
        else:
            comments.append(text)
    fields["comment"] = _join(*comments, sep="; ")
    walk.add(item.entry(walk.file, section.line, section.path, section.end_line, **fields))


def _in_paper_section(walk: _Walk, node: SyntaxTreeNode) -> bool:
    """Collect a block's text for the paper heading above it, if there is one."""
    section = walk.paper_section
    if section is None:
        return False
    if node.type in ("bullet_list", "ordered_list"):
        section.texts.extend(_list_texts(node))
    elif node.type == "paragraph":
        section.texts.append(_plain(_inline_child(node)))
    elif node.type == "blockquote":
        section.texts.extend(_plain(_inline_child(p)) for p in node.children if p.type == "paragraph")
    else:
        return False
    section.end_line = max(section.end_line, _end_line(node))
    return True


def _paragraph_entries(walk: _Walk, node: SyntaxTreeNode) -> None:
    inline = _flatten(_inline_child(node))
    text = inline.text(inline.flat).replace("~~", "")
    if not text:
        return
    line = _line(node)
    if not walk.stack and not walk.seen_content and walk.notes.title and not walk.notes.description:
        walk.notes.description = text
        return
    also = _cues().also_line.match(text)
    if also:
        names = tuple(
            n.strip(" .") for n in re.split(r",|;|&|\band\b", also.group("names")) if n.strip(" .")
        )
        walk.add(AlsoEntry(walk.file, line, names, walk.path))
        return
    if walk.workshop:
        # Talk notes written as "-note" lines (no space: not a markdown list) are one note each.
        chunks: list[tuple[int, str]] = []
        for offset, raw in enumerate(_source_lines(node)):
            stripped = raw.strip()
            if stripped.startswith("-") or not chunks:
                chunks.append((line + offset, stripped.lstrip("-").strip()))
            else:
                chunks[-1] = (chunks[-1][0], chunks[-1][1] + " " + stripped)
        for chunk_line, chunk in chunks:
            if chunk:
                walk.add(NoteEntry(walk.file, chunk_line, "talk", _clean_md(chunk), walk.path))
        return
    kind = "question" if text.rstrip().endswith("?") else "remark"
    walk.add(NoteEntry(walk.file, line, kind, text, walk.path))


_MD_MARKS = re.compile(r"(\*\*|__|~~|`)")


def _clean_md(text: str) -> str:
    return _WS.sub(" ", _MD_MARKS.sub("", text)).strip()


def _source_lines(node: SyntaxTreeNode) -> list[str]:
    inline = _inline_child(node)
    if inline is None or inline.token is None:
        return []
    return inline.token.content.split("\n")


def _leadin_attention(paragraph: SyntaxTreeNode | None) -> str | None:
    if paragraph is None or paragraph.type != "paragraph":
        return None
    text = _plain(_inline_child(paragraph))
    for pattern, attention in _cues().area_leadins:
        if pattern.search(text):
            return attention
    return None


def _note_kind(text: str) -> tuple[str, str] | None:
    """('book', title) or ('question', text) when an item is one of those."""
    for kind, pattern in _cues().note_prefixes.items():
        m = pattern.match(text)
        if m:
            return kind, text[m.end() :].strip().strip('"“”')
    if text.endswith("?") and text.count("?") >= 2:
        return "question", text
    return None


def _list_entries(
    walk: _Walk, node: SyntaxTreeNode, attention: str | None, path: tuple[str, ...]
) -> None:
    for item_node in node.children:
        if item_node.type == "list_item":
            _item_entries(walk, item_node, attention, path)


def _item_entries(
    walk: _Walk, node: SyntaxTreeNode, attention: str | None, path: tuple[str, ...]
) -> None:
    line = _line(node)
    paragraphs = [c for c in node.children if c.type == "paragraph"]
    sublists = [c for c in node.children if c.type in ("bullet_list", "ordered_list")]
    quotes = [c for c in node.children if c.type == "blockquote"]
    if not paragraphs:
        for quote in quotes:  # "- >penalize objects ...": a quoted talk note or remark
            text = " ".join(_plain(_inline_child(p)) for p in quote.children if p.type == "paragraph")
            if text:
                kind = "talk" if walk.workshop else "remark"
                walk.add(NoteEntry(walk.file, line, kind, text, path))
        for sub in sublists:
            _list_entries(walk, sub, attention, path)
        return

    inline = _flatten(_inline_child(paragraphs[0]))
    item = _parse_item(inline)
    extra = [_plain(_inline_child(p)) for p in paragraphs[1:]] + [
        _plain(_inline_child(p)) for q in quotes for p in q.children if p.type == "paragraph"
    ]

    if item.workshop is not None:
        name = _cues().workshop_heading.match(item.workshop.text)
        walk.add(
            WorkshopEntry(walk.file, line, name.group("name").strip() if name else item.title,
                          item.workshop.url, path)
        )
        return

    if sublists and not item.has_paper_evidence and _heads_a_group(item, sublists):
        # "- Detection" over a nested list of papers: the item is a sub-topic.
        label = item.title or item.text
        sub_path = path + (label,)
        walk.add(Heading(walk.file, line, len(path) + 1, label, sub_path))
        for sub in sublists:
            _list_entries(walk, sub, attention, sub_path)
        return

    if not item.has_paper_evidence:
        if attention:
            m = _TLDR_MARK.search(item.text)
            label = item.text[: m.start()].strip(" .") if m else item.text
            opinion = item.text[m.end() :].strip() if m else None
            walk.add(AreaEntry(walk.file, line, label, attention, path, opinion or None))
            return
        note = _note_kind(item.text)
        if note:
            walk.add(NoteEntry(walk.file, line, note[0], note[1], path))
            return
        if walk.remark_section or not item.title:
            walk.add(NoteEntry(walk.file, line, "remark", item.text, path))
            return

    comment = _join(item.comment, *extra)
    for sub in sublists:  # nested points under a paper are more of its comment
        comment = _join(comment, *_list_texts(sub), sep="; ")
    walk.add(item.entry(walk.file, line, path, _end_line(node), comment=comment))


def _heads_a_group(item: _Item, sublists: list[SyntaxTreeNode]) -> bool:
    """Does a bare item head a group of papers (rather than carry nested remarks)?"""
    if item.text.rstrip().endswith(":"):
        return True
    children = [
        _parse_item(_flatten(_inline_child(paragraph)))
        for sub in sublists
        for child in sub.children
        for paragraph in child.children[:1]
        if paragraph.type == "paragraph"
    ]
    if any(child.has_paper_evidence for child in children):
        return True
    titles = sum(_looks_like_title(child.title) for child in children)
    return bool(children) and titles * 2 > len(children)


def _looks_like_title(text: str) -> bool:
    """Capitalised and at least three words, or with a "Name:" head: how titles look."""
    words = text.split()
    return bool(words) and (text[0].isupper() or text[0].isdigit()) and (
        len(words) >= 3 or ":" in text
    )


def _list_texts(node: SyntaxTreeNode) -> Iterator[str]:
    for item in node.children:
        for child in item.children:
            if child.type == "paragraph":
                yield _plain(_inline_child(child))
            elif child.type in ("bullet_list", "ordered_list"):
                yield from _list_texts(child)


def _table_entries(walk: _Walk, node: SyntaxTreeNode) -> None:
    rows = [tr for section in node.children for tr in section.children if tr.type == "tr"]
    if len(rows) < 2:
        return
    header = [_plain(_inline_child(cell)).lower() for cell in rows[0].children]
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        for key, pattern in _cues().table_columns.items():
            if key not in columns and pattern.match(name):
                columns[key] = index
                break
    if "title" not in columns:
        for row in rows[1:]:
            text = " | ".join(_plain(_inline_child(c)) for c in row.children)
            walk.add(NoteEntry(walk.file, _line(row), "remark", text, walk.path))
        return
    for row in rows[1:]:
        cells = row.children

        def cell(key: str, cells: list[SyntaxTreeNode] = cells) -> SyntaxTreeNode | None:
            index = columns.get(key)
            return _inline_child(cells[index]) if index is not None and index < len(cells) else None

        item = _parse_item(_flatten(cell("title")))
        if not item.title:
            continue
        rating_text = _plain(cell("rating"))
        url_inline = _flatten(cell("url"))
        url = next((link.url for link in url_inline.links if link.url), None) or item.url
        code_inline = _flatten(cell("code"))
        code = next((link.url for link in code_inline.links if link.url), None) or item.code_url
        topic = _plain(cell("topic"))
        arxiv = item.arxiv_id or (arxiv_id_from(url) if url else None)
        walk.add(
            item.entry(
                walk.file, _line(row), walk.path + ((topic,) if topic else ()), _line(row),
                rating=_rating_of(rating_text) if _rating_of(rating_text) is not None else item.rating,
                unrated=bool(_UNRATED.match(rating_text)) if rating_text else item.unrated,
                tldr=_plain(cell("tldr")) or item.tldr,
                comment=_join(item.comment, _plain(cell("comment"))),
                url=url or (f"https://arxiv.org/abs/{arxiv}" if arxiv else None),
                arxiv_id=arxiv,
                code_url=code,
            )
        )
        if topic:
            walk.add(Heading(walk.file, _line(row), len(walk.path) + 1, topic, walk.path + (topic,)))


def _markdown() -> MarkdownIt:
    return (
        MarkdownIt("commonmark", {"html": True})
        .enable("table")
        .enable("strikethrough")
        .use(front_matter_plugin)
    )


def parse_text(text: str, file: str = "<notes>") -> Notes:
    """Parse notes given as a string; ``file`` names them in entries and messages.

    Raises
    ------
    BadNotes
        If the YAML front matter does not parse.

    Examples
    --------
    >>> notes = parse_text("# cvpr2020 notes\\n## GANs\\n- ~~Old idea~~\\n- [???] [New](https://x.org/a.pdf)\\n")
    >>> notes.title, [(p.title, p.struck, p.unrated) for p in notes.papers]
    ('cvpr2020 notes', [('Old idea', True, False), ('New', False, True)])
    """
    notes = Notes(file=file)
    walk = _Walk(file, notes)
    root = SyntaxTreeNode(_markdown().parse(text))
    children = root.children
    for index, node in enumerate(children):
        previous = children[index - 1] if index else None
        if node.type == "front_matter":
            notes.front_matter = _front_matter(node, file)
        elif _in_paper_section(walk, node):
            walk.seen_content = True
        elif node.type == "heading":
            _heading(walk, node)
        elif node.type == "paragraph":
            _paragraph_entries(walk, node)
            walk.seen_content = True
        elif node.type in ("bullet_list", "ordered_list"):
            attention = _leadin_attention(previous)
            _list_entries(walk, node, attention, walk.path)
            walk.seen_content = True
        elif node.type == "table":
            _table_entries(walk, node)
            walk.seen_content = True
        elif node.type == "blockquote":
            for child in node.children:
                if child.type == "paragraph":
                    _paragraph_entries(walk, child)
            walk.seen_content = True
    _close_paper_section(walk)
    if not notes.title and isinstance(notes.front_matter.get("title"), str):
        notes.title = notes.front_matter["title"]
    return notes


def _front_matter(node: SyntaxTreeNode, file: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(node.content)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise BadNotes(f"{file}: front matter is not valid YAML{where}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise BadNotes(f"{file}: front matter must be a YAML mapping (key: value lines)")
    return data
