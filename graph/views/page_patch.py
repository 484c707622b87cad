"""The page's network and item fragments of a rebuild, patched from the last build's.

A build's page is the projection of the whole graph (:mod:`graph.views.projection`), merged
from each named graph's :class:`~graph.views.projection.Share`. When one notes file changes,
only its graph's share changes, and with it a few nodes and edges; yet projecting the merged
shares again, and writing every node's and edge's item, is most of a rebuild's time on a large
vault. So a build keeps a :class:`PageState`: each node's type, label, rating and item fragment
(:mod:`graph.views.page_items`), each edge's, and which named graphs say what (who *owns* each
subject, edge and evidence statement). A rebuild then reads the changed graphs' old and new
shares only and works out:

* the subjects they name: each is merged again from the graphs that name it now (the shares of
  unchanged graphs are read only when they name one too) and projected as the projection
  would; its node appears, goes or gets a new fragment;
* the edges they name, or whose evidence they hold, and the edges of nodes that appear or go:
  each is kept, dropped or given a new fragment.

The result is the network's skeleton (each node's type, label and rating, each edge's relation
and confidence: what the layout, the overview and the legend read) with every fragment, in the
projection's order, so the page made from it is byte for byte the page of a build without the
cache. What a patch cannot be sure of, it leaves to the projection (:func:`patch` returns None):
a changed label that another graph's paper names as its topic, a changed relation label,
statements whose parts are spread over graphs, or many graphs changed at once.

Examples
--------
>>> from graph.views.network import nquads_share
>>> T = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
>>> topic = f'<urn:t> {T} <https://w3id.org/notekg/vocab#Topic> <urn:a> .\\n'
>>> paper = (f'<urn:p> {T} <https://w3id.org/notekg/vocab#Paper> <urn:b> .\\n'
...          '<urn:p> <http://purl.org/dc/terms/subject> <urn:t> <urn:b> .\\n')
>>> shares = {"<urn:a>": nquads_share(topic), "<urn:b>": nquads_share(paper)}
>>> G, parts, state = full({g: shares[g] for g in shares}, {"<urn:a>": "k1", "<urn:b>": "k2"})
>>> list(G.edges(keys=True))
[('urn:p', 'urn:t', 'subject')]
>>> again = {"<urn:a>": nquads_share(topic), "<urn:b>": nquads_share(paper.replace("urn:p", "urn:q"))}
>>> old = {"<urn:b>": nquads_share(paper)}
>>> G2, parts2 = patch(state, {"<urn:a>": "k1", "<urn:b>": "k3"}, old, {"<urn:b>": again["<urn:b>"]}, lambda g: None)
>>> list(G2.edges(keys=True)), state.graphs["<urn:b>"]
([('urn:q', 'urn:t', 'subject')], 'k3')
"""

from __future__ import annotations

from typing import Any, Callable
from zlib import crc32

from graph.domain import RELATION, most_specific
from graph.views.page_items import edge_fragments, node_fragments
from graph.views.plain_network import PlainNetwork
from graph.views.projection import (
    _CLASSES,
    _IN_TOPIC,
    _LABEL,
    _first,
    _RELATIONS,
    STRUCTURAL,
    Share,
    _is_evidence,
    _local_name,
    _node_attrs,
    _node_label,
    evidence_attrs,
    evidence_candidate,
    merge_shares,
    project_share,
)

__all__ = ["PageState", "full", "patch", "worth_patching"]

#: A patch is tried when at most this share of the named graphs changed (and at least 2 may).
_MOST_CHANGED = 0.25

Triple = tuple[str, str, str]
Owners = Any  # a graph's name, or a sorted tuple of several


