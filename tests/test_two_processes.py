"""A large build parses and finds relations in two processes; its files are the same as in one.

The size thresholds are lowered here so that small notes take the two-process path;
``NOTEKG_PROCESSES=1`` keeps a build in one process.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graph.extract.relation_halves as relation_halves
import graph.parse.halves as halves
import graph.workers as workers
from graph.cli import cli
from graph.parse.notes import parse_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def helpers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Small inputs go to two processes; the list counts the helper processes started."""
    monkeypatch.setattr(halves, "HALVES_FROM", 0)
    monkeypatch.setattr(relation_halves, "RELATION_HALVES_FROM", 2)
    started: list[int] = []
    start = workers.Helper.__init__

    def counted(self: workers.Helper, work: object) -> None:
        started.append(1)
        start(self, work)  # type: ignore[arg-type]

    monkeypatch.setattr(workers.Helper, "__init__", counted)
    return started


def _build(notes: Path, out: Path, processes: str) -> dict[str, bytes]:
    result = CliRunner().invoke(cli, ["build", str(notes), "-o", str(out), "--no-page", "--no-cache"],
                                env={"NOTEKG_PROCESSES": processes})
    assert result.exit_code == 0, result.output
    return {name: (out / name).read_bytes() for name in ("graph.nq", "skipped.tsv")}


def test_the_default_notes_build_the_same_in_two_processes(tmp_path: Path, helpers: list[int]) -> None:
    one = _build(ROOT / "notes" / "iccv2019.md", tmp_path / "one", "1")
    assert helpers == []
    two = _build(ROOT / "notes" / "iccv2019.md", tmp_path / "two", "2")
    assert len(helpers) == 2  # the parse's second half, the relations' second half
    assert one == two


def _section(topic: int, papers: int, extra: str = "") -> str:
    items = "".join(f"- [{6 + i % 4}/10][uses dropout instead of batch normalization] "
                    f"[Net{topic}x{i}: Learning to count sheep](https://arxiv.org/abs/19{topic:02}.{i:05})\n"
                    for i in range(papers))
    return f"## Topic {topic}\n\n{items}{extra}\n"


@pytest.mark.parametrize("middle", [
    "",                                                       # cut at the middle heading
    "```python\n## not a heading: code\n# a comment\n",       # a fence left open: no heading below it
    "<div>\n\n",                                              # an HTML block before the cut
    "# A second top heading\n\nSome text.\n\n",               # a heading above the cut's level
    "Some text with [a reference][ref].\n\n[ref]: https://example.org/ref\n\n",  # file-wide definitions
])
def test_notes_with_any_middle_build_the_same_in_two_processes(tmp_path: Path, helpers: list[int], middle: str) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# My notes\n\nWhat I read.\n\n" + "".join(_section(t, 6) for t in range(4))
                     + middle + "".join(_section(t, 6) for t in range(4, 8)), encoding="utf-8")
    one = _build(notes, tmp_path / "one", "1")
    two = _build(notes, tmp_path / "two", "2")
    assert helpers, "no helper process started"
    assert one == two


@st.composite
def documents(draw: st.DrawFn) -> str:
    blocks = []
    for _ in range(draw(st.integers(2, 12))):
        kind = draw(st.sampled_from(["heading", "items", "paragraph", "fence", "html", "quote", "table", "blank"]))
        word = draw(st.sampled_from(["Detection", "Workshop on GANs", "Talks", "Other", "Papers", "", "#", "*"]))
        if kind == "heading":
            blocks.append(f"{'#' * draw(st.integers(1, 3))} {word}\n")
        elif kind == "items":
            blocks.append("".join(f"- [{draw(st.integers(0, 10))}/10] [{word} Net {i}: A title](https://arxiv.org/abs/1901.0{i:04})"
                                  f"{draw(st.sampled_from(['', ' better than dropout', ' (also FooNet)']))}\n"
                                  for i in range(draw(st.integers(1, 4)))))
        elif kind == "paragraph":
            blocks.append(draw(st.sampled_from(["Papers I skipped:\n", "A note. Another one?\n", f"{word}: https://x.org/a.pdf\n"])))
        elif kind == "fence":
            blocks.append(draw(st.sampled_from(["```\n## inside\n```\n", "```\n## left open\n", "~~~\n# x\n"])))
        elif kind == "html":
            blocks.append(draw(st.sampled_from(["<details>\n## hidden\n</details>\n", "<!--\n## comment\n-->\n"])))
        elif kind == "quote":
            blocks.append(f"> {word} [A Paper](https://arxiv.org/abs/1902.00001)\n")
        elif kind == "table":
            blocks.append(f"| paper | rating |\n| --- | --- |\n| [{word} Title](https://arxiv.org/abs/1903.00001) | 7/10 |\n")
        blocks.append(draw(st.sampled_from(["\n", "", "\n\n"])))
    return "".join(blocks)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents())
def test_any_notes_parse_the_same_in_two_halves(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(halves, "HALVES_FROM", 0)
    monkeypatch.setenv("NOTEKG_PROCESSES", "1")
    one = parse_text(text, "n.md")
    monkeypatch.setenv("NOTEKG_PROCESSES", "2")
    assert parse_text(text, "n.md") == one


@pytest.mark.parametrize("cpus, wanted, allowed", [
    ({0, 1}, "", True),     # two CPUs: a helper
    ({0}, "", False),       # one: a second process would only share its time
    ({0}, "2", True),       # asked for
    ({0, 1}, "1", False),   # asked not to
])
def test_a_helper_runs_on_two_cpus_unless_asked_otherwise(monkeypatch: pytest.MonkeyPatch, cpus: set[int],
                                                          wanted: str, allowed: bool) -> None:
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda pid: cpus)
    monkeypatch.setenv("NOTEKG_PROCESSES", wanted)
    assert workers.helpers_allowed() is allowed
