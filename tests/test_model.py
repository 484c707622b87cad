"""The RDF graph says what the notes say: one small notes file written for each modelling rule."""

from rdflib import OWL, RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

import graph
from graph.vocab import DEFAULT_BASE, NK, SCHEMA

ID = DEFAULT_BASE


def iri(key):
    return URIRef(ID + key)


def build(write_notes, name, text):
    return graph.build([write_notes(name, text)]).rdf


def test_paper_fields_and_provenance(write_notes):
    ds = build(write_notes, "cvpr2021.md", (
        "# CVPR 2021 notes\n"
        "## Tracking\n"
        "### Multi-object\n"
        "- [8/10] [TrackNet: Tracking by Joint Detection](https://arxiv.org/abs/2101.00011) Simple.\n"
        "- [10/10 BEST PAPER CVPR2021] [GIRAFFE: Compositional Scenes](https://arxiv.org/abs/2011.12100)\n"
    ))
    paper = iri("paper/arxiv/2101.00011")
    assert str(ds.value(paper, DCTERMS.title)) == "TrackNet: Tracking by Joint Detection"
    assert ds.value(paper, NK.rating) == Literal(8)
    assert ds.value(paper, SCHEMA.url) == URIRef("https://arxiv.org/abs/2101.00011")
    assert ds.value(paper, NK.sourceLine) == Literal(4)
    assert ds.value(paper, PROV.wasDerivedFrom) == iri("notes/cvpr2021")
    assert ds.value(paper, NK.shortName) == Literal("TrackNet")
    assert (paper, DCTERMS.subject, iri("topic/tracking/multi-object")) in ds
    assert (iri("topic/tracking/multi-object"), SKOS.broader, iri("topic/tracking")) in ds
    assert ds.value(paper, NK.presentedAt) == iri("event/cvpr-2021")
    assert ds.value(iri("event/cvpr-2021"), NK.year) == Literal(2021)
    assert str(ds.value(iri("paper/arxiv/2011.12100"), NK.award)) == "BEST PAPER CVPR2021"


def test_struck_and_unrated_papers(write_notes):
    ds = build(write_notes, "a.md", (
        "## Segmentation\n"
        "- ~~A paper I crossed out after reading the abstract~~\n"
        "- [???][could not follow the maths] A paper I did not rate\n"
        "- [5/10] A paper with a rating\n"
    ))
    struck = list(ds.subjects(NK.struck, Literal(True)))
    assert [str(ds.value(p, NK.sourceLine)) for p in struck] == ["2"]
    unrated = list(ds.subjects(NK.unrated, Literal(True)))
    assert [str(ds.value(p, NK.sourceLine)) for p in unrated] == ["3"]
    rated = next(ds.subjects(NK.rating, Literal(5)))
    assert ds.value(rated, NK.struck) is None and ds.value(rated, NK.unrated) is None


def test_a_workshop_noted_under_two_headings_is_one_node(write_notes):
    ds = build(write_notes, "eccv2020.md", (
        "# ECCV 2020\n"
        "## Monday\n"
        "### Workshop: Robust Vision\n"
        "The keynote argued that robustness costs accuracy.\n"
        "\n"
        "- [6/10] [Noise-robust training](https://arxiv.org/abs/2003.00001)\n"
        "## Tuesday\n"
        "### Workshop: Robust Vision\n"
        "- [7/10] [Certified defences at scale](https://arxiv.org/abs/2003.00002)\n"
    ))
    workshops = set(ds.subjects(RDF.type, NK.Workshop))
    assert len(workshops) == 1
    (workshop,) = workshops
    assert {str(o) for o in ds.objects(workshop, NK.sourceLine)} == {"3", "8"}
    assert set(ds.objects(workshop, SKOS.broader)) == {iri("topic/monday"), iri("topic/tuesday")}
    assert ds.value(workshop, NK.presentedAt) == iri("event/eccv-2020")
    for paper in ("paper/arxiv/2003.00001", "paper/arxiv/2003.00002"):
        assert (iri(paper), DCTERMS.subject, workshop) in ds
    (talk,) = set(ds.subjects(RDF.type, NK.TalkNote))
    assert str(ds.value(talk, NK.text)) == "The keynote argued that robustness costs accuracy."


def test_an_also_line_files_earlier_papers_under_the_topic(write_notes):
    ds = build(write_notes, "a.md", (
        "## Depth\n"
        "- [7/10] [MonoDepth: Self-supervised depth](https://arxiv.org/abs/1806.01260)\n"
        "- [6/10] [StereoNet: Guided refinement](https://arxiv.org/abs/1807.08865)\n"
        "## Self-supervision\n"
        "(also MonoDepth and StereoNet)\n"
    ))
    topic = iri("topic/self-supervision")
    members = {str(ds.value(p, NK.shortName)) for p in ds.subjects(DCTERMS.subject, topic)}
    assert members == {"MonoDepth", "StereoNet"}
    assert (iri("paper/arxiv/1806.01260"), DCTERMS.subject, iri("topic/depth")) in ds


def test_the_same_work_noted_twice_is_same_as(write_notes):
    ds = build(write_notes, "a.md", (
        "## Video\n"
        "- [6/10] Sparse Attention for Long Video Understanding\n"
        "## Attention\n"
        "- [7/10] LVSA: Sparse attention for long video understanding\n"
        "- [5/10] Dense attention for short clips\n"
    ))
    pairs = [(str(ds.value(a, DCTERMS.title)), str(ds.value(b, DCTERMS.title))) for a, b in ds.subject_objects(OWL.sameAs)]
    assert pairs in (
        [("Sparse Attention for Long Video Understanding", "LVSA: Sparse attention for long video understanding")],
        [("LVSA: Sparse attention for long video understanding", "Sparse Attention for Long Video Understanding")],
    )


def test_areas_books_and_questions_are_typed(write_notes):
    ds = build(write_notes, "a.md", (
        "## Overview\n"
        "\n"
        "I skipped these topics entirely\n"
        "- Robotics\n"
        "- Medical imaging\n"
        "\n"
        "I took a closer look on:\n"
        "- Generative models\n"
        "\n"
        "## Reading list\n"
        '- Book "Pattern Recognition and Machine Learning"\n'
        "- Question: does pretraining help small datasets?\n"
    ))
    attention = sorted(str(ds.value(a, NK.attention)) for a in set(ds.subjects(RDF.type, NK.Area)))
    assert attention == ["closer look", "skipped", "skipped"]
    assert len(set(ds.subjects(RDF.type, NK.Book))) == 1
    assert len(set(ds.subjects(RDF.type, NK.Question))) == 1
    assert not set(ds.subjects(RDF.type, NK.Paper))


def test_two_files_one_paper_node_two_named_graphs(write_notes):
    a = write_notes("a.md", "## X\n- [9/10] [SinGAN: one image](https://arxiv.org/abs/1905.01164)\n")
    b = write_notes("b.md", "## Y\n- [6/10] [SinGAN](https://arxiv.org/pdf/1905.01164v2.pdf)\n")
    ds = graph.build([a, b]).rdf
    paper = iri("paper/arxiv/1905.01164")
    ratings = sorted((str(g.identifier).rsplit("/", 1)[1], int(o)) for g in ds.graphs() for o in g.objects(paper, NK.rating))
    assert ratings == [("a", 9), ("b", 6)]


def test_base_changes_data_iris(write_notes):
    notes = write_notes("a.md", "## X\n- Paper title here\n")
    ds = graph.build([notes], base="https://example.org/kg/").rdf
    assert (URIRef("https://example.org/kg/paper/paper-title-here"), RDF.type, NK.Paper) in ds
