"""A note-taker's rating of a paper, kept as written with its scale.

Notes rate papers in many notations (``[8/10]``, ``4/5``, ``★★★★☆``, ``⭐️⭐️⭐️``, ``:star::star:``,
``Rating: 4``, ``4分``, a verdict word). A :class:`Rating` keeps what was written and on which
scale, and gives one value out of 10 that sorting, filters and queries use across files.

The star characters, label words, verdict words and scales are data users may extend:
``data/ratings.yaml``.

Examples
--------
>>> Rating(4, 5, "4/5").out_of_ten
8.0
>>> Rating(7, 10, "[7/10]").out_of_ten
7.0
>>> Rating(None, None, "Maybe", label="maybe").out_of_ten is None
True
>>> parse_rating("⭐️⭐️⭐️")
Rating(value=3, scale=5, text='⭐️⭐️⭐️', label=None)
>>> split_rating("Some Title (4/5)")
(Rating(value=4, scale=5, text='(4/5)', label=None), 'Some Title')
>>> legend_scale("Ratings are out of 5.")
5
>>> verdict("Must read")
Rating(value=None, scale=None, text='Must read', label='must read')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graph.parse.cues import data_file, read_yaml

__all__ = ["Rating", "parse_rating", "split_rating", "legend_scale", "verdict"]


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


# ---------------------------------------------------------------------------------------------
# Notations (data/ratings.yaml)

_NUMBER = r"\d{1,3}(?:[.,]\d{1,2})?"
_SEPARATORS = "-–—:|,;：，；、｜"
_OPEN, _CLOSE = "([（【", ")]）】"


@dataclass(frozen=True)
class _Notations:
    full: frozenset[str]
    half: frozenset[str]
    empty: frozenset[str]
    shortcodes: dict[str, str]  # ":star:" -> "full"
    ignore: str
    star_scales: tuple[int, ...]
    fraction_scales: frozenset[float]
    unmarked_fraction_scales: frozenset[float]
    legend_words: tuple[str, ...]
    verdicts: dict[str, str]  # a written word, lower case -> its label
    star_run: str  # regex: a run of stars
    star_token: str  # regex: one star
    star_unit: str  # regex: a star or star word after a number
    points: str  # regex: a points suffix after a number
    labels: str  # regex: a label word before a rating
    fraction: str  # regex: n/m, n out of m, with an optional unit


def _alternation(words: list[str]) -> str:
    """A regex alternation of the words, longest first so "my rating" wins over "rating"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _word(value: object) -> str:
    """A word from the data file; YAML reads an unquoted yes or no as a boolean."""
    return {True: "yes", False: "no"}.get(value, str(value)) if isinstance(value, bool) else str(value)


@lru_cache(maxsize=1)
def _notations() -> _Notations:
    raw = read_yaml(data_file("ratings.yaml"))
    stars = raw["stars"]
    ignore = "".join(stars["ignore"])
    chars = "".join(stars["full"] + stars["half"] + stars["empty"])
    token = f"(?:{_alternation(list(stars['shortcodes']))}|[{re.escape(chars)}])"
    # At most 10 stars (the largest scale), so a search along a long line stays linear.
    star_run = rf"{token}(?:[{re.escape(ignore)} \t]*{token}){{0,9}}[{re.escape(ignore)}]*"
    star_unit = rf"(?:(?:{_alternation(stars['words'])})\b|[{re.escape(chars)}][{re.escape(ignore)}]*)"
    points = rf"(?:{_alternation(raw['point_suffixes'])})"
    fraction = (
        rf"(?P<value>{_NUMBER})\s*(?:/|／|\bout of\b)\s*(?P<scale>{_NUMBER})"
        rf"(?:\s*(?:{star_unit}|{points}))?"
    )
    verdicts = {
        _word(word).lower(): _word(label) for label, words in raw["verdicts"].items() for word in words
    }
    return _Notations(
        full=frozenset(stars["full"]),
        half=frozenset(stars["half"]),
        empty=frozenset(stars["empty"]),
        shortcodes={code.lower(): kind for code, kind in stars["shortcodes"].items()},
        ignore=ignore,
        star_scales=tuple(sorted(stars["scales"])),
        fraction_scales=frozenset(float(s) for s in raw["fraction_scales"]),
        unmarked_fraction_scales=frozenset(float(s) for s in raw["unmarked_fraction_scales"]),
        legend_words=tuple(w.lower() for w in raw["legend_words"]),
        verdicts=verdicts,
        star_run=star_run,
        star_token=token,
        star_unit=star_unit,
        points=points,
        labels=rf"(?:{_alternation(raw['labels'])})",
        fraction=fraction,
    )


