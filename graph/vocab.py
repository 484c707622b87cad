"""The notekg vocabulary: one namespace for the project's classes and properties.

Terms are a :class:`rdflib.namespace.DefinedNamespace` with ``_fail = True``, so a typo such as
``NK.Papr`` raises instead of minting a new IRI. ``data/ontology.ttl`` describes the same terms
(labels, comments, domains, ranges); a test checks the two agree. The plain-text facts about the
terms (prefixes, node types, relations) are in :mod:`graph.domain`, which needs no rdflib.

>>> NK.Paper
rdflib.term.URIRef('https://w3id.org/notekg/vocab#Paper')
>>> NK.Papr
Traceback (most recent call last):
...
AttributeError: term 'Papr' not in namespace 'https://w3id.org/notekg/vocab#'
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from graph.domain import DEFAULT_BASE, NK_NAMESPACE, PREFIXES, RELATION_TYPES, compact_iri

__all__ = ["NK", "SCHEMA", "PREFIXES", "DEFAULT_BASE", "RELATIONS", "compact_iri"]


class NK(DefinedNamespace):
    """notekg's own terms."""

    _fail = True

    # Classes
    Paper: URIRef  # A scholarly article noted by the researcher.
    Topic: URIRef  # A heading of the notes: a subject the note-taker grouped papers under.
    Workshop: URIRef  # A workshop heading ("Workshop: ..."): a topic that is also an event.
    Area: URIRef  # A research area the note-taker lists with their attention (skipped, studied).
    Event: URIRef  # The conference the notes come from (e.g. ICCV 2019).
    Notes: URIRef  # A markdown notes file.
    Note: URIRef  # A piece of the notes that is not a paper (a remark under a heading).
    TalkNote: URIRef  # A note taken during a workshop talk.
    Question: URIRef  # An open question the note-taker wrote down.
    Book: URIRef  # A book the notes mention.
    Technique: URIRef  # A method, module, model or idea papers use.
    Task: URIRef  # A problem papers address.
    Dataset: URIRef  # A dataset papers are evaluated on.
    Evidence: URIRef  # Why an edge exists: the words, rule and line that gave rise to it.

    # The note-taker's view
    rating: URIRef  # The rating normalised to 0–10 (integer when whole, else decimal).
    verdict: URIRef  # A verdict word instead of a number ("yes", "maybe", "must read").
    unrated: URIRef  # True when the notes mark the paper explicitly as unrated ("[???]").
    tldr: URIRef  # The one-line summary in brackets.
    comment: URIRef  # The longer remark after the title.
    award: URIRef  # An award noted with the rating (e.g. "BEST PAPER ICCV2019").
    struck: URIRef  # True when the note-taker struck the item through.
    attention: URIRef  # How closely the note-taker followed an area ("skipped", "some time", "closer look").
    opinion: URIRef  # The note-taker's TL;DR opinion on an area or topic.
    text: URIRef  # The text of a note that is not a paper.
    kind: URIRef  # What a note that is not a paper is: remark, talk, link, book ...
    reason: URIRef  # Why an entry that looked like a paper was not taken for one.

    # Links and names
    arxivId: URIRef  # The arXiv identifier (e.g. 1904.05049).
    videoUrl: URIRef  # A video of the talk or results.
    codeUrl: URIRef  # Source code.
    shortName: URIRef  # The method's short name given before the title's colon (e.g. CARAFE).
    presentedAt: URIRef  # The event a paper or workshop belongs to.
    year: URIRef  # The year of an event.
    venue: URIRef  # The venue an entry names for its paper (e.g. CVPR, NeurIPS, arXiv).
    authorList: URIRef  # The paper's authors in the order written, "A; B; C".

    # Provenance
    sourceLine: URIRef  # 1-based line in the notes file.
    quote: URIRef  # The exact words an edge came from.
    rule: URIRef  # The rule or cue that produced an edge.
    field: URIRef  # Where the words were: title, tldr, comment or heading.
    aspect: URIRef  # What an "outperforms" claim is about (faster, accuracy, ...).
    confidence: URIRef  # How firmly the notes say an edge: explicit, mention or heading.

    # Typed relations
    uses: URIRef
    replaces: URIRef
    improves: URIRef
    proposes: URIRef
    outperforms: URIRef
    addresses: URIRef
    evaluatedOn: URIRef
    relatedTo: URIRef

    _NS = Namespace(NK_NAMESPACE)


SCHEMA = Namespace(PREFIXES["schema"])

#: The typed relations between papers, techniques, tasks and datasets, in display order.
RELATIONS: tuple[URIRef, ...] = tuple(NK[relation.name] for relation in RELATION_TYPES)
