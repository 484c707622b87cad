"""Derive typed relations — uses, replaces, improves, outperforms, ... — with the words behind each.

Part of the extract stage. A relation always points at a lexicon concept (technique, task or
dataset) that the notes mention; what kind of relation it is comes from cues kept as data in
``data/relation_cues.yaml``:

* a heading's cue ("Conv-replacements" → replaces; "Make use of boundaries" → uses; "GAN
  Training Stability improvements" → improves) applies to every paper under it; a heading
  naming a concept with no cue gives uses (technique), addresses (task), evaluatedOn (dataset);
* phrases around a mention in the title, tl;dr or comment: "drop-in replacement for X",
  "instead of X" (replaces, never uses), "better than X", "A >> B" (outperforms), "without
  X", "no need for X" (nothing), "SOTA on D" (evaluatedOn);
* a title naming its method ("CARAFE: ...", "Spectral regularization for ...") proposes it.

Every relation keeps the exact words it came from, the rule that fired, and the line.

Examples
--------
>>> from graph.parse.notes import parse_text
>>> from graph.extract.facts import extract_facts
>>> from graph.extract.lexicon_files import load_lexicon
>>> notes = parse_text("## Conv-replacements\\n- [9/10][Faster than vanilla conv, uses no attention] Octave things\\n", "a.md")
>>> rels = find_relations(extract_facts([notes]), load_lexicon())
>>> for r in rels:
...     print(r.predicate, r.object, "|", r.rule, "|", r.quote)
outperforms concept/convolution | text: faster than X | Faster than vanilla conv
replaces concept/convolution | heading: X replacements | Conv-replacements
skos:related concept/convolution | heading names a concept | Conv-replacements
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml

from graph.extract.facts import Facts, Relation
from graph.extract.lexicon import Lexicon
from graph.extract.senses import Guards, blank_authors, guarded_mentions, is_bucket, load_guards

__all__ = ["RelationCues", "load_relation_cues", "find_relations", "relations_in_text", "confidence_of"]

_CUES_PATH = Path(__file__).parent.parent / "data" / "relation_cues.yaml"
_GAP = r"(?:\s+[\w\-]+){0,2}?"  # a cue may stand up to two words before its concept
# Which cue wins when several touch a concept; "replacement" is the Y of "replace X with Y".
_PRIORITY = ("negates", "replacement", "replaces", "outperforms", "relatedTo", "improves", "proposes",
             "evaluatedOn", "uses")
# Cues whose reach carries over a list that follows them ("better than X, such as Y").
_CARRIED = ("negates", "replaces", "outperforms", "relatedTo")


@dataclass(frozen=True)
class _Cue:
    name: str  # "before" or "after" the concept
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class RelationCues:
    """Compiled cues: heading patterns, phrase cues before/after a concept, and helpers."""

    heading: tuple[tuple[str, re.Pattern[str], str], ...]
    before: dict[str, tuple[_Cue, ...]]
    after: dict[str, tuple[_Cue, ...]]
    anywhere: dict[str, tuple[re.Pattern[str], ...]]  # a `before` cue wherever it stands
    comparison: re.Pattern[str]
    proposal_subject: re.Pattern[str]
    clause_break: re.Pattern[str]
    task_as_means: re.Pattern[str]
    not_linked: frozenset[str] = frozenset()
    not_linked_below: frozenset[str] = frozenset()


@lru_cache(maxsize=4)
def load_relation_cues(path: str | Path = _CUES_PATH) -> RelationCues:
    """Read and compile the relation cues (``data/relation_cues.yaml`` by default)."""
    raw: dict[str, Any] = yaml.safe_load(Path(path).read_text("utf-8"))
    flags = re.IGNORECASE
    heading = tuple(
        (c["name"], re.compile(c["pattern"], flags), c["relation"]) for c in raw["heading"]
    )
    before: dict[str, tuple[_Cue, ...]] = {}
    after: dict[str, tuple[_Cue, ...]] = {}
    anywhere: dict[str, tuple[re.Pattern[str], ...]] = {}
    for relation, sides in raw["text"].items():
        anywhere[relation] = tuple(re.compile(p, flags) for p in sides.get("before", []))
        before[relation] = tuple(
            _Cue("before", re.compile(rf"(?:{p}){_GAP}\s*$", flags))
            for p in sides.get("before", [])
        )
        after[relation] = tuple(
            _Cue("after", re.compile(rf"^\s*(?:{p})", flags))
            for p in sides.get("after", [])
        )
    return RelationCues(
        heading=heading,
        before=before,
        after=after,
        anywhere=anywhere,
        comparison=re.compile(raw["comparison"], flags),
        proposal_subject=re.compile(raw["proposal_subject"], flags),
        clause_break=re.compile(raw["clause_break"], flags),
        task_as_means=re.compile(raw["task_as_means"], flags),
        not_linked=frozenset(raw.get("not_linked", {}).get("exactly", [])),
        not_linked_below=frozenset(raw.get("not_linked", {}).get("below", [])),
    )


# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    predicate: str
    concept: str
    quote: str
    rule: str
    aspect: str | None = None


def _clauses(text: str, cues: RelationCues,
             lexicon: Lexicon | None = None) -> Iterator[tuple[str, str]]:
    """(separator before, clause) pairs: the text cut where a cue's reach ends.

    A break inside a concept's label ("Vision and Language Models") does not cut it.
    """
    labels = [(m.start, m.end) for m in lexicon.find_mentions(text)] if lexicon is not None else []
    start, separator = 0, ""
    for m in cues.clause_break.finditer(text):
        if any(a < m.start() and m.end() < b for a, b in labels):
            continue
        if m.start() > start:
            yield separator, text[start : m.start()]
        start, separator = m.end(), m.group(0).strip().lower()
    if start < len(text):
        yield separator, text[start:]


def _kind(lexicon: Lexicon, concept_id: str) -> str:
    return str(lexicon.concepts[concept_id].kind)


def _default_for(kind: str) -> str:
    return {"Task": "addresses", "Dataset": "evaluatedOn"}.get(kind, "uses")


def _allowed(predicate: str, kind: str, rule: str | None = None) -> bool:
    if predicate == "relatedTo" or rule == "text: X for another task":
        return True
    if kind == "Dataset":
        return predicate in ("evaluatedOn", "negates")
    if kind == "Task":
        return predicate in ("addresses", "improves", "negates")
    return predicate != "evaluatedOn"


def _carried_cue(clause: str, cues: RelationCues) -> str | None:
    """A cue in a clause that names no concept, to carry to the list after it."""
    for relation in _CARRIED:
        if any(p.search(clause) for p in cues.anywhere.get(relation, ())):
            return relation
    return None


def relations_in_text(text: str, lexicon: Lexicon, cues: RelationCues | None = None,
                      guards: Guards | None = None) -> list[_Found]:
    """Relations the words of one field (title, tl;dr or comment) give its paper.

    Examples
    --------
    >>> from graph.extract.lexicon_files import load_lexicon
    >>> for f in relations_in_text("Softmax > TripletLoss, no need to sample triplets", load_lexicon()):
    ...     print(f.predicate, f.concept, "|", f.rule)
    uses concept/softmax | text: mentions a technique
    outperforms concept/triplet-loss | text: A > X
    """
    cues = cues or load_relation_cues()
    guards = guards or load_guards()
    found: list[_Found] = []
    carried: _Found | None = None  # a cue that reaches over "A, B and C"
    needs_opener = False  # carried from a clause naming no concept: only "such as Y" gets it
    # Sentences stating a finding against something give no uses edge ("X does not help").
    findings = [s for s in re.split(r"[.;!?]", text) if guards.finding_not_use.search(s)]
    for separator, clause in _clauses(text, cues, lexicon):
        mentions = guarded_mentions(clause, lexicon, guards)
        if separator not in (",", "and", "or"):  # a cue reaches over "A, B and C" only
            carried = None
        if not mentions:
            relation = _carried_cue(clause, cues)
            carried = _Found(relation, "", "", f"text: {relation} X, such as Y") if relation else None
            needs_opener = True
            continue
        if carried is not None and needs_opener and not guards.list_opener.match(clause):
            carried = None
        in_finding = any(clause.strip() and clause.strip() in f for f in findings)
        if carried is not None and len(clause[: mentions[0].start].split()) <= 2 \
                and not _match_any(cues, clause[: mentions[0].start]):
            for mention in mentions:
                kind = _kind(lexicon, mention.concept_id)
                if carried.predicate != "negates" and _allowed(carried.predicate, kind):
                    found.append(_Found(carried.predicate, "concept/" + mention.concept_id,
                                        clause.strip(), carried.rule, carried.aspect))
            needs_opener = False  # the list goes on: "such as A and B"
            continue
        carried, needs_opener = None, False
        quote = clause.strip()
        comparison = cues.comparison.search(clause)
        for index, mention in enumerate(mentions):
            kind = _kind(lexicon, mention.concept_id)
            prefix, suffix = clause[: mention.start], clause[mention.end :]
            predicate, rule, aspect = _default_for(kind), None, None
            following = mentions[index + 1] if index + 1 < len(mentions) else None
            if kind == "Task" and following is not None and cues.task_as_means.fullmatch(clause[mention.end : following.start]):
                # "Few-shot unsupervised image translation", "continual learning for image generation":
                # a task named as the way to another is a setting the paper uses.
                predicate, rule = "uses", "text: X for another task"
                if "learning-setting" not in lexicon.ancestors(mention.concept_id):
                    # "Paragraph retrieval for question answering": both are problems it addresses.
                    predicate, rule = "addresses", None
            if comparison and mention.start >= comparison.start("b"):
                predicate, rule = "outperforms", f"text: A {comparison.group('op')} X"
            else:
                for relation in _PRIORITY:
                    if not _allowed("uses" if relation == "replacement" else relation, kind):
                        continue  # "based on X": the "on" of evaluatedOn is for datasets only
                    hit = _match_cue(cues, relation, prefix, suffix)
                    if hit is not None:
                        cue, m = hit
                        words = " ".join(m.group(0).lower().split())
                        rule = f"text: {words} X" if cue.name == "before" else f"text: X {words}"
                        predicate = "uses" if relation == "replacement" else relation
                        aspect = _aspect(m)
                        break
            carried = _Found(predicate, "", "", rule or "", aspect) if rule and predicate != "uses" else None
            if predicate == "proposes" and (lexicon.descendants(mention.concept_id) or not any(
                    re.search(rf"(?:{p.pattern})\s*$", prefix, re.IGNORECASE)
                    for p in cues.anywhere.get("proposes", ()))):
                # "proposed a global-local context module": words between the cue and the label
                # make the paper's method narrower than the concept, as does a broad parent.
                predicate = "uses"
            if predicate == "negates" or not _allowed(predicate, kind, rule):
                continue
            if predicate == "uses" and in_finding:
                continue
            broader = lexicon.concepts[mention.concept_id].broader
            if predicate == "improves" and rule and rule.startswith("text: X ") and "better" in rule \
                    and kind == "Technique" and broader:
                # "Learned pooling works better": the paper's learned pooling does better than
                # pooling as usually done; it uses the one and improves on the broader one.
                found.append(_Found("improves", "concept/" + broader[0], quote, rule, aspect))
                predicate = "uses"
            found.append(
                _Found(predicate, "concept/" + mention.concept_id, quote,
                       rule or f"text: mentions a {kind.lower()}", aspect)
            )
    return found


def _match_any(cues: RelationCues, prefix: str) -> bool:
    return any(_match_cue(cues, relation, prefix, "") for relation in _PRIORITY)


def _match_cue(cues: RelationCues, relation: str, prefix: str, suffix: str) -> tuple[_Cue, re.Match[str]] | None:
    for cue in cues.before.get(relation, ()):
        m = cue.pattern.search(prefix)
        if m:
            return cue, m
    for cue in cues.after.get(relation, ()):
        m = cue.pattern.match(suffix)
        if m:
            return cue, m
    return None


def _aspect(m: re.Match[str]) -> str | None:
    try:
        value = m.group("aspect")
    except IndexError:
        return None
    return value.lower() if value else None


def _is_umbrella(label: str) -> bool:
    """"GANs, style transfer, video": a heading that groups sections says nothing per paper."""
    return len([p for p in re.split(r",|;|/|&", label) if p.strip()]) >= 3


def _heading_relations(label: str, lexicon: Lexicon, cues: RelationCues) -> list[_Found]:
    if _is_umbrella(label):
        return []
    for name, pattern, relation in cues.heading:
        m = pattern.match(label.strip())
        if not m:
            continue
        words = m.group("x")
        found = []
        for mention in lexicon.find_mentions(words):
            kind = _kind(lexicon, mention.concept_id)
            predicate = relation if _allowed(relation, kind) else _default_for(kind)
            rest = (words[: mention.start] + words[mention.end :]).strip(" -:")
            aspect = rest.lower() if relation == "improves" and rest else None
            found.append(_Found(predicate, "concept/" + mention.concept_id, label,
                                f"heading: {name}", aspect))
        if found:
            return found
    return [
        _Found(_default_for(_kind(lexicon, m.concept_id)), "concept/" + m.concept_id, label,
               "heading: names a " + _kind(lexicon, m.concept_id).lower())
        for m in lexicon.find_mentions(label)
    ]


# A coined name: a capital inside a word ("SlowFast", "Slow-Fast", "CornerNet") or all capitals.
_COINED = re.compile(r"([A-Z][a-z]+[A-Z]\w*|[A-Z0-9]{3,})(?![\w\-])")


def _proposed(title: str, short_name: str | None, tldr: str | None, lexicon: Lexicon,
              cues: RelationCues) -> tuple[str, str, str] | None:
    """(concept id, quote, rule) when the notes name the paper's own method and the lexicon knows it.

    The method is named by the title's short name ("CARAFE: ..."), by the subject of a tl;dr
    ("OctConv is both faster ...") or by the better side of a comparison ("A >> B").
    """
    if short_name:
        concept = lexicon.resolve(short_name)
        if concept is not None and concept.kind == "Technique" and not lexicon.descendants(concept.id):
            return str(concept.id), title, "title: names its method"
    opening = next(iter(lexicon.find_mentions(title)), None)
    if opening is not None and not title[: opening.start].strip() \
            and _kind(lexicon, opening.concept_id) == "Technique" and _COINED.fullmatch(opening.surface) \
            and not title[opening.end :].startswith("-"):
        # "SlowFast Networks for ...": a title that opens with a coined name names its method.
        return str(opening.concept_id), title, "title: names its method"
    if tldr:
        first = next(_clauses(tldr, cues), ("", ""))[1]
        for pattern, rule in ((cues.comparison, "tl;dr: A >> B"), (cues.proposal_subject, "tl;dr: subject")):
            m = pattern.search(first)
            if not m:
                continue
            subject = m.group("a").strip()
            mentions = lexicon.find_mentions(subject)
            # Only a specific method (no narrower concept) that the title names too is the
            # paper's own proposal; "Softmax > TripletLoss" compares two known things.
            if len(mentions) == 1 and _kind(lexicon, mentions[0].concept_id) == "Technique" \
                    and not lexicon.descendants(mentions[0].concept_id) \
                    and any(t.concept_id == mentions[0].concept_id for t in lexicon.find_mentions(title)):
                return str(mentions[0].concept_id), first.strip(), rule
    return None


_CAPITAL_WORD = re.compile(r"\b[A-Za-z0-9]*[a-z0-9][A-Z]{3,}\b|\b[A-Z0-9][A-Za-z0-9]*-?[A-Z]{3,}\b")


def _names_several(label: str, lexicon: Lexicon) -> bool:
    """Does a heading join several subjects ("Text detection and recognition")?"""
    parts = [p for p in re.split(r",|;|&|/|\band\b", label) if p.strip()]
    return len(parts) > 1 and any(not lexicon.find_mentions(p) for p in parts)


def _embedded_names(title: str, short_name: str | None, lexicon: Lexicon,
                    line: int) -> list[tuple[_Found, int, str]]:
    """"PuppetGAN", "VideoBERT", "S2GAN": a method named after what it builds on uses it."""
    found = []
    for m in _CAPITAL_WORD.finditer(title):
        word = m.group(0)
        tail = re.search(r"[A-Z]{3,}$", word)
        if not tail or tail.group(0) == word:
            continue
        concept = lexicon.resolve(tail.group(0))
        if concept is not None and concept.kind == "Technique":
            found.append((_Found("uses", "concept/" + concept.id, title,
                                 f"title: {word} is named after {tail.group(0)}"), line, "title"))
    return found


def _heading_found(facts: Facts, file: str, path: tuple[str, ...], heading_found: Callable[[str], list[_Found]],
                   lexicon: Lexicon) -> list[tuple[_Found, int, str]]:
    """What the headings above a paper say of it: for each kind of concept, the nearest heading wins.

    "Semantic segmentation > Salient object detection": papers there address salient object
    detection, not semantic segmentation; a technique heading above still applies.
    """
    found: list[tuple[_Found, int, str]] = []
    kinds_done: set[str] = set()
    for depth in range(len(path), 0, -1):
        heading = facts.headings.get((file, path[:depth]))
        if heading is None or heading.workshop:
            continue
        here = [f for f in heading_found(heading.label)
                if _kind(lexicon, f.concept.removeprefix("concept/")) not in kinds_done]
        tasks = [f for f in here if _kind(lexicon, f.concept.removeprefix("concept/")) == "Task"]
        if len(tasks) >= 2 or (tasks and _names_several(heading.label, lexicon)):
            # "Text detection and recognition": which one a paper is about, it does not say.
            here = [f for f in here if f not in tasks]
            kinds_done.add("Task")
        found.extend((f, heading.line, "heading") for f in here)
        if heading.comment:  # "(note that everyone exploits edges & boundaries)"
            found.extend((f, heading.line, "heading")
                         for f in relations_in_text(heading.comment, lexicon)
                         if f.predicate != "addresses")
        kinds_done |= {_kind(lexicon, f.concept.removeprefix("concept/")) for f in here}
    return found


def _keep(found: list[tuple[_Found, int, str]], lexicon: Lexicon, proposed: str | None,
          cues: RelationCues) -> list[tuple[_Found, int, str]]:
    """Drop what the other edges of the paper make redundant or wrong.

    * "uses X" beside "proposes X" or "replaces X" (a replacement is never a use);
    * "addresses image segmentation" beside "addresses semantic segmentation": the narrower
      task says it;
    * edges to concepts too general to say anything (``not_linked`` in the cues).
    """
    concepts = lambda predicate: {f.concept.removeprefix("concept/") for f, _, _ in found  # noqa: E731
                                  if f.predicate == predicate}
    not_used = {c for c in concepts("replaces") | concepts("proposes")}
    broader_tasks = {a for c in concepts("addresses") for a in lexicon.ancestors(c)}
    kept = []
    for item in found:
        concept = item[0].concept.removeprefix("concept/")
        if item[0].predicate == "uses" and concept in not_used:
            continue
        if item[0].predicate == "addresses" and concept in broader_tasks:
            continue
        if _linkable(concept, lexicon, cues):
            kept.append(item)
    return kept


def _linkable(concept: str, lexicon: Lexicon, cues: RelationCues) -> bool:
    if concept in cues.not_linked or concept in cues.not_linked_below:
        return False
    return not any(a in cues.not_linked_below for a in lexicon.ancestors(concept))


def _specific(concept: str, title: str, lexicon: Lexicon) -> bool:
    """Is a concept specific enough to be what a paper proposes: a coined name, or its title's?"""
    key = concept.removeprefix("concept/")
    return bool(_COINED.search(lexicon.concepts[key].label)) or any(
        m.concept_id == key for m in lexicon.find_mentions(title))


