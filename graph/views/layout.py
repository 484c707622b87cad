"""Where nodes go on the page: seeded positions that show the graph's groups, in Python.

Like ``networkx.drawing.layout``, but built for notes of thousands of papers:

1. nodes are put in groups: a paper joins its topic; a topic holds its papers; the other nodes
   (techniques, tasks, datasets, topics without papers) join the group most of their neighbours
   are in; what is left is grouped by communities (igraph's multilevel modularity);
2. the graph of groups is laid out first (igraph's Fruchterman–Reingold, C core; hierarchy edges
   count for little, so long ``broader`` edges do not pull groups together), each group gets a
   disc whose area grows with its size, and overlapping discs are pushed apart (pairs found on
   a grid: near linear). This step reads its inputs rounded — each disc's radius up to a step
   of a geometric series 10 % apart, the number of edges between two groups down to a power of
   4 — so that one paper more or less rarely changes them, and a page rebuilt after a small
   change finds the groups' places in the memo (see :func:`layout_positions`);
3. each group is laid out inside its disc by the same force-directed pass on its own edges,
   scaled by the spread of most of its nodes (a far outlier is pulled in, it never squashes the
   rest).

Everything is seeded: the same graph and seed give the same positions. Plain Python around
igraph's C core (:mod:`graph.views.igraph_core`): numpy would cost more to import than the
arithmetic here takes. :mod:`graph.views.page` draws the page from them;
:mod:`graph.views.graphfiles` writes them into GEXF for Gephi.

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
from array import array
from collections import Counter
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Callable, Iterable, MutableMapping, Union

from graph.domain import TOPIC_TYPES
from graph.views.discs import separate_discs
from graph.views.igraph_core import igraph_graph, seeded

if TYPE_CHECKING:
    import networkx as nx

    from graph.views.plain_network import PlainNetwork

    Network = Union[nx.Graph, PlainNetwork]  # a build's page reads a PlainNetwork

__all__ = ["layout_groups", "layout_positions"]

Points = list[tuple[float, float]]

#: How much a hierarchy edge (``broader``) pulls two groups together, next to 1 for other edges.
HIERARCHY_WEIGHT = 0.2

#: The group-level layout sees each disc's radius rounded up to a power of this (in units of
#: half the spacing): steps 10 % apart, so a group's disc changes for about one paper in 20
#: added to a group of 80, and a disc is never smaller than its members need.
RADIUS_STEP = 1.1

#: ... and the weight of each pair of linked groups (their edges; ``broader`` ones count 0.2)
#: rounded down to a power of this (a power of 2): 1–7 edges pull as 1, 8–63 as 8. The counts
#: are small (10,000 papers: 1,351 of 3,193 linked pairs have one edge, 826 two, 399 three), so
#: finer steps change at the commonest counts: of 5,000 simulated added papers (a topic, 1–3
#: techniques), steps of 2 kept the group-level inputs for 16 %, of 4 for 36 %, of 8 for 47 %;
#: no rounding keeps more than 50 % (the other half links two groups not linked before).
WEIGHT_STEP = 8


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
    # nodes as their places in the graph's order: after one pass over the edges, every look-up
    # is in a list (the nodes' names are read again only to break ties and to number groups)
    nodes = list(G)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    # one pass, each name looked up as the edge brings it (a second pass would read them again
    # from memory: on a large graph that, not the arithmetic, is what costs)
    edges = [(index[u], index[v], key) for u, v, key in _keyed_edges(G)]
    heads = list(map(itemgetter(0), edges))
    tails = list(map(itemgetter(1), edges))
    subject = [(a, b) for a, b, key in edges if key == "subject"]
    ends = list(dict.fromkeys(chain.from_iterable(subject)))  # each node once
    kind = dict(zip(ends, [G.nodes[nodes[i]].get("type") for i in ends]))
    # a group is its topic's place, or n + i for the i-th community; -1 for none yet
    group = [-1] * n
    for a, b in subject:
        if group[a] < 0 and kind[a] == "Paper" and kind[b] in TOPIC_TYPES:
            group[a] = b
            group[b] = b

    def name(g: int) -> str:  # the group's name, as ties and the numbering read it
        return str(nodes[g]) if g < n else str(("community", g - n))

    # the first round of votes straight from the edges: (node, group) for each edge between a
    # node without a group and one with a group
    casts = [(a, group[b]) if group[a] < 0 else (b, group[a])
             for a, b in zip(heads, tails) if (group[a] < 0) != (group[b] < 0)]
    for i, g in _majorities(casts, name).items():
        group[i] = g
    # the rest, few, vote in rounds (chains: a technique of a technique of a paper); the order
    # of a node's neighbours does not matter (votes are counted, ties broken by name)
    pending = [i for i in range(n) if group[i] < 0]
    neighbours: dict[int, list[int]] = {i: [] for i in pending}
    if pending:
        for a, b in [(a, b) for a, b in zip(heads, tails) if (a in neighbours or b in neighbours) and a != b]:
            if a in neighbours:
                neighbours[a].append(b)
            if b in neighbours:
                neighbours[b].append(a)
    for _ in range(2 if casts else 0):
        casts = [(i, group[m]) for i in pending for m in neighbours[i] if group[m] >= 0]
        if not casts:
            break
        for i, g in _majorities(casts, name).items():
            group[i] = g
        pending = [i for i in pending if group[i] < 0]
    if pending:
        for c, members in enumerate(_communities(pending, neighbours, seed)):
            for i in members:
                group[i] = n + c
    sizes = Counter(group)
    order = sorted(sizes, key=lambda g: (-sizes[g], name(g)))
    number = {g: k for k, g in enumerate(order)}
    return dict(zip(nodes, map(number.__getitem__, group)))


def _majorities(casts: list[tuple[int, int]], name: Callable[[int], str]) -> dict[int, int]:
    """The group each node has most votes for, ties to the least by ``name``.

    >>> _majorities([(7, 2), (8, 1), (7, 1), (7, 2), (9, 2), (9, 1)], str)
    {7: 2, 8: 1, 9: 1}
    """
    chosen = dict(casts)  # most nodes have one vote, or votes all for one group
    mixed = {i for i, g in casts if chosen[i] != g}
    if mixed:
        votes: dict[int, dict[int, int]] = {i: {} for i in mixed}
        for i, g in casts:
            if i in votes:
                counts = votes[i]
                counts[g] = counts.get(g, 0) + 1
        for i, counts in votes.items():
            best = max(counts.values())
            chosen[i] = min((g for g, c in counts.items() if c == best), key=name)
    return chosen


def _keyed_edges(G: Network) -> Iterable[tuple[Any, Any, Any]]:
    """``(u, v, key)`` for each edge; the key is None in a graph that is not a multigraph."""
    view: Any = G.edges
    if G.is_multigraph():
        return view(keys=True)
    return ((u, v, None) for u, v in view())


def _communities(rest: list[Any], neighbours: dict[Any, list[Any]], seed: int) -> list[list[Any]]:
    where = {node: i for i, node in enumerate(rest)}
    pairs = {(min(where[u], where[v]), max(where[u], where[v])) for u in rest for v in neighbours[u] if v in where}
    g = igraph_graph(len(rest), sorted(pairs))
    with seeded(seed):
        membership = g.community_multilevel()
    # the clusters in the order of their numbers, each's members in vertex order (as igraph's
    # VertexClustering lists them)
    clusters: list[list[Any]] = [[] for _ in range(max(membership, default=-1) + 1)]
    for i, cluster in enumerate(membership):
        clusters[cluster].append(rest[i])
    return clusters


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
        Where layouts are kept and looked up, each by a digest of all it is made from: a
        group's positions in its disc (key ``group:…``: the seed, the group's size and its
        edges) and the groups' centres (key ``centres:…``: the seed, the spacing, the rounded
        radii and weights of the groups taken in the order of their first nodes, which a
        group's size does not change). What was laid out before is not laid out again, and
        with or without the memo the positions are the same: each group draws from its own
        generator, seeded by its digest, and the centres are a function of the rounded inputs.

    Returns
    -------
    dict
        ``node -> (x, y)``, rounded to 0.1.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.complete_graph(5)
    >>> memo = {}
    >>> pos = layout_positions(G, seed=1, memo=memo)
    >>> sorted(pos) == [0, 1, 2, 3, 4] and pos == layout_positions(G, seed=1)
    True
    >>> sorted(key.partition(":")[0] for key in memo), layout_positions(G, seed=1, memo=memo) == pos
    (['centres', 'group'], True)
    """
    nodes = list(G)
    n = len(nodes)
    if n == 0:
        return {}
    group_of_node = groups if groups is not None else layout_groups(G, seed=seed)
    group_of = list(map(group_of_node.__getitem__, nodes))
    n_groups = max(group_of) + 1
    members_of: list[list[int]] = [[] for _ in range(n_groups)]
    local = [0] * n  # a node's place among its group's members
    for i, g in enumerate(group_of):
        members = members_of[g]
        local[i] = len(members)
        members.append(i)

    # each edge's ends as (group, place among the group's members), looked up in one pass (see
    # layout_groups); within a group, places are in the nodes' order
    slot = dict(zip(nodes, zip(group_of, local)))
    edges = [(slot[u], slot[v], key) for u, v, key in _keyed_edges(G)]
    ends_a = list(map(itemgetter(0), edges))
    ends_b = list(map(itemgetter(1), edges))
    # each group's own edges once, by its members' places, in the order first met
    inner: list[list[tuple[int, int]]] = [[] for _ in range(n_groups)]
    for g, la, lb in dict.fromkeys([(ga, la, lb) if la < lb else (ga, lb, la)
                                    for (ga, la), (gb, lb) in zip(ends_a, ends_b) if ga == gb and la != lb]):
        inner[g].append((la, lb))
    # the edges between two groups, counted by ga * n_groups + gb, ga < gb; ``broader`` ones weigh less
    between: dict[int, float] = dict(Counter([ga * n_groups + gb if ga < gb else gb * n_groups + ga
                                              for (ga, _), (gb, _) in zip(ends_a, ends_b) if ga != gb]))
    hierarchy = Counter([ga * n_groups + gb if ga < gb else gb * n_groups + ga
                         for (ga, _), (gb, _), key in zip(ends_a, ends_b, map(itemgetter(2), edges))
                         if key == "broader" and ga != gb])
    for pair, count in hierarchy.items():
        between[pair] = between[pair] - count + count * HIERARCHY_WEIGHT

    radius = [spacing * 0.7 * math.sqrt(len(m)) + spacing * 0.5 for m in members_of]
    centre = _group_centres(members_of, between, radius, spacing, seed, memo)
    placed: list[tuple[float, float]] = [(0.0, 0.0)] * n
    for g, members in enumerate(members_of):
        scale = radius[g] - spacing * 0.5
        cx, cy = centre[g]
        points = _group_layout(len(members), inner[g], seed, memo)
        for i, xy in zip(members, [(round(x * scale + cx, 1), round(y * scale + cy, 1)) for x, y in points]):
            placed[i] = xy
    return dict(zip(nodes, placed))


