"""Checks on an RDF file a user hands over (``--graph``, ``--vocab``), before and after rdflib reads it.

rdflib follows a JSON-LD ``@context`` that is a URL over HTTP, and fails with tracebacks on a
context that is a number; it also accepts IRIs that Oxigraph (our Turtle writer and query
store) refuses. So: JSON-LD contexts must be written out in the file (objects, or lists of
them), and every IRI of a loaded graph must be valid.

>>> import json, tempfile, pathlib
>>> doc = pathlib.Path(tempfile.mkdtemp()) / "remote.jsonld"
>>> _ = doc.write_text(json.dumps({"@context": "https://example.org/context.jsonld", "@id": "urn:a"}))
>>> check_jsonld(doc)
Traceback (most recent call last):
...
graph.errors.NotekgError: ...remote.jsonld: JSON-LD @context 'https://example.org/context.jsonld' is a reference to another document; notekg reads only contexts written out in the file
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

import pyoxigraph as ox

from graph.errors import NotekgError

if TYPE_CHECKING:
    from rdflib.graph import Graph

__all__ = ["is_iri", "check_jsonld", "check_iris"]


def is_iri(value: str) -> bool:
    """Whether ``value`` is an absolute IRI the RDF writers accept (Oxigraph's parser judges).

    >>> is_iri("urn:x"), is_iri("not a url"), is_iri(""), is_iri("http://a/\\ue000")
    (True, False, False, False)
    """
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


def check_jsonld(path: Path) -> str:
    """Return the text of a JSON-LD file whose contexts are all inline objects.

    Raises
    ------
    NotekgError
        If the file is not JSON, is not a JSON object or array, or holds an ``@context`` (or
        ``@import``) that refers to another document or is not an object.
    """
    try:
        text = path.read_text(encoding="utf-8")
        document = json.loads(text)
    except UnicodeDecodeError as e:
        raise NotekgError(f"{path}: not valid UTF-8 at byte {e.start}") from None
    except json.JSONDecodeError as e:
        raise NotekgError(f"{path}: not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})") from None
    except RecursionError:
        raise NotekgError(f"{path}: JSON nested too deeply") from None
    if not isinstance(document, (dict, list)):
        raise NotekgError(f"{path}: not JSON-LD: the document is a {type(document).__name__}, not an object or array")
    for context in _contexts(document):
        for item in context if isinstance(context, list) else [context]:
            if isinstance(item, str):
                raise NotekgError(
                    f"{path}: JSON-LD @context {item!r} is a reference to another document; "
                    "notekg reads only contexts written out in the file"
                )
            if item is not None and not isinstance(item, dict):
                raise NotekgError(f"{path}: JSON-LD @context must be an object or a list of objects, not {item!r}")
            if isinstance(item, dict) and "@import" in item:
                raise NotekgError(f"{path}: JSON-LD @import {item['@import']!r} is refused: it would fetch a document")
    return text


def _contexts(value: Any) -> Iterator[Any]:
    """Every ``@context`` value anywhere in the document (scoped contexts included)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, child in item.items():
                if key == "@context":
                    yield child
                stack.append(child)
        elif isinstance(item, list):
            stack.extend(item)


def check_iris(graph: Graph, path: Path) -> None:
    """Refuse a loaded graph holding an IRI the writers would choke on.

    Raises
    ------
    NotekgError
        Naming the first such IRI.
    """
    from rdflib import Dataset, Literal, URIRef  # whoever made the graph has loaded rdflib

    seen: set[URIRef] = set()

    def check(term: Any) -> None:
        if isinstance(term, Literal) and term.datatype is not None:
            term = term.datatype
        if isinstance(term, URIRef) and term not in seen:
            if not is_iri(str(term)):
                raise NotekgError(f"{path}: not valid RDF: {str(term)!r} is not a valid IRI")
            seen.add(term)

    for triple in graph.triples((None, None, None)):
        for term in triple:
            check(term)
    for context in graph.graphs() if isinstance(graph, Dataset) else ():
        check(context.identifier)
