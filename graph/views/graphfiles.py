"""Write the networkx graph as files other graph tools open: GraphML, GEXF, JSON, CSV.

* ``graphml`` — Gephi, Cytoscape, yEd: attributes are plain strings, numbers and booleans
  (``true``/``false`` as xsd:boolean has them; lists joined with ``"; "``, missing values left out);
* ``gexf`` — Gephi, same attributes, plus each node's colour, size and position as on the page
  (``viz:color``, ``viz:size``, ``viz:position``: Gephi opens on the page's picture) and each
  edge's relation as its label;
* ``json`` — node-link JSON for D3 (``{"nodes": [...], "links": [...]}``), lists kept as lists;
* ``csv`` — a folder with ``nodes.csv`` and ``edges.csv`` whose headers Neo4j's importer reads
  (``id:ID``, ``:LABEL``, ``:START_ID``, ``:END_ID``, ``:TYPE``, ``rating:float``, ``topics:string[]``
  with ``;`` between items)::

      neo4j-admin database import full --nodes=exports/csv/nodes.csv --relationships=exports/csv/edges.csv

Every file is written to a temporary name and renamed (the two CSV files together, see
:func:`graph.atomic.output_set`), so a failure leaves the old files intact, and the same graph
always gives the same bytes. GraphML and GEXF leave out the characters XML 1.0 cannot hold.

Usage::

    from graph import build
    from graph.views.graphfiles import write_graph_file
    write_graph_file(build(["notes/iccv2019.md"]).nx, "graphml", "exports/graph.graphml")

Examples
--------
>>> import tempfile, pathlib
>>> G = nx.MultiDiGraph()
>>> G.add_node("urn:a", type="Paper", label="A", topics=["GANs", "Losses"], aliases=[], struck=False)
>>> G.add_node("urn:b", type="Technique", label="B", topics=[], aliases=["bee"], struck=False)
>>> _ = G.add_edge("urn:a", "urn:b", key="uses", relation="uses", predicate="urn:uses", line=3)
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> [p.name for p in write_graph_file(G, "csv", folder / "csv")]
['nodes.csv', 'edges.csv']
>>> print((folder / "csv" / "edges.csv").read_text().splitlines()[0])
:START_ID,:END_ID,:TYPE,relation,predicate,evidence,rule,line:int,field
>>> H = nx.read_graphml(write_graph_file(G, "graphml", folder / "g.graphml")[0])
>>> H.nodes["urn:a"]["topics"]
'GANs; Losses'
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Union

import networkx as nx

from graph.atomic import output_set, write_output
from graph.errors import OutputNotWritable
from graph.views.xmltext import xml_text

__all__ = ["GRAPH_FORMATS", "write_graph_file", "graph_file_text", "flatten_graph"]

#: The formats :func:`write_graph_file` writes (``html`` is :func:`graph.views.page.write_page`).
GRAPH_FORMATS: tuple[str, ...] = ("graphml", "gexf", "json", "csv")

Output = Union[str, Path, IO[str]]

# Neo4j import columns: (attribute, header). Attributes not listed follow as plain strings.
_NODE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("label", "label"),
    ("short", "short"),
    ("rating", "rating:float"),  # 0–10; 6.67 for a 2/3
    ("url", "url"),
    ("tldr", "tldr"),
    ("comment", "comment"),
    ("topics", "topics:string[]"),
    ("aliases", "aliases:string[]"),
    ("line", "line:int"),
    ("struck", "struck:boolean"),
)
_EDGE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("relation", "relation"),
    ("predicate", "predicate"),
    ("evidence", "evidence"),
    ("rule", "rule"),
    ("line", "line:int"),
    ("field", "field"),
)


def write_graph_file(G: nx.MultiDiGraph, fmt: str, output: Output) -> list[Path]:
    """Write ``G`` as GraphML, GEXF, node-link JSON or Neo4j CSV.

    Parameters
    ----------
    G
        A graph from :func:`graph.views.network.to_networkx` (or any subgraph of one).
    fmt
        One of :data:`GRAPH_FORMATS`.
    output
        A file path (``graphml``, ``gexf``, ``json``), a folder path (``csv``: ``nodes.csv`` and
        ``edges.csv`` are written in it, the folder is created), or an open text stream such as
        ``sys.stdout`` (not for ``csv``).

    Returns
    -------
    list of Path
        The files written (empty when writing to a stream).

    Raises
    ------
    ValueError
        If ``fmt`` is not one of :data:`GRAPH_FORMATS`.
    OutputNotWritable
        If the output cannot be written, or ``csv`` is asked for on a stream.
    """
    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"unknown graph format {fmt!r}; choose from {', '.join(GRAPH_FORMATS)}")
    if fmt == "csv":
        if hasattr(output, "write"):
            raise OutputNotWritable("csv export writes nodes.csv and edges.csv: give a folder, not a stream")
        nodes_text, edges_text = _csv_texts(G)
        with output_set(Path(output)) as files:  # both files, or neither
            return [files.write_text("nodes.csv", nodes_text), files.write_text("edges.csv", edges_text)]
    return write_output(graph_file_text(G, fmt), output, example_name=f"graph.{fmt}")


def graph_file_text(G: nx.MultiDiGraph, fmt: str) -> str:
    """The text of ``G`` as ``graphml``, ``gexf`` or ``json`` (deterministic).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("urn:a", label="A", topics=["x", "y"])
    >>> print(graph_file_text(G, "json"))
    {"directed": true, "graph": {}, "links": [], "multigraph": true, "nodes": [{"id": "urn:a", "label": "A", "topics": ["x", "y"]}]}
    """
    writers: dict[str, Callable[[nx.MultiDiGraph], str]] = {
        "graphml": _graphml,
        "gexf": _gexf,
        "json": _json,
    }
    if fmt not in writers:
        raise ValueError(f"no single-file text for format {fmt!r}")
    return writers[fmt](G)


def flatten_graph(G: nx.MultiDiGraph, sep: str = "; ") -> nx.MultiDiGraph:
    """A copy of ``G`` whose attributes are only strings, numbers and booleans.

    Lists and tuples are joined with ``sep``, ``None`` values are dropped, anything else that
    is not a plain value becomes its string.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", topics=["x", "y"], url=None, rating=7)
    >>> flatten_graph(G).nodes["a"]
    {'topics': 'x; y', 'rating': 7}
    >>> G.add_node("b", rating=6.67)
    >>> flatten_graph(G).nodes["a"]["rating"]
    7.0
    """
    H: nx.MultiDiGraph[Any] = nx.MultiDiGraph()
    H.graph.update({k: _plain(v, sep) for k, v in G.graph.items() if v is not None})
    nodes = [(n, _plain_attrs(data, sep)) for n, data in G.nodes(data=True)]
    # A rating of 6.67 makes every rating a float: GraphML and GEXF declare one type per attribute.
    floats = {k for _, data in nodes for k, v in data.items() if isinstance(v, float)}
    for _, data in nodes:
        for k in floats & data.keys():
            if isinstance(data[k], int) and not isinstance(data[k], bool):
                data[k] = float(data[k])
    H.add_nodes_from(nodes)
    # networkx's stubs only know (u, v) and (u, v, data) edges, not a multigraph's (u, v, key, data)
    H.add_edges_from((u, v, k, _plain_attrs(data, sep)) for u, v, k, data in G.edges(keys=True, data=True))  # type: ignore[misc]
    return H


def _plain_attrs(data: dict[str, Any], sep: str) -> dict[str, Any]:
    return {k: _plain(v, sep) for k, v in data.items() if v is not None}


def _plain(value: Any, sep: str) -> Any:
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return sep.join(str(item) for item in items)
    return str(value)


def _xml_ready(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The flattened graph with its text cut to what XML 1.0 can hold."""
    H = flatten_graph(G)
    for data in [H.graph, *(d for _, d in H.nodes(data=True)), *(d for _, _, d in H.edges(data=True))]:
        for key, value in data.items():
            if isinstance(value, str):
                data[key] = xml_text(value)
    return H


