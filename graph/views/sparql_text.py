"""Read SPARQL text without parsing it: what a query is before an engine sees it.

Oxigraph's parser and evaluator recurse, and a hostile query overflows their stack: a query
nested 50,000 brackets deep, or a chain of 50,000 ``+`` or ``UNION``, kills the process (SIGSEGV)
instead of raising. :func:`check_query` looks at the text first and refuses such a query with one
line, along with a ``SERVICE`` call (Oxigraph would send it over HTTP) unless allowed. The limits
leave real queries far behind (the named queries nest at most 5 deep and have under 300 terms)
and stay well under where Oxigraph crashes here (about 2,000 nested brackets; 3,000
``BIND``/``MINUS`` or 8,000 ``+`` in a row).

The same reading prepares a query for a remote endpoint: :func:`with_prefixes` declares the
predeclared prefixes a query uses, :func:`bind_values` binds parameters with a ``VALUES`` block.

Comments, strings and IRIs are blanked out before any of this (:func:`blank_out`), so a keyword
or bracket inside them counts for nothing.

Examples
--------
>>> check_query("SELECT * WHERE { ?s ?p ?o }")
>>> check_query("SELECT * WHERE " + "{" * 500 + "}" * 500)
Traceback (most recent call last):
...
graph.views.sparql_text.QueryTooComplex: the query nests brackets 500 deep; notekg runs queries nested at most 64 deep
>>> check_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
graph.views.sparql_text.ServiceRefused: SERVICE at line 1, column 18 would send the query to another endpoint: refused (notekg query --allow-service allows it)
"""

from __future__ import annotations

import re
from typing import Mapping

from graph.errors import BadQuery

__all__ = [
    "MAX_DEPTH",
    "MAX_TERMS",
    "ServiceRefused",
    "QueryTooComplex",
    "blank_out",
    "update_keyword",
    "check_query",
    "nesting_depth",
    "count_terms",
    "service_position",
    "with_prefixes",
    "mentions_variable",
    "bind_values",
]

#: The deepest bracket nesting (``{ ( [``) notekg runs.
MAX_DEPTH = 64

#: The most terms (words, names, numbers, operators; strings and IRIs count one) notekg runs.
MAX_TERMS = 5000

_BLANKED = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)

_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}

_PROLOGUE = re.compile(r"\s*(?:PREFIX\s+[^\s:]*:\s*|BASE\s*)", re.IGNORECASE)

_TERM = re.compile(r"[?$]\w+|[A-Za-z_][\w.-]*:[\w.:%-]*|\w[\w.-]*|&&|\|\||\^\^|!=|<=|>=|[^\s\w]")


class ServiceRefused(BadQuery):
    """A local query uses ``SERVICE`` (a call to another endpoint) without being allowed to."""

    def __init__(self, line: int, column: int):
        self.line, self.column = line, column
        super().__init__(
            f"SERVICE at line {line}, column {column} would send the query to another endpoint: "
            "refused (notekg query --allow-service allows it)"
        )

    def __reduce__(self) -> tuple[type, tuple[int, int]]:  # sent whole from a query's child process
        return (ServiceRefused, (self.line, self.column))


class QueryTooComplex(BadQuery):
    """A query nests deeper or runs longer than Oxigraph can parse without overflowing its stack."""


def blank_out(sparql: str) -> str:
    """The query with comments, strings and IRIs blanked out (same length, so positions hold).

    >>> blank_out('ASK { <urn:x> ?p "}" } # }')
    'ASK {         ?p     }    '
    """
    return _BLANKED.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), sparql)


def _after_prologue(text: str) -> int:
    """The offset just past the PREFIX and BASE declarations of blanked text."""
    position = 0
    while True:
        match = _PROLOGUE.match(text, position)
        if not match or match.end() == position:
            return position
        position = match.end()


def update_keyword(sparql: str) -> str | None:
    """The keyword of a SPARQL Update (``INSERT``, ``DELETE``, ``DROP``...), or None for a query.

    >>> update_keyword("PREFIX nk: <urn:x#> DELETE WHERE { ?s nk:p ?o }"), update_keyword("ASK {}")
    ('DELETE', None)
    """
    text = blank_out(sparql)
    first = re.match(r"\s*([A-Za-z]+)", text[_after_prologue(text) :])
    if first and first.group(1).upper() in _UPDATE_KEYWORDS:
        return first.group(1).upper()
    return None


def _position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def nesting_depth(text: str) -> int:
    """The deepest nesting of ``{``, ``(`` and ``[`` in already blanked text.

    >>> nesting_depth("SELECT * { ?s ?p ?o FILTER((1 + 2) > 0) }")
    3
    """
    depth = deepest = 0
    for char in text:
        if char in "{([":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif char in "})]" and depth:
            depth -= 1
    return deepest


def count_terms(text: str) -> int:
    """How many terms (words, names, variables, numbers, operators) blanked text holds.

    >>> count_terms("SELECT ?x WHERE { ?x nk:rating 9 FILTER(?x != 1) }")
    14
    """
    return sum(1 for _ in _TERM.finditer(text))


def service_position(text: str) -> tuple[int, int] | None:
    """Line and column of the first ``SERVICE`` keyword of blanked text, or None.

    A variable or prefixed name containing the word (``?service``, ``nk:service``) is not one.

    >>> service_position("SELECT ?service WHERE {\\n  service <x> {} }")
    (2, 3)
    """
    match = re.search(r"(?<![\w?$:.-])SERVICE(?![\w:.-])", text, re.IGNORECASE)
    return _position(text, match.start()) if match else None