# ---------------------------------------------------------------------------------------------
# A whole string that is a rating


def _number(text: str) -> float:
    """"4" -> 4, "4,5" -> 4.5: whole numbers stay whole so they print as written."""
    value = float(text.replace(",", "."))
    return int(value) if value.is_integer() else value


def _checked(value: float, scale: float | None) -> tuple[float, float | None] | None:
    """The value and scale if they make a rating: 0 ≤ value ≤ scale (≤ 10 with no scale)."""
    if value < 0:
        return None
    if scale is None:
        return (value, None) if value <= 10 else None
    return (value, scale) if 0 < scale <= 100 and value <= scale else None


def _star_scale(count: float) -> float | None:
    """The scale of a star run with no empty stars: the first conventional scale that holds it."""
    return next((s for s in _notations().star_scales if count <= s), None)


def _stars(text: str) -> tuple[float, float | None] | None:
    """Count a run of stars: full 1, half 0.5; empty stars only tell the scale."""
    notations = _notations()
    full = half = empty = 0
    i, lowered = 0, text.lower()
    while i < len(text):
        code = next((c for c in notations.shortcodes if lowered.startswith(c, i)), None)
        if code:
            kind = notations.shortcodes[code]
            full, half, empty = full + (kind == "full"), half + (kind == "half"), empty + (kind == "empty")
            i += len(code)
            continue
        ch = text[i]
        if ch in notations.full:
            full += 1
        elif ch in notations.half:
            half += 1
        elif ch in notations.empty:
            empty += 1
        elif not (ch in notations.ignore or ch.isspace()):
            return None
        i += 1
    value = _number(str(full + half / 2))
    if not full + half + empty:
        return None
    scale = full + half + empty if empty else _star_scale(value)
    return _checked(value, scale) if scale else None


def _unmark(text: str) -> str:
    """Drop markdown emphasis and code marks and closing punctuation: "**Rating:** 4!" -> "Rating: 4"."""
    return re.sub(r"\*\*|__|`", "", text).strip().rstrip(".!").strip()


def _unwrap(text: str) -> tuple[str, str | None]:
    """"(4/5)" -> ("4/5", "("): the text inside one pair of brackets, and which bracket."""
    if len(text) >= 2 and text[0] in _OPEN and text[-1] == _CLOSE[_OPEN.index(text[0])]:
        return text[1:-1].strip(), "[" if text[0] in "[【" else "("
    return text, None


#: No rating is longer than this (ten emoji stars with their selectors and joiners fit).
_LONGEST = 80


def _parse(
    text: str,
    default_scale: float | None,
    *,
    paren_number: bool,
    bare_number: bool,
    labelled_ok: bool = True,
) -> Rating | None:
    notations = _notations()
    written = text.strip()
    if len(written) > _LONGEST:
        return None
    inner, bracket = _unwrap(_unmark(written))
    found: tuple[float, float | None] | None = None
    if fraction := re.fullmatch(rf"(?:{notations.star_unit}\s*)?{notations.fraction}", inner, re.I):
        scale = _number(fraction["scale"])
        if scale in notations.fraction_scales:
            found = _checked(_number(fraction["value"]), scale)
    elif labelled_ok and (
        labelled := re.fullmatch(rf"{notations.labels}\s*[:：=]?\s*(?P<rest>\S.*)", inner, re.I)
    ):
        rest = _parse(labelled["rest"], default_scale, paren_number=True, bare_number=True,
                      labelled_ok=False)
        found = (rest.value, rest.scale) if rest is not None and rest.value is not None else None
    elif points := re.fullmatch(rf"(?P<value>{_NUMBER})\s*{notations.points}", inner, re.I):
        found = _checked(_number(points["value"]), default_scale)
    elif unit := re.fullmatch(rf"(?P<value>{_NUMBER})\s*{notations.star_unit}", inner, re.I):
        value = _number(unit["value"])
        found = _checked(value, default_scale or _star_scale(value))
    elif re.fullmatch(_NUMBER, inner):
        if (bracket == "(" and paren_number) or (bracket is None and bare_number):
            found = _checked(_number(inner), default_scale)
    else:
        found = _stars(inner)
    return Rating(found[0], found[1], written) if found else None


