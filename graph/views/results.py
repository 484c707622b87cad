"""The answers of :func:`graph.views.sparql.run_query`, and how they print: a table, CSV, TSV,
JSON or Markdown.

A :class:`QueryResult` keeps Oxigraph's terms and makes rdflib terms when asked for them;
printing reads the Oxigraph terms, so ``notekg query`` never loads rdflib. SELECT rows print in
the chosen format; ASK prints ``true``/``false``; CONSTRUCT and DESCRIBE print Turtle whatever
the format.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence, cast

import pyoxigraph as ox

from graph.domain import DEFAULT_BASE, PREFIXES, compact_iri
from graph.formats import RESULT_FORMATS
from graph.rdf.turtle import turtle_of_triples

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

__all__ = ["QueryResult", "OUTPUT_FORMATS", "format_result"]

#: Output formats of :func:`format_result`.
OUTPUT_FORMATS = RESULT_FORMATS

_TABLE_CELL_LIMIT = 80

_XSD = PREFIXES["xsd"]
_XSD_STRING = _XSD + "string"
_NUMERIC = frozenset(
    _XSD + name
    for name in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger", "positiveInteger")
)


class QueryResult:
    """The answer to a query.

    ``kind`` is ``"select"`` (``variables`` and ``rows``), ``"ask"`` (``boolean``) or ``"graph"``
    for CONSTRUCT and DESCRIBE (``graph``, an :class:`rdflib.Graph`). ``rows`` and ``graph`` hold
    rdflib terms; ``terms`` and ``triples`` the same as Oxigraph terms (what printing reads, so
    that ``notekg query`` never loads rdflib). Each is made from the other when first asked for.
    ``truncated`` is true when a row limit left rows out. Iterating gives the rows;
    ``bool(result)`` is the ASK answer, or whether there are rows or triples.

    >>> from rdflib import Literal
    >>> QueryResult("select", ["n"], [(Literal(3),)]).dicts()
    [{'n': 3}]
    """

    def __init__(
        self,
        kind: str,
        variables: Sequence[str] = (),
        rows: Iterable[tuple["Node | None", ...]] | None = None,
        boolean: bool | None = None,
        graph: "Graph | None" = None,
        *,
        terms: Iterable[tuple[Any, ...]] | None = None,
        triples: Iterable[ox.Triple] | None = None,
        truncated: bool = False,
    ):
        self.kind = kind
        self.variables = list(variables)
        self.boolean = boolean
        self.truncated = truncated
        self._rows = list(rows) if rows is not None else None
        self._terms = list(terms) if terms is not None else None
        self._graph = graph
        self._triples = list(triples) if triples is not None else None

    # The rdflib bridge is imported on first use: the terms come from rdflib (already loaded)
    # or go to a caller who asked for rdflib terms; `notekg query` needs neither.

    @property
    def rows(self) -> list[tuple["Node | None", ...]]:
        """The rows as rdflib terms (None for an unbound variable)."""
        if self._rows is None:
            from graph.terms import from_oxigraph

            self._rows = [tuple(from_oxigraph(t) for t in row) for row in self._terms or ()]
        return self._rows

    @property
    def terms(self) -> list[tuple[Any, ...]]:
        """The rows as Oxigraph terms (None for an unbound variable)."""
        if self._terms is None:
            from graph.terms import to_oxigraph

            self._terms = [tuple(None if t is None else to_oxigraph(t) for t in row) for row in self._rows or ()]
        return self._terms

    @property
    def graph(self) -> "Graph | None":
        """The triples of a CONSTRUCT or DESCRIBE as an :class:`rdflib.Graph` (None otherwise)."""
        if self._graph is None and self._triples is not None:
            from graph.terms import from_oxigraph
            from rdflib import Graph

            g = Graph()
            for prefix, namespace in {**PREFIXES, "id": DEFAULT_BASE}.items():
                g.bind(prefix, namespace, override=True, replace=True)
            for triple in self._triples:
                g.add((from_oxigraph(triple.subject), from_oxigraph(triple.predicate), from_oxigraph(triple.object)))  # type: ignore[arg-type]
            self._graph = g
        return self._graph

    @property
    def triples(self) -> list[ox.Triple]:
        """The triples of a CONSTRUCT or DESCRIBE as Oxigraph triples (empty otherwise)."""
        if self._triples is None:
            from graph.terms import to_oxigraph

            graph = self._graph if self._graph is not None else ()
            self._triples = [ox.Triple(*(cast(Any, to_oxigraph(t)) for t in triple)) for triple in graph]
        return self._triples

    def __iter__(self) -> Iterator[tuple["Node | None", ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        if self.kind == "graph":
            return len(self.triples)
        return len(self._terms if self._terms is not None else self.rows)

    def __bool__(self) -> bool:
        if self.kind == "ask":
            return bool(self.boolean)
        return len(self) > 0

    def __repr__(self) -> str:
        return f"<QueryResult {self.kind}: {len(self) if self.kind != 'ask' else self.boolean}>"

    def dicts(self) -> list[dict[str, Any]]:
        """Rows as dicts of Python values (``int`` for integers, ``str`` for IRIs), unbound left out."""
        from rdflib import Literal

        return [
            {
                name: value.toPython() if isinstance(value, Literal) else str(value)
                for name, value in zip(self.variables, row)
                if value is not None
            }
            for row in self.rows
        ]


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
        return turtle_of_triples(result.triples)
    if fmt == "json":
        return _json(result)
    if fmt in ("csv", "tsv"):
        return _delimited(result, fmt)
    if fmt == "md":
        return _markdown(result)
    return _table(result)


def _json(result: QueryResult) -> str:
    bindings = []
    for row in result.terms:
        binding: dict[str, Any] = {}
        for name, value in zip(result.variables, row):
            if value is None:
                continue
            if isinstance(value, ox.NamedNode):
                binding[name] = {"type": "uri", "value": value.value}
            elif isinstance(value, ox.BlankNode):
                binding[name] = {"type": "bnode", "value": value.value}
            else:
                term: dict[str, str] = {"type": "literal", "value": value.value}
                if value.language:
                    term["xml:lang"] = value.language
                elif value.datatype.value != _XSD_STRING:
                    term["datatype"] = value.datatype.value
                binding[name] = term
        bindings.append(binding)
    document = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _plain(value: Any) -> str:
    return "" if value is None else str(value.value)


def _delimited(result: QueryResult, fmt: str) -> str:
    out = io.StringIO()
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.variables)
        for row in result.terms:
            writer.writerow([_plain(value) for value in row])
        return out.getvalue()
    escape = str.maketrans({"\t": "\\t", "\n": "\\n", "\r": "\\r", "\\": "\\\\"})
    lines = ["\t".join(result.variables)]
    lines += ["\t".join(_plain(value).translate(escape) for value in row) for row in result.terms]
    return "\n".join(lines) + "\n"


def _short(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, ox.NamedNode):
        return compact_iri(value.value) or value.value
    return re.sub(r"\s*[\r\n\t]\s*", " ", str(value.value))


def _numeric(value: Any) -> bool:
    return isinstance(value, ox.Literal) and value.datatype.value in _NUMERIC


def _right_aligned(result: QueryResult) -> list[bool]:
    columns = list(zip(*result.terms)) if result.terms else [() for _ in result.variables]
    return [
        any(v is not None for v in column) and all(v is None or _numeric(v) for v in column)
        for column in columns
    ]


def _cut(text: str, limit: int = _TABLE_CELL_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _table(result: QueryResult) -> str:
    cells = [[_cut(_short(value)) for value in row] for row in result.terms]
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
    for row in result.terms:
        lines.append("| " + " | ".join(cell(_short(value)) for value in row) + " |")
    return "\n".join(lines) + "\n"
