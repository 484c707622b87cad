"""The words a regular expression cannot match without: an ``in`` test that skips searches.

Some patterns of the cue files are searched in every sentence, or in every prefix of a title,
and most texts hold none of their words. Python's ``re`` finds no literal prefix to skip to in
a case-insensitive pattern, so each search tries the pattern at every place of the text.
:func:`needed_words` reads a pattern's parse tree (once per pattern) for strings one of which
every match holds; :func:`may_match` tests a text for them. It is only a screen: a text that
passes is searched, so what matches is exactly what the pattern matches.

Only ASCII texts are screened: case-insensitive matching folds some non-ASCII letters (``ſ``
matches ``s``) that ``str.lower`` leaves alone. A part of a pattern that needs a letter
without case outside ASCII (Chinese, say) cannot match an ASCII text at all.

>>> pattern = re.compile(r"\\b(beat(s|ing)?|surpass(es)?) (the|a)\\b|优于", re.IGNORECASE)
>>> sorted(needed_words(pattern))
['beat', 'surpass']
>>> may_match(pattern, ascii_lowered("Surpasses THE baseline")), may_match(pattern, ascii_lowered("outperforms it"))
(True, False)
>>> may_match(pattern, ascii_lowered("优于基线"))  # not ASCII: searched
True
>>> needed_words(re.compile(r"(a|b)+")) is None  # no word needed: every text is searched
True
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

try:  # CPython's parser of regular expressions
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: no screen, every text is searched
    _parser = None

__all__ = ["ascii_lowered", "may_match", "needed_words"]

_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")


@lru_cache(maxsize=1024)
def needed_words(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case ASCII strings one of which every match in an ASCII text holds (none: no
    ASCII text matches); None when this reading finds no such strings."""
    if _parser is None:
        return None
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags)
    except (re.error, TypeError):
        return None
    found = _needed(list(tree))
    if found is None:
        return None
    # a word holding another is needless: "unnecessary" holds "necessary"
    return frozenset(word for word in found if not any(other != word and other in word for other in found))


def ascii_lowered(text: str) -> str | None:
    """What :func:`may_match` reads of a text: its ``str.lower()``, None when it is not ASCII
    (then every pattern is searched). Made once per text, read for each pattern."""
    return text.lower() if text.isascii() else None


def may_match(pattern: re.Pattern[str], lowered: str | None) -> bool:
    """Might the pattern match somewhere in a text, given :func:`ascii_lowered` of it? False
    only when it cannot."""
    words = needed_words(pattern)
    if words is None or lowered is None:
        return True
    for word in words:
        if word in lowered:
            return True
    return False


def _needed(items: list[tuple[Any, Any]]) -> set[str] | None:
    """What a sequence needs: the requirement of one of its parts whose shortest string is the
    longest; an empty set when a part cannot match ASCII text."""
    choices: list[set[str]] = []
    run: list[str] = []

    def end_run() -> None:
        if run:
            choices.append({"".join(run)})
            run.clear()

    for op, av in items:
        name = str(op)
        if name == "LITERAL" and av < 128:
            run.append(chr(av).lower())
            continue
        end_run()
        inner: set[str] | None = None
        if name == "LITERAL":
            letter = chr(av)
            if letter.lower() == letter.upper():  # no case: matches itself only, never ASCII
                return set()
        elif name == "SUBPATTERN":
            inner = _needed(list(av[-1]))
        elif name == "ATOMIC_GROUP":
            inner = _needed(list(av))
        elif name in _REPEATS and av[0] >= 1:
            inner = _needed(list(av[2]))
        elif name == "BRANCH":
            alternatives = [_needed(list(branch)) for branch in av[1]]
            if all(alternative is not None for alternative in alternatives):
                inner = set().union(*alternatives)  # type: ignore[arg-type]
        if inner is not None:
            if not inner:
                return set()
            choices.append(inner)
    end_run()
    if not choices:
        return None
    return max(choices, key=lambda words: min(map(len, words)))
