"""SHACL validation: the built graph conforms; a graph broken on purpose shows the violation."""

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from test_queries import fixture_dataset

from graph.cli import cli
from graph.views.validate import Violation, load_shapes, validate_graph
from graph.vocab import DEFAULT_BASE, NK, SCHEMA

ID = DEFAULT_BASE
NOTES = URIRef(ID + "notes/fixture")
GATED = URIRef(ID + "paper/gated-scnn")


def iri(key):
    return URIRef(ID + key)


@pytest.fixture
def ds():
    return fixture_dataset()


def broken(ds, *, add=(), remove=()):
    g = ds.graph(NOTES)
    for triple in add:
        g.add(triple)
    for triple in remove:
        g.remove(triple)
    return ds


def test_the_default_notes_conform(default_kg):
    report = validate_graph(default_kg.rdf)
    assert report.conforms, report.text()
    assert report.violations == []
    assert report.summary().startswith("conforms: ")


def test_the_fixture_conforms(ds):
    report = validate_graph(ds)
    assert report.conforms, report.text()
    assert report.counts == {"triples": len(set(ds.triples((None, None, None)))), "papers": 5, "topics": 5, "evidence": 11}


def test_a_rating_out_of_range_is_a_violation(ds):
    report = validate_graph(broken(ds, add=[(GATED, NK.rating, Literal(11))]))
    assert not report.conforms
    assert report.violations == [Violation(
        focus="id:paper/gated-scnn", path="nk:rating", message="a rating is a number from 0 to 10",
        label="Gated-SCNN, line 9", value="'11'",
    )]
    assert str(report.violations[0]) == (
        "id:paper/gated-scnn (Gated-SCNN, line 9)  nk:rating  a rating is a number from 0 to 10 (value: '11')"
    )


@pytest.mark.parametrize("change, path, message", [
    ({"remove": [(GATED, DCTERMS.title, None)]}, "dcterms:title", "a paper needs a dcterms:title"),
    ({"add": [(GATED, NK.rating, Literal("8"))]}, "nk:rating", "a rating is a number from 0 to 10"),
    ({"add": [(GATED, NK.struck, Literal(False))]}, "nk:struck", "nk:struck is only stated when true"),
    ({"add": [(GATED, DCTERMS.subject, iri("concept/attention"))]}, "dcterms:subject",
     "a paper's dcterms:subject is a topic (nk:Topic)"),
    ({"add": [(GATED, NK.arxivId, Literal("not-an-id"))]}, "nk:arxivId",
     "an arXiv id looks like 1904.05049 (or hep-th/9901001)"),
    ({"remove": [(iri("topic/gans"), NK.sourceLine, None)]}, "nk:sourceLine",
     "a topic needs its 1-based line in the notes (nk:sourceLine)"),
    ({"add": [(iri("topic/gans"), SKOS.broader, GATED)]},
     "skos:broader", "a topic's parent (skos:broader) is a topic"),
    ({"add": [(GATED, NK.uses, Literal("boundaries"))]}, "nk:uses", "the object of nk:uses is a concept or a paper"),
    ({"remove": [(iri("evidence/e5"), NK.quote, None)]}, "nk:quote", "evidence needs the quoted words (nk:quote)"),
    ({"remove": [(iri("evidence/e5"), NK.rule, None)]}, "nk:rule", "evidence needs the rule that produced it (nk:rule)"),
    ({"add": [(GATED, NK.replaces, iri("concept/attention"))]}, "nk:replaces",
     "this edge has no evidence (no nk:Evidence with the same subject, predicate and object)"),
    ({"remove": [(GATED, NK.evaluatedOn, None)]}, "rdf:object", "the evidence describes an edge that is not in the graph"),
])
def test_each_kind_of_break_is_reported(ds, change, path, message):
    report = validate_graph(broken(ds, **change))
    assert not report.conforms
    assert (path, message) in {(v.path, v.message) for v in report.violations}, report.text()


def test_a_link_kept_as_text_is_only_a_warning(ds):
    report = validate_graph(broken(ds, add=[(GATED, SCHEMA.url, Literal("see the CVF site"))]))
    assert report.conforms
    assert [w.path for w in report.warnings] == ["schema:url"]
    assert report.summary().endswith("(1 warnings)")


def test_the_shapes_cover_papers_ratings_notes_topics_concepts_relations_and_evidence():
    from rdflib.namespace import RDFS, SH

    shapes = load_shapes()
    names = {str(shapes.value(s, RDFS.label)) for s in shapes.subjects(RDF.type, SH.NodeShape)}
    assert names == {"paper", "rating", "note", "topic", "concept", "relation", "evidence"}


def test_cli_validate_conforming_graph_is_one_line(runner, tmp_path):
    path = tmp_path / "g.trig"
    path.write_text(fixture_dataset().serialize(format="trig"))
    result = runner.invoke(cli, ["validate", "--graph", str(path)])
    assert result.exit_code == 0
    assert result.output.count("\n") == 1
    assert result.output.startswith("conforms: ") and "5 papers, 5 topics, 11 evidence" in result.output


def test_cli_validate_lists_violations_and_exits_1(runner, tmp_path):
    ds = broken(fixture_dataset(), add=[(GATED, NK.rating, Literal(11))])
    path = tmp_path / "g.trig"
    path.write_text(ds.serialize(format="trig"))
    result = runner.invoke(cli, ["validate", "--graph", str(path)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("does not conform: 1 violations in ")
    assert lines[1:] == [
        "  id:paper/gated-scnn (Gated-SCNN, line 9)  nk:rating  a rating is a number from 0 to 10 (value: '11')"
    ]


def test_cli_validate_default_notes(runner, tmp_path):
    from conftest import DEFAULT_NOTES

    result = runner.invoke(cli, ["validate", "--graph", str(DEFAULT_NOTES)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("conforms: ")
