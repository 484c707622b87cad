"""The page of a rebuild made from what did not change: the last page's parts, each named
graph's share of the network and each layout group's positions, kept on disk beside the build
cache.

A page is the network projected from the whole graph (:mod:`graph.views.projection`), each
group of it laid out (:mod:`graph.views.layout`) and written out as JSON. A build with a cache
(:mod:`graph.build_cache`) keeps, in ``OUTPUT/.notekg-cache/page/``:

* each named graph's :class:`~graph.views.projection.Share` (what the projection reads of its
  N-Quads), keyed by what fixes the graph's N-Quads block: the build cache's key of the files it
  is made from (their bytes' digest, what other files tell about them, the build's fingerprint:
  :attr:`PageCache.block_keys`), else the SHA-1 of the block (hashing every block took a tenth
  of a second at 10,000 papers);
* the last page's state (``page.state``, :class:`~graph.views.page_patch.PageState`): each
  node's and edge's item fragment and which graph says what. When a few graphs changed, a
  rebuild reads only their old and new shares and patches it (:func:`~graph.views.page_patch.patch`);
  else it merges every graph's share, an unchanged notes file's read from here, not parsed again;
* each layout group's positions, keyed by what they are a function of (the seed, the group's
  size and edges): an unchanged group is not laid out again.

All are keyed by their exact input, so the page is byte for byte the page of a build without
the cache. Entries this build did not use are removed when it saves; a file that does not read
is made again.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> topic = ('<urn:t> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/notekg/vocab#Topic> <urn:notes> .\\n'
...          '<urn:t> <http://www.w3.org/2004/02/skos/core#prefLabel> "GANs" <urn:notes> .\\n')
>>> cache = PageCache(folder)
>>> G, parts = cache.page_network({"<urn:notes>": topic})
>>> cache.made, cache.reused, cache.patched, list(G.nodes(data="label"))
(1, 0, False, [('urn:t', 'GANs')])
>>> cache.save()

The next build, with one more topic in another graph, reads the new graph's N-Quads only:

>>> other = topic.replace("urn:t>", "urn:u>").replace("GANs", "Segmentation").replace("urn:notes", "urn:more")
>>> again = PageCache(folder)
>>> G, parts = again.page_network({"<urn:notes>": topic, "<urn:more>": other})
>>> again.made, again.reused, again.patched, list(G.nodes(data="label"))
(1, 0, True, [('urn:t', 'GANs'), ('urn:u', 'Segmentation')])

Given what fixes a block (the build cache's key of its files), the share goes by that key, and
the block's text is not hashed:

>>> keyed = PageCache(folder)
>>> keyed.block_keys = {"<urn:notes>": "key-of-the-files"}
>>> _ = keyed.page_network({"<urn:notes>": topic}); keyed.save()
>>> (folder / "key-of-the-files.share").exists(), len(list(folder.glob("*.share")))
(True, 1)
"""

from __future__ import annotations

import hashlib
import io
import marshal
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.atomic import atomic_write
from graph.rdf.blocks import Blocks, block_bytes, block_triples

if TYPE_CHECKING:
    from graph.views.page import PageParts
    from graph.views.page_patch import PageState
    from graph.views.plain_network import PlainNetwork
    from graph.views.projection import Share

__all__ = ["PageCache"]

_FORMAT = "notekg-page-cache/2"
_SHARE = ".share"
_LAYOUT = "layout.pickle"
_STATE = "page.state"


