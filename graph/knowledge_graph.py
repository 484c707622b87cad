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
['graph.html', 'graph.nq', 'graph.ttl', 'skipped.tsv']
>>> kg.left_out
[]
>>> len(load_graph(notes.parent / "out" / "graph.nq").rdf) == len(kg.rdf)
True
"""

from __future__ import annotations

import gc
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

import pyoxigraph as ox

from graph.atomic import output_set
from graph.build_cache import BuildCache, build_fingerprint, cached_build
from graph.domain import DEFAULT_BASE
from graph.errors import NotekgError, NotesNotFound
from graph.extract.facts import Facts, extract_facts
from graph.extract.lexicon_files import load_lexicon
from graph.extract.relation_halves import find_relations_in_halves
from graph.extract.warnings import note_warnings
from graph.formats import DEFAULT_GRAPH, DEFAULT_NOTES, DEFAULT_OUTPUT, NETWORK_FORMATS, RDF_FILES
from graph.page_cache import PageCache
from graph.parse.notes import MARKDOWN_SUFFIXES, NoteEntry, Notes, find_notes_files, parse_notes
from graph.rdf.blocks import (BlockIndex, Blocks, nquads_of_blocks, statements_of_blocks, turtle_of_blocks, union_count,
                               union_lines)
from graph.rdf.datasets import Quad, quads_to_dataset
from graph.rdf.quads import model_statements
from graph.rdf.read import rdf_file, read_dataset
from graph.rdf.safe_terms import check_base
from graph.rdf.term_text import Statements, rdflib_quads
from graph.rdf.write import (SortedGraphs, nquads_chunks, nquads_of_sorted, sorted_graphs, statements_of,
                              statements_text, to_store, turtle_of_sorted)
from graph.rdf.write import turtle as turtle_text
from graph.views.left_out import SKIPPED_FILE, left_out, skipped_tsv
from graph.workers import TextBeside, WorkBeside

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Dataset

    from graph.views.results import QueryResult

# The networkx view, the page and the exports are imported where they are made: networkx and
# rdflib take 0.1 s each to import, and a build writes its files (its page too), a query answers,
# with neither. So are SPARQL and the store on disk: a build runs no query.

__all__ = ["KnowledgeGraph", "BuildCache", "TURTLE_LIMIT", "build_graph", "load_graph", "load_store",
           "DEFAULT_NOTES", "DEFAULT_OUTPUT"]

Progress = Callable[[str], None]

#: Above this many triples a build writes no ``graph.ttl`` (about 3,000 papers of notes like the
#: default ones: 5 MB of Turtle, 0.7 s of a build; at 10,000 papers it is 2 s of 10).
TURTLE_LIMIT = 100_000
#: The page of a graph with at most this many triples is made by a forked child while the other
#: files are written (a larger one's child would copy much of the parent's memory as it reads it).
PAGE_BESIDE_LIMIT = 100_000
#: A rebuild of a graph with more triples than this writes graph.nq in a forked child while it
#: makes the page (a smaller graph.nq is written in less time than a fork takes).
NQUADS_BESIDE_FROM = 100_000


class KnowledgeGraph:
    """The built graph: ``.rdf`` (rdflib Dataset) is the truth; ``.nx`` and ``.query`` are views.

    A graph built from notes keeps the model's statements as N-Triples text (``statements``)
    and makes rdflib terms and the rdflib Dataset only when asked for them, so writing a large
    build's files and querying it need no rdflib.
    """

    def __init__(
        self,
        rdf: Dataset | None = None,
        notes: Sequence[Notes] = (),
        facts: Facts | None = None,
        *,
        quads: list[Quad] | None = None,
        statements: Statements | None = None,
        blocks: Blocks | None = None,
        base: str = DEFAULT_BASE,
        warnings: Sequence[str] = (),
    ):
        if rdf is None and quads is None and statements is None and blocks is None:
            raise ValueError("a KnowledgeGraph needs a dataset, quads, statements or N-Quads blocks")
        self._rdf = rdf
        self._quads = quads
        self._statements = statements
        # Each named graph's N-Quads text, as an incremental build keeps them (graph.rdf.blocks).
        self._blocks = blocks
        self._union_lines: list[str] | None = None
        self._triple_count: int | None = None
        self.base = base
        self.notes = list(notes)
        self.facts = facts
        #: What the build reports without stopping, one ``file:line: problem`` line each.
        self.warnings = list(warnings)
        self.unchanged: list[Path] = []
        #: Where a build with a cache keeps the page's parts (:mod:`graph.page_cache`), else None.
        self.page_cache: PageCache | None = None
        #: Each block's lines and subjects, when a build with a cache knows them (the triple count).
        self.block_index: dict[str, BlockIndex] = {}

    @property
    def rdf(self) -> Dataset:
        """The graph as an rdflib Dataset: one named graph per notes file, queried as their union."""
        if self._rdf is None:
            self._rdf = quads_to_dataset(self.quads(), base=self.base)
        return self._rdf

    def quads(self) -> list[Quad]:
        """Every statement as rdflib terms with its named graph (None for the default graph)."""
        if self._quads is None:
            if self._statements is not None or self._blocks is not None:
                self._quads = rdflib_quads(self.statements())
            else:
                self._quads = list(statements_of(self.rdf))
        return self._quads

    def statements(self) -> Statements:
        """Every statement as N-Triples text, by named graph (see :mod:`graph.rdf.term_text`)."""
        if self._statements is None:
            if self._blocks is not None:
                self._statements = statements_of_blocks(self._blocks)
            else:
                self._statements = statements_text(self.quads())
        return self._statements

    def triple_count(self) -> int:
        """How many distinct triples the graph has (a triple in several notes files counts once)."""
        if self._triple_count is None:
            if self._blocks is not None:
                self._triple_count = (len(self._union_lines) if self._union_lines is not None
                                      else union_count(self._blocks, self.block_index))
            else:
                self._triple_count = len(set().union(*self.statements().values()))
        return self._triple_count

    def _union(self) -> list[str]:
        """The union graph's N-Triples lines, from the blocks (the triple count and Turtle use them)."""
        assert self._blocks is not None
        if self._union_lines is None:
            self._union_lines = union_lines(self._blocks)
        return self._union_lines

    @cached_property
    def nx(self) -> nx.MultiDiGraph:
        """The graph as a networkx MultiDiGraph (see :func:`graph.views.network.to_networkx`).

        A graph built from notes is projected from its N-Quads, read by Oxigraph as they are
        made: no rdflib Dataset (the slowest way to the same graph).
        """
        from graph.views.network import network_from_nquads, to_networkx

        if self._rdf is None:
            return network_from_nquads(nquads_chunks(self.statements()))
        return to_networkx(self._rdf)

    def store(self) -> ox.Store:
        """The graph in a new in-memory Oxigraph store, for SPARQL (named graphs kept)."""
        return to_store(self.statements())

    def query(self, sparql: str, **params: Any) -> QueryResult:
        """Run SPARQL on Oxigraph; keyword arguments bind variables (see :mod:`graph.views.sparql`)."""
        from graph.views.sparql import run_query

        return run_query(self.store(), sparql, params)

    def export(self, fmt: str, output: Any = None, **options: Any) -> str | None:
        """Export in ``fmt`` (RDF or network format; see :func:`graph.views.export.export_graph`).

        Names given to the page's ``focus`` and ``topic`` resolve as in ``notekg show``.
        """
        from graph.views.export import export_graph

        # the rdflib Dataset only to resolve a page's names, the network view only for a network format
        names = fmt == "html" and (options.get("focus") is not None or options.get("topic") is not None)
        source: Any = (self.rdf if names else self.statements()
                       if fmt in ("nq", "nt", "ttl") or fmt in NETWORK_FORMATS else self.quads())
        network = self.nx if fmt in NETWORK_FORMATS else None
        return export_graph(source, fmt, output, network=network, base=self.base, **options)

    def _repr_html_(self) -> str:
        """The interactive page, inline in Jupyter: an ``iframe`` whose ``srcdoc`` is the page.

        Offline like the page itself (vis-network inline, no request); the frame is sandboxed
        to scripts and the paper links it opens.
        """
        import html

        from graph.views.page import render_page

        page = render_page(self.nx)
        return (
            '<iframe title="notekg" sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
            'style="width: 100%; height: 640px; border: 1px solid #ddd; border-radius: 4px" '
            f'srcdoc="{html.escape(page, quote=True)}"></iframe>'
        )

    @property
    def left_out(self) -> list[NoteEntry]:
        """Entries the notes' parse did not take for papers, each with its reason (empty for a
        graph loaded from RDF: ask it for ``nk:reason`` instead)."""
        return left_out(self.notes)

    def output_names(self, *, page: bool = True, turtle_limit: int | None = TURTLE_LIMIT,
                     triples: int | None = None) -> list[str]:
        """The names of the files :meth:`write` writes (``triples``: the graph's count, if known)."""
        turtle = turtle_limit is None or (triples if triples is not None else self.triple_count()) <= turtle_limit
        return [*(["graph.ttl"] if turtle else []), "graph.nq", *([SKIPPED_FILE] if self.facts is not None else []),
                *(["graph.html"] if page else [])]

    def write(self, directory: str | Path = DEFAULT_OUTPUT, *, page: bool = True,
              turtle_limit: int | None = TURTLE_LIMIT, progress: Progress | None = None) -> list[Path]:
        """Write ``graph.ttl`` (for people), ``graph.nq`` (named graphs, for tools),
        ``skipped.tsv`` (entries left out as not papers, when built from notes) and
        ``graph.html`` (the interactive page; ``page=False`` leaves it out).

        ``graph.ttl`` is left out (and a previous one removed) when the graph has more than
        ``turtle_limit`` triples (None: no limit): Turtle is for reading, and a graph that size
        is not read but queried, while writing it costs a quarter of a large build.
        ``notekg export --format ttl`` writes it all the same.

        The files are written into a temporary folder and moved into place together once all
        are written, so a failure or a signal leaves the previous build's files as they were. A
        file that already holds the same bytes is left untouched (listed in ``.unchanged``).
        """
        def page_of(nquads: Path, memo: Any) -> list[str]:
            # from .nx if made before; else from the page's network without networkx (graph.views.
            # plain_network): with a cache, the last build's patched or each named graph's share,
            # the unchanged graphs' kept (graph.page_cache); else from the model's statements, or
            # the N-Quads just written
            from graph.views.page import page_chunks

            if "nx" in self.__dict__:
                return page_chunks(self.nx, layout_memo=memo)
            if self._blocks is not None and self.page_cache is not None:
                G, parts = self.page_cache.page_network(self._blocks)
                return page_chunks(G, layout_memo=memo, parts=parts)
            from graph.views.network import plain_network_from_nquads, plain_network_from_statements

            if self._statements is not None:
                return page_chunks(plain_network_from_statements(self._statements), layout_memo=memo)
            return page_chunks(plain_network_from_nquads(nquads), layout_memo=memo)

        turtle = turtle_limit is None or self.triple_count() <= turtle_limit
        outputs: list[tuple[str, Callable[[], Iterable[str | bytes]]]]
        if self._blocks is not None:
            blocks = self._blocks
            outputs = [("graph.ttl", lambda: [turtle_of_blocks(blocks, self._union())]),
                       ("graph.nq", lambda: nquads_of_blocks(blocks))]
        elif turtle:
            # both sort the same lines: sorted once (a graph this size is written in memory anyway)
            graphs: list[SortedGraphs] = []

            def sorted_once() -> SortedGraphs:
                if not graphs:
                    graphs.append(sorted_graphs(self.statements()))
                return graphs[0]

            outputs = [("graph.ttl", lambda: [turtle_of_sorted(sorted_once())]),
                       ("graph.nq", lambda: nquads_of_sorted(sorted_once()))]
        else:  # no Turtle: the N-Quads are written as they are made
            outputs = [("graph.ttl", lambda: [turtle_text(self.statements())]),
                       ("graph.nq", lambda: nquads_chunks(self.statements()))]
        if not turtle:
            outputs = outputs[1:]
        if self.facts is not None:
            outputs.append((SKIPPED_FILE, lambda: [skipped_tsv(self.left_out)]))
        beside: TextBeside | None = None
        if page:
            from graph.views.page import render_page

            memo = self.page_cache.layout_memo() if self.page_cache is not None else None
            if (self.page_cache is None and self._blocks is None and self._statements is not None
                    and "nx" not in self.__dict__
                    and self.triple_count() <= PAGE_BESIDE_LIMIT):
                # the page (a third of a small clean build) made on the second CPU while Turtle
                # and N-Quads are written: its network comes from the statements, and no page
                # cache learns from it; the same text when made here (NOTEKG_PROCESSES=1, a failure)
                from graph.views.network import plain_network_from_statements

                statements = self._statements
                beside = TextBeside(lambda: render_page(plain_network_from_statements(statements)))
                page_text = beside.text
                outputs.append(("graph.html", lambda: [page_text()]))
            else:
                outputs.append(("graph.html", lambda: page_of(files.staged("graph.nq"), memo)))
        say = progress or (lambda message: None)
        # A large rebuild's page is most of its work, and graph.nq only its blocks joined: written
        # by a forked child meanwhile (the same bytes when written here: a child that fails, one CPU).
        nquads_beside: WorkBeside | None = None
        nquads_apart = (page and self._blocks is not None and self.page_cache is not None
                        and self.triple_count() > NQUADS_BESIDE_FROM)
        try:
            with output_set(directory) as files:
                written: list[Path] = []
                for name, chunks in outputs:
                    say(f"write {name}")
                    if name == "graph.nq" and nquads_apart:
                        nquads = chunks
                        nquads_beside = WorkBeside(lambda: files.write_chunks("graph.nq", nquads()))
                        written.append(files.folder / name)
                        continue
                    written.append(files.write_chunks(name, chunks()))
                if nquads_beside is not None:
                    nquads_beside.done()
                    files.staged_elsewhere("graph.nq")
                if not turtle:
                    files.drop("graph.ttl")
        finally:
            for child in (beside, nquads_beside):
                if child is not None:
                    child.close()
        #: The files of the last write that already held its bytes, and were left as they were.
        self.unchanged = [files.folder / name for name in files.unchanged]
        return written


