"""Turn facts into the RDF graph: one named graph per notes file, vocabulary and lexicon included.

The third stage of notekg, and the single source of truth: every view (networkx, HTML, exports,
SPARQL) is a projection of the statements made here. They are made as N-Triples text
(:mod:`graph.rdf.term_text`), which the build writes and Oxigraph loads as they are;
:func:`model_quads` and :func:`facts_to_rdf` give rdflib terms for the commands that want them.
See ``docs/data-model.md``.

Examples
--------
>>> from graph.parse.notes import parse_text
>>> from graph.extract.facts import extract_facts
>>> facts = extract_facts([parse_text("## GANs\\n- [9/10] [SinGAN: One image](https://arxiv.org/abs/1905.01164)\\n", "a.md")])
>>> ds = facts_to_rdf(facts)
>>> from rdflib import URIRef
>>> from graph.vocab import NK
>>> paper = URIRef(DEFAULT_BASE + "paper/arxiv/1905.01164")
>>> print(ds.value(paper, NK.rating), ds.value(paper, NK.shortName))
9 SinGAN
>>> print(notes_nquads(facts, "a.md").splitlines()[0])
<https://w3id.org/notekg/id/notes/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/notekg/vocab#Notes> <https://w3id.org/notekg/id/notes/a> .
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, Callable, Iterable, Optional

import pyoxigraph as ox

from graph.domain import DEFAULT_BASE, NK_NAMESPACE, PREFIXES, RELATION
from graph.extract.facts import Facts, Relation
from graph.extract.lexicon import Lexicon
from graph.extract.warnings import rating_fits
from graph.parse.notes import PaperEntry
from graph.parse.ratings import Rating
from graph.rdf.ontology import ontology_statements
from graph.rdf.safe_terms import check_base
from graph.rdf.term_text import (
    XSD_INTEGER,
    Statements,
    TermText,
    TextTriple,
    literal_text,
    oxigraph_text,
    rdflib_quads,
    statement_lines,
    typed_text,
    url_text,
)

if TYPE_CHECKING:
    from rdflib import Dataset, Graph, URIRef
    from rdflib.term import Node

# The model makes N-Triples text from plain strings: rdflib (0.1 s to import) is loaded only by
# the functions that give rdflib terms or graphs (facts_to_rdf, model_quads, new_dataset ...).

__all__ = [
    "facts_to_rdf",
    "model_quads",
    "model_statements",
    "notes_nquads",
    "quads_to_dataset",
    "Quad",
    "new_dataset",
    "default_graph",
    "LEXICON_BASE",
    "default_statements",
]

#: The namespace concepts have in the lexicon files; the model moves them under ``base``.
LEXICON_BASE = DEFAULT_BASE + "concept/"


def new_dataset() -> Dataset:
    """An empty dataset, queried as the union of its graphs, with notekg's prefixes bound."""
    from rdflib import Dataset

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
Quad = tuple["Node", "Node", "Node", Optional["URIRef"]]

