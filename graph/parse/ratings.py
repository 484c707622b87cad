"""A note-taker's rating of a paper, kept as written with its scale.

Notes rate papers in many notations (``[8/10]``, ``4/5``, ``★★★★☆``, ``4分``, a verdict word). A
:class:`Rating` keeps what was written and on which scale, and gives one value out of 10 that
sorting, filters and queries use across files.

>>> Rating(4, 5, "4/5").out_of_ten
8.0
>>> Rating(7, 10, "[7/10]").out_of_ten
7.0
>>> Rating(None, None, "Maybe", label="Maybe").out_of_ten is None
True
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Rating"]


@dataclass(frozen=True)
class Rating:
    """A rating as written: its value on its scale, or a verdict label with no number."""

    value: float | None
    scale: float | None
    text: str
    label: str | None = None

    @property
    def out_of_ten(self) -> float | None:
        """The value on a 0–10 scale, or None for a verdict without a number or scale."""
        if self.value is None or not self.scale:
            return None
        return round(self.value * 10 / self.scale, 2)
