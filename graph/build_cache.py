"""Rebuild only what changed: each notes file's parse, facts, relations and named graph, kept on disk.

``notekg build`` keeps a cache in the output folder, in ``.notekg-cache/`` (one entry per notes
file, and beside it the file's named graph as N-Quads, checked by the size and time or else
the digest its entry keeps: :mod:`graph.rdf.block_files`, :meth:`BuildCache.recall_block`). An
entry is used only when everything its result depends on is the same:

* the notes file's path and the SHA-256 of its bytes (its parse);
* the build's fingerprint: the text of notekg's code and data files (cues,
  ratings, paper evidence, lexicon), the ``--vocab`` files' bytes, ``--base`` and ``--event``;
* what other files tell about the file's things: a paper's short name noted elsewhere, a topic's
  parents and comments, ``(also ...)`` entries resolved to papers, same-work pairs. Those are
  hashed per file as its *context* for its relations and for its named graph.

An entry also keeps what its file says on its own (:func:`graph.extract.facts.facts_of_file`).
Cross-file steps run on every build from the (cached) parts: merging the files' facts, the
``(also ...)`` entries, same-work detection (from the last build's pairs,
:mod:`graph.extract.same_work_memo`), the default graph (ontology and the concepts used,
kept by what it is made from) and the views (Turtle; the page's parts are in
:mod:`graph.page_cache`). An entry that does
not read — corrupt, from another version, or naming classes other than notekg's entries — is
ignored and made again; entries no build uses any more are removed.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.md").write_text("## GANs\\n- [9/10] [SinGAN: One image](https://arxiv.org/abs/1905.01164)\\n")
>>> cache = BuildCache(folder / "out" / CACHE_FOLDER)
>>> parsed, facts, blocks = cached_build([folder / "a.md"], cache=cache, fingerprint="demo")
>>> cache.parsed, cache.reused
(1, 0)
>>> cache.save()
>>> again = BuildCache(folder / "out" / CACHE_FOLDER)
>>> _, _, same = cached_build([folder / "a.md"], cache=again, fingerprint="demo")
>>> from graph.rdf.blocks import block_text
>>> again.parsed, again.reused, {g: block_text(b) for g, b in same.items()} == {g: block_text(b) for g, b in blocks.items()}
(0, 1, True)
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from graph.atomic import atomic_write
from graph.errors import OutputNotWritable
from graph.extract.facts import Facts, PaperFact, Relation, extract_facts, facts_of_file
from graph.extract.file_views import (also_memberships, digest_of, graph_context, graph_views, relation_contexts,
                                      relations_view)
from graph.extract.same_works import SameAs
from graph.extract.lexicon import Lexicon
from graph.extract.relation_halves import find_relations_in_halves
from graph.extract.same_work_memo import SameWorkMemo, same_works_since
from graph.parse.files import read_notes_bytes
from graph.page_cache import PageCache
from graph.parse.notes import Notes, parse_notes
from graph.rdf.concepts import default_statements
from graph.rdf.quads import model_statements
from graph.rdf.block_files import checked_block_file, write_block_file
from graph.rdf.blocks import Block, BlockFile, BlockIndex, Blocks, block_bytes, block_of, block_triples, drained
from graph.rdf.term_text import TextTriple

__all__ = ["CACHE_FOLDER", "BuildCache", "build_fingerprint", "cached_build"]

#: The cache's folder inside the output folder.
CACHE_FOLDER = ".notekg-cache"
_FORMAT = "notekg-build-cache/1"
_SUFFIX = ".entry"
_BLOCK = ".graph.nq"  # a file's named graph, beside its entry (graph.rdf.block_files)
_OUTPUTS = "outputs.json"
_DEFAULT = "default.nq"
_SAME_WORKS = "same-works.pickle"

Say = Callable[[str], None]


@lru_cache(maxsize=1)
def _codedigest_of() -> str:
    """A digest of every code and data file of the package.

    notekg's version is not asked for: the text of its code and data is what an entry depends
    on, and looking the version up (importlib.metadata) took 0.03 s of a rebuild's 0.9 s.
    """
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_fingerprint(*, base: str, vocab: Iterable[str | Path] = (), event: str | None = None) -> str:
    """What every cache entry of a build depends on besides its own file (see the module's text).

    >>> build_fingerprint(base="https://example.org/") == build_fingerprint(base="https://example.org/")
    True
    >>> build_fingerprint(base="https://example.org/") == build_fingerprint(base="https://example.org/", event="ICCV")
    False
    """
    digest = hashlib.sha256(_codedigest_of().encode())
    digest.update(repr((base, event)).encode())
    for path in vocab:
        digest.update(b"\0vocab\0" + Path(path).read_bytes())
    return digest.hexdigest()


class _EntryReader(pickle.Unpickler):
    """Reads notekg's own entries only: a planted or foreign file can call no function.

    >>> _EntryReader(io.BytesIO(b"cgraph.parse.files\\nread_notes_file\\n(S'/etc/passwd'\\ntR.")).load()
    Traceback (most recent call last):
    _pickle.UnpicklingError: graph.parse.files.read_notes_file is not part of a cache entry
    """

    _ALLOWED = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "time"),
                ("datetime", "timedelta"), ("datetime", "timezone"), ("builtins", "set"),
                ("builtins", "frozenset")}

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self._ALLOWED:
            return super().find_class(module, name)
        if module.startswith(("graph.parse.", "graph.extract.")):
            found = super().find_class(module, name)
            if isinstance(found, type):  # an entry's class, never a function to call
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a cache entry")


class BuildCache:
    """The cache folder of one output folder; counts what a build reused and made again."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.fingerprint = ""
        self._entries: dict[str, dict[str, Any]] = {}  # by notes file, as used by this build
        self._written: dict[str, int] = {}  # when each entry read was written (its file's mtime, ns)
        self._changed: set[str] = set()
        self._default: tuple[str, Block] | None = None  # default.nq's first lines, its block
        self._same_works: SameWorkMemo | None = None
        self._made: list[Path] = []  # the block files (and folders) this build made, until saved
        #: Notes files parsed again and taken from the cache by the last build.
        self.parsed = 0
        self.reused = 0
        #: A digest of everything the last build's files are made from (set by :func:`cached_build`).
        self.outputs_key = ""
        #: Each named graph's lines and subjects, as the last build made or kept them (see
        #: :func:`graph.rdf.blocks.union_count`).
        self.index: dict[str, BlockIndex] = {}
        #: The page's parts: each named graph's share of its network, each group's layout.
        self.page = PageCache(self.folder / "page")

    def _name(self, file: str) -> str:
        # A file name may hold bytes that are no UTF-8 (surrogates in Python): hashed as the OS gives them.
        return hashlib.sha256(self.fingerprint.encode() + b"\0" + os.fsencode(file)).hexdigest()[:40] + _SUFFIX

    def _load(self, file: str) -> dict[str, Any] | None:
        try:
            with open(self.folder / self._name(file), "rb") as f:
                written = os.fstat(f.fileno()).st_mtime_ns
                entry = _EntryReader(io.BufferedReader(f)).load()
        except Exception:  # missing, corrupt, foreign: the file is made again
            return None
        if not isinstance(entry, dict) or entry.get("format") != _FORMAT \
                or entry.get("fingerprint") != self.fingerprint or entry.get("file") != file \
                or not isinstance(entry.get("notes"), Notes):
            return None
        self._written[file] = written
        return entry

    def notes(self, path: Path, parse: Callable[[Path], Notes] = parse_notes) -> Notes:
        """The parse of a notes file: from the cache when its bytes are unchanged, else ``parse(path)``.

        Raises
        ------
        BadNotes
            For an unreadable, empty, binary or badly encoded file.
        """
        file = str(path)
        content = _content(path)
        entry = self._load(file)
        if entry is not None and entry.get("content") == content:
            self.reused += 1
        else:
            self.parsed += 1
            notes = parse(path)
            if _content(path) != content:  # saved again while parsed: never taken for either version
                content = ""
            entry = {"format": _FORMAT, "fingerprint": self.fingerprint, "file": file, "content": content,
                     "notes": notes}
            self._changed.add(file)
        self._entries[file] = entry
        return entry["notes"]

    def content(self, file: str) -> str:
        """The digest of a notes file's bytes as this build read them."""
        return str(self._entries[file]["content"])

    def recall(self, file: str, part: str, context: str) -> Any:
        """What was kept for ``part`` of a file under the same context and bytes, else None."""
        entry = self._entries[file]
        kept = entry.get(part)
        if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == (entry["content"], context):
            return kept[1]
        return None

    def keep(self, file: str, part: str, context: str, value: Any) -> None:
        """Keep ``value`` for ``part`` of a file under ``context`` (written by :meth:`save`)."""
        entry = self._entries[file]
        entry[part] = ((entry["content"], context), value)
        self._changed.add(file)

    def _block_path(self, file: str, context: str) -> Path:
        # Named by what it is made from: a build makes its blocks under new names, and leaves
        # the last build's as they were until its entries replace theirs (save), or it fails.
        entry = self._entries[file]
        return self.folder / (self._name(file).removesuffix(_SUFFIX) + "."
                              + digest_of(entry["content"], context)[:32] + _BLOCK)

    def recall_block(self, file: str, context: str) -> tuple[Block, BlockIndex] | None:
        """A file's named graph as the last build made it under the same context and bytes: its
        block, in its file beside the entry, and the block's index; None when it was not kept
        or its file is not as written (missing, cut short, changed: made again, never trusted).

        The file's bytes are hashed only when its size and time are not those kept: a file
        written before its entry and changed since has a later time (hashing every unchanged
        file's graph was a twentieth of a rebuild). One whose time is not before its entry's
        (the same tick of the clock) could have been changed unseen: its bytes are hashed, as
        git does for a racily clean file."""
        kept = self.recall(file, "graph", context)
        if isinstance(kept, tuple) and len(kept) == 3 and isinstance(kept[0], str) and isinstance(kept[1], tuple):
            path = self._block_path(file, context)
            stamp = _stamp_or_none(path)
            if stamp is not None and stamp == kept[2] and stamp[1] < self._written.get(file, 0):
                return BlockFile(str(path)), kept[1]
            block = checked_block_file(path, kept[0])
            if block is not None:
                return block, kept[1]
        return None

    def keep_block(self, file: str, context: str, graph: str,
                   triples: Callable[[], Iterator[TextTriple]]) -> tuple[Block, BlockIndex]:
        """Make a file's named graph from ``triples()`` into its block file, piece by piece, and
        keep the file's digest in the entry; returns the block and its index. The block is
        never held in memory (100k papers: 0.8 GB); when the file cannot be written, it is
        made in memory from ``triples()`` called again, and not kept. Until :meth:`save`,
        :meth:`discard` removes the files made."""
        path = self._block_path(file, context)
        try:
            missing = [folder for folder in (self.folder, *self.folder.parents) if not folder.exists()]
            self.folder.mkdir(parents=True, exist_ok=True)
            self._made.extend(reversed(missing))
            if not path.exists():
                self._made.append(path)
            digest, index = write_block_file(path, graph, triples())
            stamp = _stamp(path)
        except (OSError, OutputNotWritable):
            return block_of(graph, triples())
        self.keep(file, "graph", context, (digest, index, stamp))
        return BlockFile(str(path)), index

    def recall_default(self, key: str) -> tuple[Block, BlockIndex] | None:
        """The default graph's block and its index, when the last build made them from the same
        ``key``: the block is the rest of its file, after the three lines that say what it is
        (read when the outputs are written, never decoded: a tenth of the file's size or more)."""
        path = self.folder / _DEFAULT
        try:
            with open(path, "rb") as f:
                if f.readline().decode("utf-8") != self.fingerprint + " " + key + "\n":
                    return None
                lines, subjects = f.readline().decode("utf-8"), f.readline().decode("utf-8")
                if not lines.endswith("\n") or not subjects.endswith("\n"):
                    return None
                index = (int(lines), subjects[:-1].split(" ") if subjects[:-1] else [])
                return BlockFile(str(path), start=f.tell()), index
        except (OSError, ValueError):
            return None

    def keep_default(self, key: str, block: Block, index: BlockIndex) -> None:
        """Keep the default graph's block made from ``key`` (written by :meth:`save`)."""
        # a subject's text holds no space and no line break (N-Triples escapes them)
        self._default = (f"{self.fingerprint} {key}\n{index[0]}\n{' '.join(index[1])}\n", block)

    def recall_same_works(self) -> SameWorkMemo | None:
        """The last build's same works (:mod:`graph.extract.same_work_memo`), when of the same fingerprint."""
        try:
            with open(self.folder / _SAME_WORKS, "rb") as f:
                kept = _EntryReader(io.BufferedReader(f)).load()
        except Exception:  # missing, corrupt, foreign: found again from every title
            return None
        if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == self.fingerprint \
                and isinstance(kept[1], SameWorkMemo):
            return kept[1]
        return None

    def keep_same_works(self, memo: SameWorkMemo) -> None:
        """Keep this build's same works for the next (written by :meth:`save`)."""
        self._same_works = memo

    def outputs_current(self, folder: Path, names_for: Callable[[int], Sequence[str]]) -> int | None:
        """Are the files in ``folder`` those of a build from the same statements and notes,
        untouched since (same size and time)? Then they need not be made again: returns that
        build's triple count, else None. ``names_for`` gives the files a build of so many
        triples writes."""
        try:
            record = json.loads((self.folder / _OUTPUTS).read_text(encoding="utf-8"))
            triples = int(record["triples"])
            if self.outputs_key and record["key"] == self.outputs_key \
                    and record["files"] == {name: _stamp(folder / name) for name in names_for(triples)}:
                return triples
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return None

    def record_outputs(self, folder: Path, names: Sequence[str], triples: int) -> None:
        """Remember the files just written (or found current), for :meth:`outputs_current`."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            record = {"key": self.outputs_key, "triples": triples,
                      "files": {name: _stamp(folder / name) for name in names}}
            with atomic_write(self.folder / _OUTPUTS) as f:
                json.dump(record, f)
        except OSError:
            pass

    def save(self) -> None:
        """Write the entries that changed and remove those this build did not use.

        A cache that cannot be written is left as it is: the build's files are what matters.
        """
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if self._default is not None:
                with atomic_write(self.folder / _DEFAULT, "wb") as f:
                    f.write(self._default[0].encode("utf-8"))
                    for piece in block_bytes(self._default[1]):
                        f.write(piece)
                self._default = None
            if self._same_works is not None:
                with atomic_write(self.folder / _SAME_WORKS, "wb") as f:
                    pickle.dump((self.fingerprint, self._same_works), f, protocol=pickle.HIGHEST_PROTOCOL)
                self._same_works = None
            for file in sorted(self._changed):
                with atomic_write(self.folder / self._name(file), "wb") as f:
                    pickle.dump(self._entries[file], f, protocol=pickle.HIGHEST_PROTOCOL)
            used = {self._name(file) for file in self._entries}
            for file, entry in self._entries.items():
                kept = entry.get("graph")
                if isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[0], tuple):
                    used.add(self._block_path(file, kept[0][1]).name)
            for path in self.folder.iterdir():
                if path.name.endswith((_SUFFIX, _BLOCK)) and path.name not in used:
                    os.unlink(path)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            pass
        self._changed.clear()
        self._made.clear()
        self.page.save()

    def discard(self) -> None:
        """Remove the files this build made in the cache and did not :meth:`save`: a build that
        fails leaves the cache as it was (a no-op after :meth:`save`)."""
        for path in reversed(self._made):
            try:
                path.rmdir() if path.is_dir() else path.unlink()
            except OSError:  # gone already, or a folder that holds other files
                pass
        self._made.clear()


def _stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def _stamp_or_none(path: Path) -> list[int] | None:
    try:
        return _stamp(path)
    except OSError:
        return None


def _content(path: Path) -> str:
    """The SHA-256 of a notes file's bytes."""
    return hashlib.sha256(read_notes_bytes(path)).hexdigest()


def cached_build(
    files: Sequence[Path],
    *,
    cache: BuildCache,
    fingerprint: str,
    lexicon: Lexicon | Callable[[], Lexicon] | None = None,
    base: str | None = None,
    event: str | None = None,
    progress: Say | None = None,
    parse: Callable[[Path], Notes] = parse_notes,
) -> tuple[list[Notes], Facts, Blocks]:
    """Parse, extract and model notes files, taking from ``cache`` what has not changed.

    Returns the parsed files, the facts (relations included) and each named graph's N-Quads
    block (:mod:`graph.rdf.blocks`): the statements :func:`graph.rdf.quads.model_statements`
    makes from the facts, as the writer writes them.
    """
    from graph.extract.lexicon_files import load_lexicon
    from graph.domain import DEFAULT_BASE

    say = progress or (lambda message: None)
    # The lexicon (a tenth of a second or more to load) only when a file's relations or the
    # default graph are made again: loaded once, on first use.
    loaded: list[Lexicon] = []

    def the_lexicon() -> Lexicon:
        if not loaded:
            loaded.append(lexicon if isinstance(lexicon, Lexicon)
                          else lexicon() if lexicon is not None else load_lexicon(()))
        return loaded[0]

    base = base or DEFAULT_BASE
    cache.fingerprint = fingerprint
    cache.parsed = cache.reused = 0
    parsed = []
    for path in files:
        say(f"parse {path}")
        parsed.append(cache.notes(path, parse))
    names = [n.file for n in parsed]

    say("extract")

    def facts_of(notes: Notes) -> Facts:  # what a file says on its own: from its bytes alone
        kept = cache.recall(notes.file, "facts", "")
        if not isinstance(kept, Facts):
            kept = facts_of_file(notes)
            cache.keep(notes.file, "facts", "", kept)
        return kept

    def same_works_of(papers: dict[str, PaperFact]) -> list[SameAs]:  # the last build's pairs kept
        last = cache.recall_same_works()
        found, memo = same_works_since(papers, last)
        if memo is not last:
            cache.keep_same_works(memo)
        return found

    facts = extract_facts(parsed, event=event, file_facts=facts_of, same_works=same_works_of)
    also = also_memberships(facts)
    contexts = relation_contexts(facts, names, also)
    by_file: dict[str, list[Relation]] = {}
    stale = set()
    for file in names:
        kept = cache.recall(file, "relations", contexts[file])
        if kept is None:
            stale.add(file)
        else:
            by_file[file] = kept
    if stale:
        for file in stale:
            by_file[file] = []
        for rel in find_relations_in_halves(relations_view(facts, stale, also), the_lexicon()):
            by_file[rel.file].append(rel)
        for file in stale:
            cache.keep(file, "relations", contexts[file], by_file[file])
    facts.relations = [rel for file in names for rel in by_file[file]]

    say("model")
    # The default graph is made of the concepts the relations name and the techniques they coin.
    named = set(map(attrgetter("subject"), facts.relations))  # each key once before its prefix is looked at
    named.update(map(attrgetter("object"), facts.relations))
    used = sorted(key for key in named if key.startswith("concept/"))
    coined = sorted({rel.object: rel.object_label for rel in facts.relations if rel.object_label}.items())
    default_key = digest_of(base, used, coined)
    kept_default = cache.recall_default(default_key)
    if kept_default is None:
        # in pieces, its statements freed as they are grouped (graph.rdf.blocks.make_block)
        default_block, default_index = block_of("", drained(default_statements(facts.relations, base=base,
                                                                               lexicon=the_lexicon())))
        cache.keep_default(default_key, default_block, default_index)
    else:
        default_block, default_index = kept_default
    blocks: Blocks = {"": default_block}
    views = graph_views(facts, by_file)
    # The default block is made from ``default_key`` alone (as its recall shows): that digest
    # stands for its megabytes, which a repr would copy and hash again on every build.
    keys: list[Any] = [fingerprint, default_key]
    index: dict[str, BlockIndex] = {"": default_index}  # what the triple count needs of each block
    block_keys = {"": digest_of(fingerprint, default_key)}
    for file in dict.fromkeys(names):
        view = views[file]
        graph = f"<{base}{view.notes[0].key}>"
        context = digest_of(base, graph_context(view, contexts[file]))
        kept = cache.recall_block(file, context)
        if kept is None:
            def triples(view: Facts = view, graph: str = graph) -> Iterator[TextTriple]:
                # the graph's statements taken out of what the model made, each freed once
                # grouped by subject (graph.rdf.blocks.make_block)
                return drained(model_statements(view, base=base, include_ontology=False).pop(graph, []))

            kept = cache.keep_block(file, context, graph, triples)
        block, index[graph] = kept
        keys.append((file, cache.content(file), context))
        # what fixes the block, for its page share (a file read while saved has no digest: none)
        block_key = digest_of(keys[0], keys[-1]) if cache.content(file) else ""
        if graph in blocks:  # two files with one notes IRI make one graph: its lines sorted together
            block, index[graph] = block_of(graph, [*block_triples(blocks[graph], graph), *block_triples(block, graph)])
            block_key = digest_of(block_keys[graph], block_key) if block_key and block_keys[graph] else ""
        blocks[graph] = block
        block_keys[graph] = block_key
    cache.page.block_keys = {graph: key for graph, key in block_keys.items() if key}
    cache.outputs_key = digest_of(keys)
    cache.index = index
    return parsed, facts, blocks
