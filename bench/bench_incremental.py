"""Benchmark a rebuild after one file changed against the full build, on a 50-file folder.

The notes of ``--papers`` papers (default 10,000) come from ``bench/gen_notes.py``, split at
their ``##`` sections into ``--files`` files (default 50). Each run, in its own process:

1. ``notekg build FOLDER -o OUT --no-cache``: the full build;
2. ``notekg build FOLDER -o OUT``: fills the cache (not timed);
3. one file gets one more paper; ``notekg build FOLDER -o OUT``: the rebuild, timed;
4. ``notekg build FOLDER -o CLEAN --no-cache``: the outputs must equal the rebuild's, byte for byte.

Wall times are whole processes (imports included); the minimum of ``--runs`` runs is printed,
with the ratio rebuild / full build, and the same for CPU time (user + system), which a shared
machine disturbs less.

Usage::

    .venv/bin/python bench/bench_incremental.py
    .venv/bin/python bench/bench_incremental.py --papers 10000 --files 50 --runs 3 --no-page
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from gen_notes import generate_notes  # noqa: E402


def write_folder(folder: Path, papers: int, files: int) -> list[Path]:
    """The generated notes split at their sections into ``files`` files; returns them."""
    lines = list(generate_notes(papers))
    sections: list[list[str]] = []
    for line in lines[3:]:
        if line.startswith("## "):
            sections.append([])
        sections[-1].append(line)
    per = -(-len(sections) // files)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(files):
        part = sections[i * per : (i + 1) * per]
        path = folder / f"part-{i + 1:02d}.md"
        path.write_text(f"# generated notes, part {i + 1:02d}\n\n" + "\n".join(line for s in part for line in s) + "\n")
        written.append(path)
    return written


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return took, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-page", action="store_true", help="build without graph.html")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "incremental")
    args = parser.parse_args()
    notekg = str(Path(sys.executable).parent / "notekg")
    shutil.rmtree(args.out, ignore_errors=True)
    files = write_folder(args.out / "notes", args.papers, args.files)
    page = ["--no-page"] if args.no_page else []
    build = [notekg, "build", str(args.out / "notes"), *page]
    fulls, rebuilds, full_cpu, rebuild_cpu = [], [], [], []
    for run in range(args.runs):
        out = args.out / f"build-{run}"
        wall, cpu = timed([*build, "-o", str(out), "--no-cache"])
        fulls.append(wall)
        full_cpu.append(cpu)
        timed([*build, "-o", str(out)])
        changed = files[run % len(files)]
        with changed.open("a") as f:
            f.write(f"- [7/10][uses dropout] Appended paper {run} for the rebuild benchmark\n")
        wall, cpu = timed([*build, "-o", str(out)])
        rebuilds.append(wall)
        rebuild_cpu.append(cpu)
        clean = args.out / f"clean-{run}"
        timed([*build, "-o", str(clean), "--no-cache"])
        for name in ("graph.nq", "graph.ttl", "skipped.tsv", "graph.html"):
            if (clean / name).exists() and (clean / name).read_bytes() != (out / name).read_bytes():
                raise SystemExit(f"{name}: the rebuild differs from a clean build")
        print(f"run {run + 1}: full {fulls[-1]:.2f} s ({full_cpu[-1]:.2f} s cpu), rebuild after editing "
              f"{changed.name} {rebuilds[-1]:.2f} s ({rebuild_cpu[-1]:.2f} s cpu) (outputs equal a clean build's)",
              flush=True)
    full, rebuild = min(fulls), min(rebuilds)
    print(f"{args.papers:,} papers in {args.files} files{' (--no-page)' if args.no_page else ''}: "
          f"full build {full:.2f} s, rebuild after one file changed {rebuild:.2f} s, "
          f"ratio {rebuild / full:.1%} (min of {args.runs} runs); CPU {min(full_cpu):.2f} s and "
          f"{min(rebuild_cpu):.2f} s, ratio {min(rebuild_cpu) / min(full_cpu):.1%}")


if __name__ == "__main__":
    main()
