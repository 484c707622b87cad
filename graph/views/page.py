"""The interactive HTML page: one self-contained file that makes no network request.

The page is a vis-network view (the library pyvis wraps) of the networkx projection. pyvis's
``Network`` sets the vis options; the node and edge lists are built here in one pass (pyvis's
``add_node``/``add_edge`` scan lists and get quadratic), and the page is pyvis-free at run time:
vis-network's script and stylesheet are copied inline from the installed pyvis package next to
``data/page.html``, ``data/page.css`` and ``data/page.js`` (search, filters, legend, details).
A Content-Security-Policy allows only those inline scripts (by hash) and no connection at all.

All note text travels as JSON data and is put in the page with ``textContent``: a note holding
``<img src=x onerror=alert(1)>`` shows as those characters. Links open only ``http(s)`` URLs.

Positions are computed here, seeded (:func:`layout_positions`: groups laid out side by side).
Up to :data:`PHYSICS_LIMIT` nodes vis-network's physics spreads them for a few iterations and
stops; above, physics is off from the start, so 5,000 nodes are interactive in about 2 seconds.

Usage::

    from graph import build
    from graph.views.page import write_page
    kg = build(["notes/iccv2019.md"])
    write_page(kg, "exports/graph.html")                           # the whole graph
    write_page(kg, "exports/gated.html", focus="Gated-SCNN", depth=2)
    write_page(kg, "exports/gans.html", topic="GANs", min_rating=8)

Examples
--------
>>> G = nx.MultiDiGraph()
>>> G.add_node("urn:a", type="Paper", label="<b>A</b>", short="A", rating=7, topics=[], aliases=[])
>>> html = render_page(G)
>>> "<b>A</b>" in html, "\\\\u003cb\\\\u003eA" in html
(False, True)
>>> render_page(G) == html
True
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import json
import math
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import IO, Any, Union
from urllib.parse import urlparse

import networkx as nx
import numpy as np

from graph.atomic import write_output
from graph.errors import UnknownName
from graph.views.network import node_in_view, resolve_name, select_subgraph

__all__ = [
    "PHYSICS_LIMIT",
    "STABILIZATION_ITERATIONS",
    "TYPE_STYLES",
    "render_page",
    "write_page",
    "layout_positions",
]

#: Up to this many nodes vis-network's physics lays the page out; above, positions come from Python.
PHYSICS_LIMIT = 1000

#: Physics iterations vis-network runs (from the Python positions) before a small page is shown;
#: fewer as the page grows (``48000 / nodes``, at least 40), so 1,000 nodes load in about 2 s.
STABILIZATION_ITERATIONS = 120

#: Colour and vis-network shape of each node type (the legend shows the same).
TYPE_STYLES: dict[str, tuple[str, str]] = {
    "Paper": ("#4e79a7", "dot"),
    "Topic": ("#f28e2b", "square"),
    "Workshop": ("#b07aa1", "star"),
    "Technique": ("#59a14f", "diamond"),
    "Task": ("#e15759", "triangle"),
    "Dataset": ("#76b7b2", "hexagon"),
    "Area": ("#9c755f", "triangleDown"),
}
_OTHER_STYLE = ("#888888", "dot")
_RELATION_PALETTE = ("#59a14f", "#e15759", "#edc948", "#b07aa1", "#ff9da7", "#4e79a7", "#76b7b2", "#9c755f")
_STRUCTURAL_COLOURS = {"in topic": "#c7c7c7", "broader": "#f5b87a", "related": "#d4b0cc", "same as": "#7f7f7f"}

Output = Union[str, Path, IO[str]]
GraphLike = Any  # a networkx MultiDiGraph or a KnowledgeGraph (anything with ``.nx``)


def write_page(
    graph: GraphLike,
    output: Output,
    *,
    focus: str | None = None,
    depth: int = 2,
    topic: str | None = None,
    min_rating: int | None = None,
    title: str | None = None,
    seed: int = 0,
) -> list[Path]:
    """Write the interactive HTML page of ``graph`` (atomically: temp file, then rename).

    Parameters
    ----------
    graph
        A :class:`graph.knowledge_graph.KnowledgeGraph` (names resolve as in ``notekg show``) or a networkx
        graph from :func:`graph.views.network.to_networkx`.
    output
        The ``.html`` file to write, or an open text stream (``sys.stdout``).
    focus, depth
        Show only the nodes within ``depth`` hops of the node named ``focus`` (selected on load).
    topic
        Show only this topic, the topics under it, their papers and what those papers relate to.
    min_rating
        Leave out papers rated below this (and unrated ones).
    title
        The page title (default: "notekg", plus the focus).
    seed
        Seed of the layout: the same graph and seed give byte-identical HTML.

    Returns
    -------
    list of Path
        The file written (empty for a stream).

    Raises
    ------
    UnknownName
        If ``focus`` or ``topic`` names no node (or ``topic`` names something else than a topic).
    OutputNotWritable
        If the file cannot be written.
    """
    text = render_page(
        graph, focus=focus, depth=depth, topic=topic, min_rating=min_rating, title=title, seed=seed
    )
    return write_output(text, output, example_name="graph.html")


def render_page(
    graph: GraphLike,
    *,
    focus: str | None = None,
    depth: int = 2,
    topic: str | None = None,
    min_rating: int | None = None,
    title: str | None = None,
    seed: int = 0,
) -> str:
    """The page as a string; see :func:`write_page` for the parameters."""
    G: nx.MultiDiGraph = graph.nx if hasattr(graph, "nx") else graph
    focus_id = _resolve(graph, G, focus) if focus is not None else None
    topic_id = _resolve_topic(graph, G, topic) if topic is not None else None
    if topic_id is not None and G.nodes[topic_id].get("type") not in ("Topic", "Workshop"):
        data = G.nodes[topic_id]
        raise UnknownName(f"{data.get('label', topic)!r} is a {data.get('type', 'node')}, not a topic")
    depth = 2 if depth is None else depth
    if depth < 0:
        raise ValueError("depth must be 0 or more")
    view = G
    if focus_id is not None or topic_id is not None or min_rating is not None:
        view = select_subgraph(G, focus=focus_id, depth=depth, topic=topic_id, min_rating=min_rating)
    heading = title or "notekg"
    parts = []
    if focus_id is not None:
        parts.append(f"around {G.nodes[focus_id].get('label', focus)} ({depth} hops)")
    if topic_id is not None:
        parts.append(f"topic {G.nodes[topic_id].get('label', topic)}")
    if min_rating is not None:
        parts.append(f"papers rated {min_rating}+")
    subtitle = ", ".join(parts)
    data = _page_data(view, focus=focus_id, seed=seed)
    data["title"] = heading
    data["subtitle"] = subtitle
    full_title = heading + (f" — {subtitle}" if subtitle else "")
    return _assemble(full_title, data)


def _resolve(graph: GraphLike, G: nx.MultiDiGraph, name: str) -> str:
    if name in G:
        return name
    if hasattr(graph, "rdf"):
        return node_in_view(graph, name)
    return resolve_name(G, name)


def _resolve_topic(graph: GraphLike, G: nx.MultiDiGraph, name: str) -> str:
    """A topic by name: a topic's own label wins over a paper or concept of the same name."""
    from graph.views.resolve import normalise_name

    key = normalise_name(name)
    for node, data in G.nodes(data=True):
        if data.get("type") in ("Topic", "Workshop") and normalise_name(str(data.get("label", ""))) == key:
            return str(node)
    return _resolve(graph, G, name)


