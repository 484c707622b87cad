"""Every named query in queries/ runs, returns rows, and answers its question.

Relation queries are checked in detail on a small hand-written graph (FIXTURE_TRIG, built to
docs/data-model.md) and for rows on the default notes.
"""

import re

import pytest
from rdflib import Dataset

from graph.rdf.ontology import load_ontology
from graph.views.catalogue import list_queries, queries_dir, read_query
from graph.views.sparql import run_query, to_store
from graph.vocab import RELATIONS

FIXTURE_TRIG = r"""
@prefix nk: <https://w3id.org/notekg/vocab#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix id: <https://w3id.org/notekg/id/> .

id:concept\/convolution a nk:Technique, skos:Concept ; skos:prefLabel "Convolution" ;
    rdfs:label "Convolution" ; skos:altLabel "conv", "vanilla conv" .
id:concept\/octave-convolution a nk:Technique, skos:Concept ; skos:prefLabel "Octave convolution" ;
    rdfs:label "Octave convolution" ; skos:broader id:concept\/convolution .
id:concept\/boundaries a nk:Technique, skos:Concept ; skos:prefLabel "Boundaries" ; rdfs:label "Boundaries" .
id:concept\/attention a nk:Technique, skos:Concept ; skos:prefLabel "Attention" ; rdfs:label "Attention" .
id:concept\/gan-training-stability a nk:Task, skos:Concept ; skos:prefLabel "GAN training stability" ;
    rdfs:label "GAN training stability" .
id:concept\/cityscapes a nk:Dataset, skos:Concept ; skos:prefLabel "Cityscapes" ; rdfs:label "Cityscapes" .

id:notes\/fixture {
  id:notes\/fixture a nk:Notes ; rdfs:label "fixture.md" ; schema:name "fixture.md" .

  id:area\/gans a nk:Area, skos:Concept ; rdfs:label "GANs, style transfer" ; skos:prefLabel "GANs, style transfer" ;
      nk:attention "closer look" ; nk:opinion "Worth it" ; prov:wasDerivedFrom id:notes\/fixture ; nk:sourceLine 2 .
  id:topic\/modules a nk:Topic, skos:Concept ; skos:prefLabel "Modules" ; rdfs:label "Modules" ;
      prov:wasDerivedFrom id:notes\/fixture ; nk:sourceLine 3 .
  id:topic\/modules\/conv-replacements a nk:Topic, skos:Concept ; skos:prefLabel "Conv-replacements" ;
      rdfs:label "Conv-replacements" ; skos:broader id:topic\/modules ;
      prov:wasDerivedFrom id:notes\/fixture ; nk:sourceLine 4 .
  id:topic\/segmentation a nk:Topic, skos:Concept ; skos:prefLabel "Segmentation" ; rdfs:label "Segmentation" ;
      prov:wasDerivedFrom id:notes\/fixture ; nk:sourceLine 7 .
  id:topic\/gans a nk:Topic, skos:Concept ; skos:prefLabel "GANs" ; rdfs:label "GANs" ;
      prov:wasDerivedFrom id:notes\/fixture ; nk:sourceLine 12 .
  id:workshop\/synthesis a nk:Workshop, nk:Topic, skos:Concept ; skos:prefLabel "Image Synthesis" ;
      rdfs:label "Image Synthesis" ; schema:url <https://example.org/synthesis> ;
      prov:wasDerivedFrom id:notes\/fixture ; nk:sourceLine 16 .
  id:note\/talk1 a nk:TalkNote ; rdfs:label "decompose GANs by physics" ; nk:text "decompose GANs by physics" ;
      dcterms:subject id:workshop\/synthesis ; prov:wasDerivedFrom id:notes\/fixture ; nk:sourceLine 17 .

  id:paper\/arxiv\/1904.05049 a nk:Paper, schema:ScholarlyArticle ;
      rdfs:label "Drop an Octave" ; dcterms:title "Drop an Octave" ; nk:shortName "OctConv" ;
      nk:rating 10 ; nk:arxivId "1904.05049" ; schema:url <https://arxiv.org/abs/1904.05049> ;
      dcterms:subject id:topic\/modules\/conv-replacements ;
      prov:wasDerivedFrom id:notes\/fixture ; nk:sourceLine 5 ;
      nk:proposes id:concept\/octave-convolution ; nk:replaces id:concept\/convolution ;
      nk:outperforms id:concept\/convolution ; nk:uses id:concept\/attention, id:concept\/octave-convolution .
  id:paper\/gated-scnn a nk:Paper, schema:ScholarlyArticle ;
      rdfs:label "Gated-SCNN" ; dcterms:title "Gated-SCNN" ; nk:rating 8 ;
      dcterms:subject id:topic\/segmentation ;
      prov:wasDerivedFrom id:notes\/fixture ; nk:sourceLine 9 ;
      nk:uses id:concept\/boundaries, id:concept\/attention ; nk:evaluatedOn id:concept\/cityscapes .
  id:paper\/wgan-qc a nk:Paper, schema:ScholarlyArticle ;
      rdfs:label "Wasserstein GAN with quadratic transport cost" ;
      dcterms:title "Wasserstein GAN with quadratic transport cost" ;
      nk:rating 9 ; nk:award "BEST PAPER" ; dcterms:subject id:topic\/gans ;
      prov:wasDerivedFrom id:notes\/fixture ; nk:sourceLine 14 ;
      nk:improves id:concept\/gan-training-stability ; nk:uses id:concept\/attention .
  id:paper\/unrated-one a nk:Paper, schema:ScholarlyArticle ;
      rdfs:label "An unrated paper" ; dcterms:title "An unrated paper" ; nk:struck true ; nk:unrated true ;
      dcterms:subject id:topic\/segmentation ;
      prov:wasDerivedFrom id:notes\/fixture ; nk:sourceLine 10 ;
      nk:uses id:concept\/boundaries .
  id:paper\/talk-paper a nk:Paper, schema:ScholarlyArticle ;
      rdfs:label "A paper from the workshop" ; dcterms:title "A paper from the workshop" ;
      dcterms:subject id:workshop\/synthesis ; prov:wasDerivedFrom id:notes\/fixture ; nk:sourceLine 18 .

  id:evidence\/e1 a nk:Evidence ; rdf:subject id:paper\/arxiv\/1904.05049 ;
      rdf:predicate nk:proposes ; rdf:object id:concept\/octave-convolution ; nk:quote "Octave Convolution" ;
      nk:rule "title: with X" ; nk:confidence "explicit" ; nk:field "title" ; nk:sourceLine 5 .
  id:evidence\/e2 a nk:Evidence ; rdf:subject id:paper\/arxiv\/1904.05049 ;
      rdf:predicate nk:replaces ; rdf:object id:concept\/convolution ; nk:quote "drop-in replacement for vanilla conv" ;
      nk:rule "text: drop-in replacement for X" ; nk:confidence "explicit" ; nk:field "tldr" ; nk:sourceLine 5 .
  id:evidence\/e3 a nk:Evidence ; rdf:subject id:paper\/arxiv\/1904.05049 ;
      rdf:predicate nk:outperforms ; rdf:object id:concept\/convolution ; nk:quote "both faster and more accurate" ;
      nk:aspect "faster" ; nk:rule "text: faster than X" ; nk:confidence "explicit" ; nk:field "tldr" ; nk:sourceLine 5 .
  id:evidence\/e4 a nk:Evidence ; rdf:subject id:paper\/arxiv\/1904.05049 ;
      rdf:predicate nk:uses ; rdf:object id:concept\/attention ; nk:quote "attention" ;
      nk:rule "lexicon: mention" ; nk:confidence "mention" ; nk:field "comment" ; nk:sourceLine 5 .
  id:evidence\/e4b a nk:Evidence ; rdf:subject id:paper\/arxiv\/1904.05049 ;
      rdf:predicate nk:uses ; rdf:object id:concept\/octave-convolution ; nk:quote "Octave Convolution" ;
      nk:rule "lexicon: mention" ; nk:confidence "mention" ; nk:field "title" ; nk:sourceLine 5 .
  id:evidence\/e5 a nk:Evidence ; rdf:subject id:paper\/gated-scnn ;
      rdf:predicate nk:uses ; rdf:object id:concept\/boundaries ; nk:quote "Make use of boundaries" ;
      nk:rule "heading: make use of X" ; nk:confidence "heading" ; nk:field "heading" ; nk:sourceLine 8 .
  id:evidence\/e6 a nk:Evidence ; rdf:subject id:paper\/gated-scnn ;
      rdf:predicate nk:uses ; rdf:object id:concept\/attention ; nk:quote "gating attention" ;
      nk:rule "lexicon: mention" ; nk:confidence "mention" ; nk:field "comment" ; nk:sourceLine 9 .
  id:evidence\/e7 a nk:Evidence ; rdf:subject id:paper\/gated-scnn ;
      rdf:predicate nk:evaluatedOn ; rdf:object id:concept\/cityscapes ; nk:quote "cityscapes" ;
      nk:rule "lexicon: dataset" ; nk:confidence "mention" ; nk:field "comment" ; nk:sourceLine 9 .
  id:evidence\/e8 a nk:Evidence ; rdf:subject id:paper\/wgan-qc ;
      rdf:predicate nk:improves ; rdf:object id:concept\/gan-training-stability ;
      nk:quote "GAN Training Stability improvements" ; nk:rule "heading: X improvements" ; nk:confidence "heading" ; nk:field "heading" ;
      nk:sourceLine 12 .
  id:evidence\/e9 a nk:Evidence ; rdf:subject id:paper\/wgan-qc ;
      rdf:predicate nk:uses ; rdf:object id:concept\/attention ; nk:quote "attention" ;
      nk:rule "lexicon: mention" ; nk:confidence "mention" ; nk:field "comment" ; nk:sourceLine 14 .
  id:evidence\/e10 a nk:Evidence ; rdf:subject id:paper\/unrated-one ;
      rdf:predicate nk:uses ; rdf:object id:concept\/boundaries ; nk:quote "boundaries" ;
      nk:rule "lexicon: mention" ; nk:confidence "mention" ; nk:field "title" ; nk:sourceLine 10 .
}
"""


