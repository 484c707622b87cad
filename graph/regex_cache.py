"""Compiled regular expressions kept between runs, as Python keeps compiled modules (``.pyc``).

A build of a few hundred papers compiles about 500 regular expressions (the cue files' words,
the rating and citation forms, markdown-it's rules): 0.08 s, a sixth of the whole build. Python's
``re`` compiles a pattern in pure Python each time a process first uses it, then keeps the
result in its own cache (``re._cache``). :func:`kept_patterns` fills that cache at the start
from what an earlier run compiled — the pattern's program as ``re`` made it, which the C
matcher (``_sre``) takes back in a few microseconds — and writes what the run compiled anew.

The programs are stored in the user's cache folder (:mod:`graph.user_cache`:
``$NOTEKG_CACHE_DIR``, else ``$XDG_CACHE_HOME/notekg``, else ``~/.cache/notekg``; empty: no
cache) in one file per Python version and ``re`` format, with a digest of its content. A pattern is looked up by its text and flags, so a changed cue file
only adds patterns. A file that does not read — cut short, changed by hand, from another
Python — is ignored and written again; a folder that cannot be written is left alone. The C
matcher checks every program it is given, so a bad file cannot make a pattern unsafe.

>>> import re, tempfile
>>> folder = tempfile.mkdtemp()
>>> with kept_patterns(folder):
...     _ = re.compile(r"(?P<year>\\d{4})-demo")
>>> re.purge()
>>> with kept_patterns(folder) as loaded:
...     loaded > 0, re.compile(r"(?P<year>\\d{4})-demo").match("2019-demo")["year"]
(True, '2019')
"""

from __future__ import annotations

import marshal
import re
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from graph.user_cache import cache_folder, load_bytes, store_bytes

__all__ = ["kept_patterns"]

try:  # CPython's regular expression engine: the programs are its format
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: patterns are compiled as usual
    _sre = None

_FORMAT = b"notekg-regex/1\n"
# A program fits only the engine that made it: Python's version and sre's own version number.
_ENGINE = f"{sys.implementation.cache_tag}-{getattr(_sre, 'MAGIC', 0)}-{getattr(_sre, 'CODESIZE', 0)}"

#: Store the run's new patterns when there are at least this many (see kept_patterns).
_WORTH_STORING = 8
#: At most this many patterns are stored (the newest).
_MOST = 2048

#: A stored pattern: its text and flags (the key re uses), then what _sre.compile takes.
Entry = tuple[str, int, int, list[int], int, dict[str, int], tuple[Any, ...]]


def _usable() -> bool:
    cache = getattr(re, "_cache", None)
    return _sre is not None and isinstance(cache, dict) and hasattr(_compiler, "_code")


@contextmanager
def kept_patterns(folder: str | Path | None = None) -> Iterator[int]:
    """Within the block, patterns compiled by an earlier run are taken from the cache; after it,
    the patterns compiled in the block are stored. Yields how many were loaded.

    ``folder``: where to keep them (default :func:`cache_folder`).
    """
    where = Path(folder) if folder is not None else cache_folder()
    if where is None or not _usable():
        yield 0
        return
    path = where / f"regex-{_ENGINE}.bin"
    known = _load(path)
    cache: dict[Any, Any] = re._cache  # type: ignore[attr-defined]
    for key, (pattern, _) in known.items():
        cache.setdefault(key, pattern)
    # re drops its oldest pattern past _MAXCACHE (512): a build compiles more than that, and
    # what was dropped would be neither reused nor stored, so the cache holds all of them here.
    most = getattr(re, "_MAXCACHE", None)
    if isinstance(most, int):
        re._MAXCACHE = max(most, len(cache) + _MOST)  # type: ignore[attr-defined]
    try:
        yield len(known)
    finally:
        if isinstance(most, int):
            re._MAXCACHE = most  # type: ignore[attr-defined]
        fresh = [key for key in list(cache) if key not in known and key[0] is str]
        # A few patterns differ from run to run (markdown-it makes one from a set): they are
        # compiled as usual. Many new ones mean notekg or its data changed: they are stored.
        if len(fresh) >= _WORTH_STORING or not known and fresh:
            entries = [entry for key in fresh for entry in [_entry(key)] if entry is not None]
            _save(path, ([entry for _, entry in known.values()] + entries)[-_MOST:])


def _load(path: Path) -> dict[Any, tuple[Any, Entry]]:
    """The patterns stored in ``path``, each made again from its program, with its entry ({}
    if the file does not read)."""
    data = load_bytes(path)
    if data is None or not data.startswith(_FORMAT):
        return {}
    try:
        entries: list[Entry] = marshal.loads(data[len(_FORMAT):])
        found = {}
        for entry in entries:
            text, flags, all_flags, code, groups, groupindex, indexgroup = entry
            pattern = _sre.compile(text, all_flags, code, groups, groupindex, indexgroup)
            found[(type(text), text, flags)] = (pattern, entry)
        return found
    except Exception:  # a file of another shape, or a program the engine refuses: compile anew
        return {}


def _entry(key: Any) -> Entry | None:
    """What :func:`_load` needs to make the pattern of ``re``'s cache key again: re's compile,
    its last step left out (None for what is not worth keeping or cannot be redone)."""
    kind, text, flags = key
    if kind is not str or not isinstance(flags, int):
        return None  # bytes patterns are few and not worth a second format
    try:
        parsed = _parser.parse(text, flags)
        code = [int(op) for op in _compiler._code(parsed, flags)]
    except Exception:  # pragma: no cover - re compiled it once already
        return None
    indexgroup: list[Any] = [None] * parsed.state.groups
    for name, index in parsed.state.groupdict.items():
        indexgroup[index] = name
    return (text, flags, flags | parsed.state.flags, code, parsed.state.groups - 1,
            dict(parsed.state.groupdict), tuple(indexgroup))


def _save(path: Path, entries: list[Entry]) -> None:
    """Store the patterns' programs in ``path`` (atomically; an unwritable folder is skipped)."""
    store_bytes(path, _FORMAT + marshal.dumps(entries))
