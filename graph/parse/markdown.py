"""The walk over markdown's block tree: every block that may be an entry becomes a candidate.

Headings give the topic path; list items, paragraph lines, table rows and headings that name a
paper become :class:`~graph.parse.evidence.Candidate` entries, judged together at the end
(siblings count) by :func:`~graph.parse.evidence.judge`.  Lists after a lead-in such as "I
skipped the following topics" hold research areas; workshop sections hold talk notes.

>>> from graph.parse.notes import parse_text
>>> notes = parse_text("## Reading\\n- [Counting Sheep](https://arxiv.org/abs/1234.56789)\\n- [Intro](#intro)\\n")
>>> [p.title for p in notes.papers], [(n.kind, n.reason) for n in notes.entries if hasattr(n, "reason")]
(['Counting Sheep'], [('link', 'in-page anchor link (table of contents)')])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Union

from markdown_it.tree import SyntaxTreeNode

from graph.parse.bibtex import bibtex_entries, bibtex_item
from graph.parse.cues import cues
from graph.parse.entries import AlsoEntry, AreaEntry, Entry, Heading, NoteEntry, Notes, WorkshopEntry
from graph.parse.frontmatter import apply_fields, describes_paper, field_lines
from graph.parse.evidence import Candidate, evidence_data, is_paper_url, judge, strong
from graph.parse.inline import BREAK, Inline, clean_md, flatten, plain
from graph.parse.item import TASK_MARKER, TLDR_MARK, Item, join, parse_item
from graph.parse.ratings import parse_rating
from graph.parse.subitems import fill_from_sub_items, heads_a_group, is_bare_url

__all__ = ["Walk", "walk_blocks", "resolve", "Judging"]

_PROPERTY = re.compile(r"^\s*(?P<key>[A-Za-z][\w-]*)::\s*(?P<value>.*)$")


class _PaperSection:
    """A heading that names a paper: what follows it, up to the next heading, is about it."""

    def __init__(self, item: Item, line: int, path: tuple[str, ...]):
        self.item, self.line, self.end_line, self.path = item, line, line, path
        self.texts: list[str] = []


@dataclass
class Walk:
    """The state of the walk over one file."""

    file: str
    notes: Notes
    stack: list[tuple[int, str]] = field(default_factory=list)
    workshop: str | None = None
    remark_section: bool = False
    title_taken: bool = False
    seen_content: bool = False
    paper_section: _PaperSection | None = None
    pending: list[Union[Entry, Candidate]] = field(default_factory=list)
    group: int = 0
    leadin: str = ""
    #: The rating scale a legend in the notes declares ("ratings are out of 5"), if any.
    scale: float | None = None
    #: A trailing "(4)" is a rating: a legend says so, or the pattern holds across the file.
    trailing_number: bool = False

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(label for _, label in self.stack)

    def context(self, path: tuple[str, ...] | None = None) -> str:
        labels = path if path is not None else self.path
        return " / ".join(part for part in (labels[-1] if labels else "", self.leadin) if part)

    def add(self, entry: Entry | Candidate) -> None:
        self.pending.append(entry)

    def new_group(self) -> int:
        self.group += 1
        return self.group


def _line(node: SyntaxTreeNode) -> int:
    return node.map[0] + 1 if node.map else 0


def _end_line(node: SyntaxTreeNode) -> int:
    return node.map[1] if node.map else 0


def _inline_child(node: SyntaxTreeNode) -> SyntaxTreeNode | None:
    for child in node.children:
        if child.type == "inline":
            return child
    return None


def _heading_fields(walk: Walk, following: SyntaxTreeNode | None) -> dict[str, str]:
    """The paper fields ("Rating: 4/5", "Authors: ...", "Link: <url>") in the paragraph right
    under a heading, when they describe a paper: the heading is that paper's title."""
    if following is None or following.type != "paragraph":
        return {}
    fields = field_lines(_source_lines(following))
    if "rating" in fields and parse_rating(fields["rating"], walk.scale, bare_number=True) is None:
        del fields["rating"]
    return fields if describes_paper(fields) or ("rating" in fields and len(fields) >= 2) else {}