# ---------------------------------------------------------------------------------------------
# Data


def _page_data(G: nx.MultiDiGraph, *, focus: str | None, seed: int) -> dict[str, Any]:
    """Node and edge lists for vis-network plus what the legend and filters need: O(N + E)."""
    index = {node: i for i, node in enumerate(G)}
    large = len(index) > PHYSICS_LIMIT
    # Start from seeded positions computed here: a large page keeps them (physics off), a small
    # one lets vis-network's physics spread them for a few iterations and then stops.
    positions = layout_positions(G, seed=seed)

    type_counts: dict[str, int] = {}
    nodes = []
    for node, attrs in G.nodes(data=True):
        kind = str(attrs.get("type", "Node"))
        type_counts[kind] = type_counts.get(kind, 0) + 1
        label = str(attrs.get("label", node))
        item: dict[str, Any] = {
            "id": index[node],
            "label": str(attrs.get("short") or label),
            "group": kind,
            "size": _size(kind, attrs.get("rating"), G.degree(node)),
            "iri": node,
            "name": label,
            "aliases": [str(a) for a in attrs.get("aliases", ())],
            "topics": [str(t) for t in attrs.get("topics", ())],
        }
        for key in ("rating", "line"):
            if _is_number(attrs.get(key)):
                item[key] = attrs[key]
        for key in ("verdict", "tldr", "comment"):
            if attrs.get(key):
                item[key] = str(attrs[key])
        url = _safe_url(attrs.get("url"))
        if url:
            item["url"] = url
        if attrs.get("struck"):
            item["struck"] = True
        if node in positions:
            item["x"], item["y"] = positions[node]
        nodes.append(item)

    relation_counts: dict[str, int] = {}
    edges = []
    for j, (u, v, key, attrs) in enumerate(G.edges(keys=True, data=True)):
        relation = str(attrs.get("relation", key))
        relation_counts[relation] = relation_counts.get(relation, 0) + 1
        edge: dict[str, Any] = {"id": j, "from": index[u], "to": index[v], "label": relation, "key": str(key)}
        for name in ("evidence", "rule", "field"):
            if attrs.get(name):
                edge[name] = str(attrs[name])
        if isinstance(attrs.get("line"), int):
            edge["line"] = attrs["line"]
        edges.append(edge)

    relation_colour = _relation_colours(relation_counts)
    for edge in edges:
        edge["color"] = relation_colour[edge["label"]]
    type_order = [t for t in TYPE_STYLES if t in type_counts] + sorted(set(type_counts) - set(TYPE_STYLES))
    types = [
        {"name": t, "color": TYPE_STYLES.get(t, _OTHER_STYLE)[0], "shape": TYPE_STYLES.get(t, _OTHER_STYLE)[1], "count": type_counts[t]}
        for t in type_order
    ]
    relations = [
        {"name": r, "color": relation_colour[r], "count": relation_counts[r]} for r in _relation_order(relation_counts)
    ]
    return {
        "nodes": nodes,
        "edges": edges,
        "types": types,
        "relations": relations,
        "topics": _topic_options(G, index),
        "options": _vis_options(types, nodes=len(index), large=large, seed=seed),
        "physics": not large,
        "focus": index[focus] if focus is not None and focus in index else None,
    }


