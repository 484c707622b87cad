"""Finding a lexicon's labels in text: words as matched, the trie of the labels, the mentions.

Part of the extract stage, the matcher of :class:`graph.extract.lexicon.Lexicon` (which holds
the concepts, and a trie of their labels made here). Matching is case-insensitive, on word
boundaries, tolerant of plurals ("convs", "boundaries", "losses") and of hyphens versus spaces
("self-attention", "self attention"); the longest label wins and mentions never overlap; a
coordination sharing a head word ("data and tensor parallelism") names each.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from graph.extract.abbreviations import Expansions, fold_spans

if TYPE_CHECKING:  # for the type hints only: lexicon.py imports this module
    from graph.extract.lexicon import Concept

__all__ = ["Mention", "label_key", "label_trie", "find_labels", "with_elided"]


@dataclass(frozen=True)
class Mention:
    """Where a concept is named in a text: ``text[start:end] == surface``."""

    concept_id: str
    start: int
    end: int
    surface: str


# A word: letters and digits, with trailing pluses when no letter follows ("CARAFE++",
# "DeepLabv3+"), so that "conv+bn" is still two words.
# CJK ideographs and kana are not part of a word: "提出了LDAMLoss" names LDAMLoss. Each is a
# word of its own (those scripts leave no spaces), so a label written in them ("集成学习",
# ensemble learning) matches inside a run of them.
_TOKEN = re.compile(r"[^\W_\u3040-\u30ff\u3400-\u9fff]+(?:\+(?![^\W_]))*|[\u3040-\u30ff\u3400-\u9fff]")
# What may separate the words of a label in text: spaces, one hyphen, dash, underscore or
# apostrophe, and one line break (a label wrapped over two lines).
_GAP = re.compile(r"[ \t\u00a0]*(?:[-\u2010\u2011\u2012\u2013_'\u2019][ \t\u00a0]*)?(?:\r?\n[ \t\u00a0]*)?")
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+", re.IGNORECASE)
# Same-length replacements applied before tokenising, so offsets stay those of the input.
_SAME_LENGTH = str.maketrans({"\u00d7": "x"})
_END = ""  # trie key marking the end of a label: never a token


_ACRONYM_PLURAL = re.compile(r"[A-Z][A-Z0-9]+s")


def _stem(token: str) -> str:
    """The singular of a lower-case token, by rule: convs -> conv, boundaries -> boundary."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 4 and token.endswith(("sses", "xes", "ches", "shes")):
        return token[:-2]
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is", "as")):
        return token[:-1]
    return token


# Words as matched, by word as written: a lexicon has thousands of labels sharing few words, and
# str.translate is slow enough to double the cost of loading it when run on every label.
_KEY_WORDS: dict[str, str] = {}


def label_key(label: str) -> tuple[str, ...]:
    """A label as matched: lower-case singular words, whatever separates them.

    >>> label_key("Atrous-Convolutions"), label_key("CARAFE++ (2019)")
    (('atrous', 'convolution'), ('carafe++', '2019'))
    """
    if "\u00d7" in label:
        label = label.translate(_SAME_LENGTH)
    if len(_KEY_WORDS) > 100_000:
        _KEY_WORDS.clear()
    words = []
    for raw in _TOKEN.findall(label):
        word = _KEY_WORDS.get(raw)
        if word is None:
            word = _KEY_WORDS[raw] = _stem(raw.lower())
        words.append(word)
    return tuple(words)


def label_trie(by_key: Mapping[tuple[str, ...], str]) -> dict[str, Any]:
    """The trie of labels as matched (:func:`label_key`), word by word, to the concept each names.

    >>> label_trie({("octave", "convolution"): "octave-convolution"})
    {'octave': {'convolution': {'': 'octave-convolution'}}}
    """
    trie: dict[str, Any] = {}  # token -> child node; _END -> concept id
    for key, concept_id in by_key.items():
        node = trie
        for token in key:
            node = node.setdefault(token, {})
        node[_END] = concept_id
    return trie


