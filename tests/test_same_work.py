"""Same-work detection: two titles sharing most of their words are one work (owl:sameAs),
found however common the words are and however many papers there are."""

import itertools
import random

from graph.cli import cli
from graph.extract.facts import PaperFact
from graph.extract.same_works import find_same_works
from graph.extract.same_work_memo import same_works_since
from graph.parse.entries import PaperEntry

SAME_AS_TITLES = """SELECT ?a ?b WHERE {
  ?x owl:sameAs ?y . ?x dcterms:title ?a . ?y dcterms:title ?b
}"""

COMMON = ["learning", "network", "image", "deep", "model", "neural", "visual", "data", "training", "video",
          "object", "detection", "segmentation", "robust", "efficient", "generative", "representation",
          "attention", "semantic", "scene"]


def _paper(key: str, title: str, line: int) -> PaperFact:
    return PaperFact(key, [PaperEntry("vault.md", line, title, ())])


def test_the_default_notes_keep_their_one_pair(runner, tmp_path):
    built = runner.invoke(cli, ["build", "notes/iccv2019.md", "-o", str(tmp_path), "--no-page"])
    assert built.exit_code == 0, built.output
    result = runner.invoke(cli, ["query", "-e", SAME_AS_TITLES, "-g", str(tmp_path / "graph.nq"), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] in (
        ["Automated Multi-Stage Compression of Neural Networks,MUSCO: Multi-Stage Compression of neural networks"],
        ["MUSCO: Multi-Stage Compression of neural networks,Automated Multi-Stage Compression of Neural Networks"],
    )


def test_a_pair_made_only_of_common_words_is_found_among_many_titles():
    # As in a vault of 100,000 papers, every word of the pair is in over a thousand titles, and
    # its two rarest words are the rarest words of over a thousand other titles each: a join
    # that gives up on words that common (as a cap of 1,000 titles per word once did) loses it.
    pair = ["towards", "universal", "dense", "correspondence", "estimation"]
    titles = [" ".join((word, *trio)) for word in pair[:2] for trio in itertools.combinations(COMMON, 3)]
    titles += [f"u{i}a u{i}b {COMMON[i % 20]} {COMMON[(7 * i + 3) % 20]} {COMMON[(11 * i + 5) % 20]}"
               for i in range(9000)]
    titles += [f"v{word}{i}a v{word}{i}b {word}" for word in pair[2:] for i in range(1200)]
    papers = {f"paper/t{i}": _paper(f"paper/t{i}", title, i + 10) for i, title in enumerate(titles)}
    papers["paper/x"] = _paper("paper/x", " ".join(pair), 1)
    papers["paper/y"] = _paper("paper/y", " ".join(pair + ["tasks"]), 2)

    found = find_same_works(papers)

    assert [(s.first, s.second, s.score) for s in found] == [("paper/x", "paper/y", 0.833)]
    assert min(sum(word in title.split() for title in titles) for word in pair) > 1000


def test_a_pair_below_the_threshold_or_of_two_arxiv_papers_is_not_the_same_work():
    papers = {
        "paper/a": _paper("paper/a", "Sparse attention for long video understanding", 1),
        "paper/b": _paper("paper/b", "Sparse attention for long video", 2),  # 5 of 6 words with a: 0.833
        "paper/c": _paper("paper/c", "Sparse attention for long clips", 3),  # 4 of 6 with b: 0.667
        "paper/arxiv/1": _paper("paper/arxiv/1", "Dense prediction with vision transformers", 4),
        "paper/arxiv/2": _paper("paper/arxiv/2", "Dense prediction with vision transformers", 5),
    }
    assert [(s.first, s.second, s.score) for s in find_same_works(papers)] == [("paper/a", "paper/b", 0.833)]


def test_same_works_after_papers_are_added_retitled_and_removed_equal_the_whole_join():
    # A rebuild keeps the last build's pairs and compares only new titles: each step must give
    # what the whole join gives from scratch.
    titles = [" ".join(trio) for trio in itertools.combinations(COMMON[:9], 4)]
    papers = {f"paper/t{i}": _paper(f"paper/t{i}", title, i + 10) for i, title in enumerate(titles)}
    found, memo = same_works_since(papers, None)
    assert found == find_same_works(papers)
    steps = [
        {"paper/new": _paper("paper/new", titles[0] + " " + COMMON[12], 1)},  # near t0 (0.8)
        {"paper/t1": _paper("paper/t1", titles[0] + " " + COMMON[13], 11)},  # retitled: near t0 now
        {"paper/t0": _paper("paper/t0", "a title that is new now", 10)},  # retitled: its pairs go
        {"paper/arxiv/1": _paper("paper/arxiv/1", "dense prediction with vision transformers", 2),
         "paper/arxiv/2": _paper("paper/arxiv/2", "dense prediction with vision transformers", 3)},
    ]
    for step in steps:
        papers = {**papers, **step}
        found, memo = same_works_since(papers, memo)
        assert found == find_same_works(papers)
    del papers["paper/new"], papers["paper/t5"]
    found, memo = same_works_since(papers, memo)
    assert found == find_same_works(papers)
    assert ("paper/new", "paper/t0") not in {(s.first, s.second) for s in found}


def test_new_titles_of_any_length_find_the_pairs_of_the_whole_join():
    # New titles are compared only with titles whose length lets them score high enough: with
    # titles of 1 to 9 words over few words, every pair the whole join finds must be found.
    rng = random.Random(5)

    def title() -> str:
        return " ".join(rng.sample(COMMON[:10], rng.randrange(1, 10)))

    papers = {f"paper/t{i}": _paper(f"paper/t{i}", title(), i + 10) for i in range(60)}
    found, memo = same_works_since(papers, None)
    for step in range(30):
        changed = {f"paper/t{rng.randrange(80)}" for _ in range(rng.randrange(1, 4))}
        papers = {**papers, **{key: _paper(key, title(), 200 + step) for key in changed}}
        found, memo = same_works_since(papers, memo)
        assert found == find_same_works(papers)


def test_a_rebuild_finds_the_same_works_of_a_clean_build(runner, tmp_path):
    notes, out, clean = tmp_path / "notes", tmp_path / "out", tmp_path / "clean"
    notes.mkdir()
    (notes / "a.md").write_text("## Vision\n- [7/10] Deep networks for image recognition\n")
    (notes / "b.md").write_text("## Speech\n- [6/10] Deep networks for speech\n")
    for args in (["-o", str(out)], ["-o", str(out)]):
        assert runner.invoke(cli, ["build", str(notes), *args, "--no-page"]).exit_code == 0
    with (notes / "b.md").open("a") as f:
        f.write("- [5/10] Deep networks for image recognition tasks\n")
    for args in (["-o", str(out)], ["-o", str(clean), "--no-cache"]):
        result = runner.invoke(cli, ["build", str(notes), *args, "--no-page"])
        assert result.exit_code == 0, result.output
    assert (out / "graph.nq").read_bytes() == (clean / "graph.nq").read_bytes()
    result = runner.invoke(cli, ["query", "-e", SAME_AS_TITLES, "-g", str(out / "graph.nq"), "--format", "csv"])
    assert len(result.output.splitlines()) == 2, result.output
