"""A large notes file walked in two halves at once, the second by a forked helper process.

Tokenizing and walking a file is most of a large build's parse, and a file splits well at a
heading: past a heading at the start of a line nothing of markdown's block structure carries
over, and of the walk's state only the headings above it, whether the title is taken and
whether content was seen. So the file is cut at a top-level heading near its middle; the parent
walks the first half while a :class:`graph.workers.Helper` walks the second (its lines keep
their numbers), and the halves are judged together: judging needs the share of candidates with
strong evidence in the whole file, so each half counts its own and both judge with the sum.

The cut is checked, never assumed: no link reference definitions in the file (``[x]: url``
applies file-wide), the first half not ending inside a fence or an HTML block, the second
half starting with that heading, and the first half's walk ending in the state the second
assumed (no heading above the cut's level open, the title taken, content seen). Where a check
fails, or the helper does, the whole file is walked in one process: the entries are the same
either way.

>>> body = "".join(f"## Topic {t}\\n\\n" + "".join(f"- [Paper {t}.{i}](https://arxiv.org/abs/19{t:02}.{i:05})\\n"
...                                               for i in range(50)) for t in range(8))
>>> cut_point(body)
(9808, 208, 2)
>>> cut_point("[ref]: https://x.org\\n" + body) is None
True
"""

from __future__ import annotations

import re
from typing import Any, Callable

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from graph.parse.entries import Entry, Notes
from graph.parse.inline import plain
from graph.parse.markdown import Judging, Walk, resolve, walk_blocks
from graph.workers import Helper, HelperFailed, helpers_allowed

__all__ = ["walk_entries", "cut_point", "HALVES_FROM"]

#: Files this long (characters) or longer are walked in two halves: about 4,000 papers of notes
#: like the default ones, whose parse takes a second and a half; below, a second process costs
#: more than it saves.
HALVES_FROM = 500_000

Tokenize = Callable[[str], list[Token]]

_ATX_HEADING = re.compile(r"^(#{1,6})[ \t]+\S", re.M)
_NEWLINE = re.compile(r"\r\n?|\n")  # as markdown-it counts lines


def cut_point(body: str) -> tuple[int, int, int] | None:
    """Where to cut ``body`` in two: (offset, line index, heading level), or None.

    The cut is at the heading nearest the middle among those of the top level (the shallowest
    below a first ``#`` title), with a quarter of the file at least on either side.
    """
    if "]:" in body:  # a link reference definition may be anywhere, and counts everywhere
        return None
    headings = [(m.start(), len(m.group(1))) for m in _ATX_HEADING.finditer(body)]
    if headings and headings[0][1] == 1:
        headings = headings[1:]
    if not headings:
        return None
    top = min(level for _, level in headings)
    middle = len(body) // 2
    offset = min((start for start, level in headings if level == top), key=lambda start: abs(start - middle))
    if not len(body) // 4 <= offset <= len(body) - len(body) // 4:
        return None
    return offset, len(_NEWLINE.findall(body, 0, offset)), top


def walk_entries(notes: Notes, body: str, tokenize: Tokenize, **walk_options: Any) -> list[Entry]:
    """Walk ``body`` and judge what it holds: the notes' entries, in file order.

    ``notes`` receives the title and description the walk finds; ``walk_options`` are the
    :class:`graph.parse.markdown.Walk`'s ``scale`` and ``trailing_number``.
    """
    cut = cut_point(body) if len(body) >= HALVES_FROM and helpers_allowed() else None
    if cut is not None:
        try:
            halves = _in_halves(notes.file, body, cut, tokenize, walk_options)
        except HelperFailed:
            halves = None
        if halves is not None:
            notes.title, notes.description, entries = halves
            return entries
    walk = Walk(notes.file, notes, **walk_options)
    walk_blocks(walk, SyntaxTreeNode(tokenize(body)))
    return resolve(walk)


def _in_halves(file: str, body: str, cut: tuple[int, int, int], tokenize: Tokenize,
               walk_options: dict[str, Any]) -> tuple[str | None, str | None, list[Entry]] | None:
    """(title, description, entries) of the file walked in two halves; None where a check fails."""
    offset, line, level = cut
    head, tail = body[:offset], body[offset:]

    def second_half(channel: Any) -> None:
        # blank lines ahead keep the line numbers: markdown-it skips them and counts them
        root = SyntaxTreeNode(tokenize("\n" * line + tail))
        first = root.children[0] if root.children else None
        if (first is None or first.type != "heading" or first.tag != f"h{level}" or not first.map
                or first.map[0] != line or not plain(_inline(first))):
            channel.send(None)
            return
        walk = Walk(file, Notes(file=file), title_taken=True, seen_content=True, **walk_options)
        walk_blocks(walk, root)
        judging = Judging(walk)
        channel.send((judging.strong, judging.count))
        in_file = channel.recv()
        if in_file is not None:
            channel.send(judging.entries(in_file))

    with Helper(second_half) as helper:
        tokens = tokenize(head)
        notes = Notes(file=file)
        walk = Walk(file, notes, **walk_options)
        walk_blocks(walk, SyntaxTreeNode(tokens))
        judging = Judging(walk)
        counts = helper.recv()
        if (counts is None or not _ends_clean(tokens, head) or not walk.title_taken or not walk.seen_content
                or any(open_level < level for open_level, _ in walk.stack)):
            helper.send(None)
            return None
        strong, count = judging.strong + counts[0], judging.count + counts[1]
        in_file = strong / count if count else 0.0
        helper.send(in_file)
        entries = judging.entries(in_file)
        entries.extend(helper.recv())
    return notes.title, notes.description, entries


def _inline(node: SyntaxTreeNode) -> SyntaxTreeNode | None:
    return next((child for child in node.children if child.type == "inline"), None)


def _ends_clean(tokens: list[Token], head: str) -> bool:
    """Does the first half end outside any fence or HTML block (which a heading does not end)?

    One that ends on the half's last line may have been cut open: taken as not clean.
    """
    end = len(_NEWLINE.findall(head.rstrip())) + 1
    return not any(t.type in ("fence", "html_block") and t.map and t.map[1] >= end for t in tokens)