def _unbucketed(headed: list[tuple[_Found, int, str]], named: set[str],
                guards: Guards) -> list[tuple[_Found, int, str]]:
    """Heading edges, those from a bucket heading ("Other", a track, a whole field) as relatedTo.

    When the entry itself names the concept, its own words say the relation and the bucket
    heading adds nothing.
    """
    kept = []
    for f, line, field in headed:
        if f.rule.startswith("heading") and is_bucket(f.quote, f.concept.removeprefix("concept/"), guards):
            if f.concept in named:
                continue
            f = _Found("relatedTo", f.concept, f.quote, "heading: a bucket heading names X")
        kept.append((f, line, field))
    return kept


_MENTION_RULES = ("text: mentions a ", "text: X for another task", "title: ")
_EXPLICIT_TITLE_RULES = ("title: names its method",)


def confidence_of(rule: str, field: str) -> str:
    """How firmly the notes say an edge: ``explicit``, ``mention`` or ``heading`` (see CONFIDENCE_LEVELS).

    A cue in the words ("instead of X", "better than X", "we propose X", "CARAFE: ...") is
    explicit; a bare lexicon mention in a title, tl;dr or comment is a mention; whatever a
    heading (or an area) says of the papers under it is inherited.

    >>> confidence_of("text: instead of X", "comment"), confidence_of("text: mentions a technique", "title")
    ('explicit', 'mention')
    >>> confidence_of("heading: make use of X", "heading"), confidence_of("title: names its method", "title")
    ('heading', 'explicit')
    """
    if field in ("heading", "area") or rule.startswith("heading"):
        return "heading"
    if rule in _EXPLICIT_TITLE_RULES:
        return "explicit"
    if rule.startswith(_MENTION_RULES):
        return "mention"
    return "explicit"


