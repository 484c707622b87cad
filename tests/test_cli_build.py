"""`notekg build` and `notekg stats` as a user runs them, bad input included."""

import pytest
from conftest import DEFAULT_NOTES, FIXTURES

import graph
from graph.cli import cli

GOOD = "## Detection\n- [7/10][Simple] [FCOS: One-Stage Detection](https://arxiv.org/abs/1904.01355)\n"


def test_build_writes_turtle_and_nquads(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(DEFAULT_NOTES), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].endswith("from 1 notes file(s), 123 papers")
    assert (out / "graph.ttl").read_text().startswith("@prefix")
    # The written graph is the built one.
    assert len(graph.load_graph(out / "graph.nq").rdf) == len(graph.build([DEFAULT_NOTES]).rdf)


def test_build_is_deterministic(runner, tmp_path):
    for name in ("a", "b"):
        assert runner.invoke(cli, ["build", str(DEFAULT_NOTES), "-o", str(tmp_path / name)]).exit_code == 0
    for file in ("graph.ttl", "graph.nq"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()


def test_reordering_sections_changes_no_iri(write_notes):
    text = DEFAULT_NOTES.read_text()
    head, rest = text.split("## Augmentation", 1)
    augmentation, rest = rest.split("## Modules", 1)
    modules, rest = rest.split("## Semantic segmentation", 1)
    swapped = head + "## Modules" + modules + "## Augmentation" + augmentation + "## Semantic segmentation" + rest
    a = graph.build([write_notes("iccv2019.md", text)])
    b = graph.build([write_notes("other/iccv2019.md", swapped)])
    assert b.notes[0].papers[0].title != a.notes[0].papers[0].title
    iris = lambda kg: {str(s) for s in kg.rdf.subjects()}  # noqa: E731
    assert iris(a) == iris(b)


def test_python_build_graph_script_does_the_same(tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    result = subprocess.run(
        [sys.executable, "build_graph.py", str(DEFAULT_NOTES), "-o", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "graph.ttl").exists()


def test_stats_counts_nodes_and_edges(runner):
    result = runner.invoke(cli, ["stats", "--graph", str(DEFAULT_NOTES)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "nodes:"
    assert "  papers                123" in lines
    assert "  workshops               4" in lines
    assert "  events                  1" in lines


def test_stats_on_a_folder_of_styles(runner):
    result = runner.invoke(cli, ["stats", "-g", str(FIXTURES)])
    assert result.exit_code == 0
    assert "  notes files" in result.output


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda p: p / "missing.md", "Error: notes path not found: {path}\n"),
        (lambda p: (p / "empty_dir").mkdir() or p / "empty_dir", "Error: no markdown files (*.md) in folder {path}\n"),
        (lambda p: _write(p / "empty.md", b"  \n\n"), "Error: {path}: file is empty\n"),
        (lambda p: _write(p / "latin1.md", "- caf\u00e9\n".encode("latin-1")), "Error: {path}: not valid UTF-8 at byte 5\n"),
        (lambda p: _write(p / "image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00"), "Error: {path}: binary file, not markdown notes\n"),
    ],
    ids=["missing", "no-markdown", "empty", "bad-utf8", "binary"],
)
def test_bad_input_is_one_line_and_keeps_earlier_output(runner, tmp_path, setup, message):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(_write(tmp_path / "good.md", GOOD.encode())), "-o", str(out)]).exit_code == 0
    before = (out / "graph.ttl").read_bytes()
    path = setup(tmp_path)
    result = runner.invoke(cli, ["build", str(path), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == message.format(path=path)
    assert (out / "graph.ttl").read_bytes() == before


def test_unwritable_output(runner, tmp_path):
    blocker = _write(tmp_path / "a-file", b"x")
    result = runner.invoke(cli, ["build", str(DEFAULT_NOTES), "-o", str(blocker)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: output path {blocker} is not a folder\n"
    result = runner.invoke(cli, ["build", str(DEFAULT_NOTES), "-o", str(blocker / "sub")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot create output folder {blocker / 'sub'}: ")


def test_a_failed_write_leaves_the_previous_file(tmp_path):
    from graph.atomic import atomic_write

    target = _write(tmp_path / "graph.ttl", b"previous")
    with pytest.raises(RuntimeError):
        with atomic_write(target) as f:
            f.write("half")
            raise RuntimeError("disk full")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_a_one_megabyte_line_does_not_break_the_build(write_notes):
    notes = write_notes("long.md", "## Long\n- [5/10][" + "very long tl;dr " * 65_000 + "] Title\n")
    kg = graph.build([notes])
    (paper,) = kg.notes[0].papers
    assert paper.title == "Title" and len(paper.tldr) > 1_000_000 - 100


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_a_graph_file_that_does_not_parse(runner, tmp_path):
    bad = _write(tmp_path / "graph.ttl", b"garbage <<\n")
    result = runner.invoke(cli, ["stats", "--graph", str(bad)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {bad}: not valid RDF: line 1: expected directive or statement\n"


def test_no_built_graph_says_what_to_do(runner, tmp_path):
    result = runner.invoke(cli, ["stats", "--graph", str(tmp_path / "exports" / "graph.nq")])
    assert result.exit_code == 1
    assert result.stderr.endswith("(run `notekg build` first, or pass --graph notes/)\n")


def test_bad_front_matter_is_a_warning_and_the_rest_is_built(runner, tmp_path):
    notes = _write(tmp_path / "fm.md", b"---\ntitle: [unclosed\n---\n- [A Paper Title Here](https://arxiv.org/abs/2001.00001)\n")
    result = runner.invoke(cli, ["build", str(notes), "-o", str(tmp_path / "out"), "--no-page"])
    assert result.exit_code == 0
    assert f"Warning: {notes}:1: front matter is not valid YAML (line 2); not read\n" in result.stderr
    assert "1 papers" in result.stdout


def _build_on_a_terminal(notes, out):
    """Run ``notekg build`` with its stderr on a pseudo-terminal; returns what it showed there."""
    import os
    import pty
    import subprocess
    import sys

    main, terminal = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-c", "from graph.cli import cli; cli()", "build", *map(str, notes),
             "-o", str(out), "--no-page"],
            stdout=subprocess.PIPE, stderr=terminal, text=True,
        )
        os.close(terminal)
        shown = b""
        while True:
            try:
                data = os.read(main, 4096)
            except OSError:  # the terminal is closed and read to its end
                break
            if not data:
                break
            shown += data
    finally:
        os.close(main)
    assert result.returncode == 0
    return shown.decode("utf-8", "replace")


def test_the_progress_bar_appears_after_two_seconds_with_its_stage_on_a_terminal_only():
    import io

    from graph.cli_build import BuildProgress

    now = [100.0]
    shown = io.StringIO()
    with BuildProgress(5, stream=shown, clock=lambda: now[0], is_terminal=True) as bar:
        bar.stage("parse notes/a.md")
        now[0] = 101.9
        bar.stage("extract")
        assert shown.getvalue() == ""  # a quick build shows nothing
        now[0] = 102.5
        bar.stage("model")
        assert shown.getvalue().startswith("\rBuilding [############--------]  3/5  model  2s")
    assert shown.getvalue().endswith("\r" + " " * 79 + "\r")  # the line is left clean
    piped = io.StringIO()
    with BuildProgress(5, stream=piped, clock=lambda: now[0], is_terminal=False) as bar:
        now[0] = 200.0
        bar.stage("model")
    assert piped.getvalue() == ""


def test_a_quick_build_shows_no_bar_on_a_terminal_nor_in_a_pipe(runner, write_notes, tmp_path):
    notes = [write_notes(f"notes/{name}.md", GOOD) for name in "abcdef"]
    assert "Building" not in _build_on_a_terminal(notes, tmp_path / "a")
    result = runner.invoke(cli, ["build", str(tmp_path / "notes"), "-o", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert "Building" not in result.stderr


def test_each_notes_files_block_of_graph_nq_can_be_made_alone(runner, tmp_path):
    # The incremental build keeps one block per notes file: notes_nquads must give its bytes.
    from graph.extract.facts import extract_facts
    from graph.extract.lexicon_files import load_lexicon
    from graph.extract.relations import find_relations
    from graph.parse.notes import parse_notes
    from graph.rdf.quads import notes_nquads

    (tmp_path / "a.md").write_text("## GANs\n- [9/10] [SinGAN: One image](https://arxiv.org/abs/1905.01164)\n")
    (tmp_path / "b.md").write_text("## Detection\n- [7/10] FCOS: one stage, instead of anchors\n")
    result = runner.invoke(cli, ["build", str(tmp_path / "a.md"), str(tmp_path / "b.md"), "-o", str(tmp_path / "out"),
                                 "--no-page"])
    assert result.exit_code == 0, result.output
    nq = (tmp_path / "out" / "graph.nq").read_text()
    lexicon = load_lexicon(())
    facts = extract_facts([parse_notes(tmp_path / "a.md"), parse_notes(tmp_path / "b.md")],
                          relations=lambda parsed: find_relations(parsed, lexicon))
    a, b = (notes_nquads(facts, str(tmp_path / name)) for name in ("a.md", "b.md"))
    assert a.endswith("/notes/a> .\n") and b.endswith("/notes/b> .\n") and "/evidence/" in b
    assert nq.endswith(a + b) and "/notes/" not in nq[: len(nq) - len(a + b)].splitlines()[-1]


def test_a_large_graph_gets_no_turtle_unless_exported(runner, tmp_path, monkeypatch):
    from graph import knowledge_graph

    out = tmp_path / "out"
    (out).mkdir()
    (out / "graph.ttl").write_text("a previous build's Turtle\n")
    notes = tmp_path / "cvpr.md"
    notes.write_text(GOOD)
    full = runner.invoke(cli, ["build", str(notes), "-o", str(tmp_path / "full"), "--no-page"])
    assert full.exit_code == 0 and full.stderr == "" and (tmp_path / "full" / "graph.ttl").exists()
    triples = int(full.output.split()[0])

    monkeypatch.setattr(knowledge_graph, "TURTLE_LIMIT", triples - 1)
    result = runner.invoke(cli, ["build", str(notes), "-o", str(out), "--no-page"])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"graph.ttl skipped ({triples} triples; use notekg export --format ttl)\n"
    # The previous graph.ttl would no longer match graph.nq: it is gone.
    assert sorted(p.name for p in out.iterdir() if p.name != ".notekg-cache") == ["graph.nq", "skipped.tsv"]
    assert f"  wrote {out / 'graph.ttl'}" not in result.output

    exported = runner.invoke(cli, ["export", "--format", "ttl", "-g", str(out / "graph.nq"), "-o", str(out / "graph.ttl")])
    assert exported.exit_code == 0, exported.output
    assert (out / "graph.ttl").read_bytes() == (tmp_path / "full" / "graph.ttl").read_bytes()


def test_the_default_notes_are_well_under_the_turtle_limit(runner, tmp_path):
    from graph.knowledge_graph import TURTLE_LIMIT

    result = runner.invoke(cli, ["build", str(DEFAULT_NOTES), "-o", str(tmp_path), "--no-page"])
    assert result.exit_code == 0 and "skipped (" not in result.stderr
    assert int(result.output.split()[0]) * 5 < TURTLE_LIMIT and (tmp_path / "graph.ttl").exists()


def test_exporting_the_built_graph_as_n_quads_gives_graph_nq_again(runner, tmp_path):
    assert runner.invoke(cli, ["build", str(DEFAULT_NOTES), "-o", str(tmp_path), "--no-page"]).exit_code == 0
    result = runner.invoke(cli, ["export", "--format", "nq", "-g", str(tmp_path / "graph.nq"), "-o", str(tmp_path / "again.nq")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "again.nq").read_bytes() == (tmp_path / "graph.nq").read_bytes()
