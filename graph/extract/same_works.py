"""Same work, two titles: papers noted under different keys whose titles share most of their words.

Part of the extract stage: :func:`graph.extract.facts.extract_facts` finds the same works of
every paper once all files are read (an incremental build keeps the last build's pairs:
:mod:`graph.extract.same_work_memo`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.extract.short_names import short_name_of

if TYPE_CHECKING:  # for the type hints only: facts.py imports this module
    from graph.extract.facts import PaperFact

__all__ = ["SameAs", "title_tokens", "find_same_works"]


@dataclass(frozen=True)
class SameAs:
    """The same work noted twice under different titles."""

    first: str
    second: str
    file: str
    score: float


_WORD = re.compile(r"[a-z0-9]+")


def title_tokens(title: str) -> frozenset[str]:
    """The words same-work detection compares: after a short name's colon, if three or more.

    >>> sorted(title_tokens("SinGAN: Learning a Generative Model"))
    ['a', 'generative', 'learning', 'model']
    """
    name = short_name_of(title)
    body = title.partition(":")[2] if name and ":" in title else title
    tokens = frozenset(_WORD.findall(body.lower()))
    return tokens if len(tokens) >= 3 else frozenset(_WORD.findall(title.lower()))


def find_same_works(papers: dict[str, PaperFact], threshold: float = 0.8) -> list[SameAs]:
    """Pairs of differently keyed papers whose titles share most of their words.

    An exact set-similarity join (the all-pairs join with a length and a prefix filter), so
    the work stays near linear in the number of papers and no pair is lost however common its
    words: words become integer ids, rarest first; titles are visited shortest first; two titles
    whose Jaccard similarity reaches ``threshold`` must share one of the first
    ``n - ceil(threshold * n) + 1`` words of each (the prefix), and the shorter must hold at
    least ``threshold * n`` words of the longer one's ``n``. Only prefixes are indexed, and
    an index entry too short for the current title is too short for every later one, so it is
    skipped for good. Pairs that pass both filters are checked word for word.

    >>> from graph.parse.notes import parse_text
    >>> from graph.extract.facts import extract_facts
    >>> notes = parse_text("## Vision\\n- [7/10] [Deep networks for image recognition](https://example.org/a)\\n"
    ...                    "- [6/10] [Deep networks for image recognition tasks](https://example.org/b)\\n"
    ...                    "- [5/10] [Deep networks for speech](https://example.org/c)\\n", "a.md")
    >>> [(s.first, s.second, s.score) for s in find_same_works(extract_facts([notes]).papers)]
    [('paper/deep-networks-for-image-recognition', 'paper/deep-networks-for-image-recognition-tasks', 0.833)]
    """
    words = {key: title_tokens(p.title) for key, p in papers.items()}
    frequency = Counter(word for title in words.values() for word in title)
    word_id = {word: i for i, (_, word) in enumerate(sorted((n, word) for word, n in frequency.items()))}
    # Titles of fewer than three words never count as the same work.
    titles = sorted(((sorted(map(word_id.__getitem__, title)), key) for key, title in words.items()
                     if len(title) >= 3), key=lambda title: len(title[0]))
    sizes = [len(ids) for ids, _ in titles]
    index: dict[int, list[int]] = {}  # word id -> titles holding it in their prefix, shortest first
    skipped: dict[int, int] = {}  # word id -> how many of index[word] are too short for good
    pairs: list[tuple[str, str, float]] = []
    for x, (ids, key) in enumerate(titles):
        size = sizes[x]
        shortest = math.ceil(threshold * size - 1e-9)  # the fewest words a match may have
        prefix = ids[: size - shortest + 1]
        candidates: set[int] = set()
        for word in prefix:
            entries = index.get(word)
            if entries is None:
                index[word] = [x]
                continue
            start = skipped.get(word, 0)
            while start < len(entries) and sizes[entries[start]] < shortest:
                start += 1
            if start:
                skipped[word] = start
            candidates.update(entries[start:])
            entries.append(x)
        if not candidates:
            continue
        mine = set(ids)
        for y in candidates:
            other, other_key = titles[y]
            if key.startswith("paper/arxiv/") and other_key.startswith("paper/arxiv/"):
                continue  # two arXiv ids are two works, whatever their titles
            shared = len(mine.intersection(other))
            score = shared / (size + sizes[y] - shared)
            if score >= threshold:
                first, second = sorted((key, other_key))
                pairs.append((first, second, score))
    found = []
    for a, b, score in sorted(pairs):
        later = max(papers[a].entries[0], papers[b].entries[0], key=lambda e: (e.file, e.line))
        found.append(SameAs(a, b, later.file, round(score, 3)))
    return found
