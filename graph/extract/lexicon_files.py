"""Read the lexicon from its files: the shipped ``data/lexicon.ttl`` plus users' SKOS files.

A file holds SKOS concepts typed ``nk:Technique``, ``nk:Task`` or ``nk:Dataset`` (or only
``skos:Concept``: a technique), each with a preferred label, synonyms (``skos:altLabel``),
misspellings and risky abbreviations (``skos:hiddenLabel``) and ``skos:broader`` links. Users add
their own files of the same shape (``notekg build --vocab mine.ttl``); a user's concept may reuse
an IRI of the shipped file to add synonyms to it.

Files are parsed by Oxigraph (the shipped lexicon of about 1200 concepts in a few tens of
milliseconds, where rdflib's Turtle parser takes most of a second) and read as plain Python;
the rdflib graph of the concepts is made only when the model asks for it
(:attr:`graph.extract.lexicon.Lexicon.graph`). Parses and lexicons are cached by file path,
modification time and size.

Usage
-----
>>> lex = load_lexicon()
>>> lex.resolve("spec-norm").id
'spectral-normalization'
>>> lex.concepts["octave-convolution"].broader
('convolution',)
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Union, cast

import pyoxigraph as ox

from graph.domain import NK_NAMESPACE, PREFIXES
from graph.errors import BadVocabulary, NotekgError
from graph.extract import abbreviations as abbreviations_module
from graph.extract import lexicon as lexicon_module
from graph.extract import mentions as mentions_module
from graph.extract.lexicon import KINDS, Concept, Kind, Lexicon
from graph.rdf_input import check_jsonld
from graph.user_cache import cache_folder, load_pickle, prune, store_pickle

__all__ = ["load_lexicon", "LEXICON_PATH", "CONCEPT_NS", "CONCEPT_BASE"]

#: The shipped lexicon.
LEXICON_PATH = Path(__file__).parent.parent / "data" / "lexicon.ttl"

#: Where the shipped concepts' IRIs live; a concept's id is its IRI after this prefix.
CONCEPT_BASE = "https://w3id.org/notekg/id/concept/"


def __getattr__(name: str) -> Any:
    """``CONCEPT_NS``: :data:`CONCEPT_BASE` as an rdflib ``Namespace`` (rdflib loaded on first use)."""
    if name == "CONCEPT_NS":
        from rdflib import Namespace

        return Namespace(CONCEPT_BASE)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

_SKOS = PREFIXES["skos"]
_RDF_TYPE = PREFIXES["rdf"] + "type"
_RDFS_LABEL = PREFIXES["rdfs"] + "label"
_PREF, _ALT, _HIDDEN = _SKOS + "prefLabel", _SKOS + "altLabel", _SKOS + "hiddenLabel"
_LABELS = (_PREF, _ALT, _HIDDEN)
_KIND_CLASSES = {NK_NAMESPACE + kind: kind for kind in KINDS}
_CONCEPT_CLASSES = {*_KIND_CLASSES, _SKOS + "Concept"}
_NOT_CONCEPTS = {_SKOS + "ConceptScheme", _SKOS + "Collection", _SKOS + "OrderedCollection"}

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal]
#: Statements by subject, then predicate IRI: the objects in the order first stated.
Statements = dict[Term, dict[str, dict[Term, None]]]
_Stamp = tuple[str, int, int]
_Loaded = tuple[dict[str, Concept], dict[tuple[str, str], int], Mapping[str, tuple[tuple[Term, str, Term], ...]]]


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
    loaded = _LOADED.pop(stamps, None)
    lexicon = None
    if loaded is None:
        loaded, lexicon = _kept(paths, stamps)
    _LOADED[stamps] = loaded  # most recently used last
    while len(_LOADED) > 16:
        del _LOADED[next(iter(_LOADED))]
    return lexicon or _lexicon(loaded)


def _lexicon(loaded: _Loaded) -> Lexicon:
    concepts, sources, statements = loaded
    return Lexicon(concepts, None, sources, statements=statements, to_rdflib=_rdflib_triple,
                   prefixes={"c": CONCEPT_BASE, "nk": NK_NAMESPACE, "skos": _SKOS})


def _rdflib_triple(triple: tuple[Any, str, Any]) -> tuple[Any, Any, Any]:
    from graph.terms import from_oxigraph  # rdflib, for the commands that want its graph

    s, p, o = triple
    return from_oxigraph(s), from_oxigraph(ox.NamedNode(p)), from_oxigraph(o)


#: What a loaded lexicon is made of, for reading it back from the user's cache.
_KEPT_CLASSES = {("graph.extract.lexicon", "Concept"), ("graph.extract.lexicon", "Lexicon"),
                 ("graph.extract.lexicon_files", "_rdflib_triple"), ("graph.extract.lexicon_files", "_BySubject"),
                 ("pyoxigraph", "NamedNode"),
                 ("pyoxigraph", "Literal"), ("pyoxigraph", "BlankNode")}


def _kept(paths: list[Path], stamps: tuple[_Stamp, ...]) -> tuple[_Loaded, Lexicon | None]:
    """:func:`_load`'s result and the lexicon made of it, kept in the user's cache folder
    (:mod:`graph.user_cache`) for the next process: read back in a fifth of the time parsing
    and checking the files and making the lexicon's matcher take.

    Kept under a digest of the files' bytes, notekg's lexicon code and the Python and Oxigraph
    versions; files that do not load (a broken ``--vocab`` file) are never kept.
    """
    folder = cache_folder()
    if folder is None:
        return _load(paths, stamps), None
    digest = hashlib.sha256(b"notekg-lexicon/1\0" + f"{sys.version}\0{ox.__version__}".encode())
    try:
        for source in (Path(__file__), Path(lexicon_module.__file__ or ""), Path(mentions_module.__file__ or ""),
                       Path(abbreviations_module.__file__ or ""), *paths):
            data = source.read_bytes()
            digest.update(b"%d\0" % len(data) + data)
    except OSError:  # _load says what is wrong with the file
        return _load(paths, stamps), None
    file = folder / f"lexicon-{digest.hexdigest()[:32]}.pickle"
    kept = load_pickle(file, _KEPT_CLASSES)
    if isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[1], Lexicon):
        return cast(_Loaded, kept[0]), kept[1]
    loaded = _load(paths, stamps)
    lexicon = _lexicon(loaded)
    lexicon.label_letters()  # kept made, read back with the rest (making it takes 8 ms)
    store_pickle(file, (loaded, lexicon))
    prune(folder, "lexicon-*.pickle")  # other --vocab files, earlier notekg: the newest few stay
    return loaded, lexicon


_LOADED: dict[tuple[_Stamp, ...], _Loaded] = {}
_PARSED: dict[_Stamp, Statements] = {}


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
    union: Statements = {}
    stated_in: dict[str, int] = {}
    label_sources: dict[tuple[str, str], int] = {}
    for index, (path, stamp) in enumerate(zip(paths, stamps)):
        statements = _parse(path, stamp)
        subjects = _concept_subjects(statements, path)
        if not subjects:
            raise BadVocabulary(
                f"{path}: defines no SKOS concepts (nothing with a skos:prefLabel, skos:altLabel "
                "or a type nk:Technique, nk:Task, nk:Dataset or skos:Concept)"
            )
        for subject in subjects:
            stated_in[subject.value] = index
            known = union.get(subject, {})
            for new in statements[subject].get(_PREF, ()):
                for old in list(known.get(_PREF, ())):
                    if _lang(old) == _lang(new) and old != new:
                        del known[_PREF][old]
                        known.setdefault(_ALT, {})[old] = None
            for predicate in _LABELS:
                for literal in statements[subject].get(predicate, ()):
                    label_sources[(subject.value, literal.value.strip())] = index
        for node, properties in statements.items():
            merged = union.setdefault(node, {})
            for predicate, objects in properties.items():
                merged.setdefault(predicate, {}).update(objects)
    concepts = _build_concepts(union, stated_in, paths)
    _check_loops(concepts, stated_in, paths)
    sources = {(_local_id(iri), text): index for (iri, text), index in label_sources.items()}
    # Oxigraph terms by subject: made into rdflib terms only for the concepts a model copies
    return concepts, sources, _BySubject(union)


class _BySubject(Mapping[str, tuple[tuple[Term, str, Term], ...]]):
    """The statements of each subject IRI as triples, made when first asked for.

    A model copies a few dozen concepts of a lexicon of a thousand; making every subject's
    triples up front took a sizeable share of loading it. Kept in the user's cache (see
    :func:`_kept`), each subject's statements are N-Triples text, parsed by Oxigraph when asked
    for: unpickling the ten thousand Oxigraph terms took half the time of reading the lexicon back.

    >>> by_subject = _BySubject({ox.NamedNode("urn:a"): {"urn:p": {ox.Literal("x", language="en"): None}}})
    >>> import pickle
    >>> again = pickle.loads(pickle.dumps(by_subject))
    >>> again["urn:a"] == by_subject["urn:a"] == ((ox.NamedNode("urn:a"), "urn:p", ox.Literal("x", language="en")),)
    True
    >>> list(again), len(again)
    (['urn:a'], 1)
    """

    def __init__(self, union: Statements) -> None:
        self._union: Statements | None = union
        self._iris: dict[str, Term | None] = {s.value: s for s in union}
        self._made: dict[str, tuple[tuple[Term, str, Term], ...]] = {}
        self._text: dict[str, str] = {}

    def __getitem__(self, iri: str) -> tuple[tuple[Term, str, Term], ...]:
        made = self._made.get(iri)
        if made is None:
            if self._union is None:  # read back from the cache
                made = _triples_of(self._text[iri])  # KeyError for an unknown subject, as a dict would raise
            else:
                s = cast(Term, self._iris[iri])
                made = tuple((s, p, o) for p, objects in self._union[s].items() for o in objects)
            self._made[iri] = made
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._iris)

    def __len__(self) -> int:
        return len(self._iris)

    def __getstate__(self) -> dict[str, Any]:
        text: dict[str, str] = {}
        made: dict[str, tuple[tuple[Term, str, Term], ...]] = {}
        for iri in self._iris:
            triples = self[iri]
            lines = "".join(f"{s} <{p}> {o} .\n" for s, p, o in triples)
            if _triples_of(lines) == triples:
                text[iri] = lines
            else:  # what N-Triples would not give back the same (a blank node's label): as terms
                made[iri] = triples
        return {"_union": None, "_iris": dict.fromkeys(self._iris), "_made": made, "_text": text}


def _triples_of(lines: str) -> tuple[tuple[Term, str, Term], ...]:
    """N-Triples lines as ``(subject, predicate IRI, object)`` triples, by Oxigraph."""
    return tuple((t.subject, t.predicate.value, t.object) for t in ox.parse(lines, format=ox.RdfFormat.N_TRIPLES))


def _parse(path: Path, stamp: _Stamp) -> Statements:
    """Parse one vocabulary file (cached; never modify the result), as a one-line BadVocabulary on failure."""
    statements = _PARSED.get(stamp)
    if statements is None:
        syntax = _syntax(path)
        statements = {}
        try:
            if syntax == ox.RdfFormat.JSON_LD:  # Oxigraph would ask for a remote @context: say why not
                check_jsonld(path)
            for triple in ox.parse(path=str(path), format=syntax):
                properties = statements.setdefault(triple.subject, {})
                properties.setdefault(triple.predicate.value, {})[triple.object] = None
        except OSError as error:
            raise BadVocabulary(f"{path}: cannot read: {error.strerror or error}") from None
        except NotekgError as error:
            raise BadVocabulary(str(error)) from None
        except (SyntaxError, ValueError) as error:
            raise BadVocabulary(f"{path}: not valid {syntax.name}: {_one_line(error)}") from None
        _PARSED[stamp] = statements
        while len(_PARSED) > 32:
            del _PARSED[next(iter(_PARSED))]
    return statements


def _syntax(path: Path) -> ox.RdfFormat:
    """The RDF syntax of a file by its suffix; Turtle when the suffix says nothing."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "owl":
        return ox.RdfFormat.RDF_XML
    return ox.RdfFormat.from_extension(suffix) or ox.RdfFormat.TURTLE


