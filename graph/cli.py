"""The ``notekg`` command line: thin wrappers over the library, one command per job."""

import sys
from pathlib import Path

import click

from .build import DEFAULT_NOTES, DEFAULT_OUTPUT, build_graph, load_graph
from .errors import NotekgError
from .notes import find_notes_files
from .stats import format_stats, graph_stats
from .vocab import DEFAULT_BASE

__all__ = ["cli"]


class _Group(click.Group):
    """A group that turns library errors into one ``Error:`` line and exit 1."""

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except NotekgError as e:
            raise click.ClickException(str(e)) from None


@click.group(cls=_Group)
@click.version_option(package_name="notekg")
def cli():
    """Turn markdown paper notes into a knowledge graph you can query, export and explore.

    Example:

    \b
        notekg build notes/ -o exports/
    """


def graph_option(function):  # type: ignore[no-untyped-def]
    """``-g/--graph PATH``: a built graph (exports/graph.nq) or notes to build on the fly."""
    return click.option(
        "-g",
        "--graph",
        "graph_path",
        type=click.Path(path_type=Path),
        default=DEFAULT_OUTPUT / "graph.nq",
        show_default=True,
        envvar="NOTEKG_GRAPH",
        help="Built graph (.nq/.trig/.ttl) or notes (.md file or folder) to build on the fly.",
    )(function)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path),
    default=DEFAULT_OUTPUT, show_default=True, help="Folder to write graph.ttl and graph.nq into.",
)
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Namespace for data IRIs.")
@click.option("--vocab", multiple=True, type=click.Path(path_type=Path),
              help="Extra lexicon file (SKOS Turtle); repeat for several.")
@click.option("--event", help='The event the notes come from, e.g. "ICCV 2019".')
def build(paths, output, base, vocab, event):
    """Build the knowledge graph from notes files or folders (default: notes/).

    Writes graph.ttl (Turtle, for reading) and graph.nq (N-Quads with one named
    graph per notes file, for tools and the other commands) into the output folder.

    Example:

    \b
        notekg build notes/ -o exports/
    """
    files = find_notes_files(paths or [DEFAULT_NOTES])
    size = sum(f.stat().st_size for f in files)
    # Only a build that takes more than a moment gets a progress bar (on stderr).
    show_bar = size > 2_000_000 or len(files) > 20
    with click.progressbar(
        length=len(files) + 2, label="Building", file=sys.stderr, hidden=not show_bar
    ) as bar:
        kg = build_graph(files, base=base, vocab=vocab, event=event,
                         progress=lambda message: bar.update(1))
        written = kg.write(output)
    papers = len(set(p for n in kg.notes for p in n.papers))
    click.echo(f"{len(kg.rdf)} triples from {len(files)} notes file(s), {papers} papers")
    for path in written:
        click.echo(f"  wrote {path}")


@cli.command()
@graph_option
def stats(graph_path):
    """Count the graph's nodes by type and its edges by relation.

    Example:

    \b
        notekg stats
        notekg stats --graph notes/iccv2019.md
    """
    click.echo(format_stats(graph_stats(load_graph(graph_path).rdf)))
