"""Qualities a paper claims in words that name no concept: "quicker to train", "speeds up inference".

Part of the extract stage, used by :mod:`graph.extract.relations`. A lexicon label for such a
quality would read a bare "training" or "inference" as a claim; these phrases are claims only
(a comparative, a speed-up verb), kept as data under ``quality_phrases`` in
``data/relation_cues.yaml``. A negated or hedged clause ("not faster to train", "maybe speeds up
inference") claims nothing.
"""

from __future__ import annotations

import re

from graph.extract.lexicon import Lexicon
from graph.extract.regex_screen import ascii_lowered, may_match
from graph.extract.relation_cues import RelationCues
from graph.extract.text_relations import Found

__all__ = ["quality_claims"]

RULE = "text: claims a quality"


# patterns used per text, compiled once (re's cache lookup per call is not free)
_CLAIM_SENTENCE_END = re.compile(r"[.;!?]\s|<br>|\n")


def quality_claims(text: str, lexicon: Lexicon, cues: RelationCues) -> list[Found]:
    """An improves edge for each quality the words claim, once per quality.

    >>> from graph.extract.lexicon_files import load_lexicon
    >>> from graph.extract.text_relations import load_relation_cues
    >>> lexicon, cues = load_lexicon(), load_relation_cues()
    >>> [(f.predicate, f.concept) for f in quality_claims("Owls become 3x quicker to train.", lexicon, cues)]
    [('improves', 'concept/training-efficiency')]
    >>> quality_claims("It is not quicker to train.", lexicon, cues)
    []
    """
    found: dict[str, Found] = {}
    negations = cues.before.get("negates", ())
    # A claim may list its qualities ("a frugal, quick and scalable trainer"): read whole sentences.
    # most texts hold none of a phrase's words: its pattern is not searched in their sentences
    lowered = ascii_lowered(text)
    phrases = [(concept, pattern) for concept, pattern in cues.quality_phrases.items() if may_match(pattern, lowered)]
    if not phrases:
        return []
    for sentence in _CLAIM_SENTENCE_END.split(text):
        for concept, pattern in phrases:
            m = pattern.search(sentence)
            if m is None or concept in found or concept not in lexicon:
                continue
            before = re.sub(r"\bnot only\b", "", sentence[: m.start()], flags=re.IGNORECASE)  # "not only ... but also"
            if any(cue.pattern.search(before) for cue in negations):
                continue  # "not quicker to train", "maybe speeds up inference"
            found[concept] = Found("improves", "concept/" + concept, sentence.strip(), RULE,
                                   cues.confidence("quality_phrase"), cued=True)
    return list(found.values())
