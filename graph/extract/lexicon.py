"""The techniques lexicon: SKOS concepts (techniques, tasks, datasets) and finding them in text.

The lexicon is data (``data/lexicon.ttl`` and users' files, read by
:func:`graph.extract.lexicon_files.load_lexicon`); this module holds the loaded concepts, their
broader and narrower ones, and resolves names to them; it finds them in the notes' text with
the matcher of :mod:`graph.extract.mentions`.

Matching is case-insensitive, on word boundaries, tolerant of plurals ("convs", "boundaries",
"losses") and of hyphens versus spaces ("self-attention", "self attention"); the longest label
wins and mentions never overlap. A concept's id works as a label too. An abbreviation and its
expansion that label one concept stand for each other inside any label
(:mod:`graph.extract.abbreviations`): "code LLM" matches "code large language models".

Usage
-----
>>> from graph.extract.lexicon_files import load_lexicon
>>> lex = load_lexicon()
>>> lex.resolve("spec-norm").id
'spectral-normalization'
>>> lex.concepts["octave-convolution"].broader
('convolution',)
>>> for m in lex.find_mentions("OctConv: a drop-in replacement for vanilla convs"):
...     print(m.start, m.end, repr(m.surface), "->", m.concept_id)
0 7 'OctConv' -> octave-convolution
35 48 'vanilla convs' -> convolution
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, cast

from graph.domain import NODE_TYPES, PREFIXES
from graph.extract.abbreviations import Expansions, expansions_of, fold
from graph.extract.mentions import Mention, find_labels, label_key, label_trie, with_elided

if TYPE_CHECKING:
    from rdflib import Graph

# rdflib is imported only when an rdflib graph of the lexicon is asked for (graph, graph_of):
# a build copies the concepts it needs from the statements as they were read (statements).

__all__ = ["Concept", "Lexicon", "KINDS"]

#: The kinds of concept, as the local names of their classes in the notekg vocabulary.
KINDS: tuple[str, ...] = tuple(t.name for t in NODE_TYPES if t.group == "concept")

Kind = Literal["Technique", "Task", "Dataset"]

_ID_RANK = 3
_BROADER = PREFIXES["skos"] + "broader"


@dataclass(frozen=True)
class Concept:
    """One technique, task or dataset of the lexicon.

    ``label`` is the preferred label; ``alt_labels`` and ``hidden_labels`` are the synonyms the
    matcher also knows (hidden ones are misspellings and abbreviations not shown to users);
    ``broader`` holds the ids of more general concepts; ``exact_match`` IRIs of the same concept
    elsewhere (Papers with Code, Wikidata).
    """

    id: str
    iri: str
    kind: Kind
    label: str
    alt_labels: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    exact_match: tuple[str, ...] = ()
    hidden_labels: tuple[str, ...] = ()
    definition: str = ""


# ----------------------------------------------------------------------------------- lexicon


class Lexicon:
    """The loaded concepts, their SKOS graph, and a matcher for their labels.

    Parameters
    ----------
    concepts
        The concepts by id.
    graph
        The SKOS graph they were read from (the model copies concepts from it); empty if None.
    label_sources
        Optional: for ``(concept id, label)``, the index of the file that gave the label; when
        two concepts share a label, the preferred label wins, then the later file.
    triples, prefixes
        Instead of ``graph``: its statements (rdflib terms) and prefixes, made into this
        lexicon's own graph when :attr:`graph` is first asked for.
    statements, to_rdflib
        Instead of ``triples``: the statements by subject IRI, in any terms, and how to make
        one an rdflib triple (done only for what a graph holds: see :meth:`graph_of`).

    Examples
    --------
    >>> lex = Lexicon({"gan": Concept("gan", "urn:x:gan", "Technique", "GAN")})
    >>> [m.surface for m in lex.find_mentions("GANs, not organs")]
    ['GANs']
    """

    def __init__(
        self,
        concepts: Mapping[str, Concept],
        graph: Graph | None = None,
        label_sources: Mapping[tuple[str, str], int] | None = None,
        *,
        triples: Iterable[tuple[Any, Any, Any]] = (),
        prefixes: Mapping[str, str] | None = None,
        statements: Mapping[str, Iterable[tuple[Any, str, Any]]] | None = None,
        to_rdflib: Callable[[Any], tuple[Any, Any, Any]] | None = None,
    ) -> None:
        self.concepts: dict[str, Concept] = {key: concepts[key] for key in sorted(concepts)}
        self._graph = graph
        self._triples = triples
        self._statements = statements
        self._to_rdflib = to_rdflib or (lambda triple: triple)
        self._prefixes = dict(prefixes or {})
        self._narrower: dict[str, list[str]] = {key: [] for key in self.concepts}
        for concept in self.concepts.values():
            for parent in concept.broader:
                if parent in self._narrower:
                    self._narrower[parent].append(concept.id)
        self._by_iri = {c.iri: c for c in self.concepts.values()}
        sources = label_sources or {}
        # an abbreviation and its expansion, both labels of one concept, are one word wherever
        # they stand ("large language model serving" is "LLM serving")
        raw_keys: dict[str, tuple[str, ...]] = {}

        def key_of(label: str) -> tuple[str, ...]:
            found = raw_keys.get(label)
            if found is None:
                found = raw_keys[label] = label_key(label)
            return found

        self._expansions: Expansions = expansions_of(
            ((c.label, *c.alt_labels, *c.hidden_labels) for c in self.concepts.values()), key_of)
        best: dict[tuple[str, ...], tuple[int, int, str]] = {}
        for concept in self.concepts.values():
            named = [(concept.label, 0), *((a, 1) for a in concept.alt_labels),
                     *((h, 2) for h in concept.hidden_labels), (concept.id, _ID_RANK)]
            for text, rank in named:
                key = fold(key_of(text), self._expansions)
                if not key:
                    continue
                order = (rank, -sources.get((concept.id, text), 0), concept.id)
                if key not in best or order < best[key]:
                    best[key] = order
        self._by_key: dict[tuple[str, ...], str] = {key: order[2] for key, order in best.items()}
        self._trie: dict[str, Any] = label_trie(self._by_key)  # token -> child node; "" -> concept id
        self._canon: dict[str, str] = {}  # a word as written -> as matched (see find_mentions)
        # Relation extraction asks about the same text several times (a field, then its clauses)
        self._found: dict[str, tuple[Mention, ...]] = {}
        self._resolved: dict[str, Concept | None] = {}  # a name -> its concept (see resolve)
        self._ancestors: dict[str, tuple[str, ...]] = {}  # asked again for each mention (see ancestors)
        self._letters: tuple[dict[str, int], dict[int, list[tuple[str, int]]]] | None = None

    @property
    def statements(self) -> Mapping[str, Iterable[tuple[Any, str, Any]]] | None:
        """What the files state, by subject IRI: ``(subject, predicate IRI, object)`` as
        Oxigraph terms; None for a lexicon made from an rdflib graph or triples.

        >>> from graph.extract.lexicon_files import load_lexicon
        >>> lex = load_lexicon()
        >>> sorted(p.rsplit("#", 1)[-1] for _, p, _ in lex.statements[lex.concepts["gan"].iri])[:2]
        ['altLabel', 'altLabel']
        """
        return self._statements

    @property
    def graph(self) -> Graph:
        """The SKOS graph of the loaded files (this lexicon's own copy: changing it is safe)."""
        if self._graph is None:
            if self._statements is not None:
                triples: Iterable[Any] = (
                    self._to_rdflib(t) for stated in self._statements.values() for t in stated
                )
            else:
                triples = self._triples
            self._graph = self._new_graph(triples)
        return self._graph

    def graph_of(self, iris: Iterable[str]) -> Graph:
        """A new graph of what the files state about these concepts and about every concept
        ``skos:broader`` leads to from them: what a model copies of the lexicon, made in a
        fraction of the time :attr:`graph` takes (which it is when the lexicon came as a graph).

        >>> from graph.extract.lexicon_files import load_lexicon
        >>> lex = load_lexicon()
        >>> octave = lex.concepts["octave-convolution"].iri
        >>> part = lex.graph_of([octave])
        >>> sorted({str(s).rsplit("/", 1)[-1] for s in part.subjects()})
        ['convolution', 'ml-technique', 'neural-network-module', 'octave-convolution']
        >>> set(part) <= set(lex.graph)
        True
        """
        if self._statements is None:
            return self.graph
        from rdflib import URIRef

        chosen: list[Any] = []
        seen: set[str] = set()
        todo = sorted({str(iri) for iri in iris}, reverse=True)
        while todo:
            iri = todo.pop()
            if iri in seen:
                continue
            seen.add(iri)
            for triple in self._statements.get(iri, ()):
                s, p, o = self._to_rdflib(triple)
                chosen.append((s, p, o))
                if str(p) == _BROADER and isinstance(o, URIRef):
                    todo.append(str(o))
        return self._new_graph(chosen)

    def _new_graph(self, triples: Iterable[tuple[Any, Any, Any]]) -> Graph:
        from rdflib import Graph

        graph = Graph()
        for prefix, namespace in self._prefixes.items():
            graph.bind(prefix, namespace, override=True)
        for triple in triples:
            graph.add(triple)
        return graph

    def label_letters(self) -> tuple[dict[str, int], dict[int, list[tuple[str, int]]]]:
        """The casefolded labels of six letters or more by length, each with its letters as the
        bits of an integer, and the bit of each letter: what a check for near spellings of the
        labels compares (:func:`graph.extract.method_names._near_labels`). Made once, kept with
        the lexicon in the user's cache.

        >>> bits, by_length = Lexicon({"gan": Concept("gan", "urn:x:gan", "Technique", "Generative network")}).label_letters()
        >>> [(label, mask == sum(bits[c] for c in set(label))) for label, mask in by_length[18]]
        [('generative network', True)]
        """
        if self._letters is None:
            labels = [folded for c in self for label in (c.label, *c.alt_labels) if len(label) >= 6
                      for folded in [label.casefold()]]
            bits = {letter: 1 << i for i, letter in enumerate(sorted(set().union(*labels)))}
            by_length: dict[int, list[tuple[str, int]]] = {}
            for folded in labels:
                by_length.setdefault(len(folded), []).append((folded, sum(map(bits.__getitem__, set(folded)))))
            self._letters = bits, by_length
        return self._letters

    def __len__(self) -> int:
        return len(self.concepts)

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self.concepts

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts.values())

    def __repr__(self) -> str:
        counts = ", ".join(f"{sum(c.kind == k for c in self)} {k.lower()}s" for k in KINDS)
        return f"<Lexicon: {len(self)} concepts ({counts})>"

    def resolve(self, name: str) -> Concept | None:
        """The concept a name refers to: any label or the id, in any case, singular or plural.

        Parameters
        ----------
        name
            A label ("AdaIN", "atrous convolutions"), a concept id or a concept IRI.

        Returns
        -------
        Concept or None
            None when no concept has that name.

        Examples
        --------
        >>> from graph.extract.lexicon_files import load_lexicon
        >>> lex = load_lexicon()
        >>> lex.resolve("atrous convolutions").label
        'Dilated convolution'
        >>> lex.resolve("vanilla conv").id, lex.resolve("Convolution").id
        ('convolution', 'convolution')
        >>> lex.resolve("no such thing") is None
        True
        """
        if name in self._by_iri:
            return self._by_iri[name]
        # relation extraction asks about the same words again and again (half of its questions)
        resolved = self._resolved.get(name, self)
        if resolved is self:
            if len(self._resolved) > 100_000:
                self._resolved.clear()
            concept_id = self._by_key.get(fold(label_key(name), self._expansions))
            resolved = self._resolved[name] = self.concepts[concept_id] if concept_id is not None else None
        return cast("Concept | None", resolved)

    def ancestors(self, concept_id: str) -> tuple[str, ...]:
        """The ids of all broader concepts of a concept, nearest first.

        Parameters
        ----------
        concept_id
            The id of a concept of this lexicon.

        Returns
        -------
        tuple of str
            Broader concepts breadth-first: parents, then grandparents, ..., each once.

        Raises
        ------
        KeyError
            If there is no concept with that id.

        Examples
        --------
        >>> from graph.extract.lexicon_files import load_lexicon
        >>> load_lexicon().ancestors("adain")
        ('instance-normalization', 'normalization', 'neural-network-module', 'ml-technique')
        """
        known = self._ancestors.get(concept_id)
        if known is None:
            known = self._ancestors[concept_id] = self._walk(
                concept_id, lambda c: self.concepts[c].broader if c in self.concepts else ())
        return known

    def descendants(self, concept_id: str) -> tuple[str, ...]:
        """The ids of all narrower concepts of a concept, nearest first.

        Parameters
        ----------
        concept_id
            The id of a concept of this lexicon.

        Returns
        -------
        tuple of str
            Narrower concepts breadth-first, each once.

        Raises
        ------
        KeyError
            If there is no concept with that id.

        Examples
        --------
        >>> from graph.extract.lexicon_files import load_lexicon
        >>> load_lexicon().descendants("wgan")
        ('wgan-gp',)
        """
        return self._walk(concept_id, lambda c: self._narrower[c])

    def _walk(self, concept_id: str, step: Callable[[str], Iterable[str]]) -> tuple[str, ...]:
        if concept_id not in self.concepts:
            raise KeyError(f"no concept {concept_id!r} in the lexicon")
        seen: dict[str, None] = {}
        level = [concept_id]
        while level:
            following: list[str] = []
            for current in level:
                for other in sorted(step(current)):
                    if other != concept_id and other not in seen:
                        seen[other] = None
                        following.append(other)
            level = following
        return tuple(seen)

    def find_mentions(self, text: str) -> list[Mention]:
        """Every place the text names a concept, longest label first, without overlaps.

        Parameters
        ----------
        text
            Plain text (markdown already stripped). URLs in it are skipped.

        Returns
        -------
        list of Mention
            In text order; ``text[m.start:m.end] == m.surface``.

        Examples
        --------
        >>> from graph.extract.lexicon_files import load_lexicon
        >>> lex = load_lexicon()
        >>> for m in lex.find_mentions("Replace convs with depthwise-conv; GANs, not organs or nasal NAS; GRUs."):
        ...     print(repr(m.surface), m.concept_id)
        'convs' convolution
        'depthwise-conv' depthwise-convolution
        'GANs' gan
        'NAS' nas
        'GRUs' gru

        A version's decimal point is part of a name; a full stop and a space end it:

        >>> [(m.surface, m.concept_id) for m in lex.find_mentions("Llama 3.1 beats GPT-3.5. 5 runs")]
        [('Llama 3.1', 'llama'), ('GPT-3.5', 'chatgpt')]
        """
        known = self._found.get(text)
        if known is not None:
            return list(known)
        if len(self._found) > 20_000:
            self._found.clear()
        mentions = with_elided(text, find_labels(text, self._trie, self._canon, self._expansions), self.resolve)
        self._found[text] = tuple(mentions)
        return mentions
