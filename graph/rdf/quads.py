"""Turn facts into the RDF graph: one named graph per notes file, vocabulary and lexicon included.

The third stage of notekg, and the single source of truth: every view (networkx, HTML, exports,
SPARQL) is a projection of the statements made here. They are made as N-Triples text
(:mod:`graph.rdf.term_text`), which the build writes and Oxigraph loads as they are. This
module models the notes (papers, topics, ratings, relations with their evidence);
:mod:`graph.rdf.concepts` the default graph (ontology, lexicon concepts, coined methods);
:mod:`graph.rdf.datasets` gives rdflib terms for the commands that want them.
See ``docs/data-model.md``.

Examples
--------
>>> from graph.parse.notes import parse_text
>>> from graph.extract.facts import extract_facts
>>> facts = extract_facts([parse_text("## GANs\\n- [9/10] [SinGAN: One image](https://arxiv.org/abs/1905.01164)\\n", "a.md")])
>>> print(notes_nquads(facts, "a.md").splitlines()[0])
<https://w3id.org/notekg/id/notes/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/notekg/vocab#Notes> <https://w3id.org/notekg/id/notes/a> .
>>> [line for line in notes_nquads(facts, "a.md").splitlines() if "#rating>" in line][0].split()[2]
'"9"^^<http://www.w3.org/2001/XMLSchema#integer>'
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Iterable

from graph.domain import DEFAULT_BASE, NK_NAMESPACE, PREFIXES, RELATION
from graph.extract.facts import Facts, Relation
from graph.extract.lexicon import Lexicon
from graph.extract.warnings import rating_fits
from graph.parse.notes import PaperEntry
from graph.parse.ratings import Rating
from graph.rdf.concepts import add_coined, add_concepts, lexicon_statements
from graph.rdf.ontology import ontology_statements
from graph.rdf.safe_terms import check_base
from graph.rdf.term_text import (
    XSD_INTEGER,
    Statements,
    TermText,
    literal_text,
    statement_lines,
    typed_text,
    url_text,
)
from graph.rdf.vocab_text import NK_TERMS, TERMS, GraphSink

if TYPE_CHECKING:
    from rdflib import Graph

# The model makes N-Triples text from plain strings: rdflib (0.1 s to import) is loaded only by
# the functions that give rdflib terms or graphs (graph.rdf.datasets).

__all__ = ["model_statements", "notes_nquads"]


_XSD = PREFIXES["xsd"]


_TRUE = typed_text("true", _XSD + "boolean")


_GYEAR = _XSD + "gYear"


def notes_nquads(facts: Facts, file: str, *, base: str = DEFAULT_BASE) -> str:
    """The N-Quads block of one notes file's named graph: its lines sorted, each once — the same
    text as that graph's block in the build's ``graph.nq`` (where blocks follow the default
    graph's, in the order of their graphs' IRIs)."""
    statements = model_statements(facts, base=base, include_ontology=False, only=file)
    return "".join(
        "".join(statement_lines(graph, triples)) for graph, triples in statements.items() if graph
    )


def model_statements(
    facts: Facts,
    *,
    base: str = DEFAULT_BASE,
    lexicon_graph: Graph | None = None,
    include_ontology: bool = True,
    only: str | None = None,
    lexicon: Lexicon | None = None,
) -> Statements:
    """Model facts as RDF statements, each in the named graph of the notes file it came from.

    Parameters
    ----------
    facts
        From :func:`graph.extract.facts.extract_facts`.
    base
        Namespace for data IRIs (papers, topics, concepts, ...).
    lexicon_graph
        The SKOS lexicon; the concepts relations point at (and their broader concepts) are
        copied into the default graph, moved under ``base``.
    lexicon
        Instead of ``lexicon_graph``: the loaded lexicon, whose statements are copied the same
        way as text (no rdflib graph is made).
    include_ontology
        Put the vocabulary's ontology in the default graph, so labels of relations travel
        with every export.
    only
        Model only this notes file's named graph (see :func:`notes_nquads`).

    Returns
    -------
    dict
        Triples as N-Triples text by their graph's text (``""``: the default graph), the
        default graph first, then the notes files' graphs in the order of the notes.
    """
    check_base(base)
    terms = TermText(base)
    iri, T, K = terms.iri, TERMS, NK_TERMS
    statements: Statements = {"": []}
    default = GraphSink(statements[""] if only is None else None, "", "")
    if include_ontology:
        for s, p, o in ontology_statements():
            default.add(s, p, o)

    graphs: dict[str, GraphSink] = {}
    for notes in facts.notes:
        name = iri(notes.key)
        if only is None or notes.file == only:
            triples = statements.setdefault(name, [])
        else:
            triples = None
        g = graphs[notes.file] = GraphSink(triples, name, base + notes.key)
        g.add(name, T["type"], K["Notes"])
        g.add(name, T["label"], literal_text(notes.title or notes.name))
        g.add(name, T["name"], literal_text(notes.name))
        if notes.description:
            g.add(name, T["comment"], literal_text(notes.description))
        if notes.event:
            g.add(name, K["presentedAt"], iri(notes.event))

    for event in facts.events:
        node = iri(event.key)
        for notes in facts.notes:
            if notes.event == event.key:
                g = graphs[notes.file]
                g.add(node, T["type"], K["Event"])
                g.add(node, T["type"], T["sEvent"])
                g.add(node, T["label"], literal_text(event.label))
                g.add(node, T["name"], literal_text(event.label))
                if event.year:
                    g.add(node, K["year"], typed_text(event.year, XSD_INTEGER))

    def provenance(g: GraphSink, node: str, file: str, line: int) -> None:
        g.add(node, T["derivedFrom"], iri(facts.notes_key(file)))
        g.add(node, K["sourceLine"], typed_text(line, XSD_INTEGER))

    for key, topic in facts.topics.items():
        node = iri(key)
        for file, line in topic.places or []:
            g = graphs[file]
            if g.triples is None:
                continue
            g.add(node, T["type"], K["Topic"])
            g.add(node, T["type"], T["Concept"])
            if topic.workshop:
                g.add(node, T["type"], K["Workshop"])
                g.add(node, T["type"], T["sEvent"])
                event_key = facts.event_of(file)
                if event_key:
                    g.add(node, K["presentedAt"], iri(event_key))
            g.add(node, T["prefLabel"], literal_text(topic.label))
            g.add(node, T["label"], literal_text(topic.label))
            for parent in topic.parents:
                g.add(node, T["broader"], iri(parent))
            if topic.url:
                g.add(node, T["url"], url_text(topic.url))
            for comment in topic.comments:
                g.add(node, K["comment"], literal_text(comment))
            provenance(g, node, file, line)

    numbers: dict[float, str] = {}
    for key, paper in facts.papers.items():
        node = iri(key)
        for entry in paper.entries:
            g = graphs[entry.file]
            if g.triples is None:
                continue
            g.add(node, T["type"], K["Paper"])
            g.add(node, T["type"], T["ScholarlyArticle"])
            title = literal_text(entry.title)
            g.add(node, T["label"], title)
            g.add(node, T["title"], title)
            if paper.short_name:
                short = literal_text(paper.short_name)
                g.add(node, K["shortName"], short)
                g.add(node, T["altLabel"], short)
            if entry.nickname:
                g.add(node, T["altLabel"], literal_text(entry.nickname))
            rating = entry.rating
            # A number beyond its scale is a typo the build warns about (extract/warnings.py).
            if rating is not None and (rating.value is None or not rating.scale or rating_fits(rating)):
                _add_rating(g, node, key, rating, terms, numbers)
            _add_bibliographic(g, node, entry)
            if entry.unrated:
                g.add(node, K["unrated"], _TRUE)
            for prop, value in (
                ("tldr", entry.tldr),
                ("comment", entry.comment),
                ("award", entry.award),
                ("arxivId", entry.arxiv_id),
            ):
                if value:
                    g.add(node, K[prop], literal_text(value))
            for prop_text, url in (
                (T["url"], entry.url),
                (K["videoUrl"], entry.video_url),
                (K["codeUrl"], entry.code_url),
            ):
                if url:
                    g.add(node, prop_text, url_text(url))
            if entry.struck:
                g.add(node, K["struck"], _TRUE)
            event_key = facts.event_of(entry.file)
            if event_key:
                g.add(node, K["presentedAt"], iri(event_key))
            provenance(g, node, entry.file, entry.line)

    for membership in facts.memberships:
        prop = T["dcSubject"]
        if membership.item.startswith("workshop/"):
            prop = T["related"]  # a workshop mentioned under a topic
        graphs[membership.file].add(iri(membership.item), prop, iri(membership.topic))

    for key, area in facts.areas:
        node = iri(key)
        g = graphs[area.file]
        g.add(node, T["type"], K["Area"])
        g.add(node, T["type"], T["Concept"])
        g.add(node, T["label"], literal_text(area.label))
        g.add(node, T["prefLabel"], literal_text(area.label))
        g.add(node, K["attention"], literal_text(area.attention))
        if area.opinion:
            g.add(node, K["opinion"], literal_text(area.opinion))
        provenance(g, node, area.file, area.line)

    # Kinds with a class of their own; every other kind (a link, a course ...) is an nk:Note.
    note_types = {"talk": K["TalkNote"], "question": K["Question"], "book": K["Book"]}
    for key, note in facts.others:
        node = iri(key)
        g = graphs[note.file]
        g.add(node, T["type"], note_types.get(note.kind, K["Note"]))
        if note.kind == "book":
            g.add(node, T["type"], T["Book"])
        g.add(node, T["label"], literal_text(_label_of(note.text)))
        g.add(node, K["text"], literal_text(note.text))
        g.add(node, K["kind"], literal_text(note.kind))
        if note.reason:
            g.add(node, K["reason"], literal_text(note.reason))
        if note.url:
            g.add(node, T["url"], url_text(note.url))
        provenance(g, node, note.file, note.line)

    for same in facts.same_as:
        graphs[same.file].add(iri(same.first), T["sameAs"], iri(same.second))

    concepts = _add_relations(graphs, facts.relations, terms)
    stated = lexicon_statements(lexicon, lexicon_graph)
    if stated is not None:
        add_concepts(default, stated, concepts, base)
    add_coined(default, facts.relations, iri)
    return statements


def _number(value: float) -> str:
    """A whole number as xsd:integer (so ``nk:rating 9`` matches as it always did), else
    xsd:decimal (in rdflib's lexical form of a ``Decimal``, which earlier graphs were written in).

    >>> _number(9.0), _number(6.67), _number(1e-05)
    ('"9"^^<http://www.w3.org/2001/XMLSchema#integer>', '"6.67"^^<http://www.w3.org/2001/XMLSchema#decimal>', '"0.00001"^^<http://www.w3.org/2001/XMLSchema#decimal>')
    """
    if float(value).is_integer():
        return typed_text(int(value), XSD_INTEGER)
    from decimal import Decimal  # here: most ratings are integers

    return typed_text(f"{Decimal(str(value)):f}", _XSD + "decimal")


def _add_rating(g: GraphSink, paper: str, key: str, rating: Rating, terms: TermText,
                numbers: dict[float, str]) -> None:
    """The rating as written (a schema:Rating with its scale), its 0–10 value, or a verdict label.

    The schema:Rating node has an IRI made from what it says (the paper, the notes file, the
    written text, value and scale), not a blank node, so exports are byte-identical across runs.
    """
    T = TERMS

    def number(value: float) -> str:
        text = numbers.get(value)
        if text is None:
            text = numbers[value] = _number(value)
        return text

    if rating.label:
        g.add(paper, NK_TERMS["verdict"], literal_text(rating.label))
    if rating.value is None:
        return
    digest = hashlib.sha1(
        "\n".join((terms.base + key, g.iri, rating.text, str(rating.value), str(rating.scale))).encode()
    ).hexdigest()[:16]
    node = terms.iri("rating/" + digest)
    g.add(paper, T["reviewRating"], node)
    g.add(node, T["type"], T["Rating"])
    g.add(node, T["label"], literal_text(rating.text))
    g.add(node, T["ratingValue"], number(rating.value))
    if rating.scale:
        g.add(node, T["bestRating"], number(rating.scale))
    if rating.out_of_ten is not None:
        g.add(paper, NK_TERMS["rating"], number(rating.out_of_ten))


def _add_bibliographic(g: GraphSink, paper: str, entry: PaperEntry) -> None:
    """What the entry says of the paper: authors (each, and in order), venue, year."""
    for author in entry.authors:
        g.add(paper, TERMS["author"], literal_text(author))
    if entry.authors:
        g.add(paper, NK_TERMS["authorList"], literal_text("; ".join(entry.authors)))
    if entry.venue:
        g.add(paper, NK_TERMS["venue"], literal_text(entry.venue))
    if entry.year:
        g.add(paper, TERMS["datePublished"], typed_text(entry.year, _GYEAR))


def _label_of(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _add_relations(graphs: dict[str, GraphSink], relations: Iterable[Relation], terms: TermText) -> set[str]:
    """Each relation as a triple plus its reified evidence; returns the concept keys used."""
    used: set[str] = set()
    T, K, iri = TERMS, NK_TERMS, terms.iri
    predicates: dict[str, str] = {}
    for rel in relations:
        for key in (rel.subject, rel.object):
            if key.startswith("concept/"):
                used.add(key)
        g = graphs[rel.file]
        if g.triples is None:
            continue
        add = g.triples.append  # eleven statements a relation: straight onto the graph's list
        predicate = predicates.get(rel.predicate)
        if predicate is None:
            predicate = predicates[rel.predicate] = _predicate(rel.predicate)
        s, p, o = iri(rel.subject), terms.full(predicate), iri(rel.object)
        add((s, p, o))
        # The notes IRI, not the path: stable across moves.
        digest = hashlib.sha1(
            "\n".join((terms.base + rel.subject, predicate, terms.base + rel.object, g.iri, rel.rule,
                       rel.quote)).encode()
        ).hexdigest()[:16]
        ev = iri("evidence/" + digest)
        # Lean on purpose (most statements are evidence): the ontology says every nk:Evidence
        # is an rdf:Statement and a prov:Entity, and the named graph says which notes file it
        # comes from, so neither is repeated on each evidence node.
        add((ev, T["type"], K["Evidence"]))
        add((ev, T["subject"], s))
        add((ev, T["predicate"], p))
        add((ev, T["object"], o))
        add((ev, K["quote"], literal_text(rel.quote)))
        add((ev, K["rule"], literal_text(rel.rule)))
        add((ev, K["field"], literal_text(rel.field)))
        add((ev, K["sourceLine"], typed_text(rel.line, XSD_INTEGER)))
        add((ev, K["confidence"], literal_text(rel.confidence)))
        if rel.aspect:
            add((ev, K["aspect"], literal_text(rel.aspect)))
    return used


def _predicate(name: str) -> str:
    """``uses`` -> nk:uses; ``skos:related`` -> the SKOS term (as IRIs)."""
    if ":" in name:
        prefix, local = name.split(":", 1)
        return PREFIXES[prefix] + local
    if name not in RELATION:
        raise ValueError(f"{name!r} is not a relation of the notekg vocabulary")
    return NK_NAMESPACE + name
