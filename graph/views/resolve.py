"""Find a node by the name a user types: a label, alias, short name, arXiv id or IRI.

Matching ignores case, spacing and punctuation; when nothing matches, the error suggests the
closest names.

Examples
--------
>>> import graph
>>> kg = graph.build(["notes/iccv2019.md"])
>>> resolve_node(kg, "gated-scnn")
rdflib.term.URIRef('https://w3id.org/notekg/id/paper/arxiv/1907.05740')
>>> resolve_node(kg, "1904.05049") == resolve_node(kg, "Drop an Octave: Reducing Spatial Redundancy in Convolutional Neural Networks with Octave Convolution")
True
>>> resolve_node(kg, "singn")
Traceback (most recent call last):
...
graph.errors.UnknownName: no node named 'singn'; did you mean: SinGAN, InGAN, styling?
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, SKOS, Dataset, URIRef
from rdflib.term import Node
from rdflib.namespace import DCTERMS

from graph.errors import UnknownName
from graph.vocab import NK

if TYPE_CHECKING:
    from graph.knowledge_graph import KnowledgeGraph

__all__ = ["resolve_node", "name_index", "normalise_name", "NAME_PROPERTIES"]

#: The properties whose values name a node.
NAME_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, NK.shortName, DCTERMS.title, NK.arxivId)

# Which node wins when a name is shared (a paper's short name and a technique, say).
_TYPE_ORDER = (NK.Paper, NK.Technique, NK.Task, NK.Dataset, NK.Workshop, NK.Topic, NK.Area, NK.Event)

_NON_WORD = re.compile(r"[\W_]+")


def normalise_name(name: str) -> str:
    """Case, spacing and punctuation folded away.

    >>> normalise_name("Gated-SCNN:  Gated  Shape"), normalise_name("self attention")
    ('gatedscnngatedshape', 'selfattention')
    """
    return _NON_WORD.sub("", name.casefold())


def name_index(ds: Dataset) -> dict[str, list[URIRef]]:
    """Normalised name -> nodes having it, most important type first."""
    rank: dict[Node, int] = {}
    for order, cls in enumerate(_TYPE_ORDER):
        for node in ds.subjects(RDF.type, cls):
            rank.setdefault(node, order)
    index: dict[str, set[URIRef]] = defaultdict(set)
    for prop in NAME_PROPERTIES:
        for node, value in ds.subject_objects(prop):
            if isinstance(node, URIRef) and node in rank:
                index[normalise_name(str(value))].add(node)
    return {
        key: sorted(nodes, key=lambda n: (rank[n], str(n))) for key, nodes in index.items() if key
    }


def _display_names(ds: Dataset) -> dict[str, str]:
    names: dict[str, str] = {}
    for prop in (NK.shortName, SKOS.prefLabel, RDFS.label, SKOS.altLabel):
        for _, value in ds.subject_objects(prop):
            names.setdefault(normalise_name(str(value)), str(value))
    return names


def resolve_node(kg: "KnowledgeGraph | Dataset", name: str) -> URIRef:
    """The node a user means by ``name``.

    Parameters
    ----------
    kg
        A built graph (or its RDF dataset).
    name
        A label, alias, short name, arXiv id, full IRI, or a unique prefix of a label.

    Raises
    ------
    UnknownName
        When nothing matches (with close names suggested), or a prefix matches several nodes.
    """
    ds = kg.rdf if hasattr(kg, "rdf") else kg
    if name.startswith(("http://", "https://")) and (URIRef(name), None, None) in ds:
        return URIRef(name)
    index = name_index(ds)
    key = normalise_name(name)
    variants = [key, key + "s", key + "es", key.removesuffix("s"), key.removesuffix("es")]
    if key.endswith("y"):
        variants.append(key[:-1] + "ies")
    if key.endswith("ies"):
        variants.append(key[:-3] + "y")
    for variant in variants:
        if variant in index:  # "boundary" finds "Boundaries"
            return index[variant][0]
    starts = sorted({nodes[0] for k, nodes in index.items() if k.startswith(key)} if len(key) >= 4 else set())
    if len(starts) == 1:
        return starts[0]
    names = _display_names(ds)
    if len(starts) > 1:
        options = sorted({names.get(k, k) for k, nodes in index.items() if k.startswith(key)})[:5]
        raise UnknownName(f"'{name}' matches {len(starts)} nodes: {', '.join(options)}")
    close = difflib.get_close_matches(key, list(index), n=3, cutoff=0.6)
    hint = f"; did you mean: {', '.join(names.get(k, k) for k in close)}?" if close else ""
    raise UnknownName(f"no node named '{name}'{hint}")
