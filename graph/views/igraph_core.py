"""igraph's C core for the page's layout, loaded without the igraph package around it.

:mod:`graph.views.layout` calls two methods of the core's ``GraphBase`` (multilevel
communities, Fruchterman–Reingold), which take and give plain lists.

>>> g = igraph_graph(3, [(0, 1), (1, 2)])
>>> with seeded(1):
...     membership = g.community_multilevel()
>>> len(membership)
3
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

__all__ = ["igraph_graph", "seeded"]


def igraph_graph(n: int, edges: list[tuple[int, int]]) -> Any:
    """An undirected igraph graph of ``n`` vertices, made by igraph's C constructor:
    ``igraph.Graph(...)`` imports numpy (a tenth of a second) to check for arrays."""
    return igraph_core().GraphBase(n, edges, False)


def igraph_core() -> Any:
    """igraph's C core (``igraph._igraph``), loaded without the Python package around it.

    The layout calls two methods of the core's ``GraphBase`` (multilevel communities,
    Fruchterman–Reingold), which take and give plain lists. ``import igraph`` loads the
    package first: its Python layer (drawing back-ends, clusterings, formulae, texttable for
    summaries) takes ten times what the core does, 0.02 s, a twentieth of a small build. The
    core is loaded as the package would load it and registered under its name, so a later
    ``import igraph`` uses it (:class:`_CoreOfPackage` gives the package its ``_igraph`` then);
    where it cannot be found so, the package is imported as usual. The core draws from
    Python's ``random`` either way (its RNG is set when it loads).
    """
    core = sys.modules.get("igraph._igraph")
    if core is not None:
        return core
    try:
        import importlib.machinery
        import importlib.util

        spec = importlib.util.find_spec("igraph")
        folders = list(spec.submodule_search_locations or ()) if spec is not None else []
        suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
        found = [file for folder in folders for file in sorted(Path(folder).glob("_igraph.*"))
                 if file.name.endswith(suffixes)]
        core_spec = importlib.util.spec_from_file_location("igraph._igraph", found[0]) if found else None
        if core_spec is None or core_spec.loader is None:
            raise ImportError("igraph's C core not found")
        core = importlib.util.module_from_spec(core_spec)
        core_spec.loader.exec_module(core)
        sys.modules["igraph._igraph"] = core
        if "igraph" not in sys.modules:
            sys.meta_path.insert(0, _CoreOfPackage())
        return core
    except ImportError:  # pragma: no cover - an igraph laid out otherwise
        import igraph

        return igraph._igraph


class _CoreOfPackage:
    """An import finder for the igraph package imported after its core alone (see
    :func:`igraph_core`): the package then finds its core loaded (the core refuses to load
    twice), and Python sets a submodule as an attribute of its package only when it loads
    it, so the package gets ``_igraph`` from here. It steps aside at the first ``import igraph``.
    """

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != "igraph":
            return None
        sys.meta_path.remove(self)
        import importlib.util

        spec = importlib.util.find_spec(name)
        loader = spec.loader if spec is not None else None
        run = getattr(loader, "exec_module", None)
        if run is not None:
            def exec_module(module: Any) -> None:
                module._igraph = sys.modules["igraph._igraph"]
                run(module)

            loader.exec_module = exec_module  # type: ignore[union-attr,method-assign]
        return spec


class seeded:
    """igraph draws from Python's ``random``: seed it for the block, then put the state back."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def __enter__(self) -> None:
        self.state = random.getstate()
        random.seed(self.seed)

    def __exit__(self, *exc: object) -> None:
        random.setstate(self.state)