def check_query(sparql: str, *, allow_service: bool = False) -> None:
    """Refuse a query that would crash the engine, or call out with ``SERVICE``.

    Raises
    ------
    QueryTooComplex
        If brackets nest deeper than :data:`MAX_DEPTH` or there are more than :data:`MAX_TERMS`
        terms.
    ServiceRefused
        If the query uses ``SERVICE`` and ``allow_service`` is false.
    """
    text = blank_out(sparql)
    depth = nesting_depth(text)
    if depth > MAX_DEPTH:
        raise QueryTooComplex(
            f"the query nests brackets {depth} deep; notekg runs queries nested at most {MAX_DEPTH} deep"
        )
    terms = count_terms(text)
    if terms > MAX_TERMS:
        raise QueryTooComplex(f"the query has {terms} terms; notekg runs queries of at most {MAX_TERMS} terms")
    if not allow_service:
        where = service_position(text)
        if where:
            raise ServiceRefused(*where)


# ---------------------------------------------------------------------------------------------
# For a remote endpoint: prefixes and parameters in the text itself


def with_prefixes(sparql: str, prefixes: Mapping[str, str]) -> str:
    """Declare, in front of the query, each of ``prefixes`` that it uses but does not declare.

    Remote endpoints know no predeclared prefixes; a named query that declares its own goes out
    unchanged.

    >>> print(with_prefixes("SELECT ?p WHERE { ?p a nk:Paper }", {"nk": "https://w3id.org/notekg/vocab#",
    ...                                                        "owl": "http://www.w3.org/2002/07/owl#"}))
    PREFIX nk: <https://w3id.org/notekg/vocab#>
    SELECT ?p WHERE { ?p a nk:Paper }
    >>> with_prefixes("PREFIX nk: <urn:x#> ASK { ?p a nk:Paper }", {"nk": "https://w3id.org/notekg/vocab#"})
    'PREFIX nk: <urn:x#> ASK { ?p a nk:Paper }'
    """
    text = blank_out(sparql)
    declared = set(re.findall(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?:", text))
    used = {m.group(1) for m in re.finditer(r"(?<![\w:?$.-])([A-Za-z][\w.-]*):(?=[\w%\\]|\s|$)", text)}
    missing = [name for name in prefixes if name in used and name not in declared]
    lines = [f"PREFIX {name}: <{prefixes[name]}>\n" for name in missing]
    return "".join(lines) + sparql


def mentions_variable(sparql: str, name: str) -> bool:
    """Whether ``?name`` or ``$name`` occurs in the query (outside strings and comments).

    >>> mentions_variable("SELECT ?topic WHERE { ?p nk:x ?topic }", "topic"), mentions_variable("ASK {}", "t")
    (True, False)
    """
    return re.search(rf"[?$]{re.escape(name)}(?!\w)", blank_out(sparql)) is not None


def _closing(text: str, opening: int) -> int:
    """The offset of the bracket closing the one at ``opening``."""
    pairs = {"{": "}", "(": ")", "[": "]"}
    close = pairs[text[opening]]
    depth = 0
    for offset in range(opening, len(text)):
        if text[offset] == text[opening]:
            depth += 1
        elif text[offset] == close:
            depth -= 1
            if depth == 0:
                return offset
    raise BadQuery("the query's brackets do not balance")


def _where_brace(text: str) -> int:
    """The offset of the ``{`` opening the query's top-level WHERE group."""
    position = _after_prologue(text)
    form = re.match(r"\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", text[position:], re.IGNORECASE)
    if not form:
        raise BadQuery("parameters need a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    offset = position + form.end()
    if form.group(1).upper() == "CONSTRUCT":
        template = re.match(r"\s*\{", text[offset:])
        if template:
            offset = _closing(text, offset + template.end() - 1) + 1
    while offset < len(text):
        char = text[offset]
        if char == "{":
            return offset
        offset = _closing(text, offset) + 1 if char == "(" else offset + 1
    raise BadQuery("the query has no WHERE group to bind parameters in")


def bind_values(sparql: str, values: Mapping[str, str]) -> str:
    """Bind variables by a ``VALUES`` block at the start of the query's WHERE group.

    ``values`` maps variable names to terms in SPARQL syntax (``<iri>``, ``"text"``,
    ``"9"^^<...#integer>``). The block joins with the rest of the group, so a variable used only in
    a ``FILTER`` (declared with ``VALUES ?name { UNDEF }``) is bound as with Oxigraph's
    substitutions. This is how a parameter reaches an endpoint: the SPARQL 1.1 Protocol has no
    other way.

    >>> bind_values("SELECT ?t WHERE { ?p nk:rating ?r }", {"r": "9"})
    'SELECT ?t WHERE { VALUES (?r) { (9) } ?p nk:rating ?r }'
    >>> bind_values("SELECT * WHERE { SELECT ?r WHERE { ?p nk:rating ?r } }", {"r": "9"})
    'SELECT * WHERE { VALUES (?r) { (9) } { SELECT ?r WHERE { ?p nk:rating ?r } } }'
    """
    if not values:
        return sparql
    text = blank_out(sparql)
    brace = _where_brace(text)
    names = " ".join(f"?{name}" for name in values)
    terms = " ".join(values.values())
    block = f" VALUES ({names}) {{ ({terms}) }}"
    inner = re.match(r"\s*SELECT\b", text[brace + 1 :], re.IGNORECASE)
    if inner:  # a group that is a sub-select: the block cannot precede it, so wrap it in a group
        end = _closing(text, brace)
        return sparql[: brace + 1] + block + " {" + sparql[brace + 1 : end] + "} " + sparql[end:]
    return sparql[: brace + 1] + block + sparql[brace + 1 :]
