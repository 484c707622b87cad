"""What a build left out: entries that looked like papers but are something else, and why.

The parser keeps every candidate entry it rejects as a :class:`~graph.parse.notes.NoteEntry` with
a ``reason`` (an in-page link, a talk, a course ...); the graph holds them as notes. This view
lists them so a user can see what was missed and fix their notes: one summary line after
``notekg build``, the table ``skipped.tsv`` beside the outputs, ``notekg build --explain``.

Examples
--------
>>> from graph.parse.notes import NoteEntry
>>> entries = [
...     NoteEntry("a.md", 4, "link", "Related work", (), url="#related-work", reason="in-page link"),
...     NoteEntry("a.md", 9, "talk", "Keynote: the future", (), reason="talk words: keynote"),
...     NoteEntry("a.md", 12, "link", "Contents", (), url="#contents", reason="in-page link"),
... ]
>>> print(summary_line(entries, "out/skipped.tsv"))
left out 3 entries that are not papers (2 links, 1 talk); see out/skipped.tsv
>>> print(explain_text(entries).splitlines()[0])
a.md:4: link: in-page link: Related work
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Sequence

from graph.parse.notes import NoteEntry, Notes

__all__ = ["SKIPPED_FILE", "TSV_COLUMNS", "left_out", "summary_line", "skipped_tsv", "explain_text"]

#: The table of left-out entries written beside the build's outputs.
SKIPPED_FILE = "skipped.tsv"
TSV_COLUMNS = ("file", "line", "kind", "reason", "text")

#: How many kinds the summary line names before it stops with "…".
_KINDS_SHOWN = 5


def left_out(notes: Iterable[Notes]) -> list[NoteEntry]:
    """The entries each file's parse rejected as papers (those with a reason), in file order."""
    return [
        entry
        for parsed in notes
        for entry in parsed.entries
        if isinstance(entry, NoteEntry) and entry.reason is not None
    ]


def _plural(word: str, count: int) -> str:
    """ "talk" -> "talks", "repository" -> "repositories", "in-page link" -> "in-page links".

    >>> [_plural(w, 2) for w in ("talk", "repository", "class", "blog post", "toc entry")]
    ['talks', 'repositories', 'classes', 'blog posts', 'toc entries']
    """
    if count == 1:
        return word
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    return word + "s"


def summary_line(entries: Sequence[NoteEntry], table: str = SKIPPED_FILE) -> str:
    """One line: how many entries were left out, of which kinds, and where the table is.

    >>> summary_line([])
    'left out no entries: every entry that looked like a paper is one'
    """
    if not entries:
        return "left out no entries: every entry that looked like a paper is one"
    kinds = sorted(Counter(e.kind for e in entries).items(), key=lambda kv: (-kv[1], kv[0]))
    parts = [f"{count} {_plural(kind, count)}" for kind, count in kinds[:_KINDS_SHOWN]]
    if len(kinds) > _KINDS_SHOWN:
        parts.append("…")
    noun = "entry that is not a paper" if len(entries) == 1 else "entries that are not papers"
    return f"left out {len(entries)} {noun} ({', '.join(parts)}); see {table}"


def _cell(text: object) -> str:
    # A tab or line break inside a cell would break the table's rows.
    return re.sub(r"[\t\r\n]+", " ", str(text)).strip()


def skipped_tsv(entries: Iterable[NoteEntry]) -> str:
    """The table ``skipped.tsv``: a header, then one row per entry (file, line, kind, reason, text).

    >>> skipped_tsv([NoteEntry("a.md", 4, "link", "Related\\twork", (), reason="in-page link")]).splitlines()
    ['file\\tline\\tkind\\treason\\ttext', 'a.md\\t4\\tlink\\tin-page link\\tRelated work']
    """
    rows = ["\t".join(TSV_COLUMNS)]
    for e in entries:
        rows.append("\t".join(_cell(v) for v in (e.file, e.line, e.kind, e.reason or "", e.text)))
    return "\n".join(rows) + "\n"


def explain_text(entries: Iterable[NoteEntry]) -> str:
    """One line per entry as ``file:line: kind: reason: text``, the form editors jump to."""
    return "\n".join(
        f"{e.file}:{e.line}: {e.kind}: {_cell(e.reason or '')}: {_cell(e.text)}" for e in entries
    )
