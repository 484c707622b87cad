"""The relation cue file, ``data/relation_cues.yaml``: read, checked and compiled into :class:`RelationCues`.

Part of the extract stage, used by :mod:`graph.extract.text_relations` (which reads a field's
words with them), :mod:`graph.extract.relations` and the proposals (:mod:`graph.extract.title_proposals`,
:mod:`graph.extract.summary_proposals`, :mod:`graph.extract.method_names`). The file holds
phrases before or after a mention, cues that carry over a list, heading cues, word lists and
the confidence of every cue and rule; a file that does not read or does not check ends in
one :class:`graph.errors.BadCues` naming where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.domain import CONFIDENCE_LEVELS
from graph.errors import BadCues
from graph.parse.cues import read_yaml, yaml_error

__all__ = ["CUE_GIVES", "CUE_PRIORITY", "HeadingCue", "RULES", "RelationCues", "TextCue", "load_relation_cues"]

_CUES_PATH = Path(__file__).parent.parent / "data" / "relation_cues.yaml"
# Up to two words before its concept, never across a likeness ("with masks like X"); or a short
# noun phrase naming a group and the opening of its examples ("outperforms strong baselines such
# as X", "instead of costly solvers, e.g. X"): the cue reaches the examples.
_WORD_GAP = r"\s+(?!(?:like|unlike|versus|vs|such|including|e\.g|namely)\b)[\w\-]+"
_GAP = rf"(?:(?:{_WORD_GAP}){{0,2}}?|(?:{_WORD_GAP}){{1,3}},?\s+(?:such as|including|e\.g\.?,?|namely))"
# Which cue wins when several touch a concept; "replacement" is the Y of "replace X with Y".
# "addresses" comes before "negates": it holds for tasks only, and to avoid a problem ("avoids
# mode collapse") is to address it, where to avoid a technique ("avoids anchors") is not to use it.
# "measured" comes first: a task where a gain is measured ("2x faster summarisation") is no goal.
# "benefit" ("reduced X", "fewer X": a problem made smaller) comes before "addresses", whose
# verbs ("reduces X") it would otherwise meet.
CUE_PRIORITY = ("measured", "benefit", "addresses", "negates", "replacement", "replaces", "outperforms",
                "relatedTo", "improves", "proposes", "objective", "evaluatedOn", "uses")
# Cue groups whose edges are of another relation: the group names where it stands in CUE_PRIORITY.
CUE_GIVES = {"replacement": "uses", "benefit": "improves", "objective": "uses"}


@dataclass(frozen=True)
class TextCue:
    """A phrase that stands before or after a concept and gives the relation it is filed under."""

    name: str  # "before" or "after" the concept
    pattern: re.Pattern[str]
    confidence: str
    also: str | None = None  # a second relation the cue gives a technique


@dataclass(frozen=True)
class HeadingCue:
    """A heading pattern: its name, its pattern (group ``x``), the relation and its confidence."""

    name: str
    pattern: re.Pattern[str]
    relation: str
    confidence: str


@dataclass(frozen=True)
class RelationCues:
    """Compiled cues: heading patterns, phrase cues before/after a concept, and helpers.

    ``rule_confidence`` holds the confidence of each reading the extractor makes with no cue
    of the file ("mention": a bare lexicon mention; "title_names_method": "CARAFE: ...").
    """

    heading: tuple[HeadingCue, ...]
    before: dict[str, tuple[TextCue, ...]]
    after: dict[str, tuple[TextCue, ...]]
    anywhere: dict[str, tuple[TextCue, ...]]  # a `before` cue wherever it stands
    comparison: re.Pattern[str]
    proposal_subject: re.Pattern[str]
    clause_break: re.Pattern[str]
    task_as_means: re.Pattern[str]
    task_by_means: re.Pattern[str]
    title_means: re.Pattern[str]
    rule_confidence: dict[str, str]
    qualities: frozenset[str] = frozenset()
    not_linked: frozenset[str] = frozenset()
    not_linked_below: frozenset[str] = frozenset()
    subject_models: frozenset[str] = frozenset()
    summary_proposal_before: re.Pattern[str] = re.compile(r"(?!)")
    summary_proposal_after: re.Pattern[str] = re.compile(r"(?!)")
    title_system: re.Pattern[str] = re.compile(r"(?!)")
    quality_claim: re.Pattern[str] = re.compile(r"(?!)")
    title_opening_means: re.Pattern[str] = re.compile(r"(?!)")
    built_on_suffix: re.Pattern[str] = re.compile(r"(?!)")
    family_process: re.Pattern[str] = re.compile(r"(?!)")
    # the paper's own method (graph.extract.title_proposals, summary_proposals): how titles and summaries name it
    title_method_opening: re.Pattern[str] = re.compile(r"(?!)")
    title_opener_words: frozenset[str] = frozenset()
    method_heads: frozenset[str] = frozenset()
    generic_modifiers: frozenset[str] = frozenset()
    title_phrase_after: re.Pattern[str] = re.compile(r"(?!)")
    title_means_before: re.Pattern[str] = re.compile(r"(?!)")
    summary_phrase_before: re.Pattern[str] = re.compile(r"(?!)")
    summary_plain_name: re.Pattern[str] = re.compile(r"(?!)")
    topic_word_endings: tuple[str, ...] = ()
    title_artefact: re.Pattern[str] = re.compile(r"(?!)")
    target_of: re.Pattern[str] = re.compile(r"(?!)")
    compared_between: re.Pattern[str] = re.compile(r"(?!)")
    own_subject: re.Pattern[str] = re.compile(r"(?!)")
    not_coined: frozenset[str] = frozenset()
    # a quality claimed in words no lexicon label holds ("faster to train"): concept id -> pattern
    quality_phrases: dict[str, re.Pattern[str]] = field(default_factory=dict)
    after_anywhere: dict[str, tuple[TextCue, ...]] = field(default_factory=dict)  # an `after` cue wherever it stands

    def confidence(self, rule: str) -> str:
        """The confidence of one of the extractor's own readings (a key of ``rule_confidence``)."""
        return self.rule_confidence[rule]