def fixture_dataset():
    """The hand-written graph with relations and evidence, ontology in the default graph."""
    ds = Dataset(default_union=True)
    ds.parse(data=FIXTURE_TRIG, format="trig")
    for triple in load_ontology():
        ds.default_graph.add(triple)
    return ds


NAMED = list_queries()
NAMES = [q.name for q in NAMED]


@pytest.fixture(scope="module")
def fixture_store():
    return to_store(fixture_dataset())


@pytest.fixture(scope="module")
def default_store(default_kg):
    return to_store(default_kg.rdf)


def rows(store, name, **params):
    return run_query(store, read_query(name), params).dicts()


def test_there_are_at_least_fifteen_named_queries():
    assert len(NAMED) >= 15
    assert queries_dir().name == "queries"


@pytest.mark.parametrize("named", NAMED, ids=NAMES)
def test_each_query_has_a_header_and_documented_parameters(named):
    text = named.path.read_text(encoding="utf-8")
    assert text.startswith("# "), "the first line is a '# one-line description'"
    assert named.description and len(named.description) < 120
    declared = {name for name, _ in named.params}
    assert all(meaning for _, meaning in named.params)
    # A parameter must be a result variable, so that Oxigraph can substitute it.
    select = re.search(r"SELECT(.*?)WHERE", text, re.S | re.I)
    assert select is not None
    for name in declared:
        assert re.search(rf"\?{name}\b", select.group(1)), f"?{name} is not in the SELECT clause"


