"""Build the knowledge graph from notes, write it, and load it back.

This module strings the stages together — parse → extract → model — and holds the result in a
:class:`KnowledgeGraph`, whose views (networkx, SPARQL) are computed from the RDF on demand.

Examples
--------
>>> import tempfile, pathlib
>>> notes = pathlib.Path(tempfile.mkdtemp()) / "cvpr.md"
>>> _ = notes.write_text("## Detection\\n- [7/10] [FCOS: One-Stage](https://arxiv.org/abs/1904.01355)\\n")
>>> kg = build_graph([notes])
>>> [p.title for p in kg.notes[0].papers]
['FCOS: One-Stage']
>>> written = kg.write(notes.parent / "out")
>>> sorted(p.name for p in written)
['graph.html', 'graph.nq', 'graph.ttl']
>>> len(load_graph(notes.parent / "out" / "graph.nq").rdf) == len(kg.rdf)
True
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from rdflib import Dataset
from rdflib.exceptions import ParserError

from graph.atomic import output_set
from graph.errors import NotekgError, NotesNotFound
from graph.extract.facts import Facts, extract_facts
from graph.extract.lexicon import load_lexicon
from graph.rdf.quads import Quad, default_graph, model_quads, new_dataset, quads_to_dataset
from graph.parse.notes import MARKDOWN_SUFFIXES, Notes, find_notes_files, parse_notes
from graph.extract.relations import find_relations
from graph.extract.warnings import note_warnings
from graph.rdf_input import check_iris, check_jsonld
from graph.rdf.terms import check_base
from graph.vocab import DEFAULT_BASE

if TYPE_CHECKING:
    import networkx as nx

    from graph.views.query import QueryResult

__all__ = ["KnowledgeGraph", "build_graph", "load_graph", "DEFAULT_NOTES", "DEFAULT_OUTPUT"]

DEFAULT_NOTES = Path("notes")
DEFAULT_OUTPUT = Path("exports")
RDF_SUFFIXES = {".nq": "nquads", ".trig": "trig", ".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}

Progress = Callable[[str], None]


class KnowledgeGraph:
    """The built graph: ``.rdf`` (rdflib Dataset) is the truth; ``.nx`` and ``.query`` are views.

    A graph built from notes keeps the model's statements and makes the rdflib Dataset only
    when asked for it, so writing a large build's files needs no rdflib store.
    """

    def __init__(
        self,
        rdf: Dataset | None = None,
        notes: Sequence[Notes] = (),
        facts: Facts | None = None,
        *,
        quads: list[Quad] | None = None,
        base: str = DEFAULT_BASE,
        warnings: Sequence[str] = (),
    ):
        if rdf is None and quads is None:
            raise ValueError("a KnowledgeGraph needs a dataset or quads")
        self._rdf = rdf
        self._quads = quads
        self.base = base
        self.notes = list(notes)
        self.facts = facts
        #: What the build reports without stopping, one ``file:line: problem`` line each.
        self.warnings = list(warnings)

    @property
    def rdf(self) -> Dataset:
        """The graph as an rdflib Dataset: one named graph per notes file, queried as their union."""
        if self._rdf is None:
            assert self._quads is not None
            self._rdf = quads_to_dataset(self._quads, base=self.base)
        return self._rdf

    def quads(self) -> list[Quad]:
        """Every statement with its named graph (None for the default graph)."""
        if self._quads is None:
            from graph.views.export import statements_of

            self._quads = list(statements_of(self.rdf))
        return self._quads

    @cached_property
    def nx(self) -> "nx.MultiDiGraph":
        """The graph as a networkx MultiDiGraph (see :func:`graph.views.network.to_networkx`)."""
        from graph.views.network import to_networkx

        return to_networkx(self.rdf)

    def query(self, sparql: str, **params: Any) -> "QueryResult":
        """Run SPARQL on Oxigraph; keyword arguments bind variables (see :mod:`graph.views.query`)."""
        from graph.views.query import run_query

        return run_query(self.rdf, sparql, params)

    def write(self, directory: str | Path = DEFAULT_OUTPUT, *, page: bool = True) -> list[Path]:
        """Write ``graph.ttl`` (for people), ``graph.nq`` (named graphs, for tools) and
        ``graph.html`` (the interactive page; ``page=False`` leaves it out).

        The files are written into a temporary folder and moved into place together once all
        are written, so a failure or a signal leaves the previous build's files as they were.
        """
        from graph.views.export import serialize_graph

        with output_set(directory) as files:
            written = [files.write_text(name, serialize_graph(self, fmt))
                       for name, fmt in (("graph.ttl", "ttl"), ("graph.nq", "nq"))]
            if page:
                from graph.views.page import render_page

                written.append(files.write_text("graph.html", render_page(self)))
        return written


def _parse_problem(error: Exception) -> str:
    """rdflib's parse errors in one line: "line 1: expected directive or statement"."""
    text = str(error)
    line = re.search(r"at line (\d+)", text)
    problem = re.search(r"Bad syntax \((.*?)\) at", text)
    if problem:
        return f"line {line.group(1)}: {problem.group(1)}" if line else problem.group(1)
    lines = [part for part in text.strip().splitlines() if part.strip()]
    return lines[0] if lines else type(error).__name__


