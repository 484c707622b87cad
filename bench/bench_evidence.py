"""Compare evidence models by what they cost: graph.nq bytes, Oxigraph bulk-load time, and
which named queries still answer as before.

Each variant is made from a ``graph.nq`` written with the full evidence model (every
``nk:Evidence`` node typed ``rdf:Statement``, ``prov:Entity`` and ``nk:Evidence``, with
``prov:wasDerivedFrom`` its notes file), by leaving lines out or renaming evidence IRIs:

* ``full`` — as written;
* ``no-implied-types`` — without ``rdf:type rdf:Statement`` and ``rdf:type prov:Entity`` on
  evidence (the ontology has ``nk:Evidence rdfs:subClassOf rdf:Statement, prov:Entity``);
* ``no-derived-from`` — that, and without ``prov:wasDerivedFrom`` on evidence (the named graph
  the evidence is in is its notes file);
* ``short-iris`` — that, and evidence IRIs ``id/e/<digest>`` instead of ``id/evidence/<digest>``.

Bytes and load time are measured on ``LARGE.nq`` (e.g. 10,000 generated papers); queries on
``SMALL.nq`` (e.g. the default notes' graph): each variant's ``queries/*.rq`` answers are compared
with the ``full`` graph's answers to the queries as they were (``--old-queries``, a folder), so a
query rewritten for the lean model counts as working when it gives the same rows.

Usage::

    .venv/bin/python bench/bench_evidence.py LARGE.nq SMALL.nq [--old-queries DIR] [--runs 3]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
IMPLIED = (f"{RDF_TYPE} <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement>",
           f"{RDF_TYPE} <http://www.w3.org/ns/prov#Entity>")
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
EVIDENCE = re.compile(r"^<[^>]*/evidence/")


def variants(lines: list[str]) -> dict[str, list[str]]:
    no_types = [l for l in lines if not (EVIDENCE.match(l) and any(t in l for t in IMPLIED))]
    no_derived = [l for l in no_types if not (EVIDENCE.match(l) and DERIVED in l)]
    short = [l.replace("/id/evidence/", "/id/e/") for l in no_derived]
    return {"full": lines, "no-implied-types": no_types, "no-derived-from": no_derived, "short-iris": short}


def load(text: bytes, runs: int) -> tuple[float, ox.Store]:
    best, store = float("inf"), None
    for _ in range(runs):
        store = ox.Store()
        start = time.perf_counter()
        store.bulk_load(text, format=ox.RdfFormat.N_QUADS)
        best = min(best, time.perf_counter() - start)
    assert store is not None
    return best, store


def answers(store: ox.Store, folder: Path) -> dict[str, list[str]]:
    found = {}
    for file in sorted(folder.glob("*.rq")):
        rows = store.query(file.read_text(), use_default_graph_as_union=True)
        found[file.stem] = sorted(str(list(row)) for row in rows)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", type=Path)
    parser.add_argument("small", type=Path)
    parser.add_argument("--old-queries", type=Path, default=ROOT / "queries")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    lines = args.graph.read_text().splitlines(keepends=True)
    small = variants(args.small.read_text().splitlines(keepends=True))
    expected = None
    print("| variant | quads | graph.nq | bulk load (min) | queries as before |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name, kept in variants(lines).items():
        text = "".join(kept).encode()
        seconds, _ = load(text, args.runs)
        _, store = load("".join(small[name]).encode(), 1)
        got = answers(store, ROOT / "queries")
        if expected is None:
            expected = answers(store, args.old_queries)
        differ = [q for q in expected if got.get(q) != expected[q]]
        verdict = "all" if not differ else "all but " + ", ".join(differ)
        print(f"| {name} | {len(kept):,} | {len(text) / 1e6:.1f} MB | {seconds:.2f} s | {verdict} |", flush=True)


if __name__ == "__main__":
    sys.exit(main())