def _heading(walk: Walk, node: SyntaxTreeNode, following: SyntaxTreeNode | None = None) -> None:
    _close_paper_section(walk)
    level = int(node.tag[1])
    text = plain(_inline_child(node))
    if not text:
        return
    walk.leadin = ""
    walk.new_group()
    if level == 1 and not walk.title_taken and not walk.seen_content and not walk.stack:
        walk.title_taken = True
        walk.notes.title = text
        return
    walk.title_taken = True
    item = parse_item(flatten(_inline_child(node)), walk.scale, walk.trailing_number)
    named_url = item.url if item.url and not item.url.startswith("#") else None
    fields = _heading_fields(walk, following) if item.title and item.workshop is None else {}
    if fields:
        item = apply_fields(item, {**fields, "title": item.title})
    if item.title and item.workshop is None and (
        named_url or item.arxiv_id or item.rating is not None or item.unrated or fields
    ):
        # "### [Paper title](https://arxiv.org/...)": a paper, noted in the lines below it.
        while walk.stack and walk.stack[-1][0] >= level:
            walk.stack.pop()
        walk.paper_section = _PaperSection(item, _line(node), walk.path)
        return
    label, comment = text, None
    m = re.match(r"^(?P<base>.*\S)\s*\((?P<paren>[^()]+)\)\s*$", text)
    if m:
        label, comment = m.group("base").strip(), m.group("paren").strip()
    while walk.stack and walk.stack[-1][0] >= level:
        walk.stack.pop()
    walk.stack.append((level, label))
    ws = cues().workshop_heading.match(label)
    walk.workshop = ws.group("name").strip() if ws else None
    walk.remark_section = any(p.match(label) for p in cues().remark_headings)
    walk.add(Heading(walk.file, _line(node), level, label, walk.path, comment, walk.workshop))


def _close_paper_section(walk: Walk) -> None:
    """Turn a paper heading and the lines under it into the paper's entry."""
    section, walk.paper_section = walk.paper_section, None
    if section is None:
        return
    item = section.item
    comments = [item.comment] if item.comment else []
    fields: dict[str, object] = {}
    for text in section.texts:  # "Rating: 8/10", "TL;DR: ...": a field; anything else: comment
        key = next((k for k, pattern in cues().field_lines.items() if pattern.match(text)), None)
        value = cues().field_lines[key].sub("", text, count=1).strip() if key else text
        if key == "rating" and item.rating is None and "rating" not in fields:
            rating = parse_rating(text, walk.scale) or parse_rating(value, walk.scale, bare_number=True)
            if rating is not None:
                fields["rating"] = rating
                continue
            comments.append(text)
        elif key in ("tldr", "code_url", "video_url") and not getattr(item, key):
            fields.setdefault(key, value)
        else:
            comments.append(text)
    fields["comment"] = join(*comments, sep="; ")
    walk.add(item.entry(walk.file, section.line, section.path, section.end_line, **fields))


def _in_paper_section(walk: Walk, node: SyntaxTreeNode) -> bool:
    """Collect a block's text for the paper heading above it, if there is one."""
    section = walk.paper_section
    if section is None:
        return False
    if node.type in ("bullet_list", "ordered_list"):
        section.texts.extend(_list_texts(node))
    elif node.type == "paragraph":
        section.texts.append(plain(_inline_child(node)))
    elif node.type == "blockquote":
        section.texts.extend(plain(_inline_child(p)) for p in node.children if p.type == "paragraph")
    else:
        return False
    section.end_line = max(section.end_line, _end_line(node))
    return True


def _starts_with_link(inline: Inline, line: str) -> bool:
    stripped = re.sub(r"^[\s\x01\x02*_>\-+]*(?:\[\d{1,4}\]|\d{1,4}[.)])?\s*", "", line)
    return bool(stripped) and inline.link_at(stripped[0]) is not None