def parse_rating(
    text: str, default_scale: float | None = None, *, bare_number: bool = False
) -> Rating | None:
    """The rating a whole string writes, or None if the string is anything else.

    Parameters
    ----------
    text : str
        The string, e.g. a table cell or what follows "Rating:".
    default_scale : number, optional
        The scale the notes declare (a legend) for numbers written without one: ``Rating: 4``,
        ``4分``, ``(4)``. Without it those keep no scale (and no 0–10 value).
    bare_number : bool
        The text sits where only a rating goes (a Rating column or field), so a bare number such
        as ``8`` is a rating too.

    Examples
    --------
    >>> parse_rating("[8/10]")
    Rating(value=8, scale=10, text='[8/10]', label=None)
    >>> parse_rating("4.5 / 5").out_of_ten
    9.0
    >>> [parse_rating(s).value for s in ["★★★★☆", ":star::star:", "Score: 4/5", "(4)"]]
    [4, 2, 4, 4]
    >>> parse_rating("★★★").scale, parse_rating("Rating: 4").scale
    (5, None)
    >>> parse_rating("4分", default_scale=5).out_of_ten
    8.0
    >>> [parse_rating(s) for s in ["2019", "2/3 of the data", "v1.2", "[4]"]]
    [None, None, None, None]
    >>> parse_rating("8", bare_number=True, default_scale=10).out_of_ten
    8.0
    """
    return _parse(text, default_scale, paren_number=True, bare_number=bare_number)


# ---------------------------------------------------------------------------------------------
# A rating at the start or end of an entry


def _bracketed() -> str:
    return rf"[{re.escape(_OPEN)}][^{re.escape(_OPEN + _CLOSE)}]{{1,40}}[{re.escape(_CLOSE)}]"


def _number_rating() -> str:
    """A fraction, or a number with points or a star unit, not inside brackets."""
    n = _notations()
    return rf"(?:{n.fraction}|{_NUMBER}\s*(?:{n.points}|{n.star_unit}))"


def _leading(
    text: str, default_scale: float | None
) -> tuple[Rating, str] | None:
    n = _notations()
    sep = rf"(?:\s*[{re.escape(_SEPARATORS)}])?\s*"
    patterns = [
        (rf"^\s*(?P<r>{_bracketed()}){sep}", True),
        (rf"^\s*(?P<r>{n.star_run})(?![{re.escape(n.ignore)} \t]*{n.star_token}){sep}", True),
        (rf"^\s*(?P<r>{_number_rating()})\s*[{re.escape(_SEPARATORS)}]\s*", True),
        (rf"^\s*(?P<r>{_number_rating()})(?:\s+|$)", False),
    ]
    for pattern, marked in patterns:
        m = re.match(pattern, text, re.I)
        if not m:
            continue
        rating = _parse(m["r"], default_scale, paren_number=False, bare_number=False)
        if rating is not None and (marked or _unmarked_ok(rating)):
            return rating, text[m.end() :].strip()
    return None


def _trailing(
    text: str, default_scale: float | None, trailing_number: bool
) -> tuple[Rating, str] | None:
    n = _notations()
    after_gap = rf"(?:^|(?<=[\s{re.escape(_SEPARATORS)}]))"
    patterns = [
        (rf"(?P<r>{_bracketed()})\s*[.!]?\s*$", True),
        (rf"{after_gap}(?P<r>{n.star_run})\s*$", True),
        (rf"{after_gap}(?P<r>{n.labels}\s*[:：=]?\s*[^\s:：=][^:：=]{{0,24}}?)\s*$", True),
        (rf"{after_gap}(?P<r>{_number_rating()})\s*[.!]?\s*$", False),
    ]
    for pattern, marked in patterns:
        m = re.search(pattern, text, re.I)
        if not m:
            continue
        rating = _parse(m["r"], default_scale, paren_number=trailing_number, bare_number=False)
        before = text[: m.start("r")]
        separated = bool(re.search(rf"[{re.escape(_SEPARATORS)}]\s*$", before)) or not before.strip()
        if rating is not None and (marked or separated or _unmarked_ok(rating)):
            return rating, re.sub(rf"[\s{re.escape(_SEPARATORS)}]+$", "", before)
    return None


def _unmarked_ok(rating: Rating) -> bool:
    """A fraction with neither brackets nor a dash around it must be on a common scale."""
    return rating.scale in _notations().unmarked_fraction_scales or "/" not in rating.text


