"""What a paper proposes, by its summary: the new method a tl;dr or comment names as its own.

Part of the extract stage, used by :mod:`graph.extract.relations` beside the title's rules
(:mod:`graph.extract.title_proposals`): "we propose a model called FooNet", "FooNet, a new ...",
"introduces a tidal loss", a name the notes give beside the title ("(OwlDB)"). Which words make
a name its own is :mod:`graph.extract.method_names`; every word list and pattern is cue data in
``data/relation_cues.yaml``.
"""

from __future__ import annotations

import re

from graph.extract.facts import slug
from graph.extract.lexicon import Lexicon
from graph.extract.method_names import LINK_REMNANTS, misspelt, named_phrase, new_name
from graph.extract.text_relations import Found, RelationCues
from graph.parse.cues import cues as notes_cues

__all__ = ["summary_methods"]


# A word that may be a coined name: letters, digits, inner hyphens and dots ("L-Mul", "x2.5").
_WORD = re.compile(r"(?<![\w\-])[A-Za-z][\w]*(?:[\-.][\w]+)*")


# patterns used per text, compiled once (re's cache lookup per call is not free)
_BESIDE_NAME = re.compile(r"\s*(\(\s*(?P<bracketed>[A-Za-z][\w\-.]*)\s*\)|(?P<alone>[A-Za-z][\w\-.]*))\s*([;,]|$)")
_SEGMENT_BREAK = re.compile(r"[;.!?。；\n]\s*")
_CAPITALISED_OPENING = re.compile(r"\s*((?:[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\s+){1,3}[A-Z][A-Za-z0-9]*)(?![A-Za-z0-9\-])")


def _full_name(text: str, start: int, end: int) -> str:
    """The name at ``text[start:end]`` with its version ("FooNet v2") or, for an abbreviation
    in brackets, the long name it abbreviates ("Herd of Owls (HoO)" gives "Herd of Owls")."""
    word = text[start:end]
    shouting = re.match(r"(\s+[A-Z]{3,}\b)+", text[end:]) if word.isupper() and len(word) >= 4 else None
    if shouting:
        return word + shouting.group(0)  # a name in capitals of several words: "HERD OF OWLS" is not three names
    version = re.match(r"\s+([vb]?\d+(?:\.\d+)*)\b", text[end:])
    if version:
        return word + version.group(0)
    if text[:start].endswith("(") and text[end:end + 1] == ")":
        long = re.search(r"([A-Z][\w\-]*(?:\s+(?:of|for|and|the|[A-Z][\w\-]*))*)\W*\s*\($", text[:start])
        if long and "".join(w[0] for w in long.group(1).split() if w[0].isupper()) == "".join(
                c for c in word if c.isupper()):
            return long.group(1)
    return word


