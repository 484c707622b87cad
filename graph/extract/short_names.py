"""A paper's short name: the method's name its title gives ("CARAFE: ..."), or the note-taker's nickname.

Part of the extract stage: :mod:`graph.extract.facts` gives each paper the short name of its
entries; :mod:`graph.extract.same_works` compares titles past it; :mod:`graph.extract.relations`
looks for the paper's own method by it.
"""

from __future__ import annotations

import re
from typing import Sequence

from graph.parse.notes import PaperEntry

__all__ = ["short_name_of", "paper_short_name"]


_SHORT_TOKEN = re.compile(r"^[A-Za-z0-9][\w\-+.]*$")


def short_name_of(title: str) -> str | None:
    """The method's short name a title gives before its colon (or as an acronym first word).

    >>> short_name_of("CARAFE: Content-Aware ReAssembly of FEatures")
    'CARAFE'
    >>> short_name_of("YOLACT Real-time Instance Segmentation")
    'YOLACT'
    >>> short_name_of("Anchor Loss: Modulating Loss Scale"), short_name_of("Drop an Octave: Reducing")
    ('Anchor Loss', None)
    >>> short_name_of("Finding a PEARL: Shells as Detectors")
    'PEARL'
    """
    head, colon, _ = title.partition(":")
    if colon:
        words = head.split()
        if len(words) == 1 and _SHORT_TOKEN.match(words[0]):
            return words[0]
        if 1 < len(words) <= 3 and all(_SHORT_TOKEN.match(w) for w in words):
            if any(w[0].islower() for w in words):
                # wordplay around a name ("Taking a HINT: ..."): the method is the capitalised word
                named = [w for w in words if sum(c.isupper() for c in w) >= 2]
                return named[0] if len(named) == 1 else None
            if any(sum(c.isupper() for c in w) >= 2 for w in words) or (
                len(words) == 2 and all(w[0].isupper() for w in words)
            ):
                return head.strip()
        return None
    first = title.split(" ", 1)[0].split("(", 1)[0].strip()
    if len(title.split()) > 1 and len(first) >= 3 and _SHORT_TOKEN.match(first):
        # "YOLACT ...", "PuppetGAN ...", "FW-GAN (...)": capitals inside a word, not after a hyphen.
        inner_capitals = sum(1 for a, b in zip(first, first[1:]) if b.isupper() and a.isalnum())
        if inner_capitals >= 1 and (not first.isupper() or len(first) >= 4):
            return first
    return None


def paper_short_name(entries: Sequence[PaperEntry]) -> str | None:
    """The nickname an entry gives the paper (the note-taker's word), else its title's short name.

    >>> from graph.parse.notes import PaperEntry
    >>> titled = PaperEntry("a.md", 1, "CARAFE: Content-Aware ReAssembly of FEatures", ())
    >>> paper_short_name([titled]), paper_short_name([titled, PaperEntry("b.md", 9, "A Title", (), nickname="Carafe")])
    ('CARAFE', 'Carafe')
    """
    nickname = next((e.nickname for e in entries if e.nickname), None)
    return nickname or next(filter(None, (short_name_of(e.title) for e in entries)), None)
