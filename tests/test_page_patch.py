"""A rebuild patches the last page where few notes files changed, and gives a clean build's bytes.

The equality after every kind of edit is in test_incremental.py too; here each edit is also
checked to have taken the patch (not the projection of every named graph), and the patch's
bookkeeping is checked to stay right when every digest collides.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.cli import cli
from graph.page_cache import PageCache
from graph.views import page_patch

SEGMENTATION = """# Segmentation reading list
## Boundaries
- [8/10][uses dilated convolution] Gated Boundary Streams for Semantic Segmentation
- [6/10] Sharp Edges from Coarse Masks
## Real-time
- [7/10][uses batch normalization] Bilateral Paths for Fast Segmentation
"""
DETECTION = """# Detection reading list
## One-stage detectors
- [7/10][uses dropout] Anchor-Free Boxes from Keypoints
- [5/10][better than dropout] Dense Points as Objects
## Boundaries
- [9/10] Edge-Aware Proposals
"""
GANS = """# Generative models
## GANs
- [8/10][uses spectral normalization] Stable Adversarial Training at Scale
- [4/10] A Single-Image Generator
"""


@pytest.fixture
def patches(monkeypatch):
    """Whether each build's page was patched (True) or projected from every graph (False)."""
    seen: list[bool] = []
    page_network = PageCache.page_network

    def recorded(self, blocks):
        result = page_network(self, blocks)
        seen.append(self.patched)
        return result

    monkeypatch.setattr(PageCache, "page_network", recorded)
    return seen


def _notes(tmp_path: Path, *names: str) -> tuple[Path, Path]:
    """A notes folder holding the named files of FILES, and the output folder to build into."""
    notes = tmp_path / "notes"
    notes.mkdir()
    for name in names:
        (notes / name).write_text(FILES[name])
    return notes, tmp_path / "out"


def _rebuild_equals_clean(runner, notes: Path, out: Path, clean: Path) -> None:
    for folder, extra in ((out, ()), (clean, ("--no-cache",))):
        result = runner.invoke(cli, ["build", str(notes), "-o", str(folder), *extra])
        assert result.exit_code == 0, result.output
    for name in ("graph.nq", "graph.ttl", "skipped.tsv", "graph.html"):
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name


FILES = {"segmentation.md": SEGMENTATION, "detection.md": DETECTION, "gans.md": GANS}
EDITS = [
    ("a paper added", "detection.md", lambda t: t + "- [6/10][uses focal loss] Scale-Aware Heads\n"),
    ("a paper removed", "detection.md", lambda t: t.replace("- [5/10][better than dropout] Dense Points as Objects\n", "")),
    ("a rating changed", "gans.md", lambda t: t.replace("[4/10]", "[9/10]")),
    ("a technique swapped", "segmentation.md", lambda t: t.replace("uses dilated convolution", "uses attention")),
    ("a topic renamed that only this file names", "gans.md", lambda t: t.replace("## GANs", "## Adversarial models")),
    ("a new topic with its papers", "gans.md", lambda t: t + "## Diffusion\n- [7/10] Denoising Steps for Images\n"),
]


@pytest.mark.parametrize("what, name, edit", EDITS, ids=[what for what, _, _ in EDITS])
def test_an_edit_to_one_file_patches_the_page_and_equals_a_clean_build(runner, tmp_path, patches, what, name, edit):
    notes, out = _notes(tmp_path, *FILES)
    _rebuild_equals_clean(runner, notes, out, tmp_path / "clean0")
    assert patches == [False]  # the first build projects every graph
    (notes / name).write_text(edit((notes / name).read_text()))
    _rebuild_equals_clean(runner, notes, out, tmp_path / "clean1")
    assert patches == [False, True]


def test_a_file_added_then_deleted_patches_the_page(runner, tmp_path, patches):
    notes, out = _notes(tmp_path, "segmentation.md", "detection.md")
    _rebuild_equals_clean(runner, notes, out, tmp_path / "clean0")
    (notes / "gans.md").write_text(GANS)
    _rebuild_equals_clean(runner, notes, out, tmp_path / "clean1")
    (notes / "detection.md").unlink()
    _rebuild_equals_clean(runner, notes, out, tmp_path / "clean2")
    assert patches == [False, True, True]


def test_a_topic_relabelled_that_another_file_names_too_is_projected_again(runner, tmp_path, patches):
    # Both files note papers under "GANs", one topic; the first file to name it gives its label.
    # Relabelled there, the other file's papers would need their own values again to show the
    # new label among their topics: the page is projected, not patched, and the next edit patches.
    notes = tmp_path / "notes"
    notes.mkdir()
    first = "# CVPR 2020 notes\n## GANs\n- [8/10] Stable Adversarial Training at Scale\n"
    (notes / "a.md").write_text(first)
    (notes / "b.md").write_text("# ICCV 2019 notes\n## GANs\n- [6/10] A Single-Image Generator\n")
    out = tmp_path / "out"
    _rebuild_equals_clean(runner, notes, out, tmp_path / "clean0")
    (notes / "a.md").write_text(first.replace("## GANs", "## gans"))
    _rebuild_equals_clean(runner, notes, out, tmp_path / "clean1")
    (notes / "a.md").write_text(first.replace("## GANs", "## gans") + "- [3/10] One More Paper\n")
    _rebuild_equals_clean(runner, notes, out, tmp_path / "clean2")
    assert patches == [False, False, True]


@pytest.mark.parametrize("colliding", ["every triple", "everything"])
def test_colliding_digests_cost_time_never_a_wrong_page(runner, tmp_path, patches, monkeypatch, colliding):
    # Owners are kept by a digest of what they own: a collision may name a graph too many,
    # which the patch checks in that graph's share, never one too few.
    digest = page_patch._digest
    monkeypatch.setattr(page_patch, "_digest", lambda key: 7 if colliding == "everything" or isinstance(key, tuple)
                        else digest(key))
    notes, out = _notes(tmp_path, *FILES)
    _rebuild_equals_clean(runner, notes, out, tmp_path / "clean0")
    for i, (_, name, edit) in enumerate(EDITS):
        (notes / name).write_text(edit((notes / name).read_text()))
        _rebuild_equals_clean(runner, notes, out, tmp_path / f"clean{i + 1}")
    if colliding == "every triple":
        assert patches[1:] == [True] * len(EDITS)


def test_a_page_state_that_does_not_read_is_made_again(runner, tmp_path, patches):
    notes, out = _notes(tmp_path, "segmentation.md", "detection.md")
    _rebuild_equals_clean(runner, notes, out, tmp_path / "clean0")
    state = out / ".notekg-cache" / "page" / "page.state"
    assert state.exists()
    state.write_bytes(b"\xe3not a state")
    (notes / "detection.md").write_text(DETECTION + "- [2/10] A Late Addition\n")
    _rebuild_equals_clean(runner, notes, out, tmp_path / "clean1")
    assert patches == [False, False]
    assert state.read_bytes() != b"\xe3not a state"