def _graphml(G: nx.MultiDiGraph) -> str:
    text = "\n".join(nx.generate_graphml(_xml_ready(G))) + "\n"
    # networkx writes Python's True/False; xsd:boolean (which GraphML declares) is true/false
    booleans = re.findall(r'<key id="([^"]+)" for="[a-z]+" attr\.name="[^"]*" attr\.type="boolean"', text)
    for key in booleans:
        text = text.replace(f'<data key="{key}">True</data>', f'<data key="{key}">true</data>')
        text = text.replace(f'<data key="{key}">False</data>', f'<data key="{key}">false</data>')
    return text


def _gexf(G: nx.MultiDiGraph) -> str:
    from graph.views.layout import layout_positions
    from graph.views.page import TYPE_STYLES, node_size

    H = _xml_ready(G)
    positions = layout_positions(G)  # the page's layout: same graph, same seed
    for node, data in H.nodes(data=True):
        kind = str(G.nodes[node].get("type", ""))
        colour = TYPE_STYLES.get(kind, ("#888888", "dot"))[0]
        x, y = positions[node]
        data["viz"] = {
            "color": {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16), "a": 1.0},
            "size": node_size(kind, G.nodes[node].get("rating"), G.degree(node)),
            "position": {"x": x, "y": -y, "z": 0.0},  # the page's y grows downwards, Gephi's upwards
        }
    for _, _, key, data in H.edges(keys=True, data=True):
        data["label"] = str(data.get("relation", key))
    text = "\n".join(nx.generate_gexf(H)) + "\n"
    # networkx stamps today's date; leave it out so the same graph gives the same file.
    text = re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)
    # ... and writes the multigraph edge key as an attribute of its own: it is the relation again
    internal = re.search(r'\s*<attribute id="([^"]+)" title="networkx_key" type="string" />', text)
    if internal:
        text = text.replace(internal.group(0), "")
        text = re.sub(rf'\s*<attvalue for="{internal.group(1)}" value="[^"]*" />', "", text)
    return text


