"""Benchmark how fast ``notekg`` starts: ``--help`` and ``query`` against a bare Python start.

Each command runs ``--runs`` times (default 15) in a fresh process, interleaved so that the
machine's load touches all of them alike; the table gives the minimum and the median wall time
and the ratio of each median to the bare start, ``python -c "import pyoxigraph, click"`` (the
interpreter and the two libraries every ``notekg query`` needs). Targets (issue 8): ``notekg
query`` on the default graph within 4× the bare start, ``notekg --help`` within 3×.

The default graph is ``exports/graph.nq``; it is built from ``notes/`` first if missing.

Usage::

    .venv/bin/python bench/bench_startup.py
    .venv/bin/python bench/bench_startup.py --runs 30 --graph exports/graph.nq
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Commands that must start within this many times the bare start (median against median).
TARGETS = {"notekg --help": 3.0, "notekg query top-rated": 4.0}


def timed(command: list[str]) -> float:
    """Wall seconds of one run of ``command`` (output discarded; a failure stops the benchmark)."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr.decode()[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--graph", type=Path, default=ROOT / "exports" / "graph.nq")
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    notekg = str(bin_dir / "notekg")
    if not args.graph.exists():
        subprocess.run([notekg, "build", "notes", "-o", str(args.graph.parent)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    commands = {
        'python -c "import pyoxigraph, click"': [sys.executable, "-c", "import pyoxigraph, click"],
        "notekg --help": [notekg, "--help"],
        "notekg query top-rated": [notekg, "query", "top-rated", "-g", str(args.graph)],
    }
    for command in commands.values():  # warm the file cache and the .pyc files
        timed(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(timed(command))

    bare = statistics.median(times['python -c "import pyoxigraph, click"'])
    print(f"{args.runs} runs each, graph {args.graph.relative_to(ROOT) if args.graph.is_relative_to(ROOT) else args.graph}"
          f" ({args.graph.stat().st_size / 1e6:.1f} MB)\n")
    print("| command | min | median | median / bare | target |")
    print("| --- | ---: | ---: | ---: | --- |")
    failed = []
    for name, runs in times.items():
        median = statistics.median(runs)
        ratio = median / bare
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            met = ratio <= target
            verdict = f"within {target:g}×: {'yes' if met else 'NO'}"
            if not met:
                failed.append(name)
        print(f"| `{name}` | {min(runs) * 1000:.0f} ms | {median * 1000:.0f} ms | {ratio:.2f}× | {verdict} |")
    if failed:
        raise SystemExit(f"\nslower than the target: {', '.join(failed)}")


if __name__ == "__main__":
    main()
