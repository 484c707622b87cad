"""Ratings as notes write them, read from text: until parse/ratings.py reads every notation.

``[8/10]``, ``4/5``, ``★★★★☆``, ``⭐️⭐️⭐️`` (variation selectors are not stars), ``:star::star:``,
``Rating: 4`` and ``4分`` (a Chinese "points" mark, out of 5).

>>> whole_rating("4/5"), whole_rating("★★★☆☆").value, whole_rating("⭐️⭐️⭐️").value
(Rating(value=4, scale=5, text='4/5', label=None), 3, 3)
>>> whole_rating("Rating: 4").value, whole_rating("4分").scale, whole_rating("great paper") is None
(4, 5, True)
>>> edge_rating("★★★★☆ Counting Sheep")
(Rating(value=4, scale=5, text='★★★★☆', label=None), 'Counting Sheep')
"""

from __future__ import annotations

import re

from graph.parse.ratings import Rating

__all__ = ["whole_rating", "edge_rating", "verdict_label"]

_STAR = r"(?:★|⭐|🌟|:star:|\*)"
_STARS = re.compile(r"(?P<full>(?:(?:★|⭐|🌟|:star:)\ufe0f?\s?){1,10})(?P<empty>(?:☆\s?){0,10})")
_FRACTION = re.compile(r"^\(?\s*(?P<value>\d{1,2}(?:[.,]\d+)?)\s*/\s*(?P<scale>5|10|100|3|4)\s*\)?$")
_LABELLED = re.compile(r"^(?:rating|score|stars|grade|my rating)\s*[:=：-]\s*(?P<rest>.+)$", re.I)
_FEN = re.compile(r"^(?P<value>\d(?:\.\d)?)\s*分$")
_VERDICT = re.compile(r"^(?:yes|no|maybe|nr|must[- ]read|skip|skim)(?:\s+(?:yes|no|maybe))?!?$", re.I)


def _number(value: float) -> float:
    """Whole numbers as ints, so "8/10" reads back as 8."""
    return int(value) if float(value).is_integer() else value


def whole_rating(text: str) -> Rating | None:
    """A text that is, as a whole, a rating in one of the notations above."""
    text = text.strip().strip("*_").strip()
    if not text or len(text) > 60:
        return None
    m = _LABELLED.match(text)
    if m:
        inner = whole_rating(m.group("rest"))
        if inner is not None:
            return Rating(inner.value, inner.scale, text, inner.label)
        number = re.fullmatch(r"(\d{1,2}(?:[.,]\d+)?)", m.group("rest").strip())
        if number:
            value = float(number.group(1).replace(",", "."))
            return Rating(_number(value), 10 if value > 5 else 5, text)
        return None
    m = _FRACTION.match(text)
    if m:
        value, scale = float(m.group("value").replace(",", ".")), float(m.group("scale"))
        return Rating(_number(value), _number(scale), text) if value <= scale else None
    m = _FEN.match(text)
    if m:
        return Rating(_number(float(m.group("value"))), 5, text)
    m = _STARS.fullmatch(text)
    if m:
        full = len(re.findall(r"★|⭐|🌟|:star:", m.group("full")))
        empty = m.group("empty").count("☆")
        return Rating(full, max(5, full + empty), text)
    return None


_EDGE = re.compile(
    r"^\s*(?P<head>(?:(?:★|⭐|🌟|:star:)\ufe0f?\s?){1,10}(?:☆\s?)*)\s*[-:|]?\s*(?P<rest>.*)$"
    r"|^(?P<body>.*?)\s*[-:|,]?\s*(?P<tail>(?:(?:★|⭐|🌟|:star:)\ufe0f?\s?){1,10}(?:☆\s?)*"
    r"|\(?\s*\d{1,2}(?:[.,]\d)?\s*/\s*(?:5|10)\s*\)?)\s*$",
    re.S,
)


def edge_rating(text: str) -> tuple[Rating | None, str]:
    """A star rating (or a "(4/5)") at the start or end of an entry's text, and the rest."""
    if not any(c in text for c in "★⭐🌟:/"):
        return None, text
    m = _EDGE.match(text)
    if not m:
        return None, text
    if m.group("head"):
        return whole_rating(m.group("head")), m.group("rest").strip()
    rating = whole_rating(m.group("tail"))
    return (rating, m.group("body").strip()) if rating else (None, text)


def verdict_label(text: str) -> Rating | None:
    """A yes / maybe / no verdict: a label, not a number.

    >>> verdict_label("Maybe")
    Rating(value=None, scale=None, text='Maybe', label='maybe')
    """
    text = text.strip()
    if text and _VERDICT.match(text):
        return Rating(None, None, text, label=text.lower())
    return None
