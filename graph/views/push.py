"""Load the graph into a SPARQL 1.1 store with the Graph Store HTTP Protocol.

Each notes file's named graph is sent whole with ``PUT`` (``STORE?graph=IRI``), which replaces
that graph and no other: pushing again after a rebuild leaves no stale statement behind, and
two people pushing their own files into one store never touch each other's graphs. What a build
puts in the default graph (the vocabulary's ontology and the lexicon concepts the notes use)
goes into a graph of its own, ``{base}vocabulary``, with ``POST``, which adds to it: people
whose notes use different concepts share it without removing each other's. For a store that
cannot query the union of its named graphs, ``into_default=True`` also replaces the store's
default graph with everything pushed (``PUT STORE?default``) — there the last push wins.

Each graph is written as N-Triples to a temporary file first, then streamed, so memory stays flat
for large graphs.

Examples
--------
>>> graph_store_url("http://127.0.0.1:7878/query")
'http://127.0.0.1:7878/store'
>>> graph_store_url("http://localhost:3030/lab/sparql")
'http://localhost:3030/lab/data'
>>> graph_store_url("http://localhost:7200/repositories/lab")
'http://localhost:7200/repositories/lab/rdf-graphs/service'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import quote, urlsplit, urlunsplit

import pyoxigraph as ox

from graph.domain import DEFAULT_BASE
from graph.errors import QueryTimeout, StoreError
from graph.views.httpclient import check_url, reason, refusal, send

__all__ = ["Upload", "graph_store_url", "vocabulary_graph", "write_uploads", "push_uploads", "upload_url",
           "size_text"]

#: Seconds each step of an upload (connect, send a block, wait for the answer) may take: a store
#: answers a large PUT only once it has indexed the graph (minutes for millions of triples).
UPLOAD_TIMEOUT = 600.0


@dataclass(frozen=True)
class Upload:
    """One graph to send: its IRI (None for the store's default graph), how, and its N-Triples file."""

    graph: str | None
    method: str  # PUT replaces the graph, POST adds to it
    triples: int
    path: Path

    @property
    def size(self) -> int:
        """Bytes of N-Triples."""
        return self.path.stat().st_size


def graph_store_url(endpoint: str) -> str:
    """Guess where a store takes Graph Store Protocol requests, from its SPARQL query endpoint.

    Oxigraph answers queries at ``/query`` and stores graphs at ``/store``; Fuseki has
    ``/DATASET/sparql`` (or ``/query``) and ``/DATASET/data``; GraphDB ``/repositories/NAME`` and
    ``/repositories/NAME/rdf-graphs/service``.

    Raises
    ------
    StoreError
        If the endpoint follows none of these (give ``--graph-store``).
    """
    parts = urlsplit(check_url(endpoint))
    path = parts.path.rstrip("/")
    if path in ("", "/query"):
        store = "/store"
    elif re.fullmatch(r"/[^/]+/(sparql|query)", path):
        store = path.rsplit("/", 1)[0] + "/data"
    elif re.fullmatch(r".*/repositories/[^/]+", path):
        store = path + "/rdf-graphs/service"
    else:
        raise StoreError(f"cannot tell where {endpoint} takes graph uploads; give the store's Graph Store "
                         "Protocol URL with --graph-store")
    return urlunsplit((parts.scheme, parts.netloc, store, "", ""))


def vocabulary_graph(store: ox.Store) -> str:
    """The IRI of the graph the vocabulary and lexicon go into: ``vocabulary`` under the data's
    base (read from the notes graphs' IRIs, ``{base}notes/...``).

    >>> vocabulary_graph(ox.Store())
    'https://w3id.org/notekg/id/vocabulary'
    """
    for graph in store.named_graphs():
        if isinstance(graph, ox.NamedNode) and "/notes/" in graph.value:
            return graph.value.rsplit("/notes/", 1)[0] + "/vocabulary"
    return DEFAULT_BASE + "vocabulary"


def _write(triples: Iterator[ox.Triple], path: Path) -> int:
    count = 0

    def counted() -> Iterator[ox.Triple]:
        nonlocal count
        for triple in triples:
            count += 1
            yield triple

    ox.serialize(counted(), str(path), format=ox.RdfFormat.N_TRIPLES)
    return count


def write_uploads(store: ox.Store, folder: str | Path, *, into_default: bool = False) -> list[Upload]:
    """Write each graph of ``store`` as N-Triples into ``folder``: what :func:`push_uploads` sends.

    Named graphs come first, sorted by IRI (each replaced with PUT), then the default graph's
    statements as the vocabulary graph (added with POST), then, with ``into_default``, everything
    again for the store's default graph (replaced with PUT).
    """
    folder = Path(folder)
    uploads = []
    names = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
    for number, name in enumerate(names):
        path = folder / f"graph-{number}.nt"
        count = _write((q.triple for q in store.quads_for_pattern(None, None, None, name)), path)
        uploads.append(Upload(name.value, "PUT", count, path))
    path = folder / "vocabulary.nt"
    count = _write((q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())), path)
    if count:
        uploads.append(Upload(vocabulary_graph(store), "POST", count, path))
    if into_default:
        path = folder / "default.nt"
        count = _write((q.triple for q in store), path)
        uploads.append(Upload(None, "PUT", count, path))
    return uploads