def build_graph(
    paths: Iterable[str | Path] = (DEFAULT_NOTES,),
    *,
    base: str = DEFAULT_BASE,
    vocab: Iterable[str | Path] = (),
    event: str | None = None,
    progress: Progress | None = None,
    cache: BuildCache | None = None,
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
    cache
        A :class:`graph.build_cache.BuildCache`: files unchanged since the build that filled it
        are not parsed, and their relations and named graphs not made, again (call its
        ``save()`` once the outputs are written, its ``discard()`` when they are not: the
        named graphs' files it made go). The graph is the same with or without it.

    Raises
    ------
    NotesNotFound, BadNotes, BadVocabulary
        For missing paths, unreadable notes, broken lexicon files.
    """
    # The build makes millions of small objects and frees few: the cyclic collector, run again
    # and again as they pile up, would only walk them. Paused here, restored however this ends.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(paths, base=base, vocab=vocab, event=event, progress=progress, cache=cache)
    finally:
        if collecting:
            gc.enable()


def _build(paths: Iterable[str | Path], *, base: str, vocab: Iterable[str | Path], event: str | None,
           progress: Progress | None, cache: BuildCache | None = None) -> KnowledgeGraph:
    say = progress or (lambda message: None)
    check_base(base)
    files = find_notes_files(paths)
    if cache is not None:
        vocab = list(vocab)
        # --vocab files are read first, so a broken one fails fast (and a FIFO is never read for
        # the fingerprint); the shipped lexicon alone is loaded only when a file's relations or
        # the default graph are made again.
        lexicon = load_lexicon(vocab) if vocab else None
        fingerprint = build_fingerprint(base=base, vocab=vocab, event=event)
        parsed, facts, blocks = cached_build(
            files, cache=cache, lexicon=lexicon if lexicon is not None else lambda: load_lexicon(()), base=base,
            event=event, progress=say,
            parse=lambda f: parse_notes(f), fingerprint=fingerprint)
        kg = KnowledgeGraph(None, parsed, facts, blocks=blocks, base=base, warnings=note_warnings(parsed))
        kg.page_cache = cache.page
        kg.block_index = cache.index
        return kg
    parsed = []
    for file in files:
        say(f"parse {file}")
        parsed.append(parse_notes(file))
    say("extract")
    # Load the lexicon before extracting, so a broken --vocab file fails fast.
    lexicon = load_lexicon(vocab)
    facts = extract_facts(parsed, event=event, relations=lambda f: find_relations_in_halves(f, lexicon))
    say("model")
    # The model copies the lexicon's concepts that relations name, and those above them, from
    # the lexicon's statements as they were read: no rdflib graph of them is made.
    statements = model_statements(facts, base=base, lexicon=lexicon)
    return KnowledgeGraph(None, parsed, facts, statements=statements, base=base, warnings=note_warnings(parsed))


def load_graph(path: str | Path = DEFAULT_GRAPH) -> KnowledgeGraph:
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
    file = rdf_file(path)
    if file is not None:
        return KnowledgeGraph(read_dataset(file))
    if path.is_dir() or path.suffix.lower() in MARKDOWN_SUFFIXES:
        return build_graph([path])
    if not path.exists():
        raise NotesNotFound(f"no graph at {path}")
    raise NotekgError(f"{path}: unknown graph format (use {', '.join(RDF_FILES)}, or markdown notes)")


def load_store(path: str | Path = DEFAULT_GRAPH) -> ox.Store:
    """Open a graph for SPARQL: a built graph from its Oxigraph store on disk (made in the hidden
    folder ``.notekg-store`` beside the file on first use, read into memory where that folder
    cannot be written; see :mod:`graph.rdf.disk_store`), notes are built first.

    Raises
    ------
    NotesNotFound
        If there is nothing at ``path``.
    NotekgError
        If an RDF file does not parse.
    """
    from graph.rdf.disk_store import open_graph_store

    file = rdf_file(path)
    return open_graph_store(file) if file is not None else load_graph(path).store()
