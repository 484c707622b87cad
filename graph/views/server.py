"""``notekg serve``: the graph over the SPARQL 1.1 Protocol, read-only, on the waitress server.

``/sparql`` answers queries by GET (``?query=``) and POST (a form with ``query``, or the query
itself as ``application/sparql-query``), in SPARQL results JSON, XML, CSV or TSV for SELECT and
ASK and in Turtle, N-Triples, RDF/XML or JSON-LD for CONSTRUCT and DESCRIBE, by ``Accept`` (JSON
and Turtle when it names none of them). ``GET /sparql`` without a query is a small query page
listing the named queries; ``/`` is the graph's page.

Read-only and bounded: a SPARQL Update gets HTTP 403 and never reaches the store, and so does a
query using ``SERVICE`` (the server never calls out); each query runs in a worker process under
a time limit (HTTP 503 past it) and sends at most ``limit`` rows, with ``X-SPARQL-MaxRows``
saying when rows were left out (the header Virtuoso uses). The query text is checked as for
``notekg query`` (:func:`graph.views.sparql_text.check_query`).

The application is plain WSGI (:class:`SparqlApp`); :func:`serve` runs it on waitress (PyPI,
pure Python, no dependencies of its own).
"""

from __future__ import annotations

import json
import time
from typing import Any, Callable, Iterable, Mapping, Protocol
from urllib.parse import parse_qs

import pyoxigraph as ox

from graph.domain import PREFIXES
from graph.errors import BadQuery, NotekgError, QueryTimeout
from graph.rdf.turtle import turtle_of_triples
from graph.views.catalogue import NamedQuery
from graph.views.results import QueryResult, format_result
from graph.views.sparql_text import QueryTooComplex, ServiceRefused, check_query, update_keyword

__all__ = ["SparqlApp", "QueryRunner", "negotiate", "query_page", "serve"]

StartResponse = Callable[[str, list[tuple[str, str]]], Any]

#: Most bytes of a POSTed query.
MAX_QUERY_BYTES = 1 << 20

_STATUS = {200: "200 OK", 400: "400 Bad Request", 403: "403 Forbidden", 404: "404 Not Found",
           405: "405 Method Not Allowed", 413: "413 Content Too Large", 415: "415 Unsupported Media Type",
           500: "500 Internal Server Error", 503: "503 Service Unavailable"}

_RESULTS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
            "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
_GRAPHS = (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD)


class QueryRunner(Protocol):
    """What answers the queries (:class:`graph.views.isolated.QueryWorkers`)."""

    def run(self, sparql: str, params: Mapping[str, Any] | None = None) -> QueryResult: ...


def negotiate(accept: str) -> tuple[ox.QueryResultsFormat, ox.RdfFormat]:
    """The results format and the RDF format an ``Accept`` header prefers (JSON and Turtle by default).

    >>> results, rdf = negotiate("text/csv;q=0.5, application/sparql-results+xml, application/n-triples;q=0.1")
    >>> results.name, rdf.name
    ('SPARQL Results in XML', 'N-Triples')
    >>> [f.name for f in negotiate("text/html,*/*;q=0.8")]
    ['SPARQL Results in JSON', 'Turtle']
    """
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media, *options = [piece.strip() for piece in part.split(";")]
        quality = 1.0
        for option in options:
            if option.startswith("q="):
                try:
                    quality = float(option[2:])
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, position, media.lower()))
    results, rdf = None, None
    for _, _, media in sorted(ranked):
        found_results = ox.QueryResultsFormat.from_media_type(media)
        found_rdf = ox.RdfFormat.from_media_type(media)
        if results is None and found_results is not None:
            results = found_results
        if rdf is None and found_rdf in _GRAPHS:
            rdf = found_rdf
    return results or ox.QueryResultsFormat.JSON, rdf or ox.RdfFormat.TURTLE


def _body(result: QueryResult, results_format: ox.QueryResultsFormat, rdf_format: ox.RdfFormat) -> tuple[bytes, str]:
    """The answer serialised, and its media type."""
    if result.kind == "graph":
        if rdf_format == ox.RdfFormat.TURTLE:
            return turtle_of_triples(result.triples).encode("utf-8"), rdf_format.media_type
        return bytes(ox.serialize(result.triples, format=rdf_format, prefixes=PREFIXES) or b""), rdf_format.media_type
    document = format_result(result, "json")
    if results_format == ox.QueryResultsFormat.JSON:
        return document.encode("utf-8"), results_format.media_type
    parsed = ox.parse_query_results(document, ox.QueryResultsFormat.JSON)
    return bytes(parsed.serialize(format=results_format) or b""), results_format.media_type


def query_page(template: str, queries: Iterable[NamedQuery], *, limit: int, timeout: float) -> bytes:
    """The query page: ``template`` with the named queries (name, description, text) filled in."""
    listed = [{"name": q.name, "description": q.description, "text": q.path.read_text(encoding="utf-8")}
              for q in queries]
    data = json.dumps(listed, ensure_ascii=False).replace("</", "<\\/")
    return (template.replace("{{QUERIES}}", data).replace("{{LIMIT}}", str(limit))
            .replace("{{TIMEOUT}}", f"{timeout:g}").encode("utf-8"))


