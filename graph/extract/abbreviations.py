"""Abbreviations and their expansions, as the lexicon itself pairs them.

Part of the extract stage, used by :mod:`graph.extract.lexicon`. A concept whose labels hold an
abbreviation ("LLM") and a label whose words it abbreviates ("large language model") makes the
two interchangeable inside every label: "LLM serving" also matches "large language model
serving", and "GNN-based recommendation" matches "graph neural network based recommendation".
The matcher folds each expansion into its abbreviation, in labels and in text alike. Only
pairs the lexicon states are used, so a text folded this way names nothing it did not before
on its own; an expansion two concepts abbreviate differently is left unfolded.

Examples
--------
>>> pairs = expansions_of([("LLM", "large language model"), ("GNN", "graph neural network")],
...                       lambda label: tuple(label.lower().split()))
>>> fold(("large", "language", "model", "serving"), pairs)
('llm', 'serving')
>>> fold(("a", "graph", "neural", "net"), pairs)
('a', 'graph', 'neural', 'net')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

Span = tuple[int, int, str]  # where a word of a text starts and ends, and the word as matched

__all__ = ["Expansions", "expansions_of", "fold", "fold_spans", "is_abbreviation"]

#: The expansions by their first word: (its words, the abbreviation's word), longest first.
Expansions = Mapping[str, tuple[tuple[tuple[str, ...], str], ...]]

_ABBREVIATION = re.compile(r"[A-Za-z]{2,6}")
_WORD = re.compile(r"[^\W_]+")
# Words an abbreviation may skip ("MoE", mixture of experts; "NIAH", needle in a haystack).
_SMALL = frozenset({"a", "an", "and", "by", "for", "in", "of", "on", "the", "to", "with"})


def is_abbreviation(label: str) -> bool:
    """Is a label an abbreviation: one word of two to six letters, two or more of them capitals?

    >>> is_abbreviation("LLM"), is_abbreviation("MoE"), is_abbreviation("Mamba"), is_abbreviation("x")
    (True, True, False, False)
    """
    return bool(_ABBREVIATION.fullmatch(label)) and sum(ch.isupper() for ch in label) >= 2


def _initials(label: str) -> set[str]:
    written = _WORD.findall(label)
    return {"".join(w[0] for w in written).lower(),
            "".join(w[0] for w in written if w.lower() not in _SMALL).lower()}


def expansions_of(labelled: Iterable[Sequence[str]], key: Callable[[str], tuple[str, ...]]) -> Expansions:
    """The expansions of the abbreviations among each concept's labels.

    Parameters
    ----------
    labelled
        Each concept's labels.
    key
        A label's words as matched (lower case, singular).
    """
    found: dict[tuple[str, ...], str] = {}
    clashes: set[tuple[str, ...]] = set()
    for labels in labelled:
        abbreviations = [label for label in labels if is_abbreviation(label)]
        if not abbreviations:
            continue
        firsts = {abbreviation[0].lower() for abbreviation in abbreviations}
        for label in labels:
            if label[:1].lower() not in firsts:
                continue
            words = key(label)
            if len(words) < 2:
                continue
            initials = _initials(label)
            for abbreviation in abbreviations:
                matched = key(abbreviation)
                if abbreviation.lower() not in initials or len(matched) != 1:
                    continue
                if found.get(words, matched[0]) != matched[0]:
                    clashes.add(words)
                found[words] = matched[0]
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, short in found.items():
        if words not in clashes:
            by_first.setdefault(words[0], []).append((words, short))
    return {first: tuple(sorted(pairs, key=lambda pair: (-len(pair[0]), pair))) for first, pairs in by_first.items()}


def fold(words: Sequence[str], expansions: Expansions) -> tuple[str, ...]:
    """The words with each expansion, longest first, replaced by its abbreviation."""
    folded: list[str] = []
    i = 0
    while i < len(words):
        for long, short in expansions.get(words[i], ()):
            if tuple(words[i : i + len(long)]) == long:
                folded.append(short)
                i += len(long)
                break
        else:
            folded.append(words[i])
            i += 1
    return tuple(folded)


def fold_spans(spans: Sequence[Span], expansions: Expansions, joined: Callable[[int, int], bool]) -> list[Span]:
    """A text's words, each expansion in them made one word: its abbreviation, spanning them all.

    ``joined(end, start)`` says whether the words ending at ``end`` and starting at ``start``
    are near enough to be one label's (a space or a hyphen between them, not a full stop).

    >>> pairs = expansions_of([("LLM", "large language model")], lambda label: tuple(label.lower().split()))
    >>> fold_spans([(0, 5, "large"), (6, 14, "language"), (15, 20, "model"), (21, 28, "serving")], pairs,
    ...            lambda end, start: start == end + 1)
    [(0, 20, 'llm'), (21, 28, 'serving')]
    """
    folded: list[Span] = []
    i, n = 0, len(spans)
    while i < n:
        for long, short in expansions.get(spans[i][2], ()):
            last = i + len(long) - 1
            if last < n and all(spans[i + k][2] == long[k] and joined(spans[i + k - 1][1], spans[i + k][0])
                                for k in range(1, len(long))):
                folded.append((spans[i][0], spans[last][1], short))
                i = last + 1
                break
        else:
            folded.append(spans[i])
            i += 1
    return folded