def _json(G: nx.MultiDiGraph) -> str:
    data = nx.node_link_data(G, edges="links")
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)


def _csv_texts(G: nx.MultiDiGraph) -> tuple[str, str]:
    node_extra = _extra_columns((d for _, d in G.nodes(data=True)), {"type", *dict(_NODE_COLUMNS)})
    edge_extra = _extra_columns((d for _, _, d in G.edges(data=True)), set(dict(_EDGE_COLUMNS)))
    nodes = io.StringIO()
    writer = csv.writer(nodes, lineterminator="\n")
    node_columns = _NODE_COLUMNS + tuple((name, name) for name in node_extra)
    writer.writerow(["id:ID", ":LABEL", *(header for _, header in node_columns)])
    for node, data in G.nodes(data=True):
        writer.writerow([node, data.get("type", "Node"), *(_cell(data.get(name)) for name, _ in node_columns)])
    edges = io.StringIO()
    writer = csv.writer(edges, lineterminator="\n")
    edge_columns = _EDGE_COLUMNS + tuple((name, name) for name in edge_extra)
    writer.writerow([":START_ID", ":END_ID", ":TYPE", *(header for _, header in edge_columns)])
    for u, v, key, data in G.edges(keys=True, data=True):
        writer.writerow([u, v, key, *(_cell(data.get(name)) for name, _ in edge_columns)])
    return nodes.getvalue(), edges.getvalue()


def _extra_columns(rows: Iterable[dict[str, Any]], known: set[str]) -> list[str]:
    extra: set[str] = set()
    for data in rows:
        extra.update(k for k in data if k not in known)
    return sorted(extra)


def _cell(value: Any) -> str:
    """A CSV cell: empty for missing, ``true``/``false``, ``;`` between array items."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, set, frozenset)):
        return ";".join(str(item).replace(";", ",") for item in value)
    return str(value)
