"""Turn parsed notes into facts: papers, topics, workshops, the event, and links between them.

The second stage of notekg. Entries from :mod:`graph.parse.notes` become facts keyed by the path
part of their IRI (``paper/arxiv/1904.05049``, ``topic/modules/conv-replacements``), so the
model only has to prefix a base. Keys depend on a thing's own identity (arXiv id, title,
heading path, name), never on its position in the file, so reordering sections changes no IRI.

Examples
--------
>>> from graph.parse.notes import parse_text
>>> notes = parse_text("# CVPR 2020 notes\\n## GANs\\n- [8/10] [StyleGAN2: Analyzing and Improving](https://arxiv.org/abs/1912.04958)\\n", "a.md")
>>> facts = extract_facts([notes])
>>> [(p.key, p.short_name) for p in facts.papers.values()]
[('paper/arxiv/1912.04958', 'StyleGAN2')]
>>> facts.events[0].label, sorted(facts.topics)
('CVPR 2020', ['topic/gans'])
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Sequence

from graph.parse.notes import (
    AlsoEntry,
    AreaEntry,
    Heading,
    NoteEntry,
    Notes,
    PaperEntry,
    WorkshopEntry,
)
from graph.extract.same_works import SameAs, find_same_works
from graph.extract.short_names import paper_short_name
from graph.parse.cues import cues

__all__ = [
    "Facts",
    "PaperFact",
    "TopicFact",
    "EventFact",
    "NotesFact",
    "Membership",
    "Relation",
    "extract_facts",
    "facts_of_file",
    "merge_file_facts",
    "slug",
    "event_from_text",
]


# ---------------------------------------------------------------------------------------------
# Facts


@dataclass(frozen=True)
class Relation:
    """A typed edge with the evidence for it: the words, the rule, the line."""

    subject: str  # key of a paper (or concept)
    predicate: str  # local name in nk: ("uses", "replaces", ...)
    object: str  # key of a concept (or paper)
    file: str
    line: int
    quote: str
    rule: str
    field: str  # title | tldr | comment | heading
    aspect: str | None = None
    confidence: str = "mention"  # explicit (a cue) | mention (a lexicon mention) | heading (inherited)
    object_label: str | None = None  # the name of a method the notes coin (no lexicon concept)


@dataclass
class PaperFact:
    """One paper and every place it was noted."""

    key: str
    entries: list[PaperEntry] = field(default_factory=list)
    short_name: str | None = None

    @property
    def title(self) -> str:
        """The title from the first place the paper was noted."""
        return self.entries[0].title


@dataclass
class TopicFact:
    """A heading: a topic, or a workshop when ``workshop`` is set."""

    key: str
    label: str
    parents: list[str] = field(default_factory=list)  # a heading noted twice may have two
    workshop: bool = False
    places: list[tuple[str, int]] = field(default_factory=list)  # (file, line)
    comments: list[str] = field(default_factory=list)
    url: str | None = None


@dataclass(frozen=True)
class EventFact:
    """The event the notes come from, e.g. ICCV 2019."""

    key: str
    label: str
    acronym: str
    year: int | None


@dataclass(frozen=True)
class NotesFact:
    """One notes file."""

    key: str
    file: str
    name: str
    title: str | None
    description: str | None
    event: str | None  # event key


@dataclass(frozen=True)
class Membership:
    """A paper (or note or area) filed under a topic."""

    item: str
    topic: str
    file: str
    line: int


@dataclass
class Facts:
    """Everything extracted from a set of notes files."""

    notes: list[NotesFact] = field(default_factory=list)
    events: list[EventFact] = field(default_factory=list)
    papers: dict[str, PaperFact] = field(default_factory=dict)
    topics: dict[str, TopicFact] = field(default_factory=dict)
    areas: list[tuple[str, AreaEntry]] = field(default_factory=list)
    others: list[tuple[str, NoteEntry]] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    same_as: list[SameAs] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    headings: dict[tuple[str, tuple[str, ...]], Heading] = field(default_factory=dict)
    heading_topics: dict[tuple[str, tuple[str, ...]], str] = field(default_factory=dict)

    def notes_key(self, file: str) -> str:
        """The key of the notes node for a file."""
        return next(n.key for n in self.notes if n.file == file)

    def event_of(self, file: str) -> str | None:
        """The key of the event a notes file is about, if known."""
        return next((n.event for n in self.notes if n.file == file), None)


# ---------------------------------------------------------------------------------------------
# Keys


def slug(text: str, limit: int = 80) -> str:
    """A lowercase ASCII slug; long ones keep a hash of the whole so they stay unique.

    >>> slug("Drop an Octave: Reducing Spatial Redundancy!")
    'drop-an-octave-reducing-spatial-redundancy'
    >>> slug("Ünïcode  & co")
    'unicode-co'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not s:
        s = "x" + hashlib.sha1(text.encode()).hexdigest()[:10]
    if len(s) > limit:
        digest = hashlib.sha1(s.encode()).hexdigest()[:8]
        s = s[:limit].rsplit("-", 1)[0] + "-" + digest
    return s