@pytest.mark.parametrize("named", NAMED, ids=NAMES)
def test_each_query_returns_rows_on_the_fixture(named, fixture_store):
    result = run_query(fixture_store, named.path.read_text(encoding="utf-8"))
    assert result.kind == "select"
    assert len(result) > 0


@pytest.mark.parametrize("named", NAMED, ids=NAMES)
def test_each_query_returns_rows_on_the_default_notes(named, default_store):
    result = run_query(default_store, named.path.read_text(encoding="utf-8"))
    assert len(result) > 0


@pytest.mark.parametrize("named", [q for q in NAMED if q.params], ids=lambda q: q.name)
def test_each_parameter_can_be_bound(named, fixture_store):
    values = {"technique": "id:concept/attention", "paper": "id:paper/gated-scnn",
              "subject": "id:paper/gated-scnn", "predicate": "nk:uses", "object": "id:concept/boundaries",
              "confidence": "heading"}
    params = {name: values[name] for name, _ in named.params}
    assert len(run_query(fixture_store, named.path.read_text(encoding="utf-8"), params)) > 0


# --- answers on the fixture ----------------------------------------------------------------------


def test_papers_using_a_technique_across_topics(fixture_store):
    found = rows(fixture_store, "papers-using", technique="id:concept/attention")
    assert [(r["title"], r["topic"], r.get("rating")) for r in found] == [
        ("Drop an Octave", "Conv-replacements", 10),
        ("Wasserstein GAN with quadratic transport cost", "GANs", 9),
        ("Gated-SCNN", "Segmentation", 8),
    ]


