"""Where nodes go on the page: seeded positions that show the graph's groups, in Python.

Like ``networkx.drawing.layout``, but built for notes of thousands of papers:

1. nodes are put in groups: a paper joins its topic; a topic holds its papers; the other nodes
   (techniques, tasks, datasets, topics without papers) join the group most of their neighbours
   are in; what is left is grouped by communities (igraph's multilevel modularity);
2. the graph of groups is laid out first (igraph's Fruchterman–Reingold, C core; hierarchy edges
   count for little, so long ``broader`` edges do not pull groups together), each group gets a
   disc whose area grows with its size, and overlapping discs are pushed apart (pairs found on
   a grid: near linear);
3. each group is laid out inside its disc by the same force-directed pass on its own edges,
   scaled by the spread of most of its nodes (a far outlier is pulled in, it never squashes the
   rest).

Everything is seeded: the same graph and seed give the same positions. Plain Python around
igraph's C core: numpy would cost more to import than the arithmetic here takes.
:mod:`graph.views.page` draws the page from them; :mod:`graph.views.graphfiles` writes them into
GEXF for Gephi.

Examples
--------
>>> import networkx as nx
>>> pos = layout_positions(nx.path_graph(4), seed=1)
>>> sorted(pos) == [0, 1, 2, 3] and pos == layout_positions(nx.path_graph(4), seed=1)
True
"""

from __future__ import annotations

import hashlib
import math
import random
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, MutableMapping, Union

from graph.domain import TOPIC_TYPES

if TYPE_CHECKING:
    import networkx as nx

    from graph.views.plain_network import PlainNetwork

    Network = Union[nx.Graph, PlainNetwork]  # a build's page reads a PlainNetwork

__all__ = ["layout_groups", "layout_positions"]

Points = list[tuple[float, float]]

#: How much a hierarchy edge (``broader``) pulls two groups together, next to 1 for other edges.
HIERARCHY_WEIGHT = 0.2


def layout_groups(G: Network, seed: int = 0) -> dict[Any, int]:
    """The group of each node: papers by topic, the rest by their neighbours, then communities.

    Groups are numbered from 0, largest first.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("t", type="Topic"); G.add_node("p", type="Paper"); G.add_node("q", type="Paper")
    >>> G.add_edge("p", "t", key="subject"); G.add_edge("q", "p", key="uses")
    'subject'
    'uses'
    >>> layout_groups(G)
    {'t': 0, 'p': 0, 'q': 0}
    """
    nodes = list(G)
    group: dict[Any, Any] = {}
    kind = {node: G.nodes[node].get("type") for node in nodes}
    for u, v, *rest in _edges_with_keys(G):
        key = rest[0] if rest else None
        if key == "subject" and kind.get(u) == "Paper" and kind.get(v) in TOPIC_TYPES and u not in group:
            group[u] = v
            group[v] = v
    neighbours: dict[Any, list[Any]] = {node: [] for node in nodes}
    for u, v in G.edges():
        if u != v:
            neighbours[u].append(v)
            neighbours[v].append(u)
    for _ in range(3):  # chains: a technique of a technique of a paper
        joined = {}
        for node in nodes:
            if node in group:
                continue
            votes: dict[Any, int] = {}  # a Counter, without its cost on every node
            for m in neighbours[node]:
                if m in group:
                    g = group[m]
                    votes[g] = votes.get(g, 0) + 1
            if votes:
                best = max(votes.values())
                joined[node] = min((g for g, c in votes.items() if c == best), key=str)
        if not joined:
            break
        group.update(joined)
    rest = [node for node in nodes if node not in group]
    if rest:
        for i, members in enumerate(_communities(rest, neighbours, seed)):
            for node in members:
                group[node] = ("community", i)
    sizes = Counter(group.values())
    order = sorted(sizes, key=lambda g: (-sizes[g], str(g)))
    number = {g: i for i, g in enumerate(order)}
    return {node: number[group[node]] for node in nodes}


