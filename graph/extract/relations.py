"""Derive typed relations — uses, replaces, improves, outperforms, ... — with the words behind each.

Part of the extract stage. A relation always points at a lexicon concept (technique, task or
dataset) that the notes mention; what kind of relation it is comes from cues kept as data in
``data/relation_cues.yaml``:

* a heading's cue ("Conv-replacements" → replaces; "Make use of boundaries" → uses; "GAN
  Training Stability improvements" → improves) applies to every paper under it; a heading
  naming a concept with no cue gives uses (technique), addresses (task), evaluatedOn (dataset);
* phrases around a mention in the title, tl;dr or comment: "drop-in replacement for X",
  "instead of X" (replaces, never uses), "better than X", "A >> B" (outperforms), "without
  X", "no need for X" (nothing), "SOTA on D" (evaluatedOn);
* a title naming its method ("CARAFE: ...", "Spectral regularization for ...") proposes it.

Every relation keeps the exact words it came from, the rule that fired, the line, and the
confidence (explicit, mention, heading) the cue file gives that cue or rule.

Examples
--------
>>> from graph.parse.notes import parse_text
>>> from graph.extract.facts import extract_facts
>>> from graph.extract.lexicon_files import load_lexicon
>>> notes = parse_text("## Conv-replacements\\n- [9/10][Faster than vanilla conv, uses no attention] Octave things\\n", "a.md")
>>> rels = find_relations(extract_facts([notes]), load_lexicon())
>>> for r in rels:
...     print(r.predicate, r.object, "|", r.rule, "|", r.quote)
outperforms concept/convolution | text: faster than X | Faster than vanilla conv
replaces concept/convolution | heading: X replacements | Conv-replacements
skos:related concept/convolution | heading names a concept | Conv-replacements
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from graph.extract.coined_uses import coined_uses
from graph.extract.facts import Facts, Relation
from graph.extract.short_names import short_name_of
from graph.extract.lexicon import Lexicon
from graph.extract.quality_claims import quality_claims
from graph.extract.regex_screen import ascii_lowered, may_match
from graph.extract.summary_proposals import summary_methods
from graph.extract.title_proposals import COINED, embedded_names, known_name_beside, means_names, names_several, new_method, proposed_method
from graph.extract.senses import Guards, blank_authors, is_bucket, load_guards
from graph.extract.text_relations import (BROADER_RULE, Found, RelationCues, allowed, default_for, findings_about, kind_of,
                                          load_relation_cues, relations_in_text)

__all__ = ["RelationCues", "load_relation_cues", "find_relations", "relations_in_text"]


def _is_umbrella(label: str) -> bool:
    """"GANs, style transfer, video": a heading that groups sections says nothing per paper."""
    return len([p for p in re.split(r",|;|/|&", label) if p.strip()]) >= 3


def _heading_relations(label: str, lexicon: Lexicon, cues: RelationCues) -> list[Found]:
    if _is_umbrella(label):
        return []
    for cue in cues.heading:
        m = cue.pattern.match(label.strip())
        if not m:
            continue
        words = m.group("x")
        found = []
        for mention in lexicon.find_mentions(words):
            kind = kind_of(lexicon, mention.concept_id)
            predicate = cue.relation if allowed(cue.relation, kind) else default_for(kind)
            rest = (words[: mention.start] + words[mention.end :]).strip(" -:")
            aspect = rest.lower() if cue.relation == "improves" and rest else None
            found.append(Found(predicate, "concept/" + mention.concept_id, label,
                               f"heading: {cue.name}", cue.confidence, aspect))
        if found:
            return found
    return [
        Found(default_for(kind_of(lexicon, m.concept_id)), "concept/" + m.concept_id, label,
              "heading: names a " + kind_of(lexicon, m.concept_id).lower(), cues.confidence("heading_names"))
        for m in lexicon.find_mentions(label)
    ]


# A coined name: a capital inside a word ("SlowFast", "Slow-Fast", "CornerNet") or all capitals.

def _heading_found(facts: Facts, file: str, path: tuple[str, ...], heading_found: Callable[[str], list[Found]],
                   lexicon: Lexicon, cues: RelationCues) -> list[tuple[Found, int, str]]:
    """What the headings above a paper say of it: for each kind of concept, the nearest heading wins.

    "Semantic segmentation > Salient object detection": papers there address salient object
    detection, not semantic segmentation; a technique heading above still applies.
    """
    found: list[tuple[Found, int, str]] = []
    kinds_done: set[str] = set()
    for depth in range(len(path), 0, -1):
        heading = facts.headings.get((file, path[:depth]))
        if heading is None or heading.workshop:
            continue
        here = [f for f in heading_found(heading.label)
                if kind_of(lexicon, f.concept.removeprefix("concept/")) not in kinds_done]
        tasks = [f for f in here if kind_of(lexicon, f.concept.removeprefix("concept/")) == "Task"]
        if len(tasks) >= 2 or (tasks and names_several(heading.label, lexicon)):
            # "Text detection and recognition": which one a paper is about, it does not say;
            # it is related to each.
            here = [f for f in here if f not in tasks] + [
                Found("relatedTo", f.concept, f.quote, "heading: names several tasks", cues.confidence("bucket_heading"))
                for f in tasks]
            kinds_done.add("Task")
        found.extend((f, heading.line, "heading") for f in here)
        if heading.comment:  # "(note that everyone exploits edges & boundaries)"
            # What it says of every paper under it is inherited, whatever cue it holds.
            found.extend((replace(f, confidence=cues.confidence("heading_comment")), heading.line, "heading")
                         for f in relations_in_text(heading.comment, lexicon, cues)
                         if f.predicate != "addresses")
        kinds_done |= {kind_of(lexicon, f.concept.removeprefix("concept/")) for f in here}
    return found


def _keep(found: list[tuple[Found, int, str]], lexicon: Lexicon, cues: RelationCues) -> list[tuple[Found, int, str]]:
    """Drop what the other edges of the paper make redundant or wrong.

    * "uses X" beside "proposes X" or "replaces X" (a replacement is never a use);
    * a tag naming a task the paper addresses (it says nothing more);
    * "addresses image segmentation" beside "addresses semantic segmentation": the narrower
      task says it, unless the heading says the broader one (the field the paper sits in) or
      the words name it as the head of the narrower ("conditional image generation");
    * "addresses X" beside "uses X": a task named as the means is not the goal;
    * edges to concepts too general to say anything (``not_linked`` in the cues);
    * a model family (``subject_models``: transformers, LLMs) named with no cue is what the
      paper is about (relatedTo), not what it uses;
    * a quality (``qualities``: robustness, latency, ...) links only when a cue or a claim in its
      clause (``quality_claim``: "guarantees quick failure recovery") says the paper improves it ("lower latency", "reduces memory usage"), never by a bare mention.
    """
    concepts = lambda predicate: {f.concept.removeprefix("concept/") for f, _, _ in found  # noqa: E731
                                  if f.predicate == predicate}
    not_used = {c for c in concepts("replaces") | concepts("proposes")}
    used_tasks = concepts("uses")
    addressed = concepts("addresses")

    def stays_use(item: tuple[Found, int, str]) -> bool:
        """A model family is used when a cue says so or a title names a member of it."""
        f, _, field = item
        concept = f.concept.removeprefix("concept/")
        return f.confidence != "mention" or (field == "title" and _names_own_model(f.quote, concept, lexicon, cues))
    family_used = {f.concept.removeprefix("concept/") for f, line, field in found
                   if f.predicate == "uses" and stays_use((f, line, field))}
    broader_tasks = {a for c in concepts("addresses") for a in lexicon.ancestors(c)}
    kept = []
    for item in found:
        concept = item[0].concept.removeprefix("concept/")
        if concept in cues.qualities:
            whole = lexicon.resolve(item[0].quote.strip())
            if item[0].predicate == "addresses" and item[2] == "heading" and whole is not None \
                    and whole.id == concept:
                kept.append(item)  # a heading that is the quality itself ("Fault tolerance"): the papers' goal
                continue
            if item[0].predicate == "addresses" and item[0].cued and item[0].confidence != "explicit":
                continue  # "for resource-constrained devices", "a real-time pipeline": how it runs, no claim
            if item[0].predicate == "addresses" and item[0].cued:  # "reduces latency": improves it
                item = (replace(item[0], predicate="improves"), item[1], item[2])
            elif item[0].predicate in ("addresses", "uses") and item[0].confidence == "mention" \
                    and item[2] != "heading" and cues.quality_claim.search(item[0].quote):
                # "guarantees quick failure recovery": the paper's claim
                item = (Found("improves", item[0].concept, item[0].quote, "text: a quality the paper claims",
                              cues.confidence("quality_claim")), item[1], item[2])
            if item[0].predicate not in ("improves", "relatedTo"):
                continue  # a bare "real-time" says how it runs, not what it is for
        if item[0].predicate == "uses" and concept in not_used:
            continue
        if item[0].rule == TAG_RULE and concept in addressed:
            continue  # a task tag of a paper that addresses the task says nothing more
        if concept in cues.subject_models and item[0].confidence == "mention":
            if item[0].rule == BROADER_RULE:
                continue  # "large language model" says nothing more of language models
            if item[0].predicate == "uses" and not stays_use(item):
                if concept in family_used:
                    continue  # the paper's other words say it uses the family
                # "serving LLMs": what the paper is about
                item = (Found("relatedTo", item[0].concept, item[0].quote, "text: a model family the paper is about",
                              cues.confidence("subject_model")), item[1], item[2])
        if item[0].predicate == "addresses" and (concept in used_tasks or (
                concept in broader_tasks and item[2] != "heading" and item[0].rule != BROADER_RULE)):
            continue
        if _linkable(concept, lexicon, cues) or item[0].group == "objective":
            # a metric is no technique a paper uses, unless it is what the paper trains for
            kept.append(item)
    return kept


# The rule of a relatedTo edge from a comment that is only a concept's name.
TAG_RULE = "text: a tag naming X"


def _tag_concept(text: str, lexicon: Lexicon) -> str | None:
    """The concept a text names when its whole text is that concept's name (a tag), else None.

    >>> from graph.extract.lexicon_files import load_lexicon
    >>> lexicon = load_lexicon()
    >>> _tag_concept(" Transformers ", lexicon), _tag_concept("uses transformers", lexicon)
    ('transformer', None)
    """
    mentions = lexicon.find_mentions(text)
    if len(mentions) == 1 and not text[: mentions[0].start].strip(" #*_") and not text[mentions[0].end :].strip(" #*_.,;"):
        return mentions[0].concept_id
    return None


# Words after a model family that make it what the paper works on: "LLM serving", "model training".
def _names_own_model(text: str, concept: str, lexicon: Lexicon, cues: RelationCues) -> bool:
    """Does a text open with a name whose head is the model family ("Tree Transformer: ...")?

    The paper's own model is one of the family, so it uses it; "Serving Transformers for ..."
    or "LLM training at scale" is about the family, not built with it.
    """
    for m in lexicon.find_mentions(text):
        if m.concept_id == concept:
            return re.fullmatch(r"(?:[A-Z][\w\-]*\s+){1,2}", text[: m.start]) is not None \
                and not re.search(r"ing\s*$", text[: m.start]) and not cues.family_process.match(text[m.end:])
    return False


def _linkable(concept: str, lexicon: Lexicon, cues: RelationCues) -> bool:
    if concept not in lexicon:
        return True  # a method the notes coin is as specific as can be
    if concept in cues.not_linked or concept in cues.not_linked_below:
        return False
    return not any(a in cues.not_linked_below for a in lexicon.ancestors(concept))


def _specific(concept: str, title: str, lexicon: Lexicon, quote: str = "") -> bool:
    """Is a concept specific enough to be what a paper proposes: a coined name, or its title's?

    A coined other name the notes write ("proposes FooNet" for a concept labelled "Foo
    network") is as specific as a coined label (ideographs beside it are no part of it).
    """
    key = concept.removeprefix("concept/")
    known = lexicon.concepts[key]
    return bool(COINED.search(known.label)) or any(
        m.concept_id == key for m in lexicon.find_mentions(title)) or any(
        COINED.fullmatch(label) and re.search(rf"(?<![A-Za-z0-9\-]){re.escape(label)}(?![A-Za-z0-9\-])", quote)
        for label in known.alt_labels)


def _unbucketed(headed: list[tuple[Found, int, str]], named: set[str], guards: Guards,
                cues: RelationCues) -> list[tuple[Found, int, str]]:
    """Heading edges, those from a bucket heading ("Other", a track, a whole field) as relatedTo.

    When the entry itself names the concept, its own words say the relation and the bucket
    heading adds nothing.
    """
    kept = []
    for f, line, field in headed:
        if f.rule.startswith("heading") and is_bucket(f.quote, f.concept.removeprefix("concept/"), guards):
            if f.concept in named:
                continue
            f = Found("relatedTo", f.concept, f.quote, "heading: a bucket heading names X",
                      cues.confidence("bucket_heading"))
        kept.append((f, line, field))
    return kept


def _sentences_about(text: str, names: set[str]) -> list[str]:
    """The sentences of a text that open with one of the paper's own names: what the paper is.

    >>> _sentences_about("[link]; Quokka (2024) is a system for X. It is fast", {"Quokka"})
    ['Quokka (2024) is a system for X']
    """
    if not text:
        return []
    folded = [name.casefold() for name in names]

    def opens_with_name(sentence: str) -> bool:
        words = sentence.lstrip().casefold()
        return any(words.startswith(name) and not words[len(name):len(name) + 1].isalnum() for name in folded)
    return [sentence for sentence in re.split(r"[.;!?]\s", text) if opens_with_name(sentence)]


def find_relations(facts: Facts, lexicon: Lexicon, cues: RelationCues | None = None) -> list[Relation]:
    """All typed relations of a set of facts, each with its evidence.

    Parameters
    ----------
    facts
        From :func:`graph.extract.facts.extract_facts` (papers, topics, their headings).
    lexicon
        A :class:`graph.extract.lexicon.Lexicon`: the concepts relations may point at.
    cues
        Relation cues; ``data/relation_cues.yaml`` by default.
    """
    cues = cues or load_relation_cues()
    relations: dict[tuple[str, str, str, str], Relation] = {}

    def add(subject: str, f: Found, file: str, line: int, field: str) -> None:
        key = (subject, f.predicate, f.concept, file)
        if key not in relations:
            relations[key] = Relation(subject, f.predicate, f.concept, file, line, f.quote,
                                      f.rule, field, f.aspect, f.confidence, f.label)

    heading_cache: dict[str, list[Found]] = {}

    def heading_found(label: str) -> list[Found]:
        if label not in heading_cache:
            heading_cache[label] = _heading_relations(label, lexicon, cues)
        return heading_cache[label]

    # Papers filed under a topic by "(also FooNet and BarGAN)" get what its heading says too.
    also_topics: dict[tuple[str, str], list[str]] = {}
    also_lines: dict[tuple[str, str], int] = {}
    for m in facts.memberships:
        paper = facts.papers.get(m.item)
        if paper is not None and all((e.file, e.line) != (m.file, m.line) for e in paper.entries):
            also_topics.setdefault((m.item, m.file), []).append(m.topic)
            also_lines[(m.item, m.topic)] = m.line

    guards = load_guards()
    for key in sorted(facts.papers):
        paper = facts.papers[key]
        for entry in paper.entries:
            found: list[tuple[Found, int, str]] = []
            # A study, a survey or a book proposes nothing and is about what its title names.
            study = may_match(guards.study_title, ascii_lowered(entry.title)) and bool(guards.study_title.search(entry.title))
            # each field with the authors' names blanked, read by every rule below: made once
            blanked = {field: blank_authors(text or "", entry.authors)
                       for field, text in (("title", entry.title), ("tldr", entry.tldr), ("comment", entry.comment))}
            found_about = set().union(*(findings_about(blanked[field], lexicon, guards) for field in ("tldr", "comment")))
            # ... and about what those are kinds of ("X pre-training" in the title: pre-training).
            found_about |= {"concept/" + a for c in found_about for a in lexicon.ancestors(c.removeprefix("concept/"))}
            proposal = proposed_method(entry.title, None if study else paper.short_name, entry.tldr,
                                 lexicon, cues)
            if proposal and study and proposal.rule.startswith("title"):
                proposal = None
            if proposal is None and not study:
                # "(vLLM)" right beside the title: the paper's own system, known or not.
                proposal = next(filter(None, (known_name_beside(text or "", lexicon, cues)
                                              for text in (entry.tldr, entry.comment))), None)
            if proposal is None and not study:
                # The name this entry's own title gives (a merged paper's other titles may differ).
                proposal = new_method(entry.title, short_name_of(entry.title),
                                       entry.tldr or entry.comment or "", lexicon, cues)
            if proposal:
                field = "title" if proposal.rule.startswith("title") else "tldr"
                found.append((proposal, entry.line, field))
            if not study:
                found.extend((f, entry.line, "title") for f in means_names(
                    entry.title, lexicon, cues, own_name=bool(proposal and proposal.rule.startswith("title")))
                             if not proposal or f.concept != proposal.concept)
                for field in ("tldr", "comment"):
                    found.extend((f, entry.line, field) for f in summary_methods(
                        blanked[field], entry.title, lexicon, cues)
                        if not proposal or f.label != proposal.label)
            names = {name for name in (paper.short_name, short_name_of(entry.title),
                                       proposal.label if proposal else None) if name}
            about_itself = _sentences_about(entry.comment or "", names)
            for field, text in (("title", entry.title), ("tldr", entry.tldr), ("comment", entry.comment)):
                # The authors' names are no concepts ("Glass", "Bengio").
                for f in relations_in_text(blanked[field], lexicon, cues, guards):
                    # A comment mentions tasks in passing; the title and tl;dr say what a paper is for,
                    # and so does a cue in the comment ("applied to denoising") or a sentence of it
                    # that opens with the paper's own name ("Quokka is a system for LLM training").
                    if field == "comment" and f.predicate == "addresses" and not f.cued and not (
                            f.concept.removeprefix("concept/") in cues.qualities and cues.quality_claim.search(f.quote)) \
                            and not any(f.quote in sentence for sentence in about_itself):
                        continue
                    if field == "title" and f.predicate == "improves" \
                            and kind_of(lexicon, f.concept.removeprefix("concept/")) == "Task":
                        # "Improving relation extraction with ...": the task it improves it addresses.
                        found.append((replace(f, predicate="addresses"), entry.line, field))
                    if field == "title" and f.predicate == "uses" and f.concept in found_about:
                        # "Rethinking X" whose tl;dr says "X does not help": a finding about X.
                        f = Found("relatedTo", f.concept, f.quote, "title: a finding about X", cues.confidence("finding"))
                    elif study and field == "title" and f.predicate in ("uses", "proposes"):
                        f = Found("relatedTo", f.concept, f.quote, "title: a study of X", cues.confidence("study_title"))
                    elif field != "title" and f.predicate == "uses" and guards.question_text.match(text or "") \
                            and f.quote in re.split(r"[?？]", text or "", maxsplit=1)[0] + "?":
                        # only the question itself: a summary opening "Why does FooAgent stand out?"
                        # goes on to say what the method uses
                        f = Found("relatedTo", f.concept, f.quote, "text: a question about X",
                                  cues.confidence("question"))
                    if f.predicate == "proposes" and not _specific(f.concept, entry.title, lexicon, f.quote):
                        f = replace(f, predicate="uses", rule=f.rule + " (too broad to be its own)")
                    found.append((f, entry.line, field))
            # A comment that is only a concept's name (a tags column, "| RAG |") ties the paper
            # to it without saying how, whatever else the entry says of it.
            tag = _tag_concept(entry.comment or "", lexicon)
            if tag is not None:
                found.append((Found("relatedTo", "concept/" + tag, (entry.comment or "").strip(), TAG_RULE,
                                    cues.confidence("tag")), entry.line, "comment"))
            # A quality claimed in words no label holds ("quicker to train"), outside a study.
            if not study:
                for field in ("title", "tldr", "comment"):
                    found.extend((f, entry.line, field) for f in quality_claims(blanked[field], lexicon, cues))
            # Named tools the lexicon lacks, right after a use cue ("trained using Megatron-LM").
            own = {name for name in (paper.short_name, short_name_of(entry.title)) if name} \
                | {f.label for f, _, _ in found if f.label}
            for field in ("title", "tldr", "comment"):
                found.extend((f, entry.line, field) for f in coined_uses(blanked[field], lexicon, cues, guards, own))
            named = {f.concept for f, _, _ in found}
            headed = _heading_found(facts, entry.file, entry.topic_path, heading_found, lexicon, cues)
            for topic in also_topics.get((key, entry.file), ()):
                label, line = facts.topics[topic].label, also_lines[(key, topic)]
                headed.extend((f, line, "heading") for f in heading_found(label))
            found.extend(_unbucketed(headed, named, guards, cues))
            found.extend(embedded_names(entry.title, lexicon, cues, entry.line))
            for f, line, field in _keep(found, lexicon, cues):
                add(key, f, entry.file, line, field)

    # Topics and areas that name a concept are related to it.
    for (file, path), heading in sorted(facts.headings.items()):
        topic = facts.heading_topics[(file, path)]
        for mention in lexicon.find_mentions(heading.label):
            add(topic, Found("skos:related", "concept/" + mention.concept_id, heading.label,
                             "heading names a concept", cues.confidence("heading_names")), file, heading.line, "heading")
    for area_key, area in facts.areas:
        for mention in lexicon.find_mentions(area.label):
            add(area_key, Found("skos:related", "concept/" + mention.concept_id, area.label,
                                "area names a concept", cues.confidence("heading_names")), area.file, area.line, "area")
    return list(relations.values())
