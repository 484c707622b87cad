"""Ask a remote SPARQL endpoint (SPARQL 1.1 Protocol): the same queries and results as locally.

``notekg query --endpoint URL`` sends the query by POST (``application/x-www-form-urlencoded``, as
every SPARQL 1.1 store takes it) and reads SPARQL results (JSON, XML or TSV) or RDF (N-Triples,
Turtle) back into the :class:`graph.views.results.QueryResult` a local query gives, so every
output format prints the same way. Before it goes out the text gets the ``PREFIX`` lines of
the predeclared prefixes it uses (the named queries declare theirs already) and its parameters as
a ``VALUES`` block (:func:`graph.views.sparql_text.bind_values`): the protocol has no other way to
bind a variable.

Which graph the query sees is the store's business: the named queries expect the union of the
named graphs as the default graph (Oxigraph ``--union-default-graph``, Fuseki
``tdb2:unionDefaultGraph``, GraphDB and Virtuoso by default).

Examples
--------
>>> print(prepare_query("SELECT ?t WHERE { ?p nk:rating ?r ; rdfs:label ?t }", {"r": "10"}))
PREFIX nk: <https://w3id.org/notekg/vocab#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?t WHERE { VALUES (?r) { ("10"^^<http://www.w3.org/2001/XMLSchema#integer>) } ?p nk:rating ?r ; rdfs:label ?t }
"""

from __future__ import annotations

from typing import Any, Mapping
from urllib.parse import urlencode

import pyoxigraph as ox

from graph.domain import PREFIXES
from graph.errors import BadQuery, StoreError
from graph.views.httpclient import check_url, reason, refusal, send
from graph.views.results import QueryResult
from graph.views.sparql import QuerySyntaxError, param_oxigraph, result_of
from graph.views.sparql_text import bind_values, mentions_variable, update_keyword, with_prefixes

__all__ = ["ACCEPT", "DEFAULT_TIMEOUT", "prepare_query", "query_endpoint"]

#: What ``notekg query --endpoint`` asks for: SPARQL results for SELECT and ASK, RDF for the rest.
ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "text/tab-separated-values;q=0.8, application/n-triples, text/turtle;q=0.9"
)

#: Seconds to wait for an endpoint's answer when no ``--timeout`` is given.
DEFAULT_TIMEOUT = 60.0


def prepare_query(sparql: str, params: Mapping[str, Any] | None = None) -> str:
    """The query as it goes to an endpoint: prefixes declared, parameters bound by ``VALUES``.

    Raises
    ------
    BadQuery
        If the query is a SPARQL Update, or a parameter names no variable of the query.
    """
    keyword = update_keyword(sparql)
    if keyword:
        raise BadQuery(f"notekg query is read-only: SPARQL Update ({keyword}) is refused")
    values = {}
    for name, value in (params or {}).items():
        name = name.lstrip("?$")
        if not mentions_variable(sparql, name):
            raise BadQuery(f"unknown parameter {name!r}: ?{name} is not a variable of the query")
        values[name] = str(param_oxigraph(value))
    return bind_values(with_prefixes(sparql, PREFIXES), values)


def query_endpoint(
    url: str,
    sparql: str,
    params: Mapping[str, Any] | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    limit: int | None = None,
) -> QueryResult:
    """Run a query on the SPARQL endpoint at ``url``.

    Parameters
    ----------
    url
        The endpoint (e.g. ``http://127.0.0.1:7878/query`` for Oxigraph, ``.../ds/sparql`` for Fuseki).
    sparql, params
        As for :func:`graph.views.sparql.run_query` (predeclared prefixes, typed parameters).
    timeout
        Seconds to wait for the answer to start, and again to read it.
    limit
        Keep at most this many rows (or triples); ``result.truncated`` says whether there were more.

    Raises
    ------
    QuerySyntaxError
        If the endpoint refuses the query as malformed (HTTP 400), with its reason.
    QueryTimeout
        If it does not answer in time.
    StoreError
        If it cannot be reached, refuses access, or answers with something other than results.
    """
    check_url(url)
    text = prepare_query(sparql, params)
    response = send(
        "POST", url, data=urlencode({"query": text}).encode("utf-8"), timeout=timeout,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT},
    )
    if response.status == 400:
        raise QuerySyntaxError(f"the endpoint refused the query (HTTP 400): {reason(response)}")
    if response.status != 200:
        raise refusal(response, url, "queries")
    return _read_answer(response, url, limit)


def _read_answer(response: Any, url: str, limit: int | None) -> QueryResult:
    results_format = ox.QueryResultsFormat.from_media_type(response.content_type)
    rdf_format = ox.RdfFormat.from_media_type(response.content_type)
    try:
        if results_format is not None:
            return result_of(ox.parse_query_results(response.body, results_format), limit)
        if rdf_format is not None:
            quads = ox.parse(response.body, rdf_format)
            return result_of((ox.Triple(q.subject, q.predicate, q.object) for q in quads), limit)
    except (SyntaxError, ValueError) as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise StoreError(f"{url} answered {response.content_type} that does not parse: {first}") from None
    raise StoreError(
        f"{url} answered {response.content_type or 'without a media type'}, not SPARQL results; "
        "is it a SPARQL query endpoint?"
    )
