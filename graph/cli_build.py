"""``notekg build`` and ``notekg watch``: build the graph once, or again on every save.

Both keep the build cache in ``OUTPUT/.notekg-cache`` (see :mod:`graph.build_cache`), so a
rebuild parses and models only the files that changed. A build that takes more than about two
seconds shows a progress bar with its stage on stderr, when stderr is a terminal
(:class:`BuildProgress`).
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any, Callable, Iterable

import click

from graph.domain import DEFAULT_BASE
from graph.errors import NotekgError
from graph.formats import DEFAULT_NOTES, DEFAULT_OUTPUT

__all__ = ["build", "watch", "BuildProgress", "changes"]


def _check_base(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from graph.rdf.safe_terms import check_base  # loads rdflib: only for commands that take --base

    try:
        return check_base(value)
    except NotekgError as e:
        raise click.BadParameter(str(e).removeprefix("--base "), ctx=ctx, param=param) from None


class BuildProgress:
    """A progress bar that appears once a build has run ``delay`` seconds, with its stage.

    Silent when the stream is not a terminal (a pipe or a log would get the bar's text).
    ``clock`` and ``is_terminal`` can be given, so the logic is tested without a terminal:

    >>> import io
    >>> now = [0.0]
    >>> out = io.StringIO()
    >>> bar = BuildProgress(4, stream=out, clock=lambda: now[0], is_terminal=True)
    >>> bar.stage("parse a.md"); bar.line() is None
    True
    >>> now[0] = 2.5; bar.stage("extract"); bar.line()
    'Building [##########----------]  2/4  extract  2s'
    >>> BuildProgress(4, stream=out, clock=lambda: now[0], is_terminal=False).line() is None
    True
    """

    def __init__(self, total: int, *, stream: IO[str] | None = None, clock: Callable[[], float] = time.monotonic,
                 is_terminal: bool | None = None, delay: float = 2.0, width: int = 20):
        self.total = max(total, 1)
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.is_terminal = self.stream.isatty() if is_terminal is None else is_terminal
        self.delay = delay
        self.width = width
        self.started = clock()
        self.done = 0
        self.current = ""
        self.shown = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def stage(self, name: str) -> None:
        """The build starts a stage (a file's parse, extract, model, a file's writing)."""
        with self._lock:
            self.done = min(self.done + 1, self.total)
            self.current = name if len(name) <= 40 else "…" + name[-39:]
        self.refresh()

    def line(self) -> str | None:
        """What the bar shows now, or None while it stays hidden."""
        elapsed = self.clock() - self.started
        if not self.is_terminal or elapsed < self.delay:
            return None
        filled = self.width * self.done // self.total
        bar = "#" * filled + "-" * (self.width - filled)
        return f"Building [{bar}]  {self.done}/{self.total}  {self.current}  {elapsed:.0f}s"

    def refresh(self) -> None:
        """Draw the bar over its previous text (nothing while it is hidden)."""
        with self._lock:
            text = self.line()
            if text is None:
                return
            self.stream.write("\r" + text.ljust(79)[:79])
            self.stream.flush()
            self.shown = True

    def _tick(self) -> None:
        while not self._stop.wait(0.5):  # a long stage still shows the time going by
            self.refresh()

    def __enter__(self) -> "BuildProgress":
        if self.is_terminal:
            self._ticker = threading.Thread(target=self._tick, daemon=True)
            self._ticker.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        if self.shown:  # leave the line clean for the summary
            self.stream.write("\r" + " " * 79 + "\r")
            self.stream.flush()


def _run_build(paths: Iterable[Path], output: Path, **options: Any) -> None:
    """One build, with the regular expressions an earlier build compiled (graph.regex_cache:
    they are a sixth of a small build's time when compiled anew).

    The cyclic garbage collector is paused from the imports to the last file written (the
    model pauses it for the build already): what is made is kept until the files are written,
    and the collector, run again and again as objects pile up, would only walk them (0.04 s of
    a small build).
    """
    from graph.regex_cache import kept_patterns

    collecting = gc.isenabled()
    gc.disable()
    try:
        with kept_patterns():
            _build_and_report(paths, output, **options)
    finally:
        if collecting:
            gc.enable()


def _build_and_report(paths: Iterable[Path], output: Path, *, base: str, vocab: tuple[Path, ...], event: str | None,
                      no_page: bool, explain: bool, no_cache: bool) -> None:
    """One build, its warnings and its summary, as ``notekg build`` prints them."""
    from graph import knowledge_graph
    from graph.build_cache import CACHE_FOLDER, BuildCache
    from graph.knowledge_graph import build_graph
    from graph.parse.notes import find_notes_files
    from graph.views.left_out import SKIPPED_FILE, explain_text, summary_line

    files = find_notes_files(paths)
    cache = None if no_cache else BuildCache(Path(output) / CACHE_FOLDER)
    # Stages: each file's parse, extract, model, then each output file.
    try:
        with BuildProgress(len(files) + 2 + (3 if no_page else 4)) as bar:
            kg = build_graph(files, base=base, vocab=vocab, event=event, progress=bar.stage, cache=cache)
            papers = len(kg.facts.papers) if kg.facts else 0
            limit = knowledge_graph.TURTLE_LIMIT

            def names_for(triples: int) -> list[str]:
                return kg.output_names(page=not no_page, turtle_limit=limit, triples=triples)

            triples = cache.outputs_current(output, names_for) if cache is not None else None
            if triples is not None:
                # Made from the same statements and notes, untouched since: nothing to write.
                written = kg.unchanged = [Path(output) / name for name in names_for(triples)]
            else:
                written = kg.write(output, page=not no_page, turtle_limit=limit, progress=bar.stage)
                triples = kg.triple_count()
        if cache is not None:
            cache.save()
            cache.record_outputs(Path(output), [path.name for path in written], triples)
    finally:
        if cache is not None:
            cache.discard()  # a build that failed leaves the cache as it was
    for warning in kg.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if "graph.ttl" not in {path.name for path in written}:
        click.echo(f"graph.ttl skipped ({triples} triples; use notekg export --format ttl)", err=True)
    reused = f" ({cache.reused} unchanged, from the cache)" if cache is not None and cache.reused else ""
    click.echo(f"{triples} triples from {len(files)} notes file(s){reused}, {papers} papers")
    for path in written:
        click.echo(f"  {'unchanged' if path in kg.unchanged else 'wrote'} {path}")
    left = kg.left_out
    if left or explain:
        click.echo(summary_line(left, str(Path(output) / SKIPPED_FILE)), err=True)
    if explain and left:
        click.echo(explain_text(left))


_output_option = click.option(
    "-o", "--output", type=click.Path(path_type=Path),
    default=DEFAULT_OUTPUT, show_default=True, help="Folder to write graph.ttl, graph.nq and graph.html into.",
)
_base_option = click.option("--base", default=DEFAULT_BASE, show_default=True, callback=_check_base,
                            help="Namespace for data IRIs (an absolute IRI ending in / or #).")
_vocab_option = click.option("--vocab", multiple=True, type=click.Path(path_type=Path),
                             help="Extra lexicon file (SKOS Turtle); repeat for several.")
_event_option = click.option("--event", help='The event the notes come from, e.g. "ICCV 2019".')
_no_page_option = click.option("--no-page", is_flag=True, help="Do not write graph.html (large notes build faster).")


def _build_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The notes and options ``build`` and ``watch`` share: PATHS, -o, --base, --vocab, --event, --no-page."""
    for option in (_no_page_option, _event_option, _vocab_option, _base_option, _output_option,
                   click.argument("paths", nargs=-1, type=click.Path(path_type=Path))):
        command = option(command)
    return command


_no_cache_option = click.option(
    "--no-cache", is_flag=True,
    help="Parse and model every file again, ignoring and not updating OUTPUT/.notekg-cache.")


@click.command()
@_build_options
@click.option("--explain", is_flag=True,
              help="List each entry left out as not a paper: file:line: kind: reason: text.")
@_no_cache_option
def build(paths: tuple[Path, ...], output: Path, base: str, vocab: tuple[Path, ...], event: str | None,
          no_page: bool, explain: bool, no_cache: bool) -> None:
    """Build the graph from notes files or folders (default: notes/).

    Writes graph.ttl (Turtle, for reading; only up to 100,000 triples), graph.nq
    (N-Quads with one named graph per notes file, for tools and the other
    commands), skipped.tsv (the entries left out as not papers, with their
    reasons) and graph.html (the interactive page, offline) into the output
    folder. A cache in OUTPUT/.notekg-cache makes the next build parse only
    the files that changed.

    Example:

    \b
        notekg build notes/ -o exports/
        notekg build notes/ --explain
    """
    _run_build(paths or [DEFAULT_NOTES], output, base=base, vocab=vocab, event=event, no_page=no_page,
               explain=explain, no_cache=no_cache)


Snapshot = dict[Path, tuple[int, int]]


def _snapshot(paths: Iterable[Path], vocab: Iterable[Path]) -> Snapshot:
    """Each notes and --vocab file with its modification time and size (missing paths left out)."""
    from graph.parse.notes import MARKDOWN_SUFFIXES

    found: Snapshot = {}
    for path in [*paths, *vocab]:
        candidates = (p for p in path.rglob("*") if p.suffix.lower() in MARKDOWN_SUFFIXES) if path.is_dir() else [path]
        for file in candidates:
            try:
                st = file.stat()
            except OSError:
                continue
            if file.is_file():
                found[file] = (st.st_mtime_ns, st.st_size)
    return found


def changes(before: Snapshot, after: Snapshot) -> list[str]:
    """What changed between two snapshots, one ``changed|added|removed: path`` line each.

    >>> changes({Path("a.md"): (1, 5), Path("b.md"): (1, 5)}, {Path("a.md"): (2, 5), Path("c.md"): (1, 1)})
    ['changed: a.md', 'removed: b.md', 'added: c.md']
    """
    lines = []
    for path in sorted(before.keys() | after.keys()):
        if path not in after:
            lines.append(f"removed: {path}")
        elif path not in before:
            lines.append(f"added: {path}")
        elif before[path] != after[path]:
            lines.append(f"changed: {path}")
    return lines


@click.command()
@_build_options
@click.option("--interval", type=click.FloatRange(min=0.05), default=0.5, show_default=True, metavar="SECONDS",
              help="How often to look for changes.")
def watch(paths: tuple[Path, ...], output: Path, base: str, vocab: tuple[Path, ...], event: str | None,
          no_page: bool, interval: float) -> None:
    """Build the graph, then build it again whenever a notes file is saved (Ctrl-C ends).

    Prints what changed and each build's summary. A build that fails (bad
    notes) prints its Error: line and leaves the previous files; watching
    goes on. Only the files that changed are parsed again (the build cache).

    Example:

    \b
        notekg watch notes/ -o exports/
    """
    roots = list(paths or [Path(DEFAULT_NOTES)])
    try:
        seen = _snapshot(roots, vocab)
        _watched_build(roots, output, base=base, vocab=vocab, event=event, no_page=no_page)
        click.echo(f"Watching {', '.join(map(str, roots))} (Ctrl-C to stop)")
        while True:
            time.sleep(interval)
            now = _snapshot(roots, vocab)
            if now == seen:
                continue
            for line in changes(seen, now):
                click.echo(line)
            seen = now
            _watched_build(roots, output, base=base, vocab=vocab, event=event, no_page=no_page)
    except KeyboardInterrupt:
        click.echo("Stopped watching.", err=True)


def _watched_build(paths: list[Path], output: Path, **options: Any) -> None:
    """A build whose failure is one Error: line: the watch goes on and the files stay as they were."""
    try:
        _run_build(paths, output, explain=False, no_cache=False, **options)
    except NotekgError as e:
        click.echo(f"Error: {e}", err=True)
