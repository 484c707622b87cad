"""CPU time of the page's network view and of the page itself, on the default notes and generated graphs.

For each graph: the projection (``kg.nx`` of a build: :func:`graph.views.network.network_from_nquads`
on the graph's N-Quads; with code that predates it, :func:`~graph.views.network.to_networkx` of an
rdflib Dataset) and :func:`graph.views.page.render_page`, in CPU seconds (``time.process_time``:
less moved by other work on a shared machine than wall time), best of three (one run from 2,000
nodes). One page is made before timing, so imports are left out. Run against older code by putting
its checkout first on ``PYTHONPATH``::

    .venv/bin/python bench/bench_projection.py 1000 5000 20000
    PYTHONPATH=/path/to/old/checkout .venv/bin/python bench/bench_projection.py 1000 5000 20000
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent

import graph  # noqa: E402  (first: gen_graph puts this checkout ahead of PYTHONPATH)
from graph.views.page import render_page  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from gen_graph import generate_dataset  # noqa: E402

#: gen_graph makes about 82 papers per 100 nodes
PAPERS_PER_NODE = 0.82


def best(function: Callable[[], Any], runs: int = 3) -> tuple[float, Any]:
    fastest, result = float("inf"), None
    for _ in range(runs):
        start = time.process_time()
        result = function()
        fastest = min(fastest, time.process_time() - start)
    return fastest, result


def projection(source: Any) -> Callable[[], Any]:
    """How this checkout makes a build's network view from ``source`` (quads or a Dataset)."""
    try:
        from graph.views.export import serialize_chunks
        from graph.views.network import network_from_nquads
    except ImportError:  # older code: through an rdflib Dataset
        from graph.rdf.datasets import quads_to_dataset
        from graph.views.network import to_networkx

        if isinstance(source, list):
            return lambda: to_networkx(quads_to_dataset(source))
        return lambda: to_networkx(source)
    text = "".join(serialize_chunks(source, "nq"))
    return lambda: network_from_nquads(text)


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [1000, 5000]
    print("| graph | nodes | projection | page |")
    print("| --- | ---: | ---: | ---: |")
    cases: list[tuple[str, Callable[[], Any]]] = [
        ("default notes", lambda: graph.build([ROOT / "notes" / "iccv2019.md"]).quads())
    ]
    cases += [(f"generated, {n:,} papers", lambda n=n: generate_dataset(round(n / PAPERS_PER_NODE), seed=0))
              for n in sizes]
    for name, make in cases:
        source = make()
        project = projection(source)
        small = name == "default notes"
        t_project, G = best(project, 3 if small else 1)
        render_page(G)
        t_page, _ = best(lambda: render_page(G), 3 if G.number_of_nodes() < 2000 else 1)
        print(f"| {name} | {G.number_of_nodes():,} | {t_project:.2f} s | {t_page:.2f} s |", flush=True)


if __name__ == "__main__":
    main()
