"""Rebuilds from the build cache give the clean build's bytes; `notekg watch` rebuilds on save."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from graph.cli import cli

A = """# CVPR 2020 notes
## GANs
Stable training is what matters here.
- [8/10][uses spectral normalization] [StyleGAN2: Analyzing and Improving the Image Quality](https://arxiv.org/abs/1912.04958)
- [6/10] Learning to Draw Sharp Boundaries with Gated Shape Streams
"""
B = """# ICCV 2019 notes
## GANs
- [9/10] [StyleGAN2: Analyzing and Improving the Image Quality](https://arxiv.org/abs/1912.04958) a drop-in replacement for vanilla conv
## Segmentation
- [7/10] Learning to Draw Sharp Object Boundaries with Gated Shape Streams
"""
C = """# Reading list
## GANs
- [5/10][better than dropout] [SinGAN: Learning a Generative Model from a Single Natural Image](https://arxiv.org/abs/1905.01164)
## Style transfer
(also StyleGAN2)
"""
VOCAB = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix nk: <https://w3id.org/notekg/vocab#> .
<https://w3id.org/notekg/id/concept/gated-shape-stream> a skos:Concept, nk:Technique ;
    skos:prefLabel "gated shape stream" ; skos:altLabel "gated shape streams" .
"""
OUTPUTS = ("graph.nq", "graph.ttl", "skipped.tsv")


def _build(runner, notes: Path, out: Path, *extra: str) -> str:
    result = runner.invoke(cli, ["build", str(notes), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return result.stdout


def _same_as_a_clean_build(runner, notes: Path, out: Path, clean: Path, *extra: str, page: bool = False) -> str:
    """Rebuild into ``out`` (with its cache) and build afresh into ``clean``; the files must match."""
    flags = extra if page else (*extra, "--no-page")
    shown = _build(runner, notes, out, *flags)
    _build(runner, notes, clean, "--no-cache", *flags)
    assert not (clean / ".notekg-cache").exists()
    for name in OUTPUTS + (("graph.html",) if page else ()):
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name
    return shown


def test_rebuilds_after_edits_additions_deletions_renames_and_vocab_equal_clean_builds(runner, tmp_path):
    notes, out = tmp_path / "notes", tmp_path / "out"
    notes.mkdir()
    (notes / "a.md").write_text(A)
    (notes / "b.md").write_text(B)
    first = _same_as_a_clean_build(runner, notes, out, tmp_path / "clean0", page=True)
    assert "from the cache" not in first
    assert len(list((out / ".notekg-cache").glob("*.entry"))) == 2

    # An edit in one file changes what the other's graph says (the paper's short name).
    (notes / "b.md").write_text(B.replace("[9/10]", "[10/10] (StyleGAN-2)").replace("Object ", ""))
    shown = _same_as_a_clean_build(runner, notes, out, tmp_path / "clean1")
    assert "2 notes file(s) (1 unchanged, from the cache)" in shown

    (notes / "c.md").write_text(C)
    assert "(2 unchanged" in _same_as_a_clean_build(runner, notes, out, tmp_path / "clean2")

    (notes / "a.md").unlink()
    _same_as_a_clean_build(runner, notes, out, tmp_path / "clean3")
    assert len(list((out / ".notekg-cache").glob("*.entry"))) == 2  # the deleted file's entry is gone
    assert len(list((out / ".notekg-cache").glob("*.graph.nq"))) == 2  # and its named graph

    (notes / "b.md").rename(notes / "d.md")
    _same_as_a_clean_build(runner, notes, out, tmp_path / "clean4")

    (tmp_path / "extra.ttl").write_text(VOCAB)
    shown = _same_as_a_clean_build(runner, notes, out, tmp_path / "clean5", "--vocab", str(tmp_path / "extra.ttl"))
    assert "from the cache" not in shown  # another lexicon: every file is made again
    assert "gated-shape-stream" in (out / "graph.nq").read_text()
    shown = _same_as_a_clean_build(runner, notes, out, tmp_path / "clean6", "--vocab", str(tmp_path / "extra.ttl"),
                                   page=True)
    assert "(2 unchanged" in shown


def test_a_corrupt_or_foreign_cache_entry_is_ignored(runner, tmp_path):
    notes, out = tmp_path / "notes", tmp_path / "out"
    notes.mkdir()
    (notes / "a.md").write_text(A)
    (notes / "b.md").write_text(B)
    _build(runner, notes, out, "--no-page")
    first, second = sorted((out / ".notekg-cache").glob("*.entry"))
    first.write_bytes(b"not a cache entry")
    # A pickle that would run a command if it were loaded as it is.
    planted = tmp_path / "planted"
    second.write_bytes(b"cposix\nsystem\n(S'touch " + str(planted).encode() + b"'\ntR.")
    shown = _same_as_a_clean_build(runner, notes, out, tmp_path / "clean")
    assert "from the cache" not in shown
    assert not planted.exists()
    again = _build(runner, notes, out, "--no-page")
    assert "(2 unchanged" in again  # the entries were made again
    # Outputs that hold the same bytes are left as they were.
    assert f"  unchanged {out / 'graph.nq'}" in again.splitlines()


@pytest.mark.parametrize("damage", ["removed", "changed", "cut short"])
def test_a_named_graph_kept_in_the_cache_that_is_not_as_written_is_made_again(runner, tmp_path, damage):
    notes, out = tmp_path / "notes", tmp_path / "out"
    notes.mkdir()
    (notes / "a.md").write_text(A)
    (notes / "b.md").write_text(B)
    _build(runner, notes, out, "--no-page")
    kept = sorted((out / ".notekg-cache").glob("*.graph.nq"))
    assert len(kept) == 2
    assert all(path.read_bytes() in (out / "graph.nq").read_bytes() for path in kept)
    for path in kept:
        text = path.read_bytes()
        if damage == "removed":
            path.unlink()
        elif damage == "changed":  # the same length: one paper's rating
            path.write_bytes(text.replace(b'"8"', b'"3"').replace(b'"9"', b'"2"'))
        else:
            path.write_bytes(text[:len(text) // 2])
    # a.md is unchanged: its parse, facts and relations come from its entry, its graph not
    (notes / "b.md").write_text(B.replace("[9/10]", "[10/10]"))
    shown = _same_as_a_clean_build(runner, notes, out, tmp_path / "clean")
    assert "2 notes file(s) (1 unchanged, from the cache)" in shown
    kept = sorted((out / ".notekg-cache").glob("*.graph.nq"))  # made again, the last ones removed
    assert len(kept) == 2
    assert all(path.read_bytes() in (out / "graph.nq").read_bytes() for path in kept)


def test_a_cache_that_cannot_be_written_still_gives_the_clean_build(runner, tmp_path):
    notes, out = tmp_path / "notes", tmp_path / "out"
    notes.mkdir()
    (notes / "a.md").write_text(A)
    (notes / "b.md").write_text(B)
    out.mkdir()
    (out / ".notekg-cache").write_text("a file where the cache's folder would be")
    shown = _same_as_a_clean_build(runner, notes, out, tmp_path / "clean")  # the graphs made in memory
    assert "from the cache" not in shown
    assert (out / ".notekg-cache").read_text() == "a file where the cache's folder would be"


def test_no_cache_neither_reads_nor_writes_the_cache(runner, tmp_path):
    (tmp_path / "a.md").write_text(A)
    _build(runner, tmp_path / "a.md", tmp_path / "out", "--no-page")
    entries = {p: p.read_bytes() for p in (tmp_path / "out" / ".notekg-cache").iterdir()}
    (tmp_path / "a.md").write_text(A.replace("[6/10]", "[7/10]"))
    assert "from the cache" not in _build(runner, tmp_path / "a.md", tmp_path / "out", "--no-page", "--no-cache")
    assert {p: p.read_bytes() for p in (tmp_path / "out" / ".notekg-cache").iterdir()} == entries


def _lines(stream, into: queue.Queue) -> None:
    for line in stream:
        into.put(line.rstrip("\n"))


def _wait_for(lines: queue.Queue, text: str, seen: list[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            line = lines.get(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            pytest.fail(f"no line with {text!r} within {timeout} s; saw {seen}")
        seen.append(line)
        if text in line:
            return


def test_watch_rebuilds_on_save_survives_bad_notes_and_stops_on_ctrl_c(tmp_path):
    notes, out = tmp_path / "notes", tmp_path / "out"
    notes.mkdir()
    (notes / "a.md").write_text(A)
    watcher = subprocess.Popen(
        [sys.executable, "-c", "from graph.cli import cli; cli()", "watch", str(notes), "-o", str(out),
         "--no-page", "--interval", "0.1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    stdout: queue.Queue = queue.Queue()
    stderr: queue.Queue = queue.Queue()
    threading.Thread(target=_lines, args=(watcher.stdout, stdout), daemon=True).start()
    threading.Thread(target=_lines, args=(watcher.stderr, stderr), daemon=True).start()
    seen: list[str] = []
    errors: list[str] = []
    try:
        _wait_for(stdout, "Watching", seen)
        assert any("triples from 1 notes file(s)" in line for line in seen)

        (notes / "b.md").write_text(B)
        _wait_for(stdout, "triples from 2 notes file(s) (1 unchanged, from the cache)", seen)
        assert f"added: {notes / 'b.md'}" in seen
        good = (out / "graph.nq").read_bytes()

        (notes / "b.md").write_bytes(b"\x00\x01 not notes")
        _wait_for(stderr, "Error:", errors)
        assert errors[-1] == f"Error: {notes / 'b.md'}: binary file, not markdown notes"
        assert (out / "graph.nq").read_bytes() == good  # the previous files stay

        (notes / "b.md").write_text(B.replace("[9/10]", "[8/10]"))
        _wait_for(stdout, "triples from 2 notes file(s) (1 unchanged, from the cache)", seen)
        assert f"changed: {notes / 'b.md'}" in seen
    finally:
        watcher.send_signal(signal.SIGINT)
        try:
            code = watcher.wait(timeout=60)
        except subprocess.TimeoutExpired:
            watcher.kill()
            raise
    assert code == 0
    rest = []
    while not stderr.empty():
        rest.append(stderr.get())
    assert not any("Traceback" in line for line in errors + rest)
    assert os.path.exists(out / "graph.nq")


def test_a_rebuild_with_nothing_changed_leaves_every_file_as_it_was(runner, tmp_path):
    notes, out = tmp_path / "notes", tmp_path / "out"
    notes.mkdir()
    (notes / "a.md").write_text(A)
    (notes / "b.md").write_text(B)
    first = _build(runner, notes, out)
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file()}
    os.utime(notes / "a.md")  # saved again, the same bytes
    shown = _build(runner, notes, out)
    triples = first.split()[0]
    assert shown.splitlines()[0] == f"{triples} triples from 2 notes file(s) (2 unchanged, from the cache), 3 papers"
    for name in ("graph.ttl", "graph.nq", "skipped.tsv", "graph.html"):
        assert f"  unchanged {out / name}" in shown.splitlines()
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file()} == stamps
    # A file changed by hand is made again.
    (out / "graph.ttl").write_text("edited")
    shown = _build(runner, notes, out)
    assert f"  wrote {out / 'graph.ttl'}" in shown.splitlines()
    assert (out / "graph.ttl").read_bytes() != b"edited"


def test_a_rebuild_of_a_graph_too_large_for_turtle_equals_a_clean_build(runner, tmp_path, monkeypatch):
    from graph import knowledge_graph

    monkeypatch.setattr(knowledge_graph, "TURTLE_LIMIT", 50)
    notes, out = tmp_path / "notes", tmp_path / "out"
    notes.mkdir()
    (notes / "a.md").write_text(A)
    (notes / "b.md").write_text(B)
    result = runner.invoke(cli, ["build", str(notes), "-o", str(out), "--no-page"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("graph.ttl skipped (")
    (notes / "c.md").write_text(C)
    assert "(2 unchanged" in _build(runner, notes, out, "--no-page")
    _build(runner, notes, tmp_path / "clean", "--no-page", "--no-cache")
    for name in ("graph.nq", "skipped.tsv"):
        assert (out / name).read_bytes() == (tmp_path / "clean" / name).read_bytes()
    assert not (out / "graph.ttl").exists()
    again = runner.invoke(cli, ["build", str(notes), "-o", str(out), "--no-page"])
    assert again.stderr.startswith("graph.ttl skipped (")
    assert again.stdout.splitlines()[1:] == [f"  unchanged {out / 'graph.nq'}", f"  unchanged {out / 'skipped.tsv'}"]


D = """# Detection notes
## Detection
- [7/10][uses dropout] [FCOS: Fully Convolutional One-Stage Object Detection](https://arxiv.org/abs/1904.01355)
- [8/10][uses batch normalization] [CenterNet: Keypoint Triplets for Object Detection](https://arxiv.org/abs/1904.08189)
- [6/10][uses focal loss] [RepPoints: Point Set Representation for Object Detection](https://arxiv.org/abs/1904.11490)
- [5/10] [Objects as Points](https://arxiv.org/abs/1904.07850)
"""


def test_rebuilds_with_the_page_equal_clean_builds_as_papers_move_between_topics_and_files(runner, tmp_path):
    notes, out = tmp_path / "notes", tmp_path / "out"
    notes.mkdir()
    (notes / "a.md").write_text(A)
    (notes / "b.md").write_text(B)
    (notes / "c.md").write_text(C)
    (notes / "d.md").write_text(D)
    _same_as_a_clean_build(runner, notes, out, tmp_path / "clean0", page=True)
    page = out / ".notekg-cache" / "page"
    shares = {p.name: p.stat().st_mtime_ns for p in page.glob("*.share")}
    assert len(shares) == 5  # the default graph and each notes file's

    # The same nodes, other edges: two papers swap the techniques they use.
    (notes / "d.md").write_text(D.replace("uses dropout", "uses SWAP").replace("uses batch normalization", "uses dropout")
                                .replace("uses SWAP", "uses batch normalization"))
    _same_as_a_clean_build(runner, notes, out, tmp_path / "clean-d", page=True)
    shares = {p.name: p.stat().st_mtime_ns for p in page.glob("*.share")}
    assert (page / "layout.pickle").exists()

    # A paper moves to another topic (another layout group) and becomes the same work as b.md's.
    (notes / "a.md").write_text(A.replace("- [6/10] Learning to Draw Sharp Boundaries with Gated Shape Streams\n", "")
                                + "## Segmentation\n- [6/10] Learning to Draw Sharp Object Boundaries with Gated"
                                " Shape Streams\n")
    assert "(3 unchanged" in _same_as_a_clean_build(runner, notes, out, tmp_path / "clean1", page=True)
    kept = {p.name: p.stat().st_mtime_ns for p in page.glob("*.share")}
    assert len(kept) == 5
    assert len(set(kept.items()) & set(shares.items())) >= 3  # the unchanged files' shares, as they were

    # The first file to name a topic names it for all: its label changes, the other files' graphs too.
    (notes / "a.md").write_text(A.replace("## GANs", "## gans: adversarial training"))
    _same_as_a_clean_build(runner, notes, out, tmp_path / "clean-label", page=True)
    (notes / "a.md").write_text(A.replace("## GANs", "## gans"))
    _same_as_a_clean_build(runner, notes, out, tmp_path / "clean-gans", page=True)
    labels = {line for line in (out / "graph.nq").read_text().splitlines() if "/topic/gans> <http://www.w3.org/2004/02/skos/core#prefLabel>" in line}
    assert {line.split()[2] for line in labels} == {'"gans"'} and len(labels) == 3  # in a.md's, b.md's, c.md's graphs

    # The same paper noted in a third file, then a file deleted, then one renamed.
    (notes / "c.md").write_text(C + "## Boundaries\n- [9/10] Learning to Draw Sharp Object Boundaries with Gated"
                                " Shape Streams\n")
    _same_as_a_clean_build(runner, notes, out, tmp_path / "clean2", page=True)
    (notes / "b.md").unlink()
    _same_as_a_clean_build(runner, notes, out, tmp_path / "clean3", page=True)
    assert len(list(page.glob("*.share"))) == 4  # the deleted file's share is gone
    (notes / "c.md").rename(notes / "e.md")
    _same_as_a_clean_build(runner, notes, out, tmp_path / "clean4", page=True)

    # Parts of the page's cache that do not read are made again; a planted pickle runs nothing.
    planted = tmp_path / "planted"
    for share in page.glob("*.share"):
        share.write_bytes(b"cposix\nsystem\n(S'touch " + str(planted).encode() + b"'\ntR.")
    (page / "layout.pickle").write_bytes(b"not a layout")
    (notes / "a.md").write_text(A)
    _same_as_a_clean_build(runner, notes, out, tmp_path / "clean5", page=True)
    assert not planted.exists()
