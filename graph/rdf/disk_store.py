"""A built graph's Oxigraph store kept on disk beside it, so SPARQL opens it instead of re-reading.

Reading ``graph.nq`` into Oxigraph takes seconds at 10,000 papers and tens of seconds at
100,000. The first query of a graph file indexes it once into an on-disk store in the hidden
folder ``.notekg-store/`` beside the file; every later query opens that store read-only, in
milliseconds. ``build`` writes nothing more: a build stays as fast as before, and a graph that
is never queried costs nothing.

The store is keyed to the file's content, so a graph rewritten, edited or replaced never gets
answers from an old store:

* the store's folder is named by the SHA-256 of the file (``graph.nq-<hash>/``), made under a
  temporary name and renamed into place once complete, and never written again;
* ``graph.nq.json`` records which store holds the file, with the file's stamp (size, modification
  and change times in nanoseconds, inode, device) when its hash was last checked. A query whose
  stamp is unchanged opens the store without reading the file; any other query hashes the file
  first (about half a second for 550 MB). A stamp taken less than two seconds after the file
  last changed is not trusted: on a file system with a coarse clock a later write could leave
  the same stamp.

Several processes may use one folder at once: a store being made is invisible until renamed,
two first queries index once (the second waits on ``graph.nq.lock``), and a reader holds a
shared lock on its store's ``.readers`` file, so a store left behind by a changed graph is
removed only once nobody reads it. A store that does not open (damaged, or written by another
Oxigraph version) is made again. When the folder beside the file cannot be written, the graph
is read into memory, as before there was a store.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> graph = folder / "graph.nq"
>>> _ = graph.write_text('<urn:a> <urn:label> "A" <urn:g> .\\n')
>>> said = []
>>> len(open_graph_store(graph, say=said.append)), said == [
...     f"indexing {graph} for queries, once: the store is kept in {folder / '.notekg-store'}"]
(1, True)
>>> len(open_graph_store(graph, say=said.append)), len(said)  # opened, not made again
(1, 1)
>>> sorted(p.name for p in (folder / STORE_FOLDER).iterdir() if p.suffix != ".readers")  # doctest: +ELLIPSIS
['graph.nq-...', 'graph.nq.json', 'graph.nq.lock']
"""

from __future__ import annotations

import errno
import glob
import json
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from graph.atomic import atomic_write, staged_folder
from graph.errors import NotekgError, OutputNotWritable
from graph.formats import RDF_FILES
from graph.rdf.read import read_store, rdf_syntax_error

try:
    import fcntl
except ImportError:  # no file locks (Windows): graphs are read into memory, as before the store
    fcntl = None  # type: ignore[assignment]

__all__ = ["STORE_FOLDER", "open_graph_store"]

#: The hidden folder beside a graph file that holds its on-disk stores.
STORE_FOLDER = ".notekg-store"

#: A stamp taken sooner than this after the file changed is checked against the hash again.
_COARSEST_CLOCK_NS = 2_000_000_000

_RECORD_VERSION = 1

#: Reader locks held for the life of the process, one per store opened (its path -> the fd).
_READING: dict[str, int] = {}


class _NotKept(Exception):
    """The store cannot be kept beside the file; the graph is read into memory instead."""


@dataclass(frozen=True)
class _Record:
    """What ``graph.nq.json`` says: the store holding the file, and the file's stamp when checked."""

    store: str
    sha256: str
    stamp: list[int]
    checked_ns: int
    pyoxigraph: str

    def vouches_for(self, stamp: list[int]) -> bool:
        """The stamp is the recorded one, and was taken well after the file last changed."""
        modified = max(stamp[1], stamp[2])
        return (stamp == self.stamp and self.pyoxigraph == ox.__version__
                and self.checked_ns - modified >= _COARSEST_CLOCK_NS)


def open_graph_store(file: str | Path, *, say: Callable[[str], None] | None = None) -> ox.Store:
    """The graph in ``file`` as an Oxigraph store: opened read-only from the store beside it,
    made there first when missing or out of date (``say`` is told so, once), or read into memory
    when the folder beside the file cannot be written.

    Raises
    ------
    NotekgError
        If the file cannot be read, is not valid RDF, or changed while it was being indexed.
    """
    file = Path(file)
    if file.suffix.lower() not in RDF_FILES or fcntl is None:
        return read_store(file)  # which says what is wrong with a file that is not RDF
    try:
        return _open_kept(file, file.parent / STORE_FOLDER, say or (lambda message: None))
    except _NotKept:
        return read_store(file)


def _open_kept(file: Path, folder: Path, say: Callable[[str], None]) -> ox.Store:
    stamp = _stamp(file)
    if not folder.is_dir():
        try:
            folder.mkdir()
        except OSError:  # a folder that cannot be written: no store, and no hash to take
            raise _NotKept from None
    record = _read_record(folder, file.name)
    if record is not None and record.vouches_for(stamp):
        store = _open_store(folder, record.store)
        if store is not None:
            return store
    digest = _sha256(file)
    name = f"{file.name}-{digest[:32]}"
    store = _open_store(folder, name)
    if store is not None:
        _write_record(folder, file.name, name, digest, stamp)
        return store
    return _make(file, folder, name, digest, stamp, say)


