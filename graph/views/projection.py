"""The networkx projection of the RDF, made from plain terms: whatever read the RDF.

:func:`project` is the one projection (``docs/data-model.md``) behind both front doors of
:mod:`graph.views.network`: :func:`~graph.views.network.to_networkx` reads an rdflib graph,
:func:`~graph.views.network.network_from_nquads` reads N-Quads with Oxigraph (no rdflib
Dataset: the page of a build needs none). Both hand it triples of plain terms — an IRI is a
``str``, a literal a :class:`Lit`, a blank node a :class:`Blank` — so the two give the same
graph, node ids, attributes and iteration order included.

The projection is two passes: :func:`collect` reads the triples into a :class:`Share` of plain
values, :func:`project_share` makes the network of it (a
:class:`~graph.views.plain_network.PlainNetwork`; networkx is not imported here). Shares of
parts of the graph merge (:func:`merge_shares`) into the share of the whole, so a build with a
cache keeps each named graph's (:mod:`graph.page_cache`) and a build without one collects the
model's statements at once (:func:`graph.views.network.plain_network_from_statements`): the same
network either way.

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
from operator import itemgetter
from typing import Any, Collection, Iterable

from graph.domain import CONFIDENCE_LEVELS, NETWORK_TYPES, NK_NAMESPACE, PREFIXES, RELATION, RELATION_TYPES, most_specific
from graph.views.plain_network import PlainNetwork

__all__ = ["Lit", "Blank", "Share", "collect", "merge_shares", "project", "project_share", "shorten"]

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
# read as numbers or flags, not text (see Share)
_NUMBERS = frozenset({_RATING, _LINE, _STRUCK})

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


class Share:
    """What :func:`project` reads of some triples, as plain Python values: the classes, values
    and edges of each subject, and each evidence statement as one row. Shares of parts of a
    graph merge into the share of the whole (:func:`merge_shares`), so a build keeps each named
    graph's share and projects again without reading the unchanged graphs' N-Quads
    (:func:`graph.views.network.plain_network_from_shares`).

    Only ``str``, ``int``, ``float``, ``bool``, ``None``, ``tuple``, ``set`` and ``dict`` inside: a blank
    node is its label after ``_:`` (no IRI starts so), a literal its text, except the numbers and
    flags read as values (``nk:rating``, ``nk:sourceLine``, ``nk:struck``), kept as those values.
    An evidence statement (typed ``nk:Evidence`` or ``rdf:Statement``, and no node) is kept as the
    row of what the projection reads of it, each field the smallest of its values: rows of one
    statement in several shares merge field by field, as its values would.
    """

    __slots__ = ("types", "values", "edges", "evidence")

    def __init__(self) -> None:
        self.types: dict[str, set[str]] = {}
        self.values: dict[str, dict[str, set[Any]]] = {}
        self.edges: set[tuple[str, str, str]] = set()
        self.evidence: dict[str, tuple[Any, ...]] = {}

    def __getstate__(self) -> tuple[Any, ...]:
        return self.types, self.values, self.edges, self.evidence

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.types, self.values, self.edges, self.evidence = state


#: What an evidence row holds, in order (see :class:`Share`).
_ROW = (_SUBJECT, _PREDICATE, _OBJECT, _LINE, _QUOTE, _RULE, _FIELD, _CONFIDENCE, _PROV_DERIVED)
_NO_ROW = (None,) * len(_ROW)


def _row(vals: dict[str, set[Any]]) -> tuple[Any, ...]:
    return tuple(min(vals[p]) if vals.get(p) else None for p in _ROW)


def _merge_rows(a: tuple[Any, ...], b: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(x if y is None else y if x is None else min(x, y) for x, y in zip(a, b))


def collect(triples: Iterable[tuple[Term, str, Term]]) -> Share:
    """The :class:`Share` of the triples (one pass)."""
    share = Share()
    types, values, edges = share.types, share.values, share.edges
    for s, p, o in triples:
        if type(s) is Blank:
            s = "_:" + s
        elif type(s) is not str:
            s = str.__str__(s)
        if p == _TYPE:
            if o in _CLASSES or o == _EVIDENCE or o == _STATEMENT:
                types.setdefault(s, set()).add(str.__str__(o))
        elif p in VALUE_PREDICATES:
            value = _read_value(p, o)
            if value is not None:
                values.setdefault(s, {}).setdefault(p, set()).add(value)
        elif p in EDGE_PREDICATES:
            if type(o) is str and s != o:
                edges.add((s, p, o))
                if p == _IN_TOPIC:
                    values.setdefault(s, {}).setdefault(p, set()).add(o)
    for s in [s for s, classes in types.items() if _is_evidence(classes) and not classes & _CLASSES.keys()]:
        del types[s]
        share.evidence[s] = _row(values.pop(s, {}))
    return share


def _is_evidence(classes: set[str]) -> bool:
    return _EVIDENCE in classes or _STATEMENT in classes


def _read_value(p: str, o: Term) -> Any:
    """A value as :class:`Share` keeps it: a number or flag for the predicates read so, else text
    (None: a number that does not read, which no step would use)."""
    if p in _NUMBERS:
        try:
            if p == _STRUCK:
                return bool(_value(o))
            if p == _LINE:
                return int(_value(o))
            rating = float(_value(o))
        except (TypeError, ValueError, OverflowError):
            return None
        return int(rating) if rating.is_integer() else rating
    if type(o) is Blank:
        return "_:" + o
    return o if type(o) is str else str.__str__(o)


def merge_shares(shares: Iterable[Share]) -> Share:
    """One share of several: the union of their classes, values and edges.

    The shares are taken over (their sets become the result's): pass shares no one uses after.

    >>> a, b = collect([("urn:x", _LABEL, Lit("A"))]), collect([("urn:x", _LABEL, Lit("B"))])
    >>> sorted(merge_shares([a, b]).values["urn:x"][_LABEL])
    ['A', 'B']
    """
    merged = Share()
    types, values, evidence = merged.types, merged.values, merged.evidence
    edges: set[tuple[str, str, str]] | None = None
    for share in shares:
        for s, classes in share.types.items():
            have = types.get(s)
            if have is None:
                types[s] = classes
            else:
                have |= classes
        for s, by_predicate in share.values.items():
            mine = values.get(s)
            if mine is None:
                values[s] = by_predicate
                continue
            for p, items in by_predicate.items():
                have = mine.get(p)
                if have is None:
                    mine[p] = items
                else:
                    have |= items
        if evidence:
            for s, row in share.evidence.items():
                have_row = evidence.get(s)
                evidence[s] = row if have_row is None else _merge_rows(have_row, row)
        else:
            evidence.update(share.evidence)
        if edges is None:
            edges = share.edges
        else:
            edges |= share.edges
    if edges is not None:
        merged.edges = edges
    return merged


def project(triples: Iterable[tuple[Term, str, Term]]) -> PlainNetwork:
    """The multigraph of the triples (see :func:`graph.views.network.to_networkx`), as a
    :class:`~graph.views.plain_network.PlainNetwork` (``.to_networkx()`` makes it networkx's).

    One pass over the triples, then one over the collected nodes and edges: O(N + E). Nodes
    and edges are inserted in sorted order, so the same RDF gives the same graph whatever the
    order of its triples.
    """
    return project_share(collect(triples))


def project_share(share: Share) -> PlainNetwork:
    """The :class:`~graph.views.plain_network.PlainNetwork` of a :class:`Share` (of the whole
    graph): :func:`project`'s second pass."""
    types, edges = share.types, share.edges
    values: dict[str, dict[str, set[Any]]] = share.values
    no_values: dict[str, set[Any]] = {}

    node_type: dict[str, str] = {}
    kinds: dict[frozenset[str], str | None] = {}  # most nodes share one of a few sets of classes
    for s, classes in types.items():
        if not s.startswith("_:"):
            class_set = frozenset(classes)
            if class_set in kinds:
                kind = kinds[class_set]
            else:
                kind = kinds[class_set] = most_specific(_CLASSES[c] for c in classes if c in _CLASSES)
            if kind is not None:
                node_type[s] = kind

    # The ontology in the graph names the relations; the domain table when it is left out.
    relation_label = {
        p: _first(values.get(p, no_values).get(_LABEL)) or RELATION[_local_name(p)].label for p in _RELATIONS
    }
    evidence = _evidence_index(types, values, share.evidence)

    G = PlainNetwork()
    nodes = sorted(node_type)
    labels = {node: _node_label(node, node_type[node], values.get(node, no_values)) for node in nodes}
    for node in nodes:
        G.add_node_attrs(node, _node_attrs(node, node_type[node], values.get(node, no_values), labels))

    key_of: dict[str, tuple[str, str]] = {}
    rows = []
    for s, p, o in edges:
        if s not in node_type or o not in node_type:
            continue
        named = key_of.get(p)
        if named is None:
            named = key_of[p] = STRUCTURAL[p] if p in STRUCTURAL else (_local_name(p), relation_label[p])
        key, relation = named
        attrs: dict[str, Any] = {"relation": relation, "predicate": p}
        ev = evidence.get((s, p, o))
        if ev:
            attrs.update(ev)
        rows.append((s, o, key, attrs))
    rows.sort(key=itemgetter(0, 1, 2))
    for u, v, key, attrs in rows:
        G.add_edge_attrs(u, v, key, attrs)
    return G


def _first(items: Collection[Any] | None) -> str | None:
    """The smallest value as a plain string (a deterministic choice among several)."""
    if not items:
        return None
    if len(items) == 1:  # most values are said once
        for item in items:
            return item if type(item) is str else str.__str__(item)
    return str.__str__(min(str.__str__(item) for item in items))


def _local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _evidence_index(
    types: dict[str, set[str]], values: dict[str, dict[str, set[Any]]], rows: dict[str, tuple[Any, ...]]
) -> dict[tuple[Any, Any, Any], dict[str, Any]]:
    """Map (subject, predicate, object) to the attributes of its first evidence statement."""
    found: dict[tuple[Any, Any, Any], list[tuple[Any, ...]]] = defaultdict(list)
    statements = dict(rows)
    for node, classes in types.items():  # evidence that is also a node, or typed apart from its values
        if _is_evidence(classes):
            statements[node] = _merge_rows(statements.get(node, _NO_ROW), _row(values.get(node, {})))
    for node, row in rows.items():  # values of a statement said in a share that does not type it
        if node in values and not _is_evidence(types.get(node, set())):
            statements[node] = _merge_rows(row, _row(values[node]))
    for row in statements.values():
        if row[0] is None or row[1] is None or row[2] is None:
            continue
        found[row[:3]].append(evidence_candidate(row))
    return {triple: evidence_attrs(candidates) for triple, candidates in found.items()}


def evidence_candidate(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """An evidence statement's row (see :class:`Share`) as :func:`evidence_attrs` compares them."""
    _, _, _, line, quote, rule, field, confidence, source = row
    return (source or "", line if line is not None else 0, quote or "", rule or "", field or "", line, confidence or "")


def evidence_attrs(candidates: list[tuple[Any, ...]]) -> dict[str, Any]:
    """An edge's evidence attributes: its first statement's (by notes file, line, quote...),
    and the firmest confidence of them all."""
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
    return attrs


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


def _node_label(node: str, kind: str, vals: dict[str, set[Any]]) -> str:
    order = (_LABEL, _TITLE, _PREF) if kind == "Paper" else (_PREF, _LABEL, _TITLE)
    for predicate in order:
        label = _first(vals.get(predicate))
        if label:
            return label
    return _local_name(node).replace("-", " ")


def _node_attrs(node: str, kind: str, vals: dict[str, set[Any]], labels: dict[str, str]) -> dict[str, Any]:
    # called for every node of every page: one lookup per predicate (most nodes have few)
    get = vals.get
    label = labels[node]
    short_name = _first(get(_SHORT_NAME))
    alternatives, titles, in_topics = get(_ALT), get(_TITLE), get(_IN_TOPIC)
    aliases = {str.__str__(a) for a in alternatives} if alternatives else set()
    if short_name:
        aliases.add(short_name)
    if titles:
        for title in titles:
            aliases.add(str.__str__(title))
    aliases.discard(label)
    struck = get(_STRUCK)
    attrs: dict[str, Any] = {
        "type": kind,
        "label": label,
        "short": short_name if short_name else shorten(label),
        "topics": sorted({labels[t] for t in in_topics if t in labels}) if in_topics else [],
        "aliases": sorted(aliases),
        "struck": any(struck) if struck else False,
    }
    ratings = get(_RATING)
    if ratings:
        attrs["rating"] = max(ratings)
    verdict = _first(get(_VERDICT))
    if verdict:
        attrs["verdict"] = verdict
    for name, predicate in (("url", _URL), ("tldr", _TLDR), ("comment", _COMMENT)):
        found = get(predicate)
        if found:
            value = _first(found)
            if value:
                attrs[name] = value
    lines = get(_LINE)
    if lines:
        attrs["line"] = min(lines)
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
