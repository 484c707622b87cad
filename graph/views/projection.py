"""The networkx projection of the RDF, made from plain terms: whatever read the RDF.

:func:`project` is the one projection (``docs/data-model.md``) behind both front doors of
:mod:`graph.views.network`: :func:`~graph.views.network.to_networkx` reads an rdflib graph,
:func:`~graph.views.network.network_from_nquads` reads N-Quads with Oxigraph (no rdflib
Dataset: the page of a build needs none). Both hand it triples of plain terms — an IRI is a
``str``, a literal a :class:`Lit`, a blank node a :class:`Blank` — so the two give the same
graph, node ids, attributes and iteration order included.

Examples
--------
>>> NK = "https://w3id.org/notekg/vocab#"
>>> RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
>>> LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
>>> G = project([("urn:a", RDF_TYPE, NK + "Paper"), ("urn:a", LABEL, Lit("A paper")),
...              ("urn:x/conv", RDF_TYPE, NK + "Technique"), ("urn:a", NK + "uses", "urn:x/conv")])
>>> [(G.nodes[u]["label"], k, G.nodes[v]["label"]) for u, v, k in G.edges(keys=True)]
[('A paper', 'uses', 'conv')]
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable

from graph.domain import CONFIDENCE_LEVELS, NETWORK_TYPES, NK_NAMESPACE, PREFIXES, RELATION, RELATION_TYPES, most_specific
from graph.views.plain_network import PlainNetwork

__all__ = ["Lit", "Blank", "project", "shorten"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCTERMS = "http://purl.org/dc/terms/"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
_PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"

_TYPE = _RDF + "type"
_STATEMENT = _RDF + "Statement"
_SUBJECT, _PREDICATE, _OBJECT = _RDF + "subject", _RDF + "predicate", _RDF + "object"
_LABEL = _RDFS + "label"
_PREF, _ALT, _BROADER, _RELATED = _SKOS + "prefLabel", _SKOS + "altLabel", _SKOS + "broader", _SKOS + "related"
_TITLE, _IN_TOPIC = _DCTERMS + "title", _DCTERMS + "subject"
# IRIs as plain text, from graph.domain (graph.vocab's are rdflib terms: rdflib is not loaded here)
_NK = NK_NAMESPACE
_EVIDENCE = _NK + "Evidence"
_RATING, _VERDICT, _TLDR, _COMMENT = _NK + "rating", _NK + "verdict", _NK + "tldr", _NK + "comment"
_SHORT_NAME, _LINE, _STRUCK = _NK + "shortName", _NK + "sourceLine", _NK + "struck"
_QUOTE, _RULE, _FIELD, _CONFIDENCE = _NK + "quote", _NK + "rule", _NK + "field", _NK + "confidence"
_URL = PREFIXES["schema"] + "url"

_CLASSES: dict[str, str] = {_NK + name: name for name in NETWORK_TYPES}

# Structural edges: predicate -> (edge key, relation label) as fixed by the data model.
STRUCTURAL: dict[str, tuple[str, str]] = {
    _IN_TOPIC: ("subject", "in topic"),
    _BROADER: ("broader", "broader"),
    _RELATED: ("related", "related"),
    _OWL_SAME_AS: ("sameAs", "same as"),
}

_RELATIONS = frozenset(_NK + relation.name for relation in RELATION_TYPES)
EDGE_PREDICATES = _RELATIONS | frozenset(STRUCTURAL)

# Literal-valued properties read for nodes and evidence statements.
VALUE_PREDICATES = frozenset({
    _LABEL, _PREF, _ALT, _TITLE, _RATING, _VERDICT, _TLDR, _COMMENT, _SHORT_NAME, _LINE, _STRUCK,
    _URL, _QUOTE, _RULE, _FIELD, _CONFIDENCE, _SUBJECT, _PREDICATE, _OBJECT, _PROV_DERIVED,
})

#: The predicates :func:`project` reads: a reader may drop every other triple unseen.
READ_PREDICATES = frozenset({_TYPE}) | VALUE_PREDICATES | EDGE_PREDICATES

_SHORT_MAX = 28


class Lit(str):
    """A literal: its lexical form, and its datatype IRI ("" for a plain string)."""

    __slots__ = ("datatype",)
    datatype: str

    def __new__(cls, lexical: str, datatype: str = "") -> "Lit":
        self = super().__new__(cls, lexical)
        self.datatype = datatype
        return self


class Blank(str):
    """A blank node, by its label: never a node of the projection."""

    __slots__ = ()


Term = Any  # str (IRI), Lit or Blank


def project(triples: Iterable[tuple[Term, str, Term]]) -> PlainNetwork:
    """The multigraph of the triples (see :func:`graph.views.network.to_networkx`), as a
    :class:`~graph.views.plain_network.PlainNetwork` (``.to_networkx()`` makes it networkx's).

    One pass over the triples, then one over the collected nodes and edges: O(N + E). Nodes
    and edges are inserted in sorted order, so the same RDF gives the same graph whatever the
    order of its triples.
    """
    types: dict[Term, set[str]] = defaultdict(set)
    values: dict[Term, dict[str, set[Term]]] = defaultdict(lambda: defaultdict(set))
    edges: set[tuple[str, str, str]] = set()
    for s, p, o in triples:
        if p == _TYPE:
            if o in _CLASSES or o == _EVIDENCE or o == _STATEMENT:
                types[s].add(o)
        elif p in VALUE_PREDICATES:
            values[s][p].add(o)
        elif p in EDGE_PREDICATES:
            if type(o) is str and s != o:
                edges.add((s, p, o))
                if p == _IN_TOPIC:
                    values[s][p].add(o)

    node_type: dict[str, str] = {}
    for s, classes in types.items():
        if type(s) is str:
            kind = most_specific(_CLASSES[c] for c in classes if c in _CLASSES)
            if kind is not None:
                node_type[s] = kind

    # The ontology in the graph names the relations; the domain table when it is left out.
    relation_label = {
        p: _first(values[p].get(_LABEL)) or RELATION[_local_name(p)].label for p in _RELATIONS
    }
    evidence = _evidence_index(types, values)

    G = PlainNetwork()
    nodes = sorted(node_type)
    labels = {node: _node_label(node, node_type[node], values.get(node, {})) for node in nodes}
    for node in nodes:
        G.add_node(node, **_node_attrs(node, node_type[node], values.get(node, {}), labels))

    rows = []
    for s, p, o in edges:
        if s not in node_type or o not in node_type:
            continue
        if p in STRUCTURAL:
            key, relation = STRUCTURAL[p]
        else:
            key, relation = _local_name(p), relation_label[p]
        attrs: dict[str, Any] = {"relation": relation, "predicate": p}
        ev = evidence.get((s, p, o))
        if ev:
            attrs.update(ev)
        rows.append((s, o, key, attrs))
    rows.sort(key=lambda row: (row[0], row[1], row[2]))
    for u, v, key, attrs in rows:
        G.add_edge(u, v, key=key, **attrs)
    return G


def _first(items: Iterable[Any] | None) -> str | None:
    """The smallest value as a plain string (a deterministic choice among several)."""
    if not items:
        return None
    return str.__str__(min(str.__str__(item) for item in items))


def _local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _evidence_index(
    types: dict[Term, set[str]], values: dict[Term, dict[str, set[Term]]]
) -> dict[tuple[Any, Any, Any], dict[str, Any]]:
    """Map (subject, predicate, object) to the attributes of its first evidence statement."""
    found: dict[tuple[Any, Any, Any], list[tuple[Any, ...]]] = defaultdict(list)
    for node, classes in types.items():
        if _EVIDENCE not in classes and _STATEMENT not in classes:
            continue
        vals = values.get(node, {})
        s, p, o = (_only(vals.get(k)) for k in (_SUBJECT, _PREDICATE, _OBJECT))
        if s is None or p is None or o is None:
            continue
        line = _int(vals.get(_LINE), min)
        quote = _first(vals.get(_QUOTE))
        rule = _first(vals.get(_RULE))
        field = _first(vals.get(_FIELD))
        confidence = _first(vals.get(_CONFIDENCE))
        source = _first(vals.get(_PROV_DERIVED)) or ""
        found[(s, p, o)].append((source, line if line is not None else 0, quote or "", rule or "", field or "",
                                 line, confidence or ""))
    index = {}
    for triple, candidates in found.items():
        source, _, quote, rule, field, line, _ = min(candidates)
        # Several notes may say the same edge: it is as firm as the firmest of them.
        confidence = min((c[6] for c in candidates if c[6] in CONFIDENCE_LEVELS),
                         key=CONFIDENCE_LEVELS.index, default=None)
        attrs: dict[str, Any] = {}
        if quote:
            attrs["evidence"] = quote
        if rule:
            attrs["rule"] = rule
        if line is not None:
            attrs["line"] = line
        if field:
            attrs["field"] = field
        if confidence:
            attrs["confidence"] = confidence
        index[triple] = attrs
    return index


def _only(items: set[Any] | None) -> Any:
    """One of several terms, the same whatever their order; an IRI only (what an edge has)."""
    if not items:
        return None
    return min(items, key=str.__str__)


_INTEGERS = frozenset(_XSD + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort",
    "unsignedByte",
))


def _value(item: Any) -> Any:
    """A literal's Python value as rdflib's ``toPython`` gives it for the numbers and booleans
    read here; its text otherwise (and for an IRI)."""
    if not isinstance(item, Lit):
        return str.__str__(item)
    text, datatype = str.__str__(item), item.datatype
    try:
        if datatype in _INTEGERS:
            return int(text)
        if datatype == _XSD + "decimal":
            return Decimal(text)
        if datatype in (_XSD + "double", _XSD + "float"):
            return float(text)
    except (ValueError, InvalidOperation):
        return item  # an ill-typed literal, as rdflib keeps it
    if datatype == _XSD + "boolean":
        return text.strip().lower() in ("true", "1")
    return text


def _int(items: Iterable[Any] | None, pick: Any) -> int | None:
    numbers = []
    for item in items or ():
        try:
            numbers.append(int(_value(item)))
        except (TypeError, ValueError):
            continue
    return pick(numbers) if numbers else None


def _number(items: Iterable[Any] | None, pick: Any) -> int | float | None:
    """A rating on 0–10: an int when whole (as most are), else a float (4.5/5 is 9, 2/3 is 6.67)."""
    numbers: list[int | float] = []
    for item in items or ():
        try:
            value = float(_value(item))
        except (TypeError, ValueError):
            continue
        numbers.append(int(value) if value.is_integer() else value)
    return pick(numbers) if numbers else None


def _node_label(node: str, kind: str, vals: dict[str, set[Any]]) -> str:
    order = (_LABEL, _TITLE, _PREF) if kind == "Paper" else (_PREF, _LABEL, _TITLE)
    for predicate in order:
        label = _first(vals.get(predicate))
        if label:
            return label
    return _local_name(node).replace("-", " ")


def _node_attrs(node: str, kind: str, vals: dict[str, set[Any]], labels: dict[str, str]) -> dict[str, Any]:
    label = labels[node]
    short_name = _first(vals.get(_SHORT_NAME))
    aliases = {str.__str__(a) for a in vals.get(_ALT, ())}
    if short_name:
        aliases.add(short_name)
    for title in vals.get(_TITLE, ()):
        aliases.add(str.__str__(title))
    aliases.discard(label)
    topics = sorted({labels[t] for t in vals.get(_IN_TOPIC, ()) if t in labels})
    attrs: dict[str, Any] = {
        "type": kind,
        "label": label,
        "short": short_name if short_name else shorten(label),
        "topics": topics,
        "aliases": sorted(aliases),
        "struck": any(bool(_value(v)) for v in vals.get(_STRUCK, ())),
    }
    rating = _number(vals.get(_RATING), max)
    if rating is not None:
        attrs["rating"] = rating
    verdict = _first(vals.get(_VERDICT))
    if verdict:
        attrs["verdict"] = verdict
    for name, predicate in (("url", _URL), ("tldr", _TLDR), ("comment", _COMMENT)):
        value = _first(vals.get(predicate))
        if value:
            attrs[name] = value
    line = _int(vals.get(_LINE), min)
    if line is not None:
        attrs["line"] = line
    return attrs


def shorten(label: str, limit: int = _SHORT_MAX) -> str:
    """A display label: the name before a title's colon, or the label cut at a word.

    >>> shorten("FCOS: Fully Convolutional One-Stage Object Detection")
    'FCOS'
    >>> shorten("Exploring Randomly Wired Neural Networks for Image Recognition")
    'Exploring Randomly Wired…'
    """
    label = " ".join(label.split())
    head, colon, _ = label.partition(":")
    if colon and 0 < len(head) <= limit:
        return head
    if len(label) <= limit:
        return label
    cut = label[:limit].rsplit(" ", 1)[0].rstrip(" ,;-")
    return (cut or label[:limit]) + "…"
