"""How much of the page one added paper changes: what a patchable page could keep.

The folder of ``bench/bench_incremental.py`` (``--papers`` papers in ``--files`` files) is built
twice without the page (``--no-cache --no-page``): as generated, and with one paper appended to
its first file, as the incremental bench does. The page's data of both graphs is then made
in-process and compared, node by node (by IRI) and edge by edge (by its ends' IRIs):

* nodes and edges added or removed, and layout groups whose members changed;
* nodes whose group number, position, or offset from their group's centre changed;
* nodes whose page item changed other than its id, position and cluster;

with the CPU time of each stage of the page (grouping, placing, the nodes' and edges' data, the
JSON). Nothing is written into the project.

Usage::

    .venv/bin/python bench/page_churn.py
    .venv/bin/python bench/page_churn.py --papers 10000 --files 50
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from bench_incremental import write_folder  # noqa: E402
from graph.views import page  # noqa: E402
from graph.views.layout import layout_groups, layout_positions  # noqa: E402
from graph.views.network import plain_network_from_nquads  # noqa: E402


def page_of(nquads: Path) -> tuple[dict[str, int], dict[str, tuple[float, float]], dict[str, Any]]:
    """The groups, positions and page data of the graph in ``nquads``; prints each stage's CPU."""
    G = plain_network_from_nquads(nquads)
    start = time.process_time()
    groups = layout_groups(G)
    grouped = time.process_time()
    positions = layout_positions(G, groups=groups)
    placed = time.process_time()
    data = page._page_data(G, focus=None, seed=0)  # groups and places again, then the items
    made = time.process_time()
    page._json_for_script(data)
    done = time.process_time()
    print(f"  {len(groups):,} nodes, {len(data['edges']):,} edges, {max(groups.values()) + 1} groups; CPU: "
          f"grouping {grouped - start:.2f} s, placing {placed - grouped:.2f} s, page data (grouping and "
          f"placing included) {made - placed:.2f} s, JSON {done - made:.2f} s")
    return groups, positions, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "page_churn")
    args = parser.parse_args()
    notekg = str(Path(sys.executable).parent / "notekg")
    shutil.rmtree(args.out, ignore_errors=True)
    graphs = []
    for name in ("before", "after"):
        files = write_folder(args.out / name / "notes", args.papers, args.files)
        if name == "after":
            with files[0].open("a") as f:
                f.write("- [7/10][uses dropout] Appended paper 0 for the rebuild benchmark\n")
        subprocess.run([notekg, "build", str(args.out / name / "notes"), "-o", str(args.out / name / "out"),
                        "--no-cache", "--no-page"], check=True, capture_output=True)
        print(name)
        graphs.append(page_of(args.out / name / "out" / "graph.nq"))
    (ga, pa, da), (gb, pb, db) = graphs
    common = ga.keys() & gb.keys()
    print(f"nodes added {len(gb.keys() - ga.keys())}, removed {len(ga.keys() - gb.keys())}")

    def member_sets(groups: dict[str, int]) -> set[frozenset[str]]:
        members: dict[int, set[str]] = defaultdict(set)
        for node, g in groups.items():
            members[g].add(node)
        return {frozenset(m) for m in members.values()}

    changed = member_sets(gb) - member_sets(ga)
    print(f"groups whose members changed: {len(changed)} (of {', '.join(str(len(m)) for m in changed)} nodes)")

    def between(groups: dict[str, int], data: dict[str, Any]) -> Counter[tuple[str, str]]:
        # group pairs named by a member (the group-level layout's input), counted by edge
        iri = {item["id"]: item["iri"] for item in data["nodes"]}
        first = {g: min(n for n in groups if groups[n] == g) for g in set(groups.values())}
        pairs: Counter[tuple[str, str]] = Counter()
        for e in data["edges"]:
            a, b = first[groups[iri[e["from"]]]], first[groups[iri[e["to"]]]]
            if a != b:
                pairs[min(a, b), max(a, b)] += 1
        return pairs

    ba, bb = between(ga, da), between(gb, db)
    print(f"linked group pairs: {len(bb)}; whose edge count changed: "
          f"{sum(ba[k] != bb[k] for k in ba.keys() | bb.keys())}")
    print(f"nodes whose group number changed: {sum(ga[n] != gb[n] for n in common):,}")
    print(f"nodes whose position changed: {sum(pa[n] != pb[n] for n in common):,}")

    def offsets(groups: dict[str, int], positions: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
        sums: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        for node, (x, y) in positions.items():
            s = sums[groups[node]]
            s[0] += x
            s[1] += y
            s[2] += 1
        return {node: (x - sums[groups[node]][0] / sums[groups[node]][2],
                       y - sums[groups[node]][1] / sums[groups[node]][2])
                for node, (x, y) in positions.items()}

    # positions are rounded to 0.1 after the group's centre is added: a moved centre alone
    # changes an offset by up to 0.1
    oa, ob = offsets(ga, pa), offsets(gb, pb)
    moved = sum(abs(oa[n][0] - ob[n][0]) > 0.2 or abs(oa[n][1] - ob[n][1]) > 0.2 for n in common)
    print(f"nodes whose offset from their group's centre changed (by more than rounding): {moved:,}")

    def items(data: dict[str, Any]) -> dict[str, str]:
        return {item["iri"]: json.dumps({k: v for k, v in item.items() if k not in ("id", "x", "y", "cluster")},
                                        sort_keys=True) for item in data["nodes"]}

    ia, ib = items(da), items(db)
    print(f"node items changed other than id, position and cluster: {sum(ia[n] != ib[n] for n in common):,}")

    def edges(data: dict[str, Any]) -> Counter[str]:
        iri = {item["id"]: item["iri"] for item in data["nodes"]}
        return Counter(json.dumps({**{k: v for k, v in e.items() if k != "id"}, "from": iri[e["from"]],
                                   "to": iri[e["to"]]}, sort_keys=True) for e in data["edges"])

    id_a = {item["iri"]: item["id"] for item in da["nodes"]}
    id_b = {item["iri"]: item["id"] for item in db["nodes"]}
    print(f"nodes whose id changed: {sum(id_a[n] != id_b[n] for n in common):,}")
    as_ids = Counter((e["id"], e["from"], e["to"]) for e in da["edges"])
    print(f"edges whose (id, from, to) is not in the page before: "
          f"{sum((Counter((e['id'], e['from'], e['to']) for e in db['edges']) - as_ids).values()):,}")
    ea, eb = edges(da), edges(db)
    print(f"edge items (ends by IRI, no id): only before {sum((ea - eb).values())}, "
          f"only after {sum((eb - ea).values())}")


if __name__ == "__main__":
    main()
