"""notekg: markdown paper notes as a knowledge graph you can query, export and explore.

>>> import graph
>>> kg = graph.build(["notes/iccv2019.md"])
>>> len(kg.notes[0].papers)
123
>>> [row["title"] for row in kg.query(
...     "SELECT ?title WHERE { ?p nk:award ?a ; dcterms:title ?title }").dicts()]
['SinGAN: Learning a Generative Model from a Single Natural Image']
"""

from graph.knowledge_graph import KnowledgeGraph, build_graph, load_graph
from graph.errors import *  # noqa: F401,F403
from graph.errors import __all__ as _errors
from graph.views.export import export_graph, serialize_graph
from graph.extract.lexicon import load_lexicon
from graph.views.network import to_networkx
from graph.parse.notes import parse_notes, parse_text
from graph.views.page import write_page
from graph.views.query import run_query
from graph.views.show import format_card, node_card
from graph.views.validate import validate_graph
from graph.vocab import NK

#: ``from graph import build`` — the design's name for :func:`build_graph`.
build = build_graph

__all__ = [
    "build",
    "build_graph",
    "load_graph",
    "KnowledgeGraph",
    "parse_notes",
    "parse_text",
    "load_lexicon",
    "to_networkx",
    "run_query",
    "export_graph",
    "serialize_graph",
    "validate_graph",
    "write_page",
    "node_card",
    "format_card",
    "NK",
    *_errors,
]
