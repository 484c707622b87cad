"""Uses edges to named tools the lexicon lacks: a coined name right after an explicit use cue.

Part of the extract stage, used by :mod:`graph.extract.relations`. Notes name the systems and
models a paper is built on ("trained using FlockLib-XL", "a WoolScore-based objective") long
before any lexicon holds them. Such a name gives a *uses* edge to a new concept carrying the
name as its label, under strict guards, since a wrong open-vocabulary edge costs more than a
missed one:

* the cue is one of the explicit ``uses`` cues of ``data/relation_cues.yaml`` ("using",
  "based on", "built on", "by leveraging", "X-based"), in the same clause, with at most the
  cue's own short gap between;
* the name looks coined: a capital after a small letter inside it ("WoolScore", "DeepSpeed"),
  capitals after a hyphen ("flocklib-XL") or three capitals or more ("FAISS") in a text not
  written in capitals, and no lexicon concept covers any of it;
* nothing in the clause before the name negates or compares ("without X", "better than X"),
  and its sentence states no finding against it;
* it is not the paper's own name (that is what the paper proposes), nor a word of
  ``not_coined`` (hardware and units written in capitals: "GPU-based" says where it runs).

Examples
--------
>>> from graph.extract.lexicon_files import load_lexicon
>>> lexicon = load_lexicon()
>>> [(f.label, f.rule) for f in coined_uses("Trained using FlockLib-XL on 512 GPUs", lexicon)]
[('FlockLib-XL', 'text: using coined X')]
>>> [f.label for f in coined_uses("a custom WoolScore-based objective", lexicon)]
['WoolScore']
>>> coined_uses("works without FAISS", lexicon), coined_uses("better than FooNet, using ResNet", lexicon)
([], [])
>>> coined_uses("GPU-based sampling", lexicon), coined_uses("using Notes andCoarse-Grained Labels", lexicon)
([], [])
>>> [f.label for f in coined_uses("pre-training using WOOL-style masking", lexicon)]
['WOOL']
"""

from __future__ import annotations

import re

from graph.extract.facts import slug
from graph.extract.lexicon import Lexicon
from graph.extract.senses import Guards, load_guards
from graph.extract.text_relations import Found, RelationCues, clauses, load_relation_cues

__all__ = ["coined_uses"]

# A name-like token: letters, digits, dots, plus signs and inner hyphens ("FlockLib-XL", "T5-XL").
# A "-based" after the name is the cue's, not the name's ("WoolScore-based"), and a "-style" or
# "-like" says the thing is shaped after the name ("WOOL-style pre-training" uses WOOL).
_TOKEN = re.compile(r"(?<![\w\-])[A-Za-z][\w.+]*"
                    r"(?:-(?!(?i:based|powered|driven|guided|style|like|type|inspired|aware)\b)[\w.+]+)*(?<![.\-])")
# Coined: a capital right after a small letter ("WoolScore"), capitals after a hyphen
# ("flocklib-XL"; not a title's "Self-Evaluated"), or an acronym of three capitals or more ("FAISS").
# A capital inside a word counts in a name that opens with one ("andFine" is two words run together).
_COINED = re.compile(r"^[A-Z0-9].*[a-z][A-Z]|-[A-Z]{2,}(?![a-z])|[A-Z]{3,}")
_ANY_COINED = re.compile(r"[a-z][A-Z]|-[A-Z]{2}|[A-Z]{3}")
# Cues that say the clause is not a use of what follows: a negation, a comparison, a likeness.
_NOT_A_USE = ("negates", "outperforms", "relatedTo", "replaces", "measured")


def coined_uses(text: str, lexicon: Lexicon, cues: RelationCues | None = None,
                guards: Guards | None = None, own_names: set[str] | frozenset[str] = frozenset()) -> list[Found]:
    """Uses edges to coined names the lexicon lacks, each right after an explicit use cue.

    ``own_names`` are the paper's own names (its title's short name, what it proposes): never
    a use.
    """
    cues = cues or load_relation_cues()
    guards = guards or load_guards()
    own = {name.casefold() for name in own_names}
    if text.upper() == text:
        return []  # a text in capitals tells no acronym from a word
    if not _ANY_COINED.search(text) or not any(cue.pattern.search(text) for cue in cues.anywhere.get("uses", ())) \
            and not any(cue.pattern.search(text) for cue in cues.after_anywhere.get("uses", ())):
        return []  # no coined name, or no use cue anywhere: the common case, checked cheaply
    findings = [s for s in re.split(r"[.;!?。；！？]", text)
                if guards.finding_not_use.search(s) or guards.background.search(s)]
    found: list[Found] = []
    for _, clause in clauses(text, cues, lexicon):
        if any(clause.strip() and clause.strip() in f for f in findings):
            continue
        covered = [(m.start, m.end) for m in lexicon.find_mentions(clause)]
        for m in _TOKEN.finditer(clause):
            name = m.group(0)
            if len(name) < 3 or not _COINED.search(name) or name.casefold() in own or name in cues.not_coined \
                    or any(a < m.end() and m.start() < b for a, b in covered) or lexicon.resolve(name) is not None:
                continue
            prefix, suffix = clause[: m.start()], clause[m.end():]
            rule = _use_cue(prefix, suffix, cues)
            if rule is None or any(cue.pattern.search(prefix) for relation in _NOT_A_USE
                                   for cue in cues.anywhere.get(relation, ())):
                continue
            if all(f.label != name for f in found):
                found.append(Found("uses", "concept/" + slug(name), clause.strip(), rule,
                                   cues.confidence("coined_use"), cued=True, label=name))
    return found


def _use_cue(prefix: str, suffix: str, cues: RelationCues) -> str | None:
    """The rule of the explicit use cue before (or after) a name ("text: using coined X"), or None."""
    for cue in cues.before.get("uses", ()):
        m = cue.pattern.search(prefix)
        if m:
            return "text: " + " ".join(prefix[m.start(): m.start("gap")].lower().split()) + " coined X"
    for cue in cues.after.get("uses", ()):
        m = cue.pattern.match(suffix)
        if m:
            return "text: coined X" + m.group(0).strip().lower()
    return None
