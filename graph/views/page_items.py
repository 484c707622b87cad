"""The page's node and edge items as JSON text, in two parts: what a node or edge says, and
where the page puts it.

A node's item holds what the notes say of it (labels, rating, links, topics...) and what the
page makes of the whole graph (its number, size, group and position). The first part, its
*fragment*, is a function of the node's attributes alone; a rebuild that keeps a node's
attributes keeps its fragment (:mod:`graph.views.page_patch`) and only writes the second part
again, which is a few numbers. Edges likewise: a fragment of the edge's key, relation and
evidence, and its colour, number and ends.

Fragments are JSON members (``"key":value`` joined by commas, keys sorted), escaped for a
``<script>`` element (no ``<``, ``>`` or ``&``); the item is the page's own members first
(``{"id":3,"size":26.0,"x":1.5,"y":-2.0,`` ...) then the fragment.

>>> [fragment] = node_fragments([("urn:a", {"type": "Paper", "label": "<b>A</b>", "rating": 8})])
>>> fragment
'"aliases":[],"group":"Paper","iri":"urn:a","label":"\\\\u003cb\\\\u003eA\\\\u003c/b\\\\u003e","name":"\\\\u003cb\\\\u003eA\\\\u003c/b\\\\u003e","rating":8,"topics":[]'
>>> node_item(0, fragment, size=26.0, position=(1.5, -2.0))[:40]
'{"id":0,"size":26.0,"x":1.5,"y":-2.0,"al'
"""

from __future__ import annotations

import json
import math
from typing import Any, Iterable
from urllib.parse import urlparse

__all__ = ["edge_fragments", "edge_items_of", "escape_for_script", "node_fragments", "node_item", "node_items_of",
           "node_size"]

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


def escape_for_script(text: str) -> str:
    """JSON text made safe inside ``<script type="application/json">``.

    >>> escape_for_script('"a<b>&c"')
    '"a\\\\u003cb\\\\u003e\\\\u0026c"'
    """
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _members_of_each(items: list[dict[str, Any]]) -> list[str]:
    """The escaped JSON members of each of ``items`` (flat dicts, none empty), encoded as one list.

    A JSON string writes each ``"`` as ``\\"``, so ``},{"`` is found only between two items.

    >>> _members_of_each([{"a": "},{\\"x\\":<"}, {"b": [1]}])
    ['"a":"},{\\\\"x\\\\":\\\\u003c"', '"b":[1]']
    """
    if not items:
        return []
    pieces = escape_for_script(_ENCODE(items))[2:-2].split('},{"')
    return [pieces[0]] + ['"' + piece for piece in pieces[1:]]


