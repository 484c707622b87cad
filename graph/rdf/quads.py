"""Turn facts into the RDF graph: one named graph per notes file, vocabulary and lexicon included.

The third stage of notekg, and the single source of truth: every view (networkx, HTML, exports,
SPARQL) is a projection of the :class:`rdflib.Dataset` made here. See ``docs/data-model.md``.

Examples
--------
>>> from graph.parse.notes import parse_text
>>> from graph.extract.facts import extract_facts
>>> facts = extract_facts([parse_text("## GANs\\n- [9/10] [SinGAN: One image](https://arxiv.org/abs/1905.01164)\\n", "a.md")])
>>> ds = facts_to_rdf(facts)
>>> paper = URIRef(DEFAULT_BASE + "paper/arxiv/1905.01164")
>>> print(ds.value(paper, NK.rating), ds.value(paper, NK.shortName))
9 SinGAN
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Callable, Iterable, Optional

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.term import Node
from rdflib.namespace import DCTERMS, PROV

from graph.extract.facts import Facts, Relation
from graph.parse.notes import PaperEntry
from graph.parse.ratings import Rating
from graph.extract.warnings import rating_fits
from graph.rdf.ontology import ontology_triples
from graph.rdf.safe_terms import check_base, safe_literal, url_term
from graph.vocab import DEFAULT_BASE, NK, PREFIXES, SCHEMA

__all__ = [
    "facts_to_rdf",
    "model_quads",
    "quads_to_dataset",
    "Quad",
    "new_dataset",
    "default_graph",
    "LEXICON_BASE",
]

#: The namespace concepts have in the lexicon files; the model moves them under ``base``.
LEXICON_BASE = DEFAULT_BASE + "concept/"



def new_dataset() -> Dataset:
    """An empty dataset, queried as the union of its graphs, with notekg's prefixes bound."""
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True, replace=True)
    return ds


def default_graph(ds: Dataset) -> Graph:
    """The dataset's default graph (rdflib renamed ``default_context`` to ``default_graph``)."""
    if hasattr(type(ds), "default_graph"):
        return ds.default_graph
    return ds.default_context


#: A statement and the named graph it belongs to (None: the default graph).
Quad = tuple[Node, Node, Node, Optional[URIRef]]


class _Sink:
    """Collects the triples of one graph as quads (the model writes to it like to a Graph)."""

    def __init__(self, quads: list[Quad], identifier: URIRef | None):
        self.quads, self.identifier = quads, identifier

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        s, p, o = triple
        if isinstance(o, Literal):
            o = safe_literal(o)  # text from notes and file names always encodes
        self.quads.append((s, p, o, self.identifier))


def facts_to_rdf(
    facts: Facts,
    *,
    base: str = DEFAULT_BASE,
    lexicon_graph: Graph | None = None,
    include_ontology: bool = True,
) -> Dataset:
    """Model facts as an RDF dataset (see :func:`model_quads` for the parameters)."""
    return quads_to_dataset(
        model_quads(facts, base=base, lexicon_graph=lexicon_graph, include_ontology=include_ontology),
        base=base,
    )


def quads_to_dataset(quads: Iterable[Quad], *, base: str = DEFAULT_BASE) -> Dataset:
    """Load quads into a new dataset with notekg's prefixes bound."""
    ds = new_dataset()
    ds.bind("id", base)
    graphs: dict[URIRef | None, Graph] = {None: default_graph(ds)}

    def graph_of(name: URIRef | None) -> Graph:
        if name not in graphs:
            graphs[name] = ds.graph(name)
        return graphs[name]

    ds.addN((s, p, o, graph_of(g)) for s, p, o, g in quads)
    return ds