def _paragraph_entries(walk: Walk, node: SyntaxTreeNode) -> None:
    inline = flatten(_inline_child(node))
    text = inline.text(inline.flat).replace("~~", "")
    if not text:
        return
    line = _line(node)
    if not walk.stack and not walk.seen_content and walk.notes.title and not walk.notes.description:
        walk.notes.description = text
        return
    also = cues().also_line.match(text)
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
                walk.add(NoteEntry(walk.file, chunk_line, "talk", clean_md(chunk), walk.path))
        return
    if walk.remark_section:
        kind = "question" if text.rstrip().endswith("?") else "remark"
        walk.add(NoteEntry(walk.file, line, kind, text, walk.path))
        return
    lines = inline.flat.split(BREAK)
    properties = [m for raw in lines if (m := _PROPERTY.match(inline.text(raw)))]
    if properties and len(properties) == len([raw for raw in lines if raw.strip()]):
        walk.add(NoteEntry(walk.file, line, "remark", text, walk.path, reason="page properties"))
        return
    nonempty = [(offset, raw) for offset, raw in enumerate(lines) if inline.text(raw)]
    linked = sum(_starts_with_link(inline, raw) for _, raw in nonempty)
    group = walk.group
    context = walk.context()
    if len(nonempty) >= 2 and linked * 3 >= len(nonempty) * 2:
        # One link per line: each line is an entry.
        for offset, raw in nonempty:
            item = parse_item(inline.view(raw), walk.scale, walk.trailing_number)
            walk.add(Candidate(item, "paragraph", line + offset, line + offset, walk.path, group, context))
    else:
        item = bibtex_item(parse_item(inline, walk.scale, walk.trailing_number))
        walk.add(Candidate(item, "paragraph", line, _end_line(node), walk.path, group, context))
    # A paragraph that introduces what follows ("Papers I read but did not note:").
    if text.rstrip().endswith(":") or (len(text.split()) >= 4 and evidence_data().paper_headings.search(text)
                                       and not inline.links):
        walk.leadin = text


def _source_lines(node: SyntaxTreeNode) -> list[str]:
    inline = _inline_child(node)
    if inline is None or inline.token is None:
        return []
    return inline.token.content.split("\n")


def _leadin_attention(paragraph: SyntaxTreeNode | None) -> str | None:
    if paragraph is None or paragraph.type != "paragraph":
        return None
    text = plain(_inline_child(paragraph))
    for pattern, attention in cues().area_leadins:
        if pattern.search(text):
            return attention
    return None


def _note_kind(text: str) -> tuple[str, str] | None:
    """('book', title) or ('question', text) when an item is one of those."""
    for kind, pattern in cues().note_prefixes.items():
        m = pattern.match(text)
        if m:
            return kind, text[m.end() :].strip().strip('"“”')
    if text.endswith("?") and text.count("?") >= 2:
        return "question", text
    return None


def _list_entries(walk: Walk, node: SyntaxTreeNode, attention: str | None, path: tuple[str, ...]) -> None:
    group = walk.new_group()
    for item_node in node.children:
        if item_node.type == "list_item":
            _item_entries(walk, item_node, attention, path, group)


def _child_items(sublists: list[SyntaxTreeNode]) -> list[tuple[Item, bool]]:
    """The first line of each sub-item, and whether it has sub-items of its own."""
    return [
        (parse_item(flatten(_inline_child(child.children[0]))),
         any(c.type in ("bullet_list", "ordered_list") for c in child.children))
        for sub in sublists
        for child in sub.children
        if child.children and child.children[0].type == "paragraph"
    ]


def _fence_entries(walk: Walk, node: SyntaxTreeNode) -> None:
    """A fenced block of BibTeX: each record is an entry."""
    content = node.content or ""
    if node.info.strip().lower() not in ("bibtex", "bib", "biblatex") and not content.lstrip().startswith("@"):
        return
    group, context = walk.new_group(), walk.context()
    for fields, offset in bibtex_entries(content[:1_000_000]):
        line = _line(node) + offset
        item = apply_fields(Item(text=str(fields["title"])), fields)
        walk.add(Candidate(item, "list", line, line, walk.path, group, context))


