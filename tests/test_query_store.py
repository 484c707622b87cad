"""The query store beside a built graph: made by the first query, reused while the graph is the
same, made again when it changes or is damaged, and never a reason for a query to fail."""

import os
import pty
import shutil
import subprocess
import sys
import time

import pytest

from graph.cli import cli
from graph.knowledge_graph import load_store

NOTES = "## Detection\n- [8/10] [FCOS: Fully Convolutional One-Stage](https://arxiv.org/abs/1904.01355)\n"
TITLES = "SELECT ?title WHERE { ?p a nk:Paper ; rdfs:label ?title } ORDER BY ?title"


@pytest.fixture
def built(runner, tmp_path):
    """A graph built from notes of two papers: tmp_path/out/graph.nq."""
    notes = tmp_path / "notes.md"
    notes.write_text(NOTES + "- [6/10] Sparse Attention for Long Videos\n", encoding="utf-8")
    result = runner.invoke(cli, ["build", str(notes), "-o", str(tmp_path / "out"), "--no-page"])
    assert result.exit_code == 0, result.output
    return tmp_path / "out" / "graph.nq"


def _query(runner, graph, sparql=TITLES):
    result = runner.invoke(cli, ["query", "-e", sparql, "-g", str(graph), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # stderr is no terminal here: nothing said about the store
    return result


def _command(graph):
    return [sys.executable, "-m", "graph", "query", "-e", TITLES, "-g", str(graph), "--format", "csv"]


def _start_on_terminal(graph):
    """Start a query with its stderr on a (pseudo-)terminal, as from a shell."""
    terminal, side = pty.openpty()
    process = subprocess.Popen(_command(graph), stdout=subprocess.PIPE, stderr=side, text=True)
    os.close(side)
    return process, terminal


def _finish_on_terminal(process, terminal):
    """The query's stdout and what it showed on the terminal."""
    stdout, _ = process.communicate(timeout=120)
    shown = b""
    while True:
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # the query's side of the terminal is closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(terminal)
    assert process.returncode == 0, shown
    return stdout, shown.decode().replace("\r\n", "\n")


def _query_on_terminal(graph):
    return _finish_on_terminal(*_start_on_terminal(graph))


def _indexing(graph):
    return f"indexing {graph} for queries, once: the store is kept in {graph.parent / '.notekg-store'}\n"


def _stores(graph):
    folder = graph.parent / ".notekg-store"
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def _rewrite(graph, old, new):
    """Edit graph.nq in place, keeping its modification time (as a careless tool might)."""
    before = graph.stat()
    graph.write_text(graph.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    os.utime(graph, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_the_first_query_makes_the_store_and_the_next_reuse_it(runner, built):
    first = _query(runner, built)
    assert first.stdout == "title\nFCOS: Fully Convolutional One-Stage\nSparse Attention for Long Videos\n"
    made = _stores(built)
    assert len(made) == 1

    again = _query(runner, built)
    assert again.stdout == first.stdout
    assert _stores(built) == made


def test_on_a_terminal_the_first_query_says_it_is_indexing_and_the_next_say_nothing(built):
    stdout, shown = _query_on_terminal(built)
    assert (stdout, shown) == ("title\nFCOS: Fully Convolutional One-Stage\nSparse Attention for Long Videos\n",
                               _indexing(built))
    assert _query_on_terminal(built) == (stdout, "")


def _query_elsewhere(graph):
    """Query from another process, as another terminal would."""
    return subprocess.run(_command(graph), capture_output=True, text=True, timeout=120)


def test_a_rebuilt_graph_gets_a_new_store_and_the_old_one_goes(runner, built, tmp_path):
    assert _query_elsewhere(built).returncode == 0
    old = _stores(built)
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    assert runner.invoke(cli, ["build", str(tmp_path / "notes.md"), "-o", str(built.parent), "--no-page"]).exit_code == 0

    result = _query(runner, built)

    assert result.stdout == "title\nFCOS: Fully Convolutional One-Stage\n"
    assert len(_stores(built)) == 1 and _stores(built) != old


def test_a_graph_edited_in_place_is_never_answered_from_the_old_store(runner, built):
    _query(runner, built)
    time.sleep(2.1)  # long enough after the build for the store to trust the file's stamp
    _query(runner, built)
    old = _stores(built)
    _rewrite(built, "Sparse Attention for Long Videos", "Dense Attention for Long Videos")  # same size

    result = _query(runner, built)

    assert _stores(built) != old
    assert result.stdout == "title\nDense Attention for Long Videos\nFCOS: Fully Convolutional One-Stage\n"


def test_a_copied_graph_and_store_are_checked_by_content_and_reused(runner, built, tmp_path):
    _query(runner, built)
    copy = tmp_path / "copy"
    shutil.copytree(built.parent, copy)  # new inode and times: the stamp no longer matches

    result = _query(runner, copy / "graph.nq")

    assert _stores(copy / "graph.nq") == _stores(built)
    assert result.stdout.endswith("Sparse Attention for Long Videos\n")


def test_a_damaged_store_is_made_again(runner, built):
    _query(runner, built)
    store = built.parent / ".notekg-store" / _stores(built)[0]
    for file in store.iterdir():
        file.write_bytes(b"not a store")

    stdout, shown = _query_on_terminal(built)

    assert shown == f"the store of {built} in {built.parent / '.notekg-store'} did not open; indexing it again\n"
    assert stdout.endswith("Sparse Attention for Long Videos\n")
    assert _query_on_terminal(built) == (stdout, "")


def test_a_graph_whose_folder_cannot_hold_a_store_is_read_into_memory(runner, built):
    (built.parent / ".notekg-store").write_text("a file where the store folder would go", encoding="utf-8")

    result = _query(runner, built)

    assert result.stdout.endswith("Sparse Attention for Long Videos\n")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_graph_in_a_read_only_folder_is_read_into_memory(runner, built):
    built.parent.chmod(0o555)
    try:
        result = _query(runner, built)
    finally:
        built.parent.chmod(0o755)
    assert result.stderr == ""
    assert result.stdout.endswith("Sparse Attention for Long Videos\n")
    assert not (built.parent / ".notekg-store").exists()


def test_an_indexing_cut_short_leaves_nothing_that_answers(runner, built):
    folder = built.parent / ".notekg-store"
    folder.mkdir()
    leftover = folder / ".graph.nq-0123456789abcdef0123456789abcdef.x1y2.tmp"  # as a killed query leaves
    leftover.mkdir()
    (leftover / "CURRENT").write_text("half made", encoding="utf-8")

    result = _query(runner, built)

    assert result.stdout.endswith("Sparse Attention for Long Videos\n")
    assert not leftover.exists() and len(_stores(built)) == 1


def test_a_store_being_read_is_kept_until_nobody_reads_it(runner, built, tmp_path):
    _query(runner, built)  # this process now reads the store
    old = _stores(built)
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    assert runner.invoke(cli, ["build", str(tmp_path / "notes.md"), "-o", str(built.parent), "--no-page"]).exit_code == 0

    assert _query_elsewhere(built).stdout == "title\nFCOS: Fully Convolutional One-Stage\n"
    assert old[0] in _stores(built) and len(_stores(built)) == 2


def test_two_first_queries_at_once_index_once_and_agree(built):
    started = [_start_on_terminal(built) for _ in range(2)]
    finished = [_finish_on_terminal(*run) for run in started]

    assert finished[0][0] == finished[1][0] != ""
    assert sorted(shown for _, shown in finished) == ["", _indexing(built)]
    assert len(_stores(built)) == 1


def test_a_refused_query_indexes_nothing(runner, built, tmp_path):
    update = runner.invoke(cli, ["query", "-e", "DELETE WHERE { ?s ?p ?o }", "-g", str(built)])
    (tmp_path / "results").mkdir()
    into_folder = runner.invoke(cli, ["query", "-e", TITLES, "-g", str(built), "-o", str(tmp_path / "results")])

    assert (update.exit_code, into_folder.exit_code) == (1, 1)
    assert into_folder.stderr == (f"Error: output {tmp_path / 'results'} is a folder; "
                                  f"give a file name such as {tmp_path / 'results' / 'result.tsv'}\n")
    assert not (built.parent / ".notekg-store").exists()


def test_a_query_with_a_time_limit_and_the_library_use_the_store(runner, built):
    _query(runner, built)
    result = runner.invoke(cli, ["query", "-e", TITLES, "-g", str(built), "--format", "csv", "--timeout", "10"])
    assert (result.exit_code, result.stderr) == (0, "")  # answered by a child process from the store
    assert result.stdout.endswith("Sparse Attention for Long Videos\n")
    assert len(load_store(built)) == len(load_store(built))
    assert len(_stores(built)) == 1
