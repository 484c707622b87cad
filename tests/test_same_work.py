"""Same-work detection: two titles sharing most of their words are one work (owl:sameAs),
found however common the words are and however many papers there are."""

import itertools

from graph.cli import cli
from graph.extract.facts import PaperFact, _same_works
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

    found = _same_works(papers)

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
    assert [(s.first, s.second, s.score) for s in _same_works(papers)] == [("paper/a", "paper/b", 0.833)]
