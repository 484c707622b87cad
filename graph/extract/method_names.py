"""What makes words the name of a method of a paper's own: a coined shape, a descriptive name.

Part of the extract stage: the tests :mod:`graph.extract.title_proposals` (a title's names) and
:mod:`graph.extract.summary_proposals` (a tl;dr's or comment's names) share. A word reads as a
coined name by its shape ("FleeceNet", "S4L", "Q-Mul") when the lexicon lacks it; a few words
are a descriptive name when words of their own stand before a technique ("Pebble Attention");
a near spelling of a concept's label ("Wasserstien GAN") is that concept, no name of its own.
"""

from __future__ import annotations

import difflib
import re

from graph.extract.lexicon import Lexicon
from graph.extract.text_relations import RelationCues

__all__ = ["JOINING", "LINK_REMNANTS", "NAME_SHAPE", "named_phrase", "misspelt", "new_name"]


# Words that join the words of a name ("Graph of Records"), never its first or last word.
JOINING = frozenset({"of", "for", "and", "the", "a", "an", "in", "on", "to", "with"})


# What a notes line leaves before its own words: link texts ("[link]; "), a venue in brackets.
LINK_REMNANTS = re.compile(r"^(\s*(\[[^\]]*\]|\([^)]*\))\s*[;:,.\-–—|]?)+\s*")


# A word (of three characters or more) that reads as a coined name: a capital after its first
# letter ("FleeceNet", "SCNN"), or a digit beside a letter ("S4L", "Tag2Pix").
NAME_SHAPE = re.compile(r"^.\S*[A-Z]|[A-Za-z]\d|\d[A-Za-z]")


# A part of a hyphenated word that makes it a coined name: a capital after a small letter
# ("GraphHerd"), a digit beside a letter ("Mul2"), a single letter ("Q-Mul").
_CODED_PART = re.compile(r"[a-z][A-Z]|[A-Za-z]\d|\d[A-Za-z]|^[A-Za-z]$")


# patterns used per text, compiled once (re's cache lookup per call is not free)
_SOURCE_FILE = re.compile(r"[A-Za-z]\w*\.(cpp|c|js|py|rs|jl|go)")
_TWO_CAPITALS_WORD = re.compile(r"[A-Z]{2}[a-z]{3,}")


def named_phrase(words: list[str], lexicon: Lexicon, cues: RelationCues, capitalised: bool = False) -> bool:
    """Do a few words name a method of the paper's own: words of its own before a technique?

    The last word is a technique the lexicon names by one word ("Transformer", "Attention",
    "Loss") or one of ``method_heads`` ("Sampling"); the one to three words before it are
    not generic ("Simple", "Deep"), do not open titles ("Towards"), are no gerunds
    ("Learning"), and name no concept of the lexicon unless a compound does ("Pebble-Enriched");
    the whole is no concept of the lexicon. With ``capitalised`` every word starts with a
    capital, as a name in a title does.

    >>> from graph.extract.lexicon_files import load_lexicon
    >>> from graph.extract.text_relations import load_relation_cues
    >>> lex, cues = load_lexicon(), load_relation_cues()
    >>> [named_phrase(n.split(), lex, cues, capitalised=True) for n in
    ...  ("Tree Transformer", "Vision Transformer", "the Transformer", "Simple Attention", "Herd-Aware Sampling")]
    [True, False, False, False, True]
    """
    if not 2 <= len(words) <= 4:
        return False
    head, modifiers = words[-1], words[:-1]
    if capitalised and not all(w[:1].isupper() for w in words):
        return False
    concept = lexicon.resolve(head)
    if not ((concept is not None and concept.kind == "Technique") or head.casefold() in cues.method_heads):
        return False
    for word in modifiers:
        folded = word.casefold()
        if folded in cues.generic_modifiers or folded in cues.title_opener_words or folded in JOINING \
                or not re.fullmatch(r"[A-Za-z]\w*(?:-\w+)*", word) \
                or (folded.endswith("ing") and "-" not in word) or (lexicon.find_mentions(word) and "-" not in word):
            return False
    return lexicon.resolve(" ".join(words)) is None and not misspelt(" ".join(words), lexicon)


def misspelt(name: str, lexicon: Lexicon) -> bool:
    """Is a name a near spelling of a concept's label ("Wasserstien GAN")? Then it is that concept.

    >>> from graph.extract.lexicon_files import load_lexicon
    >>> misspelt("Wasserstien GAN", load_lexicon()), misspelt("Pebble GAN", load_lexicon())
    (True, False)
    """
    word = name.casefold()
    return bool(difflib.get_close_matches(word, _near_labels(word, lexicon), n=1, cutoff=0.9))


def _near_labels(word: str, lexicon: Lexicon) -> list[str]:
    """The labels difflib could find within 0.9 of ``word``; the others it would reject anyway.

    Its ratio is at most 2·shared/total, shared counting the letters both have (``quick_ratio``),
    which is at most the shorter length (``real_quick_ratio``) and at most each one's length
    less its distinct letters the other lacks: labels of a far length or with too many letters
    of their own cannot reach 0.9, and cheap arithmetic on the bits of their letters finds them
    among thousands.
    """
    bits, by_length = lexicon.label_letters()
    letters = 0  # the word's letters that some label has, a bit each
    strange = 0  # ... and how many it has that no label has
    for letter in set(word):
        bit = bits.get(letter)
        if bit is None:
            strange += 1
        else:
            letters |= bit
    near: list[str] = []
    for length, labels in by_length.items():
        total = length + len(word)
        # the fewest shared letters that reach 0.9, by difflib's own arithmetic (from just below)
        fewest = next((shared for shared in range(max(0, int(0.45 * total) - 2), min(length, len(word)) + 1)
                       if 2.0 * shared / total >= 0.9), None)
        if fewest is None:
            continue
        label_spare, word_spare = length - fewest, len(word) - fewest - strange
        if word_spare < 0:
            continue
        # a label's letters the word lacks, and the word's letters the label lacks
        near += [label for label, own in labels
                 if (own & ~letters).bit_count() <= label_spare and (letters & ~own).bit_count() <= word_spare]
    return near


def new_name(word: str, lexicon: Lexicon) -> bool:
    """Does a word look like a coined name the lexicon lacks?

    >>> from graph.extract.lexicon_files import load_lexicon
    >>> lex = load_lexicon()
    >>> [new_name(w, lex) for w in ("HerdNet2", "Q-Mul", "owlnet.cpp", "LSTMs", "Graph-Guided", "AI-driven", "NIcely")]
    [True, True, True, False, False, False, False]
    """
    if _SOURCE_FILE.fullmatch(word):
        return lexicon.resolve(word.rsplit(".", 1)[0] + " " + word.rsplit(".", 1)[1]) is None  # a library: "owlnet.cpp"
    if "-" in word and not any(_CODED_PART.search(part) for part in word.split("-")) and not (
            any(re.fullmatch(r"[A-Z]{3,}", part) for part in word.split("-"))
            and all(part[:1].isupper() or part[:1].isdigit() for part in word.split("-"))):
        return False  # a compound of plain words, "Graph-Guided", "AI-driven"
    if _TWO_CAPITALS_WORD.fullmatch(word):
        return False  # a word typed with the shift key held too long: "INteresting"
    return len(word) >= 3 and bool(NAME_SHAPE.search(word)) and not (word.upper() == word and len(word) < 4) \
        and lexicon.resolve(word) is None and lexicon.resolve(word.removesuffix("s")) is None
