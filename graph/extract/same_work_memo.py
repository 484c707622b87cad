"""Same works again after a few papers changed: the last build's pairs kept, the new titles compared.

A rebuild after one file changed has the same papers as the last build but a few. Finding the
same works from scratch (:func:`graph.extract.same_works.find_same_works`) orders every title's words
again; instead, a :class:`SameWorkMemo` keeps each paper's title words and the pairs found.
Pairs of two papers whose titles did not change stay as they were (their score depends on
their two titles alone); each new or retitled paper is compared with every title, which gives
exactly the pairs the whole join would give (the same score, the same threshold, titles of
fewer than three words and two arXiv ids never paired).

>>> from graph.parse.entries import PaperEntry
>>> from graph.extract.facts import PaperFact
>>> def papers(*titles):
...     return {f"paper/{i}": PaperFact(f"paper/{i}", [PaperEntry("a.md", i, t, ())]) for i, t in enumerate(titles)}
>>> found, memo = same_works_since(papers("Deep nets for image recognition", "Speech in the wild"), None)
>>> found
[]
>>> found, memo = same_works_since(papers("Deep nets for image recognition", "Speech in the wild",
...                                       "Deep nets for image recognition tasks"), memo)
>>> [(s.first, s.second, s.score) for s in found]
[('paper/0', 'paper/2', 0.833)]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.extract.facts import PaperFact
from graph.extract.same_works import SameAs, find_same_works, title_tokens

__all__ = ["SameWorkMemo", "same_works_since"]

#: More new titles than this: the whole join is quicker than comparing each with every title.
MOST_NEW = 20


@dataclass
class SameWorkMemo:
    """What a build found: each paper's title and its words (joined by spaces: a memo read and
    written on every rebuild, one string a paper is quick to read), and the pairs (first, second, score)."""

    titles: dict[str, tuple[str, str]] = field(default_factory=dict)
    pairs: list[tuple[str, str, float]] = field(default_factory=list)


def same_works_since(papers: dict[str, PaperFact], last: SameWorkMemo | None,
                     threshold: float = 0.8) -> tuple[list[SameAs], SameWorkMemo]:
    """The same works of ``papers`` (as :func:`graph.extract.same_works.find_same_works` finds them),
    reusing ``last`` (a memo of the same ``threshold``); returns them and the memo of ``papers``."""
    titles: dict[str, tuple[str, str]] = {}
    new = []
    kept = last.titles if last is not None else {}
    for key, paper in papers.items():
        title = paper.title
        had = kept.get(key)
        if had is not None and had[0] == title:
            titles[key] = had
        else:
            titles[key] = (title, " ".join(sorted(title_tokens(title))))
            new.append(key)
    if last is None or len(new) > MOST_NEW:
        found = find_same_works(papers, threshold)
        return found, SameWorkMemo(titles, [(s.first, s.second, s.score) for s in found])
    fresh = set(new)
    pairs = {(a, b): score for a, b, score in last.pairs if a in titles and b in titles and a not in fresh and b not in fresh}
    # The titles by their number of words (one word and a space each in their words' text, but
    # the last): a pair scores at most the smaller count over the larger, so titles too short or
    # too long for the threshold are not compared, nor their word sets made.
    by_count: dict[int, list[str]] = {}
    for key, (_, words) in titles.items() if new else ():
        by_count.setdefault(words.count(" ") + 1 if words else 0, []).append(key)
    for key in new:
        mine = frozenset(titles[key][1].split())
        if len(mine) < 3:
            continue
        arxiv = key.startswith("paper/arxiv/")
        for count, others in by_count.items():
            if count < 3 or min(count, len(mine)) / max(count, len(mine)) < threshold:
                continue
            for other in others:
                if other == key or (arxiv and other.startswith("paper/arxiv/")):
                    continue
                theirs = frozenset(titles[other][1].split())
                shared = len(mine.intersection(theirs))
                score = shared / (len(mine) + len(theirs) - shared)
                if score >= threshold:
                    first, second = sorted((key, other))
                    pairs[(first, second)] = round(score, 3)
    found = []
    for (a, b), score in sorted(pairs.items()):
        later = max(papers[a].entries[0], papers[b].entries[0], key=lambda e: (e.file, e.line))
        found.append(SameAs(a, b, later.file, score))
    if not new and len(titles) == len(kept):  # the same titles: ``last`` itself, nothing to keep again
        return found, last
    return found, SameWorkMemo(titles, [(s.first, s.second, s.score) for s in found])
