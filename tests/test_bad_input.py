"""Bad input, as an adversary would type it: one `Error:` line, no traceback, earlier outputs intact.

Every session starts in a folder holding good notes (notes.md) and an earlier build (exports/).
A refused command must say what is wrong in one line on stderr, exit 1 (2 for usage), and leave
every file of exports/ byte for byte as it was, with no temporary file beside or inside it.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from graph.cli import cli

NOTES = (
    "## Detection\n"
    "- [7/10][Simple] [FCOS: One-Stage Detection](https://arxiv.org/abs/1904.01355) uses batch normalization\n"
    "- [9/10] [Gated-SCNN: Gated Shape CNN](https://arxiv.org/abs/1907.05740)\n"
)
VOCAB = (
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    "<https://w3id.org/notekg/id/concept/frob> a skos:Concept ; skos:prefLabel \"Frobnication\"@en .\n"
)


@pytest.fixture(scope="module")
def earlier_build(tmp_path_factory) -> Path:
    """exports/ as `notekg build notes.md` left it (built once, copied into every session)."""
    folder = tmp_path_factory.mktemp("earlier")
    (folder / "notes.md").write_text(NOTES)
    old = os.getcwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(cli, ["build", "notes.md", "-o", "exports"])
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def session(earlier_build, tmp_path, monkeypatch) -> Path:
    """A user's folder: notes.md and exports/ from an earlier build; the current directory."""
    shutil.copy(earlier_build / "notes.md", tmp_path / "notes.md")
    shutil.copytree(earlier_build / "exports", tmp_path / "exports")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) with its bytes, except the query store: a
    query that ran but could not write its answer (to a FIFO nobody reads) has indexed the graph,
    and that store, keyed to graph.nq's content, serves the next query."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".notekg-store" not in p.relative_to(folder).parts}


def leftovers(folder: Path) -> list[str]:
    """Temporary files or folders a write left beside or inside exports/."""
    return sorted(p.name for p in [*folder.iterdir(), *(folder / "exports").iterdir()] if p.name.endswith(".tmp"))


# ---------------------------------------------------------------------------------------------
# Writers of the bad input each case needs (run in the session folder).


def write(name: str, text: str | bytes) -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))

    return setup


def fifo(name: str) -> Callable[[Path], None]:
    return lambda folder: os.mkfifo(folder / name)


def folder_named(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).mkdir(parents=True)


def jsonld(name: str, document: object) -> Callable[[Path], None]:
    return write(name, json.dumps(document))


@dataclass
class Case:
    id: str
    args: list[str]
    exit_code: int
    stderr: str
    setup: list[Callable[[Path], None]] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)


BASE_HINT = "is not an absolute IRI (give one such as https://example.org/id/)"