def is_number(value: Any) -> bool:
    """An int or float rating (2/3 is 6.67 out of 10), not a boolean."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def node_size(kind: str, rating: Any, degree: int) -> float:
    """A node's size on the page (and in GEXF): papers by rating, other nodes by degree.

    >>> node_size("Paper", 8, 3), node_size("Paper", None, 3), node_size("Technique", None, 16)
    (26.0, 9.0, 26.0)
    """
    if kind == "Paper":
        return round(10.0 + 2.0 * rating, 1) if is_number(rating) else 9.0
    return round(min(45.0, 10.0 + 4.0 * math.sqrt(degree)), 1)


def safe_url(url: Any) -> str | None:
    """An ``http(s)`` URL, else None: the page opens no other scheme.

    >>> safe_url("https://arxiv.org/abs/1"), safe_url("javascript:alert(1)")
    ('https://arxiv.org/abs/1', None)
    """
    if not url:
        return None
    text = str(url).strip()
    if text.startswith(("https://", "http://")):  # urlparse's scheme, without parsing the rest
        return text
    return text if urlparse(text).scheme in ("http", "https") else None


def _node_members(node: Any, attrs: dict[str, Any]) -> dict[str, Any]:
    label = str(attrs.get("label", node))
    item: dict[str, Any] = {"aliases": [str(a) for a in attrs.get("aliases", ())]}
    if attrs.get("comment"):
        item["comment"] = str(attrs["comment"])
    item["group"] = str(attrs.get("type", "Node"))
    item["iri"] = node
    item["label"] = str(attrs.get("short") or label)
    if is_number(attrs.get("line")):
        item["line"] = attrs["line"]
    item["name"] = label
    rating = attrs.get("rating")
    if is_number(rating):
        item["rating"] = rating
    if attrs.get("struck"):
        item["struck"] = True
    if attrs.get("tldr"):
        item["tldr"] = str(attrs["tldr"])
    item["topics"] = [str(t) for t in attrs.get("topics", ())]
    url = safe_url(attrs.get("url"))
    if url:
        item["url"] = url
    if attrs.get("verdict"):
        item["verdict"] = str(attrs["verdict"])
    return item


def node_fragments(nodes: Iterable[tuple[Any, dict[str, Any]]]) -> list[str]:
    """What each of many ``(node, attrs)`` says, as the escaped JSON members of its page item
    (one encoding and one escaping for all)."""
    return _members_of_each([_node_members(node, attrs) for node, attrs in nodes])


def _edge_members(key: Any, attrs: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {}
    for name in ("confidence", "evidence", "field"):
        if attrs.get(name):
            item[name] = str(attrs[name])
    item["key"] = str(key)
    item["label"] = str(attrs.get("relation", key))
    if isinstance(attrs.get("line"), int):
        item["line"] = attrs["line"]
    if attrs.get("rule"):
        item["rule"] = str(attrs["rule"])
    return item


def edge_fragments(edges: Iterable[tuple[Any, dict[str, Any]]]) -> list[str]:
    """What each of many ``(key, attrs)`` edges says, as the escaped JSON members of its page item.

    >>> edge_fragments([("uses", {"relation": "uses", "evidence": "a & b", "line": 3})])
    ['"evidence":"a \\\\u0026 b","key":"uses","label":"uses","line":3']"""
    return _members_of_each([_edge_members(key, attrs) for key, attrs in edges])


def node_item(index: int, fragment: str, *, size: float, position: tuple[float, float] | None = None,
              cluster: int | None = None, label_size: float | None = None) -> str:
    """A node's page item: its number, cluster, label size, size and position, then ``fragment``.

    >>> node_item(2, '"group":"Topic"', size=12.0, cluster=0, label_size=40.5)
    '{"cluster":0,"id":2,"labelSize":40.5,"size":12.0,"group":"Topic"}'
    """
    head = '{"cluster":%d,"id":%d' % (cluster, index) if cluster is not None else '{"id":%d' % index
    if label_size is not None:
        head += ',"labelSize":%r' % label_size
    head += ',"size":%r' % size
    if position is not None:
        head += ',"x":%r,"y":%r' % position
    return head + "," + fragment + "}"


def node_items_of(nodes: list[Any], fragments: list[str], sizes: list[float],
                  positions: dict[Any, tuple[float, float]], clusters: dict[Any, int] | None,
                  label_sizes: dict[Any, float]) -> list[str]:
    """:func:`node_item` of every node, in order (the page's nodes: tens of thousands).

    >>> node_items_of(["a", "b"], ['"group":"Paper"', '"group":"Topic"'], [9.0, 12.0], {"a": (0.0, 1.5)}, None, {"b": 20.0})
    ['{"id":0,"size":9.0,"x":0.0,"y":1.5,"group":"Paper"}', '{"id":1,"labelSize":20.0,"size":12.0,"group":"Topic"}']
    """
    if not label_sizes and len(positions) == len(nodes) and all(node in positions for node in nodes):
        # what a large page is: one format for all
        if clusters is not None:
            return ['{"cluster":%d,"id":%d,"size":%r,"x":%r,"y":%r,%s}' % (clusters[node], i, size, *positions[node], fragment)
                    for i, (node, fragment, size) in enumerate(zip(nodes, fragments, sizes))]
        return ['{"id":%d,"size":%r,"x":%r,"y":%r,%s}' % (i, size, *positions[node], fragment)
                for i, (node, fragment, size) in enumerate(zip(nodes, fragments, sizes))]
    return [node_item(i, fragment, size=size, position=positions.get(node),
                      cluster=clusters[node] if clusters is not None else None, label_size=label_sizes.get(node))
            for i, (node, fragment, size) in enumerate(zip(nodes, fragments, sizes))]


def edge_items_of(ends: list[tuple[str, int, int]], fragments: list[str], colours: dict[str, str]) -> list[str]:
    """Every edge's page item, in order: its colour (by its relation), ends and number, then its fragment.

    >>> edge_items_of([("uses", 0, 1)], ['"key":"uses","label":"uses"'], {"uses": "#59a14f"})
    ['{"color":"#59a14f","from":0,"id":0,"to":1,"key":"uses","label":"uses"}']
    """
    return ['{"color":"%s","from":%d,"id":%d,"to":%d,%s}' % (colours[relation], a, j, b, fragment)
            for j, ((relation, a, b), fragment) in enumerate(zip(ends, fragments))]