def _paper_key(entry: PaperEntry) -> str:
    if entry.arxiv_id:
        return "paper/arxiv/" + entry.arxiv_id.replace("/", "_")
    return "paper/" + slug(entry.title)


def _topic_key(path: Sequence[str], workshop_names: dict[tuple[str, ...], str]) -> str:
    if tuple(path) in workshop_names:
        return "workshop/" + slug(workshop_names[tuple(path)])
    return "topic/" + "/".join(slug(label, 60) for label in path)


_YEAR = r"(?P<year>(?:19|20)\d{2}|'?\d{2})"


def event_from_text(text: str) -> tuple[str, int | None] | None:
    """Find a conference and year in a title or file name.

    >>> event_from_text("iccv2019-notes")
    ('ICCV', 2019)
    >>> event_from_text("Notes from NeurIPS '21"), event_from_text("my reading list")
    (('NeurIPS', 2021), None)
    """
    names = sorted(cues().conferences, key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in names)
    m = re.search(rf"(?<![A-Za-z])(?P<name>{alternatives})[\s_\-]*{_YEAR}?(?![0-9])", text, re.I)
    if not m:
        return None
    name = next(n for n in names if n.lower() == m.group("name").lower())
    year_text = m.group("year")
    year = None
    if year_text:
        digits = int(year_text.lstrip("'"))
        year = digits if digits > 1900 else 2000 + digits
    return name, year


def _event(notes: Notes, override: str | None) -> EventFact | None:
    fm = notes.front_matter
    candidates: list[str] = []
    if override:
        candidates.append(override)
    for key in ("event", "conference", "venue"):
        value = fm.get(key)
        if value:
            year = fm.get("year")
            candidates.append(f"{value} {year}" if year and str(year) not in str(value) else str(value))
    candidates += [notes.title or "", notes.name]
    for text in candidates:
        found = event_from_text(text)
        if found:
            name, year = found
            if year is None and isinstance(fm.get("year"), int):
                year = fm["year"]
            label = f"{name} {year}" if year else name
            return EventFact("event/" + slug(label), label, name, year)
    if override:  # an event name that is no known conference is still the user's word
        return EventFact("event/" + slug(override), override, override, None)
    return None


# ---------------------------------------------------------------------------------------------
# The stage

RelationFinder = Callable[["Facts"], Iterable[Relation]]


def extract_facts(
    notes: Sequence[Notes],
    *,
    event: str | None = None,
    relations: RelationFinder | None = None,
    file_facts: Callable[[Notes], "Facts"] | None = None,
    same_works: Callable[[dict[str, PaperFact]], list[SameAs]] | None = None,
) -> Facts:
    """Extract facts from parsed notes files.

    Parameters
    ----------
    notes
        Parsed files, in the order given on the command line.
    event
        The event the notes come from ("ICCV 2019"); by default found in the front matter,
        the title heading or the file name.
    relations
        A function that derives typed relations from the other facts (see
        :mod:`graph.extract.relations`); none are derived without it.
    file_facts
        Gives what each file says on its own (default :func:`facts_of_file`; an incremental
        build passes one that reads unchanged files' from its cache). Each file's are merged
        in turn (:func:`merge_file_facts`), then what needs every file is worked out: the
        ``(also ...)`` entries and the same works.
    same_works
        Gives the same works of the merged papers (default: the whole join, ``find_same_works``;
        an incremental build passes one that keeps the last build's pairs,
        :func:`graph.extract.same_work_memo.same_works_since`).
    """
    facts = Facts()
    used_note_keys: set[str] = set()
    for parsed in notes:
        key = "notes/" + slug(parsed.name.rsplit(".", 1)[0])
        if key in used_note_keys:  # two files of the same name in different folders
            key = "notes/" + slug(parsed.file.rsplit(".", 1)[0])
        used_note_keys.add(key)
        found = _event(parsed, event)
        if found and found.key not in {e.key for e in facts.events}:
            facts.events.append(found)
        facts.notes.append(
            NotesFact(key, parsed.file, parsed.name, parsed.title, parsed.description,
                      found.key if found else None)
        )
        merge_file_facts(facts, (file_facts or facts_of_file)(parsed))

    _resolve_also(notes, facts)
    for sa in (same_works or find_same_works)(facts.papers):
        facts.same_as.append(sa)
    if relations is not None:
        facts.relations.extend(relations(facts))
    return facts


def facts_of_file(parsed: Notes) -> Facts:
    """What one notes file says on its own: its papers, topics, areas, notes and memberships
    (not its notes node, event, ``(also ...)`` entries or same works, which need every file).

    >>> from graph.parse.notes import parse_text
    >>> sorted(facts_of_file(parse_text("## GANs\\n- [7/10] [SinGAN: One image](https://arxiv.org/abs/1905.01164)\\n", "a.md")).topics)
    ['topic/gans']
    """
    facts = Facts()
    _extract_file(parsed, facts)
    return facts