# The vocabulary's IRIs as N-Triples text, made once.
_T = {name: f"<{PREFIXES[prefix]}{local}>" for name, (prefix, local) in {
    "type": ("rdf", "type"), "label": ("rdfs", "label"), "comment": ("rdfs", "comment"),
    "subject": ("rdf", "subject"), "predicate": ("rdf", "predicate"), "object": ("rdf", "object"),
    "sameAs": ("owl", "sameAs"), "prefLabel": ("skos", "prefLabel"), "altLabel": ("skos", "altLabel"),
    "broader": ("skos", "broader"), "related": ("skos", "related"), "Concept": ("skos", "Concept"),
    "definition": ("skos", "definition"), "title": ("dcterms", "title"), "dcSubject": ("dcterms", "subject"),
    "derivedFrom": ("prov", "wasDerivedFrom"), "name": ("schema", "name"), "url": ("schema", "url"),
    "author": ("schema", "author"), "sEvent": ("schema", "Event"), "datePublished": ("schema", "datePublished"),
    "reviewRating": ("schema", "reviewRating"), "Rating": ("schema", "Rating"),
    "ratingValue": ("schema", "ratingValue"), "bestRating": ("schema", "bestRating"),
    "ScholarlyArticle": ("schema", "ScholarlyArticle"), "Book": ("schema", "Book"),
}.items()}
_NK = {name: f"<{NK_NAMESPACE}{name}>" for name in (
    "Notes", "Event", "Topic", "Workshop", "Paper", "Area", "Evidence", "Note", "TalkNote", "Question",
    "Book", "Technique", "presentedAt", "year", "sourceLine", "comment", "shortName", "unrated", "tldr", "award",
    "arxivId", "videoUrl", "codeUrl", "struck", "attention", "opinion", "text", "kind", "reason",
    "verdict", "rating", "authorList", "venue", "quote", "rule", "field", "confidence", "aspect",
)}
_XSD = PREFIXES["xsd"]
_TRUE = typed_text("true", _XSD + "boolean")
_GYEAR = _XSD + "gYear"
_COINED_DEFINITION = '"A method the notes name in a paper\'s title; not in the lexicon."@en'
_SKOS_BROADER, _SKOS_PREF = PREFIXES["skos"] + "broader", PREFIXES["skos"] + "prefLabel"


class _Sink:
    """Collects the triples of one named graph (``add`` on a graph that is not kept does nothing)."""

    def __init__(self, triples: list[TextTriple] | None, identifier: str, iri: str):
        self.triples, self.identifier, self.iri = triples, identifier, iri

    def add(self, s: str, p: str, o: str) -> None:
        if self.triples is not None:
            self.triples.append((s, p, o))


def facts_to_rdf(
    facts: Facts,
    *,
    base: str = DEFAULT_BASE,
    lexicon_graph: Graph | None = None,
    include_ontology: bool = True,
) -> Dataset:
    """Model facts as an RDF dataset (see :func:`model_statements` for the parameters)."""
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
    """:func:`model_statements` as rdflib terms, each with its named graph (None: the default graph)."""
    return rdflib_quads(
        model_statements(facts, base=base, lexicon_graph=lexicon_graph, include_ontology=include_ontology)
    )


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
    iri, T, K = terms.iri, _T, _NK
    statements: Statements = {"": []}
    default = _Sink(statements[""] if only is None else None, "", "")
    if include_ontology:
        for s, p, o in ontology_statements():
            default.add(s, p, o)

    graphs: dict[str, _Sink] = {}
    for notes in facts.notes:
        name = iri(notes.key)
        if only is None or notes.file == only:
            triples = statements.setdefault(name, [])
        else:
            triples = None
        g = graphs[notes.file] = _Sink(triples, name, base + notes.key)
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

    def provenance(g: _Sink, node: str, file: str, line: int) -> None:
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
    stated = _lexicon_statements(lexicon, lexicon_graph)
    if stated is not None:
        _add_concepts(default, stated, concepts, base)
    _add_coined(default, facts.relations, iri)
    return statements


def default_statements(
    relations: Iterable[Relation],
    *,
    base: str = DEFAULT_BASE,
    lexicon_graph: Graph | None = None,
    include_ontology: bool = True,
    lexicon: Lexicon | None = None,
) -> list[TextTriple]:
    """The default graph alone: the ontology, and the lexicon concepts ``relations`` point at
    (what :func:`model_statements` puts there; an incremental build makes it apart from the
    notes files' graphs).

    >>> default_statements([], include_ontology=False)
    []
    """
    triples: list[TextTriple] = []
    default = _Sink(triples, "", "")
    if include_ontology:
        for s, p, o in ontology_statements():
            default.add(s, p, o)
    stated = _lexicon_statements(lexicon, lexicon_graph)
    if stated is not None:
        used = {key for rel in relations for key in (rel.subject, rel.object) if key.startswith("concept/")}
        _add_concepts(default, stated, used, base)
    _add_coined(default, relations, TermText(base).iri)
    return triples