def model_quads(
    facts: Facts,
    *,
    base: str = DEFAULT_BASE,
    lexicon_graph: Graph | None = None,
    include_ontology: bool = True,
) -> list[Quad]:
    """Model facts as RDF statements, each with the named graph of the notes file it came from.

    Parameters
    ----------
    facts
        From :func:`graph.extract.facts.extract_facts`.
    base
        Namespace for data IRIs (papers, topics, concepts, ...).
    lexicon_graph
        The SKOS lexicon; the concepts relations point at (and their broader concepts) are
        copied into the default graph, moved under ``base``.
    include_ontology
        Put the vocabulary's ontology in the default graph, so labels of relations travel
        with every export.
    """
    check_base(base)
    quads: list[Quad] = []

    def iri(key: str) -> URIRef:
        return URIRef(base + key)

    default = _Sink(quads, None)
    if include_ontology:
        for triple in ontology_triples():
            default.add(triple)

    graphs: dict[str, _Sink] = {}
    for notes in facts.notes:
        g = _Sink(quads, iri(notes.key))
        graphs[notes.file] = g
        node = iri(notes.key)
        g.add((node, RDF.type, NK.Notes))
        g.add((node, RDFS.label, Literal(notes.title or notes.name)))
        g.add((node, SCHEMA.name, Literal(notes.name)))
        if notes.description:
            g.add((node, RDFS.comment, Literal(notes.description)))
        if notes.event:
            g.add((node, NK.presentedAt, iri(notes.event)))

    for event in facts.events:
        node = iri(event.key)
        for notes in facts.notes:
            if notes.event == event.key:
                g = graphs[notes.file]
                g.add((node, RDF.type, NK.Event))
                g.add((node, RDF.type, SCHEMA.Event))
                g.add((node, RDFS.label, Literal(event.label)))
                g.add((node, SCHEMA.name, Literal(event.label)))
                if event.year:
                    g.add((node, NK.year, Literal(event.year, datatype=XSD.integer)))

    def provenance(g: _Sink, node: URIRef, file: str, line: int) -> None:
        g.add((node, PROV.wasDerivedFrom, iri(facts.notes_key(file))))
        g.add((node, NK.sourceLine, Literal(line, datatype=XSD.integer)))

    for key, topic in facts.topics.items():
        node = iri(key)
        for file, line in topic.places or []:
            g = graphs[file]
            g.add((node, RDF.type, NK.Topic))
            g.add((node, RDF.type, SKOS.Concept))
            if topic.workshop:
                g.add((node, RDF.type, NK.Workshop))
                g.add((node, RDF.type, SCHEMA.Event))
                event_key = facts.event_of(file)
                if event_key:
                    g.add((node, NK.presentedAt, iri(event_key)))
            g.add((node, SKOS.prefLabel, Literal(topic.label)))
            g.add((node, RDFS.label, Literal(topic.label)))
            for parent in topic.parents:
                g.add((node, SKOS.broader, iri(parent)))
            if topic.url:
                g.add((node, SCHEMA.url, url_term(topic.url)))
            for comment in topic.comments:
                g.add((node, NK.comment, Literal(comment)))
            provenance(g, node, file, line)

    for key, paper in facts.papers.items():
        node = iri(key)
        for entry in paper.entries:
            g = graphs[entry.file]
            g.add((node, RDF.type, NK.Paper))
            g.add((node, RDF.type, SCHEMA.ScholarlyArticle))
            g.add((node, RDFS.label, Literal(entry.title)))
            g.add((node, DCTERMS.title, Literal(entry.title)))
            if paper.short_name:
                g.add((node, NK.shortName, Literal(paper.short_name)))
                g.add((node, SKOS.altLabel, Literal(paper.short_name)))
            if entry.nickname:
                g.add((node, SKOS.altLabel, Literal(entry.nickname)))
            rating = entry.rating
            # A number beyond its scale is a typo the build warns about (extract/warnings.py).
            if rating is not None and (rating.value is None or not rating.scale or rating_fits(rating)):
                _add_rating(g, node, rating, base)
            _add_bibliographic(g, node, entry)
            if entry.unrated:
                g.add((node, NK.unrated, Literal(True)))
            for prop, value in (
                (NK.tldr, entry.tldr),
                (NK.comment, entry.comment),
                (NK.award, entry.award),
                (NK.arxivId, entry.arxiv_id),
            ):
                if value:
                    g.add((node, prop, Literal(value)))
            for prop, url in (
                (SCHEMA.url, entry.url),
                (NK.videoUrl, entry.video_url),
                (NK.codeUrl, entry.code_url),
            ):
                if url:
                    g.add((node, prop, url_term(url)))
            if entry.struck:
                g.add((node, NK.struck, Literal(True)))
            event_key = facts.event_of(entry.file)
            if event_key:
                g.add((node, NK.presentedAt, iri(event_key)))
            provenance(g, node, entry.file, entry.line)

    for membership in facts.memberships:
        g = graphs[membership.file]
        prop = DCTERMS.subject
        if membership.item.startswith("workshop/"):
            prop = SKOS.related  # a workshop mentioned under a topic
        g.add((iri(membership.item), prop, iri(membership.topic)))

    for key, area in facts.areas:
        node = iri(key)
        g = graphs[area.file]
        g.add((node, RDF.type, NK.Area))
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, RDFS.label, Literal(area.label)))
        g.add((node, SKOS.prefLabel, Literal(area.label)))
        g.add((node, NK.attention, Literal(area.attention)))
        if area.opinion:
            g.add((node, NK.opinion, Literal(area.opinion)))
        provenance(g, node, area.file, area.line)

    # Kinds with a class of their own; every other kind (a link, a course ...) is an nk:Note.
    note_types = {"talk": NK.TalkNote, "question": NK.Question, "book": NK.Book}
    for key, note in facts.others:
        node = iri(key)
        g = graphs[note.file]
        g.add((node, RDF.type, note_types.get(note.kind, NK.Note)))
        if note.kind == "book":
            g.add((node, RDF.type, SCHEMA.Book))
        g.add((node, RDFS.label, Literal(_label_of(note.text))))
        g.add((node, NK.text, Literal(note.text)))
        g.add((node, NK.kind, Literal(note.kind)))
        if note.reason:
            g.add((node, NK.reason, Literal(note.reason)))
        if note.url:
            g.add((node, SCHEMA.url, url_term(note.url)))
        provenance(g, node, note.file, note.line)

    for same in facts.same_as:
        graphs[same.file].add((iri(same.first), OWL.sameAs, iri(same.second)))

    concepts = _add_relations(graphs, facts.relations, iri)
    if lexicon_graph is not None:
        _add_concepts(default, lexicon_graph, concepts, base)
    _add_coined(default, facts.relations, iri)
    return quads


