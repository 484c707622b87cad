"""Write files all at once: to a temporary name beside the target, then rename over it.

A failed or interrupted write (an error, a full disk, SIGINT, SIGTERM) leaves the earlier file
intact and no temporary file behind. :func:`output_set` does the same for several files that
belong together (a build's ``graph.ttl``, ``graph.nq`` and ``graph.html``): they are written into
a temporary folder and moved into place only when all are written.

Only regular files are replaced. A device, FIFO or socket given as the output is written to
(``-o /dev/stdout`` works), never renamed over; a folder is an error.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> with atomic_write(target) as f:
...     _ = f.write("hello")
>>> target.read_text()
'hello'
>>> folder = target.parent / "build"
>>> with output_set(folder) as files:
...     _ = files.write_text("a.txt", "A")
...     _ = files.write_text("b.txt", "B")
>>> sorted(p.name for p in folder.iterdir())
['a.txt', 'b.txt']
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Union

from graph.errors import OutputNotWritable

__all__ = ["atomic_write", "ensure_directory", "check_output_file", "write_output", "output_set", "OutputSet", "staged_folder"]


def ensure_directory(directory: str | Path) -> Path:
    """Create ``directory`` if needed and check it can be written.

    Raises
    ------
    OutputNotWritable
        If it cannot be created or written.
    """
    path = Path(directory)
    if path.exists() and not path.is_dir():
        raise OutputNotWritable(f"output path {path} is not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputNotWritable(f"cannot create output folder {path}: {e.strerror or e}") from None
    if not path.is_dir():
        raise OutputNotWritable(f"output path {path} is not a folder")
    if not os.access(path, os.W_OK | os.X_OK):
        raise OutputNotWritable(f"output folder {path} is not writable")
    return path


# ---------------------------------------------------------------------------------------------
# Signals: SIGTERM must unwind like SIGINT, so temporary files are removed; renames are not cut.


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


@contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """While writing, SIGTERM raises ``SystemExit(143)`` (so ``finally`` blocks run) instead of
    killing the process outright. Only where nobody else handles SIGTERM, in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous is not signal.SIG_DFL:
        yield
        return
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while the renames run; deliver them afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    for s in previous:
        signal.signal(s, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        for signum in caught:
            signal.raise_signal(signum)


# ---------------------------------------------------------------------------------------------
# One file


def _kind(path: Path) -> str:
    """``missing``, ``file``, ``folder`` or ``special`` (a device, FIFO or socket), links followed."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "missing"
    except OSError:
        return "missing"  # e.g. a dangling link: writing to it gives the real error
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    return "special"


@contextmanager
def _write_special(target: Path, mode: str) -> Iterator[IO[Any]]:
    """Write straight into a device or FIFO (there is nothing to keep and nothing to rename)."""
    flags = os.O_WRONLY
    if stat.S_ISFIFO(target.stat().st_mode):
        flags |= os.O_NONBLOCK  # fail at once when nobody reads the FIFO, rather than wait forever
    try:
        fd = os.open(target, flags)
        os.set_blocking(fd, True)
    except OSError as e:
        reason = "nothing reads from it" if e.errno == errno.ENXIO else (e.strerror or str(e))
        raise OutputNotWritable(f"cannot write {target}: {reason}") from None
    encoding = None if "b" in mode else "utf-8"
    try:
        with os.fdopen(fd, mode.replace("x", "w"), encoding=encoding) as f:
            yield f
    except OSError as e:
        raise OutputNotWritable(f"cannot write {target}: {e.strerror or e}") from None


@contextmanager
def atomic_write(path: str | Path, mode: str = "w") -> Iterator[IO[Any]]:
    """Open a temporary file for writing; on success it replaces ``path``.

    A device or FIFO at ``path`` is written to directly; a link to a file replaces the file
    it points to.

    Raises
    ------
    OutputNotWritable
        If ``path`` is a folder, or it cannot be written.
    """
    target = Path(path)
    kind = _kind(target)
    if kind == "folder":
        raise OutputNotWritable(f"output {target} is a folder")
    if kind == "special":
        with _write_special(target, mode) as f:
            yield f
        return
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    folder = target.parent if str(target.parent) else Path(".")
    with _sigterm_unwinds():
        try:
            with _signals_deferred():  # a signal between making the file and naming it would leave it
                fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        except OSError as e:
            raise OutputNotWritable(f"cannot write {target}: {e.strerror or e}") from None
        try:
            encoding = None if "b" in mode else "utf-8"
            with os.fdopen(fd, mode, encoding=encoding, newline=None if "b" in mode else "\n") as f:
                yield f
            os.chmod(tmp, 0o644)
            with _signals_deferred():
                os.replace(tmp, target)
        except OSError as e:
            _discard(tmp)
            raise OutputNotWritable(f"cannot write {target}: {e.strerror or e}") from None
        except BaseException:
            _discard(tmp)
            raise


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def check_output_file(path: str | Path, *, example_name: str) -> None:
    """Refuse an output file that is a folder, before any work is done for it.

    Raises
    ------
    OutputNotWritable
        If ``path`` is a folder (the message suggests ``path/example_name``).
    """
    path = Path(path)
    if _kind(path) == "folder":
        raise OutputNotWritable(f"output {path} is a folder; give a file name such as {path / example_name}")


def write_output(text: str, output: Union[str, Path, IO[str]], *, example_name: str) -> list[Path]:
    """Write ``text`` to a stream, or atomically to a file (creating its folder).

    Returns the file written (nothing for a stream or a device).

    Raises
    ------
    OutputNotWritable
        If ``output`` is a folder, or the file cannot be written.
    """
    if not isinstance(output, (str, Path)):
        output.write(text)
        return []
    path = Path(output)
    check_output_file(path, example_name=example_name)
    kind = _kind(path)
    if kind == "missing" and not path.parent.is_dir():
        ensure_directory(path.parent)
    with atomic_write(path) as f:
        f.write(text)
    return [path] if kind != "special" else []


# ---------------------------------------------------------------------------------------------
# A folder made whole


@contextmanager
def staged_folder(target: str | Path) -> Iterator[Path]:
    """Fill a new folder under a temporary name beside ``target``; when the block ends without
    error, rename it to ``target`` (which must not exist, or be an empty folder). On an error
    or a signal the temporary folder is removed and ``target`` is not made.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "store"
    >>> with staged_folder(target) as folder:
    ...     _ = (folder / "data").write_text("ready")
    >>> (target / "data").read_text(), [p.name for p in target.parent.iterdir()]
    ('ready', ['store'])

    Raises
    ------
    OutputNotWritable
        If the folder cannot be made, or renamed into place.
    """
    target = Path(target)
    with _sigterm_unwinds():
        try:
            with _signals_deferred():  # a signal between making the folder and naming it would leave it
                staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
                os.chmod(staging, 0o755)
        except OSError as e:
            raise OutputNotWritable(f"cannot write into {target.parent}: {e.strerror or e}") from None
        try:
            yield staging
            with _signals_deferred():
                try:
                    os.rename(staging, target)
                except OSError as e:
                    raise OutputNotWritable(f"cannot write {target}: {e.strerror or e}") from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


# ---------------------------------------------------------------------------------------------
# Several files as one


class OutputSet:
    """Files staged in a temporary folder, to replace their namesakes in ``folder`` together."""

    def __init__(self, folder: Path, staging: Path):
        self.folder = folder
        self.staging = staging
        self.names: list[str] = []
        #: Names whose file already had the staged bytes: left as it was (its time too).
        self.unchanged: list[str] = []
        self.dropped: list[str] = []

    def write_text(self, name: str, text: str) -> Path:
        """Stage ``name`` with ``text``; returns the path it will have once the set is in place."""
        return self.write_chunks(name, [text])

    def write_chunks(self, name: str, chunks: Iterable[str | bytes]) -> Path:
        """Stage ``name`` with the text of ``chunks`` (str, or bytes already UTF-8 encoded),
        written as they come (a large file need not be held as one string); returns the path
        it will have once the set is in place."""
        try:
            with open(self.staging / name, "wb") as f:
                for chunk in chunks:
                    f.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
        except OSError as e:
            raise OutputNotWritable(f"cannot write {self.folder / name}: {e.strerror or e}") from None
        if name not in self.names:
            self.names.append(name)
        return self.folder / name

    def staged_elsewhere(self, name: str) -> Path:
        """Take ``name`` as staged: another process (a forked child) wrote it where
        :meth:`staged` says. Returns the path it will have once the set is in place."""
        if name not in self.names:
            self.names.append(name)
        return self.folder / name

    def staged(self, name: str) -> Path:
        """Where ``name``, written in this set, is until the set moves into place."""
        return self.staging / name

    def drop(self, name: str) -> None:
        """Remove ``name`` from the folder when the set moves into place (a file a previous
        run wrote that this one does not: left, it would no longer match the others)."""
        if name not in self.dropped:
            self.dropped.append(name)

    def _commit(self) -> None:
        for name in self.names:
            if _kind(self.folder / name) not in ("missing", "file"):
                raise OutputNotWritable(f"cannot write {self.folder / name}: it is not a regular file")
        backup = self.staging / ".previous"
        backup.mkdir()
        done: list[tuple[str, str]] = []  # (name, what was there: "none", "kept" or "lost")
        current = ""
        dropped: list[str] = []
        try:
            for name in self.names:
                target = self.folder / name
                if _same_bytes(self.staging / name, target):
                    self.unchanged.append(name)
                    continue
                before = "none"
                if target.exists():
                    try:
                        os.link(target, backup / name)  # the old file stays reachable for a rollback
                        before = "kept"
                    except OSError:
                        before = "lost"  # a file system without hard links: no rollback for it
                os.replace(self.staging / name, target)
                done.append((name, before))
            for name in self.dropped:
                current = name
                target = self.folder / name
                if name not in self.names and _kind(target) == "file":
                    os.replace(target, backup / name)  # kept for a rollback; gone with the staging
                    dropped.append(name)
        except OSError as e:
            for name in dropped:
                try:
                    os.replace(backup / name, self.folder / name)
                except OSError:
                    pass
            for name, before in reversed(done):  # put back what was there before
                try:
                    if before == "kept":
                        os.replace(backup / name, self.folder / name)
                    elif before == "none":
                        os.unlink(self.folder / name)
                except OSError:
                    pass
            left = [n for n in self.names if n not in self.unchanged and n not in dict(done)]
            failed = self.folder / (left[0] if left else current)
            raise OutputNotWritable(f"cannot write {failed}: {e.strerror or e}") from None


def _same_bytes(staged: Path, target: Path) -> bool:
    """Does ``target`` already hold the staged file's bytes (then it need not be replaced)?"""
    try:
        if _kind(target) != "file" or staged.stat().st_size != target.stat().st_size:
            return False
        with open(staged, "rb") as a, open(target, "rb") as b:
            while True:
                chunk = a.read(1 << 20)
                if chunk != b.read(1 << 20):
                    return False
                if not chunk:
                    return True
    except OSError:
        return False


def _staging_parent(folder: Path) -> Path:
    """Beside ``folder`` when that is on the same file system and writable, else inside it."""
    parent = folder.resolve().parent
    try:
        same_device = parent.stat().st_dev == folder.stat().st_dev
    except OSError:
        same_device = False
    if same_device and os.access(parent, os.W_OK | os.X_OK):
        return parent
    return folder


@contextmanager
def output_set(directory: str | Path) -> Iterator[OutputSet]:
    """Stage files in a temporary folder; when the block ends without error, move them all into
    ``directory`` (renames, with SIGINT and SIGTERM held back). On an error or a signal, nothing in
    ``directory`` changes, no temporary file is left, and a folder this call created is removed.

    Raises
    ------
    OutputNotWritable
        If the folder cannot be created or a file cannot be written.
    """
    folder = Path(directory)
    created = not folder.exists()
    folder = ensure_directory(folder)
    with _sigterm_unwinds():
        staging: Path | None = None
        committed = False
        try:
            try:
                # A signal between making the folder and naming it would leave the folder behind.
                with _signals_deferred():
                    staging = Path(tempfile.mkdtemp(prefix=f".{folder.resolve().name}.", suffix=".tmp",
                                                    dir=_staging_parent(folder)))
            except OSError as e:
                raise OutputNotWritable(f"cannot write into {folder}: {e.strerror or e}") from None
            files = OutputSet(folder, staging)
            yield files
            with _signals_deferred():
                files._commit()
                committed = True
                shutil.rmtree(staging, ignore_errors=True)
        finally:
            if staging is not None and staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
            if created and not committed:
                try:
                    folder.rmdir()  # only when still empty
                except OSError:
                    pass
