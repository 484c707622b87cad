"""The techniques lexicon: SKOS concepts (techniques, tasks, datasets) and finding them in text.

The lexicon is data: ``data/lexicon.ttl`` holds SKOS concepts typed ``nk:Technique``,
``nk:Task`` or ``nk:Dataset``, each with a preferred label, synonyms (``skos:altLabel``),
misspellings and risky abbreviations (``skos:hiddenLabel``) and ``skos:broader`` links. Users add
their own Turtle files of the same shape (``notekg build --vocab mine.ttl``); a user's concept may
reuse an IRI of the shipped file to add synonyms to it.

Matching is case-insensitive, on word boundaries, tolerant of plurals ("convs", "boundaries",
"losses") and of hyphens versus spaces ("self-attention", "self attention"); the longest label
wins and mentions never overlap. A concept's id works as a label too.

Usage
-----
>>> from graph.extract.lexicon import load_lexicon
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

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

from rdflib import RDF, RDFS, BNode, Graph, Literal as RdfLiteral, Namespace, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node
from rdflib.util import guess_format

from graph.errors import BadVocabulary, NotekgError
from graph.rdf_input import check_iris, check_jsonld
from graph.vocab import NK

__all__ = [
    "Concept",
    "Mention",
    "Lexicon",
    "load_lexicon",
    "LEXICON_PATH",
    "CONCEPT_NS",
    "KINDS",
]

#: The shipped lexicon.
LEXICON_PATH = Path(__file__).parent.parent / "data" / "lexicon.ttl"

#: Where the shipped concepts' IRIs live; a concept's id is its IRI after this prefix.
CONCEPT_NS = Namespace("https://w3id.org/notekg/id/concept/")

#: The kinds of concept, as the local names of their classes in the notekg vocabulary.
KINDS: tuple[str, ...] = ("Technique", "Task", "Dataset")

Kind = Literal["Technique", "Task", "Dataset"]

_KIND_CLASSES: dict[URIRef, str] = {NK.Technique: "Technique", NK.Task: "Task", NK.Dataset: "Dataset"}
_LABEL_RANKS: tuple[tuple[URIRef, int], ...] = ((SKOS.prefLabel, 0), (SKOS.altLabel, 1), (SKOS.hiddenLabel, 2))
_ID_RANK = 3
_NOT_CONCEPTS = {SKOS.ConceptScheme, SKOS.Collection, SKOS.OrderedCollection}


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


@dataclass(frozen=True)
class Mention:
    """Where a concept is named in a text: ``text[start:end] == surface``."""

    concept_id: str
    start: int
    end: int
    surface: str


# ----------------------------------------------------------------------------- normalisation

# A word: letters and digits, with trailing pluses when no letter follows ("CARAFE++",
# "DeepLabv3+"), so that "conv+bn" is still two words.
_TOKEN = re.compile(r"[^\W_]+(?:\+(?![^\W_]))*")
# What may separate the words of a label in text: spaces, one hyphen, dash, underscore or
# apostrophe, and one line break (a label wrapped over two lines).
_GAP = re.compile(r"[ \t\u00a0]*(?:[-\u2010\u2011\u2012\u2013_'\u2019][ \t\u00a0]*)?(?:\r?\n[ \t\u00a0]*)?")
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+", re.IGNORECASE)
# Same-length replacements applied before tokenising, so offsets stay those of the input.
_SAME_LENGTH = str.maketrans({"\u00d7": "x"})
_END = ""  # trie key marking the end of a label: never a token


def _stem(token: str) -> str:
    """The singular of a lower-case token, by rule: convs -> conv, boundaries -> boundary."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 4 and token.endswith(("sses", "xes", "ches", "shes")):
        return token[:-2]
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is", "as")):
        return token[:-1]
    return token


