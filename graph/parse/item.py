"""One entry's text read by a scanner: ``[rating][tl;dr] Title-or-link comment`` and citations.

The scanner finds the title span of an entry whatever surrounds it: leading bracket groups
(a rating, a tl;dr, a ``[VENUE 'YY]`` tag, an award), a title link, a bold title, a quoted
title in a citation, or plain text up to the first link; then authors, venue and year on
either side of it (see :mod:`graph.parse.citation`), and the entry's other links.

>>> from graph.parse.inline import Inline, Link
>>> item = parse_item(Inline("[NSDI '24] Counting Sheep at Scale \\ue000", [Link("pdf", "https://x.org/a.pdf", "paper")]))
>>> item.title, item.venue, item.year, item.url
('Counting Sheep at Scale', 'NSDI', 2024, 'https://x.org/a.pdf')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from graph.parse.citation import author_list, read_citation, split_title, venue_year
from graph.parse.cues import cues
from graph.parse.entries import PaperEntry
from graph.parse.inline import (
    ARXIV_TEXT, BOLD_CLOSE, BOLD_OPEN, BREAK, HTML_TAG, LINK_BASE, LINK_CHARS, TAG, WS, Inline, Link, arxiv_id_from,
)
from graph.parse.ratings import Rating, parse_rating, split_rating

__all__ = ["Item", "parse_item", "rating_of", "join", "ENTRY_FIELDS", "UNRATED", "TLDR_MARK"]

RATING = re.compile(r"^\s*(\d{1,2}(?:[.,]\d+)?)\s*/\s*10\b\s*[-:,;]?\s*(.*)$", re.S)
UNRATED = re.compile(r"^\s*(\?+|n/?a|-)\s*(/\s*10)?\s*$", re.I)
SEPARATOR = re.compile(r"^[\s.\-–—:;,|]+")
TITLE_SPLIT = re.compile(r"\s+[-–—]\s+")
PAREN_TAIL = re.compile(r"^(?P<base>.*\S)\s*\((?P<paren>[^()]+)\)\s*$", re.S)
TRAILING_RATING = re.compile(r"^\s*[(\[]\s*(\d{1,2}(?:[.,]\d+)?)\s*/\s*10\s*[)\]]\s*[:\-–—]?\s*")
TLDR_MARK = re.compile(r"\bTL;?\s?DR\b\s*[:\-–—]?\s*", re.I)
NUMBERING = re.compile(rf"^\s*{BOLD_OPEN}?\s*(?:\[\d{{1,4}}\]|\d{{1,4}}[.)])\s*{BOLD_CLOSE}?\s*")
BOLD_GROUP = re.compile(rf"^\s*{BOLD_OPEN}\s*(\[[^\[\]]*\])\s*{BOLD_CLOSE}")
# A log date before the entry: "2023-03-02 — Title", "2023/03/02: Title".
DATE_PREFIX = re.compile(r"^\s*(?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])(?!\d)\s*(?:[-–—:|,]\s*)?")
# An outliner's task marker (Logseq, org-mode): "TODO read [[Some Paper]]".
TASK_MARKER = re.compile(r"^\s*(?:TODO|DONE|LATER|NOW|DOING|WAITING|CANCEL+ED)\s+")
# Full-width punctuation of Chinese, Japanese and Korean notes, read as its ASCII counterpart.
_FULL_WIDTH = str.maketrans({"，": ", ", "；": "; ", "（": " (", "）": ") ", "｜": " | "})
STAR_RUN = re.compile(r"(?:[★☆⭐🌟]\ufe0f?|:star:){2,}")


def rating_of(text: str) -> Rating | None:
    """"8", "8/10", "7.5" -> a whole rating out of 10.

    >>> rating_of("7.5/10")
    Rating(value=8, scale=10, text='7.5/10', label=None)
    """
    number = re.match(r"\s*(\d{1,2}(?:[.,]\d+)?)", text)
    if not number:
        return None
    return Rating(round(float(number.group(1).replace(",", "."))), 10, text.strip())


#: What a list item, table row or paper heading gives a paper entry.
ENTRY_FIELDS = ("title", "rating", "unrated", "award", "tldr", "comment", "url", "arxiv_id",
                "video_url", "code_url", "struck", "tags", "authors", "venue", "year", "nickname")


@dataclass
class Item:
    """What the scanner found in one entry."""

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
    authors: tuple[str, ...] = ()
    venue: str | None = None
    year: int | None = None
    nickname: str | None = None
    workshop: Link | None = None
    bold_title: bool = False
    title_link: Link | None = None
    links: list[Link] = field(default_factory=list)
    text: str = ""  # the whole item as plain text
    cited: bool = False  # read as a citation (authors or venue around the title)

    def entry(self, file: str, line: int, topic_path: tuple[str, ...], end_line: int,
              **changes: Any) -> PaperEntry:
        """The paper entry this item makes, with ``changes`` to what the scanner found."""
        fields = {name: getattr(self, name) for name in ENTRY_FIELDS}
        fields.update(changes)
        return PaperEntry(file=file, line=line, topic_path=topic_path, end_line=end_line, **fields)


# What a bracket group's end depends on: its brackets and the links inside it.
_GROUP_MARKS = re.compile(r"[\[\]]|" + LINK_CHARS.pattern)


def balanced_group(flat: str, pos: int, inline: Inline) -> tuple[str, int, bool] | None:
    """Read the ``[...]`` group at ``pos``: (content, next position, closed?)."""
    depth = 0
    for m in _GROUP_MARKS.finditer(flat, pos):  # brackets and links: the other characters change nothing
        ch, j = m.group(0), m.start()
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return flat[pos + 1 : j], j + 1, True
        elif depth >= 1 and (link := inline.link_at(ch)) is not None and link.kind == "title":
            # "[tl;dr without its closing bracket[Title](url)": the title link ends the group.
            return flat[pos + 1 : j], j, False
    return None


def split_byline(title: str) -> tuple[str, str | None]:
    """Move a trailing "(Jane Roe et al)", "(University of X)" or "(lab name)" out of a title.

    A short parenthetical of names or places after a full title is who wrote it, not part of
    it; an acronym or a longer phrase (which spells the title out) stays.

    >>> split_byline("Counting Sheep: A Scalable Approach (sheeplab jones)")
    ('Counting Sheep: A Scalable Approach', 'sheeplab jones')
    >>> split_byline("CSN (Counting sheep networks for the sleepless)")[1] is None
    True
    """
    m = PAREN_TAIL.match(title)
    if not m:
        return title, None
    base, paren = m.group("base").strip(), m.group("paren").strip()
    if cues().byline.search(paren):
        return base, paren
    words = paren.split()
    base_words = {w.lower() for w in re.findall(r"\w+", base)}
    if (
        len(base.split()) >= 4
        and 1 <= len(words) <= 3
        and all(w.isalpha() and w.islower() and w not in base_words for w in words)
    ):
        return base, paren
    return title, None


def join(*parts: str | None, sep: str = " ") -> str | None:
    """Non-empty parts joined, or None."""
    text = sep.join(p for p in parts if p)
    return text or None


def _bracket_group(item: Item, text: str, tldrs: list[str], scale: float | None) -> None:
    """What a leading ``[...]`` says: a rating, unrated, a venue tag, an award, or a tl;dr."""
    rating = RATING.match(text)
    if rating and item.rating is None and not item.unrated:
        item.rating = rating_of(rating.group(1))
        item.award = rating.group(2).strip() or None
        return
    if UNRATED.match(text) and item.rating is None:
        item.unrated = True
        return
    other = parse_rating(text, scale)
    if other is not None and item.rating is None:
        item.rating = other
        return
    venue, year, span = venue_year(text)
    if span and len(text.split()) <= 4:
        item.venue, item.year = venue, year
        return
    if cues().award.search(text) and len(text.split()) <= 6:
        item.award = join(item.award, text, sep="; ")
        return
    if text:
        tldrs.append(text)


def _looks_like_authors_before(head: str) -> tuple[str, ...] | None:
    head = head.strip().rstrip(".:,-–— ").strip()
    if not head:
        return None
    venue, year, span = venue_year(head)
    if span and span[0] == 0 and len(head.split()) <= 4:
        return ()
    return author_list(re.sub(r"\s*\(?\b(?:19|20)\d\d\b(?:,[^()]*)?\)?\s*$", "", head))


def parse_item(inline: Inline, scale: float | None = None, trailing_number: bool | None = None) -> Item:
    """Read one entry (a list item's first paragraph, a paragraph line, a table cell, a heading).

    ``scale`` is the rating scale a legend in the notes declares: with it, bare numbers such as
    ``4分`` or a trailing ``(4)`` are ratings on that scale. ``trailing_number`` says a trailing
    ``(4)`` is a rating even with no scale (the pattern holds across the file); by default it is
    one only when a legend gives the scale.
    """
    paren_ok = scale is not None if trailing_number is None else trailing_number
    flat = NUMBERING.sub("", inline.flat, count=1).replace(BREAK, " ")
    flat = DATE_PREFIX.sub("", TASK_MARKER.sub("", flat.translate(_FULL_WIDTH), count=1), count=1)
    item = Item(text=inline.text(flat).replace("~~", ""), links=list(inline.links_in(flat)))

    # A whole item struck through: keep it, marked.
    stripped = flat.strip()
    if stripped.startswith("~~") and stripped.endswith("~~") and stripped.count("~~") == 2:
        item.struck = True
        flat = stripped[2:-2]

    tags = tuple(dict.fromkeys(m.group(1) for m in TAG.finditer(inline.text(flat))))
    item.tags = tags

    # Leading rating in stars, emoji or a fraction: "★★★★☆ Title", "4/5 - Title".
    lead = re.match(r"^\s*(?:[★☆⭐🌟\ufe0f\s]|:star:)+", flat)
    if lead and lead.group(0).strip():
        rating = parse_rating(lead.group(0))
        if rating is not None:
            item.rating = rating
            flat = flat[lead.end() :]

    pos = len(flat) - len(flat.lstrip())
    tldrs: list[str] = []
    groups = 0
    while groups < 4 and pos < len(flat):
        bold = BOLD_GROUP.match(flat, pos)
        if bold:  # "**[Best Paper Award]**"
            _bracket_group(item, inline.text(bold.group(1)[1:-1]), tldrs, scale)
            pos = bold.end()
        elif flat[pos] == "[":
            group = balanced_group(flat, pos, inline)
            if group is None:
                break
            content, pos, _closed = group
            _bracket_group(item, inline.text(content), tldrs, scale)
        else:
            break
        groups += 1
        while pos < len(flat) and flat[pos].isspace():
            pos += 1
    item.tldr = "; ".join(tldrs) or None

    rest = flat[pos:]
    first = inline.link_at(rest[:1])
    title_raw = ""
    if first is not None and first.kind in ("title", "workshop", "anchor"):
        if first.kind == "workshop":
            item.workshop = first
        title_raw = first.text
        item.title_link = first
        if first.url:
            item.url = first.url
        rest = rest[1:]
        if rest.lstrip().startswith(":") and len(inline.text(rest).split()) >= 2 and first.kind == "title":
            pass  # "[Name](url): what it does" keeps its comment
    elif rest.startswith(BOLD_OPEN) and BOLD_CLOSE in rest:
        end = rest.index(BOLD_CLOSE)
        bold_text = inline.text(rest[1:end])
        title_raw = bold_text
        item.bold_title = bool(title_raw)
        inner_links = inline.links_in(rest[1:end])
        if len(inner_links) == 1 and inner_links[0].kind == "title":
            item.title_link = inner_links[0]
            item.url = inner_links[0].url
        rest = rest[end + 1 :]
        # "**Name**: A Longer Title [link]": the bold part is a nickname inside the title.
        after = re.match(r"^:\s+([^\ue000-\ue7ff]{8,}?)\s*(?=[\ue000-\ue7ff]|$)", rest)
        if after and len(after.group(1).split()) >= 3 and after.group(1)[:1].isupper():
            item.nickname = bold_text
            title_raw = f"{bold_text}: {inline.text(after.group(1))}"
            rest = rest[after.end() :]
    else:
        cut = inline.first_link(rest)
        head = inline.text(rest[:cut])
        cited = read_citation(inline.text(rest))
        named = next((link for link in inline.links_in(rest) if link.kind == "title" and link.url), None)
        head_authors = _looks_like_authors_before(head) if named is not None else None
        if cited is not None and not (named and cited.title in named.text):
            item.cited = True
            title_raw = cited.title
            item.authors, item.year = cited.authors, cited.year
            item.venue = item.venue or cited.venue
            rest = rest[cut:]
        elif named is not None and head_authors is not None:
            # "Jane Doe, Max Roe. [Title](url). Venue 2019."
            item.cited = True
            title_raw = named.text
            item.title_link = named
            item.url = named.url
            item.authors = head_authors or ()
            dated = re.search(r"\((?P<y>(?:19|20)\d\d)\b[^()]*\)\W*$", head)
            item.year = int(dated.group("y")) if dated else item.year
            rest = rest[cut:].replace(chr(LINK_BASE + inline.links.index(named)), " ", 1)
            if not head_authors:
                venue, year, _span = venue_year(head)
                item.venue, item.year = item.venue or venue, item.year or year
        else:
            # The title is the text up to the first link; " - " may separate a comment.
            parts = TITLE_SPLIT.split(head, maxsplit=1)
            title_raw = parts[0]
            rest = (parts[1] if len(parts) > 1 else "") + " " + rest[cut:]
            anyone = named or next((link for link in inline.links_in(rest) if link.kind in ("video", "code")
                                    and link.text and link.text != link.url), None)
            if not title_raw and anyone:
                # A title-less "[Title](url)" after plain text; or a talk's video link.
                title_raw = anyone.text
                item.title_link = anyone
                item.url = anyone.url if anyone is named else None

    # "**Title** (8/10): ...": a rating right after the title.
    trailing = TRAILING_RATING.match(rest)
    if trailing and item.rating is None:
        item.rating = rating_of(trailing.group(1))
        rest = rest[trailing.end() :]

    for link in inline.links_in(rest):
        if link.kind == "video" and not item.video_url:
            item.video_url = link.url
        elif link.kind == "code" and not item.code_url:
            item.code_url = link.url
        elif link.kind in ("paper", "title") and not item.url and link.url:
            item.url = link.url
    comment = inline.text(inline.blank_links(rest, keep="title"))
    comment = SEPARATOR.sub("", comment)
    if tags:
        comment = WS.sub(" ", TAG.sub("", comment)).strip()
    comment_parts: list[str] = []

    # Authors and venue after the title: "| Jane Doe, Max Roe", ". Jane Doe. ICLR'19."
    if comment and not item.authors:
        for segment in re.split(r"(?<=[^A-Z]\.)\s+|\s+\|\s+|^\|\s*", comment)[:3]:
            venue_span = venue_year(segment)[2]
            core = segment[: venue_span[0]].rstrip(" ,(") if venue_span is not None and venue_span[0] else segment
            # "Doe, Roe, …, Poe 2018": an author list closed by its year
            year_end = re.search(r"[\s,]+\(?((?:19|20)\d\d)\)?\.?$", core)
            names = author_list(core[: year_end.start()] if year_end else core)
            if names and (len(names) >= 2 or len(names[0].split()) >= 2 or re.search(r"\bet\.? al\b", segment)):
                item.authors = names
                item.cited = True
                if year_end and item.year is None:
                    item.year = int(year_end.group(1))
                    if len(title_raw.split()) == 1 and not item.title_link and not item.bold_title:
                        # "NICK - Doe, Roe, …, Poe 2018": named only by a nickname; the citation
                        # as written is all that tells the paper apart
                        item.nickname = title_raw.strip()
                        title_raw = f"{title_raw.strip()} - {segment.strip()}"
                break
    if comment and item.year is None:
        venue, year, span = venue_year(comment)
        before = comment[: span[0]] if span else ""
        for name in item.authors:
            before = before.replace(name, "")
        if span is not None and (span[0] <= max(3, len(comment) // 2)
                                 or len(re.sub(r"[\s.,;|*&]|\band\b|et al", "", before)) <= 3):
            item.venue, item.year = venue, year
            item.cited = True
    if comment and item.rating is None:
        rating, remaining = split_rating(comment, scale, trailing_number=paren_ok)
        if rating is not None:
            item.rating, comment = rating, remaining
    if comment:
        comment_parts.append(comment)

    title = WS.sub(" ", HTML_TAG.sub(" ", title_raw).replace("~~", "")).strip()
    title = TAG.sub("", title).strip() if tags else title
    if item.rating is None:
        rating, remaining = split_rating(title, scale, trailing_number=paren_ok)
        if rating is not None and remaining:
            item.rating, title = rating, remaining
    title = STAR_RUN.sub("", title).strip()
    title, byline = split_byline(title)
    if byline:
        comment_parts.insert(0, byline)
    if ARXIV_TEXT.search(title):
        title = SEPARATOR.sub("", ARXIV_TEXT.sub("", title)).replace("()", "").strip(" .,;-")
    cited = split_title(title)
    if cited.title and cited.title != title:
        title = cited.title
        item.authors = item.authors or cited.authors
        item.venue, item.year = item.venue or cited.venue, item.year or cited.year
        item.nickname = item.nickname or cited.nickname
    title = re.sub(r"\s*[(\[]\s*$", "", title)  # "Title ([pdf](url))": the bracket opened before a link
    item.title = title.strip().rstrip(".").strip().strip('"“”').strip()
    item.comment = join(*comment_parts)

    for candidate in (item.url, *(link.url for link in item.links if link.url), inline.text(flat)):
        if candidate and (found := arxiv_id_from(candidate)):
            item.arxiv_id = found
            break
    if item.arxiv_id and not item.url:
        item.url = f"https://arxiv.org/abs/{item.arxiv_id}"
    return item
