"""Relations the words of one field give its paper: phrase cues around lexicon mentions.

Part of the extract stage, used by :mod:`graph.extract.relations`. The cues are data in
``data/relation_cues.yaml`` (read by :mod:`graph.extract.relation_cues`): phrases before or after a mention ("instead of X", "better than
X", "X-free"), a comparison "A >> B", cues that carry over a list ("better than X, such as Y"),
and sentences stating a finding against something ("X does not help"), which give no uses edge.

Every cue and every rule the extractor applies on its own carries a confidence in the same
file (``explicit``, ``mention`` or ``heading``); an edge takes the confidence of what made it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator


from graph.extract.lexicon import Lexicon
from graph.extract.mentions import Mention
from graph.extract.relation_cues import CUE_GIVES
from graph.extract.relation_cues import CUE_PRIORITY as _PRIORITY
from graph.extract.relation_cues import HeadingCue, RelationCues, TextCue, load_relation_cues
from graph.extract.regex_screen import ascii_lowered, may_match
from graph.extract.senses import Guards, guarded_mentions, load_guards

__all__ = ["BROADER_RULE", "RelationCues", "HeadingCue", "Found", "broader_in_words", "findings_about", "load_relation_cues", "relations_in_text", "clauses", "kind_of",
           "default_for", "allowed"]

# Cues that give no edge: a negation, and a task named where a result is measured.
_NO_EDGE = ("negates", "measured")
# Cues whose reach carries over a list that follows them ("better than X, such as Y").
_CARRIED = ("measured", "negates", "replaces", "outperforms", "relatedTo", "addresses")


# The rule of an edge to the broader concept a mention's head names ("conditional image generation").
BROADER_RULE = "text: X names its broader concept"
# The rule of a learning setting heading an item of a summary: a way the method works.
FEATURE_HEAD_RULE = "text: X: how the method does it"
# Rules that name a task as the means to another, or as a way the method works: the paper uses it.
_MEANS_RULES = ("text: X for another task", "text: a task with X", FEATURE_HEAD_RULE)


# patterns used per text, compiled once (re's cache lookup per call is not free)
_SENTENCE_END = re.compile(r"[.;!?。；！？]")


@dataclass(frozen=True)
class Found:
    predicate: str
    concept: str
    quote: str
    rule: str
    confidence: str  # explicit, mention or heading: what the cue or rule that made it carries
    aspect: str | None = None
    cued: bool = False  # a cue of the file made it, not a bare mention
    label: str | None = None  # the name of a concept the notes coin, not in the lexicon
    group: str | None = None  # the cue group that made it ("objective": a metric trained for)


def clauses(text: str, cues: RelationCues,
            lexicon: Lexicon | None = None) -> Iterator[tuple[str, str]]:
    """(separator before, clause) pairs: the text cut where a cue's reach ends.

    A break inside a concept's label ("Vision and Language Models") does not cut it.

    >>> list(clauses("faster than conv, and lighter", load_relation_cues()))
    [('', 'faster than conv'), ('and', ' lighter')]
    """
    labels: list[tuple[int, int]] | None = None  # read at the first break: most texts have none
    start, separator = 0, ""
    for m in cues.clause_break.finditer(text):
        if labels is None:
            labels = _label_spans(text, lexicon)
        if any(a < m.start() and m.end() < b for a, b in labels):
            continue
        if m.start() > start:
            yield separator, text[start : m.start()]
        start, separator = m.end(), m.group(0).strip().lower()
    if start < len(text):
        yield separator, text[start:]


def _label_spans(text: str, lexicon: Lexicon | None) -> list[tuple[int, int]]:
    """Where the text names concepts: no break cuts these spans."""
    labels = []
    mentions = lexicon.find_mentions(text) if lexicon is not None else []
    for k, mention in enumerate(mentions):
        named = lexicon.resolve(mention.surface) if lexicon is not None else None
        # "data, tensor and pipeline parallelism": a word sharing the next label's head is cut
        # from it by no break
        elided = (named is None or named.id != mention.concept_id) and k + 1 < len(mentions)
        labels.append((mention.start, mentions[k + 1].end if elided else mention.end))
    return labels


def kind_of(lexicon: Lexicon, concept_id: str) -> str:
    """The kind of a lexicon concept: Technique, Task or Dataset."""
    return str(lexicon.concepts[concept_id].kind)


def default_for(kind: str) -> str:
    """What a bare mention of a concept of this kind gives its paper.

    >>> default_for("Technique"), default_for("Task"), default_for("Dataset")
    ('uses', 'addresses', 'evaluatedOn')
    """
    return {"Task": "addresses", "Dataset": "evaluatedOn"}.get(kind, "uses")


def allowed(predicate: str, kind: str, rule: str | None = None) -> bool:
    """May a relation point at a concept of this kind? (A paper is evaluated on datasets only.)

    A task named as the means to another ("few-shot ... translation") is one the paper uses.

    >>> allowed("evaluatedOn", "Technique"), allowed("uses", "Task"), allowed("uses", "Task", "text: X for another task")
    (False, False, True)
    """
    if predicate == "relatedTo" or rule in _MEANS_RULES:
        return True
    if kind == "Dataset":
        return predicate in ("evaluatedOn", "negates")
    if kind == "Task":
        return predicate in ("addresses", "improves", "negates", "measured")
    return predicate not in ("evaluatedOn", "addresses", "measured")


def _carried_cue(clause: str, cues: RelationCues) -> Found | None:
    """A cue in a clause that names no concept, to carry to the list after it."""
    for relation in _CARRIED:
        for cue in cues.anywhere.get(relation, ()):
            if cue.pattern.search(clause):
                return Found(relation, "", "", f"text: {relation} X, such as Y", cue.confidence)
    return None


def _cue_reaching_end(clause: str, cues: RelationCues) -> Found | None:
    """A comparison cue whose short reach runs to the end of a clause that names no concept.

    Rivals are coordinated ("beats distilled and fine-tuned rivals"); what a paper is for
    ("a system for identification and tracking of X") is not carried this way.
    """
    for relation in ("outperforms", "relatedTo", "replaces"):
        for cue in cues.before.get(relation, ()):
            if cue.pattern.search(clause):
                return Found(relation, "", "", f"text: {relation} A and X", cue.confidence)
    return None


def relations_in_text(text: str, lexicon: Lexicon, cues: RelationCues | None = None,
                      guards: Guards | None = None) -> list[Found]:
    """Relations the words of one field (title, tl;dr or comment) give its paper.

    Examples
    --------
    >>> from graph.extract.lexicon_files import load_lexicon
    >>> for f in relations_in_text("Softmax > TripletLoss, no need to sample triplets", load_lexicon()):
    ...     print(f.predicate, f.concept, "|", f.rule)
    uses concept/softmax | text: mentions a technique
    outperforms concept/triplet-loss | text: A > X
    """
    cues = cues or load_relation_cues()
    guards = guards or load_guards()
    found: list[Found] = []
    carried: Found | None = None  # a cue that reaches over "A, B and C"
    needs_opener = False  # carried from a clause naming no concept: only "such as Y" gets it
    unread: str | None = None  # that clause, its cue not looked for yet
    # Sentences stating a finding against something give no uses edge ("X does not help").
    # ... nor do sentences on the state of the field ("X has reshaped the way people ...").
    # (most texts hold none of the guards' words: their sentences are not searched)
    lowered = ascii_lowered(text)
    finding_guards = [g for g in (guards.finding_not_use, guards.background) if may_match(g, lowered)]
    findings = [s for s in _SENTENCE_END.split(text) if any(g.search(s) for g in finding_guards)] \
        if finding_guards else []
    for separator, clause in clauses(text, cues, lexicon):
        mentions = guarded_mentions(clause, lexicon, guards)
        # a cue reaches over "A, B and C" only, and into examples in brackets: "beats rivals (e.g. A)"
        listing = separator in (",", "and", "or") or (separator == "(" and bool(guards.list_opener.match(clause)))
        if not listing:
            carried, unread = None, None
        if not mentions:
            # its cue is looked for only when a clause naming concepts follows it in a list
            carried, unread = None, clause
            needs_opener = True
            continue
        if unread is not None:
            reaching = _cue_reaching_end(unread, cues) if listing else None
            if reaching is not None:
                # "outperforms distilled and fine-tuned rivals": the cue's reach runs on
                # through the coordination, no "such as" needed
                carried, needs_opener = reaching, False
            else:
                carried = _carried_cue(unread, cues)
            unread = None
        if carried is not None and needs_opener and not guards.list_opener.match(clause):
            carried = None
        in_finding = any(clause.strip() and clause.strip() in f for f in findings)
        listed = 0  # the mentions a carried cue reaches: the list items opening this clause
        if carried is not None and len(clause[: mentions[0].start].split()) <= 2 \
                and not _match_any(cues, clause[: mentions[0].start]):
            listed = _list_items(clause, mentions, cues)
            for mention in mentions[:listed]:
                kind = kind_of(lexicon, mention.concept_id)
                if carried.predicate not in _NO_EDGE and allowed(carried.predicate, kind):
                    found.append(Found(carried.predicate, "concept/" + mention.concept_id,
                                       clause.strip(), carried.rule, carried.confidence, carried.aspect, True))
            if listed == len(mentions):
                needs_opener = False  # the list goes on: "such as A and B"
                continue
            # "models like A and B show that C beats D": the list ends where a sentence of its
            # own goes on; C and D are read by their own cues
        carried, needs_opener = None, False
        quote = clause.strip()
        comparison = cues.comparison.search(clause)
        # "SSL is better than CE": both sides of a comparison the paper reports between others
        compared_at = _compared_subject(clause, [m for m in mentions if kind_of(lexicon, m.concept_id) == "Technique"], cues)
        for index, mention in enumerate(mentions):
            if index < listed:
                continue
            kind = kind_of(lexicon, mention.concept_id)
            prefix, suffix = clause[: mention.start], clause[mention.end :]
            predicate, rule, aspect, also = default_for(kind), None, None, None
            group: str | None = None
            confidence = cues.confidence("mention")
            following = mentions[index + 1] if index + 1 < len(mentions) else None
            if kind == "Task" and following is not None and cues.task_as_means.fullmatch(clause[mention.end : following.start]):
                # "Few-shot unsupervised image translation", "continual learning for image generation":
                # a task named as the way to another is a setting the paper uses.
                predicate, rule = "uses", "text: X for another task"
                confidence = cues.confidence("task_as_means")
                if "learning-setting" not in lexicon.ancestors(mention.concept_id):
                    # "Paragraph retrieval for question answering": both are problems it addresses.
                    predicate, rule, confidence = "addresses", None, cues.confidence("mention")
            if kind == "Task" and "learning-setting" in lexicon.ancestors(mention.concept_id) \
                    and guards.feature_head.search(prefix + "@" + suffix):
                # "• Continual learning: keeps learning as tasks arrive": a feature of the method
                predicate, rule = "uses", FEATURE_HEAD_RULE
                confidence = cues.confidence("feature_head")
            previous = mentions[index - 1] if index else None
            if kind == "Task" and previous is not None and kind_of(lexicon, previous.concept_id) == "Task" \
                    and cues.task_by_means.fullmatch(clause[previous.end : mention.start]) \
                    and "learning-setting" not in (mention.concept_id, *lexicon.ancestors(mention.concept_id)):
                # "Depth completion guided by edge detection": the task after "with", "using",
                # "guided by" is a means; a learning setting there ("with noisy labels") is not.
                predicate, rule = "uses", "text: a task with X"
                confidence = cues.confidence("task_as_means")
            if compared_at is not None and mention.end <= compared_at:
                predicate, rule = "relatedTo", "text: X compared with another"
                confidence = cues.confidence("compared_others")
            elif comparison and mention.start >= comparison.start("b"):
                predicate, rule = "outperforms", f"text: A {comparison.group('op')} X"
                confidence = cues.confidence("comparison")
            else:
                for relation in _PRIORITY:
                    if not allowed(CUE_GIVES.get(relation, relation), kind):
                        continue  # "based on X": the "on" of evaluatedOn is for datasets only
                    hit = _match_cue(cues, relation, prefix, suffix)
                    if hit is not None and hit[0].name == "before" \
                            and any(hit[1].start("gap") <= other.start for other in mentions[:index]):
                        # "outperforms the ResNet-50 supervised baseline": the words a cue may
                        # skip hold no other concept; the cue reaches the first one after it.
                        hit = None
                    if hit is not None and hit[0].confidence != "explicit" \
                            and _match_cue(cues, "negates", prefix, suffix) is not None:
                        hit = None  # a weak cue yields to a negation or a hedge: "maybe useful for X"
                    if hit is not None and relation == "uses" and hit[0].name == "after" \
                            and cues.target_of.search(prefix):
                        # "a system for Transformer-based models": what the paper serves is
                        # built with X, not the paper
                        hit = None
                    if hit is not None and relation == "relatedTo" and kind == "Task" and re.search(r"\bthan\b", hit[1].group(0)):
                        hit = None  # a task measured "than" another keeps what it is: "more robust than segmentation"
                    if hit is not None:
                        cue, m = hit
                        words = " ".join(m.group(0).lower().split())
                        rule = f"text: {words} X" if cue.name == "before" else f"text: X {words}"
                        predicate = CUE_GIVES.get(relation, relation)
                        aspect, confidence, also = _aspect(m), cue.confidence, cue.also
                        group = relation
                        break
            listed_proposal = False
            if rule is None and previous is not None and found and found[-1].predicate == "proposes" \
                    and found[-1].concept == "concept/" + previous.concept_id \
                    and guards.list_join.fullmatch(clause[previous.end : mention.start]):
                # "proposes FooLoss, as well as BarSampling": the proposal reaches the list
                predicate, rule, confidence = "proposes", found[-1].rule, found[-1].confidence
                listed_proposal = True
            if compared_at is not None and predicate == "outperforms" and mention.start >= compared_at:
                predicate, rule = "relatedTo", "text: another compared with X"
                confidence = cues.confidence("compared_others")
            # "improves A and B" is rare beside "Enhanced A and Collaborative B" (two contributions)
            carried = Found(predicate, "", "", rule or "", confidence, aspect) \
                if rule and predicate not in ("uses", "improves") else None
            if predicate == "proposes" and not listed_proposal and (lexicon.descendants(mention.concept_id) or not any(
                    re.search(rf"(?:{p.pattern.pattern})\s*$", prefix, re.IGNORECASE)
                    for p in cues.anywhere.get("proposes", ()))):
                # "proposed a global-local context module": words between the cue and the label
                # make the paper's method narrower than the concept, as does a broad parent.
                predicate = "uses"
            if predicate in _NO_EDGE or not allowed(predicate, kind, rule):
                continue
            if predicate == "uses" and in_finding:
                continue
            broader = lexicon.concepts[mention.concept_id].broader
            if predicate == "improves" and rule and rule.startswith("text: X ") and "better" in rule \
                    and kind == "Technique" and broader:
                # "Learned pooling works better": the paper's learned pooling does better than
                # pooling as usually done; it uses the one and improves on the broader one.
                found.append(Found("improves", "concept/" + broader[0], quote, rule, confidence, aspect))
                predicate = "uses"
            found.append(
                Found(predicate, "concept/" + mention.concept_id, quote,
                      rule or f"text: mentions a {kind.lower()}", confidence, aspect, rule is not None,
                      group=group)
            )
            if also and allowed(also, kind) and not (also == "uses" and in_finding):
                found.append(Found(also, "concept/" + mention.concept_id, quote, str(rule), confidence))
            if predicate in ("uses", "addresses"):
                # "Conditional image generation" is image generation too: the words name it.
                found.extend(Found(predicate, "concept/" + head, quote, BROADER_RULE,
                                   cues.confidence("broader_in_words"))
                             for head in broader_in_words(mention, lexicon)
                             if allowed(predicate, kind_of(lexicon, head)))
        tail_cue = _cue_reaching_end(clause[mentions[-1].end:], cues)
        if tail_cue is not None:  # "X helps; beats distilled and fine-tuned rivals"
            carried, needs_opener = tail_cue, False
    return found


def broader_in_words(mention: Mention, lexicon: Lexicon) -> list[str]:
    """The broader concept a mention's own words name at their end (its head), if any.

    "Conditional image generation" names image generation; "local self-attention" names
    self-attention. A broader concept the words do not name ("ResNet" → CNN) is left out.

    >>> from graph.extract.lexicon_files import load_lexicon
    >>> lexicon = load_lexicon()
    >>> [broader_in_words(m, lexicon) for m in lexicon.find_mentions("conditional image generation, ResNet")]
    [['image-generation'], []]
    """
    ancestors = set(lexicon.ancestors(mention.concept_id))
    surface = mention.surface
    for cut in re.finditer(r"[\s\-]+", surface):
        tail = surface[cut.end():]
        for inner in lexicon.find_mentions(tail):
            # The nearest head of two words or more: "segmentation" alone says too little.
            if inner.start == 0 and inner.end == len(tail) and inner.concept_id in ancestors \
                    and re.search(r"\w[\s\-]+\w", tail):
                return [inner.concept_id]
    return []


def findings_about(text: str, lexicon: Lexicon, guards: Guards | None = None) -> set[str]:
    """Concepts named in sentences that state a finding against them ("X does not help").

    >>> from graph.extract.lexicon_files import load_lexicon
    >>> sorted(findings_about("Dropout does not help here. Uses batch norm.", load_lexicon()))
    ['concept/dropout']
    """
    guards = guards or load_guards()
    concepts: set[str] = set()
    if not may_match(guards.finding_not_use, ascii_lowered(text)):
        return concepts  # most texts hold none of its words: their sentences are not searched
    for sentence in _SENTENCE_END.split(text):
        if guards.finding_not_use.search(sentence):
            for mention in guarded_mentions(sentence, lexicon, guards):
                concepts.add("concept/" + mention.concept_id)
                concepts.update("concept/" + head for head in broader_in_words(mention, lexicon))
    return concepts


def _list_items(clause: str, mentions: list[Mention], cues: RelationCues) -> int:
    """How many mentions opening a clause are items of one list: each after the last by at
    most two words and no cue ("A and B", "A, the B"), not "A show that C".

    >>> from graph.extract.lexicon_files import load_lexicon
    >>> lex, cues = load_lexicon(), load_relation_cues()
    >>> text = "LoRA show that our adapter beats BERT"
    >>> _list_items(text, lex.find_mentions(text), cues), _list_items("LoRA and BERT", lex.find_mentions("LoRA and BERT"), cues)
    (1, 2)
    """
    count = 1
    for before, mention in zip(mentions, mentions[1:]):
        between = clause[before.end : mention.start]
        if len(between.split()) > 2 or _match_any(cues, between):
            break
        count += 1
    return count


def _compared_subject(clause: str, mentions: list[Mention], cues: RelationCues) -> int | None:
    """Where a comparison cue stands whose subject is one of ``mentions``, not the paper.

    "Dropout is better than weight decay": the paper compares two techniques, it uses neither.

    The concept must stand right before the cue, with only the words ``compared_between``
    allows ("is", "still", "overall") between; "our X", "the proposed X" is the paper's own.

    >>> from graph.extract.lexicon_files import load_lexicon
    >>> lexicon, cues = load_lexicon(), load_relation_cues()
    >>> text = "dropout is still better than weight decay"
    >>> _compared_subject(text, lexicon.find_mentions(text), cues)
    17
    >>> text = "our dropout is better than weight decay"
    >>> _compared_subject(text, lexicon.find_mentions(text), cues) is None
    True
    """
    for mention in mentions:
        if cues.own_subject.search(clause[: mention.start]):
            continue
        rest = clause[mention.end :]
        for cue in cues.anywhere.get("outperforms", ()):
            m = cue.pattern.search(rest)
            if m and m.group(0)[:1].isalnum() and cues.compared_between.fullmatch(rest[: m.start()]):
                return mention.end + m.start()
    return None


def _match_any(cues: RelationCues, prefix: str) -> bool:
    return any(_match_cue(cues, relation, prefix, "") for relation in _PRIORITY)


def _match_cue(cues: RelationCues, relation: str, prefix: str, suffix: str) -> tuple[TextCue, re.Match[str]] | None:
    for cue in cues.before.get(relation, ()):
        m = cue.pattern.search(prefix)
        if m:
            return cue, m
    for cue in cues.after.get(relation, ()):
        m = cue.pattern.match(suffix)
        if m:
            return cue, m
    return None


def _aspect(m: re.Match[str]) -> str | None:
    try:
        value = m.group("aspect")
    except IndexError:
        return None
    return value.lower() if value else None