# The extractor's own readings, each given a confidence under `rule_confidence` in the cue file.
RULES = ("compared_others", "coined_use", "mention", "task_as_means", "title_names_method", "named_after", "comparison",
         "proposal_subject", "study_title", "question", "finding", "broader_in_words", "heading_names", "heading_comment", "bucket_heading",
         "subject_model", "summary_names_method", "quality_claim", "quality_phrase", "tag", "feature_head")


def _level(value: Any, where: str, path: Path) -> str:
    """A confidence level as written in the cue file, or one BadCues naming where it stands."""
    if value not in CONFIDENCE_LEVELS:
        shown = "no confidence" if value is None else f"unknown confidence {value!r}"
        raise BadCues(f"{path}: {shown} for {where} (use one of: {', '.join(CONFIDENCE_LEVELS)})")
    return str(value)


def load_relation_cues(path: str | Path | None = None) -> RelationCues:
    """Read and compile the relation cues (``data/relation_cues.yaml`` by default).

    Raises
    ------
    BadCues
        When the file cannot be read or parsed, or a cue's confidence is not one of
        ``explicit``, ``mention``, ``heading``.
    """
    return _load(Path(path) if path is not None else _CUES_PATH)


@lru_cache(maxsize=4)
def _load(path: Path) -> RelationCues:
    try:
        raw: dict[str, Any] = read_yaml(path)
        return _compile(raw, path)
    except (OSError, UnicodeDecodeError, yaml_error()) as e:
        raise BadCues(f"{path}: cannot read the relation cues ({type(e).__name__})") from None
    except re.error as e:
        raise BadCues(f"{path}: a cue is not a regular expression: {e}") from None
    except (KeyError, TypeError, AttributeError) as e:
        raise BadCues(f"{path}: malformed relation cues ({type(e).__name__}: {e})") from None


def _text_cue(item: str | dict[str, str], group: str, path: Path) -> tuple[str, str, str | None]:
    """(pattern, confidence, also): a cue is a pattern, or ``{pattern: ..., confidence: ..., also: ...}``.

    ``confidence`` differs from its group's; ``also`` is a second relation the cue gives a
    technique ("reducing over-smoothing in GNNs" improves GNNs and uses them).
    """
    if isinstance(item, dict):
        also = item.get("also")
        if also is not None and also not in CUE_PRIORITY:
            raise BadCues(f"{path}: unknown relation {also!r} in 'also' of cue {item['pattern']!r}")
        return item["pattern"], _level(item.get("confidence", group), f"cue {item['pattern']!r}", path), also
    return item, group, None


