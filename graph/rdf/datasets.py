"""The model as rdflib terms: datasets and quads for the commands that want rdflib.

The build never needs them (it writes :mod:`graph.rdf.quads`' N-Triples text as it is); rdflib
(0.1 s to import) is loaded only when one of these is called.

>>> from graph.parse.notes import parse_text
>>> from graph.extract.facts import extract_facts
>>> facts = extract_facts([parse_text("## GANs\\n- [9/10] [SinGAN: One image](https://arxiv.org/abs/1905.01164)\\n", "a.md")])
>>> ds = facts_to_rdf(facts)
>>> from rdflib import URIRef
>>> from graph.vocab import NK
>>> paper = URIRef(DEFAULT_BASE + "paper/arxiv/1905.01164")
>>> print(ds.value(paper, NK.rating), ds.value(paper, NK.shortName))
9 SinGAN
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Optional

from graph.domain import DEFAULT_BASE, PREFIXES
from graph.extract.facts import Facts
from graph.rdf.quads import model_statements
from graph.rdf.term_text import rdflib_quads

if TYPE_CHECKING:
    from rdflib import Dataset, Graph, URIRef
    from rdflib.term import Node

__all__ = ["facts_to_rdf", "model_quads", "quads_to_dataset", "Quad", "new_dataset", "default_graph"]


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