def _is_number(value: Any) -> bool:
    """An int or float rating (2/3 is 6.67 out of 10), not a boolean."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _size(kind: str, rating: Any, degree: int) -> float:
    if kind == "Paper":
        return round(10.0 + 2.0 * rating, 1) if _is_number(rating) else 9.0
    return round(min(45.0, 10.0 + 4.0 * math.sqrt(degree)), 1)


def _safe_url(url: Any) -> str | None:
    if not url:
        return None
    text = str(url).strip()
    return text if urlparse(text).scheme in ("http", "https") else None


def _relation_order(counts: dict[str, int]) -> list[str]:
    structural = [r for r in _STRUCTURAL_COLOURS if r in counts]
    return sorted(r for r in counts if r not in _STRUCTURAL_COLOURS) + structural


def _relation_colours(counts: dict[str, int]) -> dict[str, str]:
    colours = {}
    typed = [r for r in _relation_order(counts) if r not in _STRUCTURAL_COLOURS]
    for i, relation in enumerate(typed):
        colours[relation] = _RELATION_PALETTE[i % len(_RELATION_PALETTE)]
    for relation, colour in _STRUCTURAL_COLOURS.items():
        colours[relation] = colour
    return colours


def _topic_options(G: nx.MultiDiGraph, index: dict[str, int]) -> list[list[Any]]:
    """Topics for the filter menu as ``[id, label, depth]``, in tree order."""
    topics = [n for n, kind in G.nodes(data="type") if kind in ("Topic", "Workshop")]
    topic_set = set(topics)
    children: dict[str | None, list[str]] = {}
    has_parent = set()
    for u, v, key in G.edges(keys=True):
        if key == "broader" and u in topic_set and v in topic_set:
            children.setdefault(v, []).append(u)
            has_parent.add(u)
    label = lambda n: (str(G.nodes[n].get("label", n)).casefold(), n)  # noqa: E731
    result: list[list[Any]] = []
    seen: set[str] = set()
    stack = [(t, 0) for t in sorted((t for t in topics if t not in has_parent), key=label, reverse=True)]
    while stack:
        node, level = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        result.append([index[node], str(G.nodes[node].get("label", node)), level])
        for child in sorted(children.get(node, ()), key=label, reverse=True):
            stack.append((child, level + 1))
    for node in sorted(topic_set - seen, key=label):  # cycles: list what is left flat
        result.append([index[node], str(G.nodes[node].get("label", node)), 0])
    return result


def _vis_options(types: list[dict[str, Any]], *, nodes: int, large: bool, seed: int) -> dict[str, Any]:
    """vis-network options, set through pyvis's ``Network`` and completed for this page."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    if large:
        net.toggle_physics(False)
        net.toggle_hide_edges_on_drag(True)
    else:
        net.force_atlas_2based(
            gravity=-60, central_gravity=0.01, spring_length=90, spring_strength=0.08, damping=0.6, overlap=0.2
        )
    options: dict[str, Any] = json.loads(net.options.to_json())
    options.pop("configure", None)
    physics = options.setdefault("physics", {})
    iterations = max(40, min(STABILIZATION_ITERATIONS, 48000 // max(1, nodes)))
    physics["stabilization"] = {"enabled": not large, "iterations": iterations, "updateInterval": 25, "fit": True}
    physics["minVelocity"] = 1
    options["edges"] = {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "color": {"inherit": False},
        "font": {"size": 10, "color": "#555555", "strokeWidth": 3, "align": "middle"},
        "smooth": {"enabled": not large, "type": "continuous"},
        "width": 1,
        "selectionWidth": 2,
    }
    options["nodes"] = {"borderWidth": 1, "font": {"size": 13, "face": "sans-serif", "color": "#222222"}}
    options["groups"] = {t["name"]: {"color": t["color"], "shape": t["shape"]} for t in types}
    options["layout"] = {"randomSeed": seed, "improvedLayout": False}
    interaction = options.setdefault("interaction", {})
    interaction.update({"hover": True, "tooltipDelay": 120, "hideEdgesOnZoom": large, "multiselect": False})
    return options


# ---------------------------------------------------------------------------------------------
# Layout of large graphs


def layout_positions(G: nx.Graph, seed: int = 0, spacing: float = 60.0) -> dict[Any, tuple[float, float]]:
    """Seeded positions for a graph, in about two seconds for 5,000 nodes.

    Nodes are grouped by label propagation; each group is laid out by a force-directed
    (Fruchterman–Reingold) pass of its own, the groups are placed by the same pass on the graph
    of groups, and overlapping groups are pushed apart. Coordinates are rounded to 0.1.

    Parameters
    ----------
    G
        Any networkx graph (edge direction and multiplicity are ignored).
    seed
        The same graph and seed give the same positions.
    spacing
        About the distance between neighbouring nodes, in vis-network pixels.

    Examples
    --------
    >>> pos = layout_positions(nx.path_graph(4), seed=1)
    >>> sorted(pos) == [0, 1, 2, 3] and pos == layout_positions(nx.path_graph(4), seed=1)
    True
    """
    nodes = list(G)
    n = len(nodes)
    if n == 0:
        return {}
    H: nx.Graph[int] = nx.Graph()
    H.add_nodes_from(range(n))
    position = {node: i for i, node in enumerate(nodes)}
    H.add_edges_from((position[u], position[v]) for u, v in G.edges() if u != v)
    rng = np.random.default_rng(seed)
    groups = sorted((sorted(c) for c in nx.community.label_propagation_communities(H)), key=lambda c: (-len(c), c[0]))
    group_of = np.empty(n, dtype=np.int64)
    for g, members in enumerate(groups):
        group_of[members] = g
    edges = np.array(sorted(H.edges()), dtype=np.int64).reshape(-1, 2)

    local = np.zeros((n, 2))
    radius = np.zeros(len(groups))
    same = group_of[edges[:, 0]] == group_of[edges[:, 1]] if len(edges) else np.zeros(0, dtype=bool)
    inner = edges[same]
    by_group: dict[int, list[tuple[int, int]]] = {}
    for u, v in inner.tolist():
        by_group.setdefault(int(group_of[u]), []).append((u, v))
    for g, members in enumerate(groups):
        m = len(members)
        where = {node: i for i, node in enumerate(members)}
        pairs = np.array([(where[u], where[v]) for u, v in by_group.get(g, ())], dtype=np.int64).reshape(-1, 2)
        pos = _spread(m, pairs, rng) if m <= 1500 else _spectral(H.subgraph(members), members)
        radius[g] = spacing * 0.75 * math.sqrt(m)
        local[members] = pos * radius[g]

    weights: dict[tuple[int, int], int] = {}
    for u, v in edges[~same].tolist() if len(edges) else []:
        a, b = sorted((int(group_of[u]), int(group_of[v])))
        weights[(a, b)] = weights.get((a, b), 0) + 1
    keys = sorted(weights)
    pairs = np.array(keys, dtype=np.int64).reshape(-1, 2)
    centre = _spread(len(groups), pairs, rng, weights=np.array([weights[k] for k in keys], dtype=float))
    centre *= spacing * math.sqrt(n) * 0.9
    centre = _separate(centre, radius + spacing)
    coords = local + centre[group_of]
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(nodes, coords)}


def _spread(n: int, pairs: np.ndarray, rng: np.random.Generator, weights: np.ndarray | None = None, iterations: int = 60) -> np.ndarray:
    """Dense Fruchterman–Reingold on ``n`` points; result centred within the unit disc."""
    if n == 1:
        return np.zeros((1, 2))
    pos = rng.random((n, 2)) - 0.5
    A = np.zeros((n, n))
    if len(pairs):
        w = weights if weights is not None else np.ones(len(pairs))
        A[pairs[:, 0], pairs[:, 1]] = w
        A[pairs[:, 1], pairs[:, 0]] = w
    k = math.sqrt(1.0 / n)
    t = 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.hypot(delta[..., 0], delta[..., 1])
        np.clip(dist, 0.01, None, out=dist)
        force = k * k / dist**2 - A * dist / k
        disp = np.einsum("ijk,ij->ik", delta, force)
        length = np.hypot(disp[:, 0], disp[:, 1])
        length[length < 0.01] = 0.1
        pos += disp * (t / length)[:, None]
        t -= dt
    pos -= pos.mean(axis=0)
    extent = np.hypot(pos[:, 0], pos[:, 1]).max()
    return pos / extent if extent > 0 else pos


def _spectral(H: nx.Graph, members: list[int]) -> np.ndarray:
    pos = nx.spectral_layout(H.subgraph(members))
    coords = np.array([pos[m] for m in members], dtype=float)
    coords -= coords.mean(axis=0)
    extent = np.hypot(coords[:, 0], coords[:, 1]).max()
    return coords / extent if extent > 0 else coords


def _separate(centre: np.ndarray, radius: np.ndarray, iterations: int = 80) -> np.ndarray:
    """Push apart circles (centre, radius) that overlap."""
    pos = centre.copy()
    n = len(pos)
    if n < 2:
        return pos
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.hypot(delta[..., 0], delta[..., 1])
        np.fill_diagonal(dist, np.inf)
        overlap = radius[:, None] + radius[None, :] - dist
        overlap[overlap < 0] = 0
        if not overlap.any():
            break
        dist[dist < 1e-6] = 1e-6
        push = np.einsum("ijk,ij->ik", delta, overlap / dist) * 0.5
        pos += push / np.maximum(1, (overlap > 0).sum(axis=1))[:, None]
    return pos


# ---------------------------------------------------------------------------------------------
# Assembly


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return resources.files("graph").joinpath("data").joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def _vis_asset(suffix: str) -> str:
    import pyvis

    folder = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    name = "vis-network.min.js" if suffix == "js" else "vis-network.css"
    text = (folder / name).read_text(encoding="utf-8")
    if suffix == "js":
        text = text.replace("//# sourceMappingURL=", "// sourceMappingURL removed: ")
    else:
        text = text.replace("/*# sourceMappingURL=", "/* sourceMappingURL removed: ")
    return text


def _json_for_script(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&``."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _assemble(title: str, data: dict[str, Any]) -> str:
    vis_js = _vis_asset("js")
    page_js = _asset("page.js")
    for script in (vis_js, page_js):
        if "</script" in script.lower():  # pragma: no cover - checked by the tests
            raise RuntimeError("an inline script contains </script")
    csp = (
        "default-src 'none'; "
        f"script-src {_hash(vis_js)} {_hash(page_js)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
        "form-action 'none'; base-uri 'none'"
    )
    values = {
        "TITLE": html_lib.escape(title),
        "CSP": html_lib.escape(csp),
        "VIS_CSS": _vis_asset("css"),
        "PAGE_CSS": _asset("page.css"),
        "DATA": _json_for_script(data),
        "VIS_JS": vis_js,
        "PAGE_JS": page_js,
    }
    return re.sub(r"@@([A-Z_]+)@@", lambda m: values[m.group(1)], _asset("page.html"))
