"""Time the page's layout in-process on a built folder's network (issue 12: a rebuild's page).

Reads the page network from ``OUT/graph.nq`` (a build of ``bench_incremental.write_folder``'s
10,000 papers in 50 files, say) and times, with the garbage collector paused as the build pauses
it, the minimum of ``--runs``:

* ``layout_groups``;
* ``layout_positions`` with an empty memo (a clean build);
* again with the memo that filled (a rebuild with nothing changed);
* with that memo after one paper, its ``subject`` edge to a topic and a ``uses`` edge were
  added (a rebuild after one added paper: the case issue 12 is about), in a median topic and
  in the largest (whose group, laid out again, is the largest).

It also checks that the memo changes nothing: the positions with a memo equal those without.

Example::

    .venv/bin/python bench/bench_layout.py /tmp/lf/out --runs 5 [--after /tmp/lf/out2]
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path
from typing import Any, Callable

sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH: PYTHONPATH=CODE times other code

from graph.views.layout import layout_groups, layout_positions  # noqa: E402
from graph.views.network import plain_network_from_nquads  # noqa: E402
from graph.views.plain_network import PlainNetwork  # noqa: E402


def best(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    """The shortest of ``runs`` timings of ``work()`` and its last result."""
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


def with_one_paper(G: PlainNetwork, which: str) -> PlainNetwork:
    """A copy of ``G`` with one more paper (a ``subject`` edge to a topic, a ``uses`` edge to
    the first technique used), the paper put in the topic with the most papers (``largest``: its
    group is the largest, the worst case to lay out again) or in the median one (``median``)."""
    H = PlainNetwork()
    for node, attrs in G.nodes(data=True):
        H.add_node(node, **attrs)
    for u, v, key, attrs in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=key, **attrs)
    kind = dict(G.nodes(data="type"))
    papers_of: dict[Any, int] = {}
    for u, v, key in G.edges(keys=True):
        if key == "subject" and kind.get(u) == "Paper":
            papers_of[v] = papers_of.get(v, 0) + 1
    topics = sorted(papers_of, key=lambda t: (-papers_of[t], str(t)))
    topic = topics[0] if which == "largest" else topics[len(topics) // 2]
    used = next(v for u, v, key in G.edges(keys=True) if key == "uses")
    H.add_node("urn:bench:added-paper", type="Paper", label="An added paper")
    H.add_edge("urn:bench:added-paper", topic, key="subject")
    H.add_edge("urn:bench:added-paper", used, key="uses")
    return H


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="a build's output folder (holding graph.nq)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--after", type=Path, help="a build of the same folder with bench_incremental's paper "
                        "appended to its first file (its output folder, holding graph.nq)")
    args = parser.parse_args()
    G = plain_network_from_nquads(args.out / "graph.nq")
    seed, runs = args.seed, args.runs
    gc.disable()
    t_groups, groups = best(runs, lambda: layout_groups(G, seed=seed))
    t_clean, clean = best(runs, lambda: layout_positions(G, seed=seed, groups=groups, memo={}))
    memo: dict[str, Any] = {}
    layout_positions(G, seed=seed, groups=groups, memo=memo)
    t_rebuild, again = best(runs, lambda: layout_positions(G, seed=seed, groups=groups, memo=memo))
    assert again == clean, "the memo changed the positions"
    print(f"{len(G):,} nodes, {sum(1 for _ in G.edges()):,} edges, {max(groups.values()) + 1} groups; "
          f"min of {runs}, GC paused")
    print(f"layout_groups                                 {t_groups * 1000:7.1f} ms")
    print(f"layout_positions, empty memo (clean build)    {t_clean * 1000:7.1f} ms")
    print(f"layout_positions, memo filled (rebuild)       {t_rebuild * 1000:7.1f} ms")
    cases = [(f"to the {which} topic", with_one_paper(G, which)) for which in ("median", "largest")]
    if args.after:
        cases.append(("as bench_incremental appends it", plain_network_from_nquads(args.after / "graph.nq")))
    for case, H in cases:
        t_groups_h, groups_h = best(runs, lambda: layout_groups(H, seed=seed))

        def added() -> Any:
            kept = dict(memo)  # each run starts from the memo of the build before the paper
            return layout_positions(H, seed=seed, groups=groups_h, memo=kept)

        t_added, after = best(runs, added)
        gc.enable()
        assert after == layout_positions(H, seed=seed, groups=groups_h), "the memo changed the positions"
        gc.disable()
        moved = sum(1 for node in G if node in after and clean[node] != after[node])
        print(f"one paper added {case} ({moved:,} nodes moved):")
        print(f"  layout_groups {t_groups_h * 1000:.1f} ms + layout_positions {t_added * 1000:.1f} ms"
              f" = {(t_groups_h + t_added) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
