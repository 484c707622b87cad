"""Benchmark same-work detection (``graph.extract.facts._same_works``) on generated or real notes.

Parses the notes and extracts their facts once (no relations), then times ``_same_works`` on the
papers ``--runs`` times and reports the minimum wall time and the pairs found. With ``--against
REV`` it also runs the ``_same_works`` of ``graph/extract/facts.py`` as it was at git revision
``REV`` (read with ``git show``, loaded as a module of its own) on the same papers, and says
whether both give the same pairs and which pairs only one of them finds.

Notes come from ``bench/gen_notes.py`` (``--papers N``, written to ``bench/out/`` once) or from
the files given with ``--notes``.

Usage::

    .venv/bin/python bench/bench_same_work.py --papers 10000 --against da6a578
    .venv/bin/python bench/bench_same_work.py --papers 100000 --runs 1 --against da6a578
    .venv/bin/python bench/bench_same_work.py --notes notes/iccv2019.md --against da6a578
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.extract import facts as facts_module  # noqa: E402
from graph.parse.notes import parse_notes  # noqa: E402


def _module_at(revision: str) -> ModuleType:
    """``graph/extract/facts.py`` as it was at ``revision``, loaded under a name of its own."""
    text = subprocess.run(["git", "show", f"{revision}:graph/extract/facts.py"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp(prefix="notekg-bench-")) / "facts_then.py"
    path.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("facts_then", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _timed(function: Callable[[Any], list[Any]], papers: Any, runs: int) -> tuple[float, list[Any]]:
    best, found = float("inf"), []
    for _ in range(runs):
        start = time.perf_counter()
        found = function(papers)
        best = min(best, time.perf_counter() - start)
    return best, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--notes", type=Path, nargs="*", help="notes files to use instead of generated ones")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--against", metavar="REV", help="also run _same_works of this git revision")
    args = parser.parse_args()
    files = args.notes
    if not files:
        out = ROOT / "bench" / "out"
        out.mkdir(parents=True, exist_ok=True)
        notes = out / f"notes_{args.papers}.md"
        if not notes.exists():
            subprocess.run([sys.executable, str(ROOT / "bench" / "gen_notes.py"), str(args.papers), "-o", str(notes)],
                           check=True)
        files = [notes]
    start = time.perf_counter()
    papers = facts_module.extract_facts([parse_notes(f) for f in files]).papers
    print(f"{len(papers)} papers from {', '.join(str(f) for f in files)} "
          f"(parsed and extracted in {time.perf_counter() - start:.1f} s); min of {args.runs} runs\n")
    now_seconds, now = _timed(facts_module._same_works, papers, args.runs)
    print("| `_same_works` | seconds | pairs |")
    print("| --- | ---: | ---: |")
    print(f"| this tree | {now_seconds:.2f} | {len(now)} |")
    if args.against:
        then_seconds, then = _timed(_module_at(args.against)._same_works, papers, args.runs)
        print(f"| {args.against} | {then_seconds:.2f} | {len(then)} |")
        now_pairs = {(s.first, s.second, s.file, s.score) for s in now}
        then_pairs = {(s.first, s.second, s.file, s.score) for s in then}
        print(f"\nsame pairs: {'yes' if now_pairs == then_pairs else 'NO'}; "
              f"only this tree: {len(now_pairs - then_pairs)}; only {args.against}: {len(then_pairs - now_pairs)}")
        for pair in sorted(then_pairs - now_pairs)[:10]:
            print(f"  lost: {pair}")


if __name__ == "__main__":
    main()