def merge_file_facts(facts: Facts, part: Facts) -> None:
    """Add one file's :func:`facts_of_file` to the facts of the files before it, as if the file
    were read after them: a topic keeps the label of the first file naming it and gathers every
    file's parents, places and comments; a paper gathers its entries (its short name from all of
    them). ``part`` is left as it was (an incremental build keeps it).
    """
    for key, topic in part.topics.items():
        have = facts.topics.get(key)
        if have is None:
            facts.topics[key] = replace(topic, parents=list(topic.parents), places=list(topic.places),
                                        comments=list(topic.comments))
            continue
        have.parents.extend(parent for parent in topic.parents if parent not in have.parents)
        have.places.extend(topic.places)
        have.comments.extend(topic.comments)
        have.url = have.url or topic.url
    for key, paper in part.papers.items():
        had = facts.papers.get(key)
        if had is None:
            facts.papers[key] = PaperFact(key, list(paper.entries), paper.short_name)
        else:
            had.entries.extend(paper.entries)
            had.short_name = paper_short_name(had.entries)
    facts.areas.extend(part.areas)
    facts.others.extend(part.others)
    facts.memberships.extend(part.memberships)
    for place, heading in part.headings.items():
        facts.headings.setdefault(place, heading)
    facts.heading_topics.update(part.heading_topics)


def _extract_file(parsed: Notes, facts: Facts) -> None:
    workshops: dict[tuple[str, ...], str] = {
        h.path: h.workshop for h in parsed.headings if h.workshop
    }

    known: dict[tuple[str, ...], str] = {}  # a path's topic, made (with its parents) once

    def topic_for(path: tuple[str, ...]) -> str | None:
        if not path:
            return None
        if path in known:
            return known[path]
        key = known[path] = _topic_key(path, workshops)
        parent = topic_for(path[:-1])
        if key not in facts.topics:
            label = workshops.get(path) or path[-1]
            facts.topics[key] = TopicFact(key, label, workshop=path in workshops)
        if parent and parent not in facts.topics[key].parents:
            facts.topics[key].parents.append(parent)
        return key

    for entry in parsed.entries:
        if isinstance(entry, Heading):
            key = topic_for(entry.path)
            assert key is not None
            facts.headings.setdefault((entry.file, entry.path), entry)
            facts.heading_topics[(entry.file, entry.path)] = key
            topic = facts.topics[key]
            topic.places.append((entry.file, entry.line))
            if entry.comment:
                topic.comments.append(entry.comment)
        elif isinstance(entry, PaperEntry):
            key = _paper_key(entry)
            paper = facts.papers.setdefault(key, PaperFact(key))
            paper.entries.append(entry)
            paper.short_name = paper_short_name(paper.entries)
            filed_under = topic_for(entry.topic_path)
            if filed_under:
                facts.memberships.append(Membership(key, filed_under, entry.file, entry.line))
            for tag in entry.tags:
                tag_key = "topic/tag/" + slug(tag)
                facts.topics.setdefault(tag_key, TopicFact(tag_key, "#" + tag))
                facts.topics[tag_key].places.append((entry.file, entry.line))
                facts.memberships.append(Membership(key, tag_key, entry.file, entry.line))
        elif isinstance(entry, WorkshopEntry):
            key = "workshop/" + slug(entry.name)
            topic = facts.topics.setdefault(key, TopicFact(key, entry.name, workshop=True))
            topic.places.append((entry.file, entry.line))
            topic.url = topic.url or entry.url
            mentioned_in = topic_for(entry.topic_path)
            if mentioned_in:
                facts.memberships.append(Membership(key, mentioned_in, entry.file, entry.line))
        elif isinstance(entry, (AreaEntry, NoteEntry)):
            if isinstance(entry, AreaEntry):
                key = "area/" + slug(entry.label)
                facts.areas.append((key, entry))
            else:
                # Two links with one text ("slides") are two notes; a note without a link keeps
                # the key it always had.
                identity = f"{entry.kind}\n{entry.text}" + (f"\n{entry.url}" if entry.url else "")
                digest = hashlib.sha1(identity.encode()).hexdigest()[:12]
                key = f"note/{digest}"
                facts.others.append((key, entry))
            filed_under = topic_for(entry.topic_path)
            if filed_under:
                facts.memberships.append(Membership(key, filed_under, entry.file, entry.line))
        # AlsoEntry is resolved once every file is read (it may name papers noted later).


def _resolve_also(notes: Sequence[Notes], facts: Facts) -> None:
    alsos = [(parsed, [e for e in parsed.entries if isinstance(e, AlsoEntry) and e.topic_path]) for parsed in notes]
    if not any(entries for _, entries in alsos):  # the names of every paper only for an (also ...) to look up
        return
    by_name: dict[str, str] = {}
    for key, paper in sorted(facts.papers.items()):
        for name in (paper.short_name, paper.title):
            if name:
                by_name.setdefault(name.lower(), key)
    for parsed, entries in alsos:
        workshops = {h.path: h.workshop for h in parsed.headings if h.workshop} if entries else {}
        for entry in entries:
            topic = _topic_key(entry.topic_path, workshops)
            for name in entry.names:
                paper_key = by_name.get(name.lower())
                if paper_key:
                    facts.memberships.append(Membership(paper_key, topic, entry.file, entry.line))