class _PlainReader(pickle.Unpickler):
    """Reads plain data only (str, numbers, tuples, lists, dicts, sets): no class, no function.

    >>> _PlainReader(io.BytesIO(b"cos\\nsystem\\n(S'true'\\ntR.")).load()
    Traceback (most recent call last):
    _pickle.UnpicklingError: os.system is not plain data
    """

    def find_class(self, module: str, name: str) -> Any:
        if module == "builtins" and name in ("set", "frozenset"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data")


def _read(path: Path) -> Any:
    try:
        with open(path, "rb") as f:
            data = _PlainReader(io.BufferedReader(f)).load()
    except Exception:  # missing, corrupt, foreign: made again
        return None
    if isinstance(data, tuple) and len(data) == 2 and data[0] == _FORMAT:
        return data[1]
    return None


def _read_plain(path: Path) -> Any:
    """What :func:`marshal.dumps` wrote of plain data (the page's state: 16 MB at 10,000 papers,
    written three times faster than by pickle), else None. Code it may hold is never run."""
    try:
        data = marshal.loads(path.read_bytes())
    except Exception:  # missing, corrupt, foreign: made again
        return None
    if isinstance(data, tuple) and len(data) == 2 and data[0] == _FORMAT:
        return data[1]
    return None


class PageCache:
    """The page's part of a build cache: the folder it lives in, and what the last build reused."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self._shares: dict[str, Any] = {}  # by block digest: made by this build, to be written
        self._used: set[str] = set()
        self._layout: dict[str, Any] | None = None
        self._layout_changed = False
        self._state: PageState | None = None
        self._fresh: dict[str, Share] = {}  # made by this build (a full projection after a patch that gave up)
        self.used = False
        #: Whether the last page was patched from the build before's (:mod:`graph.views.page_patch`).
        self.patched = False
        #: What fixes each named graph's block, by the graph (set by the build cache): its share's key.
        self.block_keys: dict[str, str] = {}
        #: Named graphs whose share was made again and taken from the cache by the last page.
        self.made = 0
        self.reused = 0

    def page_network(self, blocks: Blocks) -> tuple[PlainNetwork, PageParts]:
        """The page's network of a graph kept as N-Quads blocks (:mod:`graph.rdf.blocks`) and
        its nodes' and edges' page fragments: the last build's patched where only a few named
        graphs changed (:mod:`graph.views.page_patch`), else projected from every graph's share,
        the unchanged graphs' read from the cache."""
        from graph.views.page_patch import full, patch, worth_patching

        self.used = True
        self.made = self.reused = 0
        self.patched = False
        keys = {graph: self._key(graph, blocks[graph]) for graph in sorted(blocks)}
        self._used.update(keys.values())
        state = self._read_state()
        changed = {*keys.items()} ^ {*state.graphs.items()} if state is not None else set()
        if state is not None and worth_patching(len({graph for graph, _ in changed}), len(keys)):
            old = {graph: self._load(key) for graph, key in state.graphs.items() if keys.get(graph) != key}
            if all(share is not None for share in old.values()):
                new = {graph: self._share(key, graph, blocks[graph]) for graph, key in keys.items()
                       if state.graphs.get(graph) != key}
                result = patch(state, keys, old, new,  # type: ignore[arg-type]
                               lambda graph: self._load(keys[graph], count=True))
                if result is not None:
                    self._state, self.patched = state, True
                    return result
                self.made = self.reused = 0
        shares = {graph: self._share(key, graph, blocks[graph]) for graph, key in keys.items()}
        G, parts, self._state = full(shares, keys)
        return G, parts

    def _key(self, graph: str, block: Any) -> str:
        key = self.block_keys.get(graph, "")
        if not key:
            digest = hashlib.sha1()
            for piece in block_bytes(block):
                digest.update(piece)
            key = digest.hexdigest()
        return key

    def _load(self, key: str, count: bool = False) -> Share | None:
        """The share kept under ``key``, or None."""
        from graph.views.projection import Share

        state = _read(self.folder / (key + _SHARE))
        if not (isinstance(state, tuple) and len(state) == 4):
            return None
        share = Share()
        share.__setstate__(state)
        if count:
            self.reused += 1
        return share

    def _share(self, key: str, graph: str, block: Any) -> Share:
        """The share of a graph's block: kept under ``key``, else made (and kept by :meth:`save`)
        from the block's lines as the model wrote them (no N-Quads parser: three times faster)."""
        from graph.views.network import statements_share

        share = self._fresh.pop(key, None) or self._load(key, count=True)
        if share is None:
            share = self._fresh[key] = statements_share({graph: list(block_triples(block, graph))})
            # kept as it is now: a merge takes the share's sets over
            self._shares[key] = pickle.dumps((_FORMAT, share.__getstate__()), protocol=pickle.HIGHEST_PROTOCOL)
            self.made += 1
        return share

    def _read_state(self) -> PageState | None:
        from graph.views.page_patch import PageState

        kept = _read_plain(self.folder / _STATE)
        if not isinstance(kept, tuple) or len(kept) != len(PageState.__slots__):
            return None
        state = PageState()
        state.__setstate__(kept)
        return state

    def layout_memo(self) -> dict[str, Any]:
        """Positions of layout groups by their key (:func:`graph.views.layout.layout_positions`'s
        ``memo``): what the last page laid out, and what this one adds."""
        if self._layout is None:
            kept = _read(self.folder / _LAYOUT)
            self._layout = _Memo(kept if isinstance(kept, dict) else {}, self)
        return self._layout

    def save(self) -> None:
        """Write what this build made; remove what it did not use (when it made a page).

        A cache that cannot be written is left as it is: the build's files are what matters.
        """
        if not self.used:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for key, data in self._shares.items():
                with atomic_write(self.folder / (key + _SHARE), "wb") as f:
                    f.write(data)
            for path in self.folder.iterdir():
                if path.name.endswith(_SHARE) and path.name[: -len(_SHARE)] not in self._used:
                    os.unlink(path)
            if self._state is None:
                (self.folder / _STATE).unlink(missing_ok=True)
            else:
                with atomic_write(self.folder / _STATE, "wb") as f:
                    f.write(marshal.dumps((_FORMAT, self._state.__getstate__())))
            memo = self._layout
            if isinstance(memo, _Memo) and (self._layout_changed or len(memo.read) < len(memo)):
                kept = {key: memo[key] for key in memo.read}
                with atomic_write(self.folder / _LAYOUT, "wb") as f:
                    pickle.dump((_FORMAT, kept), f, protocol=pickle.HIGHEST_PROTOCOL)
        except (OSError, pickle.PicklingError, ValueError):
            pass
        self._shares.clear()


class _Memo(dict[str, Any]):
    """A dict that remembers which keys were read or written (the rest is dropped on save)."""

    def __init__(self, items: dict[str, Any], owner: PageCache):
        super().__init__(items)
        self.read: set[str] = set()
        self.owner = owner

    def get(self, key: str, default: Any = None) -> Any:
        if key in self:
            self.read.add(key)
        return super().get(key, default)

    def __setitem__(self, key: str, value: Any) -> None:
        self.read.add(key)
        self.owner._layout_changed = True
        super().__setitem__(key, value)
