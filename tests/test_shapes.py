"""Every entry shape, rating notation and kind of non-paper, each in a small fixture of its own."""

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.parse.notes import NoteEntry, parse_notes, parse_text

SHAPES = Path(__file__).parent / "notes" / "shapes"
DATA = Path(__file__).parent / "data"


def _rows(name):
    with open(DATA / name, encoding="utf-8") as f:
        return list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))


def _rating(rating):
    if rating is None:
        return ""
    if rating.value is None:
        return rating.label
    return f"{rating.value}" if rating.scale is None else f"{rating.value}/{rating.scale}"


FILES = sorted(str(p.relative_to(SHAPES)) for p in SHAPES.rglob("*.md"))


@pytest.mark.parametrize("name", FILES)
def test_each_shape_gives_its_papers(name):
    papers = parse_notes(SHAPES / name).papers
    found = [
        (str(p.line), p.title, _rating(p.rating), p.arxiv_id or "", "; ".join(p.authors), p.venue or "",
         str(p.year or ""), p.nickname or "")
        for p in papers
    ]
    expected = [
        (r["line"], r["title"], r["rating"], r["arxiv_id"], r["authors"], r["venue"], r["year"], r["nickname"])
        for r in _rows("shapes_expected.tsv") if r["file"] == name
    ]
    assert found == expected


@pytest.mark.parametrize("name", sorted({r["file"] for r in _rows("shapes_notes_expected.tsv")}))
def test_what_is_not_a_paper_is_kept_as_a_note_with_a_reason(name):
    notes = [e for e in parse_notes(SHAPES / name).entries if isinstance(e, NoteEntry)]
    by_line = {n.line: n for n in notes}
    for row in (r for r in _rows("shapes_notes_expected.tsv") if r["file"] == name):
        note = by_line[int(row["line"])]
        assert note.kind == row["kind"] and note.reason


def test_bad_front_matter_is_a_warning_and_the_rest_is_read():
    notes = parse_notes(SHAPES / "vault" / "bad-front-matter.md")
    assert notes.warnings == [(1, "front matter is not valid YAML (line 2); not read")]
    assert [p.title for p in notes.papers] == ["Still Read: Papers After Bad Front Matter"]


def test_front_matter_aliases_and_huge_numbers_do_not_hang_or_crash():
    laughs = "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    ) + "---\n- [A Paper Read Anyway](https://arxiv.org/abs/2001.00001)\n"
    notes = parse_text(laughs, "laughs.md")
    assert notes.warnings == [(1, "front matter uses YAML aliases (&/*); not read")]
    assert len(notes.papers) == 1
    huge = parse_text("---\ntitle: Counting Sheep\nyear: " + "9" * 5000 + "\n---\n# x\n", "huge.md")
    assert huge.warnings == [] and len(huge.front_matter["year"]) == 5000


def test_a_trailing_number_without_a_legend_is_not_a_rating():
    (paper,) = parse_text("- Pillow Transformers, NapConf 2019 (4)\n").papers
    assert paper.rating is None and paper.year == 2019


_pieces = st.sampled_from([
    "- ", "* ", "1. ", "  - ", "# ", "## ", "| ", " | ", "|---|", "---\n", "+++\n", "title:: ", "::",
    "[", "]", "(", ")", "[[", "]]", "**", "~~", "`", "<br/>", "<kbd>", "</kbd>", "★", "☆", "⭐️",
    ":star:", "4/5", "[7/10]", "4分", "Rating: 4", "https://arxiv.org/abs/1234.56789", "#anchor",
    "arXiv:1234.56789", "10.48550/arXiv.1234.5678", "Jane Doe, Max Roe. ", '"Quoted Title." ',
    "ICLR'19", "[OSDI '18]", "(2019)", " - ", " | ", ": ", "\n", "\n\n", "&x", "*x", "{", "}",
    "Counting Sheep", "talk", "tutorial", "paper: ", "\ufe0f", "\u0000", "\t", "    ",
])


# Derandomized: CI sees the same examples on every run (a failure is never luck).
@settings(max_examples=2000, deadline=None, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_pieces, st.text(max_size=8)), max_size=40).map("".join))
def test_the_parser_never_raises_on_any_markdown(text):
    notes = parse_text(text, "generated.md")
    for paper in notes.papers:
        assert paper.title


def test_a_bare_number_without_a_legend_keeps_no_scale():
    (paper,) = parse_text("- [Fen Sleep](https://arxiv.org/abs/1908.00011)\n    - 3分\n").papers
    assert (paper.rating.value, paper.rating.scale) == (3, None)


@pytest.mark.xfail(strict=True, reason="known gap: among rated papers, a plain line of chit-chat still "
                   "scores as a paper (the sibling and file evidence outweighs its sentence shape)")
def test_chit_chat_among_rated_papers_is_not_a_paper():
    notes = parse_text("## Session\n- **Counting Sheep at Scale** ★★★★☆\n- **Dream Tokens** ★★★☆☆\n"
                       "- Lunch was outside, nice weather\n- **Pillow Nets** ★★☆☆☆\n")
    assert [p.title for p in notes.papers] == ["Counting Sheep at Scale", "Dream Tokens", "Pillow Nets"]


def test_a_post_with_an_author_in_front_matter_over_a_list_of_papers_stays_a_list():
    notes = parse_text("---\ntitle: Papers from my week\nauthor: Jane Doe\ndate: 2024-01-05\n---\n"
                       "- [Counting Sheep](https://arxiv.org/abs/2001.00001)\n"
                       "- [Dream Tokens](https://arxiv.org/abs/2001.00002)\n"
                       "- [Pillow Nets](https://arxiv.org/abs/2001.00003)\n", "post.md")
    assert [p.title for p in notes.papers] == ["Counting Sheep", "Dream Tokens", "Pillow Nets"]


def test_a_numbered_footnote_run_is_not_a_rating_pattern():
    notes = parse_text("- Counting Sheep at Scale (1)\n- Dream Tokens for Naps (2)\n- Pillow Nets Revisited (3)\n")
    assert [p.rating for p in notes.papers] == [None, None, None]