def _compile(raw: dict[str, Any], path: Path) -> RelationCues:
    flags = re.IGNORECASE
    heading = tuple(
        HeadingCue(c["name"], re.compile(c["pattern"], flags), c["relation"],
                   _level(c.get("confidence"), f"heading cue {c['name']!r}", path))
        for c in raw["heading"]
    )
    before: dict[str, tuple[TextCue, ...]] = {}
    after: dict[str, tuple[TextCue, ...]] = {}
    anywhere: dict[str, tuple[TextCue, ...]] = {}
    after_anywhere: dict[str, tuple[TextCue, ...]] = {}
    for relation, sides in raw["text"].items():
        group = _level(sides.get("confidence"), f"text cues {relation!r}", path)
        befores = [_text_cue(item, group, path) for item in sides.get("before", [])]
        afters = [_text_cue(item, group, path) for item in sides.get("after", [])]
        anywhere[relation] = tuple(TextCue("anywhere", re.compile(p, flags), level, also) for p, level, also in befores)
        after_anywhere[relation] = tuple(TextCue("anywhere", re.compile(p, flags), level, also) for p, level, also in afters)
        before[relation] = tuple(
            TextCue("before", re.compile(rf"(?:{p})(?P<gap>{_GAP})\s*$", flags), level, also) for p, level, also in befores
        )
        after[relation] = tuple(
            TextCue("after", re.compile(rf"^\s*(?:{p})", flags), level, also) for p, level, also in afters
        )
    rules = raw.get("rule_confidence") or {}
    rule_confidence = {rule: _level(rules.get(rule), f"rule {rule!r} under rule_confidence", path)
                       for rule in RULES}
    for rule in rules:
        if rule not in RULES:
            raise BadCues(f"{path}: unknown rule {rule!r} under rule_confidence (known: {', '.join(RULES)})")
    return RelationCues(
        heading=heading,
        rule_confidence=rule_confidence,
        before=before,
        after=after,
        anywhere=anywhere,
        after_anywhere=after_anywhere,
        comparison=re.compile(raw["comparison"], flags),
        proposal_subject=re.compile(raw["proposal_subject"], flags),
        clause_break=re.compile(raw["clause_break"], flags),
        task_as_means=re.compile(raw["task_as_means"], flags),
        task_by_means=re.compile(raw["task_by_means"], flags),
        title_means=re.compile(raw["title_means"], flags),
        qualities=frozenset(raw.get("qualities", [])),
        not_linked=frozenset(raw.get("not_linked", {}).get("exactly", [])),
        not_linked_below=frozenset(raw.get("not_linked", {}).get("below", [])),
        subject_models=frozenset(raw.get("subject_models", [])),
        summary_proposal_before=re.compile(raw.get("summary_proposal_before", r"(?!)"), flags),
        summary_proposal_after=re.compile(raw.get("summary_proposal_after", r"(?!)"), flags),
        title_system=re.compile(raw.get("title_system", r"(?!)"), flags),
        quality_claim=re.compile(raw.get("quality_claim", r"(?!)"), flags),
        title_opening_means=re.compile(raw.get("title_opening_means", r"(?!)"), flags),
        built_on_suffix=re.compile(raw.get("built_on_suffix", r"(?!)"), flags),
        family_process=re.compile(raw.get("family_process", r"(?!)"), flags),
        title_method_opening=re.compile(raw.get("title_method_opening", r"(?!)"), flags),
        title_opener_words=frozenset(w.casefold() for w in raw.get("title_opener_words", [])),
        method_heads=frozenset(w.casefold() for w in raw.get("method_heads", [])),
        generic_modifiers=frozenset(w.casefold() for w in raw.get("generic_modifiers", [])),
        title_phrase_after=re.compile(raw.get("title_phrase_after", r"(?!)"), flags),
        title_means_before=re.compile(raw.get("title_means_before", r"(?!)"), flags),
        summary_phrase_before=re.compile(raw.get("summary_phrase_before", r"(?!)"), flags),
        summary_plain_name=re.compile(raw.get("summary_plain_name", r"(?!)")),  # case matters: a name
        title_artefact=re.compile(raw.get("title_artefact", r"(?!)"), flags),
        topic_word_endings=tuple(str(e).casefold() for e in raw.get("topic_word_endings", [])),
        target_of=re.compile(raw.get("target_of", r"(?!)"), flags),
        compared_between=re.compile(raw.get("compared_between", r"(?!)"), flags),
        own_subject=re.compile(raw.get("own_subject", r"(?!)"), flags),
        not_coined=frozenset(raw.get("not_coined", [])),
        quality_phrases={str(concept): re.compile(pattern, flags)
                         for concept, pattern in (raw.get("quality_phrases") or {}).items()},
    )
