"""Entries that are not papers stay in the graph as what they are, and a build says what it left out."""

import dataclasses

import pytest
from rdflib import RDF, Literal, URIRef

import graph.knowledge_graph
from graph.cli import cli
from graph.extract.facts import extract_facts
from graph.parse.notes import Heading, NoteEntry, Notes, PaperEntry
from graph.rdf.datasets import facts_to_rdf
from graph.views.left_out import explain_text, left_out, skipped_tsv, summary_line
from graph.vocab import DEFAULT_BASE, NK, SCHEMA

NOTES = "## Reading list\n- [8/10] [Sparse Mixtures](https://arxiv.org/abs/2101.00001)\n- A thought on sparsity\n"


def rejected(file, line, kind, text, reason, url=None):
    return NoteEntry(file, line, kind, text, ("Reading list",), url=url, reason=reason)


def test_the_summary_counts_kinds_most_first():
    entries = [
        rejected("a.md", 3, "link", "Contents", "in-page link", "#contents"),
        rejected("a.md", 5, "talk", "Keynote on scaling", "talk words"),
        rejected("a.md", 7, "link", "Methods", "in-page link", "#methods"),
        rejected("b.md", 2, "repository", "toolkit", "code host only", "https://github.com/x/toolkit"),
        rejected("b.md", 4, "repository", "another toolkit", "code host only", "https://gitlab.com/y/z"),
        rejected("b.md", 6, "link", "Notes index", "in-page link", "#index"),
    ]
    assert summary_line(entries, "out/skipped.tsv") == (
        "left out 6 entries that are not papers (3 links, 2 repositories, 1 talk); see out/skipped.tsv"
    )
    assert summary_line(entries[1:2]) == "left out 1 entry that is not a paper (1 talk); see skipped.tsv"


def test_the_summary_names_five_kinds_then_stops():
    kinds = ["book", "course", "dataset page", "field label", "talk", "video"]
    entries = [rejected("a.md", i + 1, kind, f"item {i}", "not a paper") for i, kind in enumerate(kinds)]
    assert summary_line(entries) == (
        "left out 6 entries that are not papers "
        "(1 book, 1 course, 1 dataset page, 1 field label, 1 talk, …); see skipped.tsv"
    )


def test_the_table_and_the_explanation_list_every_entry_on_one_line():
    entries = [
        rejected("notes/a.md", 3, "link", "Contents", "in-page link", "#contents"),
        rejected("notes/a.md", 9, "remark", "paper:\tsee below\nmore", "field label"),
    ]
    assert skipped_tsv(entries) == (
        "file\tline\tkind\treason\ttext\n"
        "notes/a.md\t3\tlink\tin-page link\tContents\n"
        "notes/a.md\t9\tremark\tfield label\tpaper: see below more\n"
    )
    assert explain_text(entries) == (
        "notes/a.md:3: link: in-page link: Contents\n"
        "notes/a.md:9: remark: field label: paper: see below more"
    )
    assert skipped_tsv([]) == "file\tline\tkind\treason\ttext\n"


def test_only_rejected_candidates_are_left_out():
    parsed = Notes("a.md", entries=[
        Heading("a.md", 1, 2, "Reading list", ("Reading list",)),
        PaperEntry("a.md", 2, "Sparse Mixtures", ("Reading list",)),
        NoteEntry("a.md", 3, "remark", "A thought on sparsity", ("Reading list",)),
        rejected("a.md", 4, "course", "Deep learning course, week 3", "course host"),
    ])
    assert [e.line for e in left_out([parsed])] == [4]


def test_a_left_out_entry_stays_in_its_file_graph_as_what_it_is():
    parsed = Notes("a.md", entries=[
        Heading("a.md", 1, 2, "Reading list", ("Reading list",)),
        rejected("a.md", 3, "link", "Contents", "in-page link", "#contents"),
        rejected("a.md", 4, "talk", "Keynote on scaling", "talk words", "https://example.org/keynote"),
    ])
    ds = facts_to_rdf(extract_facts([parsed]))
    g = ds.graph(URIRef(DEFAULT_BASE + "notes/a"))
    link, talk = sorted(g.subjects(NK.reason, None), key=lambda n: int(g.value(n, NK.sourceLine)))
    assert (link, RDF.type, NK.Note) in g and (talk, RDF.type, NK.TalkNote) in g
    assert (g.value(link, NK.kind), g.value(link, NK.reason), g.value(link, NK.text)) == (
        Literal("link"), Literal("in-page link"), Literal("Contents"),
    )
    assert g.value(link, SCHEMA.url) == Literal("#contents")  # an anchor is no IRI: kept as text
    assert g.value(talk, SCHEMA.url) == URIRef("https://example.org/keynote")
    assert (talk, NK.kind, Literal("talk")) in g


@pytest.fixture
def with_rejects(monkeypatch):
    """The parser as it will be: it keeps two candidates it rejected, with their reasons."""
    parse = graph.knowledge_graph.parse_notes

    def parse_and_reject(path):
        parsed = parse(path)
        extra = [
            rejected(parsed.file, 5, "link", "Back to top", "in-page link", "#top"),
            rejected(parsed.file, 6, "talk", "Tutorial on sparsity", "talk words: tutorial"),
        ]
        return dataclasses.replace(parsed, entries=parsed.entries + extra)

    monkeypatch.setattr(graph.knowledge_graph, "parse_notes", parse_and_reject)


def test_build_says_what_it_left_out_and_writes_skipped_tsv(runner, write_notes, tmp_path, with_rejects):
    notes = write_notes("list.md", NOTES)
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(notes), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"left out 2 entries that are not papers (1 link, 1 talk); see {out / 'skipped.tsv'}\n"
    )
    assert f"  wrote {out / 'skipped.tsv'}" in result.stdout.splitlines()
    assert (out / "skipped.tsv").read_text() == (
        "file\tline\tkind\treason\ttext\n"
        f"{notes}\t5\tlink\tin-page link\tBack to top\n"
        f"{notes}\t6\ttalk\ttalk words: tutorial\tTutorial on sparsity\n"
    )


def test_build_explain_prints_each_left_out_entry(runner, write_notes, tmp_path, with_rejects):
    notes = write_notes("list.md", NOTES)
    result = runner.invoke(cli, ["build", str(notes), "-o", str(tmp_path / "out"), "--explain", "--no-page"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-2:] == [
        f"{notes}:5: link: in-page link: Back to top",
        f"{notes}:6: talk: talk words: tutorial: Tutorial on sparsity",
    ]


def test_a_build_that_left_nothing_out_says_nothing_unless_asked(runner, write_notes, tmp_path):
    notes = write_notes("list.md", NOTES)
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(notes), "-o", str(out)])
    assert result.exit_code == 0 and result.stderr == ""
    assert (out / "skipped.tsv").read_text() == "file\tline\tkind\treason\ttext\n"
    explained = runner.invoke(cli, ["build", str(notes), "-o", str(out), "--explain"])
    assert explained.stderr == "left out no entries: every entry that looked like a paper is one\n"
