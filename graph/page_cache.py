"""The page of a rebuild made from what did not change: each named graph's share of the network
and each layout group's positions, kept on disk beside the build cache.

A page is the network projected from the whole graph (:mod:`graph.views.projection`), each
group of it laid out (:mod:`graph.views.layout`) and written out as JSON. A build with a cache
(:mod:`graph.build_cache`) keeps, in ``OUTPUT/.notekg-cache/page/``:

* each named graph's :class:`~graph.views.projection.Share` (what the projection reads of its
  N-Quads), keyed by what fixes the graph's N-Quads block: the build cache's key of the files it
  is made from (their bytes' digest, what other files tell about them, the build's fingerprint:
  :attr:`PageCache.block_keys`), else the SHA-1 of the block (hashing every block took a tenth
  of a second at 10,000 papers). An unchanged notes file's graph is not parsed again, only
  merged;
* each layout group's positions, keyed by what they are a function of (the seed, the group's
  size and edges): an unchanged group is not laid out again.

Both are keyed by their exact input, so the page is byte for byte the page of a build without
the cache. Entries this build did not use are removed when it saves; a file that does not read
is made again.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> block = ('<urn:t> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/notekg/vocab#Topic> <urn:notes> .\\n'
...          '<urn:t> <http://www.w3.org/2004/02/skos/core#prefLabel> "GANs" <urn:notes> .\\n')
>>> cache = PageCache(folder)
>>> G = cache.network({"<urn:notes>": block})
>>> cache.made, cache.reused
(1, 0)
>>> cache.save()
>>> again = PageCache(folder)
>>> list(G.nodes(data="label"))
[('urn:t', 'GANs')]
>>> list(again.network({"<urn:notes>": block}).nodes(data=True)) == list(G.nodes(data=True))
True
>>> again.made, again.reused
(0, 1)

Given what fixes a block (the build cache's key of its files), the share goes by that key, and
the block's text is not hashed:

>>> keyed = PageCache(folder)
>>> keyed.block_keys = {"<urn:notes>": "key-of-the-files"}
>>> _ = keyed.network({"<urn:notes>": block}); keyed.save()
>>> (folder / "key-of-the-files.share").exists(), len(list(folder.glob("*.share")))
(True, 1)
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.atomic import atomic_write
from graph.rdf.blocks import Blocks, block_bytes, block_text

if TYPE_CHECKING:
    from graph.views.plain_network import PlainNetwork

__all__ = ["PageCache"]

_FORMAT = "notekg-page-cache/1"
_SHARE = ".share"
_LAYOUT = "layout.pickle"


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


class PageCache:
    """The page's part of a build cache: the folder it lives in, and what the last build reused."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self._shares: dict[str, Any] = {}  # by block digest: made by this build, to be written
        self._used: set[str] = set()
        self._layout: dict[str, Any] | None = None
        self._layout_changed = False
        self.used = False
        #: What fixes each named graph's block, by the graph (set by the build cache): its share's key.
        self.block_keys: dict[str, str] = {}
        #: Named graphs whose share was made again and taken from the cache by the last page.
        self.made = 0
        self.reused = 0

    def network(self, blocks: Blocks) -> PlainNetwork:
        """The page's network of a graph kept as N-Quads blocks (:mod:`graph.rdf.blocks`), the
        unchanged blocks' shares read from the cache."""
        from graph.views.network import nquads_share, plain_network_from_shares
        from graph.views.projection import Share

        self.used = True
        self.made = self.reused = 0
        shares = []
        for graph in sorted(blocks):
            block = blocks[graph]
            key = self.block_keys.get(graph, "")
            if not key:
                digest = hashlib.sha1()
                for piece in block_bytes(block):
                    digest.update(piece)
                key = digest.hexdigest()
            self._used.add(key)
            state = _read(self.folder / (key + _SHARE))
            share = Share()
            if isinstance(state, tuple) and len(state) == 4:
                share.__setstate__(state)
                self.reused += 1
            else:
                share = nquads_share(block_text(block))
                # kept as it is now: the merge below takes the share's sets over
                self._shares[key] = pickle.dumps((_FORMAT, share.__getstate__()), protocol=pickle.HIGHEST_PROTOCOL)
                self.made += 1
            shares.append(share)
        return plain_network_from_shares(shares)

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
            memo = self._layout
            if isinstance(memo, _Memo) and (self._layout_changed or len(memo.read) < len(memo)):
                kept = {key: memo[key] for key in memo.read}
                with atomic_write(self.folder / _LAYOUT, "wb") as f:
                    pickle.dump((_FORMAT, kept), f, protocol=pickle.HIGHEST_PROTOCOL)
        except (OSError, pickle.PicklingError):
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
