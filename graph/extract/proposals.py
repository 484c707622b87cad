"""What a paper proposes: the method it names as its own, in its title or its summary.

Part of the extract stage, used by :mod:`graph.extract.relations`. A title "CARAFE: ..." or
"Pebble Transformer for ..." names the paper's method; so does a summary saying "we propose a
model called FooNet" or "FooNet, a new ...". A name the lexicon lacks becomes a coined
concept (its label kept); studies, surveys and books propose nothing, and a broad parent
concept is never what a paper proposes.
"""

from __future__ import annotations

import re
from dataclasses import replace

from graph.extract.facts import slug
from graph.extract.lexicon import Lexicon, Mention
from graph.extract.text_relations import Found, RelationCues, clauses, kind_of

__all__ = ["COINED", "new_method", "proposed_method", "names_several", "embedded_names", "summary_methods"]


_CAMEL = re.compile(r"[A-Z][a-z]+[A-Z]\w*")  # "FleeceNet": a capital inside the word, not an abbreviation
COINED = re.compile(r"([A-Z][a-z]+[A-Z]\w*|[A-Z0-9]{3,})(?![\w\-])")


def _coined(mention: Mention, lexicon: Lexicon) -> bool:
    """Is a mention a coined name: "SlowFast", or "Slow-Fast" when the lexicon spells it "SlowFast"?"""
    if COINED.fullmatch(mention.surface):
        return True
    first = mention.surface.split()[0]
    joined = first.replace("-", "")
    concept = lexicon.concepts[mention.concept_id]
    return joined != first and bool(COINED.fullmatch(joined)) \
        and any(joined in label.split() for label in (concept.label, *concept.alt_labels))


def new_method(title: str, short_name: str | None, own_words: str, lexicon: Lexicon,
                cues: RelationCues) -> Found | None:
    """A proposes edge to a method the title names and the lexicon does not know ("FleeceNet: ...").

    The name must look coined (a capital or digit inside it: "FleeceNet", "S4L", "Gated-SCNN",
    an acronym) in a title not written all in capitals, or be one plain capitalised word
    ("Quokka: ...") when the rest of the title names a system or a method ("A Serving System
    for ...") or the entry's own words (tl;dr, comment) open with the name. The edge points at
    a new concept, ``concept/<name>``, that carries the name as its label. A coined name in
    brackets at the end of the title ("... at scale (FlockDB)") is the method's name too.
    """
    closing = re.search(r"\(([^()\s]+)\)\s*$", title)
    if not short_name and closing and _NAME_SHAPE.search(closing.group(1)):
        short_name = closing.group(1)  # "Fast sheep counting at scale (FlockDB)": the system's name
    if _named_model(title.strip(), lexicon):
        short_name = title.strip()  # a title that is only a name: "Astute Transformer"
        if title.upper() == title:
            short_name = short_name.title()
        return Found("proposes", "concept/" + slug(short_name), title, "title: names a method of its own",
                     cues.confidence("title_names_method"), label=short_name)
    if not short_name or lexicon.resolve(short_name) is not None or title.upper() == title:
        return None
    if _named_model(short_name, lexicon):
        return Found("proposes", "concept/" + slug(short_name), title, "title: names a method of its own",
                     cues.confidence("title_names_method"), label=short_name)
    if not any(_NAME_SHAPE.search(word) for word in re.split(r"[\s\-]+", short_name) if len(word) >= 3):
        rest = title[title.find(short_name) + len(short_name):]
        plain = re.fullmatch(r"[A-Z][a-z]{2,}", short_name) is not None
        if not plain or not (cues.title_system.search(rest) or re.match(rf"\W*{re.escape(short_name)}\b", own_words)):
            return None
    return Found("proposes", "concept/" + slug(short_name), title, "title: names a method of its own",
                 cues.confidence("title_names_method"), label=short_name)


def _named_model(name: str, lexicon: Lexicon) -> bool:
    """Is a name two or three capitalised words ending with a technique ("Tree Transformer")?

    The words before the technique are the paper's own (no concept of the lexicon), so the
    whole name is its new member of that family.

    >>> from graph.extract.lexicon_files import load_lexicon
    >>> lex = load_lexicon()
    >>> _named_model("Tree Transformer", lex), _named_model("Vision Transformer", lex), _named_model("the Transformer", lex)
    (True, False, False)
    """
    words = name.split()
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words) or lexicon.resolve(name) is not None:
        return False
    head = lexicon.resolve(words[-1])
    return head is not None and head.kind == "Technique" and not any(
        lexicon.find_mentions(" ".join(words[:-1])))


# A word (of three characters or more) that reads as a coined name: a capital after its first
# letter ("FleeceNet", "SCNN"), or a digit beside a letter ("S4L", "Tag2Pix").
_NAME_SHAPE = re.compile(r"^.\S*[A-Z]|[A-Za-z]\d|\d[A-Za-z]")


