"""Check a built graph against notekg's SHACL shapes (``data/shapes.ttl``) with pySHACL.

The shapes cover papers (label, title, a 0–10 rating, IRI links, provenance), ratings as
written, notes that are not papers, topics, lexicon concepts, typed relations (objects are concepts or papers; every edge has evidence) and
the evidence itself (subject, predicate, object, quote, rule, line, notes file). The union of all
named graphs plus the default graph (ontology, lexicon) is checked in one pass, so
``rdfs:subClassOf`` links of the ontology make a workshop count as a topic.

Usage::

    from graph.views.validate import validate_graph
    report = validate_graph(kg.rdf)
    print(report.summary())
    for v in report.violations:
        print(v)

Examples
--------
>>> from rdflib import Dataset, Literal, URIRef, RDF
>>> from graph.vocab import NK
>>> ds = Dataset(default_union=True)
>>> g = ds.graph(URIRef("https://w3id.org/notekg/id/notes/demo"))
>>> _ = g.add((URIRef("https://w3id.org/notekg/id/paper/p"), RDF.type, NK.Paper))
>>> report = validate_graph(ds)
>>> report.conforms
False
>>> print(report.violations[0])
id:paper/p  dcterms:title  a paper needs a dcterms:title
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from graph.errors import NotekgError
from graph.rdf.ontology import load_ontology
from graph.vocab import NK, PREFIXES, compact_iri

__all__ = ["SHAPES_PATH", "Violation", "ValidationReport", "load_shapes", "validate_graph"]

#: The SHACL shapes shipped in the package.
SHAPES_PATH = Path(__file__).parent.parent / "data" / "shapes.ttl"


#: Checks SHACL core cannot express, run as SPARQL on Oxigraph: (message, query). Each query
#: returns ?focus, ?path and ?value for every failing edge or evidence.
EDGE_CHECKS: tuple[tuple[str, str], ...] = (
    (
        "this edge has no evidence (no nk:Evidence with the same subject, predicate and object)",
        """
        SELECT DISTINCT ?focus ?path ?value WHERE {
          VALUES ?path { nk:proposes nk:uses nk:replaces nk:improves nk:outperforms
                         nk:addresses nk:evaluatedOn nk:relatedTo }
          ?focus ?path ?value .
          FILTER NOT EXISTS {
            ?evidence a nk:Evidence ; rdf:subject ?focus ; rdf:predicate ?path ; rdf:object ?value .
          }
        }
        """,
    ),
    (
        "the evidence describes an edge that is not in the graph",
        """
        SELECT DISTINCT ?focus ?path ?value WHERE {
          ?focus a nk:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?value .
          BIND(rdf:object AS ?path)
          FILTER NOT EXISTS { ?s ?p ?value }
        }
        """,
    ),
)
_COUNTED = (("papers", NK.Paper), ("topics", NK.Topic), ("evidence", NK.Evidence))


@dataclass(frozen=True, order=True)
class Violation:
    """One failed check: the node, the property (path) and what is wrong."""

    focus: str
    path: str
    message: str
    severity: str = "Violation"
    label: str = ""
    value: str = ""

    def __str__(self) -> str:
        who = f"{self.focus} ({self.label})" if self.label else self.focus
        what = self.message
        if self.value and self.value not in what:
            what = f"{what} (value: {self.value})"
        prefix = "" if self.severity == "Violation" else f"{self.severity.lower()}: "
        return f"{who}  {self.path or '-'}  {prefix}{what}"


@dataclass
class ValidationReport:
    """The outcome of :func:`validate_graph`: ``conforms`` plus violations and warnings, sorted."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    warnings: list[Violation] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.conforms

    def summary(self) -> str:
        """One line: whether the graph conforms, what was checked, how many problems.

        >>> ValidationReport(True, counts={"triples": 3, "papers": 1, "topics": 0, "evidence": 0}).summary()
        'conforms: 3 triples, 1 papers, 0 topics, 0 evidence checked against the SHACL shapes'
        """
        checked = ", ".join(f"{n} {name}" for name, n in self.counts.items())
        warnings = f" ({len(self.warnings)} warnings)" if self.warnings else ""
        if self.conforms:
            return f"conforms: {checked} checked against the SHACL shapes{warnings}"
        return f"does not conform: {len(self.violations)} violations{warnings} in {checked}"

    def text(self) -> str:
        """The summary line, then one line per violation and warning."""
        lines = [self.summary()]
        lines += [f"  {v}" for v in self.violations]
        lines += [f"  {w}" for w in self.warnings]
        return "\n".join(lines) + "\n"