def _key(label: str) -> tuple[str, ...]:
    """A label as matched: lower-case singular words, whatever separates them."""
    return tuple(_stem(m.group().lower()) for m in _TOKEN.finditer(label.translate(_SAME_LENGTH)))


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
    ) -> None:
        self.concepts: dict[str, Concept] = {key: concepts[key] for key in sorted(concepts)}
        self._graph = graph
        self._template: Graph | None = None  # load_lexicon's shared graph, copied on first use
        self._narrower: dict[str, list[str]] = {key: [] for key in self.concepts}
        for concept in self.concepts.values():
            for parent in concept.broader:
                if parent in self._narrower:
                    self._narrower[parent].append(concept.id)
        self._by_iri = {c.iri: c for c in self.concepts.values()}
        sources = label_sources or {}
        best: dict[tuple[str, ...], tuple[int, int, str]] = {}
        for concept in self.concepts.values():
            named = [(concept.label, 0), *((a, 1) for a in concept.alt_labels),
                     *((h, 2) for h in concept.hidden_labels), (concept.id, _ID_RANK)]
            for text, rank in named:
                key = _key(text)
                if not key:
                    continue
                order = (rank, -sources.get((concept.id, text), 0), concept.id)
                if key not in best or order < best[key]:
                    best[key] = order
        self._by_key: dict[tuple[str, ...], str] = {key: order[2] for key, order in best.items()}
        self._trie: dict[str, Any] = {}  # token -> child node; _END -> concept id
        for key, concept_id in self._by_key.items():
            node = self._trie
            for token in key:
                node = node.setdefault(token, {})
            node[_END] = concept_id

    @property
    def graph(self) -> Graph:
        """The SKOS graph of the loaded files (this lexicon's own copy: changing it is safe)."""
        if self._graph is None:
            self._graph = Graph()
            if self._template is not None:
                for prefix, namespace in self._template.namespaces():
                    self._graph.bind(prefix, namespace, override=True)
                self._graph += self._template
        return self._graph

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
        concept_id = self._by_key.get(_key(name))
        return self.concepts[concept_id] if concept_id is not None else None

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
        >>> load_lexicon().ancestors("adain")
        ('instance-normalization', 'normalization', 'neural-network-module', 'ml-technique')
        """
        return self._walk(concept_id, lambda c: self.concepts[c].broader if c in self.concepts else ())

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
        >>> lex = load_lexicon()
        >>> for m in lex.find_mentions("Replace convs with depthwise-conv; GANs, not organs or nasal NAS."):
        ...     print(repr(m.surface), m.concept_id)
        'convs' convolution
        'depthwise-conv' depthwise-convolution
        'GANs' gan
        'NAS' nas
        """
        work = _URL.sub(lambda m: "\x00" * len(m.group()), text.translate(_SAME_LENGTH))
        canon: dict[str, str] = {}
        tokens: list[tuple[int, int, str]] = []
        for m in _TOKEN.finditer(work):
            raw = m.group()
            word = canon.get(raw)
            if word is None:
                word = canon[raw] = _stem(raw.lower())
            tokens.append((m.start(), m.end(), word))
        mentions: list[Mention] = []
        trie, gap, n, i = self._trie, _GAP, len(tokens), 0
        while i < n:
            node = trie.get(tokens[i][2])
            if node is None:
                i += 1
                continue
            found: tuple[int, str] | None = None
            j = i
            while True:
                hit = node.get(_END)
                if hit is not None:
                    found = (j, cast(str, hit))
                j += 1
                if j >= n:
                    break
                child = node.get(tokens[j][2])
                if child is None or gap.fullmatch(work, tokens[j - 1][1], tokens[j][0]) is None:
                    break
                node = child
            if found is None:
                i += 1
                continue
            last, concept_id = found
            start, end = tokens[i][0], tokens[last][1]
            mentions.append(Mention(concept_id, start, end, text[start:end]))
            i = last + 1
        return mentions


# ----------------------------------------------------------------------------------- loading


def load_lexicon(extra: Iterable[str | Path] = ()) -> Lexicon:
    """Load the shipped lexicon plus users' extra SKOS files.

    Parameters
    ----------
    extra
        Paths of Turtle (or other RDF) files of the same shape as ``data/lexicon.ttl``. A concept
        may reuse an IRI of an earlier file to add synonyms or broader concepts; a new
        ``skos:prefLabel`` for an existing concept replaces the old one, which becomes an
        ``skos:altLabel``. Concepts typed only ``skos:Concept`` are techniques.

    Returns
    -------
    Lexicon

    Raises
    ------
    BadVocabulary
        If a file is missing or does not parse, defines no concepts, or a concept lacks a
        label, has two kinds, points ``skos:broader`` at an unknown concept, or is part of a
        ``skos:broader`` loop. The message is one line and names the file.

    Examples
    --------
    >>> lex = load_lexicon()
    >>> lex.concepts["batch-normalization"].kind, lex.resolve("BN").label
    ('Technique', 'Batch normalization')
    >>> load_lexicon(["no/such/file.ttl"])
    Traceback (most recent call last):
    ...
    graph.errors.BadVocabulary: no/such/file.ttl: no such vocabulary file
    """
    paths = [LEXICON_PATH, *(Path(p) for p in extra)]
    stamps = tuple(_stamp(path) for path in paths)
    loaded = _LOADED.pop(stamps, None) or _load(paths, stamps)
    _LOADED[stamps] = loaded  # most recently used last
    while len(_LOADED) > 16:
        del _LOADED[next(iter(_LOADED))]
    concepts, sources, union = loaded
    lexicon = Lexicon(concepts, None, sources)
    lexicon._template = union
    return lexicon