def split_rating(
    text: str, default_scale: float | None = None, *, trailing_number: bool = False
) -> tuple[Rating | None, str]:
    """A rating at the start or end of an entry's text, and the text without it.

    Parameters
    ----------
    text : str
        The entry's text, e.g. ``"[7/10] Some Title"`` or ``"Some Title ★★★★☆"``.
    default_scale : number, optional
        The scale for numbers written without one (``4分``, a trailing ``(4)``).
    trailing_number : bool
        Take a bare ``(4)`` at the end as a rating. The notes must say so (a legend line) or the
        pattern must hold across the file; by itself ``(4)`` may be a count or a footnote.

    Examples
    --------
    >>> split_rating("[7/10] Some Title")
    (Rating(value=7, scale=10, text='[7/10]', label=None), 'Some Title')
    >>> split_rating("Some Title — 4/5")[0].out_of_ten
    8.0
    >>> split_rating("Some Title :star::star::star:")
    (Rating(value=3, scale=5, text=':star::star::star:', label=None), 'Some Title')
    >>> split_rating("Some Title (4)")
    (None, 'Some Title (4)')
    >>> split_rating("Some Title (4)", default_scale=5, trailing_number=True)[0].out_of_ten
    8.0
    >>> split_rating("Some Title (CVPR 2019)")
    (None, 'Some Title (CVPR 2019)')
    """
    found = _leading(text, default_scale) or _trailing(text, default_scale, trailing_number)
    return found if found else (None, text)


# ---------------------------------------------------------------------------------------------
# A legend: prose declaring the scale


_LEGEND_PATTERNS = [
    rf"满分\s*(?P<scale>{_NUMBER})",
    rf"(?P<scale>{_NUMBER})\s*分制",
    rf"\bout of\s+(?:a possible\s+|a maximum of\s+|max\.?\s+)?(?P<scale>{_NUMBER})\b",
    rf"(?<![\d.,])[01](?:\s*\([^()]{{0,40}}\))?\s*(?:-|–|—|~|to|\.\.)\s*(?P<scale>{_NUMBER})\b",
    rf"\bscale of\s+(?P<scale>{_NUMBER})\b",
    rf"\b(?P<scale>{_NUMBER})\s*-?\s*(?:point|star)\s+scale\b",
    rf"(?:^|[\s(])[a-z?]\s*/\s*(?P<scale>{_NUMBER})\b",
    rf"\b(?P<scale>{_NUMBER})\s*(?:stars?\s*)?(?:=|is)\s*(?:the\s+)?(?:best|highest|max(?:imum)?)\b",
]


def legend_scale(text: str) -> float | None:
    """The rating scale a prose legend declares, or None if the text declares none.

    Examples
    --------
    >>> legend_scale("All ratings are out of 5.")
    5
    >>> legend_scale("(n) = my score, 1-5")
    5
    >>> legend_scale("Rating: 1 (skip) to 5 (must read)")
    5
    >>> legend_scale("n分 (满分5分)")
    5
    >>> legend_scale("Scores: (1) skip, (3) skim, (5) must read")
    5
    >>> legend_scale("We trained for 1-5 epochs.") is None
    True
    """
    lowered = text.lower()
    if not any(word in lowered for word in _notations().legend_words):
        return None
    for pattern in _LEGEND_PATTERNS:
        m = re.search(pattern, lowered)
        if m:
            scale = _number(m["scale"])
            if 2 <= scale <= 100:
                return scale
    # "(1) skip, (3) worth a skim, (5) must read": the marks themselves, counting up from 0 or 1.
    marks = [int(m) for m in re.findall(r"\((\d{1,2})\)", lowered)]
    if len(marks) >= 2 and marks[0] <= 1 and marks == sorted(set(marks)) and marks[-1] >= 3:
        return marks[-1]
    return None


# ---------------------------------------------------------------------------------------------
# A verdict word


def verdict(text: str) -> Rating | None:
    """A verdict word (``YES``, ``Maybe``, ``NR``, ``must read`` ...) as a rating with a label.

    The words and their labels are in ``data/ratings.yaml``.

    Examples
    --------
    >>> verdict("YES")
    Rating(value=None, scale=None, text='YES', label='yes')
    >>> verdict("**NR**").label, verdict("✔️").label
    ('not read', 'yes')
    >>> verdict("A Paper Title") is None
    True
    """
    notations = _notations()
    written = text.strip()
    key = _unwrap(_unmark(written))[0]
    key = " ".join(re.sub(f"[{re.escape(notations.ignore)}]", "", key).lower().split())
    label = notations.verdicts.get(key)
    return Rating(None, None, written, label=label) if label else None
