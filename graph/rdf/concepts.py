"""The default graph: the ontology, the lexicon's concepts the relations point at, the methods the notes coin.

Part of the rdf stage, beside the model of the notes (:mod:`graph.rdf.quads`): the concepts
relations point at are copied from the lexicon with their broader ones, moved from the lexicon's
namespace (:data:`LEXICON_BASE`) under the build's base; a method the notes name that the
lexicon lacks ("FleeceNet: ...") becomes a technique of their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable

import pyoxigraph as ox

from graph.domain import DEFAULT_BASE, PREFIXES
from graph.extract.facts import Relation
from graph.extract.lexicon import Lexicon
from graph.rdf.ontology import ontology_statements
from graph.rdf.term_text import TermText, TextTriple, literal_text, oxigraph_text
from graph.rdf.vocab_text import NK_TERMS, TERMS, GraphSink

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["LEXICON_BASE", "default_statements", "add_concepts", "add_coined", "lexicon_statements", "Stated"]


#: The namespace concepts have in the lexicon files; the model moves them under ``base``.
LEXICON_BASE = DEFAULT_BASE + "concept/"

_COINED_DEFINITION = '"A method the notes name in a paper\'s title; not in the lexicon."@en'
_SKOS_BROADER, _SKOS_PREF = PREFIXES["skos"] + "broader", PREFIXES["skos"] + "prefLabel"


def default_statements(
    relations: Iterable[Relation],
    *,
    base: str = DEFAULT_BASE,
    lexicon_graph: Graph | None = None,
    include_ontology: bool = True,
    lexicon: Lexicon | None = None,
) -> list[TextTriple]:
    """The default graph alone: the ontology, and the lexicon concepts ``relations`` point at
    (what :func:`graph.rdf.quads.model_statements` puts there; an incremental build makes it apart from the
    notes files' graphs).

    >>> default_statements([], include_ontology=False)
    []
    """
    triples: list[TextTriple] = []
    default = GraphSink(triples, "", "")
    if include_ontology:
        for s, p, o in ontology_statements():
            default.add(s, p, o)
    stated = lexicon_statements(lexicon, lexicon_graph)
    if stated is not None:
        used = {key for rel in relations for key in (rel.subject, rel.object) if key.startswith("concept/")}
        add_concepts(default, stated, used, base)
    add_coined(default, relations, TermText(base).iri)
    return triples


def add_coined(default: GraphSink, relations: Iterable[Relation], iri: Callable[[str], str]) -> None:
    """Methods the notes coin ("FleeceNet: ..." proposes FleeceNet): techniques named by the notes alone."""
    coined = {rel.object: rel.object_label for rel in relations if rel.object_label}
    for key, label in sorted(coined.items()):
        node = iri(key)
        default.add(node, TERMS["type"], NK_TERMS["Technique"])
        default.add(node, TERMS["type"], TERMS["Concept"])
        default.add(node, TERMS["prefLabel"], literal_text(label) + "@en")
        default.add(node, TERMS["label"], literal_text(label))
        default.add(node, TERMS["definition"], _COINED_DEFINITION)


#: What a lexicon states about a subject IRI: (subject, predicate IRI, object), Oxigraph terms.
Stated = Callable[[str], Iterable[tuple[Any, str, Any]]]


def lexicon_statements(lexicon: Lexicon | None, graph: Graph | None) -> Stated | None:
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


def add_concepts(default: GraphSink, stated: Stated, used: set[str], base: str) -> None:
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

    label = TERMS["label"]
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
