"""Write files all at once: to a temporary file beside the target, then rename over it.

A failed or interrupted write leaves the earlier file intact.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> with atomic_write(target) as f:
...     _ = f.write("hello")
>>> target.read_text()
'hello'
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator, Union

from graph.errors import OutputNotWritable

__all__ = ["atomic_write", "ensure_directory", "write_output"]


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


@contextmanager
def atomic_write(path: str | Path, mode: str = "w") -> Iterator[IO[Any]]:
    """Open a temporary file for writing; on success it replaces ``path``.

    Raises
    ------
    OutputNotWritable
        If the folder cannot be written.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise OutputNotWritable(f"cannot write {target}: {e.strerror or e}") from None
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding, newline=None if "b" in mode else "\n") as f:
            yield f
        os.chmod(tmp, 0o644)
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


def write_output(text: str, output: Union[str, Path, IO[str]], *, example_name: str) -> list[Path]:
    """Write ``text`` to a stream, or atomically to a file (creating its folder).

    Returns the file written (nothing for a stream).

    Raises
    ------
    OutputNotWritable
        If ``output`` is a folder, or the file cannot be written.
    """
    if not isinstance(output, (str, Path)):
        output.write(text)
        return []
    path = Path(output)
    if path.is_dir():
        raise OutputNotWritable(f"output {path} is a folder; give a file name such as {path / example_name}")
    if not path.parent.is_dir():
        ensure_directory(path.parent)
    with atomic_write(path) as f:
        f.write(text)
    return [path]
