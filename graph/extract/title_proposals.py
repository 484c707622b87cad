"""What a paper proposes, by its title: the method it names as its own.

Part of the extract stage, used by :mod:`graph.extract.relations`. A model of where notes name
a paper's own method and what makes a name its own (the summary's words are
:mod:`graph.extract.summary_proposals`; the tests of a name both share,
:mod:`graph.extract.method_names`):

* where: the title's short name ("CARAFE: ...", "Marmot: Elastic Distributed Training ..."),
  a name in brackets ending the title, a descriptive name opening the title or ending it as
  its means ("Pebble Attention for ...", "... via Hoot-Aware Sampling"), and the summary's
  words ("we propose a model called FooNet", "FooNet, a new ...", "introduces a tidal loss");
* what makes it its own: a coined shape, or plain words the title describes as a system, a
  method, a process or an artefact, or a proposal verb introducing it; never a concept the
  lexicon holds as a broad parent, a task, a near spelling of a known concept, or words that
  only look like a name (title openers, verbs, gerunds, topic nouns, generic modifiers);
* when nothing is proposed: studies, surveys, books and position papers.

A name the lexicon lacks becomes a coined concept (its label kept). Every word list and
pattern is cue data in ``data/relation_cues.yaml``.
"""

from __future__ import annotations

import re

from graph.extract.facts import slug
from graph.extract.lexicon import Lexicon
from graph.extract.mentions import Mention
from graph.extract.method_names import JOINING, LINK_REMNANTS, NAME_SHAPE, misspelt, named_phrase, new_name
from graph.extract.regex_screen import ascii_lowered, may_match
from graph.extract.text_relations import Found, RelationCues, clauses, kind_of

__all__ = ["COINED", "new_method", "known_name_beside", "means_names", "proposed_method", "names_several", "embedded_names"]


_CAMEL = re.compile(r"[A-Z][a-z]+[A-Z]\w*")  # "FleeceNet": a capital inside the word, not an abbreviation


COINED = re.compile(r"([A-Z][a-z]+[A-Z]\w*|[A-Z0-9]{3,})(?![\w\-])")