_Stamp = tuple[str, int, int]
_Loaded = tuple[dict[str, Concept], dict[tuple[str, str], int], Graph]
_LOADED: dict[tuple[_Stamp, ...], _Loaded] = {}
_PARSED: dict[_Stamp, Graph] = {}


def _stamp(path: Path) -> _Stamp:
    """What identifies a file's content for the caches: real path, mtime and size."""
    if not path.exists():
        raise BadVocabulary(f"{path}: no such vocabulary file")
    if path.is_dir():
        raise BadVocabulary(f"{path}: is a directory, not a vocabulary file")
    if not path.is_file():  # a FIFO or a device would be read forever
        raise BadVocabulary(f"{path}: not a regular file")
    try:
        stat = path.stat()
    except OSError as error:
        raise BadVocabulary(f"{path}: cannot read: {error.strerror or error}") from None
    return (str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def _load(paths: list[Path], stamps: tuple[_Stamp, ...]) -> _Loaded:
    union = Graph()
    for prefix, namespace in (("c", CONCEPT_NS), ("nk", NK._NS), ("skos", SKOS)):
        union.bind(prefix, namespace)
    stated_in: dict[URIRef, int] = {}
    label_sources: dict[tuple[URIRef, str], int] = {}
    for index, (path, stamp) in enumerate(zip(paths, stamps)):
        graph = _parse(path, stamp)
        subjects = _concept_subjects(graph, path)
        if not subjects:
            raise BadVocabulary(
                f"{path}: defines no SKOS concepts (nothing with a skos:prefLabel, skos:altLabel "
                "or a type nk:Technique, nk:Task, nk:Dataset or skos:Concept)"
            )
        for subject in subjects:
            stated_in[subject] = index
            for new in graph.objects(subject, SKOS.prefLabel):
                for old in list(union.objects(subject, SKOS.prefLabel)):
                    if _lang(old) == _lang(new) and old != new:
                        union.remove((subject, SKOS.prefLabel, old))
                        union.add((subject, SKOS.altLabel, old))
            for predicate, _ in _LABEL_RANKS:
                for literal in graph.objects(subject, predicate):
                    label_sources[(subject, str(literal).strip())] = index
        union += graph
    concepts = _build_concepts(union, stated_in, paths)
    _check_loops(concepts, stated_in, paths)
    sources = {(_local_id(iri), text): index for (iri, text), index in label_sources.items()}
    return concepts, sources, union


def _parse(path: Path, stamp: _Stamp) -> Graph:
    """Parse one vocabulary file (cached; never modify the result), as a one-line BadVocabulary on failure."""
    graph = _PARSED.get(stamp)
    if graph is None:
        fmt = guess_format(str(path)) or "turtle"
        graph = Graph()
        try:
            if fmt == "json-ld":  # checked first: rdflib would fetch a remote @context over HTTP
                graph.parse(data=check_jsonld(path), format=fmt, publicID=path.resolve().as_uri())
            else:
                graph.parse(path, format=fmt)
            check_iris(graph, path)
        except NotekgError as error:
            raise BadVocabulary(str(error)) from None
        except Exception as error:  # rdflib raises many types; a user's file must not crash us
            raise BadVocabulary(f"{path}: not valid {_FORMAT_NAMES.get(fmt, fmt)}: {_one_line(error)}") from None
        _PARSED[stamp] = graph
        while len(_PARSED) > 32:
            del _PARSED[next(iter(_PARSED))]
    return graph


_FORMAT_NAMES = {"turtle": "Turtle", "xml": "RDF/XML", "nt": "N-Triples", "n3": "N3", "json-ld": "JSON-LD",
                 "trig": "TriG", "nquads": "N-Quads"}


def _one_line(error: Exception) -> str:
    why = getattr(error, "_why", None)
    lines = getattr(error, "lines", None)
    if why is not None and isinstance(lines, int):  # rdflib's notation3 BadSyntax
        return f"line {lines + 1}: {why}"
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def _lang(term: Node) -> str | None:
    return term.language if isinstance(term, RdfLiteral) else None


def _local_id(iri: str) -> str:
    if iri.startswith(str(CONCEPT_NS)):
        return iri[len(str(CONCEPT_NS)):]
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def _concept_subjects(graph: Graph, path: Path) -> list[URIRef]:
    """The subjects of a file that are concepts: typed as such, or given SKOS labels."""
    found: set[Node] = set()
    for cls in (*_KIND_CLASSES, SKOS.Concept):
        found.update(graph.subjects(RDF.type, cls))
    for predicate, _ in _LABEL_RANKS:
        found.update(graph.subjects(predicate, None))
    subjects = []
    for subject in found:
        if any((subject, RDF.type, cls) in graph for cls in _NOT_CONCEPTS):
            continue
        if isinstance(subject, BNode) or not isinstance(subject, URIRef):
            raise BadVocabulary(f"{path}: every concept needs an IRI, found a blank node with SKOS labels")
        subjects.append(subject)
    return sorted(subjects)


def _pick(values: Iterable[Node]) -> str | None:
    """One literal: English first, then untagged, then any; ties broken alphabetically."""
    literals = [v for v in values if isinstance(v, RdfLiteral)]
    if not literals:
        return None
    best = min(literals, key=lambda v: ({"en": 0, None: 1}.get(v.language, 2), str(v)))
    return str(best).strip()


def _build_concepts(union: Graph, stated_in: Mapping[URIRef, int], paths: list[Path]) -> dict[str, Concept]:
    concepts: dict[str, Concept] = {}
    iri_of: dict[str, URIRef] = {}
    ids = {iri: _local_id(str(iri)) for iri in stated_in}
    for iri in sorted(stated_in):
        where = paths[stated_in[iri]]
        concept_id = ids[iri]
        if not concept_id:
            raise BadVocabulary(f"{where}: cannot take a concept id from the IRI <{iri}>")
        if concept_id in iri_of:
            raise BadVocabulary(f"{where}: <{iri}> and <{iri_of[concept_id]}> would both have the id {concept_id!r}")
        iri_of[concept_id] = iri
        types = set(union.objects(iri, RDF.type))
        kinds = sorted(_KIND_CLASSES[t] for t in types if isinstance(t, URIRef) and t in _KIND_CLASSES)
        unknown = sorted(str(t) for t in types if str(t).startswith(str(NK._NS)) and t not in _KIND_CLASSES)
        if unknown:
            raise BadVocabulary(f"{where}: <{iri}> has an unknown type <{unknown[0]}>; "
                                "use nk:Technique, nk:Task or nk:Dataset")
        if len(kinds) > 1:
            raise BadVocabulary(f"{where}: <{iri}> has more than one kind: {', '.join('nk:' + k for k in kinds)}")
        label = _pick(union.objects(iri, SKOS.prefLabel)) or _pick(union.objects(iri, RDFS.label))
        if not label:
            raise BadVocabulary(f"{where}: <{iri}> has no skos:prefLabel")
        alts = _labels(union, iri, SKOS.altLabel, {label})
        hidden = _labels(union, iri, SKOS.hiddenLabel, {label, *alts})
        broader = []
        for parent in sorted(union.objects(iri, SKOS.broader), key=str):
            if parent not in stated_in:
                raise BadVocabulary(f"{where}: <{iri}> has skos:broader <{parent}>, which is not a concept of the lexicon")
            broader.append(ids[cast(URIRef, parent)])
        concepts[concept_id] = Concept(
            id=concept_id,
            iri=str(iri),
            kind=cast(Kind, kinds[0] if kinds else "Technique"),
            label=label,
            alt_labels=alts,
            broader=tuple(sorted(broader)),
            exact_match=tuple(sorted(str(o) for o in union.objects(iri, SKOS.exactMatch))),
            hidden_labels=hidden,
            definition=_pick(union.objects(iri, SKOS.definition)) or "",
        )
    return concepts


def _labels(graph: Graph, iri: URIRef, predicate: URIRef, taken: set[str]) -> tuple[str, ...]:
    seen = {t.casefold() for t in taken}
    out = []
    for value in sorted((str(v).strip() for v in graph.objects(iri, predicate)), key=lambda s: (s.casefold(), s)):
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            out.append(value)
    return tuple(out)


def _check_loops(concepts: Mapping[str, Concept], stated_in: Mapping[URIRef, int], paths: list[Path]) -> None:
    """Raise BadVocabulary naming the loop if skos:broader goes round in a circle."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(concept_id: str, path: list[str]) -> None:
        state[concept_id] = 1
        path.append(concept_id)
        for parent in concepts[concept_id].broader:
            if state.get(parent) == 1:
                loop = path[path.index(parent):] + [parent]
                latest = max(stated_in[URIRef(concepts[c].iri)] for c in loop)
                raise BadVocabulary(f"{paths[latest]}: skos:broader loop: {' -> '.join(loop)}")
            if parent not in state:
                visit(parent, path)
        path.pop()
        state[concept_id] = 2

    for concept_id in concepts:
        if concept_id not in state:
            visit(concept_id, [])
