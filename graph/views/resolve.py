"""Find a node by the name a user types: a label, alias, short name, arXiv id or IRI.

One way of matching for every command and view, on the RDF graph (:func:`resolve_node`) or on
the networkx view alone (:func:`resolve_name`): case, spacing and punctuation are ignored, a
plural finds its singular, a unique prefix of four characters or more is enough, and when a name
is shared, papers win over concepts, concepts over topics (:attr:`graph.domain.NodeType.rank`).
When nothing matches, the error suggests the closest names.

Examples
--------
>>> import graph
>>> kg = graph.build(["notes/iccv2019.md"])
>>> resolve_node(kg.rdf, "gated-scnn")
rdflib.term.URIRef('https://w3id.org/notekg/id/paper/arxiv/1907.05740')
>>> resolve_node(kg.rdf, "1904.05049") == resolve_node(kg.rdf, "Drop an Octave: Reducing Spatial Redundancy in Convolutional Neural Networks with Octave Convolution")
True
>>> resolve_node(kg.rdf, "singn")
Traceback (most recent call last):
...
graph.errors.UnknownName: no node named 'singn'; did you mean: SinGAN, InGAN, styling?
>>> resolve_name(kg.nx, "gated-scnn") == str(resolve_node(kg.rdf, "gated-scnn"))
True
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Collection, Hashable, Iterable

from rdflib import RDF, RDFS, SKOS, Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS

from graph.domain import NETWORK_TYPES, NODE_TYPE, NODE_TYPES, most_specific
from graph.errors import UnknownName
from graph.vocab import NK

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "NAME_PROPERTIES",
    "NameIndex",
    "normalise_name",
    "name_index",
    "network_name_index",
    "find_node",
    "resolve_node",
    "resolve_name",
    "node_in_view",
]

#: The properties whose values name a node in the RDF graph.
NAME_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, NK.shortName, DCTERMS.title, NK.arxivId)

# Nodes a user may name: those of the network view, and events.
_NAMED_TYPES = tuple(t for t in NODE_TYPES if t.in_network or t.name == "Event")

_NON_WORD = re.compile(r"[\W_]+")


def normalise_name(name: str) -> str:
    """Case, spacing and punctuation folded away.

    >>> normalise_name("Gated-SCNN:  Gated  Shape"), normalise_name("self attention")
    ('gatedscnngatedshape', 'selfattention')
    """
    return _NON_WORD.sub("", name.casefold())


@dataclass
class NameIndex:
    """Names to nodes: ``names`` maps a normalised name to its nodes, most important first;
    ``types`` gives each node's type; ``display`` a normalised name as the notes write it."""

    names: dict[str, list[Hashable]]
    types: dict[Hashable, str]
    display: dict[str, str]


def _index(named: Iterable[tuple[Hashable, str]], types: dict[Hashable, str], display: dict[str, str]) -> NameIndex:
    found: dict[str, set[Hashable]] = defaultdict(set)
    for node, name in named:
        if node in types:
            found[normalise_name(name)].add(node)
    names = {key: sorted(nodes, key=lambda n: (NODE_TYPE[types[n]].rank, str(n))) for key, nodes in found.items() if key}
    return NameIndex(names, types, display)


def name_index(ds: Graph) -> NameIndex:
    """The names of the RDF graph's papers, concepts, topics, areas and events."""
    classes: dict[Hashable, set[str]] = defaultdict(set)
    for node_type in _NAMED_TYPES:
        for node in ds.subjects(RDF.type, NK[node_type.name]):
            if isinstance(node, URIRef):
                classes[node].add(node_type.name)
    types = {node: str(most_specific(kinds)) for node, kinds in classes.items()}
    named = ((node, str(value)) for prop in NAME_PROPERTIES for node, value in ds.subject_objects(prop))
    display: dict[str, str] = {}
    for prop in (NK.shortName, SKOS.prefLabel, RDFS.label, SKOS.altLabel):
        for _, value in ds.subject_objects(prop):
            display.setdefault(normalise_name(str(value)), str(value))
    return _index(named, types, display)


def network_name_index(G: "nx.Graph") -> NameIndex:
    """The names of the networkx view's nodes: their ``short``, ``label`` and ``aliases``."""
    types = {node: str(kind) for node, kind in G.nodes(data="type") if kind in NODE_TYPE}
    named = []
    display: dict[str, str] = {}
    for node, data in G.nodes(data=True):
        for value in (data.get("short"), data.get("label"), *data.get("aliases", ())):
            if value:
                named.append((node, str(value)))
                display.setdefault(normalise_name(str(value)), str(value))
    return _index(named, types, display)