def find_relations(facts: Facts, lexicon: Lexicon, cues: RelationCues | None = None) -> list[Relation]:
    """All typed relations of a set of facts, each with its evidence.

    Parameters
    ----------
    facts
        From :func:`graph.extract.facts.extract_facts` (papers, topics, their headings).
    lexicon
        A :class:`graph.extract.lexicon.Lexicon`: the concepts relations may point at.
    cues
        Relation cues; ``data/relation_cues.yaml`` by default.
    """
    cues = cues or load_relation_cues()
    relations: dict[tuple[str, str, str, str], Relation] = {}

    def add(subject: str, f: _Found, file: str, line: int, field: str) -> None:
        key = (subject, f.predicate, f.concept, file)
        if key not in relations:
            relations[key] = Relation(subject, f.predicate, f.concept, file, line, f.quote,
                                      f.rule, field, f.aspect, confidence_of(f.rule, field))

    heading_cache: dict[str, list[_Found]] = {}

    def heading_found(label: str) -> list[_Found]:
        if label not in heading_cache:
            heading_cache[label] = _heading_relations(label, lexicon, cues)
        return heading_cache[label]

    # Papers filed under a topic by "(also SinGAN and InGAN)" get what its heading says too.
    also_topics: dict[tuple[str, str], list[str]] = {}
    also_lines: dict[tuple[str, str], int] = {}
    for m in facts.memberships:
        paper = facts.papers.get(m.item)
        if paper is not None and all((e.file, e.line) != (m.file, m.line) for e in paper.entries):
            also_topics.setdefault((m.item, m.file), []).append(m.topic)
            also_lines[(m.item, m.topic)] = m.line

    guards = load_guards()
    for key in sorted(facts.papers):
        paper = facts.papers[key]
        for entry in paper.entries:
            found: list[tuple[_Found, int, str]] = []
            # A study, a survey or a book proposes nothing and is about what its title names.
            study = bool(guards.study_title.search(entry.title))
            proposal = _proposed(entry.title, None if study else paper.short_name, entry.tldr,
                                 lexicon, cues)
            if proposal and study and proposal[2].startswith("title"):
                proposal = None
            proposed = "concept/" + proposal[0] if proposal else None
            if proposal:
                field = "title" if proposal[2].startswith("title") else "tldr"
                found.append((_Found("proposes", str(proposed), proposal[1], proposal[2]), entry.line, field))
            for field, text in (("title", entry.title), ("tldr", entry.tldr), ("comment", entry.comment)):
                # The authors' names are no concepts ("Glass", "Bengio").
                for f in relations_in_text(blank_authors(text or "", entry.authors), lexicon, cues, guards):
                    # A comment mentions tasks in passing; the title and tl;dr say what a paper is for.
                    if field == "comment" and f.predicate == "addresses":
                        continue
                    if field == "title" and f.predicate == "improves" \
                            and _kind(lexicon, f.concept.removeprefix("concept/")) == "Task":
                        # "Improving relation extraction with ...": the task it improves it addresses.
                        found.append((_Found("addresses", f.concept, f.quote, f.rule), entry.line, field))
                    if study and field == "title" and f.predicate in ("uses", "proposes"):
                        f = _Found("relatedTo", f.concept, f.quote, "title: a study of X")
                    if f.predicate == "proposes" and not _specific(f.concept, entry.title, lexicon):
                        f = _Found("uses", f.concept, f.quote, f.rule + " (too broad to be its own)")
                    found.append((f, entry.line, field))
            named = {f.concept for f, _, _ in found}
            headed = _heading_found(facts, entry.file, entry.topic_path, heading_found, lexicon)
            for topic in also_topics.get((key, entry.file), ()):
                label, line = facts.topics[topic].label, also_lines[(key, topic)]
                headed.extend((f, line, "heading") for f in heading_found(label))
            found.extend(_unbucketed(headed, named, guards))
            found.extend(_embedded_names(entry.title, paper.short_name, lexicon, entry.line))
            for f, line, field in _keep(found, lexicon, proposed, cues):
                add(key, f, entry.file, line, field)

    # Topics and areas that name a concept are related to it.
    for (file, path), heading in sorted(facts.headings.items()):
        topic = facts.heading_topics[(file, path)]
        for mention in lexicon.find_mentions(heading.label):
            add(topic, _Found("skos:related", "concept/" + mention.concept_id, heading.label,
                              "heading names a concept"), file, heading.line, "heading")
    for area_key, area in facts.areas:
        for mention in lexicon.find_mentions(area.label):
            add(area_key, _Found("skos:related", "concept/" + mention.concept_id, area.label,
                                 "area names a concept"), area.file, area.line, "area")
    return list(relations.values())