def test_papers_using_a_technique_include_narrower_techniques(fixture_store):
    found = rows(fixture_store, "papers-using", technique="id:concept/convolution")
    assert [r["title"] for r in found] == ["Drop an Octave"]  # it uses octave convolution


def test_what_replaces_convolution(fixture_store):
    assert rows(fixture_store, "replaces-convolution") == [{
        "replacement": "Drop an Octave", "kind": "paper", "replaced": "Convolution",
        "quote": "drop-in replacement for vanilla conv", "source": "fixture.md:5",
    }]


def test_what_improves_gan_training_stability(fixture_store):
    found = rows(fixture_store, "improves-gan-stability")
    assert [(r["improver"], r["improved"], r["quote"]) for r in found] == [
        ("Wasserstein GAN with quadratic transport cost", "GAN training stability",
         "GAN Training Stability improvements"),
    ]


def test_every_outperforms_claim_with_evidence(fixture_store):
    assert rows(fixture_store, "outperforms") == [{
        "winner": "Drop an Octave", "loser": "Convolution", "aspect": "faster",
        "quote": "both faster and more accurate", "source": "fixture.md:5",
    }]


def test_low_confidence_edges_weakest_first(fixture_store):
    found = rows(fixture_store, "low-confidence")
    edges = {(r["from"], r.get("relation"), r["to"], r["confidence"]) for r in found}
    assert ("Gated-SCNN", "uses", "Boundaries", "heading") in edges
    assert [r["confidence"] for r in found] == sorted((r["confidence"] for r in found), key=["heading", "mention"].index)
    # A cue in the words ("drop-in replacement for") leaves the edge out of review.
    assert not any(r["to"] == "Convolution" and r.get("relation") == "replaces" for r in found)
    mentions = rows(fixture_store, "low-confidence", confidence="mention")
    assert mentions and {r["confidence"] for r in mentions} == {"mention"}


def test_top_rated_per_topic(fixture_store):
    found = rows(fixture_store, "top-rated")
    assert [(r["topic"], r["rating"], r["title"]) for r in found] == [
        ("Modules / Conv-replacements", 10, "Drop an Octave"),
        ("GANs", 9, "Wasserstein GAN with quadratic transport cost"),
        ("Segmentation", 8, "Gated-SCNN"),
    ]


def test_techniques_shared_by_most_topics(fixture_store):
    found = rows(fixture_store, "shared-techniques")
    assert (found[0]["label"], found[0]["topics"], found[0]["papers"]) == ("Attention", 3, 3)


def test_papers_with_no_link_unrated_and_struck(fixture_store):
    assert [r["title"] for r in rows(fixture_store, "no-link")] == [
        "Gated-SCNN", "An unrated paper", "Wasserstein GAN with quadratic transport cost",
        "A paper from the workshop",
    ]
    unrated = rows(fixture_store, "unrated")
    assert [(r["title"], r["marked"]) for r in unrated] == [
        ("An unrated paper", True), ("A paper from the workshop", False),
    ]
    assert [r["title"] for r in rows(fixture_store, "struck")] == ["An unrated paper"]


def test_topic_tree_is_indented_in_notes_order(fixture_store):
    found = rows(fixture_store, "topic-tree")
    assert [(r["topic"], r["papers"]) for r in found] == [
        ("Modules", 0), ("  Conv-replacements", 1), ("Segmentation", 2), ("GANs", 1), ("Image Synthesis", 1),
    ]


