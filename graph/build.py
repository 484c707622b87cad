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

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from rdflib import Dataset
from rdflib.exceptions import ParserError

from .atomic import atomic_write, ensure_directory
from .errors import NotekgError, NotesNotFound
from .extract import Facts, extract_facts
from .model import default_graph, facts_to_rdf, new_dataset
from .notes import MARKDOWN_SUFFIXES, Notes, find_notes_files, parse_notes
from .vocab import DEFAULT_BASE, PREFIXES

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["KnowledgeGraph", "build_graph", "load_graph", "DEFAULT_NOTES", "DEFAULT_OUTPUT"]

DEFAULT_NOTES = Path("notes")
DEFAULT_OUTPUT = Path("exports")
RDF_SUFFIXES = {".nq": "nquads", ".trig": "trig", ".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}

Progress = Callable[[str], None]


class KnowledgeGraph:
    """The built graph: ``.rdf`` (rdflib Dataset) is the truth; ``.nx`` and ``.query`` are views."""

    def __init__(self, rdf: Dataset, notes: Sequence[Notes] = (), facts: Facts | None = None):
        self.rdf = rdf
        self.notes = list(notes)
        self.facts = facts

    @cached_property
    def nx(self) -> "nx.MultiDiGraph":
        """The graph as a networkx MultiDiGraph (see :func:`graph.network.to_networkx`)."""
        from .network import to_networkx

        return to_networkx(self.rdf)

    def query(self, sparql: str, **params: Any) -> Any:
        """Run SPARQL on Oxigraph; keyword arguments bind variables (see :mod:`graph.query`)."""
        from .query import run_query

        return run_query(self.rdf, sparql, params)

    def write(self, directory: str | Path = DEFAULT_OUTPUT, *, page: bool = True) -> list[Path]:
        """Write ``graph.ttl`` (for people), ``graph.nq`` (named graphs, for tools) and
        ``graph.html`` (the interactive page; ``page=False`` leaves it out).

        Each file is written to a temporary name and renamed, so a failure leaves the previous
        build intact.
        """
        folder = ensure_directory(directory)
        written = []
        for name, fmt in (("graph.ttl", "turtle"), ("graph.nq", "nquads")):
            data = serialize(self.rdf, fmt)
            with atomic_write(folder / name) as f:
                f.write(data)
            written.append(folder / name)
        if page:
            from .page import write_page

            write_page(self, folder / "graph.html")
            written.append(folder / "graph.html")
        return written


def serialize(ds: Dataset, fmt: str) -> str:
    """Serialise deterministically and fast (Oxigraph's writers): ``nquads`` or ``turtle``.

    Quads are sorted, so the same notes always give byte-identical files; Turtle holds the
    union of all named graphs (N-Quads keeps them apart).
    """
    import pyoxigraph as ox

    quads = sorted(
        ox.parse(ds.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS),
        key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)),
    )
    if fmt == "nquads":
        return bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS)).decode("utf-8")
    if fmt != "turtle":
        raise ValueError(f"unknown format {fmt}")
    triples = sorted(
        {ox.Triple(q.subject, q.predicate, q.object) for q in quads},
        key=lambda t: (str(t.subject), str(t.predicate), str(t.object)),
    )
    text = bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)).decode("utf-8")
    return _tidy_turtle(text)


def _tidy_turtle(text: str) -> str:
    """Prefixes sorted (the writer's order is not stable), a blank line between subjects."""
    lines = text.splitlines()
    prefixes = sorted(line for line in lines if line.startswith("@prefix"))
    body: list[str] = []
    for line in lines:
        if line.startswith("@prefix"):
            continue
        if body and body[-1].endswith(" .") and not line.startswith(("\t", " ")):
            body.append("")
        body.append(line)
    return "\n".join(prefixes + [""] + body) + "\n"


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
    files = find_notes_files(paths)
    parsed = []
    for file in files:
        say(f"parse {file}")
        parsed.append(parse_notes(file))
    say("extract")
    lexicon = _lexicon(vocab)
    finder = _relation_finder(lexicon)
    facts = extract_facts(parsed, event=event, relations=finder)
    say("model")
    ds = facts_to_rdf(
        facts, base=base, lexicon_graph=lexicon.graph if lexicon is not None else None
    )
    return KnowledgeGraph(ds, parsed, facts)


def _lexicon(vocab: Iterable[str | Path]) -> Any:
    try:
        from .lexicon import load_lexicon
    except ImportError:  # the lexicon module is optional until relations are wired in
        return None
    return load_lexicon(vocab)


def _relation_finder(lexicon: Any) -> Any:
    if lexicon is None:
        return None
    try:
        from .relations import find_relations
    except ImportError:
        return None
    return lambda facts: find_relations(facts, lexicon)


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
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise NotekgError(f"{path}: unknown graph format (use .nq, .trig, .ttl, .nt or .jsonld)")
    ds = new_dataset()
    try:
        if fmt in ("turtle", "nt"):
            default_graph(ds).parse(path, format=fmt)
        else:
            ds.parse(path, format=fmt)
    except (ParserError, SyntaxError, ValueError) as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise NotekgError(f"{path}: not valid RDF: {first}") from None
    return KnowledgeGraph(ds)
