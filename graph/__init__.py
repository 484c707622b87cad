"""notekg: markdown paper notes as a knowledge graph you can query, export and explore.

The names below load on first use (PEP 562), so ``import graph`` is instant and a command
imports only the stages it runs.

>>> import graph
>>> kg = graph.build(["notes/iccv2019.md"])
>>> len(kg.notes[0].papers)
123
>>> [row["title"] for row in kg.query(
...     "SELECT ?title WHERE { ?p nk:award ?a ; dcterms:title ?title }").dicts()]
['SinGAN: Learning a Generative Model from a Single Natural Image']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from graph.errors import *  # noqa: F401,F403
from graph.errors import __all__ as _errors

if TYPE_CHECKING:
    from graph.extract.lexicon_files import load_lexicon
    from graph.knowledge_graph import KnowledgeGraph, build_graph, load_graph, load_store
    from graph.parse.notes import parse_notes, parse_text
    from graph.views.export import export_graph, serialize_graph
    from graph.views.network import to_networkx
    from graph.views.page import write_page
    from graph.views.show import format_card, node_card
    from graph.views.sparql import run_query
    from graph.views.validate import validate_graph
    from graph.vocab import NK

    build = build_graph

#: Where each public name lives.
_LAZY = {
    "build": ("graph.knowledge_graph", "build_graph"),
    "build_graph": ("graph.knowledge_graph", "build_graph"),
    "load_graph": ("graph.knowledge_graph", "load_graph"),
    "load_store": ("graph.knowledge_graph", "load_store"),
    "KnowledgeGraph": ("graph.knowledge_graph", "KnowledgeGraph"),
    "parse_notes": ("graph.parse.notes", "parse_notes"),
    "parse_text": ("graph.parse.notes", "parse_text"),
    "load_lexicon": ("graph.extract.lexicon_files", "load_lexicon"),
    "to_networkx": ("graph.views.network", "to_networkx"),
    "run_query": ("graph.views.sparql", "run_query"),
    "export_graph": ("graph.views.export", "export_graph"),
    "serialize_graph": ("graph.views.export", "serialize_graph"),
    "validate_graph": ("graph.views.validate", "validate_graph"),
    "write_page": ("graph.views.page", "write_page"),
    "node_card": ("graph.views.show", "node_card"),
    "format_card": ("graph.views.show", "format_card"),
    "NK": ("graph.vocab", "NK"),
}

__all__ = [*_LAZY, *_errors]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'graph' has no attribute {name!r}")
    module, attribute = _LAZY[name]
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value  # the next access is a plain lookup
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