def _make(file: Path, folder: Path, name: str, digest: str, stamp: list[int], say: Callable[[str], None]) -> ox.Store:
    """Index ``file`` into ``folder / name``, one process at a time, and open it."""
    try:
        folder.mkdir(exist_ok=True)
        lock = os.open(folder / f"{file.name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        raise _NotKept from None
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
        except OSError:  # a file system without locks
            raise _NotKept from None
        store = _open_store(folder, name)  # made by another process while this one waited
        if store is None:
            if _remove_leftovers(folder, file.name, name):
                say(f"the store of {file} in {folder} did not open; indexing it again")
            else:
                say(f"indexing {file} for queries, once: the store is kept in {folder}")
            try:
                _index(file, folder / name, stamp)
            except (OutputNotWritable, OSError, RuntimeError) as e:  # a full disk, say: from memory this time
                say(f"cannot keep the store beside {file.name} ({_reason(e)}); reading it into memory")
                raise _NotKept from None
            _remove_other_stores(folder, file.name, name)
        _write_record(folder, file.name, name, digest, stamp)
    finally:
        os.close(lock)  # and with it the lock
    store = _open_store(folder, name)
    if store is None:
        raise _NotKept
    return store


def _index(file: Path, target: Path, stamp: list[int]) -> None:
    """Bulk-load ``file`` into a new store at ``target``, made whole or not at all."""
    syntax = getattr(ox.RdfFormat, RDF_FILES[file.suffix.lower()].oxigraph)
    with staged_folder(target) as staging:
        store = ox.Store(str(staging))
        try:
            store.bulk_load(path=str(file), format=syntax)
            # Compacted, the store takes about twice the room and answers queries that scan the
            # whole graph about twice as fast (measured in BENCHMARKS.md).
            store.optimize()
        except (SyntaxError, ValueError) as e:
            raise rdf_syntax_error(file, e) from None
        finally:
            del store  # closed before the folder is renamed or removed
        if _stamp(file) != stamp:
            raise NotekgError(f"{file} changed while it was being indexed for queries; run the command again")


def _open_store(folder: Path, name: str) -> ox.Store | None:
    """The store ``folder / name`` opened read-only under a reader lock, or None when there is
    none or it does not open (it is then left for :func:`_make` to replace)."""
    path = folder / name
    if not path.is_dir():
        return None
    lock = _reader_lock(folder, name)
    if not path.is_dir():  # removed while this process waited for the lock
        _release(lock)
        return None
    try:
        store = ox.Store.read_only(str(path))
        next(iter(store.quads_for_pattern(None, None, None)), None)  # a damaged store fails here
    except (OSError, RuntimeError, ValueError):
        _release(lock)
        return None
    if lock is not None:
        previous = _READING.pop(str(path), None)
        _release(previous)
        _READING[str(path)] = lock
    return store


def _reader_lock(folder: Path, name: str) -> int | None:
    """A shared lock on ``name.readers``, held while the store is open (None where the folder
    cannot be written or has no locks: the store is then read unguarded, as it is never changed)."""
    try:
        fd = os.open(folder / f"{name}.readers", os.O_RDONLY | os.O_CREAT, 0o644)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
    except OSError:
        os.close(fd)
        return None
    return fd


def _release(lock: int | None) -> None:
    if lock is not None:
        os.close(lock)


_STORE_NAME = re.compile(r"-[0-9a-f]{32}$")


def _remove_other_stores(folder: Path, file_name: str, keep: str) -> None:
    """Remove the stores of earlier versions of the file that no process is reading."""
    for path in folder.glob(f"{glob.escape(file_name)}-*"):
        if path.name == keep or not path.is_dir() or not _STORE_NAME.search(path.name):
            continue
        try:
            fd = os.open(folder / f"{path.name}.readers", os.O_RDONLY | os.O_CREAT, 0o644)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # being read: removed by a later indexing
            os.close(fd)
            continue
        try:
            shutil.rmtree(path, ignore_errors=True)
            (folder / f"{path.name}.readers").unlink(missing_ok=True)
        finally:
            os.close(fd)


def _remove_leftovers(folder: Path, file_name: str, name: str) -> bool:
    """Under the lock: remove folders a killed indexing left, and the store ``name`` if it is
    there (it did not open); says whether there was one."""
    for path in folder.glob(f".{glob.escape(file_name)}-*.tmp"):
        shutil.rmtree(path, ignore_errors=True)
    if not (folder / name).exists():
        return False
    shutil.rmtree(folder / name, ignore_errors=True)
    return True


# ---------------------------------------------------------------------------------------------
# The file's stamp, hash and record


def _stamp(file: Path) -> list[int]:
    try:
        st = file.stat()
    except OSError as e:
        raise NotekgError(f"cannot read {file}: {e.strerror or e}") from None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def _sha256(file: Path) -> str:
    import hashlib  # not needed while the stamp vouches: a lighter start

    try:
        with open(file, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError as e:
        raise NotekgError(f"cannot read {file}: {e.strerror or e}") from None


def _read_record(folder: Path, file_name: str) -> _Record | None:
    try:
        data = json.loads((folder / f"{file_name}.json").read_text(encoding="utf-8"))
        if data.get("version") != _RECORD_VERSION:
            return None
        return _Record(str(data["store"]), str(data["sha256"]), [int(n) for n in data["stamp"]],
                       int(data["checked_ns"]), str(data["pyoxigraph"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing or damaged: the file's hash decides


def _write_record(folder: Path, file_name: str, store: str, digest: str, stamp: list[int]) -> None:
    """Record the store and the stamp just checked; where the folder cannot be written, the next
    query checks the hash again."""
    record = {"version": _RECORD_VERSION, "store": store, "sha256": digest, "stamp": stamp,
              "checked_ns": time.time_ns(), "pyoxigraph": ox.__version__}
    try:
        with atomic_write(folder / f"{file_name}.json") as f:
            json.dump(record, f)
    except (OutputNotWritable, OSError):
        pass


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return "the disk is full"
    return str(error) if isinstance(error, NotekgError) else (getattr(error, "strerror", None) or str(error))