def _one_line(error: Exception) -> str:
    """Oxigraph's "Parser error at line 6 between columns 1 and 4: ..." as "line 6: ..."."""
    text = " ".join(str(error).split()) or type(error).__name__
    where = re.match(r"Parser error at line (\d+)[^:]*: (.*?)(?: \([^()]*line \d+\))?$", text)
    if where:
        text = f"line {where.group(1)}: {where.group(2)}"
    return text if len(text) <= 300 else text[:297] + "..."


def _lang(term: Term) -> str | None:
    return term.language if isinstance(term, ox.Literal) else None


def _local_id(iri: str) -> str:
    if iri.startswith(CONCEPT_BASE):
        return iri[len(CONCEPT_BASE):]
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def _concept_subjects(statements: Statements, path: Path) -> list[ox.NamedNode]:
    """The subjects of a file that are concepts: typed as such, or given SKOS labels."""
    subjects = []
    for subject, properties in statements.items():
        types = {t.value for t in properties.get(_RDF_TYPE, ()) if isinstance(t, ox.NamedNode)}
        if not (types & _CONCEPT_CLASSES or any(p in properties for p in _LABELS)):
            continue
        if types & _NOT_CONCEPTS:
            continue
        if not isinstance(subject, ox.NamedNode):
            raise BadVocabulary(f"{path}: every concept needs an IRI, found a blank node with SKOS labels")
        subjects.append(subject)
    return sorted(subjects, key=lambda s: s.value)