def upload_url(graph_store: str, graph: str | None) -> str:
    """The Graph Store Protocol URL of one graph (``?graph=IRI``, or ``?default``).

    >>> upload_url("http://127.0.0.1:7878/store", "https://w3id.org/notekg/id/notes/a")
    'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fw3id.org%2Fnotekg%2Fid%2Fnotes%2Fa'
    """
    separator = "&" if "?" in graph_store else "?"
    if graph is None:
        return f"{graph_store}{separator}default"
    return f"{graph_store}{separator}graph={quote(graph, safe='')}"


def size_text(count: int) -> str:
    """A byte count for people.

    >>> size_text(1_234_567), size_text(5_300)
    ('1.2 MB', '5.3 kB')
    """
    return f"{count / 1e6:.1f} MB" if count >= 100_000 else f"{count / 1e3:.1f} kB"


def push_uploads(
    uploads: list[Upload],
    graph_store: str,
    *,
    progress: Callable[[int], None] | None = None,
    timeout: float = UPLOAD_TIMEOUT,
) -> None:
    """Send each upload to the store at ``graph_store``; ``progress`` hears of every block sent.

    Raises
    ------
    StoreError
        If the store cannot be reached or does not answer within ``timeout`` seconds, refuses
        access (401, 403), finds a graph too large (413) or rejects its data (400); graphs sent
        before stay in the store.
    """
    check_url(graph_store)
    host = urlsplit(graph_store).netloc
    for upload in uploads:
        url = upload_url(graph_store, upload.graph)
        name = f"graph <{upload.graph}>" if upload.graph else "the default graph"
        try:
            with upload.path.open("rb") as body:
                response = send(upload.method, url, data=body, length=upload.size, timeout=timeout,
                                progress=progress, headers={"Content-Type": "application/n-triples"})
        except QueryTimeout:
            raise StoreError(f"{host} did not answer within {timeout:g} s while taking {name} "
                             f"({size_text(upload.size)}); a longer --timeout gives it more time") from None
        if response.status in (200, 201, 204):
            continue
        if response.status == 400:
            raise StoreError(f"{host} rejected the data of {name} (HTTP 400): {reason(response)}")
        if response.status == 413:
            raise StoreError(f"{host} refused {name} as too large (HTTP 413: {size_text(upload.size)}); "
                             "raise the store's upload limit")
        if response.status == 415:
            raise StoreError(f"{host} does not take N-Triples uploads (HTTP 415): {reason(response)}")
        if response.status in (404, 405):
            raise StoreError(f"{graph_store} takes no graph uploads (HTTP {response.status}): {reason(response)}; "
                             "give the store's Graph Store Protocol URL with --graph-store")
        raise refusal(response, graph_store, "graph uploads")
