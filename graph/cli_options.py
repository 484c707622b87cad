"""What several ``notekg`` commands share: the ``-g/--graph`` option and opening it for SPARQL.

Light on imports, like the command line itself: Oxigraph and the build are imported when used.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, TypeVar

import click

from graph.formats import DEFAULT_GRAPH

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["graph_option", "format_option", "open_store"]

F = TypeVar("F", bound=Callable[..., Any])


def format_option(*choices: str) -> Callable[[F], F]:
    """``--format text|json|csv``: text for people, JSON or CSV rows (graph.views.records) for programs."""
    return click.option("--format", "fmt", type=click.Choice(choices), default="text", show_default=True,
                        help="text for reading, " + " or ".join(choices[1:]) + " for programs.")


def graph_option(function: F) -> F:
    """``-g/--graph PATH``: a built graph (exports/graph.nq) or notes to build on the fly."""
    return click.option(
        "-g",
        "--graph",
        "graph_path",
        type=click.Path(path_type=Path),
        default=DEFAULT_GRAPH,
        show_default=True,
        envvar="NOTEKG_GRAPH",
        help="Built graph (.nq/.trig/.ttl) or notes (.md file or folder) to build on the fly.",
    )(function)


def open_store(graph_path: Path) -> "ox.Store":
    """The graph in an Oxigraph store: a built graph from its store on disk (made on the first
    query, saying so on stderr when that is a terminal; no rdflib: a fast start), notes built
    first."""
    from graph.rdf.disk_store import open_graph_store
    from graph.rdf.read import rdf_file

    file = rdf_file(graph_path)
    if file is not None:
        # Like a progress bar, the word that a first query is indexing is for a terminal only.
        say = (lambda message: click.echo(message, err=True)) if sys.stderr.isatty() else None
        return open_graph_store(file, say=say)
    from graph.knowledge_graph import load_store

    return load_store(graph_path)
