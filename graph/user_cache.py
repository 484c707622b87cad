"""The user's cache folder: what notekg works out from its own data once and keeps for later runs.

Like Python's ``.pyc`` files, what is kept here depends only on notekg's code and data files
(and a user's ``--vocab`` files), never on notes, and is used only when their digest matches:
the compiled regular expressions (:mod:`graph.regex_cache`) and the loaded lexicon
(:func:`graph.extract.lexicon_files.load_lexicon`).

The folder is ``$NOTEKG_CACHE_DIR``, else ``$XDG_CACHE_HOME/notekg``, else ``~/.cache/notekg``;
``NOTEKG_CACHE_DIR`` set to nothing keeps nothing. Files are written atomically; a folder
that cannot be written is left alone; a file that does not read is ignored (and made again).

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> store_pickle(folder / "demo.pickle", {"a": (1, 2)})
>>> load_pickle(folder / "demo.pickle", allowed=set())
{'a': (1, 2)}
>>> (folder / "demo.pickle").write_bytes(b"cos\\nsystem\\n(S'true'\\ntR.") and load_pickle(folder / "demo.pickle", set())
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["cache_folder", "store_bytes", "load_bytes", "store_pickle", "load_pickle", "prune"]

_DIGEST = 32  # sha256 of the content, stored before it: a file cut short or changed does not read


def cache_folder() -> Path | None:
    """Where notekg keeps what it works out for later runs (None: nowhere).

    >>> saved = os.environ.get("NOTEKG_CACHE_DIR")
    >>> os.environ["NOTEKG_CACHE_DIR"] = ""; cache_folder() is None
    True
    >>> os.environ["NOTEKG_CACHE_DIR"] = "/tmp/kept"; cache_folder()
    PosixPath('/tmp/kept')
    >>> if saved is None:
    ...     del os.environ["NOTEKG_CACHE_DIR"]
    ... else:
    ...     os.environ["NOTEKG_CACHE_DIR"] = saved
    """
    chosen = os.environ.get("NOTEKG_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "notekg"


def store_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` (with its digest) to ``path`` atomically; a folder that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix="." + path.name, dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(hashlib.sha256(data).digest() + data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass


def prune(folder: Path, pattern: str, keep: int = 8) -> None:
    """Remove all but the ``keep`` newest files of ``folder`` matching ``pattern`` (the digests
    of data files since changed, other ``--vocab`` files): the folder does not grow for ever."""
    try:
        found = [(path.stat().st_mtime_ns, path) for path in folder.glob(pattern)]
        for _, old in sorted(found)[:-keep]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def load_bytes(path: Path) -> bytes | None:
    """What :func:`store_bytes` wrote to ``path``, or None (missing, unreadable, cut short or changed)."""
    try:
        stored = path.read_bytes()
    except OSError:
        return None
    data = stored[_DIGEST:]
    return data if hashlib.sha256(data).digest() == stored[:_DIGEST] else None


class _Reader(pickle.Unpickler):
    """Makes only the classes it is told: a planted file can call no function."""

    def __init__(self, data: bytes, allowed: set[tuple[str, str]]):
        super().__init__(io.BytesIO(data))
        self.allowed = allowed

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self.allowed:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not expected here")


def store_pickle(path: Path, value: Any) -> None:
    """Keep ``value`` in ``path`` (see :func:`store_bytes`)."""
    store_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def load_pickle(path: Path, allowed: set[tuple[str, str]]) -> Any:
    """The value kept in ``path``, made only of builtins and the ``allowed`` (module, class)
    pairs; None if there is none or it does not read."""
    data = load_bytes(path)
    if data is None:
        return None
    try:
        return _Reader(data, allowed).load()
    except Exception:
        return None