class SparqlApp:
    """The WSGI application: ``/`` the page, ``/sparql`` the endpoint and its query page."""

    def __init__(self, runner: QueryRunner, *, page: bytes | None, query_page: bytes, limit: int,
                 log: Callable[[str], None] | None = None):
        self.runner, self.page, self.query_page, self.limit = runner, page, query_page, limit
        self.log = log or (lambda line: None)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "/")
        status, body, headers = self._route(method, path, environ)
        headers = [("Content-Length", str(len(body))), ("X-Content-Type-Options", "nosniff"), *headers]
        start_response(_STATUS[status], headers)
        self.log(f"{method} {path} {status} {len(body)} bytes {time.perf_counter() - started:.3f} s")
        return [body] if method != "HEAD" else []

    def _route(self, method: str, path: str, environ: dict[str, Any]) -> tuple[int, bytes, list[tuple[str, str]]]:
        if path == "/":
            if method not in ("GET", "HEAD"):
                return _text(405, "the page is read with GET", [("Allow", "GET, HEAD")])
            if self.page is None:
                return _text(404, "no page for this graph: notekg build writes graph.html beside graph.nq "
                                  "(unless the graph is too large for one page); the query page is at /sparql")
            return 200, self.page, [("Content-Type", "text/html; charset=utf-8")]
        if path != "/sparql":
            return _text(404, f"nothing at {path}: the endpoint is /sparql, the page /")
        if method in ("GET", "HEAD"):
            fields = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
            if "update" in fields:
                return _read_only()
            if "query" not in fields:
                return 200, self.query_page, [("Content-Type", "text/html; charset=utf-8")]
            return self._answer(fields, environ)
        if method != "POST":
            return _text(405, "SPARQL queries come by GET or POST", [("Allow", "GET, HEAD, POST")])
        media = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if media == "application/sparql-update":
            return _read_only()
        if length > MAX_QUERY_BYTES:
            return _text(413, f"a query may have at most {MAX_QUERY_BYTES} bytes")
        data = environ["wsgi.input"].read(length) if length else b""
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return _text(400, "the request body is not UTF-8")
        if media == "application/x-www-form-urlencoded":
            fields = parse_qs(text, keep_blank_values=True)
            fields.update(parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True))
            if "update" in fields:
                return _read_only()
            return self._answer(fields, environ)
        if media == "application/sparql-query":
            fields = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
            fields["query"] = [text]
            return self._answer(fields, environ)
        return _text(415, "send the query as application/sparql-query or in a form (application/x-www-form-urlencoded)")

    def _answer(self, fields: dict[str, list[str]], environ: dict[str, Any]) -> tuple[int, bytes, list[tuple[str, str]]]:
        queries = fields.get("query") or [""]
        if len(queries) != 1 or not queries[0].strip():
            return _text(400, "give exactly one query")
        if fields.get("default-graph-uri") or fields.get("named-graph-uri"):
            return _text(400, "default-graph-uri and named-graph-uri are not supported: queries see the union "
                              "of the named graphs, and GRAPH reaches each")
        sparql = queries[0]
        if update_keyword(sparql):
            return _read_only()
        try:
            check_query(sparql)
            result = self.runner.run(sparql)
        except ServiceRefused as e:
            return _text(403, f"SERVICE at line {e.line}, column {e.column} is refused: this server never "
                              "calls other endpoints")
        except QueryTooComplex as e:
            return _text(400, str(e))
        except QueryTimeout as e:
            return _text(503, str(e))
        except BadQuery as e:
            return _text(400, str(e))
        except NotekgError as e:
            return _text(500, str(e))
        results_format, rdf_format = negotiate(environ.get("HTTP_ACCEPT", ""))
        body, media = _body(result, results_format, rdf_format)
        headers = [("Content-Type", media if "charset" in media else f"{media}; charset=utf-8")]
        if result.truncated:
            headers.append(("X-SPARQL-MaxRows", str(self.limit)))
        return 200, body, headers


def _text(status: int, message: str, headers: list[tuple[str, str]] | None = None
          ) -> tuple[int, bytes, list[tuple[str, str]]]:
    return status, (message + "\n").encode("utf-8"), [("Content-Type", "text/plain; charset=utf-8"), *(headers or [])]


def _read_only() -> tuple[int, bytes, list[tuple[str, str]]]:
    return _text(403, "this endpoint is read-only: SPARQL Update is refused")


def serve(app: SparqlApp, host: str, port: int, *, threads: int = 4,
          ready: Callable[[str], None] | None = None) -> None:
    """Run ``app`` on waitress at ``host:port`` (port 0: any free port) until interrupted.

    ``ready`` hears the server's base URL once it listens.

    Raises
    ------
    NotekgError
        If the address cannot be bound (in use, or not this machine's).
    """
    from waitress.server import create_server

    try:
        server = create_server(app, host=host, port=port, threads=threads, ident="notekg", clear_untrusted_proxy_headers=True)
    except OSError as e:
        raise NotekgError(f"cannot listen on {host}:{port}: {(e.strerror or str(e)).lower()}") from None
    shown = f"[{server.effective_host}]" if ":" in str(server.effective_host) else server.effective_host
    if ready:
        ready(f"http://{shown}:{server.effective_port}")
    try:
        server.run()
    finally:
        server.close()