def build_graph(
    paths: Iterable[str | Path] = (DEFAULT_NOTES,),
    *,
    base: str = DEFAULT_BASE,
    vocab: Iterable[str | Path] = (),
    event: str | None = None,
    progress: Progress | None = None,
) -> KnowledgeGraph:
    """Parse notes files (or folders of them) and build one knowledge graph.

    Parameters
    ----------
    paths
        Markdown files and folders (searched recursively for ``*.md``).
    base
        Namespace of the data IRIs.
    vocab
        Extra lexicon files (SKOS Turtle) added to the shipped techniques lexicon.
    event
        The event the notes come from, when neither front matter nor title say it.
    progress
        Called with a short message as each stage starts (the CLI shows a progress bar).

    Raises
    ------
    NotesNotFound, BadNotes, BadVocabulary
        For missing paths, unreadable notes, broken lexicon files.
    """
    say = progress or (lambda message: None)
    check_base(base)
    files = find_notes_files(paths)
    parsed = []
    for file in files:
        say(f"parse {file}")
        parsed.append(parse_notes(file))
    say("extract")
    # Load the lexicon before extracting, so a broken --vocab file fails fast.
    lexicon = load_lexicon(vocab)
    facts = extract_facts(parsed, event=event, relations=lambda f: find_relations(f, lexicon))
    say("model")
    quads = model_quads(facts, base=base, lexicon_graph=lexicon.graph)
    return KnowledgeGraph(None, parsed, facts, quads=quads, base=base, warnings=note_warnings(parsed))


def load_graph(path: str | Path = DEFAULT_OUTPUT / "graph.nq") -> KnowledgeGraph:
    """Load a built graph (``graph.nq``, ``.trig``, ``.ttl``...) or build one from notes.

    A markdown file or a folder is built on the fly, so every command that reads a graph
    also accepts notes.

    Raises
    ------
    NotesNotFound
        If there is nothing at ``path`` (with a hint to run ``notekg build``).
    NotekgError
        If an RDF file does not parse.
    """
    path = Path(path)
    if path.is_dir() and (path / "graph.nq").is_file():
        path = path / "graph.nq"
    if path.is_dir() or path.suffix.lower() in MARKDOWN_SUFFIXES:
        return build_graph([path])
    if not path.exists():
        hint = " (run `notekg build` first, or pass --graph notes/)" if path.name == "graph.nq" else ""
        raise NotesNotFound(f"no graph at {path}{hint}")
    if not path.is_file():  # a FIFO or a device would be read forever
        raise NotekgError(f"{path}: not a regular file")
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise NotekgError(f"{path}: unknown graph format (use .nq, .trig, .ttl, .nt or .jsonld)")
    ds = new_dataset()
    try:
        if fmt in ("turtle", "nt"):
            default_graph(ds).parse(path, format=fmt)
        elif fmt == "json-ld":
            # Checked first: rdflib would fetch a remote @context over HTTP.
            ds.parse(data=check_jsonld(path), format=fmt, publicID=path.resolve().as_uri())
        else:
            ds.parse(path, format=fmt)
    except (ParserError, SyntaxError, ValueError) as e:
        raise NotekgError(f"{path}: not valid RDF: {_parse_problem(e)}") from None
    except (TypeError, AttributeError, KeyError, UnboundLocalError) as e:  # rdflib's JSON-LD reader
        raise NotekgError(f"{path}: not valid RDF: {_parse_problem(e)}") from None
    check_iris(ds, path)
    return KnowledgeGraph(ds)
