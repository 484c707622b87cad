"""The default notes, checked against an expectation written by hand (tests/data/iccv2019_papers.tsv)."""

import csv

import pytest
from conftest import DEFAULT_NOTES, ROOT

from graph.parse.notes import AreaEntry, NoteEntry, WorkshopEntry, parse_notes

EXPECTED = ROOT / "tests" / "data" / "iccv2019_papers.tsv"


def _expected_rows():
    with EXPECTED.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def notes():
    return parse_notes(DEFAULT_NOTES)


def test_finds_every_paper_and_nothing_else(notes):
    assert [p.line for p in notes.papers] == [int(row["line"]) for row in _expected_rows()]


@pytest.mark.parametrize("row", _expected_rows(), ids=lambda row: f"line{row['line']}")
def test_each_paper_is_read_right(notes, row):
    paper = next(p for p in notes.papers if p.line == int(row["line"]))
    assert paper.title == row["title"]
    if row["rating"] == "?":
        assert paper.unrated and paper.rating is None
    else:
        assert (paper.rating.value if paper.rating else None) == (int(row["rating"]) if row["rating"] else None)
        assert not paper.unrated
    assert (paper.url or "") == row["url"] or (not row["url"] and paper.url.endswith(row["arxiv_id"]))
    assert (paper.arxiv_id or "") == row["arxiv_id"]
    assert " / ".join(paper.topic_path) == row["topic"]
    assert paper.struck == bool(row["struck"])
    assert (paper.award or "") == row["award"]


def test_tldr_comment_and_links(notes):
    by_line = {p.line: p for p in notes.papers}
    octconv = by_line[42]
    assert octconv.tldr == "OctConv is both faster and more accurate; drop-in replacement for vanilla conv"
    assert octconv.comment.startswith("The trick is that the final architecture")
    # A tl;dr over several lines, joined.
    assert by_line[304].tldr.startswith("3-player adversarial game") and "the minority classes" in by_line[304].tldr
    # Markdown inside a tl;dr is text; a struck word keeps its strike marks.
    assert by_line[68].tldr.startswith("Instead of using global discriminator")
    assert "~~bbox~~" in by_line[116].tldr
    # The link after the title is a video, not the paper.
    assert by_line[172].video_url == "https://youtu.be/P2uZF-5F1wI" and by_line[172].url is None
    assert by_line[146].video_url.startswith("https://www.youtube.com/")
    # "[pytorch code](...)" is a code link; the comment continues on the next line.
    assert by_line[221].code_url and "compression and fine-tuning" in by_line[221].comment
    # A byline in parentheses is a comment, not part of the title.
    assert by_line[205].comment == "Cong Yu et al"
    assert by_line[179].comment == "University of California"
    # The tl;dr whose closing bracket is missing before the title link.
    assert by_line[363].tldr.startswith("Learn multiple prototypes") and by_line[363].title == "Deep Self-learning From Noisy Labels"


def test_what_is_not_a_paper_is_typed_as_what_it_is(notes):
    areas = [e for e in notes.entries if isinstance(e, AreaEntry)]
    assert {a.attention for a in areas} == {"skipped", "some time", "closer look"}
    assert len(areas) == 15
    deepfakes = next(a for a in areas if a.label.startswith("Deepfakes"))
    assert deepfakes.opinion.startswith("you can not completely trust")
    kinds = {}
    for e in notes.entries:
        if isinstance(e, NoteEntry):
            kinds.setdefault(e.kind, []).append(e.line)
    assert kinds["book"] == [395]
    assert kinds["question"] == [397]
    assert {244, 245, 246, 247, 249, 250, 269, 270, 287} <= set(kinds["talk"])
    workshop_links = [e for e in notes.entries if isinstance(e, WorkshopEntry)]
    assert [(w.line, w.name) for w in workshop_links] == [
        (232, "Compact and Efficient Feature Representation and Learning in Computer Vision 2019")
    ]


def test_title_and_event(notes):
    assert notes.title == "iccv2019-notes"
    assert notes.description == "personal notes from iccv2019"