def test_technique_cooccurrence(fixture_store):
    found = {(r["first"], r["second"]): r["papers"] for r in rows(fixture_store, "cooccurrence")}
    assert found[("Attention", "Boundaries")] == 1
    assert ("Boundaries", "Attention") not in found


def test_best_paper_awards(fixture_store):
    assert rows(fixture_store, "awards") == [{
        "award": "BEST PAPER", "title": "Wasserstein GAN with quadratic transport cost", "rating": 9, "topic": "GANs",
    }]


def test_evidence_for_one_edge(fixture_store):
    found = rows(fixture_store, "evidence", subject="id:paper/gated-scnn", predicate="nk:uses",
                 object="id:concept/boundaries")
    assert [(r["from"], r["relation"], r["to"], r["quote"], r["rule"], r["source"]) for r in found] == [
        ("Gated-SCNN", "uses", "Boundaries", "Make use of boundaries", "heading: make use of X", "fixture.md:8"),
    ]


def test_papers_similar_to_a_given_one(fixture_store):
    found = rows(fixture_store, "similar", paper="id:paper/gated-scnn")
    assert [(r["similar"], r["shared"], r["in_common"]) for r in found] == [
        ("An unrated paper", 1, "Boundaries"),
        ("Drop an Octave", 1, "Attention"),
        ("Wasserstein GAN with quadratic transport cost", 1, "Attention"),
    ]


def test_per_topic_summary(fixture_store):
    found = rows(fixture_store, "topic-summary")
    assert found[0] == {"topic": "Segmentation", "papers": 2, "rated": 1, "mean": 8, "best": 8}
    assert {"topic": "Image Synthesis", "papers": 1, "rated": 0} in found


def test_relations_count_edges_and_evidence(fixture_store):
    found = {r["relation"]: (r["edges"], r["evidenced"]) for r in rows(fixture_store, "relations")}
    assert len(found) == len(RELATIONS)
    assert found["uses"] == (6, 6) and found["related to"] == (0, 0)


def test_areas_and_workshops(fixture_store):
    assert rows(fixture_store, "areas") == [{
        "area": "GANs, style transfer", "attention": "closer look", "opinion": "Worth it", "source": "fixture.md:2",
    }]
    assert rows(fixture_store, "workshops") == [{
        "workshop": "Image Synthesis", "notes": 1, "papers": 1, "url": "https://example.org/synthesis",
    }]


def test_techniques_with_their_relations(fixture_store):
    found = {r["label"]: (r["type"], r["papers"]) for r in rows(fixture_store, "techniques")}
    assert found["Attention"] == ("Technique", 3)
    assert found["Cityscapes"] == ("Dataset", 1)
    assert found["GAN training stability"] == ("Task", 1)


# --- answers on the default notes ----------------------------------------------------------------


def test_default_notes_answers(default_store):
    assert ("BEST PAPER ICCV2019", "SinGAN: Learning a Generative Model from a Single Natural Image") in {
        (r["award"], r["title"]) for r in rows(default_store, "awards")
    }
    assert len(rows(default_store, "struck")) == 3
    unrated = {r["title"]: r["marked"] for r in rows(default_store, "unrated")}
    assert unrated["Convex Shape Prior for Multi-object Segmentation Using a Single Level Set Function"] is True
    tree = [r["topic"] for r in rows(default_store, "topic-tree")]
    assert tree[:4] == ["Intro", "Augmentation", "Modules", "  Conv-replacements"]
    top = rows(default_store, "top-rated")
    assert {"topic": "Modules / Conv-replacements", "rating": 10,
            "title": "Drop an Octave: Reducing Spatial Redundancy in Convolutional Neural Networks with Octave Convolution"} in top


def test_default_notes_relation_answers(default_store):
    replacing = {r["replacement"] for r in rows(default_store, "replaces-convolution")}
    assert any(title.startswith("Drop an Octave") for title in replacing)
    improving = {r["improver"] for r in rows(default_store, "improves-gan-stability")}
    assert "Wassershtein GAN with quadratic transport cost" in improving
    assert rows(default_store, "outperforms")
