"""A directed multigraph in plain Python: what the page reads of a networkx ``MultiDiGraph``.

networkx takes a tenth of a second to import, as long as the rest of a small build. The page
(:mod:`graph.views.page`, its layout and overview) reads a graph through a few calls only —
``G.nodes[n]``, ``G.nodes(data=...)``, ``G.edges(keys=..., data=...)``, ``G.degree(n)``,
iteration and ``len`` — so a build draws its page from this class, made by the same projection
(:func:`graph.views.projection.project`), and networkx is imported only where a real networkx
graph is asked for (:meth:`PlainNetwork.to_networkx`; ``kg.nx``, the analyses, the exports).

Nodes and edges are kept as networkx keeps them (node -> successor -> key -> attributes, in
insertion order), so both iterate in the same order and a page drawn from either is the same.

>>> G = PlainNetwork()
>>> G.add_node("p", type="Paper"); G.add_node("t", type="Topic")
>>> G.add_edge("p", "t", key="subject", relation="in topic")
'subject'
>>> list(G), len(G), G.nodes["p"], G.degree("t")
(['p', 't'], 2, {'type': 'Paper'}, 1)
>>> list(G.edges(keys=True, data=True))
[('p', 't', 'subject', {'relation': 'in topic'})]
>>> list(G.nodes(data="type"))
[('p', 'Paper'), ('t', 'Topic')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Hashable, Iterable, Iterator

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["PlainNetwork"]


class _NodeView:
    """``G.nodes``: ``G.nodes[n]`` is a node's attributes; ``G.nodes(data=...)`` iterates."""

    def __init__(self, attrs: dict[Hashable, dict[str, Any]]):
        self._attrs = attrs

    def __getitem__(self, node: Hashable) -> dict[str, Any]:
        return self._attrs[node]

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._attrs)

    def __len__(self) -> int:
        return len(self._attrs)

    def __contains__(self, node: object) -> bool:
        return node in self._attrs

    def __call__(self, data: bool | str = False, default: Any = None) -> Iterator[Any]:
        if data is True:
            return iter(self._attrs.items())
        if data is False:
            return iter(self._attrs)
        return ((node, attrs.get(data, default)) for node, attrs in self._attrs.items())