def _edges_with_keys(G: Network) -> Any:
    """``(u, v, key)`` for a multigraph, ``(u, v)`` otherwise."""
    view: Any = G.edges
    return view(keys=True) if G.is_multigraph() else view()


def _igraph(n: int, edges: list[tuple[int, int]]) -> Any:
    """An undirected igraph graph of ``n`` vertices, made by igraph's C constructor:
    ``igraph.Graph(...)`` imports numpy (a tenth of a second) to check for arrays."""
    return _igraph_core().GraphBase(n, edges, False)


def _igraph_core() -> Any:
    """igraph's C core (``igraph._igraph``), loaded without the Python package around it.

    The layout calls two methods of the core's ``GraphBase`` (multilevel communities,
    Fruchterman–Reingold), which take and give plain lists. ``import igraph`` loads the
    package first: its Python layer (drawing back-ends, clusterings, formulae, texttable for
    summaries) takes ten times what the core does, 0.02 s, a twentieth of a small build. The
    core is loaded as the package would load it and registered under its name, so a later
    ``import igraph`` uses it (:class:`_CoreOfPackage` gives the package its ``_igraph`` then);
    where it cannot be found so, the package is imported as usual. The core draws from
    Python's ``random`` either way (its RNG is set when it loads).
    """
    core = sys.modules.get("igraph._igraph")
    if core is not None:
        return core
    try:
        import importlib.machinery
        import importlib.util

        spec = importlib.util.find_spec("igraph")
        folders = list(spec.submodule_search_locations or ()) if spec is not None else []
        suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
        found = [file for folder in folders for file in sorted(Path(folder).glob("_igraph.*"))
                 if file.name.endswith(suffixes)]
        core_spec = importlib.util.spec_from_file_location("igraph._igraph", found[0]) if found else None
        if core_spec is None or core_spec.loader is None:
            raise ImportError("igraph's C core not found")
        core = importlib.util.module_from_spec(core_spec)
        core_spec.loader.exec_module(core)
        sys.modules["igraph._igraph"] = core
        if "igraph" not in sys.modules:
            sys.meta_path.insert(0, _CoreOfPackage())
        return core
    except ImportError:  # pragma: no cover - an igraph laid out otherwise
        import igraph

        return igraph._igraph


class _CoreOfPackage:
    """An import finder for the igraph package imported after its core alone (see
    :func:`_igraph_core`): the package then finds its core loaded (the core refuses to load
    twice), and Python sets a submodule as an attribute of its package only when it loads
    it, so the package gets ``_igraph`` from here. It steps aside at the first ``import igraph``.
    """

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != "igraph":
            return None
        sys.meta_path.remove(self)
        import importlib.util

        spec = importlib.util.find_spec(name)
        loader = spec.loader if spec is not None else None
        run = getattr(loader, "exec_module", None)
        if run is not None:
            def exec_module(module: Any) -> None:
                module._igraph = sys.modules["igraph._igraph"]
                run(module)

            loader.exec_module = exec_module  # type: ignore[union-attr,method-assign]
        return spec


def _communities(rest: list[Any], neighbours: dict[Any, list[Any]], seed: int) -> list[list[Any]]:
    where = {node: i for i, node in enumerate(rest)}
    pairs = {(min(where[u], where[v]), max(where[u], where[v])) for u in rest for v in neighbours[u] if v in where}
    g = _igraph(len(rest), sorted(pairs))
    with _seeded(seed):
        membership = g.community_multilevel()
    # the clusters in the order of their numbers, each's members in vertex order (as igraph's
    # VertexClustering lists them)
    clusters: list[list[Any]] = [[] for _ in range(max(membership, default=-1) + 1)]
    for i, cluster in enumerate(membership):
        clusters[cluster].append(rest[i])
    return clusters


