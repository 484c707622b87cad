"""Ask the graph questions in SPARQL, on Oxigraph (pyoxigraph), and print the answers.

SPARQL never runs on rdflib's pure-Python engine and never falls back to it: the graph is loaded
into an in-memory :class:`pyoxigraph.Store` once per call (a built ``graph.nq`` is bulk-loaded
straight from disk) and queried over the union of its named graphs. The usual prefixes (``nk
rdf rdfs owl xsd skos dcterms schema prov``) are predeclared; parameters are bound with
pyoxigraph's ``substitutions`` (never by pasting text into the query); SPARQL Update is refused.

Named queries live in ``queries/*.rq``: a ``# one-line description`` header, ``# param: name —
meaning`` lines for parameters, then the query. A parameter must be a result variable of the
query (listed by its SELECT clause, or bound in its pattern for ASK); one used only in a FILTER
is declared with ``VALUES ?name { UNDEF }``. Left unbound, the query answers for every value.

Usage::

    from graph.views.query import run_query, format_result
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
>>> result = run_query(ds, "SELECT ?paper ?rating WHERE { ?paper nk:rating ?rating }")
>>> print(format_result(result, "csv"), end="")
paper,rating
https://w3id.org/notekg/id/paper/arxiv/1905.01164,10
>>> ask = "ASK { VALUES ?min { UNDEF } ?p nk:rating ?r FILTER(?r > ?min) }"
>>> bool(run_query(ds, ask, {"min": 9})), bool(run_query(ds, ask, {"min": 10}))
(True, False)
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence, Union

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from graph.errors import BadQuery, NotekgError
from graph.rdf_input import is_iri
from graph.vocab import DEFAULT_BASE, PREFIXES, compact_iri

__all__ = [
    "QueryResult",
    "QuerySyntaxError",
    "NamedQuery",
    "OUTPUT_FORMATS",
    "run_query",
    "to_store",
    "load_store",
    "parse_param",
    "param_term",
    "format_result",
    "queries_dir",
    "list_queries",
    "find_query",
    "read_query",
]

#: Output formats of :func:`format_result`.
OUTPUT_FORMATS = ("table", "csv", "tsv", "json", "md")

#: RDF files Oxigraph loads straight from disk, by suffix.
_RDF_FILES = {
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}

#: Prefixes used to shorten IRIs in tables and to read prefixed names in ``--param`` values.
_DISPLAY_PREFIXES = {**PREFIXES, "id": DEFAULT_BASE}

_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}

_TABLE_CELL_LIMIT = 80

Source = Union[Dataset, Graph, "ox.Store", str, Path, Any]  # Any: a graph.knowledge_graph.KnowledgeGraph


class QuerySyntaxError(BadQuery):
    """A SPARQL query does not parse; the message gives the line and column."""


@dataclass
class QueryResult:
    """The answer to a query, as rdflib terms.

    ``kind`` is ``"select"`` (``variables`` and ``rows``), ``"ask"`` (``boolean``) or ``"graph"``
    for CONSTRUCT and DESCRIBE (``graph``, an :class:`rdflib.Graph`). Iterating gives the rows;
    ``bool(result)`` is the ASK answer, or whether there are rows or triples.
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def __iter__(self) -> Iterator[tuple[Node | None, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        if self.kind == "graph" and self.graph is not None:
            return len(self.graph)
        return len(self.rows)

    def __bool__(self) -> bool:
        if self.kind == "ask":
            return bool(self.boolean)
        return len(self) > 0

    def dicts(self) -> list[dict[str, Any]]:
        """Rows as dicts of Python values (``int`` for integers, ``str`` for IRIs), unbound left out.

        >>> QueryResult("select", ["n"], [(Literal(3),)]).dicts()
        [{'n': 3}]
        """
        return [
            {name: _python(value) for name, value in zip(self.variables, row) if value is not None}
            for row in self.rows
        ]


# ---------------------------------------------------------------------------------------------
# Loading


def to_store(source: Source) -> "ox.Store":
    """Return an in-memory Oxigraph store holding ``source``.

    Parameters
    ----------
    source
        A :class:`graph.knowledge_graph.KnowledgeGraph`, an :class:`rdflib.Dataset` (named graphs kept) or
        :class:`rdflib.Graph` (into the default graph), a :class:`pyoxigraph.Store` (returned as
        is), or the path of an RDF file
        (``.nq .trig .ttl .nt .jsonld .rdf``), bulk-loaded by Oxigraph without rdflib.

    Raises
    ------
    NotekgError
        If the file cannot be read or is not valid RDF.
    """
    if isinstance(source, ox.Store):
        return source
    store = ox.Store()
    if isinstance(source, (str, Path)):
        path = Path(source)
        fmt = _RDF_FILES.get(path.suffix.lower())
        if fmt is None:
            raise NotekgError(f"{path}: unknown RDF format (use .nq, .trig, .ttl, .nt or .jsonld)")
        try:
            store.bulk_load(path=str(path), format=fmt)
        except OSError as e:
            raise NotekgError(f"cannot read {path}: {e.strerror or e}") from None
        except (SyntaxError, ValueError) as e:
            raise NotekgError(f"{path}: not valid RDF: {_first_line(str(e))}") from None
        return store
    # Built graphs and rdflib graphs travel as N-Quads, through the exporter's writer.
    from graph.views.export import serialize_graph

    store.load(serialize_graph(source, "nq").encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return store


def load_store(path: str | Path) -> "ox.Store":
    """Open the graph at ``path`` for querying: an RDF file is bulk-loaded, notes are built first.

    Parameters
    ----------
    path
        A built graph (``exports/graph.nq``, ``.trig``, ``.ttl``...), a folder holding
        ``graph.nq``, or markdown notes (a file or a folder) built on the fly.

    Raises
    ------
    NotesNotFound
        If there is nothing at ``path``.
    """
    path = Path(path)
    if path.is_dir() and (path / "graph.nq").is_file():
        path = path / "graph.nq"
    if path.is_file() and path.suffix.lower() in _RDF_FILES:
        return to_store(path)
    from graph.knowledge_graph import load_graph

    return to_store(load_graph(path))


def _ox(term: Any) -> Any:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot give {term!r} to Oxigraph")


def _rdflib(term: Any) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unexpected term from Oxigraph: {term!r}")


# ---------------------------------------------------------------------------------------------
# Parameters


def parse_param(text: str) -> tuple[str, Node]:
    """Read a ``name=value`` parameter as given on the command line.

    The value is typed: ``<...>``, an absolute ``http(s)://``/``urn:`` IRI or a prefixed name of a
    known prefix (``nk:Paper``, ``id:paper/...``) is an IRI; ``42`` an integer; ``4.5`` a decimal;
    ``true``/``false`` a boolean; ``"..."`` a string as written; anything else a string.

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
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not name:
        raise BadQuery(f"parameter {text!r} should look like name=value")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise BadQuery(f"parameter name {name!r} is not a SPARQL variable name")
    return name, param_term(value)


def param_term(value: Any) -> Node:
    """Turn a parameter value into an RDF term (see :func:`parse_param` for how text is typed).

    rdflib terms are kept; ``bool``, ``int``, ``float`` and ``Decimal`` become typed literals.

    Examples
    --------
    >>> param_term(True)
    rdflib.term.Literal('true', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#boolean'))
    >>> param_term("<https://schema.org/url>")
    rdflib.term.URIRef('https://schema.org/url')
    >>> param_term('"42"')
    rdflib.term.Literal('42')
    """
    if isinstance(value, Node):
        return value
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, (int, float, Decimal)):
        return Literal(value)
    text = str(value)
    stripped = text.strip()
    if re.fullmatch(r"<[^<>\"{}|^`\\\s]*>", stripped):
        return _iri(stripped[1:-1])
    if re.fullmatch(r"(https?|urn|file|mailto):[^\s<>\"{}|^`\\]+", stripped):
        return _iri(stripped)
    prefixed = re.fullmatch(r"([A-Za-z][\w.-]*):([^\s<>\"{}|^`\\]*)", stripped)
    if prefixed and prefixed.group(1) in _DISPLAY_PREFIXES:
        return _iri(_DISPLAY_PREFIXES[prefixed.group(1)] + prefixed.group(2))
    if re.fullmatch(r"[+-]?\d+", stripped):
        return Literal(stripped, datatype=XSD.integer)
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+)", stripped):
        return Literal(stripped, datatype=XSD.decimal)
    if stripped in ("true", "false"):
        return Literal(stripped, datatype=XSD.boolean)
    if len(stripped) >= 2 and stripped[0] == stripped[-1] and stripped[0] in "\"'":
        return Literal(stripped[1:-1])
    return Literal(text)


def _iri(text: str) -> URIRef:
    if not is_iri(text):
        raise BadQuery(f"<{text}> is not an absolute IRI")
    return URIRef(text)


# ---------------------------------------------------------------------------------------------
# Running


def run_query(
    source: Source,
    sparql: str,
    params: Mapping[str, Any] | None = None,
) -> QueryResult:
    """Run a SPARQL query on Oxigraph over the union of the graph's named graphs.

    Parameters
    ----------
    source
        The graph: an :class:`rdflib.Dataset`, a :class:`pyoxigraph.Store`, or an RDF file path
        (see :func:`to_store`). A Dataset is loaded into a fresh store for this call.
    sparql
        A SELECT, ASK, CONSTRUCT or DESCRIBE query. The prefixes of :data:`graph.vocab.PREFIXES`
        are predeclared (a ``PREFIX`` line in the query wins).
    params
        Variables to bind, by name (without ``?``), with pyoxigraph substitutions; values are
        typed by :func:`param_term`. A SELECT query must list each bound variable in its SELECT
        clause.

    Returns
    -------
    QueryResult
        Rows (SELECT), a boolean (ASK) or a graph (CONSTRUCT, DESCRIBE), as rdflib terms.

    Raises
    ------
    QuerySyntaxError
        If the query does not parse (the message gives line and column).
    BadQuery
        If the query is a SPARQL Update, or a parameter names no variable of the query.

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
    keyword = _update_keyword(sparql)
    if keyword:
        raise BadQuery(
            f"notekg query is read-only: SPARQL Update ({keyword}) is refused; "
            "edit the notes and rebuild instead"
        )
    substitutions = {
        ox.Variable(name.lstrip("?$")): _ox(param_term(value)) for name, value in (params or {}).items()
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
    return _result(answer)


def _result(answer: Any) -> QueryResult:
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        try:
            rows = [tuple(_rdflib(solution[i]) for i in range(len(variables))) for solution in answer]
        except (RuntimeError, OSError) as e:
            raise BadQuery(f"query failed: {_first_line(str(e))}") from None
        return QueryResult("select", variables, rows)
    g = Graph()
    for prefix, namespace in _DISPLAY_PREFIXES.items():
        g.bind(prefix, namespace, override=True, replace=True)
    for triple in answer:
        g.add((_rdflib(triple.subject), _rdflib(triple.predicate), _rdflib(triple.object)))  # type: ignore[arg-type]
    return QueryResult("graph", graph=g)


def _strip_for_keywords(sparql: str) -> str:
    """The query with comments, strings and IRIs blanked out (same length, so positions hold)."""
    pattern = re.compile(
        r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
        r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
    )
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), sparql)


def _update_keyword(sparql: str) -> str | None:
    text = _strip_for_keywords(sparql)
    prologue = re.compile(r"\s*(?:PREFIX\s+[^\s:]*:\s*|BASE\s*)", re.IGNORECASE)
    position = 0
    while True:
        match = prologue.match(text, position)
        if not match or match.end() == position:
            break
        position = match.end()
    first = re.match(r"\s*([A-Za-z]+)", text[position:])
    if first and first.group(1).upper() in _UPDATE_KEYWORDS:
        return first.group(1).upper()
    return None


def _undeclared_prefix(sparql: str) -> tuple[str, int, int] | None:
    """The first prefix used but neither declared by the query nor predeclared, with its position."""
    text = _strip_for_keywords(sparql)
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


# ---------------------------------------------------------------------------------------------
# Output


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render a result as text.

    Parameters
    ----------
    result
        From :func:`run_query`.
    fmt
        For SELECT: ``table`` (aligned columns, IRIs shortened with the known prefixes, long
        cells cut at 80 characters), ``md`` (a Markdown table, IRIs shortened), ``csv`` and
        ``tsv`` (full IRIs, lexical forms; a header row of variable names) or ``json`` (the SPARQL
        1.1 Query Results JSON Format). ASK prints ``true``/``false`` (JSON: ``{"head": {},
        "boolean": ...}``); CONSTRUCT and DESCRIBE print Turtle whatever the format.

    Raises
    ------
    ValueError
        For an unknown format.

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> r = QueryResult("select", ["topic", "papers"],
    ...                 [(URIRef("https://w3id.org/notekg/id/topic/gans"), Literal(12))])
    >>> print(format_result(r, "table"), end="")
    topic          papers
    -------------  ------
    id:topic/gans      12
    >>> print(format_result(r, "md"), end="")
    | topic | papers |
    | --- | ---: |
    | id:topic/gans | 12 |
    """
    if fmt not in OUTPUT_FORMATS:
        raise ValueError(f"unknown output format {fmt!r} (use {', '.join(OUTPUT_FORMATS)})")
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if result.kind == "graph":
        assert result.graph is not None
        return result.graph.serialize(format="turtle")
    if fmt == "json":
        return _json(result)
    if fmt in ("csv", "tsv"):
        return _delimited(result, fmt)
    if fmt == "md":
        return _markdown(result)
    return _table(result)


def _json(result: QueryResult) -> str:
    bindings = []
    for row in result.rows:
        binding: dict[str, Any] = {}
        for name, value in zip(result.variables, row):
            if value is None:
                continue
            if isinstance(value, URIRef):
                binding[name] = {"type": "uri", "value": str(value)}
            elif isinstance(value, BNode):
                binding[name] = {"type": "bnode", "value": str(value)}
            else:
                term: dict[str, str] = {"type": "literal", "value": str(value)}
                assert isinstance(value, Literal)
                if value.language:
                    term["xml:lang"] = value.language
                elif value.datatype and value.datatype != XSD.string:
                    term["datatype"] = str(value.datatype)
                binding[name] = term
        bindings.append(binding)
    document = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _plain(value: Node | None) -> str:
    return "" if value is None else str(value)


def _delimited(result: QueryResult, fmt: str) -> str:
    out = io.StringIO()
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_plain(value) for value in row])
        return out.getvalue()
    escape = str.maketrans({"\t": "\\t", "\n": "\\n", "\r": "\\r", "\\": "\\\\"})
    lines = ["\t".join(result.variables)]
    lines += ["\t".join(_plain(value).translate(escape) for value in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _short(value: Node | None) -> str:
    if value is None:
        return ""
    if isinstance(value, URIRef):
        return compact_iri(str(value)) or str(value)
    return re.sub(r"\s*[\r\n\t]\s*", " ", str(value))


def _numeric(value: Node | None) -> bool:
    return isinstance(value, Literal) and value.datatype is not None and value.datatype in (
        XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long,
        XSD.nonNegativeInteger, XSD.positiveInteger,
    )


def _right_aligned(result: QueryResult) -> list[bool]:
    columns = list(zip(*result.rows)) if result.rows else [() for _ in result.variables]
    return [
        any(v is not None for v in column) and all(v is None or _numeric(v) for v in column)
        for column in columns
    ]


def _cut(text: str, limit: int = _TABLE_CELL_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _table(result: QueryResult) -> str:
    cells = [[_cut(_short(value)) for value in row] for row in result.rows]
    widths = [
        max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(result.variables)
    ]
    right = _right_aligned(result)

    def line(values: Sequence[str], align: Sequence[bool]) -> str:
        parts = [v.rjust(w) if r else v.ljust(w) for v, w, r in zip(values, widths, align)]
        return "  ".join(parts).rstrip()

    lines = [line(result.variables, [False] * len(widths))]
    lines.append("  ".join("-" * w for w in widths))
    lines += [line(row, right) for row in cells]
    return "\n".join(lines) + "\n"


def _markdown(result: QueryResult) -> str:
    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|")

    right = _right_aligned(result)
    lines = ["| " + " | ".join(cell(v) for v in result.variables) + " |"]
    lines.append("| " + " | ".join("---:" if r else "---" for r in right) + " |")
    for row in result.rows:
        lines.append("| " + " | ".join(cell(_short(value)) for value in row) + " |")
    return "\n".join(lines) + "\n"


def _python(value: Node) -> Any:
    if isinstance(value, Literal):
        return value.toPython()
    return str(value)


# ---------------------------------------------------------------------------------------------
# Named queries


@dataclass(frozen=True)
class NamedQuery:
    """A query file of ``queries/``: its name (file stem), description and parameters."""

    name: str
    path: Path
    description: str
    params: tuple[tuple[str, str], ...] = ()


def queries_dir() -> Path:
    """Where the named queries are: ``graph/queries`` when shipped in the package, else ``queries/``
    at the top of the source tree.

    >>> (queries_dir() / "top-rated.rq").is_file()
    True
    """
    package = Path(__file__).resolve().parent.parent
    packaged = package / "queries"
    if packaged.is_dir():
        return packaged
    return package.parent / "queries"


def _header(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    description = ""
    params = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        param = re.match(r"param:\s*\??(\w+)\s*(?:—|–|--|-|:)?\s*(.*)", body)
        if param:
            params.append((param.group(1), param.group(2).strip()))
        elif not description and body:
            description = body
    return description, tuple(params)


def list_queries(directory: str | Path | None = None) -> list[NamedQuery]:
    """The named queries (``*.rq``) sorted by name, with their header's description and params.

    Examples
    --------
    >>> names = [q.name for q in list_queries()]
    >>> "top-rated" in names and names == sorted(names)
    True
    """
    folder = Path(directory) if directory is not None else queries_dir()
    found = []
    for path in sorted(folder.glob("*.rq")):
        description, params = _header(path.read_text(encoding="utf-8"))
        found.append(NamedQuery(path.stem, path, description, params))
    return found


def find_query(name_or_file: str | Path, directory: str | Path | None = None) -> Path:
    """Resolve ``name_or_file``: an existing file, else the named query ``queries/NAME.rq``.

    Raises
    ------
    BadQuery
        If it is neither (the message lists the closest names).
    """
    path = Path(name_or_file)
    if path.is_file():
        return path
    folder = Path(directory) if directory is not None else queries_dir()
    stem = path.name[:-3] if path.name.endswith(".rq") else path.name
    candidate = folder / f"{stem}.rq"
    if candidate.is_file():
        return candidate
    import difflib

    names = [q.name for q in list_queries(folder)]
    close = difflib.get_close_matches(stem, names, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `notekg queries` lists them"
    raise BadQuery(f"no query file or named query {str(name_or_file)!r}{hint}")


def read_query(name_or_file: str | Path, directory: str | Path | None = None) -> str:
    """The text of a query file or named query (see :func:`find_query`)."""
    path = find_query(name_or_file, directory)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise BadQuery(f"cannot read query {path}: {e}") from None