REFUSED = [
    # --base must give valid IRIs: checked before any work.
    Case("base-words", ["build", "notes.md", "-o", "exports", "--base", "not a url"], 2,
         f"Error: Invalid value for '--base': 'not a url' {BASE_HINT}"),
    Case("base-empty", ["build", "notes.md", "-o", "exports", "--base", ""], 2,
         f"Error: Invalid value for '--base': '' {BASE_HINT}"),
    Case("base-space", ["build", "notes.md", "-o", "exports", "--base", "https://example.org/my id/"], 2,
         f"Error: Invalid value for '--base': 'https://example.org/my id/' {BASE_HINT}"),
    Case("base-angle", ["build", "notes.md", "-o", "exports", "--base", "https://example.org/>/"], 2,
         f"Error: Invalid value for '--base': 'https://example.org/>/' {BASE_HINT}"),
    Case("base-no-slash", ["build", "notes.md", "-o", "exports", "--base", "https://example.org/id"], 2,
         "Error: Invalid value for '--base': 'https://example.org/id' should end with / or # "
         "(e.g. https://example.org/id/)"),
    # Where the output goes.
    Case("query-o-folder", ["query", "top-rated", "-g", "exports", "-o", "results"], 1,
         "Error: output results is a folder; give a file name such as results/result.tsv",
         [folder_named("results")]),
    Case("export-o-folder", ["export", "-f", "nq", "-g", "exports", "-o", "exports"], 1,
         "Error: output exports is a folder; give a file name such as exports/graph.nq"),
    Case("export-csv-o-file", ["export", "-f", "csv", "-g", "exports", "-o", "notes.md"], 1,
         "Error: output path notes.md is not a folder"),
    Case("build-o-file", ["build", "notes.md", "-o", "notes.md"], 1,
         "Error: output path notes.md is not a folder"),
    Case("build-over-a-folder-named-graph.ttl", ["build", "notes.md", "-o", "other"], 1,
         "Error: cannot write other/graph.ttl: it is not a regular file",
         [folder_named("other/graph.ttl"), write("other/graph.nq", "kept")]),
    Case("query-o-fifo-nobody-reads", ["query", "top-rated", "-g", "exports", "-o", "pipe"], 1,
         "Error: cannot write pipe: nothing reads from it", [fifo("pipe")]),
    # Graphs handed over with -g or NOTEKG_GRAPH.
    Case("graph-json", ["stats", "-g", "data.json"], 1,
         "Error: data.json: unknown graph format (use .nq, .trig, .ttl, .nt, .jsonld, .rdf, .owl, or markdown notes)", [write("data.json", "{}")]),
    Case("jsonld-remote-context", ["stats", "-g", "g.jsonld"], 1,
         "Error: g.jsonld: JSON-LD @context 'https://example.org/ctx.jsonld' is a reference to another "
         "document; notekg reads only contexts written out in the file",
         [jsonld("g.jsonld", {"@context": "https://example.org/ctx.jsonld", "@id": "urn:a", "name": "x"})]),
    Case("jsonld-remote-context-in-list", ["stats", "-g", "g.jsonld"], 1,
         "Error: g.jsonld: JSON-LD @context 'http://localhost:9/c' is a reference to another document; "
         "notekg reads only contexts written out in the file",
         [jsonld("g.jsonld", {"@context": [{"x": "urn:x#"}, "http://localhost:9/c"], "@id": "urn:a"})]),
    Case("jsonld-remote-scoped-context", ["stats", "-g", "g.jsonld"], 1,
         "Error: g.jsonld: JSON-LD @context 'ctx.jsonld' is a reference to another document; "
         "notekg reads only contexts written out in the file",
         [jsonld("g.jsonld", {"@graph": [{"@id": "urn:a", "urn:p": {"@context": "ctx.jsonld", "@id": "urn:b"}}]})]),
    Case("jsonld-import", ["stats", "-g", "g.jsonld"], 1,
         "Error: g.jsonld: JSON-LD @import 'https://example.org/c' is refused: it would fetch a document",
         [jsonld("g.jsonld", {"@context": {"@version": 1.1, "@import": "https://example.org/c"}, "@id": "urn:a"})]),
    Case("jsonld-context-number", ["stats", "-g", "g.jsonld"], 1,
         "Error: g.jsonld: JSON-LD @context must be an object or a list of objects, not 5",
         [jsonld("g.jsonld", {"@context": 5, "@id": "urn:a"})]),
    Case("jsonld-context-list-of-numbers", ["stats", "-g", "g.jsonld"], 1,
         "Error: g.jsonld: JSON-LD @context must be an object or a list of objects, not 5",
         [jsonld("g.jsonld", {"@context": [5], "@id": "urn:a"})]),
    Case("jsonld-a-string", ["stats", "-g", "g.jsonld"], 1,
         "Error: g.jsonld: not JSON-LD: the document is a str, not an object or array", [jsonld("g.jsonld", "hi")]),
    Case("jsonld-not-json", ["stats", "-g", "g.jsonld"], 1,
         "Error: g.jsonld: not valid JSON: Expecting value (line 1, column 1)", [write("g.jsonld", "not json")]),
    Case("jsonld-not-utf8", ["stats", "-g", "g.jsonld"], 1,
         "Error: g.jsonld: not valid UTF-8 at byte 0", [write("g.jsonld", b"\xff\xfe{}")]),
    Case("ntriples-bad-iri", ["export", "-f", "ttl", "-g", "g.nt"], 1,
         "Error: g.nt: not valid RDF: 'http://a:b:c/' is not a valid IRI",
         [write("g.nt", "<http://a:b:c/> <http://example.org/p> \"x\" .\n")]),
    Case("graph-fifo-env", ["stats"], 1, "Error: graph.nq: not a regular file", [fifo("graph.nq")],
         env={"NOTEKG_GRAPH": "graph.nq"}),
    Case("graph-fifo-trig", ["query", "-e", "ASK {}", "-g", "g.trig"], 1,
         "Error: g.trig: not a regular file", [fifo("g.trig")]),
    # Extra vocabularies.
    Case("vocab-fifo", ["build", "notes.md", "-o", "exports", "--vocab", "v.ttl"], 1,
         "Error: v.ttl: not a regular file", [fifo("v.ttl")]),
    Case("vocab-jsonld-remote-context", ["build", "notes.md", "-o", "exports", "--vocab", "v.jsonld"], 1,
         "Error: v.jsonld: JSON-LD @context 'https://example.org/skos.jsonld' is a reference to another "
         "document; notekg reads only contexts written out in the file",
         [jsonld("v.jsonld", {"@context": "https://example.org/skos.jsonld", "@id": "urn:c"})]),
    Case("vocab-bad-iri", ["build", "notes.md", "-o", "exports", "--vocab", "v.nt"], 1,
         "Error: v.nt: not valid N-Triples: line 1: Invalid IRI code point '|'",
         [write("v.nt", '<urn:c|d> <http://www.w3.org/2004/02/skos/core#prefLabel> "C" .\n')]),
    Case("vocab-missing", ["build", "notes.md", "-o", "exports", "--vocab", "nope.ttl"], 1,
         "Error: nope.ttl: no such vocabulary file"),
    # Query parameters.
    Case("param-empty-iri", ["query", "-e", "SELECT * WHERE { ?s ?p ?x } LIMIT 1", "-g", "exports", "-p", "x=<>"], 2,
         "Error: Invalid value for '-p' / '--param': <> is not an absolute IRI"),
    Case("param-bad-port", ["query", "-e", "SELECT * WHERE { ?s ?p ?x } LIMIT 1", "-g", "exports",
                            "-p", "x=http://a:b:c/"], 2,
         "Error: Invalid value for '-p' / '--param': <http://a:b:c/> is not an absolute IRI"),
    Case("param-no-equals", ["query", "top-rated", "-g", "exports", "-p", "oops"], 2,
         "Error: Invalid value for '-p' / '--param': parameter 'oops' should look like name=value"),
    # Usage mistakes are one line too.
    Case("unknown-command", ["biuld", "notes.md"], 2, "Error: No such command 'biuld'. Did you mean 'build'?"),
    Case("unknown-option", ["build", "--ouput", "x"], 2, "Error: No such option '--ouput'. Did you mean '--output'?"),
    Case("missing-argument", ["show", "-g", "exports"], 2, "Error: Missing argument 'NAME'."),
    Case("bad-choice", ["export", "-f", "pdf", "-g", "exports"], 2,
         "Error: Invalid value for '-f' / '--format': 'pdf' is not one of 'ttl', 'nt', 'nq', 'trig', "
         "'jsonld', 'xml', 'graphml', 'gexf', 'json', 'csv', 'html'."),
    # Notes that cannot be read.
    Case("notes-missing", ["build", "nothere.md", "-o", "exports"], 1, "Error: notes path not found: nothere.md"),
    Case("notes-fifo", ["build", "pipe.md", "-o", "exports"], 1, "Error: notes path not found: pipe.md",
         [fifo("pipe.md")]),
    Case("notes-latin1", ["build", "latin1.md", "-o", "exports"], 1,
         "Error: latin1.md: not valid UTF-8 at byte 5", [write("latin1.md", "- caf\u00e9\n".encode("latin-1"))]),
    Case("notes-empty-folder", ["build", "empty", "-o", "exports"], 1,
         "Error: no markdown files (*.md) in folder empty", [folder_named("empty")]),
    Case("graph-not-built", ["stats", "-g", "nowhere/graph.nq"], 1,
         "Error: no graph at nowhere/graph.nq (run `notekg build` first, or pass --graph notes/)"),
    Case("query-unknown-name", ["query", "top-rate", "-g", "exports"], 1,
         "Error: no query file or named query 'top-rate'; did you mean top-rated, topic-tree?"),
    Case("sparql-update", ["query", "-e", "DELETE WHERE { ?s ?p ?o }", "-g", "exports"], 1,
         "Error: notekg query is read-only: SPARQL Update (DELETE) is refused; edit the notes and rebuild instead"),
]


