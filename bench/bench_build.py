"""Benchmark ``notekg build`` on large generated notes: time and peak memory of the whole process.

Notes of ``--papers`` papers each (default 10,000, 100,000 and 350,000 — the last is about
50 MB of markdown) come from ``bench/gen_notes.py``; then ``notekg build --no-page`` runs
in its own process, measured with ``/usr/bin/time -v`` (wall clock and maximum resident set
size). A 1 MB single line is built too, to show it neither crashes nor hangs.

Usage::

    .venv/bin/python bench/bench_build.py
    .venv/bin/python bench/bench_build.py --papers 10000 --out bench/out
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from gen_notes import write_notes  # noqa: E402


def measure(command: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak MiB, last stdout line) of one run under /usr/bin/time -v."""
    result = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", result.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    assert wall and rss
    parts = [float(p) for p in wall.group(1).split(":")]
    seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    first = result.stdout.strip().splitlines()[0] if result.stdout.strip() else ""
    return seconds, int(rss.group(1)) / 1024, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="*", default=[10_000, 100_000, 350_000])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    notekg = str(Path(sys.executable).parent / "notekg")

    print("| notes | size | wall | peak memory | result |")
    print("| --- | ---: | ---: | ---: | --- |")
    long_line = args.out / "one-megabyte-line.md"
    long_line.write_text("## Long\n- [5/10][" + "a very long tl;dr " * 58_000 + "] A title\n")
    cases = [(long_line, "a 1 MB line")]
    for papers in args.papers:
        notes = args.out / f"notes-{papers}.md"
        if not notes.exists():
            write_notes(notes, papers)
        cases.append((notes, f"{papers:,} papers"))
    for notes, name in cases:
        wall, peak, first = measure([notekg, "build", str(notes), "-o", str(args.out / "build"), "--no-page"])
        size = notes.stat().st_size / 1e6
        print(f"| {name} | {size:.1f} MB | {wall:.1f} s | {peak:,.0f} MiB | {first} |", flush=True)


if __name__ == "__main__":
    main()