def find_node(index: NameIndex, name: str, prefer: Collection[str] = ()) -> Hashable:
    """The node ``name`` means in ``index``; among nodes sharing a name, types in ``prefer`` win.

    Raises
    ------
    UnknownName
        When nothing matches (with close names suggested), or a prefix matches several nodes.
    """
    key = normalise_name(name)
    variants = [key, key + "s", key + "es", key.removesuffix("s"), key.removesuffix("es")]
    if key.endswith("y"):
        variants.append(key[:-1] + "ies")
    if key.endswith("ies"):
        variants.append(key[:-3] + "y")
    for variant in variants:
        if variant in index.names:  # "boundary" finds "Boundaries"
            nodes = index.names[variant]
            return min(nodes, key=lambda n: index.types[n] not in prefer) if prefer else nodes[0]
    prefixed = [k for k in index.names if k.startswith(key)] if len(key) >= 4 else []
    starts = {index.names[k][0] for k in prefixed}
    if len(starts) == 1:
        return starts.pop()
    if len(starts) > 1:
        options = sorted({index.display.get(k, k) for k in prefixed})[:5]
        raise UnknownName(f"'{name}' matches {len(starts)} nodes: {', '.join(options)}")
    close = difflib.get_close_matches(key, list(index.names), n=3, cutoff=0.6)
    hint = f"; did you mean: {', '.join(index.display.get(k, k) for k in close)}?" if close else ""
    raise UnknownName(f"no node named '{name}'{hint}")


def resolve_node(ds: Graph, name: str, prefer: Collection[str] = ()) -> URIRef:
    """The node of the RDF graph a user means by ``name``.

    Parameters
    ----------
    ds
        The RDF graph (a Dataset, queried as the union of its graphs).
    name
        A label, alias, short name, arXiv id, full IRI, or a unique prefix of a label.
    prefer
        Node types that win when several nodes share the name (``{"Topic", "Workshop"}``).

    Raises
    ------
    UnknownName
        When nothing matches (with close names suggested), or a prefix matches several nodes.
    """
    if name.startswith(("http://", "https://")) and (URIRef(name), None, None) in ds:
        return URIRef(name)
    return URIRef(str(find_node(name_index(ds), name, prefer)))


def resolve_name(G: "nx.Graph", name: str, prefer: Collection[str] = ()) -> str:
    """The node of a networkx view a user means by ``name`` (its id, label, short name or alias).

    Raises
    ------
    UnknownName
        If nothing matches; the message suggests close names.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("urn:a", label="FCOS: One-Stage", short="FCOS", aliases=["FCOS"], type="Paper")
    >>> resolve_name(G, "fcos")
    'urn:a'
    >>> resolve_name(G, "FOCS")
    Traceback (most recent call last):
    ...
    graph.errors.UnknownName: no node named 'FOCS'; did you mean: FCOS?
    """
    if name in G:
        return name
    return str(find_node(network_name_index(G), name, prefer))


def node_in_view(ds: Dataset | Graph, G: "nx.Graph", name: str, prefer: Collection[str] = ()) -> str:
    """Resolve ``name`` on the RDF graph, as ``notekg show`` does, and return its id in ``G``.

    Parameters
    ----------
    ds
        The RDF graph.
    G
        Its networkx view (:func:`graph.views.network.to_networkx`).
    name
        A label, alias, short name, arXiv id or IRI.
    prefer
        Node types that win when several nodes share the name.

    Raises
    ------
    UnknownName
        If nothing matches, or the node is of a kind the networkx view leaves out (an event,
        a notes file, a remark).
    """
    if name in G:
        return name
    node = resolve_node(ds, name, prefer)
    if str(node) in G:
        return str(node)
    namespace = str(NK._NS)
    kind = most_specific(str(t)[len(namespace):] for t in ds.objects(node, RDF.type) if str(t).startswith(namespace))
    what = f"{'an' if kind and kind[0] in 'AEIOU' else 'a'} {kind}" if kind else "not a paper, topic or concept"
    raise UnknownName(f"'{name}' is {what}: the network view has only {', '.join(NETWORK_TYPES).lower()} nodes")