def _add_coined(default: _Sink, relations: Iterable[Relation], iri: Callable[[str], URIRef]) -> None:
    """Methods the notes coin ("FleeceNet: ..." proposes FleeceNet): techniques named by the notes alone."""
    coined = {rel.object: rel.object_label for rel in relations if rel.object_label}
    for key, label in sorted(coined.items()):
        node = iri(key)
        default.add((node, RDF.type, NK.Technique))
        default.add((node, RDF.type, SKOS.Concept))
        default.add((node, SKOS.prefLabel, Literal(label, lang="en")))
        default.add((node, RDFS.label, Literal(label)))
        default.add((node, SKOS.definition, Literal("A method the notes name in a paper's title; not in the lexicon.", lang="en")))


def _number(value: float) -> Literal:
    """A whole number as xsd:integer (so ``nk:rating 9`` matches as it always did), else xsd:decimal.

    >>> _number(9.0).n3(), _number(6.67).n3()
    ('"9"^^<http://www.w3.org/2001/XMLSchema#integer>', '"6.67"^^<http://www.w3.org/2001/XMLSchema#decimal>')
    """
    if float(value).is_integer():
        return Literal(int(value), datatype=XSD.integer)
    return Literal(Decimal(str(value)), datatype=XSD.decimal)


def _add_rating(g: _Sink, paper: URIRef, rating: Rating, base: str) -> None:
    """The rating as written (a schema:Rating with its scale), its 0–10 value, or a verdict label.

    The schema:Rating node has an IRI made from what it says (the paper, the notes file, the
    written text, value and scale), not a blank node, so exports are byte-identical across runs.
    """
    if rating.label:
        g.add((paper, NK.verdict, Literal(rating.label)))
    if rating.value is None:
        return
    notes = str(g.identifier)
    digest = hashlib.sha1(
        "\n".join((str(paper), notes, rating.text, str(rating.value), str(rating.scale))).encode()
    ).hexdigest()[:16]
    node = URIRef(base + "rating/" + digest)
    g.add((paper, SCHEMA.reviewRating, node))
    g.add((node, RDF.type, SCHEMA.Rating))
    g.add((node, RDFS.label, Literal(rating.text)))
    g.add((node, SCHEMA.ratingValue, _number(rating.value)))
    if rating.scale:
        g.add((node, SCHEMA.bestRating, _number(rating.scale)))
    if rating.out_of_ten is not None:
        g.add((paper, NK.rating, _number(rating.out_of_ten)))


