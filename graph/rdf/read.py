"""Read a built graph from disk: into an Oxigraph store for SPARQL, or an rdflib Dataset.

One table of suffixes (:data:`graph.formats.RDF_FILES`) and one way to find the file serve both:
``notekg query`` bulk-loads the file into :class:`pyoxigraph.Store` without importing rdflib; the
other commands read it as an rdflib ``Dataset`` (named graphs kept; a Turtle or N-Triples file
goes into the default graph).

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "graph.nq").write_text(
...     '<https://w3id.org/notekg/id/paper/a> <http://www.w3.org/2000/01/rdf-schema#label> "A" '
...     '<https://w3id.org/notekg/id/notes/a> .\\n')
>>> rdf_file(folder).name
'graph.nq'
>>> len(read_store(folder / "graph.nq")), len(read_dataset(folder / "graph.nq"))
(1, 1)
>>> rdf_file(folder / "notes.md") is None
True
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.errors import NotekgError, NotesNotFound
from graph.formats import RDF_FILES

if TYPE_CHECKING:
    from rdflib import Dataset

__all__ = ["rdf_file", "read_store", "read_dataset", "rdf_syntax_error"]

_SUFFIXES = ", ".join(RDF_FILES)


def rdf_file(path: str | Path) -> Path | None:
    """The RDF file ``path`` names, or None when it names something else (notes).

    A folder holding ``graph.nq`` names that file; another folder, or a file whose suffix is not
    an RDF suffix (``.nq .trig .ttl .nt .jsonld .rdf .owl``), gives None.

    Raises
    ------
    NotesNotFound
        If ``path`` has an RDF suffix but nothing is there (with a hint to build first).
    """
    path = Path(path)
    if path.is_dir():
        return path / "graph.nq" if (path / "graph.nq").is_file() else None
    if path.suffix.lower() not in RDF_FILES:
        return None
    if not path.exists():
        hint = " (run `notekg build` first, or pass --graph notes/)" if path.name == "graph.nq" else ""
        raise NotesNotFound(f"no graph at {path}{hint}")
    if not path.is_file():  # a FIFO or a device would be read forever
        raise NotekgError(f"{path}: not a regular file")
    return path


def _format(path: Path) -> str:
    syntax = RDF_FILES.get(path.suffix.lower())
    if syntax is None:
        raise NotekgError(f"{path}: unknown graph format (use {_SUFFIXES})")
    return syntax.rdflib


def read_store(path: str | Path) -> ox.Store:
    """Bulk-load an RDF file into a new in-memory Oxigraph store.

    Raises
    ------
    NotekgError
        If the suffix is not an RDF suffix, the file cannot be read or is not valid RDF.
    """
    path = Path(path)
    _format(path)
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=getattr(ox.RdfFormat, RDF_FILES[path.suffix.lower()].oxigraph))
    except OSError as e:
        raise NotekgError(f"cannot read {path}: {e.strerror or e}") from None
    except (SyntaxError, ValueError) as e:
        raise rdf_syntax_error(path, e) from None
    return store


def rdf_syntax_error(path: Path, error: Exception) -> NotekgError:
    """The error for a file Oxigraph cannot read as RDF: where, and the first line of why."""
    return NotekgError(f"{path}: not valid RDF: {_first_line(str(error))}")


def read_dataset(path: str | Path) -> "Dataset":
    """Parse an RDF file into an rdflib Dataset, queried as the union of its graphs.

    Raises
    ------
    NotekgError
        If the suffix is not an RDF suffix, or the file is not valid RDF.
    """
    # rdflib takes 0.15 s to import; imported here so that `notekg query`, which reads through
    # Oxigraph, never loads it.
    from rdflib.exceptions import ParserError

    from graph.rdf.datasets import default_graph, new_dataset
    from graph.rdf_input import check_iris, check_jsonld

    path = Path(path)
    fmt = _format(path)
    ds = new_dataset()
    try:
        if fmt in ("turtle", "nt", "xml"):
            default_graph(ds).parse(path, format=fmt)
        elif fmt == "json-ld":
            # Checked first: rdflib would fetch a remote @context over HTTP.
            ds.parse(data=check_jsonld(path), format=fmt, publicID=path.resolve().as_uri())
        else:
            ds.parse(path, format=fmt)
    except OSError as e:
        raise NotekgError(f"cannot read {path}: {e.strerror or e}") from None
    except (ParserError, SyntaxError, ValueError) as e:
        raise NotekgError(f"{path}: not valid RDF: {_parse_problem(e)}") from None
    except (TypeError, AttributeError, KeyError, UnboundLocalError) as e:  # rdflib's JSON-LD reader
        raise NotekgError(f"{path}: not valid RDF: {_parse_problem(e)}") from None
    check_iris(ds, path)
    return ds


def _parse_problem(error: Exception) -> str:
    """rdflib's parse errors in one line: "line 1: expected directive or statement"."""
    text = str(error)
    line = re.search(r"at line (\d+)", text)
    problem = re.search(r"Bad syntax \((.*?)\) at", text)
    if problem:
        return f"line {line.group(1)}: {problem.group(1)}" if line else problem.group(1)
    return _first_line(text) if text.strip() else type(error).__name__


def _first_line(message: str) -> str:
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    return lines[0] if lines else "unknown error"
