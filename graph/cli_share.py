"""The ``notekg`` commands that share the graph: ``push`` it into a SPARQL store, ``serve`` it.

Registered on the ``notekg`` group by :mod:`graph.cli`; thin wrappers over
:mod:`graph.views.push` and :mod:`graph.views.server`, importing them when they run.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from graph.cli_options import graph_option, open_store

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["push", "serve"]


@click.command()
@click.option("--endpoint", metavar="URL", help="The store's SPARQL query endpoint; its graph store URL is guessed from it.")
@click.option("--graph-store", metavar="URL", help="The store's Graph Store Protocol URL, where the guess is wrong.")
@graph_option
@click.option("--default-graph", "into_default", is_flag=True,
              help="Also replace the store's default graph with everything pushed, for stores that cannot "
                   "query the union of their named graphs.")
@click.option("--dry-run", is_flag=True, help="List what would be sent; send nothing.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=600.0, show_default=True,
              metavar="SECONDS", help="Wait at most this long for the store at each step of an upload "
                                      "(it answers once it has indexed the graph).")
def push(endpoint: str | None, graph_store: str | None, graph_path: Path, into_default: bool, dry_run: bool,
         timeout: float) -> None:
    """Load the graph into a SPARQL 1.1 store, each notes file's named graph replaced whole.

    Graph Store HTTP Protocol: a PUT per notes file graph (so pushing after a
    rebuild leaves nothing stale, and other people's graphs are left alone);
    the vocabulary and lexicon are added to a graph of their own. Credentials
    come from NOTEKG_USER and NOTEKG_PASSWORD (or NOTEKG_TOKEN), else from
    ~/.netrc, never from the command line.

    The named queries expect the store to query the union of its named graphs:
    start Oxigraph with --union-default-graph (or end the endpoint URL with
    ?union-default-graph), set tdb2:unionDefaultGraph in Fuseki; GraphDB does so
    by default. Elsewhere push with --default-graph.

    Example:

    \b
        oxigraph serve --location lab-store --union-default-graph
        notekg push --endpoint http://127.0.0.1:7878/query --dry-run
        notekg push --endpoint http://127.0.0.1:7878/query
        notekg query top-rated --endpoint http://127.0.0.1:7878/query
    """
    import tempfile
    import time

    from graph.views.push import graph_store_url, push_uploads, size_text, write_uploads

    if endpoint is None and graph_store is None:
        raise click.UsageError("give the store with --endpoint URL (or --graph-store URL)")
    target = graph_store or graph_store_url(str(endpoint))
    store = open_store(graph_path)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="notekg-push-") as folder:
        uploads = write_uploads(store, folder, into_default=into_default)
        total = sum(upload.size for upload in uploads)
        triples = sum(upload.triples for upload in uploads if upload.graph is not None)
        summary = f"{len(uploads)} graphs ({triples} triples, {size_text(total)} of N-Triples) to {target}"
        if not dry_run:
            with click.progressbar(length=total, label="Pushing", file=sys.stderr,
                                   hidden=not sys.stderr.isatty()) as bar:
                push_uploads(uploads, target, progress=bar.update, timeout=timeout)
        took = f" in {time.perf_counter() - started:.1f} s" if not dry_run else ""
        click.echo(("would send " if dry_run else "pushed ") + summary + took)
        width = max(len(upload.graph or "(default graph)") for upload in uploads)
        for upload in uploads:
            how = "replace" if upload.method == "PUT" else "add to"
            click.echo(f"  {how:<7}  {(upload.graph or '(default graph)').ljust(width)}  "
                       f"{upload.triples:>8} triples  {size_text(upload.size):>8}")


@click.command()
@graph_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 lets every machine that reaches this one read the graph.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=5.0, show_default=True,
              metavar="SECONDS", help="Stop each query after this long (it gets HTTP 503).")
@click.option("--limit", type=click.IntRange(min=1), default=10_000, show_default=True, metavar="ROWS",
              help="Send at most this many rows per answer (the X-SPARQL-MaxRows header says when cut).")
@click.option("--workers", "workers_count", type=click.IntRange(min=1), default=2, show_default=True,
              help="How many queries run at once.")
def serve(graph_path: Path, host: str, port: int, timeout: float, limit: int, workers_count: int) -> None:
    """Serve the graph over the SPARQL 1.1 Protocol, read-only, at http://HOST:PORT/sparql.

    GET or POST a query to /sparql; results come as SPARQL JSON, XML, CSV or
    TSV (SELECT, ASK) or Turtle, N-Triples, RDF/XML, JSON-LD (CONSTRUCT,
    DESCRIBE), by the Accept header. An update, or a query using SERVICE, gets
    HTTP 403; each query runs at most --timeout seconds and sends at most
    --limit rows. /sparql in a browser is a query page listing the named
    queries; / is the graph's page. Ctrl-C stops the server.

    Example:

    \b
        notekg serve
        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT ?t WHERE { ?p a nk:Paper ; rdfs:label ?t }' \\
             http://127.0.0.1:7878/sparql
    """
    import signal

    from graph.views.catalogue import list_queries
    from graph.views.isolated import QueryWorkers
    from graph.views.server import SparqlApp, query_page, serve as run_server

    store, page = _store_and_page(graph_path)
    template = (Path(__file__).parent / "data" / "sparql.html").read_text(encoding="utf-8")
    questions = query_page(template, list_queries(), limit=limit, timeout=timeout)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"Serving on {host}: every machine that reaches this one can read the graph.", err=True)

    def ready(url: str) -> None:
        click.echo(f"Serving {graph_path} ({len(store)} statements) at {url}/sparql, its page at {url}/ "
                   "(Ctrl-C stops it)")
        sys.stdout.flush()

    # Forked before the server starts its threads; SIGTERM stops them as Ctrl-C does.
    workers = QueryWorkers(store, count=workers_count, timeout=timeout, limit=limit)
    previous = signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(0))
    try:
        app = SparqlApp(workers, page=page, query_page=questions, limit=limit,
                        log=lambda line: click.echo(line, err=True))
        run_server(app, host, port, threads=max(4, 2 * workers_count), ready=ready)
    except KeyboardInterrupt:
        pass
    finally:
        workers.close()
        signal.signal(signal.SIGTERM, previous)


def _store_and_page(graph_path: Path) -> tuple["ox.Store", bytes | None]:
    """The graph in Oxigraph, and its page: graph.html beside a built graph; for notes, made now
    (None when there is none, or the graph has too many papers for one page)."""
    import tempfile

    from graph.rdf.read import rdf_file

    file = rdf_file(graph_path)
    if file is not None:
        beside = file.parent / "graph.html"
        return open_store(file), beside.read_bytes() if beside.is_file() else None
    from graph.knowledge_graph import load_graph

    kg = load_graph(graph_path)
    with tempfile.TemporaryDirectory(prefix="notekg-page-") as folder:
        kg.export("html", Path(folder) / "graph.html")
        return kg.store(), (Path(folder) / "graph.html").read_bytes()
