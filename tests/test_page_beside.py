"""A small clean build makes its page in a forked child while Turtle and N-Quads are written;
the files are the same as in one process, and a child that fails leaves the work to the parent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import graph.workers as workers
from graph.cli import cli

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ("graph.nq", "graph.ttl", "graph.html", "skipped.tsv")


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The list counts the children forked (each one still forked for real)."""
    forked: list[int] = []
    fork = os.fork

    def counted() -> int:
        pid = fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(workers.os, "fork", counted)
    return forked


def _build(notes: Path, out: Path, processes: str) -> dict[str, bytes]:
    result = CliRunner().invoke(cli, ["build", str(notes), "-o", str(out), "--no-cache"],
                                env={"NOTEKG_PROCESSES": processes})
    assert result.exit_code == 0, result.output
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def test_the_page_made_beside_is_the_page_made_in_one_process(tmp_path: Path, forks: list[int]) -> None:
    one = _build(ROOT / "notes" / "iccv2019.md", tmp_path / "one", "1")
    assert forks == []
    two = _build(ROOT / "notes" / "iccv2019.md", tmp_path / "two", "2")
    assert len(forks) == 1
    assert one == two


def test_a_child_that_fails_leaves_the_text_to_the_parent(forks: list[int]) -> None:
    parent = os.getpid()

    def make() -> str:
        if os.getpid() != parent:
            raise RuntimeError("the child breaks")
        return "made by the parent"

    os.environ["NOTEKG_PROCESSES"] = "2"
    try:
        beside = workers.TextBeside(make)
    finally:
        del os.environ["NOTEKG_PROCESSES"]
    assert len(forks) == 1
    assert beside.text() == "made by the parent"


def test_a_child_no_longer_wanted_is_ended(monkeypatch: pytest.MonkeyPatch, forks: list[int]) -> None:
    monkeypatch.setenv("NOTEKG_PROCESSES", "2")
    beside = workers.TextBeside(lambda: "x" * 1_000_000)  # more than a pipe holds: the child waits
    assert len(forks) == 1
    beside.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(forks[0], os.WNOHANG)  # ended and reaped: not even a zombie left


def test_one_process_makes_the_text_itself(monkeypatch: pytest.MonkeyPatch, forks: list[int]) -> None:
    monkeypatch.setenv("NOTEKG_PROCESSES", "1")
    assert workers.TextBeside(lambda: "here").text() == "here"
    assert forks == []