def _with_properties(inline: Inline, item: Item) -> Item:
    """A Logseq block: "title:: ...", "authors:: ..." lines under its first line fill the item."""
    lines = inline.flat.split(BREAK)
    if len(lines) < 2:
        return item
    props = {}
    for raw in lines:  # "- title:: Some Title" may open the block itself
        m = _PROPERTY.match(inline.text(raw))
        if m:
            props[m.group("key").lower()] = m.group("value").strip()
    if not props:
        return item
    first = lines[0] if not _PROPERTY.match(inline.text(lines[0])) else ""
    return apply_fields(parse_item(inline.view(first)), props)


def _item_entries(
    walk: Walk, node: SyntaxTreeNode, attention: str | None, path: tuple[str, ...], group: int
) -> None:
    line = _line(node)
    paragraphs = [c for c in node.children if c.type == "paragraph"]
    sublists = [c for c in node.children if c.type in ("bullet_list", "ordered_list")]
    quotes = [c for c in node.children if c.type == "blockquote"]
    if not paragraphs:
        for quote in quotes:  # "- >penalize objects ...": a quoted talk note or remark
            text = " ".join(plain(_inline_child(p)) for p in quote.children if p.type == "paragraph")
            if text:
                kind = "talk" if walk.workshop else "remark"
                walk.add(NoteEntry(walk.file, line, kind, text, path))
        for sub in sublists:
            _list_entries(walk, sub, attention, path)
        return

    inline = flatten(_inline_child(paragraphs[0]))
    item = bibtex_item(_with_properties(inline, parse_item(inline, walk.scale, walk.trailing_number)))
    extra = [plain(_inline_child(p)) for p in paragraphs[1:]] + [
        plain(_inline_child(p)) for q in quotes for p in q.children if p.type == "paragraph"
    ]

    if item.workshop is not None:
        name = cues().workshop_heading.match(item.workshop.text)
        walk.add(
            WorkshopEntry(walk.file, line, name.group("name").strip() if name else item.title,
                          item.workshop.url, path)
        )
        return

    nested = _child_items(sublists)
    children = [child for child, _ in nested]
    if sublists and not strong(item) and heads_a_group(item, nested):
        # "- Detection" over a nested list of papers: the item is a sub-topic.
        label = item.title or item.text
        label = label.rstrip(":").strip() or label
        sub_path = path + (label,)
        walk.add(Heading(walk.file, line, len(path) + 1, label, sub_path))
        for sub in sublists:
            _list_entries(walk, sub, attention, sub_path)
        return

    if not strong(item):
        if attention:
            m = TLDR_MARK.search(item.text)
            label = item.text[: m.start()].strip(" .") if m else item.text
            opinion = item.text[m.end() :].strip() if m else None
            walk.add(AreaEntry(walk.file, line, label, attention, path, opinion or None))
            return
        if TASK_MARKER.match(inline.flat):
            walk.add(NoteEntry(walk.file, line, "remark", item.text, path, reason="a task, not an entry"))
            return
        note = _note_kind(item.text)
        if note:
            walk.add(NoteEntry(walk.file, line, note[0], note[1], path))
            return
        if walk.remark_section or not item.title:
            walk.add(NoteEntry(walk.file, line, "remark", item.text, path))
            return

    fill_from_sub_items(item, children, walk.scale)
    comment = join(item.comment, *extra)
    for sub in sublists:  # nested points under a paper are more of its comment
        comment = join(comment, *_list_texts(sub), sep="; ")
    item.comment = comment
    context = walk.context(path)
    walk.add(Candidate(item, "list", line, _end_line(node), path, group, context, children, [],
                       heads_list=bool(sublists)))


def _list_texts(node: SyntaxTreeNode) -> Iterator[str]:
    for item in node.children:
        for child in item.children:
            if child.type == "paragraph":
                yield plain(_inline_child(child))
            elif child.type in ("bullet_list", "ordered_list"):
                yield from _list_texts(child)


