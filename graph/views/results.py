"""Print the answers of :func:`graph.views.sparql.run_query`: a table, CSV, TSV, JSON or Markdown.

Printing reads the Oxigraph terms of a result, so ``notekg query`` never loads rdflib. SELECT
rows print in the chosen format; ASK prints ``true``/``false``; CONSTRUCT and DESCRIBE print
Turtle whatever the format.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any, Sequence

import pyoxigraph as ox

from graph.domain import PREFIXES, compact_iri
from graph.formats import RESULT_FORMATS
from graph.rdf.turtle import turtle_of_triples
from graph.views.sparql import QueryResult

__all__ = ["OUTPUT_FORMATS", "format_result"]

#: Output formats of :func:`format_result`.
OUTPUT_FORMATS = RESULT_FORMATS

_TABLE_CELL_LIMIT = 80

_XSD = PREFIXES["xsd"]
_XSD_STRING = _XSD + "string"
_NUMERIC = frozenset(
    _XSD + name
    for name in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger", "positiveInteger")
)


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
    >>> from graph.views.sparql import QueryResult
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
