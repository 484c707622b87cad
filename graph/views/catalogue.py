"""The named queries: ``queries/*.rq``, each a question the graph answers.

A query file starts with a ``# one-line description`` header and ``# param: name — meaning``
lines for its parameters, then the query. The files live at the top of the source tree
(``queries/``) and are installed inside the package (``graph/queries``) by a wheel.

Examples
--------
>>> q = find_query("top-rated")
>>> q.name
'top-rated.rq'
>>> "SELECT" in read_query("top-rated")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graph.errors import BadQuery

__all__ = ["NamedQuery", "queries_dir", "list_queries", "find_query", "read_query"]


@dataclass(frozen=True)
class NamedQuery:
    """A query file of ``queries/``: its name (file stem), description and parameters."""

    name: str
    path: Path
    description: str
    params: tuple[tuple[str, str], ...] = ()


def queries_dir() -> Path:
    """Where the named queries are: ``graph/queries`` when installed from a wheel, else
    ``queries/`` at the top of the source tree.

    >>> (queries_dir() / "top-rated.rq").is_file()
    True
    """
    package = Path(__file__).resolve().parent.parent
    packaged = package / "queries"
    if packaged.is_dir():
        return packaged
    return package.parent / "queries"


def _header(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    description = ""
    params = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        param = re.match(r"param:\s*\??(\w+)\s*(?:—|–|--|-|:)?\s*(.*)", body)
        if param:
            params.append((param.group(1), param.group(2).strip()))
        elif not description and body:
            description = body
    return description, tuple(params)


def list_queries(directory: str | Path | None = None) -> list[NamedQuery]:
    """The named queries (``*.rq``) sorted by name, with their header's description and params.

    Examples
    --------
    >>> names = [q.name for q in list_queries()]
    >>> "top-rated" in names and names == sorted(names)
    True
    """
    folder = Path(directory) if directory is not None else queries_dir()
    found = []
    for path in sorted(folder.glob("*.rq")):
        description, params = _header(path.read_text(encoding="utf-8"))
        found.append(NamedQuery(path.stem, path, description, params))
    return found


def find_query(name_or_file: str | Path, directory: str | Path | None = None) -> Path:
    """Resolve ``name_or_file``: an existing file, else the named query ``queries/NAME.rq``.

    Raises
    ------
    BadQuery
        If it is neither (the message lists the closest names).
    """
    path = Path(name_or_file)
    if path.is_file():
        return path
    folder = Path(directory) if directory is not None else queries_dir()
    stem = path.name[:-3] if path.name.endswith(".rq") else path.name
    candidate = folder / f"{stem}.rq"
    if candidate.is_file():
        return candidate
    import difflib  # only for a name that is not there: the query path stays light

    names = [q.name for q in list_queries(folder)]
    close = difflib.get_close_matches(stem, names, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `notekg queries` lists them"
    raise BadQuery(f"no query file or named query {str(name_or_file)!r}{hint}")


def read_query(name_or_file: str | Path, directory: str | Path | None = None) -> str:
    """The text of a query file or named query (see :func:`find_query`)."""
    path = find_query(name_or_file, directory)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise BadQuery(f"cannot read query {path}: {e}") from None
