"""Benchmark the parser on real notes by other people: the wild-notes corpus and its gold.

Runs ``../shared/wild-notes/score.py`` (paths relative to the repository) with this checkout's
``notekg`` over the corpus: the files shipped with it, plus ``bench/wild/`` when the unshipped
ones have been restored there (``restore.sh``; keep that folder out of git). Prints the
per-file table and the summary line: paper recall and precision, rating and arXiv accuracy.
Also times the parser on single 5 MB lines (``--long-lines``), which must take seconds.

Usage::

    .venv/bin/python bench/bench_wild.py
    .venv/bin/python bench/bench_wild.py --show-misses
    .venv/bin/python bench/bench_wild.py --long-lines
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "wild-notes"
RESTORED = ROOT / "bench" / "wild"
NOTEKG = ROOT / ".venv" / "bin" / "notekg"


def score(show_misses: bool) -> int:
    """Run score.py over the corpus; its table goes to stdout."""
    score_py = CORPUS / "score.py"
    if not score_py.exists():
        raise SystemExit(f"corpus not found: {score_py}")
    command = [sys.executable, str(score_py), str(NOTEKG)]
    if RESTORED.is_dir():
        command.append(str(RESTORED))
    if show_misses:
        command.append("--show-misses")
    return subprocess.run(command, cwd=ROOT).returncode


def long_lines() -> None:
    """Seconds to parse one 5 MB line of each kind: links, prose, brackets, a citation."""
    sys.path.insert(0, str(ROOT))
    from graph.parse.notes import parse_text

    lines = {
        "links": "- " + "word [Some Title](https://arxiv.org/abs/1234.56789) (x) " * 90_000,
        "prose": "- " + "lorem ipsum (dolor) sit amet, " * 170_000,
        "brackets": "- " + "[a] " * 1_250_000,
        "citation": 'Doe, Jane. "' + "Long title " * 450_000 + '" 2019',
        "stars": "- " + "★" * 5_000_000,
    }
    for name, line in lines.items():
        start = time.perf_counter()
        parse_text(line + "\n")
        print(f"{name:10} {len(line) / 1e6:4.1f} MB line  {time.perf_counter() - start:6.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true", help="list missed, extra and wrong papers")
    parser.add_argument("--long-lines", action="store_true", help="time the parser on 5 MB lines instead")
    args = parser.parse_args()
    if args.long_lines:
        long_lines()
        return 0
    return score(args.show_misses)


if __name__ == "__main__":
    sys.exit(main())
