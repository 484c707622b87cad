"""The ``notekg`` command line: thin wrappers over the library, one command per job.

Each command imports the modules it uses when it runs, so that ``notekg --help`` loads no RDF or
graph library and ``notekg query`` on a built graph loads Oxigraph only (see bench/bench_startup.py).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import click

from graph.atomic import check_output_file, write_output
from graph.cli_errors import NotekgGroup
from graph.cli_options import format_option, graph_option, open_store
from graph.cli_build import build, watch
from graph.cli_share import push, serve
from graph.domain import NETWORK_TYPES
from graph.errors import NotekgError
from graph.formats import DEFAULT_NOTES, DEFAULT_OUTPUT, EXPORT_FORMATS, RESULT_FORMATS

if TYPE_CHECKING:
    from graph.views.results import QueryResult

__all__ = ["cli"]


def _check_base(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from graph.rdf.safe_terms import check_base  # loads rdflib: only for commands that take --base

    try:
        return check_base(value)
    except NotekgError as e:
        raise click.BadParameter(str(e).removeprefix("--base "), ctx=ctx, param=param) from None


@click.group(cls=NotekgGroup)
@click.version_option(package_name="notekg")
@click.option("--debug", is_flag=True, expose_value=False,
              help="Show the traceback of an unexpected error (also accepted after the command).")
def cli() -> None:
    """Turn markdown paper notes into a knowledge graph you can query, export and explore.

    Example:

    \b
        notekg build notes/ -o exports/
    """


# Sharing the graph: push into a SPARQL store, serve it over HTTP (graph/cli_share.py).
cli.add_command(push)
cli.add_command(serve)
# Building: once, or again on every save (graph/cli_build.py).
cli.add_command(build)
cli.add_command(watch)


def _echo_records(fmt: str, text: Callable[[], str], records: Callable[[], Any]) -> None:
    """Print the text, or the records as JSON or CSV."""
    from graph.views.records import as_csv, as_json

    if fmt == "text":
        click.echo(text())
    elif fmt == "json":
        click.echo(as_json(records()))
    else:
        click.echo(as_csv(records()), nl=False)


@cli.command()
@format_option("text", "json", "csv")
@graph_option
def stats(fmt: str, graph_path: Path) -> None:
    """Count the graph's nodes by type and its edges by relation.

    Example:

    \b
        notekg stats
        notekg stats --graph notes/iccv2019.md
    """
    from graph.knowledge_graph import load_graph
    from graph.views.records import stats_records
    from graph.views.stats import format_stats, graph_stats

    counts = graph_stats(load_graph(graph_path).rdf)
    _echo_records(fmt, lambda: format_stats(counts), lambda: stats_records(counts))


@cli.command()
@click.argument("name")
@format_option("text", "json")
@graph_option
def show(name: str, fmt: str, graph_path: Path) -> None:
    """Print a node's card: type, labels, rating, tl;dr, links, topics, and every relation with its evidence.

    NAME is a title, label, alias or short name (case-insensitive), an arXiv id or an IRI.

    Example:

    \b
        notekg show Gated-SCNN
        notekg show "octave convolution"
    """
    from graph.knowledge_graph import load_graph
    from graph.views.records import card_record
    from graph.views.show import format_card, node_card

    card = node_card(load_graph(graph_path).rdf, name)
    _echo_records(fmt, lambda: format_card(card), lambda: card_record(card))


# --- RDF, SPARQL and SHACL: query, queries, validate, export ---------------------------------


class _QuerySyntaxExit(click.ClickException):
    """A SPARQL syntax error: one ``Error:`` line, exit 2 like a usage error."""

    exit_code = 2


def _params(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    from graph.views.sparql import check_param, split_param

    try:
        params = dict(split_param(value) for value in values)
        for value in params.values():
            check_param(value)
        return params
    except NotekgError as e:
        raise click.BadParameter(str(e), ctx=ctx, param=param) from None


@cli.command()
@click.argument("query", required=False, metavar="NAME_OR_FILE")
@click.option("-e", "--expression", metavar="SPARQL", help="Run this SPARQL text instead of a file.")
@graph_option
@click.option(
    "-f", "--format", "fmt", type=click.Choice(RESULT_FORMATS),
    help="Output format [default: table on a terminal, tsv when piped].",
)
@click.option(
    "-p", "--param", "params", multiple=True, metavar="NAME=VALUE", callback=_params,
    help="Bind ?NAME: <iri>, nk:Term / id:path, 42, 4.5, true, or text. Repeatable.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path, allow_dash=True), default="-",
              help="File to write the results to, atomically (default: stdout).")
@click.option("--endpoint", metavar="URL",
              help="Ask this SPARQL endpoint (e.g. http://127.0.0.1:7878/query) instead of the local graph.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="Stop the query after this long [default: no limit; 60 with --endpoint].")
@click.option("--limit", type=click.IntRange(min=0), metavar="ROWS",
              help="Print at most this many rows (a note on stderr says when rows were left out).")
@click.option("--allow-service", is_flag=True, help="Let SERVICE send parts of the query to other endpoints.")
@click.pass_context
def query(ctx: click.Context, query: str | None, expression: str | None, graph_path: Path, fmt: str | None,
          params: dict[str, str], output: Path, endpoint: str | None, timeout: float | None,
          limit: int | None, allow_service: bool) -> None:
    """Run a SPARQL query (a named query, a .rq file, or -e TEXT) on Oxigraph.

    The prefixes nk rdf rdfs owl xsd skos dcterms schema prov are predeclared.
    SELECT prints rows, ASK prints true/false (exit 1 when false), CONSTRUCT and
    DESCRIBE print Turtle. `notekg queries` lists the named queries. SERVICE
    (a call to another endpoint) is refused unless --allow-service is given.

    With --endpoint the query goes to a SPARQL 1.1 endpoint instead, its PREFIX
    lines and parameters written into the text; the named queries expect the
    store to query the union of its named graphs (see `notekg push --help`).

    Example:

    \b
        notekg query top-rated
        notekg query evidence --param predicate=nk:replaces
        notekg query -e 'SELECT ?title WHERE { ?p a nk:Paper ; nk:rating 10 ; rdfs:label ?title }'
        notekg query top-rated --endpoint http://127.0.0.1:7878/query
    """
    from graph.views.catalogue import read_query
    from graph.views.results import format_result
    from graph.views.sparql import QuerySyntaxError

    if (query is None) == (expression is None):
        raise click.UsageError("give a named query or a .rq file, or -e 'SPARQL' (exactly one)")
    sparql = expression if expression is not None else read_query(str(query))
    source = "-e" if expression is not None else query
    if str(output) != "-":
        check_output_file(output, example_name="result.tsv")
    try:
        if endpoint is not None:
            result = _remote_query(ctx, endpoint, sparql, params, timeout, limit, allow_service)
        else:
            result = _local_query(graph_path, sparql, params, timeout, limit, allow_service)
    except QuerySyntaxError as e:
        raise _QuerySyntaxExit(f"{source}: {e}") from None
    to_stdout = str(output) == "-"
    if fmt is None:
        fmt = "table" if to_stdout and sys.stdout.isatty() else "tsv"
    write_output(format_result(result, fmt), sys.stdout if to_stdout else output, example_name="result.tsv")
    if result.truncated:
        click.echo(f"(only the first {limit} {'triples' if result.kind == 'graph' else 'rows'}: --limit {limit})",
                   err=True)
    if result.kind == "ask" and not result.boolean:
        ctx.exit(1)


def _remote_query(ctx: click.Context, endpoint: str, sparql: str, params: dict[str, str], timeout: float | None,
                  limit: int | None, allow_service: bool) -> "QueryResult":
    from graph.views.endpoint import DEFAULT_TIMEOUT, query_endpoint

    if ctx.get_parameter_source("graph_path") == click.core.ParameterSource.COMMANDLINE:
        raise click.UsageError("--graph and --endpoint exclude each other: the query runs on one or the other")
    if allow_service:
        raise click.UsageError("--allow-service is for the local graph; the endpoint decides about SERVICE")
    return query_endpoint(endpoint, sparql, params, timeout=timeout or DEFAULT_TIMEOUT, limit=limit)


def _local_query(graph_path: Path, sparql: str, params: dict[str, str], timeout: float | None,
                 limit: int | None, allow_service: bool) -> "QueryResult":
    from graph.views.sparql import refuse_by_text, run_query

    refuse_by_text(sparql, allow_service=allow_service)  # before the graph is opened, maybe indexed
    store = open_store(graph_path)
    if timeout is None:
        return run_query(store, sparql, params, allow_service=allow_service, limit=limit)
    from graph.views.isolated import run_isolated

    return run_isolated(store, sparql, params, timeout=timeout, limit=limit, allow_service=allow_service)


@cli.command()
def queries() -> None:
    """List the named queries (queries/*.rq) with what each answers and its parameters.

    Example:

    \b
        notekg queries
        notekg query top-rated
    """
    from graph.views.catalogue import list_queries

    named = list_queries()
    width = max((len(q.name) for q in named), default=0)
    for q in named:
        params = f" (--param {', '.join(name for name, _ in q.params)})" if q.params else ""
        click.echo(f"{q.name.ljust(width)}  {q.description}{params}")


@cli.command()
@graph_option
@click.pass_context
def validate(ctx: click.Context, graph_path: Path) -> None:
    """Check the graph against notekg's SHACL shapes (papers, topics, relations, evidence).

    Prints one summary line and exits 0 when the graph conforms; otherwise lists
    each violation (node, property, message) and exits 1.

    Example:

    \b
        notekg validate
        notekg validate --graph notes/iccv2019.md
    """
    from graph.knowledge_graph import load_graph
    from graph.views.validate import validate_graph

    report = validate_graph(load_graph(graph_path).rdf)
    if report.conforms:
        click.echo(report.summary())
        return
    click.echo(report.text(), nl=False)
    ctx.exit(1)


@cli.command()
@click.option(
    "-f", "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="ttl", show_default=True,
    help="RDF (ttl nt nq trig jsonld xml) or network view (graphml gexf json csv html).",
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, allow_dash=True), default="-",
    help="File to write (a folder for csv); written atomically. Default: stdout.",
)
@graph_option
@click.option("--focus", metavar="NAME", help="html: only nodes near this paper, topic or technique.")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True,
              help="html: hops around --focus.")
@click.option("--topic", metavar="NAME", help="html: only this topic, its subtopics and their papers.")
@click.option("--min-rating", type=click.IntRange(0, 10), help="html: leave out papers rated lower.")
def export(fmt: str, output: Path, graph_path: Path, focus: str | None, depth: int, topic: str | None,
           min_rating: int | None) -> None:
    """Export the graph as RDF (named graphs kept in nq, trig, jsonld) or as a network file.

    Every RDF export is deterministic and re-parses to the same graph. Network
    formats are views of the networkx projection; html is the interactive page.

    Example:

    \b
        notekg export --format trig -o exports/graph.trig
        notekg export --format jsonld > graph.jsonld
        notekg export --format html --focus Gated-SCNN --depth 2 -o gated.html
    """
    from graph.knowledge_graph import load_graph

    options = {"focus": focus, "topic": topic, "min_rating": min_rating}
    if fmt != "html" and any(value is not None for value in options.values()):
        raise click.UsageError("--focus, --depth, --topic and --min-rating only apply to --format html")
    to_stdout = str(output) == "-"
    if fmt == "csv" and to_stdout:
        raise click.UsageError("--format csv writes nodes.csv and edges.csv: give a folder with -o")
    kg = load_graph(graph_path)
    target = sys.stdout if to_stdout else output
    if fmt == "html":
        kg.export(fmt, target, depth=depth, **options)
    else:
        kg.export(fmt, target)
    if not to_stdout:
        click.echo(f"wrote {output}", err=True)


# -- networkx analyses: path, similar, central, communities (graph.views.analyses) ------------------


@cli.command()
@click.argument("a")
@click.argument("b")
@format_option("text", "json", "csv")
@graph_option
def path(a: str, b: str, fmt: str, graph_path: Path) -> None:
    """Show the shortest connection between two nodes, hop by hop, with each edge's evidence.

    A and B are names as in `notekg show`: a title, label, alias, short name, arXiv id or IRI.
    Edges are followed in either direction.

    Example:

    \b
        notekg path Gated-SCNN "Boundary-Aware Feature Propagation for Scene Segmentation"
    """
    from graph.knowledge_graph import load_graph
    from graph.views.analyses import shortest_path_explained
    from graph.views.records import path_records
    from graph.views.reports import format_path
    from graph.views.resolve import node_in_view

    kg = load_graph(graph_path)
    source, target = node_in_view(kg.rdf, kg.nx, a), node_in_view(kg.rdf, kg.nx, b)
    hops = shortest_path_explained(kg.nx, source, target)
    if hops is None:
        raise click.ClickException(f"no connection between '{a}' and '{b}'")
    _echo_records(fmt, lambda: format_path(kg.nx, source, hops), lambda: path_records(kg.nx, source, hops))


@cli.command()
@click.argument("paper")
@click.option("-k", "count", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many papers to list.")
@format_option("text", "json", "csv")
@graph_option
def similar(paper: str, count: int, fmt: str, graph_path: Path) -> None:
    """List the papers that share the most techniques and topics with PAPER, and what they share.

    The score is an IDF-weighted Jaccard overlap: rare shared items count more.

    Example:

    \b
        notekg similar Gated-SCNN -k 5
    """
    from graph.knowledge_graph import load_graph
    from graph.views.analyses import similar_papers
    from graph.views.records import similar_records
    from graph.views.reports import format_similar
    from graph.views.resolve import node_in_view

    kg = load_graph(graph_path)
    node = node_in_view(kg.rdf, kg.nx, paper)
    found = similar_papers(kg.nx, node, k=count)
    _echo_records(fmt, lambda: format_similar(kg.nx, node, found), lambda: similar_records(found))


@cli.command()
@click.option("--type", "node_type", type=click.Choice(NETWORK_TYPES, case_sensitive=False),
              help="Only nodes of this type.")
@click.option("-k", "count", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many nodes to list.")
@click.option("--by", type=click.Choice(["betweenness", "degree", "topics"]), default="betweenness",
              show_default=True, help="Rank by betweenness, degree, or the number of topics bridged.")
@format_option("text", "json", "csv")
@graph_option
def central(node_type: str | None, count: int, by: str, fmt: str, graph_path: Path) -> None:
    """List what ties the notes together: nodes by betweenness, degree or topics bridged.

    Example:

    \b
        notekg central --type Technique -k 10
        notekg central --type Technique --by topics
    """
    from graph.knowledge_graph import load_graph
    from graph.views.analyses import central_nodes
    from graph.views.records import central_records
    from graph.views.reports import format_central

    G = load_graph(graph_path).nx
    found = central_nodes(G, type=node_type, k=count, by=by)
    _echo_records(fmt, lambda: format_central(found), lambda: central_records(found))


@cli.command()
@click.option("--seed", type=int, default=0, show_default=True, help="Louvain's random seed.")
@click.option("--members", type=click.IntRange(min=1), default=8, show_default=True,
              help="How many members to list per community (text only: json and csv list them all).")
@format_option("text", "json", "csv")
@graph_option
def communities(seed: int, members: int, fmt: str, graph_path: Path) -> None:
    """List groups of closely linked papers, techniques and topics (Louvain), named by their most central members.

    Example:

    \b
        notekg communities --members 5
    """
    from graph.knowledge_graph import load_graph
    from graph.views.analyses import find_communities
    from graph.views.records import community_records
    from graph.views.reports import format_communities

    G = load_graph(graph_path).nx
    found = find_communities(G, seed=seed)
    _echo_records(fmt, lambda: format_communities(G, found, members=members), lambda: community_records(G, found))
