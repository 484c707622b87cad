"""The RDF graph of the default notes says what the notes say."""

from rdflib import OWL, RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

import graph
from graph.vocab import DEFAULT_BASE, NK, SCHEMA

ID = DEFAULT_BASE


def iri(key):
    return URIRef(ID + key)


def test_paper_fields_and_provenance(default_kg):
    ds = default_kg.rdf
    octconv = iri("paper/arxiv/1904.05049")
    assert ds.value(octconv, DCTERMS.title).startswith("Drop an Octave")
    assert ds.value(octconv, NK.rating) == Literal(10)
    assert ds.value(octconv, SCHEMA.url) == URIRef("https://arxiv.org/abs/1904.05049")
    assert ds.value(octconv, NK.sourceLine) == Literal(42)
    assert ds.value(octconv, PROV.wasDerivedFrom) == iri("notes/iccv2019")
    assert (octconv, DCTERMS.subject, iri("topic/modules/conv-replacements")) in ds
    assert ds.value(octconv, NK.presentedAt) == iri("event/iccv-2019")
    assert ds.value(iri("event/iccv-2019"), NK.year) == Literal(2019)
    singan = iri("paper/arxiv/1905.01164")
    assert str(ds.value(singan, NK.award)) == "BEST PAPER ICCV2019"
    assert ds.value(singan, NK.shortName) == Literal("SinGAN")


def test_struck_and_unrated_papers(default_kg):
    ds = default_kg.rdf
    struck = set(ds.subjects(NK.struck, Literal(True)))
    assert len(struck) == 3
    unrated = list(ds.subjects(NK.unrated, Literal(True)))
    assert [str(ds.value(p, NK.sourceLine)) for p in unrated] == ["100"]


def test_topic_tree_and_workshops(default_kg):
    ds = default_kg.rdf
    assert (iri("topic/modules/conv-replacements"), SKOS.broader, iri("topic/modules")) in ds
    workshops = set(ds.subjects(RDF.type, NK.Workshop))
    synthesis = iri("workshop/image-and-video-synthesis-how-why-and-what-if")
    assert synthesis in workshops and len(workshops) == 4
    # Noted twice under two headings: one node, two places, both parents.
    assert {str(o) for o in ds.objects(synthesis, NK.sourceLine)} == {"243", "286"}
    assert set(ds.objects(synthesis, SKOS.broader)) == {iri("topic/workshops"), iri("topic/early-notes")}
    assert ds.value(synthesis, NK.presentedAt) == iri("event/iccv-2019")


def test_also_line_files_earlier_papers_under_the_topic(default_kg):
    ds = default_kg.rdf
    extension = iri("topic/content-generation-generative-models-gans-style-transfer/image-extension")
    members = {str(ds.value(p, NK.shortName)) for p in ds.subjects(DCTERMS.subject, extension)}
    assert {"SinGAN", "InGAN"} <= members


def test_same_work_noted_twice_is_same_as(default_kg):
    ds = default_kg.rdf
    pairs = [(str(ds.value(a, DCTERMS.title)), str(ds.value(b, DCTERMS.title))) for a, b in ds.subject_objects(OWL.sameAs)]
    assert pairs == [("Automated Multi-Stage Compression of Neural Networks", "MUSCO: Multi-Stage Compression of neural networks")]


def test_non_papers_are_typed(default_kg):
    ds = default_kg.rdf
    assert len(set(ds.subjects(RDF.type, NK.Area))) == 15
    assert len(set(ds.subjects(RDF.type, NK.Book))) == 1
    assert len(set(ds.subjects(RDF.type, NK.Question))) == 1
    assert len(set(ds.subjects(RDF.type, NK.TalkNote))) >= 12


def test_two_files_one_paper_node_two_named_graphs(write_notes):
    a = write_notes("a.md", "## X\n- [9/10] [SinGAN: one image](https://arxiv.org/abs/1905.01164)\n")
    b = write_notes("b.md", "## Y\n- [6/10] [SinGAN](https://arxiv.org/pdf/1905.01164v2.pdf)\n")
    ds = graph.build([a, b]).rdf
    paper = iri("paper/arxiv/1905.01164")
    ratings = sorted((str(g.identifier).rsplit("/", 1)[1], int(o)) for g in ds.graphs() for o in g.objects(paper, NK.rating))
    assert ratings == [("a", 9), ("b", 6)]


def test_base_changes_data_iris(write_notes):
    notes = write_notes("a.md", "## X\n- Paper Title Here\n")
    ds = graph.build([notes], base="https://example.org/kg/").rdf
    assert (URIRef("https://example.org/kg/paper/paper-title-here"), RDF.type, NK.Paper) in ds
