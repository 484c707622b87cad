"""The vocabulary's IRIs as N-Triples text, made once, and the sink a named graph's statements go to.

What the model (:mod:`graph.rdf.quads`) and the default graph's concepts (:mod:`graph.rdf.concepts`)
write statements with.

>>> TERMS["label"], NK_TERMS["Paper"]
('<http://www.w3.org/2000/01/rdf-schema#label>', '<https://w3id.org/notekg/vocab#Paper>')
"""

from __future__ import annotations

from graph.domain import NK_NAMESPACE, PREFIXES
from graph.rdf.term_text import TextTriple

__all__ = ["TERMS", "NK_TERMS", "GraphSink"]


# The vocabulary's IRIs as N-Triples text, made once.
TERMS: dict[str, str] = {name: f"<{PREFIXES[prefix]}{local}>" for name, (prefix, local) in {
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
NK_TERMS: dict[str, str] = {name: f"<{NK_NAMESPACE}{name}>" for name in (
    "Notes", "Event", "Topic", "Workshop", "Paper", "Area", "Evidence", "Note", "TalkNote", "Question",
    "Book", "Technique", "presentedAt", "year", "sourceLine", "comment", "shortName", "unrated", "tldr", "award",
    "arxivId", "videoUrl", "codeUrl", "struck", "attention", "opinion", "text", "kind", "reason",
    "verdict", "rating", "authorList", "venue", "quote", "rule", "field", "confidence", "aspect",
)}


class GraphSink:
    """Collects the triples of one named graph (``add`` on a graph that is not kept does nothing).

    >>> kept, skipped = GraphSink([], "", ""), GraphSink(None, "", "")
    >>> kept.add("<a>", "<b>", "<c>"); skipped.add("<a>", "<b>", "<c>"); kept.triples
    [('<a>', '<b>', '<c>')]
    """

    def __init__(self, triples: list[TextTriple] | None, identifier: str, iri: str):
        self.triples, self.identifier, self.iri = triples, identifier, iri

    def add(self, s: str, p: str, o: str) -> None:
        if self.triples is not None:
            self.triples.append((s, p, o))