def _text(term: Term) -> str:
    return str(term.value)


def _pick(values: Iterable[Term]) -> str | None:
    """One literal: English first, then untagged, then any; ties broken alphabetically."""
    literals = [v for v in values if isinstance(v, ox.Literal)]
    if not literals:
        return None
    best = min(literals, key=lambda v: ({"en": 0, None: 1}.get(v.language, 2), v.value))
    return best.value.strip()


def _build_concepts(union: Statements, stated_in: Mapping[str, int], paths: list[Path]) -> dict[str, Concept]:
    concepts: dict[str, Concept] = {}
    iri_of: dict[str, str] = {}
    ids = {iri: _local_id(iri) for iri in stated_in}
    for iri in sorted(stated_in):
        where = paths[stated_in[iri]]
        concept_id = ids[iri]
        if not concept_id:
            raise BadVocabulary(f"{where}: cannot take a concept id from the IRI <{iri}>")
        if concept_id in iri_of:
            raise BadVocabulary(f"{where}: <{iri}> and <{iri_of[concept_id]}> would both have the id {concept_id!r}")
        iri_of[concept_id] = iri
        properties = union[ox.NamedNode(iri)]
        types = {t.value for t in properties.get(_RDF_TYPE, ()) if isinstance(t, ox.NamedNode)}
        kinds = sorted(_KIND_CLASSES[t] for t in types if t in _KIND_CLASSES)
        unknown = sorted(t for t in types if t.startswith(NK_NAMESPACE) and t not in _KIND_CLASSES)
        if unknown:
            raise BadVocabulary(f"{where}: <{iri}> has an unknown type <{unknown[0]}>; "
                                "use nk:Technique, nk:Task or nk:Dataset")
        if len(kinds) > 1:
            raise BadVocabulary(f"{where}: <{iri}> has more than one kind: {', '.join('nk:' + k for k in kinds)}")
        label = _pick(properties.get(_PREF, ())) or _pick(properties.get(_RDFS_LABEL, ()))
        if not label:
            raise BadVocabulary(f"{where}: <{iri}> has no skos:prefLabel")
        alts = _labels(properties.get(_ALT, ()), {label})
        hidden = _labels(properties.get(_HIDDEN, ()), {label, *alts})
        broader = []
        for parent in sorted((_text(p) for p in properties.get(_SKOS + "broader", ()))):
            if parent not in stated_in:
                raise BadVocabulary(f"{where}: <{iri}> has skos:broader <{parent}>, which is not a concept of the lexicon")
            broader.append(ids[parent])
        concepts[concept_id] = Concept(
            id=concept_id,
            iri=iri,
            kind=cast(Kind, kinds[0] if kinds else "Technique"),
            label=label,
            alt_labels=alts,
            broader=tuple(sorted(broader)),
            exact_match=tuple(sorted(_text(o) for o in properties.get(_SKOS + "exactMatch", ()))),
            hidden_labels=hidden,
            definition=_pick(properties.get(_SKOS + "definition", ())) or "",
        )
    return concepts


def _labels(values: Iterable[Term], taken: set[str]) -> tuple[str, ...]:
    seen = {t.casefold() for t in taken}
    out = []
    for value in sorted((_text(v).strip() for v in values), key=lambda s: (s.casefold(), s)):
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            out.append(value)
    return tuple(out)


def _check_loops(concepts: Mapping[str, Concept], stated_in: Mapping[str, int], paths: list[Path]) -> None:
    """Raise BadVocabulary naming the loop if skos:broader goes round in a circle."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(concept_id: str, path: list[str]) -> None:
        state[concept_id] = 1
        path.append(concept_id)
        for parent in concepts[concept_id].broader:
            if state.get(parent) == 1:
                loop = path[path.index(parent):] + [parent]
                latest = max(stated_in[concepts[c].iri] for c in loop)
                raise BadVocabulary(f"{paths[latest]}: skos:broader loop: {' -> '.join(loop)}")
            if parent not in state:
                visit(parent, path)
        path.pop()
        state[concept_id] = 2

    for concept_id in concepts:
        if concept_id not in state:
            visit(concept_id, [])