def find_labels(text: str, trie: Mapping[str, Any], canon: dict[str, str], expansions: Expansions) -> list[Mention]:
    """Every place the text names a label of ``trie`` (:func:`label_trie`), longest first, without
    overlaps; ``canon`` keeps words as matched across calls (see
    :meth:`graph.extract.lexicon.Lexicon.find_mentions`, which adds :func:`with_elided`'s).

    >>> trie = label_trie({label_key("octave convolution"): "octave-convolution"})
    >>> find_labels("Octave-convolutions, not http://octave.convolution", trie, {}, {})
    [Mention(concept_id='octave-convolution', start=0, end=19, surface='Octave-convolutions')]
    """
    # str.translate reads every character through the table: only where there is one to replace
    work = text.translate(_SAME_LENGTH) if "\u00d7" in text else text
    if "://" in work or "www." in work.lower():
        work = _URL.sub(lambda m: "\x00" * len(m.group()), work)
    if len(canon) > 200_000:
        canon.clear()
    tokens: list[tuple[int, int, str]] = []
    append = tokens.append
    for m in _TOKEN.finditer(work):
        raw = m.group()
        word = canon.get(raw)
        if word is None:
            # "GRUs": an acronym's plural, though "grus" ends like "corpus"
            word = canon[raw] = raw[:-1].lower() if _ACRONYM_PLURAL.fullmatch(raw) else _stem(raw.lower())
        append((m.start(), m.end(), word))
    # most texts hold no expansion's first word: only those are folded
    if any(token[2] in expansions for token in tokens):
        tokens = fold_spans(tokens, expansions, lambda end, start: _GAP.fullmatch(work, end, start) is not None)
    mentions: list[Mention] = []
    gap, n, i = _GAP, len(tokens), 0
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
            if child is None:
                break
            before, after = tokens[j - 1][1], tokens[j][0]
            # a version's decimal point ("Llama 3.1", "GPT-3.5", "BitNet b1.58") joins the
            # words of a label too
            if gap.fullmatch(work, before, after) is None and not (
                after == before + 1 and work[before] == "." and work[before - 1].isdigit() and work[after].isdigit()
            ):
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


# A word coordinated with the next label ("tensor and data parallelism", "tensor, data ..."):
# the word right before ", and", "or", "&" or a comma, at the end of the text searched.
_COORDINATION_LAST = re.compile(r"(?<![\w\-])(?P<word>[A-Za-z][\w\-]*)\s*,?\s+(?:and|or|&)\s+$")
_COORDINATION_MORE = re.compile(r"(?<![\w\-])(?P<word>[A-Za-z][\w\-]*)\s*,\s*$")
#: How far back from a label a shared-head coordination is looked for (a word and "and").
_COORDINATION_REACH = 200


def with_elided(text: str, mentions: list[Mention], resolve: Callable[[str], Concept | None]) -> list[Mention]:
    """Add the concepts a coordination names by sharing a head word.

    In "data, tensor and pipeline parallelism" the last label's head ("parallelism") is
    shared: "data" and "tensor" name data and tensor parallelism when the lexicon knows
    those labels. A prefix left hanging on a hyphen shares the rest of the label: "inter-
    and intra-operator parallelism" names inter-operator parallelism too.

    >>> from graph.extract.lexicon_files import load_lexicon
    >>> [(m.surface, m.concept_id) for m in load_lexicon().find_mentions("data, tensor and pipeline parallelism")]
    [('data', 'data-parallelism'), ('tensor', 'tensor-parallelism'), ('pipeline parallelism', 'pipeline-parallelism')]
    >>> [(m.surface, m.concept_id) for m in load_lexicon().find_mentions("inter- and intra-operator parallelism")]
    [('inter-', 'inter-operator-parallelism'), ('intra-operator parallelism', 'intra-operator-parallelism')]
    """
    taken = [(m.start, m.end) for m in mentions]
    elided: list[Mention] = []
    for m in mentions:
        words = m.surface.split(maxsplit=1)
        # what a coordinated word shares: the words after the first ("data, tensor and
        # pipeline parallelism"), or, for a prefix hanging on a hyphen, all after the first
        # hyphen ("inter- and intra-operator parallelism")
        head = words[1] if len(words) > 1 else ""
        rest = m.surface.split("-", 1)[1] if "-" in words[0] else ""
        if not head and not rest:
            continue
        end = m.start
        step = _COORDINATION_LAST
        while True:
            # the word and its separator end at ``end``: look only a little way back, not from
            # the start of the text (which made matching a long text quadratic)
            before = step.search(text, max(0, end - _COORDINATION_REACH), end)
            if before is None:
                break
            word = before.group("word")
            if word.endswith("-"):
                concept = resolve(word + rest) if rest else None
            elif head:
                concept = resolve(f"{word} {head}")
            else:
                break
            start = before.start("word")
            if concept is None or any(a < before.end("word") and start < b for a, b in taken):
                break
            elided.append(Mention(concept.id, start, before.end("word"), word))
            end, step = start, _COORDINATION_MORE
    return sorted(mentions + elided, key=lambda m: m.start) if elided else mentions
