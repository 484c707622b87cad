"""A node's card: what it is, what the notes say of it, and every relation with its evidence.

Examples
--------
>>> import graph
>>> kg = graph.build(["notes/iccv2019.md"])
>>> print(format_card(node_card(kg.rdf, "gated-scnn")).splitlines()[0])
Gated-SCNN: Gated Shape CNN for Semantic Segmentation
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, SKOS, Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV
from rdflib.term import Node

from graph.domain import RELATION_TYPES, most_specific
from graph.views.resolve import resolve_node
from graph.vocab import NK, PREFIXES, RELATIONS, SCHEMA

__all__ = ["Card", "Edge", "node_card", "format_card"]

# How an incoming relation reads from its object's side (skos:related links topics).
_INVERSE = {**{r.name: r.inverse for r in RELATION_TYPES}, "related": "related topics"}


# Groups that list neighbours rather than state a relation.
_LISTS = ("papers", "narrower", "same as")


@dataclass(frozen=True)
class Edge:
    """One relation as the card shows it."""

    relation: str
    other: str
    other_iri: str
    evidence: str | None = None
    line: int | None = None
    aspect: str | None = None
    confidence: str | None = None  # explicit, mention or heading


@dataclass
class Card:
    """Everything ``notekg show`` prints about a node."""

    iri: str
    type: str
    label: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


def _label(ds: Graph, node: Node) -> str:
    for prop in (NK.shortName, SKOS.prefLabel, RDFS.label, DCTERMS.title):
        value = ds.value(node, prop)
        if value is not None:
            return str(value)
    return str(node).rsplit("/", 1)[-1]


def _number_text(value: float) -> str:
    """9.0 -> "9", 6.67 -> "6.67"."""
    return str(int(value)) if value.is_integer() else str(value)


def _written_rating(ds: Graph, rating: Node) -> str | None:
    """A rating as the notes wrote it, when not already out of 10: "★★★★☆ (4 of 5)"."""
    value, best = ds.value(rating, SCHEMA.ratingValue), ds.value(rating, SCHEMA.bestRating)
    if value is None or (best is not None and float(str(best)) == 10):
        return None
    scale = f" of {_number_text(float(str(best)))}" if best is not None else ", no scale"
    return f"{ds.value(rating, RDFS.label)} ({_number_text(float(str(value)))}{scale})"


def _full_label(ds: Graph, node: Node) -> str:
    for prop in (DCTERMS.title, SKOS.prefLabel, RDFS.label):
        value = ds.value(node, prop)
        if value is not None:
            return str(value)
    return _label(ds, node)


def _local(term: Node) -> str:
    text = str(term)
    for sep in ("#", "/"):
        text = text.rsplit(sep, 1)[-1]
    return text


def _type_of(ds: Graph, node: Node) -> str:
    types = {_local(t) for t in ds.objects(node, RDF.type) if str(t).startswith(PREFIXES["nk"])}
    return most_specific(types) or "Thing"


_EvidenceText = tuple[str | None, int | None, str | None, str | None]  # words, line, aspect, confidence
_NO_EVIDENCE: _EvidenceText = (None, None, None, None)


def _evidence(ds: Graph, s: Node, p: Node, o: Node) -> list[_EvidenceText]:
    found: list[_EvidenceText] = []
    for statement in ds.subjects(RDF.subject, s):
        if (statement, RDF.predicate, p) in ds and (statement, RDF.object, o) in ds:
            field_ = ds.value(statement, NK.field)
            quote = ds.value(statement, NK.quote)
            line = ds.value(statement, NK.sourceLine)
            aspect = ds.value(statement, NK.aspect)
            confidence = ds.value(statement, NK.confidence)
            where = str(field_) if field_ is not None else "text"
            text = f'{where} "{quote}"' if quote is not None else where
            found.append((text, int(str(line)) if line is not None else None,
                          str(aspect) if aspect is not None else None,
                          str(confidence) if confidence is not None else None))
    return sorted(found, key=lambda e: (e[1] or 0, e[0] or ""))


def node_card(ds: Dataset | Graph, name: str) -> Card:
    """Build the card of the node ``name`` resolves to (see :func:`graph.views.resolve.resolve_node`).

    Parameters
    ----------
    ds
        The RDF graph (``kg.rdf``).
    name
        A label, alias, short name, arXiv id or IRI.

    Raises
    ------
    UnknownName
        If no node has that name (close names are suggested).
    """
    node = resolve_node(ds, name)
    kind = _type_of(ds, node)
    card = Card(str(node), kind, _full_label(ds, node))
    add = card.fields.append

    add(("type", kind))
    aliases = sorted({str(v) for p in (NK.shortName, SKOS.altLabel) for v in ds.objects(node, p)} - {card.label})
    if aliases:
        add(("aliases", ", ".join(aliases)))
    ratings = sorted({float(str(v)) for v in ds.objects(node, NK.rating)})
    if ratings:
        add(("rating", ", ".join(f"{_number_text(r)}/10" for r in ratings)))
    elif ds.value(node, NK.unrated) is not None:
        add(("rating", "unrated (???)"))
    written = sorted(filter(None, (_written_rating(ds, r) for r in ds.objects(node, SCHEMA.reviewRating))))
    if written:
        add(("as written", ", ".join(written)))
    for prop, name_ in ((NK.verdict, "verdict"), (NK.authorList, "authors"), (NK.venue, "venue"),
                        (SCHEMA.datePublished, "year")):
        values = sorted({str(v) for v in ds.objects(node, prop)})
        if values:
            add((name_, ", ".join(values)))
    for prop, name_ in ((NK.award, "award"), (NK.tldr, "tl;dr"), (NK.comment, "comment"),
                        (NK.attention, "attention"), (NK.opinion, "opinion"), (NK.text, "text"),
                        (SKOS.definition, "definition")):
        for value in sorted({str(v) for v in ds.objects(node, prop)}):
            add((name_, value))
    for prop, name_ in ((SCHEMA.url, "link"), (NK.videoUrl, "video"), (NK.codeUrl, "code"),
                        (SKOS.exactMatch, "same as")):
        for value in sorted({str(v) for v in ds.objects(node, prop)}):
            add((name_, value))
    if ds.value(node, NK.struck) is not None:
        add(("struck", "yes (struck through in the notes)"))
    topics = sorted({_topic_path(ds, t) for t in ds.objects(node, DCTERMS.subject)})
    if topics:
        add(("topics", "; ".join(topics)))
    broader = sorted({_label(ds, t) for t in ds.objects(node, SKOS.broader)})
    if broader:
        add(("broader", ", ".join(broader)))
    places = sorted(
        {(str(ds.value(f, SCHEMA.name) or _label(ds, f)), int(str(line))) for f in ds.objects(node, PROV.wasDerivedFrom)
         for line in ds.objects(node, NK.sourceLine)}
    )
    if places:
        add(("noted", "; ".join(f"{f} line {line}" for f, line in places)))

    card.edges = _edges(ds, node, kind)
    return card


def _topic_path(ds: Graph, topic: Node) -> str:
    parts = [_label(ds, topic)]
    seen = {topic}
    parent = ds.value(topic, SKOS.broader)
    while parent is not None and parent not in seen:
        seen.add(parent)
        parts.append(_label(ds, parent))
        parent = ds.value(parent, SKOS.broader)
    return " › ".join(reversed(parts))


def _edges(ds: Graph, node: URIRef, kind: str) -> list[Edge]:
    edges: list[Edge] = []
    relation_props = set(RELATIONS) | {SKOS.related}
    for p in sorted(relation_props):
        name = _local(p)
        for o in ds.objects(node, p):
            for text, line, aspect, confidence in _evidence(ds, node, p, o) or [_NO_EVIDENCE]:
                edges.append(Edge(name, _label(ds, o), str(o), text, line, aspect, confidence))
        for s in ds.subjects(p, node):
            if (s, RDF.type, NK.Evidence) in ds:
                continue
            for text, line, aspect, confidence in _evidence(ds, s, p, node) or [_NO_EVIDENCE]:
                edges.append(Edge(_INVERSE.get(name, name + " (from)"), _label(ds, s), str(s), text, line,
                                  aspect, confidence))
    for s in ds.subjects(DCTERMS.subject, node):
        if (s, RDF.type, NK.Paper) in ds:
            rating = ds.value(s, NK.rating)
            rated = f" ({_number_text(float(str(rating)))}/10)" if rating is not None else ""
            edges.append(Edge("papers", _label(ds, s) + rated, str(s)))
    for s in ds.subjects(SKOS.broader, node):
        if (s, RDF.type, NK.Topic) in ds or (s, RDF.type, SKOS.Concept) in ds:
            edges.append(Edge("narrower", _label(ds, s), str(s)))
    for other in {*ds.objects(node, OWL.sameAs), *ds.subjects(OWL.sameAs, node)}:
        edges.append(Edge("same as", _full_label(ds, other), str(other)))
    order = {name: i for i, name in enumerate(
        [*(r.name for r in RELATION_TYPES), "related", *(_INVERSE.values()), "papers", "narrower", "same as"])}
    unique = sorted(set(edges), key=lambda e: (order.get(e.relation, 99), e.other.casefold(), e.line or 0))
    return unique


def format_card(card: Card) -> str:
    """The card as text: a title line, aligned fields, then relations grouped by kind.

    Each relation line reads ``uses Boundaries — heading "Make use of boundaries" (line 80, heading)``:
    the words, their line and how firmly they say it (explicit, mention or heading).
    """
    lines = [card.label, "=" * min(len(card.label), 80)]
    width = max((len(k) for k, _ in card.fields), default=0)
    for key, value in card.fields:
        lines.append(f"{key:<{width}}  {value}")
    groups: dict[str, list[Edge]] = defaultdict(list)
    for edge in card.edges:
        groups[edge.relation].append(edge)
    for relation, edges in groups.items():
        lines.append("")
        lines.append(f"{relation} ({len(edges)})")
        for edge in edges:
            text = f"  {edge.other}" if relation in _LISTS else f"  {relation} {edge.other}"
            if edge.aspect:
                text += f" [{edge.aspect}]"
            if edge.evidence:
                text += f" — {edge.evidence}"
            where = [f"line {edge.line}"] if edge.line else []
            where += [edge.confidence] if edge.confidence else []
            if where:
                text += f" ({', '.join(where)})"
            lines.append(text)
    return "\n".join(lines)