def summary_methods(text: str, title: str, lexicon: Lexicon, cues: RelationCues) -> list[Found]:
    """Proposes edges to new methods a tl;dr or comment names ("we propose a model called FooNet").

    * A coined name the lexicon lacks, next to a proposal cue (``summary_proposal_before`` /
      ``_after`` in the cue file: "we propose FooNet", "FooNet is a system for ..."), with its
      version or the long name it abbreviates.
    * A coined name the words open with, alone or in brackets: the name the notes give beside
      the title ("(OwlDB)", "OwlDB; ..."), unless it is a venue ("(ICCV2021)").
    * A plain capitalised name a proposal introduces with an apposition, or a sentence opens
      with saying what it is and the title names (``summary_plain_name``: "we present Marmot,
      a scheduler", "Marmot is a system that ..." under "Marmot: ...").
    * A descriptive name (:func:`named_phrase`) right after a proposal (``summary_phrase_before``:
      "introduces a tidal loss", "with a novel pebble attention mechanism").
    * A descriptive name in capitals a sentence of the words opens with, echoing the title
      ("Tidal Loss, ..." under a title "... Tidal Balance ..."); not when it is all the words
      say (a tag: "Tidal Loss" alone names a topic).
    """
    found: list[Found] = []

    def add(name: str, quote: str) -> None:
        if all((f.label or "").casefold() != name.casefold() for f in found):
            found.append(Found("proposes", "concept/" + slug(name), quote.strip(), "text: names a new method of its own",
                               cues.confidence("summary_names_method"), label=name))

    beside = _BESIDE_NAME.match(text)
    given = beside.group("bracketed") or beside.group("alone") if beside else None
    title_words = {w.casefold() for w in _PLAIN_WORD.findall(title)}
    if beside and given and new_name(given, lexicon) and not _venue(given) and (beside.group("bracketed") or any(
            part.casefold() in title_words for part in re.findall(r"[A-Z][a-z]{2,}|[a-z]{3,}", given))):
        # a bare word must echo the title ("TernBase" under "Fast Tern Counting"), not tag it ("PyTorch")
        add(given, beside.group(0))  # "(OwlDB)", "OwlDB; ...": the name the notes give beside the title
    for segment in _SEGMENT_BREAK.split(LINK_REMNANTS.sub("", text)):
        opening = _CAPITALISED_OPENING.match(
                         segment)
        if opening and opening.group(1).strip() != text.strip() \
                and named_phrase(opening.group(1).split(), lexicon, cues, capitalised=True) and any(
                _echoes(w, title) for w in opening.group(1).split()[:-1]):
            add(opening.group(1), opening.group(1))
    for m in cues.summary_plain_name.finditer(LINK_REMNANTS.sub("", text)):
        name = m.group("name") or m.group("subject")
        if m.group("subject") and not re.search(rf"\b{re.escape(name)}\b", title):
            continue  # "Spark is a framework ..." explains the background unless the title names it too
        if name.casefold() not in cues.title_opener_words and not name.endswith("ing") \
                and lexicon.resolve(name) is None and not misspelt(name, lexicon):
            add(name, m.group(0))
    for m in _PLAIN_WORD.finditer(text):
        concept = lexicon.resolve(m.group(0))
        if not ((concept is not None and concept.kind == "Technique") or m.group(0).casefold() in cues.method_heads):
            continue
        preceding = text[max(0, m.start() - 80):m.start()]
        for n in (3, 2, 1):
            lead = _last_words(preceding, n)
            if lead and cues.summary_phrase_before.search(preceding[: lead.start()]) \
                    and named_phrase([*lead.group(1).split(), m.group(0)], lexicon, cues):
                add(" ".join([*lead.group(1).split(), m.group(0)]), preceding[lead.start():] + m.group(0))
                break
    taken = 0  # the end of the last name found: "HERON WATCH" is one name, not also "WATCH"
    # a word inside a label the lexicon knows is no new name: "OwlNet v2.5" names no "v2.5"
    known = [(mention.start, mention.end) for mention in lexicon.find_mentions(text)]
    for m in _WORD.finditer(text):
        word = m.group(0)
        if m.start() < taken or not new_name(word, lexicon) or text[m.end():m.end() + 1] == "-" \
                or any(start <= m.start() and m.end() <= end for start, end in known):
            continue
        before = cues.summary_proposal_before.search(text[max(0, m.start() - 80):m.start()])
        if before and any(new_name(w, lexicon) for w in _WORD.findall(before.group("gap"))) \
                and not re.search(r"(,|\band|\bor|&)\s*$", before.group("gap")):
            before = None  # another new name stands between the cue and this one (not a list of them)
        if before or cues.summary_proposal_after.match(text[m.end():]):
            name = _full_name(text, m.start(), m.end())
            add(name, text[max(0, m.start() - 40):m.end()])
            if text.startswith(name, m.start()):
                taken = m.start() + len(name)
    return found


def _venue(name: str) -> bool:
    """Is a name a venue, with or without its year ("ICCV2021", "NeurIPS'19", "OSDI")?

    >>> _venue("ICCV2021"), _venue("CVPR2020_oral"), _venue("OwlDB")
    (True, True, False)
    """
    head = re.match(r"[A-Za-z\-]+", name)
    return head is not None and head.group(0).casefold() in {v.casefold() for v in notes_cues().venues}


# A word of letters and digits (not of other scripts: "Loss的" is "Loss" in a Chinese sentence).
# n words, each followed by white space, that end the text (see _last_words)
_LAST_WORDS = {n: re.compile(r"((?:[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\s+){%d})$" % n) for n in (1, 2, 3)}


def _last_words(text: str, n: int) -> re.Match[str] | None:
    """The first match of ``n`` words, each followed by white space, that end ``text``.

    Its last words are whole, so it starts in the n-th last word: the search starts there
    instead of trying every place before it (the same match, a fraction of the time).

    >>> _last_words("uses a novel ", 2).group(1), _last_words("uses a novel", 1)
    ('a novel ', None)
    >>> _last_words("9x pre-trained\tbig ", 3).start()  # "9" opens no word
    1
    """
    head = text.rsplit(None, n)
    return _LAST_WORDS[n].search(text, len(head[0]) if len(head) > n else 0)


_PLAIN_WORD = re.compile(r"(?<![A-Za-z0-9\-])[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?![A-Za-z0-9\-])")


def _echoes(word: str, title: str) -> bool:
    """Does a word share its stem (first five letters) with a word of the title ("Tidal", "Tides")?"""
    stem = word.casefold()[:5]
    return len(stem) == 5 and any(t.casefold().startswith(stem) for t in _PLAIN_WORD.findall(title))
