"""Typed relations measured per relation type: precision and recall against blind annotations.

Two sets of annotations, both written by reading the notes, neither by the extractor:

* the default notes (``tests/data/iccv2019_relations_judged.tsv``): every candidate (a first
  hand reading plus the extractor's output) judged yes/no blind; the "yes" rows are the gold;
* part of the wild-notes corpus: ``bench/wild/relations_reading.tsv``, a first reading of 62
  paper entries in four files (a long-tail learning list with Chinese notes, a monthly table
  of LLM papers with long summaries and topic tags, an ML-systems reading list, a VQA/NLP
  reading list), written by an annotator session that never ran notekg; and
  ``bench/wild/relations_judged.tsv``, the yes/no judgement of every candidate (the first
  reading's and the extractor's, shuffled, source hidden) by a separate judge session. Both
  quote other people's notes, so they stay out of git (``bench/wild/`` is ignored; the
  annotation sessions write them under ``/work/annot/`` and ``bench/wild/`` links to them).
  An object written "?name" is a concept the lexicon lacked when it was read; it counts as
  the lexicon's concept once the lexicon has one by that name.

An extracted edge counts as found when (entry line, predicate, concept) is in the gold; edges
the judge never saw (or left with an empty verdict) count as wrong, and the count is printed.
``--candidates`` appends the lists to judge and never overwrites judgements already made:
for the wild notes, the union of the first reading and the extractor's edges not yet judged,
shuffled, with no word on where each came from; for the default notes, the extractor's edges
not in the adjudicated gold, to ``bench/wild/iccv2019_candidates.tsv`` (the gold's columns,
verdict and why empty; the bench reads its verdicts too, and judged rows are then appended to
the gold in ``tests/data``). Only the judge runs it.

Usage::

    .venv/bin/python bench/bench_relations.py                 # both tables
    .venv/bin/python bench/bench_relations.py --errors        # plus each miss and false edge
    .venv/bin/python bench/bench_relations.py --candidates    # append unjudged wild candidates
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import graph  # noqa: E402
from graph.extract.lexicon_files import load_lexicon  # noqa: E402

WILD = ROOT / "bench" / "wild"
CORPUS = ROOT.parent / "shared" / "wild-notes"
READING = WILD / "relations_reading.tsv"
JUDGED = WILD / "relations_judged.tsv"
DEFAULT_JUDGED = ROOT / "tests" / "data" / "iccv2019_relations_judged.tsv"
# Verdicts on default-notes edges made since that annotation; filled in by a judge session.
DEFAULT_CANDIDATES = WILD / "iccv2019_candidates.tsv"
PREDICATES = ("proposes", "uses", "replaces", "improves", "outperforms", "addresses", "evaluatedOn",
              "relatedTo")

Edge = tuple[str, int, str, str]  # file name, entry line, predicate, concept id


def _rows(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _concept(lexicon, name: str) -> str:
    """The lexicon id of an annotated concept; "?name" for one the lexicon lacks.

    The annotators wrote "?name" for a concept the lexicon lacked when they read; if the
    lexicon has gained it since, it counts as that concept.
    """
    concept = lexicon.resolve(name.removeprefix("?"))
    return concept.id if concept else "?" + name.removeprefix("?").casefold()


def _wild_path(name: str) -> Path:
    for folder in (CORPUS, WILD):
        if (folder / name).exists():
            return folder / name
    raise SystemExit(f"not found: {name} (restore bench/wild/ with the corpus' restore.sh)")


def extracted(paths: list[Path], lines: dict[str, set[int]]) -> dict[Edge, str]:
    """The extractor's paper edges on the given entry lines of each file, each with its object's name.

    An edge to a method a title coins (no lexicon concept) has the object "?name", as the
    annotators write a concept the lexicon lacks.
    """
    kg = graph.build(paths)
    lexicon = load_lexicon()
    found: dict[Edge, str] = {}
    for rel in kg.facts.relations:
        if rel.predicate not in PREDICATES or not rel.subject.startswith("paper/"):
            continue
        if rel.object_label:
            concept, name = "?" + rel.object_label.casefold(), rel.object_label
        else:
            concept = rel.object.removeprefix("concept/")
            name = lexicon.concepts[concept].label if concept in lexicon else concept
        for entry in kg.facts.papers[rel.subject].entries:
            file = Path(entry.file).name
            if entry.line in lines.get(file, ()):
                found[(file, entry.line, rel.predicate, concept)] = name
    return found


def table(title: str, found: set[Edge], gold: set[Edge], errors: bool,
          predicates: tuple[str, ...] = PREDICATES) -> None:
    print(f"\n{title}")
    print(f"{'relation':<12} {'gold':>5} {'found':>6} {'right':>6} {'precision':>10} {'recall':>7}")
    found = {e for e in found if e[2] in predicates}
    for predicate in (*predicates, None):
        f = {e for e in found if predicate in (None, e[2])}
        g = {e for e in gold if predicate in (None, e[2])}
        if not f and not g:
            continue
        right = len(f & g)
        precision = f"{right / len(f):.2f}" if f else "-"
        recall = f"{right / len(g):.2f}" if g else "-"
        print(f"{predicate or 'all':<12} {len(g):>5} {len(f):>6} {right:>6} {precision:>10} {recall:>7}")
    if errors:
        for edge in sorted(gold - found):
            print("  missed", *edge, sep="\t")
        for edge in sorted(found - gold):
            print("  wrong ", *edge, sep="\t")


def default_notes(errors: bool, candidates: bool) -> None:
    """The default notes' table; with ``candidates``, append their unjudged edges to judge instead.

    The verdicts come from the adjudicated gold and, when it exists, from the candidates file a
    judge session fills in (same columns; an empty verdict is not judged yet and counts as wrong).
    """
    lexicon = load_lexicon()
    name = "iccv2019.md"
    rows = _rows(DEFAULT_JUDGED) + (_rows(DEFAULT_CANDIDATES) if DEFAULT_CANDIDATES.exists() else [])
    judged = {(name, int(r["line"]), r["predicate"], _concept(lexicon, r["object"])): r["verdict"].strip()
              for r in rows}
    lines = {name: {e[1] for e in _rows_edges(lexicon, name, _rows(DEFAULT_JUDGED))}}
    # The default-notes annotation predates relatedTo: the seven other types are judged there.
    found = {e: label for e, label in extracted([ROOT / "notes" / name], lines).items() if e[2] in PREDICATES[:-1]}
    new = sorted(set(found) - set(judged))
    if candidates:
        random.Random(len(judged)).shuffle(new)
        first = not DEFAULT_CANDIDATES.exists()
        DEFAULT_CANDIDATES.parent.mkdir(parents=True, exist_ok=True)
        ids = [int(r["id"]) for r in rows if r["id"].isdigit()]
        with DEFAULT_CANDIDATES.open("a", encoding="utf-8") as out:
            if first:
                out.write("# Candidate relations of notes/iccv2019.md not in tests/data/iccv2019_relations_judged.tsv\n"
                          "# (extractor edges made since), shuffled. verdict yes/no: does the notes' wording (title,\n"
                          "# tl;dr, comment, heading) support it? why: the reason. Empty verdict = not judged yet.\n"
                          "id\tline\tpredicate\tobject\tverdict\twhy\n")
            for number, edge in enumerate(new, start=max(ids, default=0) + 1):
                out.write("\t".join((str(number), str(edge[1]), edge[2], found[edge], "", "")) + "\n")
        print(f"{len(new)} default-notes candidates appended to {DEFAULT_CANDIDATES}")
        return
    gold = {edge for edge, verdict in judged.items() if verdict == "yes"}
    waiting = sum(1 for e in found if judged.get(e, "") == "")
    table(f"default notes ({len(lines[name])} paper entries, adjudicated gold; relatedTo not annotated)",
          set(found), gold, errors, PREDICATES[:-1])
    if waiting:
        seen = [e for e in found if judged.get(e)]
        print(f"  {waiting} extracted edges not judged yet (counted wrong: {len(new)} not in any verdict file,"
              f" {waiting - len(new)} with an empty verdict in {DEFAULT_CANDIDATES});"
              f" precision on the {len(seen)} judged: {sum(e in gold for e in seen) / max(len(seen), 1):.2f}")


def _rows_edges(lexicon, name: str, rows: list[dict[str, str]]) -> set[Edge]:
    return {(name, int(r["line"]), r["predicate"], _concept(lexicon, r["object"])) for r in rows}


def _entries() -> dict[str, set[int]]:
    entries: dict[str, set[int]] = {}
    for line in READING.read_text(encoding="utf-8").splitlines():
        if line.startswith("# entries\t"):  # "# entries<TAB>file<TAB>1,2,3"
            _, name, numbers = line.split("\t")
            entries[name] = {int(n) for n in numbers.split(",")}
    return entries


def wild(errors: bool, candidates: bool) -> None:
    lexicon = load_lexicon()
    entries = _entries()
    reading = {(r["file"], int(r["line"]), r["predicate"], _concept(lexicon, r["object"])) for r in _rows(READING)}
    found = set(extracted([_wild_path(name) for name in entries], entries))
    judged = {(r["file"], int(r["line"]), r["predicate"], _concept(lexicon, r["object"])): r["verdict"].strip()
              for r in _rows(JUDGED)} if JUDGED.exists() else {}
    if candidates:
        new = sorted((reading | found) - set(judged))
        random.Random(len(judged)).shuffle(new)
        first = not JUDGED.exists()
        with JUDGED.open("a", encoding="utf-8") as out:
            if first:
                out.write("# Blind yes/no judgement of every candidate relation (first reading + extractor, shuffled,\n"
                          "# source hidden). verdict: yes when the entry's words (title, comment, heading) support it.\n"
                          "file\tline\tpredicate\tobject\tverdict\n")
            for edge in new:
                out.write("\t".join((edge[0], str(edge[1]), edge[2], edge[3], "")) + "\n")
        print(f"{len(new)} candidates appended to {JUDGED}")
        return
    unjudged = {e for e in reading | found if not judged.get(e)}
    if unjudged:
        listed = sum(1 for e in unjudged if e in judged)
        print(f"\nwild notes: {len(unjudged)} candidates not judged yet ({listed} listed with an empty verdict,"
              f" {len(unjudged) - listed} not listed: run with --candidates)")
    gold = {edge for edge, verdict in judged.items() if verdict == "yes"}
    count = sum(len(lines) for lines in entries.values())
    table(f"wild notes ({count} paper entries in {len(entries)} files, adjudicated gold)", found, gold, errors)
    seen = {e for e in found if judged.get(e)}
    if unjudged and seen:
        # Edges made after the judgement count as wrong above; this is the share right among those judged.
        print(f"  {len(found - seen)} extracted edges not judged (counted wrong);"
              f" precision on the {len(seen)} judged: {len(seen & gold) / len(seen):.2f}")
    table("wild notes, against the first reading alone", found, reading, False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list each missed and each wrong edge")
    parser.add_argument("--candidates", action="store_true", help="append unjudged candidates to judge (both sets)")
    args = parser.parse_args()
    default_notes(args.errors, args.candidates)
    if READING.exists():
        wild(args.errors, args.candidates)
    else:
        print(f"\nwild notes: no annotation at {READING}")


if __name__ == "__main__":
    main()
