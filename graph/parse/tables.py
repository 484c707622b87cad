"""Tables of papers: a "Paper" or "Title" column beside rating, verdict, link, code and notes.

>>> from graph.parse.notes import parse_text
>>> notes = parse_text("| Paper | Read again? |\\n|---|---|\\n| [Counting Sheep](https://x.org/a.pdf) | Maybe |\\n")
>>> paper = notes.papers[0]
>>> paper.title, paper.rating.label
('Counting Sheep', 'maybe')
"""

from __future__ import annotations

from markdown_it.tree import SyntaxTreeNode

from graph.parse.citation import author_list, venue_year
from graph.parse.cues import cues
from graph.parse.entries import Heading, NoteEntry
from graph.parse.evidence import Candidate
from graph.parse.inline import arxiv_id_from, flatten, plain
from graph.parse.item import UNRATED, join, parse_item
from graph.parse.markdown import Walk, _inline_child, _line
from graph.parse.ratings import parse_rating, verdict

__all__ = ["table_entries"]


def table_entries(walk: Walk, node: SyntaxTreeNode) -> None:
    """The rows of a table: candidates when it has a title column, remarks otherwise."""
    rows = [tr for section in node.children for tr in section.children if tr.type == "tr"]
    if len(rows) < 2:
        return
    header = [plain(_inline_child(cell)).lower() for cell in rows[0].children]
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        for key, pattern in cues().table_columns.items():
            if key not in columns and pattern.match(name):
                columns[key] = index
                break
    if "title" not in columns:
        for row in rows[1:]:
            text = " | ".join(plain(_inline_child(c)) for c in row.children)
            if text.strip(" |"):
                walk.add(NoteEntry(walk.file, _line(row), "remark", text, walk.path,
                                   reason="a table row in a table without a title column"))
        return
    other_columns = [i for i, name in enumerate(header) if i not in columns.values() and name.strip()]
    group = walk.new_group()
    for row in rows[1:]:
        cells = row.children

        def cell(key: str, cells: list[SyntaxTreeNode] = cells) -> SyntaxTreeNode | None:
            index = columns.get(key)
            return _inline_child(cells[index]) if index is not None and index < len(cells) else None

        item = parse_item(flatten(cell("title")), walk.scale, walk.trailing_number)
        if not item.title:
            text = " | ".join(plain(_inline_child(c)) for c in cells)
            if text.strip(" |") or item.url:
                walk.add(NoteEntry(walk.file, _line(row), "link" if item.url else "remark", text,
                                   walk.path, url=item.url, reason="a table row without a title"))
            continue
        rating_text = plain(cell("rating"))
        rating = parse_rating(rating_text, walk.scale or 10, bare_number=True) if rating_text else None
        label = verdict(plain(cell("verdict"))) if "verdict" in columns else None
        url_inline = flatten(cell("url"))
        url = next((link.url for link in url_inline.links if link.url), None) or item.url
        code_inline = flatten(cell("code"))
        code = next((link.url for link in code_inline.links if link.url), None) or item.code_url
        topic = plain(cell("topic"))
        arxiv = item.arxiv_id or (arxiv_id_from(url) if url else None)
        item.rating = rating or item.rating or label
        item.unrated = bool(UNRATED.match(rating_text)) if rating_text else item.unrated
        item.tldr = plain(cell("tldr")) or item.tldr
        item.comment = join(item.comment, plain(cell("comment")))
        # A column no cue names ("Interest", "Why") holds the note-taker's words on the paper.
        for index in other_columns:
            if index < len(cells):
                item.comment = join(item.comment, plain(_inline_child(cells[index])))
        item.url = url or (f"https://arxiv.org/abs/{arxiv}" if arxiv else None)
        item.arxiv_id = arxiv
        item.code_url = code
        item.authors = item.authors or author_list(plain(cell("authors"))) or ()
        venue, year, _span = venue_year(" ".join(filter(None, (plain(cell("venue")), plain(cell("year"))))))
        item.venue, item.year = item.venue or venue, item.year or year
        if url and url not in (link.url for link in item.links):
            item.links.extend(link for link in url_inline.links if link.url)
        path = walk.path + ((topic,) if topic else ())
        walk.add(Candidate(item, "row", _line(row), _line(row), path, group, walk.context(path)))
        if topic:
            walk.add(Heading(walk.file, _line(row), len(walk.path) + 1, topic, path))
