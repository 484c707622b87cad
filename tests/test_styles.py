"""Notes in other people's styles parse into the right papers and topics."""

import pytest
from conftest import FIXTURES

import graph
from graph.parse.notes import Heading, parse_notes


def papers(name):
    return {p.title: p for p in parse_notes(FIXTURES / name).papers}


def test_bullets_numbers_nesting_bold_wiki_tags_and_arxiv_in_text():
    found = papers("style_bullets.md")
    assert sorted(found) == [
        "Attention Is All You Need",
        "BERT: Pre-training of Deep Bidirectional Transformers",
        "DeepLab",
        "Deformable ConvNets",
        "Focal Loss for Dense Object Detection",
        "Mask R-CNN",
        "U-Net: Convolutional Networks for Biomedical Image Segmentation",
        "YOLOv3: An Incremental Improvement",
    ]
    focal = found["Focal Loss for Dense Object Detection"]
    assert focal.topic_path == ("Detection",) and focal.comment.startswith("focal loss down-weights")
    yolo = found["YOLOv3: An Incremental Improvement"]
    assert (yolo.rating.value, yolo.arxiv_id) == (8, "1804.02767")
    deformable = found["Deformable ConvNets"]
    assert deformable.arxiv_id == "1703.06211" and deformable.url == "https://arxiv.org/abs/1703.06211"
    assert deformable.comment == "learnable offsets"
    unet = found["U-Net: Convolutional Networks for Biomedical Image Segmentation"]
    assert (unet.rating.value, unet.tldr, unet.topic_path) == (9, "Skip connections everywhere", ("Segmentation",))
    mask = found["Mask R-CNN"]
    assert mask.tags == ("instance", "classic") and mask.comment == "instance masks on top of Faster R-CNN"
    # A paper's nested points are its comment ...
    assert found["DeepLab"].comment == "atrous convolution; CRF post-processing"
    # ... but a bare item over nested papers is a sub-topic.
    assert found["Attention Is All You Need"].topic_path == ("Grab bag", "Transformers")


def test_table_with_a_title_column():
    found = papers("style_table.md")
    assert sorted(found) == [
        "An Image is Worth 16x16 Words",
        "DeiT",
        "Swin Transformer: Hierarchical Vision Transformer",
    ]
    vit = found["An Image is Worth 16x16 Words"]
    assert (vit.rating.value, vit.tldr, vit.arxiv_id) == (9, "patches as tokens", "2010.11929")
    assert vit.topic_path == ("Vision transformers",)
    assert found["Swin Transformer: Hierarchical Vision Transformer"].arxiv_id == "2103.14030"
    assert found["DeiT"].struck


def test_front_matter_gives_the_event():
    notes = parse_notes(FIXTURES / "style_frontmatter.md")
    assert notes.front_matter == {"conference": "CVPR", "year": 2020}
    kg = graph.build([FIXTURES / "style_frontmatter.md"])
    rows = kg.rdf.query(
        "SELECT ?label WHERE { ?p a nk:Paper ; nk:presentedAt ?e . ?e rdfs:label ?label } LIMIT 1"
    )
    assert [str(r[0]) for r in rows] == ["CVPR 2020"]
    found = {p.title: p for p in notes.papers}
    unrated = found["Unrated find"]
    assert unrated.unrated and unrated.code_url == "https://github.com/x/y"
    assert [h.label for h in notes.entries if isinstance(h, Heading)] == ["Generative models"]


def test_a_folder_of_notes_is_one_graph_with_a_named_graph_per_file():
    kg = graph.build([FIXTURES])
    names = sorted(str(c.identifier).rsplit("/", 1)[1] for c in kg.rdf.graphs() if "notes/" in str(c.identifier))
    assert {"style-bullets", "style-table", "style-frontmatter"} <= set(names)


STYLES = FIXTURES / "styles"


def _expected_by_file():
    import csv

    from conftest import ROOT

    text = (ROOT / "tests" / "data" / "styles_expected.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader([line for line in text.splitlines() if not line.startswith("#")], delimiter="\t")
    expected = {}
    for row in rows:
        expected.setdefault(row["file"], []).append(row)
    return expected


@pytest.mark.parametrize("path", sorted(STYLES.glob("*.md")), ids=lambda p: p.stem)
def test_each_style_parses_into_the_right_papers(path):
    expected = _expected_by_file()[path.name]
    papers = parse_notes(path).papers
    found = [
        (p.title, str(p.rating.value if p.rating else ""), p.arxiv_id or "", " / ".join(p.topic_path), " ".join(p.tags))
        for p in papers
    ]
    assert found == [(r["title"], r["rating"], r["arxiv_id"], r["topic"], r["tags"]) for r in expected]


def test_tags_become_topics():
    kg = graph.build([STYLES / "tags.md"])
    rows = kg.rdf.query("SELECT ?label WHERE { ?p dcterms:subject ?t . ?t skos:prefLabel ?label } ORDER BY ?label")
    assert sorted({str(r[0]) for r in rows}) == ["#contrastive", "#selfsupervised", "Inbox"]


def test_a_heading_naming_a_paper_takes_the_lines_below_it():
    papers = parse_notes(STYLES / "paper_headings.md").papers
    fcos, fpn = papers[0], papers[-1]
    assert (fcos.rating.value, fcos.tldr, fcos.comment) == (8, "per-pixel box regression, no anchors", "centerness branch helps NMS")
    assert (fpn.comment, fpn.code_url) == ("simple baseline; works on COCO", "https://github.com/facebookresearch/detectron2")


def test_a_link_written_in_brackets_is_no_title(write_notes):
    # "[[link]](url)" and "[(pdf)](url)": the link's text is still a word for a link, and the
    # title before it stays the paper's title.
    notes = write_notes("systems.md", (
        "- [Conf '31] Wombat: Burrowing Through Logs [[link]](https://example.org/wombat.pdf)\n"
        "- Otter Nets for River Counts [(pdf)](https://example.org/otter.pdf)\n"))
    titles = sorted(paper.title for paper in graph.build([notes]).facts.papers.values())
    assert titles == ["Otter Nets for River Counts", "Wombat: Burrowing Through Logs"]