class PageState:
    """What the last page was made of: enough to patch it (see the module).

    ``nodes`` maps each node, in the page's order, to ``(type, label, rating, fragment)``;
    ``edges`` each edge ``(u, v, key)``, in order, to ``(predicate, relation, confidence,
    fragment)``; ``loose`` holds the triples of an edge predicate whose ends are not both nodes
    (they become edges when their ends do). ``owners``, ``edge_owners`` and ``evidence_owners``
    map each subject, each edge ``(s, p, o)`` and each ``(s, p, o)`` that evidence statements
    are about to the named graph (or sorted tuple of graphs) that says it, by a 40-bit digest of
    it (:func:`_digest`: two things that share one share its owners, so a lookup may name a graph
    too many, never one too few, and what a graph says is checked in its share). ``graphs`` maps
    each named graph to its share's key. Plain data only, so the page cache keeps it as it
    keeps shares.
    """

    __slots__ = ("graphs", "nodes", "edges", "loose", "owners", "edge_owners", "evidence_owners", "relation_labels")

    def __init__(self) -> None:
        self.graphs: dict[str, str] = {}
        self.nodes: dict[str, tuple[str, str, Any, str]] = {}
        self.edges: dict[Triple, tuple[str, str, Any, str]] = {}
        self.loose: set[Triple] = set()
        self.owners: dict[int, Owners] = {}
        self.edge_owners: dict[int, Owners] = {}
        self.evidence_owners: dict[int, Owners] = {}
        self.relation_labels: dict[str, str] = {}

    def __getstate__(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(self.__slots__, state):
            setattr(self, name, value)


def _digest(key: str | Triple) -> int:
    """A 40-bit digest of a subject or a triple, the same in every process (``hash`` is not).

    >>> _digest("urn:a") == _digest("urn:a") != _digest(("urn:a", "urn:p", "urn:b"))
    True
    """
    data = (key if isinstance(key, str) else " ".join(key)).encode()
    return crc32(data) | (len(data) & 0xFF) << 32


def _simple(share: Share) -> bool:
    """Whether each evidence statement of ``share`` is whole in it (a row with its edge), and
    no node is typed as evidence: what a patch's bookkeeping of evidence assumes."""
    if any(_is_evidence(classes) for classes in share.types.values()):
        return False
    return all(row[0] is not None and row[1] is not None and row[2] is not None for row in share.evidence.values())


def _owners_of(shares: dict[str, Share]) -> tuple[dict[int, Owners], dict[int, Owners], dict[int, Owners]]:
    found: tuple[dict[int, list[str]], ...] = ({}, {}, {})
    subjects, edges, evidence = found
    for graph in sorted(shares):
        share = shares[graph]
        keys = [*share.types, *share.values, *share.evidence]
        for table, named in ((subjects, keys), (edges, share.edges),
                             (evidence, {row[:3] for row in share.evidence.values()})):
            for key in named:
                have = table.setdefault(_digest(key), [])
                if not have or have[-1] != graph:
                    have.append(graph)
    return tuple({key: graphs[0] if len(graphs) == 1 else tuple(graphs) for key, graphs in table.items()}
                 for table in found)  # type: ignore[return-value]


def full(shares: dict[str, Share], keys: dict[str, str]) -> tuple[PlainNetwork, Any, PageState | None]:
    """The page's network of the shares (by named graph, taken over), its page parts, and the
    :class:`PageState` to patch it next time (None when a patch could not follow these shares).
    ``keys`` gives each graph's share key."""
    from graph.views.page import PageParts, page_parts

    state = PageState() if all(_simple(share) for share in shares.values()) else None
    if state is not None:
        state.graphs = dict(keys)
        state.owners, state.edge_owners, state.evidence_owners = _owners_of(shares)
        if any(isinstance(state.owners.get(_digest(s)), tuple) for share in shares.values() for s in share.evidence):
            state = None  # a statement said in several graphs: merged row by row, left to the projection
        raw_edges = {edge for share in shares.values() for edge in share.edges}
    merged = merge_shares([shares[graph] for graph in sorted(shares)])
    G = project_share(merged)
    parts: PageParts = page_parts(G)
    if state is not None:
        state.relation_labels = {p: label for p in _RELATIONS if (label := _first(merged.values.get(p, {}).get(_LABEL)))}
        for (node, attrs), fragment in zip(G.nodes(data=True), parts.nodes):
            state.nodes[node] = (attrs["type"], attrs["label"], attrs.get("rating"), fragment)
        for (u, v, key, attrs), fragment in zip(G.edges(keys=True, data=True), parts.edges):
            state.edges[(u, v, key)] = (attrs["predicate"], attrs["relation"], attrs.get("confidence"), fragment)
            raw_edges.discard((u, attrs["predicate"], v))
        state.loose = raw_edges
    return G, parts, state


def _as_tuple(owners: Owners) -> tuple[str, ...]:
    return () if owners is None else owners if isinstance(owners, tuple) else (owners,)


def _set_owner(table: dict[int, Owners], key: int, graphs: set[str]) -> None:
    if not graphs:
        table.pop(key, None)
    elif len(graphs) == 1:
        table[key] = next(iter(graphs))
    else:
        table[key] = tuple(sorted(graphs))


def _edge_key(p: str, relation_labels: dict[str, str]) -> tuple[str, str] | None:
    """An edge predicate's key and relation label, as the projection names them."""
    if p in STRUCTURAL:
        return STRUCTURAL[p]
    if p not in _RELATIONS:
        return None
    name = _local_name(p)
    return name, relation_labels.get(p) or RELATION[name].label


def worth_patching(changed: int, graphs: int) -> bool:
    """Whether to patch the page where ``changed`` of ``graphs`` named graphs changed (else it
    is projected from every graph's share: most of it is new anyway).

    >>> worth_patching(2, 2), worth_patching(3, 51), worth_patching(12, 51), worth_patching(13, 51)
    (True, True, True, False)
    """
    return changed <= max(2, int(graphs * _MOST_CHANGED))


def patch(
    state: PageState,
    keys: dict[str, str],
    old: dict[str, Share],
    new: dict[str, Share],
    load: Callable[[str], Share | None],
) -> tuple[PlainNetwork, Any] | None:
    """The page's skeleton network and parts after the named graphs in ``old`` (their last
    shares) and ``new`` (their shares now; a graph in one only was added or removed) changed,
    from ``state``, which is brought up to date; ``keys`` gives every graph's share key now and
    ``load(graph)`` reads an unchanged graph's share. None when only a projection can tell (see
    the module); ``state`` is then not to be used again.
    """
    from graph.views.page import PageParts

    changed = set(old) | set(new)
    if not worth_patching(len(changed), len(keys)) or not all(_simple(share) for share in new.values()):
        return None
    if any(graph not in state.graphs for graph in old) or any(graph not in keys for graph in new):
        return None
    loaded: dict[str, Share | None] = dict(new)

    def share_of(graph: str) -> Share | None:
        if graph not in loaded:
            loaded[graph] = load(graph)
        return loaded[graph]

    # What the changed graphs say differently: subjects, edges and statements about edges.
    subjects: set[str] = set()
    raw_edges: set[Triple] = set()
    said: set[Triple] = set()
    statements: set[str] = set()
    owner_changes: list[tuple[dict[int, Owners], Any, str, bool]] = []  # (table, key, graph, says it now)
    said_now: dict[tuple[int, str], set[Any]] = {}  # (table, graph) -> what the graph says now
    empty = Share()
    for graph in changed:
        before, now = old.get(graph, empty), new.get(graph, empty)
        named_before = {*before.types, *before.values, *before.evidence}
        named_now = {*now.types, *now.values, *now.evidence}
        for s in named_before | named_now:
            if (before.types.get(s) != now.types.get(s) or before.values.get(s) != now.values.get(s)
                    or before.evidence.get(s) != now.evidence.get(s)):
                subjects.add(s)
                for row in (before.evidence.get(s), now.evidence.get(s)):
                    if row is not None:
                        statements.add(s)
                        said.add(row[:3])
        raw_edges |= before.edges ^ now.edges
        about_before = {row[:3] for row in before.evidence.values()}
        about_now = {row[:3] for row in now.evidence.values()}
        for table, keys_before, keys_now in ((state.owners, named_before, named_now),
                                             (state.edge_owners, before.edges, now.edges),
                                             (state.evidence_owners, about_before, about_now)):
            said_now[(id(table), graph)] = keys_now
            owner_changes += [(table, key, graph, False) for key in keys_before - keys_now]
            owner_changes += [(table, key, graph, True) for key in keys_now - keys_before]

    # Who says each of them now (by digest: see PageState). A graph stays an owner of a digest
    # while it says anything else with that digest.
    digests_now: dict[tuple[int, str], set[int]] = {}
    for table, key, graph, says in owner_changes:
        digest = _digest(key)
        graphs = set(_as_tuple(table.get(digest)))
        if says:
            graphs.add(graph)
        else:
            kept = digests_now.get((id(table), graph))
            if kept is None:
                kept = digests_now[(id(table), graph)] = {_digest(k) for k in said_now[(id(table), graph)]}
            if digest not in kept:
                graphs.discard(graph)
        _set_owner(table, digest, graphs)

    def owners_now(key: Any, table: dict[int, Owners]) -> tuple[str, ...]:
        return _as_tuple(table.get(_digest(key)))

    if any(len(owners_now(s, state.owners)) > 1 for s in statements):
        return None  # a statement said in several graphs: merged row by row
    for p in subjects & _RELATIONS:
        said_of: dict[str, set[Any]] = {}
        for graph in owners_now(p, state.owners):
            share = share_of(graph)
            if share is None:
                return None
            for predicate, items in share.values.get(p, {}).items():
                said_of.setdefault(predicate, set()).update(items)
        if _first(said_of.get(_LABEL)) != state.relation_labels.get(p):
            return None  # a relation's label changed: every edge of it

    # Each touched subject merged again from every graph that names it.
    kinds: dict[str, str] = {}
    values: dict[str, dict[str, set[Any]]] = {}
    for s in subjects:
        if s in statements or s in _RELATIONS or s.startswith("_:"):
            continue
        classes: set[str] = set()
        vals: dict[str, set[Any]] = {}
        for graph in owners_now(s, state.owners):
            share = share_of(graph)
            if share is None:
                return None
            classes |= share.types.get(s, set())
            for p, items in share.values.get(s, {}).items():
                vals.setdefault(p, set()).update(items)
        kind = most_specific(_CLASSES[c] for c in classes if c in _CLASSES)
        if kind is not None:
            kinds[s] = kind
            values[s] = vals
    nodes = state.nodes
    labels = {s: _node_label(s, kind, values[s]) for s, kind in kinds.items()}
    gone = {s for s in subjects if s in nodes and s not in kinds}
    appeared = {s for s in kinds if s not in nodes}
    relabelled = {s for s in kinds if s in nodes and nodes[s][1] != labels[s]} | gone | appeared

    # The edges at nodes that appear, go or change their label: an untouched node whose topic's
    # label changed would need its own values again (left to the projection).
    at_relabelled: list[Triple] = []
    if relabelled:
        at_relabelled = [(u, item[0], v) for (u, v, _), item in state.edges.items() if u in relabelled or v in relabelled]
        at_relabelled += [edge for edge in state.loose if edge[0] in relabelled or edge[2] in relabelled]
        if any(p == _IN_TOPIC and o in relabelled and s not in subjects for s, p, o in at_relabelled):
            return None

    def label_of(node: str) -> str | None:
        if node in labels:
            return labels[node]
        kept = nodes.get(node)
        return None if kept is None or node in gone else kept[1]

    attrs_of = {}
    for s, kind in kinds.items():
        # what _node_attrs reads of the labels: the node's own, and its topics'
        known = {s: labels[s]}
        for topic in values[s].get(_IN_TOPIC, ()):
            label = label_of(topic)
            if label is not None:
                known[topic] = label
        attrs_of[s] = _node_attrs(s, kind, values[s], known)

    # The nodes: added, updated, removed (in the projection's order: sorted).
    for s in gone:
        del nodes[s]
    for (s, attrs), fragment in zip(attrs_of.items(), node_fragments(attrs_of.items())):
        nodes[s] = (kinds[s], labels[s], attrs.get("rating"), fragment)
    if appeared:
        state.nodes = nodes = dict(sorted(nodes.items()))

    # The edges: those the changed graphs name or give evidence for, and those at nodes that
    # appear or go. An edge is there when a graph says it now (checked in the graph's share).
    edges, loose = state.edges, state.loose
    redone: list[tuple[Triple, str, str]] = []
    added = False
    for triple in raw_edges | said | set(at_relabelled):
        s, p, o = triple
        named = _edge_key(p, state.relation_labels)
        if named is None:
            continue
        key, relation = named
        if triple in raw_edges:
            there = False
            for graph in owners_now(triple, state.edge_owners):
                share = share_of(graph)
                if share is None:
                    return None
                if triple in share.edges:
                    there = True
                    break
        else:
            there = (s, o, key) in edges or triple in loose
        if there and s != o and s in nodes and o in nodes:
            loose.discard(triple)
            if triple in raw_edges or triple in said or (s, o, key) not in edges:
                added = added or (s, o, key) not in edges
                redone.append((triple, key, relation))
        else:
            edges.pop((s, o, key), None)
            if there:
                loose.add(triple)
            else:
                loose.discard(triple)
    made = _edge_parts(state, redone, share_of)
    if made is None:
        return None
    edges.update(made)  # an edge there before keeps its place
    if added:
        state.edges = edges = dict(sorted(edges.items()))

    state.graphs = dict(keys)
    # the skeleton: what the layout, the overview and the legend read (edges share attributes)
    edge_attrs: dict[tuple[str, Any], dict[str, Any]] = {}
    for _, relation, confidence, _ in edges.values():
        if (relation, confidence) not in edge_attrs:
            edge_attrs[(relation, confidence)] = ({"relation": relation} if confidence is None else
                                                  {"relation": relation, "confidence": confidence})
    G = PlainNetwork.of_items(
        ((node, {"type": kind, "label": label} if rating is None else {"type": kind, "label": label, "rating": rating})
         for node, (kind, label, rating, _) in nodes.items()),
        ((u, v, key, edge_attrs[(relation, confidence)]) for (u, v, key), (_, relation, confidence, _) in edges.items()))
    return G, PageParts([item[3] for item in nodes.values()], [item[3] for item in edges.values()])


def _edge_parts(state: PageState, redone: list[tuple[Triple, str, str]],
                share_of: Callable[[str], Share | None]) -> dict[Triple, tuple[str, str, Any, str]] | None:
    """Each edge's ``(predicate, relation, confidence, fragment)``, its evidence gathered from
    the graphs that hold statements about it."""
    candidates: dict[Triple, list[tuple[Any, ...]]] = {}
    by_graph: dict[str, set[Triple]] = {}
    for triple, _, _ in redone:
        for graph in _as_tuple(state.evidence_owners.get(_digest(triple))):
            by_graph.setdefault(graph, set()).add(triple)
    for graph, triples in by_graph.items():
        share = share_of(graph)
        if share is None:
            return None
        for row in share.evidence.values():
            if row[:3] in triples:
                candidates.setdefault(row[:3], []).append(evidence_candidate(row))
    items = []
    for (s, p, o), key, relation in redone:
        attrs: dict[str, Any] = {"relation": relation, "predicate": p}
        found = candidates.get((s, p, o))
        if found:
            attrs.update(evidence_attrs(found))
        items.append(((s, o, key), p, relation, attrs))
    fragments = edge_fragments((key, attrs) for (_, _, key), _, _, attrs in items)
    return {edge: (p, relation, attrs.get("confidence"), fragment)
            for (edge, p, relation, attrs), fragment in zip(items, fragments)}
