"""What a build works out from notekg's own data is kept for the next build, in the user's
cache folder (graph.user_cache): the compiled regular expressions, the loaded lexicon and the
four cue files' data.

Each build runs in a process of its own, as a user's builds do.
"""

import os
import stat
import subprocess
import sys

import pytest

NOTES = "## GANs\n- [9/10] [SinGAN: one image](https://arxiv.org/abs/1905.01164) uses GANs (ICCV 2019)\n"
VOCAB = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix nk: <https://w3id.org/notekg/vocab#> .
<https://example.org/c/pyramid-pooling> a nk:Technique ; skos:prefLabel "{label}"@en .
"""


@pytest.fixture
def cache(tmp_path):
    return tmp_path / "cache"


def build(notes, out, cache_dir, *options):
    env = dict(os.environ, NOTEKG_CACHE_DIR=str(cache_dir))
    run = subprocess.run([sys.executable, "-m", "graph", "build", str(notes), "-o", str(out), "--no-cache", *options],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert "Error" not in run.stderr
    return {name: (out / name).read_bytes() for name in ("graph.nq", "graph.ttl", "graph.html", "skipped.tsv")}


def kept(cache):
    return {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}


def test_the_second_build_reads_what_the_first_kept_and_writes_the_same_files(write_notes, tmp_path, cache):
    notes = write_notes("a.md", NOTES)
    first = build(notes, tmp_path / "one", cache)
    written = kept(cache)
    assert sorted(name.split("-")[0] for name in written) == ["lexicon", "regex", "yaml", "yaml", "yaml", "yaml"]
    assert build(notes, tmp_path / "two", cache) == first
    assert kept(cache) == written  # nothing new to keep


def test_an_empty_cache_dir_setting_keeps_nothing(write_notes, tmp_path):
    notes = write_notes("a.md", NOTES)
    build(notes, tmp_path / "one", "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "one"]


def test_damaged_files_are_ignored_and_written_again(write_notes, tmp_path, cache):
    notes = write_notes("a.md", NOTES)
    first = build(notes, tmp_path / "one", cache)
    sizes = {}
    for path in cache.iterdir():
        sizes[path] = path.stat().st_size
        path.write_bytes(path.read_bytes()[: sizes[path] // 2])
    assert build(notes, tmp_path / "two", cache) == first
    for path, size in sizes.items():
        assert path.stat().st_size > size * 0.9  # written again, whole


def test_a_changed_vocab_file_is_read_again(write_notes, tmp_path, cache):
    notes = write_notes("a.md", "## Segmentation\n- [8/10] [PSPNet: Scene Parsing](https://arxiv.org/abs/1612.01105) uses the pyramid module\n")
    vocab = write_notes("vocab.ttl", VOCAB.format(label="pyramid module"))
    assert b"pyramid-pooling" in build(notes, tmp_path / "one", cache, "--vocab", str(vocab))["graph.nq"]
    vocab.write_text(VOCAB.format(label="spatial pyramid"), encoding="utf-8")
    assert b"pyramid-pooling" not in build(notes, tmp_path / "two", cache, "--vocab", str(vocab))["graph.nq"]


def test_a_cache_folder_that_cannot_be_written_is_left_alone(write_notes, tmp_path, cache):
    if os.geteuid() == 0:
        cache.write_text("a file where the folder should be")  # root writes into any folder
    else:
        cache.mkdir()
        cache.chmod(stat.S_IRUSR | stat.S_IXUSR)
    notes = write_notes("a.md", NOTES)
    assert build(notes, tmp_path / "one", cache) == build(notes, tmp_path / "two", cache)