# patterns used per text, compiled once (re's cache lookup per call is not free)
_NAME_IN_BRACKETS = re.compile(r"\s*\(\s*(?P<name>[A-Za-z][\w\-.]*)\s*\)\s*([;,.]|$)")
_CLOSING_BRACKET = re.compile(r"\s*\([^()]*\)\s*$")
_SPACE = re.compile(r"\s")
_WORD_BREAK = re.compile(r"[\s\-]+")


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

    Where a title names the paper's own method:

    * a short name before its colon. A coined one (a capital or digit inside it: "FleeceNet",
      "S4L", "Gated-SCNN", an acronym) is a name by its shape; plain words ("Quokka: ...",
      "Pebble Jitter: ...") are one when the rest names a system, a method or a process a system
      runs ("A Serving System for ...", "... Distributed Training"), or opens as a method's
      description does ("Speeding up ..."), or when the entry's own words (tl;dr, comment, past
      any link text) open a sentence with the name. Never a word that opens titles anyway
      ("Beyond: ...", "Counting: ..."), nor a task's name.
    * in a title written all in capitals only the rest's words count, and the name is kept
      capitalised as a title ("OTTER K: A SMALL TOOLKIT ..." proposes "Otter K").
    * a coined name in brackets at the end of the title ("... at scale (FlockDB)"), in bold too.
    * a descriptive name at its opening: words of its own before a technique ("Pebble Attention
      for ...", "Flock-Aware Augmentation Improves ..."; see :func:`named_phrase`).

    The edge points at a new concept, ``concept/<name>``, that carries the name as its label.
    """
    name = _short_name(title, short_name, own_words, lexicon, cues) or _title_phrase(title, lexicon, cues)
    if name is None:
        return None
    return Found("proposes", "concept/" + slug(name), title, "title: names a method of its own",
                 cues.confidence("title_names_method"), label=name)


def _short_name(title: str, short_name: str | None, own_words: str, lexicon: Lexicon,
                cues: RelationCues) -> str | None:
    """The name of the paper's own method a title gives as a name (see :func:`new_method`)."""
    capitals = title.upper() == title
    closing = _CLOSING_NAME.search(title)
    if not short_name and closing and NAME_SHAPE.search(closing.group(1)) and not capitals:
        short_name = closing.group(1)  # "Fast sheep counting at scale (FlockDB)": the system's name
    whole = title.strip()
    if named_phrase(whole.split(), lexicon, cues, capitalised=True):
        return whole.title() if capitals else whole  # a title that is only a name: "Astute Transformer"
    name = short_name or _colon_name(title, cues)
    if not name or lexicon.resolve(name) is not None:
        return None
    base = cues.built_on_suffix.search(name)
    if base and lexicon.resolve(name[: base.start()]) is not None:
        return None  # "RoBERTa-based ...": the model it builds on, not its own name
    rest = title[title.find(name) + len(name):]
    described = bool((may_match(cues.title_system, ascii_lowered(rest)) and cues.title_system.search(rest)) or cues.title_method_opening.match(rest.lstrip(" :"))
                     or cues.title_artefact.match(rest.lstrip(" :")))
    words = name.split()
    plain_words = not any(NAME_SHAPE.search(w) for w in _WORD_BREAK.split(name) if len(w) >= 3)
    if not capitals and named_phrase(words, lexicon, cues, capitalised=True):
        return name  # "Tree Transformer: ..."
    if capitals or plain_words:
        mentions = lexicon.find_mentions(name)
        if any(w.casefold() in cues.title_opener_words or w.casefold().endswith("ing") for w in words) \
                or words[-1].casefold().endswith(cues.topic_word_endings) \
                or any(kind_of(lexicon, m.concept_id) == "Task" for m in mentions) \
                or (len(words) > 1 and mentions) or misspelt(name, lexicon):
            # "Beyond: ...", "Counting: ...", "Sheep counting: ...", "Privacy: ...", "Backprop Through the Pond: ..."
            return None
    if capitals:
        return name.title() if described and len(words) <= 3 else None
    if plain_words:
        one_word = re.fullmatch(r"[A-Z][a-z]{2,}", name) is not None
        capitalised = all(w[:1].isupper() or w.casefold() in JOINING for w in words)
        if not (one_word or (1 < len(words) <= 4 and described and capitalised)):
            return None
        if not (described or _opens_with(name, own_words)):
            return None
    return name


# A name in brackets ending a title, bold or in code too: "... at scale (**FlockDB**)".
_CLOSING_NAME = re.compile(r"\((?:\*\*|__|`)?([^()\s*`]+?)(?:\*\*|__|`)?\)\s*$")


def _colon_name(title: str, cues: RelationCues) -> str | None:
    """The name a title gives before its colon in capitalised words ("Graph of Records: ...").

    >>> from graph.extract.text_relations import load_relation_cues
    >>> cues = load_relation_cues()
    >>> _colon_name("Herd of Owls: Voting at Night", cues), _colon_name("Towards Owls: a Plan", cues)
    ('Herd of Owls', None)
    """
    head, colon, _ = title.partition(":")
    words = head.split()
    if not colon or not 1 <= len(words) <= 4 or words[0].casefold() in cues.title_opener_words \
            or not all(re.fullmatch(r"[A-Za-z]\w*(?:-\w+)*", w) for w in words):
        return None
    if not (words[0][:1].isupper() and words[-1][:1].isupper()
            and all(w[:1].isupper() or w.casefold() in JOINING for w in words)):
        return None
    return head.strip()


def _opens_with(name: str, own_words: str) -> bool:
    """Do the entry's own words open a sentence with the name, past any link text?

    >>> _opens_with("Wombat", "[pdf]; Wombat [OSDI] plans burrows."), _opens_with("Wombat", "unlike Wombat")
    (True, False)
    """
    text = LINK_REMNANTS.sub("", own_words)
    return re.search(rf"(^|[.;!?]\s+)\W*{re.escape(name)}\b", text) is not None


def _title_phrase(title: str, lexicon: Lexicon, cues: RelationCues) -> str | None:
    """A descriptive name a title opens with ("Pebble Attention for ..."), followed by a colon,
    a preposition or a verb (``title_phrase_after``), or by nothing."""
    words = title.split()
    capitals = title.upper() == title
    for n in (4, 3, 2):
        if len(words) < n or any(":" in w for w in words[:n - 1]) \
                or not named_phrase([w.rstrip(":") for w in words[:n]], lexicon, cues, capitalised=True):
            continue
        rest = title.split(None, n)[n] if len(words) > n else ""
        if words[n - 1].endswith(":") or cues.title_phrase_after.match(" " + rest if rest else ""):
            name = " ".join(words[:n]).rstrip(":")
            return name.title() if capitals else name
    return None


def known_name_beside(words: str, lexicon: Lexicon, cues: RelationCues) -> Found | None:
    """A proposes edge to a known system the notes give in brackets right beside the title.

    Notes that put a name in brackets before anything else ("[title](link) (**vLLM**)") give the
    paper's own name, as a bracketed name ending the title does; the lexicon knowing it (a later
    paper may use it) changes nothing. Only a specific technique counts, never a broad parent
    ("(GAN)") nor a task; a name followed by more words of its own sentence is a tag.

    >>> from graph.extract.lexicon_files import load_lexicon
    >>> from graph.extract.text_relations import load_relation_cues
    >>> lex, cues = load_lexicon(), load_relation_cues()
    >>> known_name_beside("(vLLM); pages the cache", lex, cues).concept
    'concept/vllm'
    >>> known_name_beside("(GAN)", lex, cues), known_name_beside("(BERT) as the encoder", lex, cues)
    (None, None)
    """
    beside = _NAME_IN_BRACKETS.match(words)
    concept = lexicon.resolve(beside.group("name")) if beside else None
    if beside is None or concept is None or concept.kind != "Technique" or lexicon.descendants(concept.id):
        return None
    return Found("proposes", "concept/" + str(concept.id), beside.group(0).strip(), "text: names its method beside the title",
                 cues.confidence("title_names_method"))


def means_names(title: str, lexicon: Lexicon, cues: RelationCues, own_name: bool = False) -> list[Found]:
    """The method a title ends with as its means: "... with PebbleAttention (Owl)", "... via
    Herd-Aware Sampling": a coined name the lexicon lacks (not a plural of an acronym, "GPUs",
    nor a versioned model, "GPT-4") or one it knows as a specific technique ("... with
    FlashAttention (Owl)"), or a descriptive name when the title names no method of its own
    (``own_name``) already: "HerdNet: ... via Importance Sampling" uses a known way.

    >>> from graph.extract.lexicon_files import load_lexicon
    >>> from graph.extract.text_relations import load_relation_cues
    >>> [f.label for f in means_names("Counting owls with PebbleAttention (Hoot)", load_lexicon(), load_relation_cues())]
    ['PebbleAttention']
    """
    body = _CLOSING_BRACKET.sub("", title.strip()).rstrip(" .")
    # each prefix is searched: a title without the cue's words skips them all
    if body.upper() == body or not may_match(cues.title_means_before, ascii_lowered(body)):
        return []
    for m in _SPACE.finditer(body):
        if not cues.title_means_before.search(body[: m.end()]):
            continue
        words = body[m.end():].split()
        known = lexicon.resolve(words[0]) if len(words) == 1 and _CAMEL.fullmatch(words[0]) else None
        if known is not None and known.kind == "Technique" and not lexicon.descendants(known.id):
            # "... with FlockAttention (Hoot)": a coined name of the lexicon ending the title as
            # its means is the paper's own too, beside the system the bracket names.
            return [Found("proposes", "concept/" + str(known.id), title, "title: names its method as its means",
                          cues.confidence("title_names_method"))]
        if (len(words) == 1 and new_name(words[0], lexicon) and NAME_SHAPE.search(words[0])
                and not re.fullmatch(r"[A-Z]+s|[A-Z]+-?\d[\d.]*", words[0])) \
                or (not own_name and named_phrase(words, lexicon, cues, capitalised=True)):
            name = " ".join(words)
            return [Found("proposes", "concept/" + slug(name), title, "title: names a method of its own as its means",
                          cues.confidence("title_names_method"), label=name)]
    return []


def proposed_method(title: str, short_name: str | None, tldr: str | None, lexicon: Lexicon,
              cues: RelationCues) -> Found | None:
    """A proposes edge when the notes name the paper's own method and the lexicon knows it.

    The method is named by the title's short name ("CARAFE: ..."), by a name in brackets
    ending the title ("... with paged memory (vLLM)": the paper's own system, though known), by the subject of a tl;dr
    ("OctConv is both faster ...") or by the better side of a comparison ("A >> B").
    """
    if short_name:
        concept = lexicon.resolve(short_name)
        if concept is not None and concept.kind == "Technique" and not lexicon.descendants(concept.id):
            return Found("proposes", "concept/" + str(concept.id), title, "title: names its method",
                         cues.confidence("title_names_method"))
    closing_name = _CLOSING_NAME.search(title)
    bracketed = lexicon.resolve(closing_name.group(1)) if closing_name else None
    if bracketed is not None and bracketed.kind == "Technique" and not lexicon.descendants(bracketed.id):
        # "Fast serving with paged memory (vLLM)": the name beside the title is the paper's own
        # system, even one the lexicon knows; never a broad parent ("(GAN)").
        return Found("proposes", "concept/" + str(bracketed.id), title, "title: names its method in brackets",
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
    if opening is not None and not title[: opening.start].strip() \
            and kind_of(lexicon, opening.concept_id) == "Technique" and _GERUND.match(opening.surface) \
            and opening.surface.split()[0].casefold() not in cues.title_opener_words \
            and (len(opening.surface.split()) > 2 or not _broad(opening.concept_id, lexicon)) \
            and cues.title_phrase_after.match(title[opening.end :]):
        # "Herding Flocks and Folds for Sheep Counting": a title opening with what the paper does,
        # a gerund phrase the lexicon names, names its method (a long phrase is its own; one
        # word only when it names no broad family: "Pruning for ..." is no method of its own;
        # never a process every paper runs: "Training from Scratch for ...").
        return Found("proposes", "concept/" + str(opening.concept_id), title, "title: opens with what it does",
                     cues.confidence("title_names_method"))
    closing = lexicon.find_mentions(title)[-1:]
    if closing and not title[closing[0].end :].strip(" .!?") and cues.title_means.search(title[: closing[0].start]) \
            and kind_of(lexicon, closing[0].concept_id) == "Technique" \
            and ((_CAMEL.fullmatch(closing[0].surface) and not lexicon.descendants(closing[0].concept_id))
                 or (_kind_of_opening(title, lexicon) == "Task" and not lexicon.descendants(closing[0].concept_id)
                     and not _plural(closing[0], lexicon))):
        # "Counting sheep via FleeceNet": a coined name the title ends with, as the means, is its
        # method; so is a specific method after a task ("Flock counting via fleece adjustment"),
        # named in the singular ("... via Wavelet Transforms" names a kind of tool it uses).
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


def _broad(concept_id: str, lexicon: Lexicon) -> bool:
    """Is a concept a family of methods (three narrower ones or more), too broad to be a paper's own?

    >>> from graph.extract.lexicon_files import load_lexicon
    >>> _broad("self-supervised-learning", load_lexicon()), _broad("logit-adjustment", load_lexicon())
    (True, False)
    """
    return len(lexicon.descendants(concept_id)) >= 3


def _plural(mention: Mention, lexicon: Lexicon) -> bool:
    """Is a mention written in the plural where the lexicon's labels are not ("Wavelet Transforms")?

    >>> from graph.extract.lexicon_files import load_lexicon
    >>> lexicon = load_lexicon()
    >>> [_plural(m, lexicon) for m in lexicon.find_mentions("via logit adjustment, with wavelet transforms")]
    [False, True]
    """
    concept = lexicon.concepts[mention.concept_id]
    labels = {label.casefold() for label in (concept.label, *concept.alt_labels)}
    surface = mention.surface.casefold()
    return surface not in labels and surface.endswith("s") and surface[:-1] in labels


# A title's first word that says what the paper does: "Decoupling ...", "Distilling ...".
_GERUND = re.compile(r"[A-Z][a-z]+ing\b")


def _kind_of_opening(title: str, lexicon: Lexicon) -> str | None:
    """The kind of the concept a title opens with (its first words), if it opens with one.

    >>> from graph.extract.lexicon_files import load_lexicon
    >>> _kind_of_opening("Image classification via counting", load_lexicon())
    'Task'
    """
    first = next(iter(lexicon.find_mentions(title)), None)
    if first is None or title[: first.start].strip():
        return None
    return kind_of(lexicon, first.concept_id)


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
