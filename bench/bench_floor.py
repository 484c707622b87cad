"""The floor a build is measured against: markdown-it-py tokenizing the notes, plus Oxigraph
bulk-loading the N-Quads the build wrote — the least any tool must do to read those notes and
hold that graph. Then ``notekg build --no-page`` itself, and the ratio.

Each step runs ``--runs`` times in a fresh process (so imports count, as they do for the build)
and the minimum is kept: the machine is shared and timings are noisy. Peak memory is the
process's maximum resident set size (``/usr/bin/time -v``). Notes come from ``bench/gen_notes.py``.

Usage::

    .venv/bin/python bench/bench_floor.py                      # 10,000 and 100,000 papers
    .venv/bin/python bench/bench_floor.py --papers 10000 --runs 5 --out /tmp/floor
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_build import measure  # noqa: E402
from gen_notes import write_notes  # noqa: E402

TOKENIZE = "import sys; from markdown_it import MarkdownIt; MarkdownIt('commonmark').parse(open(sys.argv[1], encoding='utf-8').read())"
LOAD = ("import sys, pyoxigraph as ox; s = ox.Store(); "
        "s.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS); print(len(s))")


def best(command: list[str], runs: int) -> tuple[float, float]:
    """(minimum wall seconds, minimum peak MiB) over ``runs`` runs."""
    results = [measure(command)[:2] for _ in range(runs)]
    return min(r[0] for r in results), min(r[1] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    notekg = str(Path(python).parent / "notekg")
    print("| papers | notes | tokenize | bulk load | floor | build | build peak | graph.nq | build / floor |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for papers in args.papers:
        notes = args.out / f"floor-{papers}.md"
        write_notes(notes, papers)
        out = args.out / f"floor-{papers}"
        build, peak = best([notekg, "build", str(notes), "-o", str(out), "--no-page", "--no-cache"], args.runs)
        nq = out / "graph.nq"
        tokenize, _ = best([python, "-c", TOKENIZE, str(notes)], args.runs)
        load, _ = best([python, "-c", LOAD, str(nq)], args.runs)
        floor = tokenize + load
        print(f"| {papers:,} | {notes.stat().st_size / 1e6:.1f} MB | {tokenize:.1f} s | {load:.1f} s | {floor:.1f} s "
              f"| {build:.1f} s | {peak:,.0f} MiB | {nq.stat().st_size / 1e6:.0f} MB | {build / floor:.1f}× |", flush=True)


if __name__ == "__main__":
    main()