class _seeded:
    """igraph draws from Python's ``random``: seed it for the block, then put the state back."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def __enter__(self) -> None:
        self.state = random.getstate()
        random.seed(self.seed)

    def __exit__(self, *exc: object) -> None:
        random.setstate(self.state)


def layout_positions(
    G: Network, seed: int = 0, spacing: float = 60.0, groups: dict[Any, int] | None = None,
    memo: MutableMapping[str, Points] | None = None,
) -> dict[Any, tuple[float, float]]:
    """Seeded positions, groups first and then each group in its disc; near-linear time.

    Parameters
    ----------
    G
        Any networkx graph; node ``type`` and edge key ``subject`` (paper to topic) and
        ``broader`` are used when present. Edge direction and multiplicity are ignored.
    seed
        The same graph and seed give the same positions.
    spacing
        About the distance between neighbouring nodes, in vis-network pixels.
    groups
        The group of each node (default :func:`layout_groups`).
    memo
        Where a group's positions are kept and looked up, by a digest of all they are made
        from (the seed, the group's size and its edges): a group laid out before is not laid
        out again. Each group draws from its own generator, seeded by that digest, so its
        positions are the same whatever the other groups are.

    Returns
    -------
    dict
        ``node -> (x, y)``, rounded to 0.1.

    Examples
    --------
    >>> import networkx as nx
    >>> pos = layout_positions(nx.path_graph(4), seed=1)
    >>> sorted(pos) == [0, 1, 2, 3] and pos == layout_positions(nx.path_graph(4), seed=1)
    True
    """
    nodes = list(G)
    n = len(nodes)
    if n == 0:
        return {}
    group_of_node = groups if groups is not None else layout_groups(G, seed=seed)
    index = {node: i for i, node in enumerate(nodes)}
    group_of = [group_of_node[node] for node in nodes]
    n_groups = max(group_of) + 1

    inner: list[list[tuple[int, int]]] = [[] for _ in range(n_groups)]
    between: dict[tuple[int, int], float] = {}
    seen: set[tuple[int, int]] = set()
    for u, v, *rest in _edges_with_keys(G):
        a, b = index[u], index[v]
        if a == b:
            continue
        pair = (min(a, b), max(a, b))
        ga, gb = group_of[a], group_of[b]
        weight = HIERARCHY_WEIGHT if rest and rest[0] == "broader" else 1.0
        if ga == gb:
            if pair not in seen:
                seen.add(pair)
                inner[ga].append(pair)
        else:
            key = (min(ga, gb), max(ga, gb))
            between[key] = between.get(key, 0.0) + weight

    members_of: list[list[int]] = [[] for _ in range(n_groups)]
    for i, g in enumerate(group_of):
        members_of[g].append(i)
    radius = [spacing * 0.7 * math.sqrt(len(m)) + spacing * 0.5 for m in members_of]
    coords: list[tuple[float, float]] = [(0.0, 0.0)] * n
    for g, members in enumerate(members_of):
        where = {node: i for i, node in enumerate(members)}
        pairs = [(where[a], where[b]) for a, b in inner[g]]
        scale = radius[g] - spacing * 0.5
        for i, (x, y) in zip(members, _group_layout(len(members), pairs, seed, memo)):
            coords[i] = (x * scale, y * scale)

    keys = sorted(between)
    # Scale so that discs of linked groups about touch, then push overlapping discs apart.
    size = math.sqrt(sum(r * r for r in radius))
    rng = random.Random(seed)
    centre = [(x * size, y * size) for x, y in _force_layout(n_groups, keys, [between[k] for k in keys], rng)]
    centre = _separate(centre, [r + spacing * 0.5 for r in radius])
    positions = {}
    for node, (x, y), g in zip(nodes, coords, group_of):
        cx, cy = centre[g]
        positions[node] = (round(x + cx, 1), round(y + cy, 1))
    return positions


def _group_layout(n: int, pairs: list[tuple[int, int]], seed: int, memo: MutableMapping[str, Points] | None) -> Points:
    """One group's positions in the unit disc: a pure function of ``n``, ``pairs`` and ``seed``,
    looked up in ``memo`` (and kept there) when one is given."""
    key = hashlib.sha1(repr((seed, n, pairs)).encode()).hexdigest()
    if memo is not None:
        kept = memo.get(key)
        if isinstance(kept, list) and len(kept) == n:
            return kept
    points = _force_layout(n, pairs, None, random.Random(key))
    if memo is not None:
        memo[key] = points
    return points


def _force_layout(n: int, pairs: list[tuple[int, int]], weights: list[float] | None, rng: random.Random) -> Points:
    """Fruchterman–Reingold (igraph) from seeded random starts; most points within the unit disc."""
    if n == 1:
        return [(0.0, 0.0)]
    if n == 2:
        return [(-0.5, 0.0), (0.5, 0.0)]
    start = [[rng.random() - 0.5, rng.random() - 0.5] for _ in range(n)]
    g = _igraph(n, pairs)
    with _seeded(rng.randrange(2**31)):  # igraph's FR jitters with Python's random
        coords = g.layout_fruchterman_reingold(
            weights=weights, seed=start, niter=300 if n < 500 else 100, grid="auto"
        )
    return _normalise([(float(x), float(y)) for x, y in coords])


def _normalise(pos: Points) -> Points:
    """Centre on the median and scale so 90% of the points lie in the unit disc; pull outliers in."""
    mx = _median([x for x, _ in pos])
    my = _median([y for _, y in pos])
    pos = [(x - mx, y - my) for x, y in pos]
    distance = [math.hypot(x, y) for x, y in pos]
    scale = _quantile(distance, 0.9) if len(pos) > 2 else max(distance)
    if scale <= 0:
        return pos
    result = []
    for (x, y), d in zip(pos, distance):
        d /= scale
        # beyond 1.1 the distance is compressed logarithmically: far nodes stay out, but near
        shrink = (1.1 + math.log1p(d - 1.1) * 0.2) / d if d > 1.1 else 1.0
        result.append((x / scale * shrink, y / scale * shrink))
    return result


def _median(values: list[float]) -> float:
    """The middle value, or the mean of the two middle ones, as ``statistics.median`` gives it
    (which would load ``statistics``, ``fractions`` and ``decimal`` for this alone).

    >>> _median([3.0, 1.0, 2.0]), _median([4.0, 1.0, 3.0, 2.0])
    (2.0, 2.5)
    """
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _quantile(values: list[float], q: float) -> float:
    """The ``q`` quantile, interpolated between the two nearest ranks (numpy's default).

    >>> _quantile([4.0, 1.0, 3.0, 2.0], 0.5), _quantile([1.0, 2.0, 3.0, 4.0, 5.0], 0.9)
    (2.5, 4.6)
    """
    ordered = sorted(values)
    at = (len(ordered) - 1) * q
    low = math.floor(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def _separate(centre: Points, radius: list[float], iterations: int = 60) -> Points:
    """Push apart discs (centre, radius) that overlap; pairs are found on a grid (near linear)."""
    pos = list(centre)
    n = len(pos)
    if n < 2:
        return pos
    for _ in range(iterations):
        hits = []
        for a, b in overlapping_discs(pos, radius):
            (xa, ya), (xb, yb) = pos[a], pos[b]
            dx, dy = xa - xb, ya - yb
            dist = math.hypot(dx, dy)
            hits.append((a, b, dx, dy, dist, radius[a] + radius[b] - dist))
        if not hits:
            break
        tiny = [h for h in hits if h[4] < 1e-6]
        directions = iter(_directions(len(tiny), n))
        push = [[0.0, 0.0] for _ in range(n)]
        count = [0] * n
        for a, b, dx, dy, dist, overlap in hits:
            if dist < 1e-6:
                dx, dy = next(directions)
                dist = 1.0
            step = overlap * 0.5 / dist
            # the smaller disc moves more, so a big group stays where the group graph put it
            share_a = radius[b] / (radius[a] + radius[b])
            push[a][0] += dx * step * 2 * share_a
            push[a][1] += dy * step * 2 * share_a
            push[b][0] -= dx * step * 2 * (1 - share_a)
            push[b][1] -= dy * step * 2 * (1 - share_a)
            count[a] += 1
            count[b] += 1
        pos = [
            (x + px / math.sqrt(c), y + py / math.sqrt(c)) if c else (x, y)
            for (x, y), (px, py), c in zip(pos, push, count)
        ]
    return pos


def overlapping_discs(centre: Points, radius: list[float]) -> list[tuple[int, int]]:
    """The pairs ``(i, j)``, ``i < j``, of discs that overlap, sorted.

    A few hundred discs are swept from left to right, each compared with those whose left
    edge comes before its right edge. More go into the square cells their bounding boxes
    touch (cells about as wide as a typical disc), and only discs sharing a cell are
    compared: the cost grows with the number of discs, their area and the pairs found, never
    with all pairs. Both find the same pairs.

    >>> overlapping_discs([(0.0, 0.0), (1.5, 0.0), (5.0, 0.0), (0.0, 1.0)], [1.0, 1.0, 1.0, 0.5])
    [(0, 1), (0, 3)]
    """
    n = len(centre)
    if n < 2:
        return []
    if n <= _SWEPT:
        return _swept_discs(centre, radius)
    side = 2 * _median(radius)
    if side <= 0:
        side = 2 * max(radius) or 1.0
    cells: dict[tuple[int, int], list[int]] = {}
    for i, ((x, y), r) in enumerate(zip(centre, radius)):
        for cx in range(math.floor((x - r) / side), math.floor((x + r) / side) + 1):
            for cy in range(math.floor((y - r) / side), math.floor((y + r) / side) + 1):
                cells.setdefault((cx, cy), []).append(i)
    found: set[tuple[int, int]] = set()
    for members in cells.values():
        if len(members) < 2:
            continue
        for k, a in enumerate(members):
            xa, ya = centre[a]
            ra = radius[a]
            for b in members[k + 1:]:
                xb, yb = centre[b]
                dx, dy, reach = xa - xb, ya - yb, ra + radius[b]
                if dx * dx + dy * dy < reach * reach:
                    found.add((a, b) if a < b else (b, a))
    return sorted(found)


#: Up to this many discs the sweep is faster (the page's groups of a few hundred papers: the
#: grid took 9 ms over the 60 rounds of pushing discs apart); beyond, the grid is.
_SWEPT = 256


def _swept_discs(centre: Points, radius: list[float]) -> list[tuple[int, int]]:
    """:func:`overlapping_discs` by a sweep along x (a disc is compared with those whose left
    edge is before its right edge, plus a margin for rounding: the same test decides)."""
    lefts = [x - r for (x, _), r in zip(centre, radius)]
    order = sorted(range(len(centre)), key=lefts.__getitem__)
    margin = 1e-9 * (max(abs(x) for x, _ in centre) + max(radius)) + 1e-300
    found = []
    for k, a in enumerate(order):
        xa, ya = centre[a]
        ra = radius[a]
        right = xa + ra + margin
        for b in order[k + 1:]:
            if lefts[b] > right:
                break  # every later disc starts further right
            xb, yb = centre[b]
            dx, dy, reach = xa - xb, ya - yb, ra + radius[b]
            if dx * dx + dy * dy < reach * reach:
                found.append((a, b) if a < b else (b, a))
    found.sort()
    return found


def _directions(count: int, salt: int) -> list[tuple[float, float]]:
    """Unit vectors for discs that sit exactly on each other (seeded, so layouts stay repeatable)."""
    rng = random.Random(salt)
    return [(math.cos(angle), math.sin(angle)) for angle in (rng.random() * 2 * math.pi for _ in range(count))]
