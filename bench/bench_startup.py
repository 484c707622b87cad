"""Benchmark how fast ``notekg`` starts: ``--help``, ``query`` and a build of the default notes.

Each command runs ``--runs`` times (default 15) in a fresh process, interleaved so that the
machine's load touches all of them alike; the table gives the minimum and the median wall time,
the minimum CPU time (user + system: what the process itself spent, less moved by the other
work on a shared machine) and the ratio of each median to the bare start, ``python -c "import
pyoxigraph, click"`` (the interpreter and the two libraries every ``notekg query`` needs).
Targets (issue 8): ``notekg query`` on the default graph within 4× the bare start, ``notekg
--help`` within 3×; (issue 12) the default notes built, page included, in 0.5 s and ``notekg
query`` answering in 0.2 s.

The default graph is ``exports/graph.nq``; it is built from ``notes/`` first if missing.

Builds keep what they work out from notekg's data (compiled regular expressions, the loaded
lexicon, the cue files' data) in the user's cache folder (``graph.user_cache``): the builds
here use a folder of their own, filled by the warm-up run, and the row marked
``NOTEKG_CACHE_DIR=`` times the clean build with no such folder at all (every pattern
compiled, the lexicon and the cue files parsed).

Usage::

    .venv/bin/python bench/bench_startup.py
    .venv/bin/python bench/bench_startup.py --runs 30 --graph exports/graph.nq
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Commands that must start within this many times the bare start (median against median).
TARGETS = {"notekg --help": 3.0, "notekg query top-rated": 4.0}
#: Commands that must take at most this many seconds (the minimum of the runs; reported only).
SECONDS = {"notekg build notes/iccv2019.md --no-cache": 0.5,
           "NOTEKG_CACHE_DIR= notekg build notes/iccv2019.md --no-cache": 0.5, "notekg query top-rated": 0.2}


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``command`` (output discarded; a failure stops the
    benchmark)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})})
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr.decode()[-2000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--graph", type=Path, default=ROOT / "exports" / "graph.nq")
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    out = tempfile.mkdtemp(prefix="bench_startup_")
    user_cache = {"NOTEKG_CACHE_DIR": tempfile.mkdtemp(prefix="bench_startup_cache_")}
    no_user_cache = {"NOTEKG_CACHE_DIR": ""}
    notekg = str(bin_dir / "notekg")
    if not args.graph.exists():
        subprocess.run([notekg, "build", "notes", "-o", str(args.graph.parent)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    commands: dict[str, list[str] | tuple[list[str], dict[str, str]]] = {
        'python -c "import pyoxigraph, click"': [sys.executable, "-c", "import pyoxigraph, click"],
        "notekg --help": [notekg, "--help"],
        "notekg query top-rated": [notekg, "query", "top-rated", "-g", str(args.graph)],
        # --no-cache: a clean build every run (the same output folder would otherwise make every
        # run after the first a cached rebuild, timed on its own in the last row)
        "notekg build notes/iccv2019.md --no-cache": [notekg, "build", "notes/iccv2019.md", "-o", out, "--no-cache"],
        "NOTEKG_CACHE_DIR= notekg build notes/iccv2019.md --no-cache": (
            [notekg, "build", "notes/iccv2019.md", "-o", out, "--no-cache"], no_user_cache),
        "notekg build notes/iccv2019.md --no-page --no-cache": [
            notekg, "build", "notes/iccv2019.md", "-o", out, "--no-page", "--no-cache"],
        "notekg build notes/iccv2019.md (cached, unchanged)": [notekg, "build", "notes/iccv2019.md", "-o", out + "-cached"],
    }
    def run(name: str) -> tuple[float, float]:
        command = commands[name]
        if isinstance(command, tuple):
            return timed(command[0], command[1])
        return timed(command, user_cache)

    for name in commands:  # warm the file cache, the .pyc files and the user cache folder
        run(name)
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name in commands:
            wall, used = run(name)
            times[name].append(wall)
            cpu[name].append(used)

    bare = statistics.median(times['python -c "import pyoxigraph, click"'])
    print(f"{args.runs} runs each, graph {args.graph.relative_to(ROOT) if args.graph.is_relative_to(ROOT) else args.graph}"
          f" ({args.graph.stat().st_size / 1e6:.1f} MB)\n")
    print("| command | min | median | min CPU | median / bare | target |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
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
        if name in SECONDS:
            met = min(runs) <= SECONDS[name]
            verdict = ", ".join(filter(None, [verdict, f"{SECONDS[name]:g} s: {'yes' if met else 'NO'}"]))
        print(f"| `{name}` | {min(runs) * 1000:.0f} ms | {median * 1000:.0f} ms | {min(cpu[name]) * 1000:.0f} ms "
              f"| {ratio:.2f}× | {verdict} |")
    if failed:
        raise SystemExit(f"\nslower than the target: {', '.join(failed)}")


if __name__ == "__main__":
    main()
