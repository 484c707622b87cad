"""Benchmark how soon ``notekg query`` answers on a built graph: read into memory (as every query
did before the query store) against the store kept beside the graph (``.notekg-store/``).

For one ``graph.nq`` (the store beside it is removed first), each row is the wall time of whole
processes, the minimum of ``--runs``:

* *in memory*: ``notekg query`` as before the store: a file named ``.notekg-store`` beside the
  graph keeps the store from being made, so the graph is bulk-loaded into memory (the fallback);
* *first query*: ``notekg query`` making the store (once), with the store's size on disk;
* *with the store*: ``notekg query`` opening the store read-only;
* *after touch*: ``notekg query`` after ``touch graph.nq`` (the stamp changed, the content did not:
  the file is hashed again and the store reused).

Then, in this process, what checking that a store matches its graph costs: the stamp (``stat`` and
the small record) when it vouches, and the SHA-256 of the file when it does not.

Queries: ``count`` (papers), ``first-10`` (ten titles, ``LIMIT 10``) and any named ones given with
``--query`` (``top-rated`` by default: it aggregates over every paper, so the query itself, not the
start, dominates on a large graph).

Usage::

    .venv/bin/python bench/bench_query_start.py exports/graph.nq --runs 5
    .venv/bin/python bench/bench_query_start.py /tmp/store/out100k/graph.nq --runs 2
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.rdf import disk_store  # noqa: E402

QUERIES = {
    "count": "SELECT (COUNT(*) AS ?papers) WHERE { ?p a nk:Paper }",
    "first-10": "SELECT ?title WHERE { ?p a nk:Paper ; rdfs:label ?title } LIMIT 10",
}

def _timed(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return elapsed, done.stdout


def _best(command: list[str], runs: int) -> tuple[float, str]:
    results = [_timed(command) for _ in range(runs)]
    return min(seconds for seconds, _ in results), results[0][1]


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--query", action="append", help="a named query to time as well (default: top-rated)")
    args = parser.parse_args()
    graph = args.graph.resolve()
    queries = {**QUERIES, **{name: name for name in (args.query or ["top-rated"])}}
    notekg = [sys.executable, "-m", "graph", "query"]
    store_folder = graph.parent / disk_store.STORE_FOLDER
    shutil.rmtree(store_folder, ignore_errors=True)

    def query_args(name: str) -> list[str]:
        text = queries[name]
        return (["-e", text] if text != name else [name]) + ["-g", str(graph), "--format", "tsv"]

    print(f"{graph} ({graph.stat().st_size / 1e6:.0f} MB); whole processes, min of {args.runs} runs\n")
    rows: dict[str, dict[str, str]] = {name: {} for name in queries}
    answers: dict[str, str] = {}
    store_folder.write_text("in the way: queries read the graph into memory")
    for name in queries:
        seconds, answers[name] = _best(notekg + query_args(name), args.runs)
        rows[name]["in memory"] = f"{seconds:.2f} s"
    store_folder.unlink()
    first, _ = _timed(notekg + query_args("count"))
    size = _size(store_folder)
    for name in queries:
        seconds, answer = _best(notekg + query_args(name), args.runs)
        rows[name]["with the store"] = f"{seconds:.2f} s"
        # Rows in the same order, or for a LIMIT without ORDER BY as many.
        same = answer == answers[name] if "LIMIT" not in queries[name] else answer.count("\n") == answers[name].count("\n")
        rows[name]["same answer"] = "yes" if same else "NO"
    touched = []
    for _ in range(args.runs):
        graph.touch()
        touched.append(_timed(notekg + query_args("count"))[0])

    print("| query | in memory (before) | with the store | same answer |")
    print("| --- | ---: | ---: | --- |")
    for name, row in rows.items():
        print(f"| `{name}` | {row['in memory']} | {row['with the store']} | {row['same answer']} |")
    print(f"\nfirst query (`count`, making the store): {first:.2f} s; store {size / 1e6:.0f} MB "
          f"({size / graph.stat().st_size:.2f}× the file)")
    print(f"`count` after `touch graph.nq` (hash checked, store reused): {min(touched):.2f} s")

    record = disk_store._read_record(store_folder, graph.name)
    start = time.perf_counter()
    for _ in range(100):
        stamp = disk_store._stamp(graph)
        record = disk_store._read_record(store_folder, graph.name)
    stamp_seconds = (time.perf_counter() - start) / 100
    start = time.perf_counter()
    disk_store._sha256(graph)
    hash_seconds = time.perf_counter() - start
    print(f"checking: stamp and record {stamp_seconds * 1e3:.2f} ms (vouches: "
          f"{record is not None and record.vouches_for(stamp)}); SHA-256 of the file {hash_seconds:.2f} s")


if __name__ == "__main__":
    main()
