"""What a build tells the user about the notes without stopping: parts it skipped, values it
will not store.

A fault in part of a file (front matter that does not parse) is reported by the parser and the
rest of the file is read. A rating above its scale (``[11/10]``, ``[99.99/10]``) is most likely a typo; it is left out of
the graph rather than stored as 11 or 100 out of 10, and the build names the file and line.

>>> from graph.parse.notes import parse_text
>>> notes = parse_text("## GANs\\n- [11/10] [SinGAN](https://arxiv.org/abs/1905.01164)\\n", "gans.md")
>>> note_warnings([notes])
['gans.md:2: rating 11/10 is above its scale; not stored']
"""

from __future__ import annotations

from typing import Iterable

from graph.parse.notes import Notes
from graph.parse.ratings import Rating

__all__ = ["rating_fits", "note_warnings"]


def rating_fits(rating: Rating | None) -> bool:
    """Whether a rating is a number within its scale (0 to the scale).

    >>> rating_fits(Rating(8, 10, "8/10")), rating_fits(Rating(11, 10, "11/10")), rating_fits(None)
    (True, False, False)
    """
    if rating is None or rating.value is None or not rating.scale:
        return False
    return 0 <= rating.value <= rating.scale


def _number(value: float) -> str:
    return f"{value:g}"


def note_warnings(notes: Iterable[Notes]) -> list[str]:
    """One line per problem a build should report: ``file:line: what``, in file order."""
    warnings: list[str] = []
    for parsed in notes:
        warnings.extend(f"{parsed.file}:{line}: {message}" for line, message in parsed.warnings)
        for paper in parsed.papers:
            rating = paper.rating
            if rating is None or rating.value is None or not rating.scale or rating_fits(rating):
                continue
            written = rating.text if "/" in rating.text else f"{rating.text}/{_number(rating.scale)}"
            side = "above" if rating.value > rating.scale else "below"
            warnings.append(f"{paper.file}:{paper.line}: rating {written} is {side} its scale; not stored")
    return warnings
