"""Relations of many papers found in two halves at once, the second by a forked helper process.

What :func:`graph.extract.relations.find_relations` finds for a paper depends on that paper,
its headings and the lexicon, never on the other papers. So the papers, in key order, split in
two: the parent finds the first half's relations while a :class:`graph.workers.Helper` (forked:
it shares the facts and the lexicon, nothing is copied on the way in) finds the second's and
sends them back. Joined in key order, then the headings' and areas' relations (the parent's),
they are the list one process makes, in the same order. A helper that fails leaves the work to
the parent.

>>> from graph.parse.notes import parse_text
>>> from graph.extract.facts import extract_facts
>>> from graph.extract.lexicon_files import load_lexicon
>>> notes = parse_text("## Attention\\n" + "".join(f"- [8/10][better than dropout] [Net{i}: A title](https://arxiv.org/abs/1901.{i:05})\\n"
...                                               for i in range(6)), "a.md")
>>> facts, lexicon = extract_facts([notes]), load_lexicon()
>>> find_relations_in_halves(facts, lexicon, halves_from=2) == find_relations(facts, lexicon)
True
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from graph.extract.facts import Facts, Relation
from graph.extract.lexicon import Lexicon
from graph.extract.relations import RelationCues, find_relations
from graph.workers import Helper, HelperFailed, helpers_allowed

__all__ = ["find_relations_in_halves", "RELATION_HALVES_FROM"]

#: Notes of this many papers or more find their relations in two processes (a second or more
#: of work); below, a second process costs more than it saves.
RELATION_HALVES_FROM = 4_000


def find_relations_in_halves(facts: Facts, lexicon: Lexicon, cues: RelationCues | None = None, *,
                             halves_from: int | None = None) -> list[Relation]:
    """What :func:`graph.extract.relations.find_relations` returns, found in two processes when
    there are ``halves_from`` papers or more (:data:`RELATION_HALVES_FROM` by default) and the
    machine allows a second process."""
    keys = sorted(facts.papers)
    if len(keys) < (RELATION_HALVES_FROM if halves_from is None else halves_from) or not helpers_allowed():
        return find_relations(facts, lexicon, cues)
    first, second = keys[: len(keys) // 2], keys[len(keys) // 2 :]

    def of(papers: list[str]) -> Facts:
        return replace(facts, papers={key: facts.papers[key] for key in papers}, relations=[])

    def second_half(channel: Any) -> None:
        ours = set(second)
        channel.send([r for r in find_relations(of(second), lexicon, cues) if r.subject in ours])

    try:
        with Helper(second_half) as helper:
            found = find_relations(of(first), lexicon, cues)
            theirs = helper.recv()
    except HelperFailed:
        return find_relations(facts, lexicon, cues)
    ours = set(first)
    # a paper's relations have the paper as subject; the rest are the headings' and areas'
    return [r for r in found if r.subject in ours] + theirs + [r for r in found if r.subject not in ours]
