"""A build keeps the regular expressions it compiled for the next one (graph.regex_cache).

Each build runs in a process of its own, as a user's builds do: patterns compiled when a module
is imported count too.
"""

import os
import stat
import subprocess
import sys

import pytest

NOTES = "## GANs\n- [9/10] [SinGAN: one image](https://arxiv.org/abs/1905.01164) uses GANs (ICCV 2019)\n"


@pytest.fixture
def cache(tmp_path):
    return tmp_path / "cache"


def build(notes, out, cache_dir):
    env = dict(os.environ, NOTEKG_CACHE_DIR=str(cache_dir))
    run = subprocess.run([sys.executable, "-m", "graph", "build", str(notes), "-o", str(out), "--no-cache"],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert "Error" not in run.stderr
    return {name: (out / name).read_bytes() for name in ("graph.nq", "graph.ttl", "graph.html", "skipped.tsv")}


def test_the_second_build_reads_the_patterns_and_writes_the_same_files(write_notes, tmp_path, cache):
    notes = write_notes("a.md", NOTES)
    first = build(notes, tmp_path / "one", cache)
    [stored] = cache.iterdir()
    assert stored.name.startswith("regex-") and stored.stat().st_size > 100_000
    written = stored.stat().st_mtime_ns
    assert build(notes, tmp_path / "two", cache) == first
    assert stored.stat().st_mtime_ns == written  # nothing new to keep


def test_an_empty_cache_dir_setting_keeps_nothing(write_notes, tmp_path):
    notes = write_notes("a.md", NOTES)
    build(notes, tmp_path / "one", "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "one"]


def test_a_damaged_cache_file_is_ignored_and_written_again(write_notes, tmp_path, cache):
    notes = write_notes("a.md", NOTES)
    first = build(notes, tmp_path / "one", cache)
    [stored] = cache.iterdir()
    whole = stored.stat().st_size
    stored.write_bytes(stored.read_bytes()[: whole // 2])
    assert build(notes, tmp_path / "two", cache) == first
    assert stored.stat().st_size > whole * 0.9  # written again, whole


def test_a_cache_folder_that_cannot_be_written_is_left_alone(write_notes, tmp_path, cache):
    if os.geteuid() == 0:
        cache.write_text("a file where the folder should be")  # root writes into any folder
    else:
        cache.mkdir()
        cache.chmod(stat.S_IRUSR | stat.S_IXUSR)
    notes = write_notes("a.md", NOTES)
    assert build(notes, tmp_path / "one", cache) == build(notes, tmp_path / "two", cache)