class PlainNetwork:
    """A directed multigraph with networkx's ``MultiDiGraph`` reading interface (see the module)."""

    def __init__(self) -> None:
        self._node: dict[Hashable, dict[str, Any]] = {}
        self._succ: dict[Hashable, dict[Hashable, dict[Any, dict[str, Any]]]] = {}
        self._degree: dict[Hashable, int] = {}
        self.graph: dict[str, Any] = {}
        self.nodes = _NodeView(self._node)

    @classmethod
    def of_items(cls, nodes: Iterable[tuple[Hashable, dict[str, Any]]],
                 edges: Iterable[tuple[Hashable, Hashable, Any, dict[str, Any]]]) -> PlainNetwork:
        """The network of ``(node, attrs)`` and ``(u, v, key, attrs)`` items, the edges between
        those nodes, each once and in networkx's order (the order of ``u`` among the nodes, then
        of ``v`` among ``u``'s successors, then of keys): a network to read, not to change, kept
        as a list of its edges (walked faster than networkx's dicts). The attribute dicts are
        taken over, not copied; edges may share one.

        >>> G = PlainNetwork.of_items([("a", {}), ("b", {})], [("a", "b", "uses", {"relation": "uses"})])
        >>> list(G.edges(keys=True, data=True)), G.degree("a"), G.number_of_edges()
        ([('a', 'b', 'uses', {'relation': 'uses'})], 1, 1)
        """
        return _EdgeList(dict(nodes), list(edges))

    def add_node(self, node: Hashable, **attrs: Any) -> None:
        """Add ``node`` (or update its attributes)."""
        if node not in self._node:
            self._node[node] = {}
            self._succ[node] = {}
            self._degree[node] = 0
        self._node[node].update(attrs)

    def add_edge(self, u: Hashable, v: Hashable, key: Any = None, **attrs: Any) -> Any:
        """Add the edge ``u -> v`` with ``key`` (or update its attributes); returns the key.

        Unlike networkx no key is chosen for ``key=None``: the projection always gives one.
        """
        for node in (u, v):
            if node not in self._node:
                self.add_node(node)
        keys = self._succ[u].setdefault(v, {})
        if key not in keys:
            keys[key] = {}
            self._degree[u] += 1
            self._degree[v] += 1
        keys[key].update(attrs)
        return key

    def add_node_attrs(self, node: Hashable, attrs: dict[str, Any]) -> None:
        """Add a new ``node`` whose attributes are ``attrs`` (taken over, not copied): the
        projection's fast path for :meth:`add_node`."""
        self._node[node] = attrs
        self._succ[node] = {}
        self._degree[node] = 0

    def add_edge_attrs(self, u: Hashable, v: Hashable, key: Any, attrs: dict[str, Any]) -> None:
        """Add the edge ``u -> v`` with ``key`` between nodes already added, its attributes
        ``attrs`` (taken over): the projection's fast path for :meth:`add_edge`.

        >>> G = PlainNetwork(); G.add_node_attrs("a", {}); G.add_node_attrs("b", {})
        >>> G.add_edge_attrs("a", "b", "uses", {"relation": "uses"})
        >>> list(G.edges(keys=True, data=True)), G.degree("b")
        ([('a', 'b', 'uses', {'relation': 'uses'})], 1)
        """
        keys = self._succ[u].setdefault(v, {})
        if key in keys:
            keys[key].update(attrs)
            return
        keys[key] = attrs
        self._degree[u] += 1
        self._degree[v] += 1

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._node)

    def __len__(self) -> int:
        return len(self._node)

    def __contains__(self, node: object) -> bool:
        return node in self._node

    def is_multigraph(self) -> bool:
        return True

    def is_directed(self) -> bool:
        return True

    def number_of_nodes(self) -> int:
        return len(self._node)

    def number_of_edges(self) -> int:
        return sum(len(keys) for succ in self._succ.values() for keys in succ.values())

    def degree(self, node: Hashable) -> int:
        """Edges in and out of ``node``, each counted (as networkx's ``MultiDiGraph.degree``)."""
        return self._degree[node]

    def edges(self, keys: bool = False, data: bool = False) -> Iterator[tuple[Any, ...]]:
        """``(u, v)``, with the key and the attributes when asked, in networkx's order."""
        # one generator per kind, no test per edge: the page walks every edge several times
        succ = self._succ
        if keys and data:
            return ((u, v, key, attrs) for u, out in succ.items() for v, by_key in out.items()
                    for key, attrs in by_key.items())
        if keys:
            return ((u, v, key) for u, out in succ.items() for v, by_key in out.items() for key in by_key)
        if data:
            return ((u, v, attrs) for u, out in succ.items() for v, by_key in out.items()
                    for attrs in by_key.values())
        return ((u, v) for u, out in succ.items() for v, by_key in out.items() for _ in by_key)

    def to_networkx(self) -> nx.MultiDiGraph:
        """The same graph as a networkx ``MultiDiGraph`` (same order of nodes, edges, attributes).

        >>> G = PlainNetwork(); G.add_node("a", label="A"); _ = G.add_edge("a", "b", key="uses")
        >>> H = G.to_networkx()
        >>> list(H.nodes(data=True)), list(H.edges(keys=True))
        ([('a', {'label': 'A'}), ('b', {})], [('a', 'b', 'uses')])
        """
        import networkx as nx

        G: nx.MultiDiGraph[Any] = nx.MultiDiGraph()
        G.graph.update(self.graph)
        G.add_nodes_from(self._node.items())
        G.add_edges_from(self.edges(keys=True, data=True))
        return G


class _EdgeList(PlainNetwork):
    """A :class:`PlainNetwork` kept as its nodes' attributes and a list of its edges, to read
    (:meth:`PlainNetwork.of_items`)."""

    def __init__(self, nodes: dict[Hashable, dict[str, Any]], edges: list[tuple[Hashable, Hashable, Any, dict[str, Any]]]):
        super().__init__()
        self._node = nodes
        self.nodes = _NodeView(nodes)
        self._edge_list = edges
        degree = self._degree = dict.fromkeys(nodes, 0)
        for u, v, _, _ in edges:
            degree[u] += 1
            degree[v] += 1
        self._succ = {}  # unused: the edges are the list

    def add_node(self, node: Hashable, **attrs: Any) -> None:
        raise TypeError("a network made of items is read, not changed")

    add_edge = add_node_attrs = add_edge_attrs = add_node  # type: ignore[assignment]

    def number_of_edges(self) -> int:
        return len(self._edge_list)

    def edges(self, keys: bool = False, data: bool = False) -> Iterator[tuple[Any, ...]]:
        edges = self._edge_list
        if keys and data:
            return iter(edges)
        if keys:
            return ((u, v, key) for u, v, key, _ in edges)
        if data:
            return ((u, v, attrs) for u, v, _, attrs in edges)
        return ((u, v) for u, v, _, _ in edges)
