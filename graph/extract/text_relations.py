"""Relations the words of one field give its paper: phrase cues around lexicon mentions.

Part of the extract stage, used by :mod:`graph.extract.relations`. The cues are data in
``data/relation_cues.yaml``: phrases before or after a mention ("instead of X", "better than
X", "X-free"), a comparison "A >> B", cues that carry over a list ("better than X, such as Y"),
and sentences stating a finding against something ("X does not help"), which give no uses edge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from graph.extract.lexicon import Lexicon
from graph.extract.senses import Guards, guarded_mentions, load_guards
from graph.parse.cues import read_yaml

__all__ = ["RelationCues", "Found", "load_relation_cues", "relations_in_text", "clauses", "kind_of",
           "default_for", "allowed"]

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
    raw: dict[str, Any] = read_yaml(Path(path))
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
class Found:
    predicate: str
    concept: str
    quote: str
    rule: str
    aspect: str | None = None


def clauses(text: str, cues: RelationCues,
            lexicon: Lexicon | None = None) -> Iterator[tuple[str, str]]:
    """(separator before, clause) pairs: the text cut where a cue's reach ends.

    A break inside a concept's label ("Vision and Language Models") does not cut it.

    >>> list(clauses("faster than conv, and lighter", load_relation_cues()))
    [('', 'faster than conv'), ('and', ' lighter')]
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


def kind_of(lexicon: Lexicon, concept_id: str) -> str:
    """The kind of a lexicon concept: Technique, Task or Dataset."""
    return str(lexicon.concepts[concept_id].kind)


def default_for(kind: str) -> str:
    """What a bare mention of a concept of this kind gives its paper.

    >>> default_for("Technique"), default_for("Task"), default_for("Dataset")
    ('uses', 'addresses', 'evaluatedOn')
    """
    return {"Task": "addresses", "Dataset": "evaluatedOn"}.get(kind, "uses")


def allowed(predicate: str, kind: str, rule: str | None = None) -> bool:
    """May a relation point at a concept of this kind? (A paper is evaluated on datasets only.)

    A task named as the means to another ("few-shot ... translation") is one the paper uses.

    >>> allowed("evaluatedOn", "Technique"), allowed("uses", "Task"), allowed("uses", "Task", "text: X for another task")
    (False, False, True)
    """
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
                      guards: Guards | None = None) -> list[Found]:
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
    found: list[Found] = []
    carried: Found | None = None  # a cue that reaches over "A, B and C"
    needs_opener = False  # carried from a clause naming no concept: only "such as Y" gets it
    unread: str | None = None  # that clause, its cue not looked for yet
    # Sentences stating a finding against something give no uses edge ("X does not help").
    findings = [s for s in re.split(r"[.;!?]", text) if guards.finding_not_use.search(s)]
    for separator, clause in clauses(text, cues, lexicon):
        mentions = guarded_mentions(clause, lexicon, guards)
        if separator not in (",", "and", "or"):  # a cue reaches over "A, B and C" only
            carried, unread = None, None
        if not mentions:
            # its cue is looked for only when a clause naming concepts follows it in a list
            carried, unread = None, clause
            needs_opener = True
            continue
        if unread is not None:
            relation = _carried_cue(unread, cues)
            carried = Found(relation, "", "", f"text: {relation} X, such as Y") if relation else None
            unread = None
        if carried is not None and needs_opener and not guards.list_opener.match(clause):
            carried = None
        in_finding = any(clause.strip() and clause.strip() in f for f in findings)
        if carried is not None and len(clause[: mentions[0].start].split()) <= 2 \
                and not _match_any(cues, clause[: mentions[0].start]):
            for mention in mentions:
                kind = kind_of(lexicon, mention.concept_id)
                if carried.predicate != "negates" and allowed(carried.predicate, kind):
                    found.append(Found(carried.predicate, "concept/" + mention.concept_id,
                                        clause.strip(), carried.rule, carried.aspect))
            needs_opener = False  # the list goes on: "such as A and B"
            continue
        carried, needs_opener = None, False
        quote = clause.strip()
        comparison = cues.comparison.search(clause)
        for index, mention in enumerate(mentions):
            kind = kind_of(lexicon, mention.concept_id)
            prefix, suffix = clause[: mention.start], clause[mention.end :]
            predicate, rule, aspect = default_for(kind), None, None
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
                    if not allowed("uses" if relation == "replacement" else relation, kind):
                        continue  # "based on X": the "on" of evaluatedOn is for datasets only
                    hit = _match_cue(cues, relation, prefix, suffix)
                    if hit is not None:
                        cue, m = hit
                        words = " ".join(m.group(0).lower().split())
                        rule = f"text: {words} X" if cue.name == "before" else f"text: X {words}"
                        predicate = "uses" if relation == "replacement" else relation
                        aspect = _aspect(m)
                        break
            carried = Found(predicate, "", "", rule or "", aspect) if rule and predicate != "uses" else None
            if predicate == "proposes" and (lexicon.descendants(mention.concept_id) or not any(
                    re.search(rf"(?:{p.pattern})\s*$", prefix, re.IGNORECASE)
                    for p in cues.anywhere.get("proposes", ()))):
                # "proposed a global-local context module": words between the cue and the label
                # make the paper's method narrower than the concept, as does a broad parent.
                predicate = "uses"
            if predicate == "negates" or not allowed(predicate, kind, rule):
                continue
            if predicate == "uses" and in_finding:
                continue
            broader = lexicon.concepts[mention.concept_id].broader
            if predicate == "improves" and rule and rule.startswith("text: X ") and "better" in rule \
                    and kind == "Technique" and broader:
                # "Learned pooling works better": the paper's learned pooling does better than
                # pooling as usually done; it uses the one and improves on the broader one.
                found.append(Found("improves", "concept/" + broader[0], quote, rule, aspect))
                predicate = "uses"
            found.append(
                Found(predicate, "concept/" + mention.concept_id, quote,
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