@lru_cache(maxsize=1)
def _shapes_triples() -> tuple[tuple[Node, Node, Node], ...]:
    g = Graph()
    g.parse(SHAPES_PATH, format="turtle")
    return tuple(g)


def load_shapes() -> Graph:
    """Return the SHACL shapes graph shipped in ``data/shapes.ttl``.

    >>> from rdflib import RDF
    >>> from rdflib.namespace import SH
    >>> len(set(load_shapes().subjects(RDF.type, SH.NodeShape)))
    7
    """
    g = Graph()
    for triple in _shapes_triples():
        g.add(triple)
    return g


def validate_graph(graph: Dataset | Graph, *, shapes: Graph | None = None) -> ValidationReport:
    """Validate a built graph with pySHACL.

    Parameters
    ----------
    graph
        The knowledge graph (:attr:`KnowledgeGraph.rdf`), or any rdflib graph. The ontology is
        added when the graph does not already hold it, so subclass links are known.
    shapes
        Another shapes graph (default: :func:`load_shapes`).

    Returns
    -------
    ValidationReport
        ``conforms`` is False when any shape reports a violation; warnings (links kept as text)
        do not make a graph fail.
    """
    import pyshacl

    data = _union(graph)
    if (NK.Paper, RDF.type, None) not in data:
        for triple in load_ontology():
            data.add(triple)
    conforms, results, _ = pyshacl.validate(
        data,
        shacl_graph=shapes if shapes is not None else load_shapes(),
        inference="none",
        allow_warnings=True,
        advanced=True,
    )
    if not isinstance(results, Graph):  # pySHACL could not run the shapes
        raise NotekgError(f"SHACL validation failed to run: {results}")
    violations: list[Violation] = []
    warnings: list[Violation] = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        item = _violation(results, result, data)
        (violations if item.severity == "Violation" else warnings).append(item)
    violations += _edge_violations(data)
    counts = {"triples": len(data)}
    for name, cls in _COUNTED:
        counts[name] = len(set(data.subjects(RDF.type, cls)))
    return ValidationReport(not violations, sorted(set(violations)), sorted(set(warnings)), counts)


def _edge_violations(data: Graph) -> list[Violation]:
    from graph.views.query import run_query, to_store

    store = to_store(data)
    found = []
    for message, sparql in EDGE_CHECKS:
        for focus, path, value in run_query(store, sparql):
            found.append(_described(data, focus, path, message, "Violation", value))
    return found


def _union(graph: Dataset | Graph) -> Graph:
    union = Graph()
    for prefix, namespace in PREFIXES.items():
        union.bind(prefix, namespace, override=True, replace=True)
    if isinstance(graph, Dataset):
        for s, p, o, _ in graph.quads((None, None, None, None)):
            union.add((s, p, o))
    else:
        for triple in graph:
            union.add(triple)
    return union


def _short(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact_iri(str(term)) or f"<{term}>"
    if isinstance(term, Literal):
        text = str(term)
        return repr(text if len(text) <= 60 else text[:59] + "…")
    return str(term)


def _violation(results: Graph, result: Node, data: Graph) -> Violation:
    message = results.value(result, SH.resultMessage)
    severity = results.value(result, SH.resultSeverity)
    return _described(
        data,
        results.value(result, SH.focusNode),
        results.value(result, SH.resultPath),
        str(message) if message is not None else "fails a shape",
        str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        results.value(result, SH.value),
    )


def _described(
    data: Graph, focus: Node | None, path: Node | None, message: str, severity: str, value: Node | None
) -> Violation:
    label = data.value(focus, RDFS.label) if focus is not None else None
    line = data.value(focus, NK.sourceLine) if focus is not None else None
    label_text = str(label) if label is not None else ""
    if len(label_text) > 50:
        label_text = label_text[:49] + "…"
    if line is not None:
        label_text = f"{label_text}, line {line}" if label_text else f"line {line}"
    return Violation(
        focus=_short(focus),
        path=_short(path),
        message=message,
        severity=severity,
        label=label_text,
        value=_short(value) if value is not None and value != focus else "",
    )
