"""Inline markdown flattened to text, links kept as atoms; arXiv ids; what a link points at.

A line of notes is flattened to a string in which each link is one private-use character, so a
scanner can walk the text and still know, at each point, which link it is passing.  Bold spans
are marked, soft line breaks kept as ``\\n``, ``<br/>`` read as a space (titles drop other tags).
Links markdown did not read because they are malformed — ``[Title][https://…]``,
``[Title](url with a space)``, ``[[Paper]] (url)``, ``Title (https://…)`` — become links too.

>>> from markdown_it import MarkdownIt
>>> from markdown_it.tree import SyntaxTreeNode
>>> root = SyntaxTreeNode(MarkdownIt().parse("See [Some Title][https://arxiv.org/abs/1234.56789]<br/>ok"))
>>> inline = flatten(root.children[0].children[0])
>>> inline.text(inline.flat), inline.links[0].url
('See Some Title ok', 'https://arxiv.org/abs/1234.56789')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlparse

from markdown_it.tree import SyntaxTreeNode

from graph.parse.cues import cues

__all__ = [
    "Link",
    "Inline",
    "flatten",
    "plain",
    "arxiv_id_from",
    "link_kind",
    "clean_md",
    "BOLD_OPEN",
    "BOLD_CLOSE",
    "BREAK",
]

ARXIV_URL = re.compile(
    r"arxiv\.org/(?:abs|pdf|html|format)/"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z.\-]*/\d{7})(?:v\d+)?",
    re.IGNORECASE,
)
#: "arXiv:1234.56789", "arXiv preprint arXiv:1234.56789", "10.48550/arXiv.1234.56789"
ARXIV_TEXT = re.compile(
    r"(?:\barxiv\s*:\s*|\b10\.48550/arxiv\.)(?P<id>\d{4}\.\d{4,5}|[a-z][a-z.\-]*/\d{7})(?:v\d+)?", re.I
)
BARE_URL = re.compile(r"(?<![(\w])https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")


def arxiv_id_from(text: str) -> str | None:
    """The arXiv id in a URL, an ``arXiv:`` mention or an arXiv DOI, without version.

    >>> arxiv_id_from("https://arxiv.org/pdf/1904.11491v2.pdf")
    '1904.11491'
    >>> arxiv_id_from("see arXiv:1904.05049"), arxiv_id_from("https://doi.org/10.48550/arXiv.2310.03294")
    ('1904.05049', '2310.03294')
    >>> arxiv_id_from("https://example.org/x.pdf") is None
    True
    """
    m = ARXIV_URL.search(text) or ARXIV_TEXT.search(text)
    return m.group("id") if m else None


def link_kind(text: str, url: str | None) -> str:
    """What a link points at: 'paper', 'video', 'code', 'workshop', 'anchor' or 'title' (a named paper).

    >>> link_kind("code", "https://example.org"), link_kind("Some Title", "https://youtu.be/x")
    ('code', 'video')
    >>> link_kind("Contents", "#contents"), link_kind("A Title", "https://arxiv.org/abs/1")
    ('anchor', 'title')
    >>> link_kind("[pdf]", "https://example.org/w.pdf"), link_kind("(code)", "https://example.org/w")
    ('paper', 'code')
    """
    found = cues()
    words = text.strip().lower()
    if len(words) > 2 and words[0] in "[(" and words[-1] in "])":  # "[[link]](url)": the text in brackets is still a link's word
        words = words[1:-1].strip()
    if found.workshop_heading.match(text):
        return "workshop"
    if url and url.startswith("#"):
        return "anchor"
    for kind in ("video", "code", "paper"):
        if found.link_texts[kind].match(words):
            return kind
    host = (urlparse(url).hostname or "") if url and "://" in url else ""
    for kind in ("video", "code"):
        if found.link_hosts[kind].search(host):
            return kind
    if url and (words == url.lower() or words.startswith(("http://", "https://"))):
        return "paper"
    return "title"


BOLD_OPEN, BOLD_CLOSE = "\x01", "\x02"
BREAK = "\n"  # a soft line break inside a paragraph
LINK_BASE = 0xE000  # private-use characters stand for links in the flattened text
MAX_LINKS = 0x1800
WIKI = re.compile(r"\[\[([^\[\]|]+)(?:\|([^\[\]]+))?\]\]")
TAG = re.compile(r"(?<![\w#&/])#([A-Za-z][\w\-]*)")
WS = re.compile(r"\s+")
#: Links markdown leaves as text: [Title][https://…], [Title](url with spaces), [[Title]] (url),
#: "Title (https://…)" — the text part may be empty for the last form.
MALFORMED_LINK = re.compile(
    r"\[\[?(?P<text>[^\[\]\n]{1,2000})\]\]?\s?[\[(]\s*(?P<url>https?://[^\s\])]+(?: [^\s\])]+)?)\s*[\])]"
    r"|\((?P<bare>https?://[^\s()]+)\)"
)
HTML_TAG = re.compile(r"<(?:/?[a-zA-Z][a-zA-Z0-9]*\b[^<>]{0,500}|!--.{0,2000}?--)>", re.S)
LINK_CHARS = re.compile(f"[{chr(LINK_BASE)}-{chr(LINK_BASE + MAX_LINKS)}]")
MARKS = re.compile(f"[{BOLD_OPEN}{BOLD_CLOSE}]")


@dataclass
class Link:
    """A link as written: its text, its target, and what it points at (see :func:`link_kind`)."""

    text: str
    url: str | None
    kind: str


@dataclass
class Inline:
    """Inline content flattened to a string where each link is one private-use character."""

    flat: str
    links: list[Link]

    def link_at(self, ch: str) -> Link | None:
        """The link a character stands for, or None."""
        i = ord(ch) - LINK_BASE if len(ch) == 1 else -1
        return self.links[i] if 0 <= i < len(self.links) else None

    def first_link(self, s: str) -> int:
        """Where the first link of a slice stands (its length when it has none): the first
        character :meth:`link_at` finds a link for.

        >>> Inline("a\ue000b", [Link("T", "https://x.org", "title")]).first_link("a\ue000b")
        1
        """
        links = len(self.links)
        return next((m.start() for m in LINK_CHARS.finditer(s) if ord(m.group(0)) - LINK_BASE < links), len(s))

    def blank_links(self, s: str, keep: str) -> str:
        """A slice with its links of another kind than ``keep`` made spaces.

        >>> inline = Inline("", [Link("T", "https://x.org", "title"), Link("code", "https://x.org/c", "code")])
        >>> inline.blank_links("a\ue000 b\ue001", keep="title") == "a\ue000 b "
        True
        """
        links = self.links

        def blank(m: re.Match[str]) -> str:
            i = ord(m.group(0)) - LINK_BASE
            return " " if i < len(links) and links[i].kind != keep else m.group(0)

        return LINK_CHARS.sub(blank, s)

    def links_in(self, s: str) -> list[Link]:
        """The links in a slice of the flat text, in order."""
        return [self.links[ord(m.group(0)) - LINK_BASE] for m in LINK_CHARS.finditer(s)
                if ord(m.group(0)) - LINK_BASE < len(self.links)]

    def text(self, s: str, keep_links: bool = True) -> str:
        """Plain text of a slice: links become their text (or vanish), markers go (linear time)."""
        links = self.links

        def link_text(m: re.Match[str]) -> str:
            i = ord(m.group(0)) - LINK_BASE
            return links[i].text if i < len(links) and keep_links else ""

        # str.split() splits at exactly what \s matches: the same as WS.sub(" ", ...).strip()
        return " ".join(LINK_CHARS.sub(link_text, s.replace(BOLD_OPEN, "").replace(BOLD_CLOSE, "")).split())

    def view(self, s: str) -> Inline:
        """The same links, a slice of the text."""
        return Inline(s, self.links)


def flatten(node: SyntaxTreeNode | None) -> Inline:
    """Flatten an inline node; bare URLs, [[wiki links]] and malformed links become links too."""
    flat: list[str] = []
    links: list[Link] = []

    def add_link(text: str, url: str | None, kind: str | None = None) -> None:
        if len(links) >= MAX_LINKS:  # a pathological line: keep the rest as text
            flat.append(text)
            return
        text = " ".join(text.split())  # as WS.sub(" ", text).strip()
        links.append(Link(text, url, kind or link_kind(text, url)))
        flat.append(chr(LINK_BASE + len(links) - 1))

    def add_text(text: str) -> None:
        pos = 0
        for m in MALFORMED_LINK.finditer(text):
            add_wiki(text[pos : m.start()])
            if m.group("bare"):
                add_link(m.group("bare"), m.group("bare"))
            else:
                url = m.group("url").replace(" ", "")
                inner = m.group("text").strip()
                wiki = WIKI.fullmatch(f"[{inner}]")
                add_link((wiki.group(2) or wiki.group(1)).strip() if wiki else inner, url)
            pos = m.end()
        add_wiki(text[pos:])

    def add_wiki(text: str) -> None:
        pos = 0
        for m in WIKI.finditer(text):
            add_urls(text[pos : m.start()])
            add_link((m.group(2) or m.group(1)).strip(), None, "title")
            pos = m.end()
        add_urls(text[pos:])

    def add_urls(text: str) -> None:
        pos = 0
        for m in BARE_URL.finditer(text):
            flat.append(text[pos : m.start()])
            add_link(m.group(0), m.group(0))
            pos = m.end()
        flat.append(text[pos:])

    if node is None:
        return Inline("", [])
    tokens = node.token.children if node.token and node.token.children else []
    pending: list[str] = []  # adjacent text tokens are read together (markdown-it splits at "[")

    def flush() -> None:
        if pending:
            add_text("".join(pending))
            pending.clear()

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type in ("text", "html_inline"):
            pending.append(tok.content if tok.type == "text" else _html_text(tok.content))
            i += 1
            continue
        flush()
        if tok.type == "link_open":
            href = str(tok.attrs.get("href", "")) or None
            parts = []
            i += 1
            while i < len(tokens) and tokens[i].type != "link_close":
                if tokens[i].type in ("text", "code_inline"):
                    parts.append(tokens[i].content)
                elif tokens[i].type == "html_inline":
                    parts.append(_html_text(tokens[i].content))
                elif tokens[i].type in ("softbreak", "hardbreak"):
                    parts.append(" ")
                i += 1
            add_link("".join(parts), href)
        elif tok.type == "code_inline":
            flat.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            flat.append(BREAK)
        elif tok.type == "strong_open":
            flat.append(BOLD_OPEN)
        elif tok.type == "strong_close":
            flat.append(BOLD_CLOSE)
        elif tok.type in ("s_open", "s_close"):
            flat.append("~~")
        elif tok.type == "image":
            flat.append(tok.content)
        i += 1
    flush()
    return Inline("".join(flat), links)


def _html_text(html: str) -> str:
    """Inline HTML: a line break is a space; other tags stay as written (titles drop them)."""
    return " " if re.match(r"<\s*br\b", html, re.I) else html


def plain(node: SyntaxTreeNode | None) -> str:
    """The plain text of an inline node (headings, table cells)."""
    inline = flatten(node)
    return inline.text(inline.flat).replace("~~", "")


MD_MARKS = re.compile(r"(\*\*|__|~~|`)")


def clean_md(text: str) -> str:
    """Text without emphasis and code marks.

    >>> clean_md("**bold** and `code`")
    'bold and code'
    """
    return WS.sub(" ", MD_MARKS.sub("", text)).strip()
