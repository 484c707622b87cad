"""Benchmark same-work detection (``graph.extract.same_works.find_same_works``) on generated or real notes.

Parses the notes and extracts their facts once (no relations), then times ``find_same_works`` on the
papers ``--runs`` times and reports the minimum wall time and the pairs found. With ``--against
REV`` it also runs the same-work join of ``graph/extract/facts.py`` as it was at git revision
``REV`` (read with ``git show``, loaded as a module of its own) on the same papers, and says
whether both give the same pairs and which pairs only one of them finds.

Notes come from ``bench/gen_notes.py`` (``--papers N``, written to ``bench/out/`` once) or from
the files given with ``--notes``. ``gen_notes.py`` makes titles of made-up words, few of them
common; ``--zipf`` instead makes ``--papers`` titles (no notes file, nothing parsed) of 4 to 10
words drawn from a vocabulary of 20,000 with Zipf's law, as words are in real titles, 2% of them
a copy of an earlier title with one word added or dropped: many words are then in thousands of
titles, which is where a join that caps common words loses pairs and slows down.

Usage::

    .venv/bin/python bench/bench_same_work.py --papers 10000 --against da6a578
    .venv/bin/python bench/bench_same_work.py --papers 100000 --runs 1 --against da6a578
    .venv/bin/python bench/bench_same_work.py --notes notes/iccv2019.md --against da6a578
    .venv/bin/python bench/bench_same_work.py --zipf --papers 100000 --against da6a578
"""

from __future__ import annotations

import argparse
import bisect
import importlib.util
import itertools
import random
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
from graph.extract import same_works as same_works_module  # noqa: E402
from graph.parse.entries import PaperEntry  # noqa: E402
from graph.parse.notes import parse_notes  # noqa: E402


def zipf_papers(count: int, seed: int = 0, vocabulary: int = 20_000) -> dict[str, facts_module.PaperFact]:
    """``count`` papers whose titles draw words by Zipf's law, 2% of them near copies."""
    rng = random.Random(seed)
    cumulative = list(itertools.accumulate(1 / rank for rank in range(1, vocabulary + 1)))
    words = [f"w{rank}" for rank in range(vocabulary)]

    def word() -> str:
        return words[min(bisect.bisect(cumulative, rng.random() * cumulative[-1]), vocabulary - 1)]

    titles: list[str] = []
    for _ in range(count):
        if titles and rng.random() < 0.02:
            copy = rng.choice(titles).split()
            if rng.random() < 0.5 and len(copy) > 4:
                copy.pop(rng.randrange(len(copy)))
            else:
                copy.insert(rng.randrange(len(copy) + 1), word())
            titles.append(" ".join(copy))
        else:
            titles.append(" ".join(word() for _ in range(rng.randint(4, 10))))
    return {f"paper/t{i}": facts_module.PaperFact(f"paper/t{i}", [PaperEntry("zipf.md", i + 1, title, ())])
            for i, title in enumerate(titles)}


def _same_works_of(module: ModuleType):
    """The module's same-work join: ``find_same_works``, called ``_same_works`` before it was public."""
    return getattr(module, "find_same_works", None) or module._same_works


def _module_at(revision: str) -> ModuleType:
    """The module of the same-work join as it was at ``revision`` (``graph/extract/same_works.py``,
    ``graph/extract/facts.py`` before it was one), loaded under a name of its own."""
    shown = subprocess.run(["git", "show", f"{revision}:graph/extract/same_works.py"], cwd=ROOT,
                           capture_output=True, text=True)
    text = shown.stdout if shown.returncode == 0 else subprocess.run(
        ["git", "show", f"{revision}:graph/extract/facts.py"], cwd=ROOT, check=True,
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
    parser.add_argument("--against", metavar="REV", help="also run the same-work join of this git revision")
    parser.add_argument("--zipf", action="store_true", help="titles with Zipf-distributed words, no notes")
    args = parser.parse_args()
    if args.zipf:
        papers = zipf_papers(args.papers)
        print(f"{len(papers)} papers with Zipf titles; min of {args.runs} runs\n")
        _compare(papers, args)
        return
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
    _compare(papers, args)


def _compare(papers: dict[str, facts_module.PaperFact], args: argparse.Namespace) -> None:
    now_seconds, now = _timed(same_works_module.find_same_works, papers, args.runs)
    print("| `find_same_works` | seconds | pairs |")
    print("| --- | ---: | ---: |")
    print(f"| this tree | {now_seconds:.2f} | {len(now)} |")
    if args.against:
        then_seconds, then = _timed(_same_works_of(_module_at(args.against)), papers, args.runs)
        print(f"| {args.against} | {then_seconds:.2f} | {len(then)} |")
        now_pairs = {(s.first, s.second, s.file, s.score) for s in now}
        then_pairs = {(s.first, s.second, s.file, s.score) for s in then}
        print(f"\nsame pairs: {'yes' if now_pairs == then_pairs else 'NO'}; "
              f"only this tree: {len(now_pairs - then_pairs)}; only {args.against}: {len(then_pairs - now_pairs)}")
        for pair in sorted(then_pairs - now_pairs)[:10]:
            print(f"  lost: {pair}")


if __name__ == "__main__":
    main()
