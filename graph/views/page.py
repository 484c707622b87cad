"""The interactive HTML page: one self-contained file that makes no network request.

The page is a vis-network view (the library pyvis wraps) of the networkx projection. pyvis's
``Network`` sets the vis options; the node and edge lists are built here in one pass (pyvis's
``add_node``/``add_edge`` scan lists and get quadratic), and the page is pyvis-free at run time:
vis-network's script and stylesheet are copied inline from the installed pyvis package next to
``data/page.html``, ``data/page.css`` and ``data/page.js`` (search, filters, legend, details).
A Content-Security-Policy allows only those inline scripts (by hash) and no connection at all.

All note text travels as JSON data and is put in the page with ``textContent``: a note holding
``<img src=x onerror=alert(1)>`` shows as those characters. Links open only ``http(s)`` URLs.

Positions come seeded from :func:`graph.views.layout.layout_positions` (papers grouped by topic,
each group in its own region) and are final: vis-network's physics stays off, so the page is
ready as soon as it is drawn. Topics and the most connected nodes get labels sized to be read
at the scale "Fit" shows (:data:`LABELLED_HUBS`); other labels appear as one zooms in, and edge
labels only when zoomed in far or on the selected node's edges.

Usage::

    from graph import build
    from graph.views.page import write_page
    kg = build(["notes/iccv2019.md"])
    write_page(kg.nx, "exports/graph.html")                                  # the whole graph
    write_page(kg.nx, "exports/gated.html", focus="Gated-SCNN", depth=2, names=kg.rdf)
    write_page(kg.nx, "exports/gans.html", topic="GANs", min_rating=8)

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("urn:a", type="Paper", label="<b>A</b>", short="A", rating=7, topics=[], aliases=[])
>>> html = render_page(G)
>>> "<b>A</b>" in html, "\\\\u003cb\\\\u003eA" in html
(False, True)
>>> render_page(G) == html
True
"""

from __future__ import annotations

import binascii
import hashlib
import html as html_lib
import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, MutableMapping, Union

from graph.atomic import write_output
from graph.domain import CONFIDENCE_LEVELS, NODE_TYPES, TOPIC_TYPES
from graph.errors import UnknownName
from graph.views.layout import layout_groups, layout_positions
from graph.views.overview import LABELLED_HUBS, OVERVIEW_NODES, fit_label_sizes, overview_clusters
from graph.views.page_items import edge_fragments, edge_items_of, escape_for_script, node_fragments, node_items_of, node_size
from graph.views.plain_network import PlainNetwork

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

    Network = Union[nx.MultiDiGraph, PlainNetwork]

# A build's page reads a PlainNetwork: no networkx (0.1 s to import) and no rdflib here. The
# focused views and name lookups, which need them, import them when asked for.

__all__ = [
    "LABELLED_HUBS",
    "OVERVIEW_NODES",
    "TYPE_STYLES",
    "node_size",
    "render_page",
    "write_page",
]

#: Above this many nodes edges are straight and hidden while dragging or zooming (drawing speed).
LARGE_PAGE = 1000

#: Labels smaller than this on screen (pixels) are not drawn: the rest appear as one zooms in.
_LABEL_THRESHOLD_PX = 7.0
#: The page's own files (page.html, page.js, page.css), shipped with the code.
_DATA = Path(__file__).parent.parent / "data"

#: Colour and vis-network shape of each node type (the legend shows the same), from the domain table.
TYPE_STYLES: dict[str, tuple[str, str]] = {
    t.name: (t.colour, t.shape) for t in NODE_TYPES if t.colour is not None and t.shape is not None
}
_OTHER_STYLE = ("#888888", "dot")
_RELATION_PALETTE = ("#59a14f", "#e15759", "#edc948", "#b07aa1", "#ff9da7", "#4e79a7", "#76b7b2", "#9c755f")
_STRUCTURAL_COLOURS = {"in topic": "#c7c7c7", "broader": "#f5b87a", "related": "#d4b0cc", "same as": "#7f7f7f"}