def proposed_method(title: str, short_name: str | None, tldr: str | None, lexicon: Lexicon,
              cues: RelationCues) -> Found | None:
    """A proposes edge when the notes name the paper's own method and the lexicon knows it.

    The method is named by the title's short name ("CARAFE: ..."), by the subject of a tl;dr
    ("OctConv is both faster ...") or by the better side of a comparison ("A >> B").
    """
    if short_name:
        concept = lexicon.resolve(short_name)
        if concept is not None and concept.kind == "Technique" and not lexicon.descendants(concept.id):
            return Found("proposes", "concept/" + str(concept.id), title, "title: names its method",
                         cues.confidence("title_names_method"))
    opening = next(iter(lexicon.find_mentions(title)), None)
    if opening is not None and not title[: opening.start].strip() \
            and kind_of(lexicon, opening.concept_id) == "Technique" and _coined(opening, lexicon) \
            and not title[opening.end :].startswith("-"):
        # "SlowFast Networks for ...": a title that opens with a coined name names its method.
        return Found("proposes", "concept/" + str(opening.concept_id), title, "title: names its method",
                     cues.confidence("title_names_method"))
    if opening is not None and not title[: opening.start].strip() \
            and kind_of(lexicon, opening.concept_id) == "Technique" and not lexicon.descendants(opening.concept_id) \
            and cues.title_opening_means.match(title[opening.end :]):
        # "Herd loss based on flock sizes": a title opening with a specific method and then its means
        return Found("proposes", "concept/" + str(opening.concept_id), title, "title: names its method",
                     cues.confidence("title_names_method"))
    closing = lexicon.find_mentions(title)[-1:]
    if closing and not title[closing[0].end :].strip(" .!?") and cues.title_means.search(title[: closing[0].start]) \
            and kind_of(lexicon, closing[0].concept_id) == "Technique" and _CAMEL.fullmatch(closing[0].surface) \
            and not lexicon.descendants(closing[0].concept_id):
        # "Counting sheep via FleeceNet": a coined name the title ends with, as the means, is its method.
        return Found("proposes", "concept/" + closing[0].concept_id, title, "title: names its method",
                     cues.confidence("title_names_method"))
    if tldr:
        first = next(clauses(tldr, cues), ("", ""))[1]
        for pattern, rule, key in ((cues.comparison, "tl;dr: A >> B", "comparison"),
                                   (cues.proposal_subject, "tl;dr: subject", "proposal_subject")):
            m = pattern.search(first)
            if not m:
                continue
            subject = m.group("a").strip()
            mentions = lexicon.find_mentions(subject)
            # Only a specific method (no narrower concept) that the title names too is the
            # paper's own proposal; "Softmax > TripletLoss" compares two known things.
            if len(mentions) == 1 and kind_of(lexicon, mentions[0].concept_id) == "Technique" \
                    and not lexicon.descendants(mentions[0].concept_id) \
                    and any(t.concept_id == mentions[0].concept_id for t in lexicon.find_mentions(title)):
                return Found("proposes", "concept/" + str(mentions[0].concept_id), first.strip(), rule,
                             cues.confidence(key))
    return None


_CAPITAL_WORD = re.compile(r"\b[A-Za-z0-9]*[a-z0-9][A-Z]{3,}\b|\b[A-Z0-9][A-Za-z0-9]*-?[A-Z]{3,}\b")


def names_several(label: str, lexicon: Lexicon) -> bool:
    """Does a heading join several subjects ("Text detection and recognition")?"""
    parts = [p for p in re.split(r",|;|&|/|\band\b", label) if p.strip()]
    return len(parts) > 1 and any(not lexicon.find_mentions(p) for p in parts)


def embedded_names(title: str, lexicon: Lexicon, cues: RelationCues,
                    line: int) -> list[tuple[Found, int, str]]:
    """"PuppetGAN", "VideoBERT", "S2GAN": a method named after what it builds on uses it."""
    found = []
    for m in _CAPITAL_WORD.finditer(title):
        word = m.group(0)
        tail = re.search(r"[A-Z]{3,}$", word)
        if not tail or tail.group(0) == word:
            continue
        concept = lexicon.resolve(tail.group(0))
        if concept is not None and concept.kind == "Technique":
            found.append((Found("uses", "concept/" + concept.id, title,
                                f"title: {word} is named after {tail.group(0)}", cues.confidence("named_after")),
                          line, "title"))
    return found


# A word that may be a coined name: letters, digits, inner hyphens and dots ("L-Mul", "x2.5").
_WORD = re.compile(r"(?<![\w\-])[A-Za-z][\w]*(?:[\-.][\w]+)*")


def _new_name(word: str, lexicon: Lexicon) -> bool:
    """Does a word look like a coined name the lexicon lacks ("HerdNet2"; not "LSTMs")?"""
    return len(word) >= 3 and bool(_NAME_SHAPE.search(word)) and not (word.upper() == word and len(word) < 4) \
        and lexicon.resolve(word) is None and lexicon.resolve(word.removesuffix("s")) is None


def _full_name(text: str, start: int, end: int) -> str:
    """The name at ``text[start:end]`` with its version ("FooNet v2") or, for an abbreviation
    in brackets, the long name it abbreviates ("Herd of Owls (HoO)" gives "Herd of Owls")."""
    word = text[start:end]
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

    A coined name the lexicon lacks, next to a proposal cue (``summary_proposal_before`` /
    ``_after`` in the cue file), with its version or the long name it abbreviates.
    """
    found: list[Found] = []
    for m in _WORD.finditer(text):
        word = m.group(0)
        if not _new_name(word, lexicon) or text[m.end():m.end() + 1] == "-":
            continue
        before = cues.summary_proposal_before.search(text[max(0, m.start() - 80):m.start()])
        if before and any(_new_name(w, lexicon) for w in _WORD.findall(before.group("gap"))) \
                and not re.search(r"(,|\band|\bor|&)\s*$", before.group("gap")):
            before = None  # another new name stands between the cue and this one (not a list of them)
        if before or cues.summary_proposal_after.match(text[m.end():]):
            name = _full_name(text, m.start(), m.end())
            if all(f.label != name for f in found):
                found.append(Found("proposes", "concept/" + slug(name), text[max(0, m.start() - 40):m.end()].strip(),
                                   "text: names a new method of its own", cues.confidence("summary_names_method"),
                                   label=name))
    return found