def walk_blocks(walk: Walk, root: SyntaxTreeNode) -> None:
    """Walk the top-level blocks of a parsed file."""
    from graph.parse.tables import table_entries

    children = root.children
    for index, node in enumerate(children):
        previous = children[index - 1] if index else None
        if node.type == "front_matter":
            continue
        if _in_paper_section(walk, node):
            walk.seen_content = True
        elif node.type == "heading":
            _heading(walk, node, children[index + 1] if index + 1 < len(children) else None)
        elif node.type == "paragraph":
            _paragraph_entries(walk, node)
            walk.seen_content = True
        elif node.type in ("bullet_list", "ordered_list"):
            attention = _leadin_attention(previous)
            _list_entries(walk, node, attention, walk.path)
            walk.seen_content = True
        elif node.type == "fence":
            _fence_entries(walk, node)
        elif node.type == "table":
            table_entries(walk, node)
            walk.seen_content = True
        elif node.type == "blockquote":
            for child in node.children:
                if child.type == "paragraph":
                    _paragraph_entries(walk, child)
            walk.seen_content = True
    _close_paper_section(walk)


def resolve(walk: Walk) -> list[Entry]:
    """Judge every candidate beside its siblings; papers become paper entries, the rest notes."""
    judging = Judging(walk)
    return judging.entries(judging.strong / judging.count if judging.count else 0.0)


class Judging:
    """A walk's candidates made ready to judge: merged, grouped, their strong evidence counted.

    Judging needs the share of candidates with strong evidence in the whole file (``in_file``);
    a file walked in pieces (:mod:`graph.parse.halves`) adds up each piece's ``strong`` and
    ``count`` before any piece judges.
    """

    def __init__(self, walk: Walk):
        self.walk = walk
        candidates = [c for c in walk.pending if isinstance(c, Candidate)]
        merged: set[int] = set()
        previous: dict[int, Candidate] = {}
        for candidate in candidates:  # "Title" then a line with only its paper link: one entry
            before = previous.get(candidate.group)
            item = candidate.item
            if (before is not None and is_bare_url(item) and is_paper_url(item.url)
                    and before.item.title and not before.item.url and not strong(before.item)):
                before.item.url, before.item.arxiv_id = item.url, item.arxiv_id
                before.item.links.append(item.links[0])
                merged.add(id(candidate))
                continue
            previous[candidate.group] = candidate
        by_group: dict[int, list[Candidate]] = {}
        for candidate in candidates:
            if id(candidate) not in merged:
                by_group.setdefault(candidate.group, []).append(candidate)
        for members in by_group.values():
            lines = [c for c in members if c.shape == "paragraph" and c.line == c.end_line]
            if len(lines) >= 3 and sum(not c.item.text.rstrip().endswith(".") for c in lines) * 3 >= len(lines) * 2:
                for c in lines:  # one title per line, paragraphs between: a list without bullets
                    c.shape = "line"
        self.strength = {id(c): strong(c.item) for c in candidates}
        #: How many candidates have strong evidence, of how many.
        self.strong, self.count = sum(self.strength.values()), len(self.strength)
        self.merged, self.by_group = merged, by_group
        # strong members by group, once: each member's siblings are its group less itself
        self.group_strong = {group: sum(self.strength[id(c)] for c in members) for group, members in by_group.items()}

    def entries(self, in_file: float) -> list[Entry]:
        """The walk's entries, each candidate judged; ``in_file``: the file's share of strong ones."""
        walk, strength, by_group, group_strong = self.walk, self.strength, self.by_group, self.group_strong
        entries: list[Entry] = []
        for entry in walk.pending:
            if not isinstance(entry, Candidate):
                entries.append(entry)
                continue
            if id(entry) in self.merged:
                continue
            others = len(by_group[entry.group]) - 1
            share = (group_strong[entry.group] - strength[id(entry)]) / others if others else None
            verdict = judge(entry, share, in_file)
            item = entry.item
            if verdict.paper:
                entries.append(item.entry(walk.file, entry.line, entry.path, entry.end_line,
                                          comment=join(item.comment, *entry.extra)))
            else:
                text = join(item.text, *(sub.text for sub in entry.sub_items), sep="; ") or item.text
                entries.append(NoteEntry(walk.file, entry.line, verdict.kind, text, entry.path,
                                         url=item.url, reason=verdict.reason))
        return entries
