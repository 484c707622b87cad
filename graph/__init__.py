"""notekg: markdown paper notes as a knowledge graph you can query, export and explore.

>>> import graph
>>> kg = graph.build(["notes/iccv2019.md"])    # doctest: +SKIP
>>> kg.rdf, kg.nx, kg.query("SELECT ...")       # doctest: +SKIP
"""

from .build import KnowledgeGraph, build_graph, load_graph
from .errors import *  # noqa: F401,F403
from .errors import __all__ as _errors
from .notes import parse_notes, parse_text
from .vocab import NK

#: ``from graph import build`` — the design's name for :func:`build_graph`.
build = build_graph

__all__ = [
    "build",
    "build_graph",
    "load_graph",
    "KnowledgeGraph",
    "parse_notes",
    "parse_text",
    "NK",
    *_errors,
]
