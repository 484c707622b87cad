"""Benchmark ``notekg push`` and ``notekg query --endpoint`` against a local Oxigraph server.

Steps, the first two skipped when their output already exists in ``--out``:

1. ``bench/gen_notes.py`` writes a notes file of ``--papers`` papers in the style of the real notes;
2. ``notekg build --no-page`` turns it into ``graph.nq`` (the real pipeline);
3. ``oxigraph serve --location TMP --bind 127.0.0.1:PORT`` starts on an empty on-disk store;
4. ``notekg push --endpoint URL -g graph.nq`` loads it (timed as a whole process: reading the
   graph, writing N-Triples, uploading, the store's indexing), then again (replacing every graph);
5. each named query (``queries/*.rq``, or those given with ``--query``) and the GROUP BY of
   ``bench/bench_query.py`` runs as ``notekg query NAME --endpoint URL?union-default-graph``,
   and locally as ``notekg query NAME -g graph.nq`` (which bulk-loads the graph each time); both
   with ``--timeout``, comparing their rows (sorted: ties and GROUP_CONCAT may order differently).

Timings are wall-clock seconds of whole ``notekg`` processes (``time.perf_counter``); the server
runs on the same machine. Nothing leaves 127.0.0.1.

Usage::

    .venv/bin/python bench/bench_store.py --papers 10000
    .venv/bin/python bench/bench_store.py --papers 100000 --query top-rated --query topic-summary
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_query import GROUP_BY  # noqa: E402

NOTEKG = [sys.executable, "-m", "graph"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(command: list[str], timeout: float | None = None) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "no_proxy": "127.0.0.1"})
    return time.perf_counter() - start, done


def _outcome(done: subprocess.CompletedProcess[str]) -> str:
    if done.returncode == 0:
        return f"{max(len(done.stdout.splitlines()) - 1, 0)} rows"
    error = (done.stderr.strip().splitlines() or ["failed"])[-1]
    return "timeout" if "stopped after" in error or "no answer" in error else error[:60]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--query", action="append", help="Only these named queries (repeatable).")
    parser.add_argument("--timeout", type=float, default=60.0, help="Seconds per query, remote and local.")
    args = parser.parse_args()

    from gen_notes import write_notes

    args.out.mkdir(parents=True, exist_ok=True)
    notes = args.out / f"notes-{args.papers}.md"
    built = args.out / f"graph-{args.papers}"
    graph = built / "graph.nq"
    if not notes.exists():
        write_notes(notes, args.papers, seed=args.seed)
    if not graph.exists():
        seconds, done = _run(NOTEKG + ["build", str(notes), "-o", str(built), "--no-page"])
        done.check_returncode()
        print(f"built {graph} in {seconds:.1f} s: {done.stdout.splitlines()[0]}")
    print(f"graph: {graph} ({graph.stat().st_size / 1e6:.0f} MB, {args.papers} papers)")

    server = shutil.which("oxigraph", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    if server is None:
        sys.exit("oxigraph is not installed: pip install oxigraph (it is in the test extra)")
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="bench-store-") as location:
        process = subprocess.Popen([server, "serve", "--location", location, "--bind", f"127.0.0.1:{port}"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(200):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.05)
            endpoint = f"http://127.0.0.1:{port}/query"
            for attempt in ("push (empty store)", "push again (replace)"):
                seconds, done = _run(NOTEKG + ["push", "--endpoint", endpoint, "-g", str(graph), "--timeout", "7200"])
                if done.returncode:
                    sys.exit(f"{attempt} failed after {seconds:.0f} s: {done.stderr.strip()}")
                print(f"{attempt}: {seconds:.1f} s -- {done.stdout.splitlines()[0]}")
            _, count = _run(NOTEKG + ["query", "--endpoint", endpoint, "-f", "tsv", "-e",
                                      "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"])
            print(f"store holds {count.stdout.splitlines()[-1]} quads in named graphs")

            group_by = args.out / "group-by.rq"
            group_by.write_text(GROUP_BY, encoding="utf-8")
            names = args.query or sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
            print(f"{'query':<24} {'remote s':>9} {'local s':>9}  answers")
            for name in [str(group_by)] + names:
                remote_s, remote = _run(NOTEKG + ["query", name, "--endpoint", f"{endpoint}?union-default-graph",
                                                  "--timeout", str(args.timeout), "-f", "tsv"], args.timeout + 30)
                local_s, local = _run(NOTEKG + ["query", name, "-g", str(graph), "--timeout", str(args.timeout),
                                                "-f", "tsv"], args.timeout + 120)
                same = "same" if sorted(remote.stdout.splitlines()) == sorted(local.stdout.splitlines()) else "other"
                label = Path(name).stem
                print(f"{label:<24} {remote_s:>9.2f} {local_s:>9.2f}  remote {_outcome(remote)}, "
                      f"local {_outcome(local)} ({same} rows)")
        finally:
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