Output = Union[str, Path, IO[str]]


def write_page(
    G: Network,
    output: Output,
    *,
    focus: str | None = None,
    depth: int = 2,
    topic: str | None = None,
    min_rating: int | None = None,
    title: str | None = None,
    seed: int = 0,
    names: Graph | None = None,
) -> list[Path]:
    """Write the interactive HTML page of ``G`` (atomically: temp file, then rename).

    Parameters
    ----------
    G
        The networkx view of a graph (:func:`graph.views.network.to_networkx`, ``kg.nx``).
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
    names
        The RDF graph ``G`` was made from, to resolve ``focus`` and ``topic`` as ``notekg show``
        does (arXiv ids too); without it they are resolved on ``G``'s labels and aliases.

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
        G, focus=focus, depth=depth, topic=topic, min_rating=min_rating, title=title, seed=seed, names=names
    )
    return write_output(text, output, example_name="graph.html")


def render_page(
    G: Network,
    *,
    focus: str | None = None,
    depth: int = 2,
    topic: str | None = None,
    min_rating: int | None = None,
    title: str | None = None,
    seed: int = 0,
    names: Graph | None = None,
    layout_memo: MutableMapping[str, Any] | None = None,
    parts: PageParts | None = None,
) -> str:
    """The page as a string; see :func:`write_page` for the parameters.

    ``layout_memo`` keeps the positions of each layout group (see
    :func:`graph.views.layout.layout_positions`): a rebuild lays out only the groups that changed.
    ``parts`` are the fragments of ``G``'s page items (:func:`page_parts`), when kept from the
    last build (:mod:`graph.page_cache`); ``G`` then needs only each node's type, label and
    rating and each edge's relation and confidence.
    """
    depth = 2 if depth is None else depth
    if depth < 0:
        raise ValueError("depth must be 0 or more")
    if (focus, topic, min_rating) != (None, None, None):
        return _render_focused(G.to_networkx() if isinstance(G, PlainNetwork) else G, focus=focus, depth=depth,
                               topic=topic, min_rating=min_rating, title=title, seed=seed, names=names,
                               layout_memo=layout_memo)
    return "".join(_render(G, seed=seed, title=title, subtitle="", layout_memo=layout_memo, parts=parts))


def page_chunks(G: Network, *, layout_memo: MutableMapping[str, Any] | None = None,
                parts: PageParts | None = None) -> list[str]:
    """The page of the whole of ``G`` (:func:`render_page`'s text) in pieces, as a build writes
    it: a large page is not copied into one string first."""
    return _render(G, seed=0, title=None, subtitle="", layout_memo=layout_memo, parts=parts)


def _render_focused(
    G: nx.MultiDiGraph,
    *,
    focus: str | None,
    depth: int,
    topic: str | None,
    min_rating: int | None,
    title: str | None,
    seed: int,
    names: Graph | None,
    layout_memo: MutableMapping[str, Any] | None,
) -> str:
    """The page of a part of ``G`` (names and focused views are looked up in networkx's graph)."""
    focus_id = _resolve(G, focus, names) if focus is not None else None
    topic_id = _resolve(G, topic, names, prefer=TOPIC_TYPES) if topic is not None else None
    if topic_id is not None and G.nodes[topic_id].get("type") not in TOPIC_TYPES:
        data = G.nodes[topic_id]
        raise UnknownName(f"{data.get('label', topic)!r} is a {data.get('type', 'node')}, not a topic")
    view = G
    if focus_id is not None or topic_id is not None or min_rating is not None:
        from graph.views.network import select_subgraph

        view = select_subgraph(G, focus=focus_id, depth=depth, topic=topic_id, min_rating=min_rating)
    parts = []
    if focus_id is not None:
        parts.append(f"around {G.nodes[focus_id].get('label', focus)} ({depth} hops)")
    if topic_id is not None:
        parts.append(f"topic {G.nodes[topic_id].get('label', topic)}")
    if min_rating is not None:
        parts.append(f"papers rated {min_rating}+")
    return "".join(_render(view, focus=focus_id, seed=seed, title=title, subtitle=", ".join(parts),
                           layout_memo=layout_memo))


def _render(view: Network, *, focus: str | None = None, seed: int, title: str | None, subtitle: str,
            layout_memo: MutableMapping[str, Any] | None = None, parts: PageParts | None = None) -> list[str]:
    heading = title or "notekg"
    data = _page_data(view, focus=focus, seed=seed, memo=layout_memo, parts=parts)
    data["title"] = heading
    data["subtitle"] = subtitle
    full_title = heading + (f" — {subtitle}" if subtitle else "")
    return _assemble(full_title, data)


def _resolve(G: nx.MultiDiGraph, name: str, names: Graph | None, prefer: frozenset[str] = frozenset()) -> str:
    from graph.views.resolve import node_in_view, resolve_name

    if names is not None:
        return node_in_view(names, G, name, prefer)
    return resolve_name(G, name, prefer)


# ---------------------------------------------------------------------------------------------
# Data


def _page_data(G: Network, *, focus: str | None, seed: int,
               memo: MutableMapping[str, Any] | None = None, parts: PageParts | None = None) -> dict[str, Any]:
    """Node and edge lists for vis-network plus what the legend and filters need: O(N + E).

    The nodes and edges go in as JSON text (:mod:`graph.views.page_items`): each item's
    fragment, what its attributes say, comes from ``parts`` when given (kept from the last
    build, :mod:`graph.views.page_patch`), else from ``G``'s attributes; the rest of each item,
    its number, size, place and colour, is made here for every item.
    """
    nodes_in_order = list(G)
    index = {node: i for i, node in enumerate(nodes_in_order)}
    large = len(index) > LARGE_PAGE
    groups = layout_groups(G, seed=seed)
    positions = layout_positions(G, seed=seed, groups=groups, memo=memo)
    overview = len(index) > OVERVIEW_NODES
    big_labels = {} if overview else fit_label_sizes(G, positions)
    if parts is None:
        parts = page_parts(G)

    type_counts: dict[str, int] = {}
    sizes = []
    degree = G.degree
    size_of: dict[tuple[bool, type, Any], float] = {}  # a paper's size by its rating, another's by its degree
    for node, attrs in G.nodes(data=True):
        kind = str(attrs.get("type", "Node"))
        type_counts[kind] = type_counts.get(kind, 0) + 1
        paper = kind == "Paper"
        measure: Any = attrs.get("rating") if paper else degree(node)
        size = size_of.get((paper, type(measure), measure))
        if size is None:
            size = size_of[(paper, type(measure), measure)] = (
                node_size(kind, measure, 0) if paper else node_size(kind, None, measure))
        sizes.append(size)
    node_items = node_items_of(nodes_in_order, parts.nodes, sizes, positions,
                               groups if overview else None, big_labels)

    relation_counts: dict[str, int] = {}
    confidence_counts: dict[str, int] = {}
    ends = []
    for u, v, key, attrs in G.edges(keys=True, data=True):
        relation = attrs.get("relation", key)
        relation_counts[relation] = relation_counts.get(relation, 0) + 1
        ends.append((relation, index[u], index[v]))
        confidence = attrs.get("confidence")
        if confidence:
            confidence_counts[confidence] = confidence_counts.get(confidence, 0) + 1
    relation_colour = _relation_colours(relation_counts)
    edge_items = edge_items_of(ends, parts.edges, relation_colour)
    type_order = [t for t in TYPE_STYLES if t in type_counts] + sorted(set(type_counts) - set(TYPE_STYLES))
    types = [
        {"name": t, "color": TYPE_STYLES.get(t, _OTHER_STYLE)[0], "shape": TYPE_STYLES.get(t, _OTHER_STYLE)[1], "count": type_counts[t]}
        for t in type_order
    ]
    relations = [
        {"name": r, "color": relation_colour[r], "count": relation_counts[r]} for r in _relation_order(relation_counts)
    ]
    return {
        "clusters": overview_clusters(G, index, groups, positions) if overview else None,
        "nodes": _RawJSON(["[", ",".join(node_items), "]"]),
        "edges": _RawJSON(["[", ",".join(edge_items), "]"]),
        "types": types,
        "relations": relations,
        # How firmly the notes say an edge: drawn solid, dashed, dotted; each a filter.
        "confidences": [{"name": c, "count": confidence_counts[c]} for c in CONFIDENCE_LEVELS
                        if confidence_counts.get(c)],
        "topics": _topic_options(G, index),
        "options": _vis_options(types, large=large, seed=seed),
        "focus": index[focus] if focus is not None and focus in index else None,
    }


class PageParts:
    """What the page's items say of each node and edge of a network, as JSON fragments
    (:mod:`graph.views.page_items`), in the network's order of nodes and of edges."""

    __slots__ = ("nodes", "edges")

    def __init__(self, nodes: list[str], edges: list[str]):
        self.nodes = nodes
        self.edges = edges


def page_parts(G: Network) -> PageParts:
    """The :class:`PageParts` of ``G``, made from its attributes."""
    return PageParts(node_fragments(G.nodes(data=True)),
                     edge_fragments((key, attrs) for _, _, key, attrs in G.edges(keys=True, data=True)))


class _RawJSON(list[str]):
    """JSON text already escaped for the page, in pieces, put in as it is (:func:`_json_for_script`)."""


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


def _topic_options(G: Network, index: dict[str, int]) -> list[list[Any]]:
    """Topics for the filter menu as ``[id, label, depth]``, in tree order."""
    topics = [n for n, kind in G.nodes(data="type") if kind in TOPIC_TYPES]
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


def _vis_options(types: list[dict[str, Any]], *, large: bool, seed: int) -> dict[str, Any]:
    """vis-network options for this page.

    pyvis's ``Network`` would give only its interaction defaults here (the rest is set below),
    and importing it loads IPython and jinja2 (a quarter of a second): they are written out,
    and a test checks them against pyvis's.
    """
    options: dict[str, Any] = {
        "interaction": {"dragNodes": True, "hideEdgesOnDrag": large, "hideNodesOnDrag": False},
        # the Python layout is final
        "physics": {"enabled": False, "stabilization": {"enabled": False}},
    }
    options["edges"] = {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "color": {"inherit": False},
        # an edge label is drawn when it would be 16 px on screen (zoomed in 1.6x); page.js draws
        # the selected node's edge labels at any scale
        "font": {"size": 10, "color": "#555555", "strokeWidth": 3, "align": "middle"},
        "scaling": {"label": {"drawThreshold": 17}},
        "smooth": {"enabled": not large, "type": "continuous"},
        "width": 1,
        "selectionWidth": 2,
    }
    options["nodes"] = {
        "borderWidth": 1,
        "font": {"size": 13, "face": "sans-serif", "color": "#222222", "strokeWidth": 3, "strokeColor": "#ffffff"},
        "scaling": {"label": {"drawThreshold": _LABEL_THRESHOLD_PX + 1, "maxVisible": 26}},
    }
    options["groups"] = {t["name"]: {"color": t["color"], "shape": t["shape"]} for t in types}
    # the overview's groups (page.js): a pale disc, its label below
    options["groups"]["Cluster"] = {
        "color": {"background": "#c9d7ea", "border": "#7f9cc4"}, "shape": "dot", "font": {"size": 14}
    }
    options["layout"] = {"randomSeed": seed, "improvedLayout": False}
    options["interaction"].update({"hover": True, "tooltipDelay": 120, "hideEdgesOnZoom": large, "multiselect": False})
    return options


# ---------------------------------------------------------------------------------------------
# Assembly


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    # beside the code, as the cue files are read (importlib.resources and its readers: 3 ms to load)
    return (_DATA / name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def _vis_asset(suffix: str) -> str:
    # the vis-network pyvis ships, found without importing pyvis (see _vis_options)
    spec = importlib.util.find_spec("pyvis")
    assert spec is not None and spec.submodule_search_locations
    folder = Path(list(spec.submodule_search_locations)[0]) / "lib" / "vis-9.1.2"
    name = "vis-network.min.js" if suffix == "js" else "vis-network.css"
    text = (folder / name).read_text(encoding="utf-8")
    if suffix == "js":
        text = text.replace("//# sourceMappingURL=", "// sourceMappingURL removed: ")
    else:
        text = text.replace("/*# sourceMappingURL=", "/* sourceMappingURL removed: ")
    return text


def _json_for_script(data: dict[str, Any]) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&``.

    Keys are sorted; a part made as escaped JSON text already (:class:`_RawJSON`, the nodes and
    edges) goes in as it is.

    >>> print(_json_for_script({"title": "a<b", "nodes": _RawJSON(['[{"id":0}]']), "options": {"b": 1, "a": 2}}))
    {"nodes":[{"id":0}],"options":{"a":2,"b":1},"title":"a\\u003cb"}
    """
    return "".join(_json_chunks(data))


def _json_chunks(data: dict[str, Any]) -> list[str]:
    """:func:`_json_for_script` in pieces (the nodes' and edges' text is not copied)."""
    chunks = ["{"]
    for i, key in enumerate(sorted(data)):
        chunks.append(("," if i else "") + json.dumps(key, ensure_ascii=False) + ":")
        value = data[key]
        if isinstance(value, _RawJSON):
            chunks.extend(value)
        else:
            chunks.append(escape_for_script(json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))))
    chunks.append("}")
    return chunks


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + binascii.b2a_base64(digest, newline=False).decode("ascii") + "'"


@lru_cache(maxsize=None)
def _scripts() -> tuple[str, str, str]:
    """vis-network, page.js and the page's content security policy allowing just them
    (checked and hashed once: vis-network is 0.5 MB)."""
    vis_js = _vis_asset("js")
    page_js = _asset("page.js")
    for script in (vis_js, page_js):
        # ASCII letters in any case, as an HTML parser ends a script (what .lower() finds, without
        # copying half a megabyte)
        if re.search("</script", script, re.IGNORECASE | re.ASCII):  # pragma: no cover - checked by the tests
            raise RuntimeError("an inline script contains </script")
    csp = (
        "default-src 'none'; "
        f"script-src {_hash(vis_js)} {_hash(page_js)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
        "form-action 'none'; base-uri 'none'"
    )
    return vis_js, page_js, csp


def _assemble(title: str, data: dict[str, Any]) -> list[str]:
    """The page's HTML in pieces: the template with its ``@@NAME@@`` places filled."""
    vis_js, page_js, csp = _scripts()
    values: dict[str, list[str]] = {
        "TITLE": [html_lib.escape(title)],
        "CSP": [html_lib.escape(csp)],
        "VIS_CSS": [_vis_asset("css")],
        "PAGE_CSS": [_asset("page.css")],
        "DATA": _json_chunks(data),
        "VIS_JS": [vis_js],
        "PAGE_JS": [page_js],
    }
    chunks: list[str] = []
    for i, piece in enumerate(_TEMPLATE_PLACE.split(_asset("page.html"))):
        if i % 2:
            chunks.extend(values[piece])
        elif piece:
            chunks.append(piece)
    return chunks


_TEMPLATE_PLACE = re.compile(r"@@([A-Z_]+)@@")
