"""Benchmark the HTML page: generation time in Python, time-to-interactive in Chromium, the picture.

For generated graphs (bench/gen_graph.py) of 1,000, 5,000 and 20,000 papers, and for the default notes:

* ``project``: N-Quads -> networkx (:func:`graph.views.network.network_from_nquads`, as a build
  draws its page from the graph.nq it writes);
* ``page``: networkx -> HTML string (:func:`graph.views.page.render_page`, layout included);
* ``ready``: milliseconds from navigation start until the page has drawn the graph and answers
  (``window.notekg.readyAt``), in headless Chromium with every request blocked;
* ``select``: milliseconds to select a node from the search (focus, highlight, details, redraw);
* ``spread`` and ``grouping`` of the positions read back from the page
  (:mod:`graph.views.picture`: the middle-90% box's share of the whole, and same-topic paper
  distance over any-pair distance).

Each browser figure is the median of three fresh page loads. Run::

    .venv/bin/python bench/bench_page.py                                # prints a Markdown table
    .venv/bin/python bench/bench_page.py --papers 1000 5000 20000 --write  # also rewrites BENCHMARKS.md's section
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
from graph.views.export import serialize_chunks  # noqa: E402
from graph.views.network import network_from_nquads  # noqa: E402
from graph.views.page import render_page  # noqa: E402
from graph.views.picture import grouping, spread  # noqa: E402

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


POSITIONS_JS = """() => { const p = notekg.network.getPositions(); const r = {};
    notekg.data.nodes.forEach(n => { const q = p[n.id] || n; r[n.iri] = [q.x, q.y]; }); return r; }"""

#: gen_graph makes about 82 papers per 100 nodes
PAPERS_PER_NODE = 0.82


def _browser_figures(browser, path: Path, runs: int = 3) -> tuple[float, float, int, dict]:
    url = path.resolve().as_uri()
    ready, select, blocked = [], [], []
    positions: dict = {}
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        context.route("**/*", lambda r: r.continue_() if r.request.url == url else (blocked.append(r.request.url), r.abort()))
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("() => window.notekg && window.notekg.ready", timeout=120_000, polling=20)
        ready.append(page.evaluate("notekg.readyAt"))
        positions = {k: tuple(v) for k, v in page.evaluate(POSITIONS_JS).items()}
        middle = page.evaluate("notekg.data.nodes.length") // 2
        select.append(page.evaluate(SELECT_JS, middle))
        context.close()
    return statistics.median(ready), statistics.median(select), len(blocked), positions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[1000, 5000], help="papers in each generated graph")
    parser.add_argument("--write", action="store_true", help="rewrite the page section of BENCHMARKS.md")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    cases = [("default notes", lambda: graph.build([ROOT / "notes" / "iccv2019.md"]).quads())]
    cases += [(f"generated, {n:,} papers", lambda n=n: generate_dataset(round(n / PAPERS_PER_NODE), seed=0)) for n in args.papers]
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, make in cases:
            nquads = "".join(serialize_chunks(make(), "nq"))
            t_project, G = _timed(network_from_nquads, nquads, repeat=1)
            t_page, html = _timed(render_page, G, repeat=3 if G.number_of_nodes() < 2000 else 1)
            path = OUT / f"page-{G.number_of_nodes()}.html"
            path.write_text(html, encoding="utf-8")
            ready, select, blocked, positions = _browser_figures(browser, path)
            topics = {n: d["topics"] for n, d in G.nodes(data=True) if d.get("type") == "Paper" and d.get("topics")}
            picture = (spread(positions), grouping(positions, topics))
            rows.append((name, G.number_of_nodes(), G.number_of_edges(), t_project, t_page, len(html) / 1e6, ready, select, blocked, picture))
            print(rows[-1], file=sys.stderr)
        version = browser.version
        browser.close()
    table = [
        "| graph | nodes | edges | N-Quads→networkx | networkx→HTML | HTML size | ready in Chromium | select a node | spread | grouping | requests |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, n, e, tp, tg, size, ready, select, blocked, (spread_, grouping_) in rows:
        table.append(
            f"| {name} | {n:,} | {e:,} | {tp:.2f} s | {tg:.2f} s | {size:.1f} MB | {ready / 1000:.2f} s | {select:.0f} ms "
            f"| {spread_:.2f} | {grouping_:.2f} | {blocked} |"
        )
    text = "\n".join(table)
    print(text)
    if args.write:
        machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, Chromium {version} headless"
        benchmarks = ROOT / "BENCHMARKS.md"
        whole = benchmarks.read_text(encoding="utf-8")
        start = whole.index("## The HTML page")
        end = whole.index("\n## ", start + 1) + 1
        command = "bench/bench_page.py " + " ".join(["--papers", *map(str, args.papers), "--write"])
        benchmarks.write_text(whole[:start] + _document(text, machine, command) + "\n" + whole[end:], encoding="utf-8")


def _document(table: str, machine: str, command: str) -> str:
    return f"""## The HTML page

Measured with:

```
.venv/bin/python {command}
```

on {machine}. Generated graphs come from `bench/gen_graph.py` (seeded: papers in a topic tree
using techniques, tasks and datasets, each relation with an evidence statement, about 2.5 edges
per node; about 82 papers per 100 nodes).

{table}

* **N-Quads→networkx**: `graph.views.network.network_from_nquads` on the graph's N-Quads text
  (Oxigraph parses, one pass over the quads; no rdflib Dataset), as a build draws its page.
* **networkx→HTML**: `graph.views.page.render_page`, best of three (one run from 2,000 nodes),
  including the seeded layout computed in Python (`graph.views.layout.layout_positions`: papers
  grouped by topic, the group graph laid out first by igraph's Fruchterman–Reingold, each group
  in its own disc, overlapping discs pushed apart).
* **ready in Chromium**: from navigation start to the first drawing of the graph, when search,
  filters and clicks answer (`window.notekg.readyAt`), median of three fresh loads with every
  request blocked. vis-network's physics is off: the Python positions are the picture. Above
  3,000 nodes (`graph.views.overview.OVERVIEW_NODES`) the page opens as an overview of groups, so
  "ready" is the overview drawn; spread and grouping are then measured on the positions the
  groups' nodes take when opened. For
  comparison, pyvis's defaults (physics from random positions) take 4.2 s to load 1,000 nodes and
  20.3 s for 5,000 (DESIGN.md).
* **select a node**: search result chosen → node focused, neighbourhood highlighted, details
  shown, two frames drawn; median of three.
* **spread**: the share of the drawing's bounding box taken by the box holding the middle 90% of
  nodes (positions read back from the page); 0 when outliers squash the rest into a dot.
* **grouping**: mean distance between two papers of one topic over the mean distance between any
  two papers (sampled); below 0.6 papers of one topic visibly sit together.
* **requests**: requests the page attempted besides its own file (all are blocked and counted).
"""


if __name__ == "__main__":
    main()
