"""Word-sense guards: when words that name a concept do not mean it, or do not mean a use of it.

Part of the extract stage, used by :mod:`graph.extract.relations`. Every guard is data in
``data/relation_cues.yaml``:

* the paper's own author list is blanked out before matching ("Glass" the author is no
  concept);
* ``senses.case_sensitive``: abbreviations that are also words or names match only as written;
* ``senses.context``: words with an everyday sense ("pay attention to") are dropped there;
* ``study_title``: a title that reads as a study, survey or textbook ("... : A Critical Look",
  "Does X learn ...") proposes nothing and is about, not using, the techniques it names;
* ``background``: a sentence about the state of the field ("X has transformed how ...",
  "existing X often struggle with ...") uses nothing it names;
* ``bucket_heading`` / ``bucket_fields``: a heading that is a note-taker's bucket (a track, a
  day, "Other", a whole field) says nothing definite of each paper under it.

Examples
--------
>>> from graph.extract.lexicon_files import load_lexicon
>>> guards = load_guards()
>>> lex = load_lexicon()
>>> [m.concept_id for m in guarded_mentions("pay attention to details; attention module", lex, guards)]
['attention']
>>> blank_authors("Glass et al. use gating", ("James Glass",))
'      et al. use gating'
>>> bool(guards.study_title.search("Xyz: A Critical Look")), bool(guards.study_title.search("Xyz: Fast Nets"))
(True, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from graph.extract.lexicon import Lexicon
from graph.extract.mentions import Mention
from graph.parse.cues import read_yaml

__all__ = ["Guards", "load_guards", "guarded_mentions", "blank_authors", "is_bucket"]

_CUES_PATH = Path(__file__).parent.parent / "data" / "relation_cues.yaml"


@dataclass(frozen=True)
class _Context:
    concept: str
    label: re.Pattern[str]
    reject_before: re.Pattern[str] | None
    reject_after: re.Pattern[str] | None


@dataclass(frozen=True)
class Guards:
    """The compiled word-sense guards."""

    case_sensitive: frozenset[str]
    context: tuple[_Context, ...]
    study_title: re.Pattern[str]
    bucket_heading: re.Pattern[str]
    bucket_fields: frozenset[str]
    finding_not_use: re.Pattern[str]
    background: re.Pattern[str]
    list_opener: re.Pattern[str]
    list_join: re.Pattern[str]
    question_text: re.Pattern[str]
    feature_head: re.Pattern[str]
    #: the case-sensitive labels by the casefolded surfaces they govern (the label, its plural)
    case_by_fold: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    #: the context guards by concept, in file order
    context_by_concept: dict[str, tuple[_Context, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # a mention looks up its own guards instead of trying each of them
        case_by_fold: dict[str, tuple[str, ...]] = {}
        for label in self.case_sensitive:
            for fold in (label.casefold(), label.casefold() + "s"):
                case_by_fold[fold] = (*case_by_fold.get(fold, ()), label)
        context_by_concept: dict[str, tuple[_Context, ...]] = {}
        for rule in self.context:
            context_by_concept[rule.concept] = (*context_by_concept.get(rule.concept, ()), rule)
        object.__setattr__(self, "case_by_fold", case_by_fold)
        object.__setattr__(self, "context_by_concept", context_by_concept)


def _optional(raw: dict[str, Any], key: str) -> re.Pattern[str] | None:
    return re.compile(raw[key], re.IGNORECASE) if raw.get(key) else None


@lru_cache(maxsize=4)
def load_guards(path: str | Path = _CUES_PATH) -> Guards:
    """Read the guards from the relation cues (``data/relation_cues.yaml`` by default)."""
    raw: dict[str, Any] = read_yaml(Path(path))
    senses = raw.get("senses", {})
    never = r"(?!x)x"  # a pattern that matches nothing, for a guard left out of the file
    return Guards(
        case_sensitive=frozenset(senses.get("case_sensitive", [])),
        context=tuple(
            _Context(c["concept"], re.compile(c.get("label", ".*"), re.IGNORECASE),
                     _optional(c, "reject_before"), _optional(c, "reject_after"))
            for c in senses.get("context", [])
        ),
        study_title=re.compile(raw.get("study_title", never), re.IGNORECASE),
        bucket_heading=re.compile(raw.get("bucket_heading", never), re.IGNORECASE),
        bucket_fields=frozenset(raw.get("bucket_fields", [])),
        finding_not_use=re.compile(raw.get("finding_not_use", never), re.IGNORECASE),
        background=re.compile(raw.get("background", never), re.IGNORECASE),
        list_opener=re.compile(raw.get("list_opener", never), re.IGNORECASE),
        list_join=re.compile(raw.get("list_join", never), re.IGNORECASE),
        question_text=re.compile(raw.get("question_text", never), re.IGNORECASE),
        feature_head=re.compile(raw.get("feature_head", never), re.IGNORECASE),
    )


def _sense_ok(text: str, mention: Mention, guards: Guards) -> bool:
    surface = mention.surface
    if any(not surface.startswith(label) for label in guards.case_by_fold.get(surface.casefold(), ())):
        return False
    for rule in guards.context_by_concept.get(mention.concept_id, ()):
        if not rule.label.search(surface):
            continue
        if rule.reject_before and rule.reject_before.search(text[: mention.start]):
            return False
        if rule.reject_after and rule.reject_after.search(text[mention.end :]):
            return False
    return True


def guarded_mentions(text: str, lexicon: Lexicon, guards: Guards) -> list[Mention]:
    """The lexicon's mentions in ``text`` that keep their technical sense."""
    return [m for m in lexicon.find_mentions(text) if _sense_ok(text, m, guards)]


def blank_authors(text: str, authors: Iterable[str]) -> str:
    """``text`` with the authors' names (each word of three letters or more) blanked, offsets kept."""
    for author in authors:
        for word in re.findall(r"[^\W\d_][\w'\-]{2,}", author):
            text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", lambda m: " " * len(m.group()), text)
    return text


def is_bucket(label: str, concept: str, guards: Guards) -> bool:
    """Is a heading a bucket for this concept: a track, a day, "Other", or a whole field?"""
    return bool(guards.bucket_heading.search(label)) or concept in guards.bucket_fields
