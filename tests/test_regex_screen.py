"""The screen before a search never skips a text the pattern matches (graph.extract.regex_screen)."""

from __future__ import annotations

import random
import re

from graph.extract.regex_screen import ascii_lowered, may_match, needed_words
from graph.extract.senses import load_guards
from graph.extract.text_relations import load_relation_cues


def _patterns() -> list[re.Pattern[str]]:
    cues, guards = load_relation_cues(), load_guards()
    found = [cues.title_means_before, guards.finding_not_use, guards.background, *cues.quality_phrases.values()]
    for by_relation in (cues.before, cues.after, cues.anywhere, cues.after_anywhere):
        found += [cue.pattern for group in by_relation.values() for cue in group]
    return found


def test_a_screened_out_text_never_matches() -> None:
    rng = random.Random(12)
    patterns = _patterns()
    words = sorted({w for p in patterns for w in re.findall(r"[A-Za-z]+", p.pattern)} | {"the", "X", "GAN", "2x"})
    skipped = 0
    for _ in range(3000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 9))) + rng.choice(["", " ", ".", " \n"])
        text = text.upper() if rng.random() < 0.2 else text
        lowered = ascii_lowered(text)
        for pattern in patterns:
            if not may_match(pattern, lowered):
                skipped += 1
                assert pattern.search(text) is None, (pattern.pattern, text)
    assert skipped > 10_000  # the screen does skip searches


def test_needed_words_of_a_cue() -> None:
    pattern = re.compile(r"\b(faster|quicker) to train\b|\bscales? well", re.IGNORECASE)
    assert needed_words(pattern) == {" to train", "scale"}
    assert may_match(pattern, ascii_lowered("Trains Faster To Train"))
    assert not may_match(pattern, ascii_lowered("fast training"))
    assert may_match(pattern, ascii_lowered("ſcales well"))  # not ASCII: searched, as re folds ſ to s
    assert needed_words(re.compile(r"\bunnecessary\b|\bnot necessary|\bnecessary")) == {"necessary"}  # the shorter suffices
    assert needed_words(re.compile(r"不管用|没用")) == frozenset()  # no ASCII text matches
