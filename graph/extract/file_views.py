"""Per notes file, what of the merged facts concerns it: the facts its relations and its named
graph are made from, and digests of what other files tell it (the *contexts* under which the
build cache, :mod:`graph.build_cache`, keeps a file's relations and named graph).

>>> digest_of("a", 1) == digest_of("a", 1) != digest_of("a", 2)
True
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any, Sequence

from graph.extract.facts import Facts, Membership, PaperFact, Relation

__all__ = ["digest_of", "also_memberships", "relation_contexts", "relations_view", "graph_views", "graph_context"]


def digest_of(*parts: Any) -> str:
    """A SHA-256 of the parts' ``repr``."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def also_memberships(facts: Facts) -> list[Membership]:
    """Memberships made by an ``(also ...)`` entry: no entry of the paper is on their line."""
    noted = {(key, e.file, e.line) for key, paper in facts.papers.items() for e in paper.entries}
    return [m for m in facts.memberships if m.item in facts.papers and (m.item, m.file, m.line) not in noted]


def relation_contexts(facts: Facts, files: Sequence[str], also: list[Membership]) -> dict[str, str]:
    """Per file, what other files tell its relations: its papers' short names, the (also ...)
    topics filed there with their labels and lines."""
    names: dict[str, list[tuple[str, str | None]]] = {file: [] for file in files}
    for key, paper in facts.papers.items():
        entries = paper.entries
        for file in (entries[0].file,) if len(entries) == 1 else {e.file for e in entries}:
            names[file].append((key, paper.short_name))
    also_lines = {(m.item, m.topic): m.line for m in also}
    filed: dict[str, list[tuple[str, str, str, int]]] = {file: [] for file in files}
    for m in also:
        filed[m.file].append((m.item, m.topic, facts.topics[m.topic].label, also_lines[(m.item, m.topic)]))
    return {file: digest_of(sorted(names[file]), filed[file]) for file in files}


def relations_view(facts: Facts, files: set[str], also: list[Membership]) -> Facts:
    """The facts :func:`find_relations` reads for the entries, headings and areas of ``files``."""
    papers = {}
    for key, paper in facts.papers.items():
        entries = [e for e in paper.entries if e.file in files]
        if entries:
            papers[key] = PaperFact(key, entries, paper.short_name)
    filed_by_also = set(map(id, also))
    return Facts(
        papers=papers,
        topics=facts.topics,
        areas=[(k, a) for k, a in facts.areas if a.file in files],
        memberships=[m for m in facts.memberships if m.file in files or id(m) in filed_by_also],
        headings={k: h for k, h in facts.headings.items() if k[0] in files},
        heading_topics={k: t for k, t in facts.heading_topics.items() if k[0] in files},
    )


def graph_views(facts: Facts, relations: dict[str, list[Relation]]) -> dict[str, Facts]:
    """Per notes file, the facts that make its named graph, and nothing of the other files."""
    views = {n.file: Facts(notes=[n], events=[e for e in facts.events if e.key == n.event], relations=relations[n.file])
             for n in facts.notes}
    for key, topic in facts.topics.items():
        places: dict[str, list[tuple[str, int]]] = {}
        for place in topic.places:
            places.setdefault(place[0], []).append(place)
        for file, here in places.items():
            views[file].topics[key] = replace(topic, places=here)
    for key, paper in facts.papers.items():
        for entry in paper.entries:
            view = views[entry.file].papers
            if key not in view:
                view[key] = PaperFact(key, [], paper.short_name)
            view[key].entries.append(entry)
    for area in facts.areas:
        views[area[1].file].areas.append(area)
    for other in facts.others:
        views[other[1].file].others.append(other)
    for m in facts.memberships:
        views[m.file].memberships.append(m)
    for same in facts.same_as:
        views[same.file].same_as.append(same)
    return views


def graph_context(view: Facts, relations: str) -> str:
    """What the named graph says that the file's own bytes do not fix. Its relations are made
    from its bytes and their context (``relations``, as they are kept): that digest stands for
    them, instead of the text of each. The file's parse (``view.notes``) is left out: its bytes'
    digest, which every recall checks, fixes it."""
    topics = [(t.key, t.label, t.parents, t.workshop, t.url, t.comments, t.places) for t in view.topics.values()]
    papers = sorted((key, p.short_name) for key, p in view.papers.items())
    # a membership's fields as a tuple: its text without the class's repr, a third of the time
    memberships = [(m.item, m.topic, m.file, m.line) for m in view.memberships]
    return digest_of(view.events, topics, papers, memberships, view.same_as, relations)