def _add_coined(default: _Sink, relations: Iterable[Relation], iri: Callable[[str], str]) -> None:
    """Methods the notes coin ("FleeceNet: ..." proposes FleeceNet): techniques named by the notes alone."""
    coined = {rel.object: rel.object_label for rel in relations if rel.object_label}
    for key, label in sorted(coined.items()):
        node = iri(key)
        default.add(node, _T["type"], _NK["Technique"])
        default.add(node, _T["type"], _T["Concept"])
        default.add(node, _T["prefLabel"], literal_text(label) + "@en")
        default.add(node, _T["label"], literal_text(label))
        default.add(node, _T["definition"], _COINED_DEFINITION)


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


def _add_rating(g: _Sink, paper: str, key: str, rating: Rating, terms: TermText,
                numbers: dict[float, str]) -> None:
    """The rating as written (a schema:Rating with its scale), its 0–10 value, or a verdict label.

    The schema:Rating node has an IRI made from what it says (the paper, the notes file, the
    written text, value and scale), not a blank node, so exports are byte-identical across runs.
    """
    T = _T

    def number(value: float) -> str:
        text = numbers.get(value)
        if text is None:
            text = numbers[value] = _number(value)
        return text

    if rating.label:
        g.add(paper, _NK["verdict"], literal_text(rating.label))
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
        g.add(paper, _NK["rating"], number(rating.out_of_ten))


def _add_bibliographic(g: _Sink, paper: str, entry: PaperEntry) -> None:
    """What the entry says of the paper: authors (each, and in order), venue, year."""
    for author in entry.authors:
        g.add(paper, _T["author"], literal_text(author))
    if entry.authors:
        g.add(paper, _NK["authorList"], literal_text("; ".join(entry.authors)))
    if entry.venue:
        g.add(paper, _NK["venue"], literal_text(entry.venue))
    if entry.year:
        g.add(paper, _T["datePublished"], typed_text(entry.year, _GYEAR))


def _label_of(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _add_relations(graphs: dict[str, _Sink], relations: Iterable[Relation], terms: TermText) -> set[str]:
    """Each relation as a triple plus its reified evidence; returns the concept keys used."""
    used: set[str] = set()
    T, K, iri = _T, _NK, terms.iri
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


#: What a lexicon states about a subject IRI: (subject, predicate IRI, object), Oxigraph terms.
Stated = Callable[[str], Iterable[tuple[Any, str, Any]]]


def _lexicon_statements(lexicon: Lexicon | None, graph: Graph | None) -> Stated | None:
    """How to look up what the lexicon states about a concept: from the loaded lexicon's own
    statements (no rdflib), else from an rdflib graph of it."""
    if lexicon is not None:
        statements = lexicon.statements
        if statements is not None:
            return lambda iri: statements.get(iri, ())
        graph = lexicon.graph  # a lexicon made from an rdflib graph
    if graph is None:
        return None
    from rdflib import URIRef

    from graph.terms import to_oxigraph

    rdf_graph = graph
    return lambda iri: [(to_oxigraph(s), str(p), to_oxigraph(o)) for s, p, o in rdf_graph.triples((URIRef(iri), None, None))]


def _add_concepts(default: _Sink, stated: Stated, used: set[str], base: str) -> None:
    """Copy the used concepts and their broader ancestors from the lexicon, under ``base``."""
    moved = "<" + base + "concept/"
    texts: dict[Any, str] = {}  # the same classes, parents and labels come again and again

    def move(term: Any) -> str:
        text = texts.get(term)
        if text is None:
            if isinstance(term, ox.NamedNode) and term.value.startswith(LEXICON_BASE):
                text = moved + term.value[len(LEXICON_BASE):] + ">"
            else:
                text = oxigraph_text(term)
            texts[term] = text
        return text

    label = _T["label"]
    todo = [LEXICON_BASE + key[len("concept/") :] for key in sorted(used)]
    seen: set[str] = set()
    while todo:
        concept = todo.pop()
        if concept in seen:
            continue
        seen.add(concept)
        for s, p, o in stated(concept):
            subject = move(s)
            default.add(subject, "<" + p + ">", move(o))
            if p == _SKOS_BROADER and isinstance(o, ox.NamedNode):
                todo.append(o.value)
            if p == _SKOS_PREF:
                default.add(subject, label, literal_text(o.value))
