"""Benchmark the HTML page: generation time in Python and time-to-interactive in Chromium.

For generated graphs (bench/gen_graph.py) of 1,000 and 5,000 nodes, and for the default notes:

* ``project``: RDF -> networkx (:func:`graph.views.network.to_networkx`);
* ``page``: networkx -> HTML string (:func:`graph.views.page.render_page`, layout included);
* ``ready``: milliseconds from navigation start until the page has drawn the graph and answers
  (``window.notekg.readyAt``), in headless Chromium with every request blocked;
* ``select``: milliseconds to select a node from the search (focus, highlight, details, redraw).

Each browser figure is the median of three fresh page loads. Run::

    .venv/bin/python bench/bench_page.py            # prints a Markdown table
    .venv/bin/python bench/bench_page.py --write    # also rewrites docs/benchmarks-page.md
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from gen_graph import generate_dataset  # noqa: E402

import graph  # noqa: E402
from graph.views.network import to_networkx  # noqa: E402
from graph.views.page import PHYSICS_LIMIT, STABILIZATION_ITERATIONS, render_page  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
OUT = ROOT / "bench" / "out"
SELECT_JS = """(id) => new Promise(resolve => {
    const t0 = performance.now();
    notekg.select(id);
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
})"""


def _timed(function, *args, repeat=3, **kwargs):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(*args, **kwargs)
        best = min(best, time.perf_counter() - start)
    return best, result


def _browser_figures(browser, path: Path, runs: int = 3) -> tuple[float, float, int]:
    url = path.resolve().as_uri()
    ready, select, blocked = [], [], []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        context.route("**/*", lambda r: r.continue_() if r.request.url == url else (blocked.append(r.request.url), r.abort()))
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("() => window.notekg && window.notekg.ready", timeout=120_000, polling=20)
        ready.append(page.evaluate("notekg.readyAt"))
        middle = page.evaluate("notekg.data.nodes.length") // 2
        select.append(page.evaluate(SELECT_JS, middle))
        context.close()
    return statistics.median(ready), statistics.median(select), len(blocked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--write", action="store_true", help="rewrite docs/benchmarks-page.md")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    cases = [("default notes", lambda: graph.build([ROOT / "notes" / "iccv2019.md"]).rdf)]
    cases += [(f"generated {n:,}", lambda n=n: generate_dataset(n, seed=0)) for n in args.sizes]
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, make in cases:
            ds = make()
            t_project, G = _timed(to_networkx, ds, repeat=1)
            t_page, html = _timed(render_page, G, repeat=3 if G.number_of_nodes() < 2000 else 1)
            path = OUT / f"page-{G.number_of_nodes()}.html"
            path.write_text(html, encoding="utf-8")
            ready, select, blocked = _browser_figures(browser, path)
            layout = "vis physics (seeded), then off" if G.number_of_nodes() <= PHYSICS_LIMIT else "Python (seeded), physics off"
            rows.append((name, G.number_of_nodes(), G.number_of_edges(), t_project, t_page, len(html) / 1e6, layout, ready, select, blocked))
            print(rows[-1], file=sys.stderr)
        version = browser.version
        browser.close()
    table = [
        "| graph | nodes | edges | RDF→networkx | networkx→HTML | HTML size | layout | ready in Chromium | select a node | requests |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for name, n, e, tp, tg, size, layout, ready, select, blocked in rows:
        table.append(f"| {name} | {n:,} | {e:,} | {tp:.2f} s | {tg:.2f} s | {size:.1f} MB | {layout} | {ready / 1000:.2f} s | {select:.0f} ms | {blocked} |")
    text = "\n".join(table)
    print(text)
    if args.write:
        machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, Chromium {version} headless"
        (ROOT / "docs" / "benchmarks-page.md").write_text(_document(text, machine), encoding="utf-8")


def _document(table: str, machine: str) -> str:
    return f"""## The HTML page

Measured with:

```
.venv/bin/python bench/bench_page.py --write
```

on {machine}. Graphs of 1,000 and 5,000 nodes come from `bench/gen_graph.py` (seeded: papers
in a topic tree using techniques, tasks and datasets, each relation with an evidence statement,
about 2.5 edges per node).

{table}

* **RDF→networkx**: `graph.views.network.to_networkx` on the rdflib Dataset (one pass over the quads).
* **networkx→HTML**: `graph.views.page.render_page`, best of three (one run for 5,000 nodes),
  including the seeded layout computed in Python (`graph.views.layout.layout_positions`: label
  propagation groups, Fruchterman–Reingold inside and between groups, overlaps pushed apart).
* **ready in Chromium**: from navigation start to the first drawing of the graph, when search,
  filters and clicks answer (`window.notekg.readyAt`), median of three fresh loads with every
  request blocked. Up to {PHYSICS_LIMIT:,} nodes this includes vis-network's physics run from the
  Python positions ({STABILIZATION_ITERATIONS} iterations at most, 48 for 1,000 nodes), after which
  physics is off; above, physics is off from the start. For comparison, pyvis's defaults (physics
  from random positions) take 4.2 s to load 1,000 nodes and 20.3 s for 5,000 (DESIGN.md).
* **select a node**: search result chosen → node focused, neighbourhood highlighted, details
  shown, two frames drawn; median of three.
* **requests**: requests the page attempted besides its own file (all are blocked and counted).
"""


if __name__ == "__main__":
    main()
