"""Benchmark ``notekg query`` (Oxigraph) against rdflib's memory store on a large generated graph.

Steps, each skipped when its output already exists in ``--out``:

1. ``bench/gen_notes.py`` writes a notes file of ``--papers`` papers in the style of the real notes;
2. ``notekg build`` turns it into ``graph.nq`` (the real pipeline: parse, extract, model);
3. the same GROUP BY query (papers and mean rating per topic) runs, each engine in its own
   process so their memory is measured apart:

   * **oxigraph**: ``notekg query group-by.rq --graph graph.nq`` — the CLI bulk-loads the N-Quads
     into an in-memory Oxigraph store and runs the query there;
   * **rdflib**: ``rdflib.Dataset(default_union=True).parse(graph.nq)`` then ``Dataset.query``
     (rdflib's pure-Python SPARQL engine over its memory store).

Both answers are compared row by row (averages rounded: the engines print decimals to
different precisions). Timings are wall-clock (``time.perf_counter``); peak
memory is the child process's maximum resident set size.

Usage::

    .venv/bin/python bench/bench_query.py --papers 100000
    .venv/bin/python bench/bench_query.py --papers 10000 --out bench/out
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

GROUP_BY = """\
# Papers and mean rating per topic (the benchmark's GROUP BY)
SELECT ?topic (COUNT(?paper) AS ?papers) (AVG(?rating) AS ?mean) WHERE {
  ?paper a nk:Paper ;
         dcterms:subject ?t ;
         nk:rating ?rating .
  ?t skos:prefLabel ?topic .
}
GROUP BY ?topic
ORDER BY DESC(?papers) ?topic
"""


def _child_rdflib(graph: Path) -> dict[str, object]:
    """Run in a child process: load with rdflib, query with rdflib's engine."""
    from rdflib import Dataset

    from graph.vocab import PREFIXES

    start = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(graph, format="nquads")
    loaded = time.perf_counter()
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    rows = [[str(v) for v in row] for row in ds.query(prologue + GROUP_BY)]  # type: ignore[union-attr]
    done = time.perf_counter()
    return {"load_s": loaded - start, "query_s": done - loaded, "rows": rows, "triples": len(ds)}


def _child_oxigraph(graph: Path) -> dict[str, object]:
    """Run in a child process: the library path of ``notekg query`` (bulk load, then query)."""
    from graph.views.sparql import run_query, to_store

    start = time.perf_counter()
    store = to_store(graph)
    loaded = time.perf_counter()
    result = run_query(store, GROUP_BY)
    done = time.perf_counter()
    rows = [[str(v) for v in row] for row in result]
    return {"load_s": loaded - start, "query_s": done - loaded, "rows": rows, "triples": len(store)}


def _normal(rows: object) -> list[list[object]]:
    """Rows with numbers rounded (the engines print decimal averages to different precisions)."""

    def cell(value: str) -> object:
        try:
            return round(float(value), 9)
        except ValueError:
            return value

    return [[cell(v) for v in row] for row in rows]  # type: ignore[attr-defined]


def _run_child(engine: str, graph: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", engine, "--graph", str(graph)],
        check=True, capture_output=True, text=True,
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


def _timed(command: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (KB) of the child, and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    out = subprocess.run(command, check=True, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before), out.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--child", choices=("rdflib", "oxigraph"), help=argparse.SUPPRESS)
    parser.add_argument("--graph", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        child = _child_rdflib if args.child == "rdflib" else _child_oxigraph
        result = child(args.graph)
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return

    from gen_notes import write_notes

    args.out.mkdir(parents=True, exist_ok=True)
    notes = args.out / f"notes-{args.papers}.md"
    built = args.out / f"graph-{args.papers}"
    graph = built / "graph.nq"
    if not notes.exists():
        start = time.perf_counter()
        write_notes(notes, args.papers, seed=args.seed)
        print(f"generated {notes} ({notes.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - start:.1f} s")
    if not graph.exists():
        seconds, _, output = _timed([sys.executable, "-m", "graph", "build", str(notes), "-o", str(built)])
        print(f"built {graph} in {seconds:.1f} s: {output.splitlines()[0]}")
    query_file = args.out / "group-by.rq"
    query_file.write_text(GROUP_BY, encoding="utf-8")

    cli_seconds, _, cli_output = _timed(
        [sys.executable, "-m", "graph", "query", str(query_file), "--graph", str(graph), "--format", "tsv"]
    )
    oxigraph = _run_child("oxigraph", graph)
    rdflib = _run_child("rdflib", graph)
    same = _normal(oxigraph["rows"]) == _normal(rdflib["rows"])
    cli_rows = len(cli_output.splitlines()) - 1

    print(f"graph: {graph} ({graph.stat().st_size / 1e6:.0f} MB, {oxigraph['triples']} quads, {args.papers} papers)")
    print(f"query: GROUP BY topic over papers and ratings -> {len(oxigraph['rows'])} rows (CLI: {cli_rows}); "  # type: ignore[arg-type]
          f"same answer from both engines: {same}")
    print(f"{'engine':<10} {'load s':>8} {'query s':>8} {'total s':>8} {'peak MB':>8}")
    for name, r in (("oxigraph", oxigraph), ("rdflib", rdflib)):
        total = float(r["load_s"]) + float(r["query_s"])  # type: ignore[arg-type]
        print(f"{name:<10} {r['load_s']:>8.2f} {r['query_s']:>8.2f} {total:>8.2f} {r['peak_rss_mb']:>8.0f}")
    print(f"notekg query (whole CLI process, Oxigraph): {cli_seconds:.2f} s")
    ratio_query = float(rdflib["query_s"]) / float(oxigraph["query_s"])  # type: ignore[arg-type]
    ratio_total = (float(rdflib["load_s"]) + float(rdflib["query_s"])) / (  # type: ignore[arg-type]
        float(oxigraph["load_s"]) + float(oxigraph["query_s"])  # type: ignore[arg-type]
    )
    print(f"rdflib / oxigraph: query {ratio_query:.0f}x, load + query {ratio_total:.0f}x")
    if not same:
        sys.exit("the two engines disagree")


if __name__ == "__main__":
    main()
