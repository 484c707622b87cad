"""Ask the graph questions in SPARQL, on Oxigraph (pyoxigraph).

SPARQL never runs on rdflib's pure-Python engine and never falls back to it: the graph is loaded
into an in-memory :class:`pyoxigraph.Store` once per call (a built ``graph.nq`` is bulk-loaded
straight from disk, without importing rdflib) and queried over the union of its named graphs.
The usual prefixes (``nk rdf rdfs owl xsd skos dcterms schema prov``) are predeclared;
parameters are bound with pyoxigraph's ``substitutions`` (never by pasting text into the query);
SPARQL Update is refused. :mod:`graph.views.results` holds and prints the answers; the named queries of
``queries/`` are found by :mod:`graph.views.catalogue`.

A parameter must be a result variable of the query (listed by its SELECT clause, or bound in its
pattern for ASK); one used only in a FILTER is declared with ``VALUES ?name { UNDEF }``. Left
unbound, the query answers for every value.

Usage::

    from graph.views.sparql import run_query
    from graph.views.results import format_result
    result = run_query(kg.rdf, "SELECT ?t WHERE { ?p a nk:Paper ; dcterms:title ?t }", {})
    print(format_result(result, "table"))

Examples
--------
>>> from rdflib import Dataset, Literal, URIRef
>>> from graph.vocab import NK
>>> ds = Dataset(default_union=True)
>>> g = ds.graph(URIRef("https://w3id.org/notekg/id/notes/demo"))
>>> paper = URIRef("https://w3id.org/notekg/id/paper/arxiv/1905.01164")
>>> _ = g.add((paper, NK.rating, Literal(10)))
>>> run_query(ds, "SELECT ?paper ?rating WHERE { ?paper nk:rating ?rating }").dicts()
[{'paper': 'https://w3id.org/notekg/id/paper/arxiv/1905.01164', 'rating': 10}]
>>> ask = "ASK { VALUES ?min { UNDEF } ?p nk:rating ?r FILTER(?r > ?min) }"
>>> bool(run_query(ds, ask, {"min": 9})), bool(run_query(ds, ask, {"min": 10}))
(True, False)
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Union

import pyoxigraph as ox

from graph.domain import DEFAULT_BASE, PREFIXES
from graph.errors import BadQuery
from graph.rdf.read import read_store
from graph.views.results import QueryResult
from graph.views.sparql_text import blank_out, check_query, update_keyword

if TYPE_CHECKING:
    from rdflib import Dataset, Graph
    from rdflib.term import Node

__all__ = [
    "check_param",
    "QuerySyntaxError",
    "run_query",
    "to_store",
    "split_param",
    "parse_param",
    "param_term",
    "param_oxigraph",
    "result_of",
    "refuse_by_text",
]

#: Prefixes read in ``--param`` values (``nk:Paper``, ``id:paper/...``).
_PARAM_PREFIXES = {**PREFIXES, "id": DEFAULT_BASE}

_XSD = PREFIXES["xsd"]

Source = Union["Dataset", "Graph", ox.Store, str, Path]


class QuerySyntaxError(BadQuery):
    """A SPARQL query does not parse; the message gives the line and column."""


# ---------------------------------------------------------------------------------------------
# Loading


def to_store(source: Source) -> ox.Store:
    """Return an in-memory Oxigraph store holding ``source``.

    Parameters
    ----------
    source
        An :class:`rdflib.Dataset` (named graphs kept) or :class:`rdflib.Graph` (into the
        default graph), a :class:`pyoxigraph.Store` (returned as is), or the path of an RDF file
        (``.nq .trig .ttl .nt .jsonld .rdf``), bulk-loaded by Oxigraph without rdflib.

    Raises
    ------
    NotekgError
        If the file cannot be read or is not valid RDF.
    """
    if isinstance(source, ox.Store):
        return source
    if isinstance(source, (str, Path)):
        return read_store(source)
    # An rdflib graph: rdflib is loaded already, and so is cheap to use here.
    from graph.rdf.write import to_store as rdflib_to_store

    return rdflib_to_store(source)


# ---------------------------------------------------------------------------------------------
# Parameters


def split_param(text: str) -> tuple[str, str]:
    """Split a ``name=value`` parameter as given on the command line, checking the name.

    Raises
    ------
    BadQuery
        If there is no ``=`` or the name is not a SPARQL variable name.

    >>> split_param("?min=8")
    ('min', '8')
    """
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not name:
        raise BadQuery(f"parameter {text!r} should look like name=value")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise BadQuery(f"parameter name {name!r} is not a SPARQL variable name")
    return name, value


def parse_param(text: str) -> tuple[str, "Node"]:
    """Read a ``name=value`` parameter as an rdflib term (see :func:`param_term` for the typing).

    Raises
    ------
    BadQuery
        If there is no ``=`` or the name is not a SPARQL variable name.

    Examples
    --------
    >>> parse_param("min=8")
    ('min', rdflib.term.Literal('8', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')))
    >>> parse_param("technique=nk:Technique")[1]
    rdflib.term.URIRef('https://w3id.org/notekg/vocab#Technique')
    >>> parse_param("name=Octave convolution")[1]
    rdflib.term.Literal('Octave convolution')
    """
    name, value = split_param(text)
    return name, param_term(value)


def check_param(value: Any) -> None:
    """Refuse a parameter value that looks like an IRI but is none.

    >>> check_param("<>")
    Traceback (most recent call last):
    ...
    graph.errors.BadQuery: <> is not an absolute IRI
    >>> check_param("http://a:b:c/")
    Traceback (most recent call last):
    ...
    graph.errors.BadQuery: <http://a:b:c/> is not an absolute IRI
    """
    _typed(value)


def _iri(text: str) -> tuple[str, str, str | None]:
    try:
        ox.NamedNode(text)  # Oxigraph's IRI parser: what the store will accept
    except ValueError:
        raise BadQuery(f"<{text}> is not an absolute IRI") from None
    return "iri", text, None


def _typed(value: Any) -> tuple[str, str, str | None]:
    """A parameter value as (``"iri"`` or ``"literal"``, text, datatype IRI or None)."""
    if isinstance(value, bool):
        return "literal", "true" if value else "false", _XSD + "boolean"
    if isinstance(value, int):
        return "literal", str(value), _XSD + "integer"
    if isinstance(value, float):
        return "literal", repr(value), _XSD + "double"
    if isinstance(value, Decimal):
        return "literal", str(value), _XSD + "decimal"
    text = str(value)
    stripped = text.strip()
    if re.fullmatch(r"<[^<>\"{}|^`\\\s]*>", stripped):
        return _iri(stripped[1:-1])
    if re.fullmatch(r"(https?|urn|file|mailto):[^\s<>\"{}|^`\\]+", stripped):
        return _iri(stripped)
    prefixed = re.fullmatch(r"([A-Za-z][\w.-]*):([^\s<>\"{}|^`\\]*)", stripped)
    if prefixed and prefixed.group(1) in _PARAM_PREFIXES:
        return _iri(_PARAM_PREFIXES[prefixed.group(1)] + prefixed.group(2))
    if re.fullmatch(r"[+-]?\d+", stripped):
        return "literal", stripped, _XSD + "integer"
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+)", stripped):
        return "literal", stripped, _XSD + "decimal"
    if stripped in ("true", "false"):
        return "literal", stripped, _XSD + "boolean"
    if len(stripped) >= 2 and stripped[0] == stripped[-1] and stripped[0] in "\"'":
        return "literal", stripped[1:-1], None
    return "literal", text, None


def param_term(value: Any) -> "Node":
    """Turn a parameter value into an rdflib term.

    Text is typed: ``<...>``, an absolute ``http(s)://``/``urn:`` IRI or a prefixed name of a
    known prefix (``nk:Paper``, ``id:paper/...``) is an IRI; ``42`` an integer; ``4.5`` a
    decimal; ``true``/``false`` a boolean; ``"..."`` a string as written; anything else a
    string. rdflib terms are kept; ``bool``, ``int``, ``float`` and ``Decimal`` become typed
    literals.

    Examples
    --------
    >>> param_term(True)
    rdflib.term.Literal('true', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#boolean'))
    >>> param_term("<https://schema.org/url>")
    rdflib.term.URIRef('https://schema.org/url')
    >>> param_term('"42"')
    rdflib.term.Literal('42')
    """
    from rdflib import Literal, URIRef
    from rdflib.term import Node

    if isinstance(value, Node):
        return value
    if isinstance(value, (bool, int, float, Decimal)):
        return Literal(value)
    kind, text, datatype = _typed(value)
    if kind == "iri":
        return URIRef(text)
    return Literal(text, datatype=URIRef(datatype) if datatype else None)


def param_oxigraph(value: Any) -> Any:
    """Turn a parameter value into an Oxigraph term, typed as by :func:`param_term`.

    >>> str(param_oxigraph("8")), str(param_oxigraph("nk:Paper"))
    ('"8"^^<http://www.w3.org/2001/XMLSchema#integer>', '<https://w3id.org/notekg/vocab#Paper>')
    """
    if isinstance(value, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return value
    if type(value).__module__.startswith("rdflib"):
        from graph.terms import to_oxigraph

        return to_oxigraph(value)
    kind, text, datatype = _typed(value)
    if kind == "iri":
        return ox.NamedNode(text)
    return ox.Literal(text, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(text)


# ---------------------------------------------------------------------------------------------
# Running


def run_query(
    source: Source,
    sparql: str,
    params: Mapping[str, Any] | None = None,
    *,
    allow_service: bool = False,
    limit: int | None = None,
) -> QueryResult:
    """Run a SPARQL query on Oxigraph over the union of the graph's named graphs.

    Parameters
    ----------
    source
        The graph: an :class:`rdflib.Dataset`, a :class:`pyoxigraph.Store`, or an RDF file path
        (see :func:`to_store`). A Dataset is loaded into a fresh store for this call.
    sparql
        A SELECT, ASK, CONSTRUCT or DESCRIBE query. The prefixes of :data:`graph.domain.PREFIXES`
        are predeclared (a ``PREFIX`` line in the query wins).
    params
        Variables to bind, by name (without ``?``), with pyoxigraph substitutions; values are
        typed as by :func:`param_term`. A SELECT query must list each bound variable in its
        SELECT clause.
    allow_service
        Let ``SERVICE`` send parts of the query to other endpoints over HTTP (refused by default).
    limit
        Keep at most this many rows (or triples); ``result.truncated`` says whether there were more.

    Returns
    -------
    QueryResult
        Rows (SELECT), a boolean (ASK) or a graph (CONSTRUCT, DESCRIBE).

    Raises
    ------
    QuerySyntaxError
        If the query does not parse (the message gives line and column).
    BadQuery
        If the query is a SPARQL Update, or a parameter names no variable of the query.
    QueryTooComplex, ServiceRefused
        If the query is nested too deep or too long to parse safely, or uses SERVICE unallowed
        (see :func:`graph.views.sparql_text.check_query`).

    Examples
    --------
    >>> from rdflib import Graph, URIRef, RDF
    >>> from graph.vocab import NK
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://w3id.org/notekg/id/paper/p1"), RDF.type, NK.Paper))
    >>> run_query(g, "SELECT (COUNT(*) AS ?papers) WHERE { ?p a nk:Paper }").dicts()
    [{'papers': 1}]
    >>> run_query(g, "DELETE WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    graph.errors.BadQuery: notekg query is read-only: SPARQL Update (DELETE) is refused; edit the notes and rebuild instead
    """
    refuse_by_text(sparql, allow_service=allow_service)
    substitutions = {
        ox.Variable(name.lstrip("?$")): param_oxigraph(value) for name, value in (params or {}).items()
    }
    store = to_store(source)
    try:
        answer = store.query(
            sparql,
            prefixes=dict(PREFIXES),
            use_default_graph_as_union=True,
            substitutions=substitutions or None,
        )
    except SyntaxError as e:
        raise QuerySyntaxError(_syntax_message(str(e), sparql)) from None
    except RuntimeError as e:
        message = str(e)
        missing = re.search(r"does not contains? variable \?(\w+)", message)
        if missing:
            raise BadQuery(
                f"unknown parameter {missing.group(1)!r}: ?{missing.group(1)} is not a result "
                f"variable of the query (list it after SELECT; a variable used only in a FILTER "
                f"needs VALUES ?{missing.group(1)} {{ UNDEF }})"
            ) from None
        raise BadQuery(f"query failed: {_first_line(message)}") from None
    except OSError as e:
        raise BadQuery(f"query failed: {_first_line(str(e))}") from None
    return result_of(answer, limit)


def refuse_by_text(sparql: str, *, allow_service: bool = False) -> None:
    """Refuse, from its text alone and before any graph is opened, a query :func:`run_query`
    never runs: a SPARQL Update, or one :func:`graph.views.sparql_text.check_query` refuses.

    >>> refuse_by_text("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    Traceback (most recent call last):
    ...
    graph.errors.BadQuery: notekg query is read-only: SPARQL Update (INSERT) is refused; edit the notes and rebuild instead
    """
    keyword = update_keyword(sparql)
    if keyword:
        raise BadQuery(
            f"notekg query is read-only: SPARQL Update ({keyword}) is refused; "
            "edit the notes and rebuild instead"
        )
    check_query(sparql, allow_service=allow_service)


def result_of(answer: Any, limit: int | None = None) -> QueryResult:
    """An Oxigraph answer (solutions, boolean or triples) as a :class:`QueryResult` of at most
    ``limit`` rows or triples.

    >>> result_of(ox.parse_query_results('{"head":{},"boolean":true}', ox.QueryResultsFormat.JSON))
    <QueryResult ask: True>
    """
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    stop = None if limit is None else limit + 1
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        try:
            terms = [tuple(solution[i] for i in range(len(variables))) for solution in islice(answer, stop)]
        except (RuntimeError, OSError) as e:
            raise BadQuery(f"query failed: {_first_line(str(e))}") from None
        truncated = limit is not None and len(terms) > limit
        return QueryResult("select", variables, terms=terms[:limit], truncated=truncated)
    try:
        triples = list(islice(answer, stop))
    except (RuntimeError, OSError) as e:
        raise BadQuery(f"query failed: {_first_line(str(e))}") from None
    truncated = limit is not None and len(triples) > limit
    return QueryResult("graph", triples=triples[:limit], truncated=truncated)


def _undeclared_prefix(sparql: str) -> tuple[str, int, int] | None:
    """The first prefix used but neither declared by the query nor predeclared, with its position."""
    text = blank_out(sparql)
    declared = set(PREFIXES) | set(re.findall(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?:", text))
    for match in re.finditer(r"(?<![\w:?$.-])([A-Za-z][\w.-]*)?:(?=[\w%\\]|\s|$)", text):
        name = match.group(1) or ""
        before = text[: match.start()]
        if re.search(r"(?i)\bPREFIX\s*$", before):
            continue
        if name not in declared:
            line = before.count("\n") + 1
            column = match.start() - (before.rfind("\n") + 1) + 1
            return name, line, column
    return None


def _syntax_message(message: str, sparql: str) -> str:
    unknown = _undeclared_prefix(sparql)
    if unknown:
        name, line, column = unknown
        return (
            f"SPARQL syntax error at line {line}, column {column}: unknown prefix {name + ':'!r} "
            f"(predeclared: {' '.join(PREFIXES)})"
        )
    where = re.match(r"error at (\d+):(\d+):\s*(.*)", message, re.DOTALL)
    if not where:
        return f"SPARQL syntax error: {_first_line(message)}"
    line, column, detail = int(where.group(1)), int(where.group(2)), where.group(3)
    detail = " ".join(detail.split())
    # Oxigraph lists character classes (['0' ..= '9' | ...], [_]) among the tokens it expected:
    # keep the tokens a person can act on.
    detail = re.sub(r",?\s*\[[^\[\]]*\]", "", detail).replace("one of ,", "one of").strip(" ,")
    if detail.endswith(("expected one of", "expected")):
        detail = "unexpected text here"
    if len(detail) > 160:
        detail = detail[:159].rstrip(", ") + "…"
    return f"SPARQL syntax error at line {line}, column {column}: {detail}"


def _first_line(message: str) -> str:
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    return lines[0] if lines else "unknown error"