def _group_centres(
    members_of: list[list[int]], between: dict[int, float], radius: list[float], spacing: float,
    seed: int, memo: MutableMapping[str, Points] | None,
) -> Points:
    """Each group's centre: the graph of groups laid out and its discs pushed apart, from
    rounded inputs (see :data:`RADIUS_STEP`, :data:`WEIGHT_STEP`) and in an order of the
    groups that their sizes do not change (by first node), looked up in ``memo`` and kept there."""
    n_groups = len(members_of)
    order = sorted(range(n_groups), key=lambda g: members_of[g][0] if members_of[g] else -1)
    rank = [0] * n_groups
    for r, g in enumerate(order):
        rank[g] = r
    unit = spacing * 0.5
    steps = [_radius_step(radius[g] / unit) for g in order]
    links = []
    for pair, weight in between.items():
        ra, rb = rank[pair // n_groups], rank[pair % n_groups]
        links.append((ra, rb, _weight_step(weight)) if ra < rb else (rb, ra, _weight_step(weight)))
    links.sort()
    key = "centres:" + hashlib.sha1(repr((seed, spacing, steps, links)).encode()).hexdigest()
    kept = memo.get(key) if memo is not None else None
    if not (isinstance(kept, list) and len(kept) == n_groups):
        kept = _centres(steps, links, spacing, seed)
        if memo is not None:
            memo[key] = kept
    return [kept[r] for r in rank]


def _centres(steps: list[int], links: list[tuple[int, int, int]], spacing: float, seed: int) -> Points:
    """The centres of discs whose radii are ``spacing / 2 * RADIUS_STEP ** step``, linked by
    ``(a, b, step)`` pulling with weight ``WEIGHT_STEP ** step``: the linked near, none overlapping.

    >>> centre = _centres([10, 12, 10], [(0, 1, 0), (1, 2, 1)], 60.0, seed=1)
    >>> radius = [30.0 * RADIUS_STEP ** step + 30.0 for step in (10, 12, 10)]
    >>> from graph.views.discs import overlapping_discs
    >>> overlapping_discs(centre, radius)
    []
    """
    radius = [spacing * 0.5 * RADIUS_STEP ** step for step in steps]
    # Scale so that discs of linked groups about touch, then push overlapping discs apart.
    size = math.sqrt(sum(r * r for r in radius))
    pairs = [(a, b) for a, b, _ in links]
    weights = [float(WEIGHT_STEP) ** step for _, _, step in links]
    centre = [(x * size, y * size) for x, y in _force_layout(len(steps), pairs, weights, random.Random(seed))]
    return separate_discs(centre, [r + spacing * 0.5 for r in radius])


def _radius_step(ratio: float) -> int:
    """The least ``k`` with ``RADIUS_STEP ** k >= ratio``.

    >>> _radius_step(1.0), _radius_step(1.1), _radius_step(1.11), RADIUS_STEP ** _radius_step(13.6) >= 13.6
    (0, 1, 2, True)
    """
    k = math.ceil(math.log(ratio) / math.log(RADIUS_STEP))
    while RADIUS_STEP ** k < ratio:  # the logarithms' rounding
        k += 1
    while k > 0 and RADIUS_STEP ** (k - 1) >= ratio:
        k -= 1
    return k


def _weight_step(weight: float) -> int:
    """The greatest ``k`` with ``WEIGHT_STEP ** k <= weight`` (exact: read off the float's exponent).

    >>> [_weight_step(w) for w in (0.2, 1.0, 7.0, 8.0, 41.2, 63.8, 64.0)]
    [-1, 0, 0, 1, 1, 1, 2]
    """
    exponent = math.frexp(weight)[1] - 1  # floor(log2(weight))
    return exponent // (WEIGHT_STEP.bit_length() - 1)


def _group_layout(n: int, pairs: list[tuple[int, int]], seed: int, memo: MutableMapping[str, Points] | None) -> Points:
    """One group's positions in the unit disc: a pure function of ``n``, ``pairs`` and ``seed``,
    looked up in ``memo`` (and kept there) when one is given."""
    if n <= 2:  # fixed places, no draws
        return _force_layout(n, pairs, None, random.Random(0)) if n else []
    key = ""
    if memo is not None:
        # the pairs' bytes hash at C speed; their repr (the generator's seed) costs ten times more
        flat = array("i", chain.from_iterable(pairs)).tobytes()
        key = "group:" + hashlib.sha1(b"%d %d " % (seed, n) + flat).hexdigest()
        kept = memo.get(key)
        if isinstance(kept, list) and len(kept) == n:
            return kept
    points = _force_layout(n, pairs, None, random.Random(hashlib.sha1(repr((seed, n, pairs)).encode()).hexdigest()))
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
    g = igraph_graph(n, pairs)
    with seeded(rng.randrange(2**31)):  # igraph's FR jitters with Python's random
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