@pytest.mark.parametrize("case", REFUSED, ids=[case.id for case in REFUSED])
def test_refused_with_one_line_and_earlier_outputs_intact(session, case):
    for setup in case.setup:
        setup(session)
    before = snapshot(session / "exports")
    result = CliRunner(env=case.env).invoke(cli, case.args)
    assert (result.exit_code, result.stderr) == (case.exit_code, case.stderr + "\n"), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert snapshot(session / "exports") == before
    assert leftovers(session) == []


def test_an_unreadable_path_is_one_usage_line(session, monkeypatch):
    # As root every file is readable, so the check click makes is told the file is not.
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: not str(path).endswith("secret.md")
                        and real_access(path, mode, **kw))
    (session / "secret.md").write_text(NOTES)
    result = CliRunner().invoke(cli, ["build", "secret.md", "-o", "exports"])
    assert (result.exit_code, result.stderr) == (
        2, "Error: Invalid value for '[PATHS]...': Path 'secret.md' is not readable.\n")


# ---------------------------------------------------------------------------------------------
# Unexpected errors: one line, and --debug for the traceback.


def test_an_unexpected_error_is_one_line_naming_debug(session, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the lexicon cache is corrupt\nsecond line")

    monkeypatch.setattr("graph.knowledge_graph.build_graph", broken)
    result = CliRunner().invoke(cli, ["build", "notes.md", "-o", "exports"])
    assert (result.exit_code, result.stderr) == (
        1, "Error: unexpected RuntimeError: the lexicon cache is corrupt; run with --debug for details\n")


@pytest.mark.parametrize("args", [["--debug", "build", "notes.md"], ["build", "notes.md", "--debug"]])
def test_debug_shows_the_traceback(session, monkeypatch, args):
    def broken(*args, **kwargs):
        raise RuntimeError("the lexicon cache is corrupt")

    monkeypatch.setattr("graph.knowledge_graph.build_graph", broken)
    result = CliRunner().invoke(cli, args)
    assert isinstance(result.exception, RuntimeError)  # raised through: Python prints the traceback
    assert result.exit_code == 1


# ---------------------------------------------------------------------------------------------
# Notes that are odd but not wrong: the build goes through, and every output re-parses.

ACCEPTED = [
    ("url-with-del", "## D\n- [7/10] A paper http://example.org/a\x7fb\n", [], "<http://example.org/a%7Fb>"),
    ("url-private-use", "## D\n| rating | title | url |\n|---|---|---|\n| 7 | A paper | http://example.org/\ue000 |\n",
     [], "<http://example.org/%EE%80%80>"),
    ("url-bad-percent", "## D\n- [7/10] A paper http://example.org/100%zz\n", [], "<http://example.org/100%25zz>"),
    ("url-bad-port", "## D\n- [7/10] [A paper](http://a:b:c/)\n", [], '"http://a:b:c/"'),
    ("rating-above-scale", "## D\n- [11/10] [A paper](urn:a)\n",
     ["Warning: odd.md:2: rating 11/10 is above its scale; not stored"], None),
    ("rating-far-above-scale", "## D\n- [99.99/10] [A paper](urn:a)\n",
     ["Warning: odd.md:2: rating 99.99/10 is above its scale; not stored"], None),
    ("title-with-controls", "## D\n- [7/10] [A \x0bvertical \x1bred title](urn:a)\n", [], None),
]


@pytest.mark.parametrize("notes, warnings, term", [c[1:] for c in ACCEPTED], ids=[c[0] for c in ACCEPTED])
def test_odd_notes_build_and_every_export_reparses(session, notes, warnings, term):
    (session / "odd.md").write_text(notes)
    result = CliRunner().invoke(cli, ["build", "odd.md", "-o", "out"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == warnings
    nq = (session / "out" / "graph.nq").read_text()
    if term is not None:
        assert term in nq
    if warnings:  # the rating above its scale is not stored
        assert '<https://w3id.org/notekg/vocab#rating> "' not in nq
    assert_exports_reparse(session, "out/graph.nq")


def assert_exports_reparse(folder: Path, graph: str) -> None:
    """Every export of ``graph`` reads back: RDF by rdflib, GraphML and GEXF by networkx."""
    import networkx as nx

    built = Dataset()
    built.parse(folder / graph, format="nquads")
    for fmt, rdflib_format in (("ttl", "turtle"), ("nt", "nt"), ("nq", "nquads"), ("trig", "trig"),
                               ("jsonld", "json-ld"), ("xml", "xml")):
        result = CliRunner().invoke(cli, ["export", "-f", fmt, "-g", graph, "-o", f"again.{fmt}"])
        assert result.exit_code == 0, result.output
        again = Dataset() if fmt in ("nq", "trig", "jsonld") else Graph()
        again.parse(folder / f"again.{fmt}", format=rdflib_format)
        assert len(again) > 0
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        result = CliRunner().invoke(cli, ["export", "-f", fmt, "-g", graph, "-o", f"again.{fmt}"])
        assert result.exit_code == 0, result.output
        assert read(folder / f"again.{fmt}").number_of_nodes() > 0


def test_a_title_with_control_characters_loses_only_them_in_xml(session):
    (session / "odd.md").write_text("## D\n- [7/10] [A \x0bvertical \x1bred title](urn:a)\n")
    assert CliRunner().invoke(cli, ["build", "odd.md", "-o", "out", "--no-page"]).exit_code == 0
    assert CliRunner().invoke(cli, ["export", "-f", "xml", "-g", "out", "-o", "g.rdf"]).exit_code == 0
    g = Graph().parse(session / "g.rdf", format="xml")
    assert "A vertical red title" in {str(o) for o in g.objects()}
    # The RDF exports that can hold the escape character keep it (the parser made \x0b a space).
    assert '"A vertical \x1bred title"' in (session / "out" / "graph.nq").read_text()


def test_a_notes_file_name_that_is_not_utf8(session):
    name = os.fsdecode(b"caf\xe9.md")
    (session / name).write_text(NOTES)
    result = CliRunner().invoke(cli, ["build", name, "-o", "out"])
    assert result.exit_code == 0, result.output
    assert '"caf\ufffd.md"' in (session / "out" / "graph.nq").read_text()
    assert_exports_reparse(session, "out/graph.nq")


# ---------------------------------------------------------------------------------------------
# Outputs as a set: a failure while writing changes nothing.


def test_a_full_disk_during_the_build_changes_nothing(session, monkeypatch):
    opened = []

    class FullDisk:
        def __init__(self, file):
            self.file = file

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def write(self, text):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def open_on_a_full_disk(path, *args, **kwargs):
        opened.append(path)
        file = open(path, *args, **kwargs)
        return FullDisk(file) if len(opened) == 2 else file

    monkeypatch.setattr("graph.atomic.open", open_on_a_full_disk, raising=False)
    before = snapshot(session / "exports")
    (session / "notes.md").write_text(NOTES + "- [5/10] [A third paper](urn:c)\n")
    result = CliRunner().invoke(cli, ["build", "notes.md", "-o", "exports"])
    assert (result.exit_code, result.stderr) == (1, "Error: cannot write exports/graph.nq: No space left on device\n")
    assert snapshot(session / "exports") == before
    assert leftovers(session) == []


def test_a_rename_that_fails_midway_puts_the_first_back(session, monkeypatch):
    before = snapshot(session / "exports")
    (session / "notes.md").write_text(NOTES + "- [5/10] [A third paper](urn:c)\n")
    real_replace = os.replace
    calls = []

    def replace(src, dst):
        if ".notekg-cache" not in Path(dst).parts:  # the outputs' renames, not the cache's files
            calls.append(dst)
            if len(calls) == 2:
                raise OSError(errno.EIO, "Input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    result = CliRunner().invoke(cli, ["build", "notes.md", "-o", "exports"])
    monkeypatch.undo()
    assert (result.exit_code, result.stderr) == (1, "Error: cannot write exports/graph.nq: Input/output error\n")
    assert snapshot(session / "exports") == before
    assert leftovers(session) == []


def test_a_failed_first_build_leaves_no_folder(session, monkeypatch):
    monkeypatch.setattr("graph.views.page._render", lambda *a, **k: (_ for _ in ()).throw(MemoryError()))
    result = CliRunner().invoke(cli, ["build", "notes.md", "-o", "fresh"])
    assert result.exit_code == 1
    assert result.stderr == "Error: unexpected MemoryError: (no message); run with --debug for details\n"
    assert not (session / "fresh").exists()
    assert leftovers(session) == []


def test_csv_export_writes_both_files_or_neither(session):
    assert CliRunner().invoke(cli, ["export", "-f", "csv", "-g", "exports", "-o", "csv"]).exit_code == 0
    before = snapshot(session / "csv")
    (session / "csv" / "edges.csv").unlink()
    (session / "csv" / "edges.csv").mkdir()  # something in the way of the second file
    result = CliRunner().invoke(cli, ["export", "-f", "csv", "-g", "notes.md", "-o", "csv"])
    assert (result.exit_code, result.stderr) == (1, "Error: cannot write csv/edges.csv: it is not a regular file\n")
    assert (session / "csv" / "nodes.csv").read_bytes() == before["nodes.csv"]


def test_notekg_alone_shows_the_help(session):
    result = CliRunner().invoke(cli, [], prog_name="notekg")
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage: notekg [OPTIONS] COMMAND [ARGS]...\n")
    assert "--debug" in result.stderr