def _add_bibliographic(g: _Sink, paper: URIRef, entry: PaperEntry) -> None:
    """What the entry says of the paper: authors (each, and in order), venue, year."""
    for author in entry.authors:
        g.add((paper, SCHEMA.author, Literal(author)))
    if entry.authors:
        g.add((paper, NK.authorList, Literal("; ".join(entry.authors))))
    if entry.venue:
        g.add((paper, NK.venue, Literal(entry.venue)))
    if entry.year:
        g.add((paper, SCHEMA.datePublished, Literal(str(entry.year), datatype=XSD.gYear)))


def _label_of(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _add_relations(
    graphs: dict[str, _Sink], relations: Iterable[Relation], iri: Callable[[str], URIRef]
) -> set[str]:
    """Each relation as a triple plus its reified evidence; returns the concept keys used."""
    used: set[str] = set()
    for rel in relations:
        g = graphs[rel.file]
        s, p, o = iri(rel.subject), _predicate(rel.predicate), iri(rel.object)
        g.add((s, p, o))
        for key in (rel.subject, rel.object):
            if key.startswith("concept/"):
                used.add(key)
        notes = str(graphs[rel.file].identifier)  # the notes IRI, not the path: stable across moves
        digest = hashlib.sha1(
            "\n".join((str(s), str(p), str(o), notes, rel.rule, rel.quote)).encode()
        ).hexdigest()[:16]
        ev = iri("evidence/" + digest)
        g.add((ev, RDF.type, RDF.Statement))
        g.add((ev, RDF.type, PROV.Entity))
        g.add((ev, RDF.type, NK.Evidence))
        g.add((ev, RDF.subject, s))
        g.add((ev, RDF.predicate, p))
        g.add((ev, RDF.object, o))
        g.add((ev, NK.quote, Literal(rel.quote)))
        g.add((ev, NK.rule, Literal(rel.rule)))
        g.add((ev, NK.field, Literal(rel.field)))
        g.add((ev, NK.sourceLine, Literal(rel.line, datatype=XSD.integer)))
        g.add((ev, NK.confidence, Literal(rel.confidence)))
        g.add((ev, PROV.wasDerivedFrom, URIRef(notes)))
        if rel.aspect:
            g.add((ev, NK.aspect, Literal(rel.aspect)))
    return used


def _predicate(name: str) -> URIRef:
    """``uses`` -> nk:uses; ``skos:related`` -> the SKOS term."""
    if ":" in name:
        prefix, local = name.split(":", 1)
        return URIRef(PREFIXES[prefix] + local)
    return getattr(NK, name)


def _add_concepts(default: _Sink, lexicon: Graph, used: set[str], base: str) -> None:
    """Copy the used concepts and their broader ancestors from the lexicon, under ``base``."""

    def move(term: Node) -> Node:
        if isinstance(term, URIRef) and str(term).startswith(LEXICON_BASE):
            return URIRef(base + "concept/" + str(term)[len(LEXICON_BASE) :])
        return term

    todo = [URIRef(LEXICON_BASE + key[len("concept/") :]) for key in sorted(used)]
    seen: set[URIRef] = set()
    while todo:
        concept = todo.pop()
        if concept in seen:
            continue
        seen.add(concept)
        for _, p, o in lexicon.triples((concept, None, None)):
            default.add((move(concept), p, move(o)))
            if p == SKOS.broader and isinstance(o, URIRef):
                todo.append(o)
            if p == SKOS.prefLabel:
                default.add((move(concept), RDFS.label, Literal(str(o))))
