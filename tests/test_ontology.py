"""The ontology (graph/data/ontology.ttl) declares exactly the terms of graph.vocab.NK, fully."""

import pytest
from rdflib import OWL, RDF, RDFS, BNode, URIRef
from rdflib.namespace import PROV, SKOS

from graph.rdf.ontology import load_ontology, ontology_terms, vocabulary_terms
from graph.vocab import NK, RELATIONS, SCHEMA

ONTO = load_ontology()
TERMS = sorted(vocabulary_terms())
KINDS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}


def test_the_ontology_declares_exactly_the_vocabulary():
    assert ontology_terms() - vocabulary_terms() == set(), "described in ontology.ttl but not in NK"
    assert vocabulary_terms() - ontology_terms() == set(), "in NK but not described in ontology.ttl"


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.split("#")[1])
def test_each_term_is_typed_labelled_and_commented(term):
    kinds = set(ONTO.objects(term, RDF.type)) & KINDS
    assert len(kinds) == 1
    assert ONTO.value(term, RDFS.label) is not None
    assert len(str(ONTO.value(term, RDFS.comment) or "")) > 10
    if OWL.Class not in kinds:
        assert ONTO.value(term, RDFS.domain) is not None
        assert ONTO.value(term, RDFS.range) is not None


@pytest.mark.parametrize("sub, sup", [
    (NK.Paper, SCHEMA.ScholarlyArticle),
    (NK.Topic, SKOS.Concept),
    (NK.Workshop, NK.Topic),
    (NK.Workshop, SCHEMA.Event),
    (NK.Technique, SKOS.Concept),
    (NK.Task, SKOS.Concept),
    (NK.Dataset, SKOS.Concept),
    (NK.Evidence, RDF.Statement),
    (NK.Evidence, PROV.Entity),
    (NK.Notes, PROV.Entity),
    (NK.TalkNote, NK.Note),
])
def test_subclass_links_to_standard_vocabularies(sub, sup):
    assert (sub, RDFS.subClassOf, sup) in ONTO


def test_relation_labels_are_the_edge_labels():
    labels = {str(r).split("#")[1]: str(ONTO.value(r, RDFS.label)) for r in RELATIONS}
    assert labels == {
        "proposes": "proposes", "uses": "uses", "replaces": "replaces", "improves": "improves",
        "outperforms": "outperforms", "addresses": "addresses", "evaluatedOn": "evaluated on",
        "relatedTo": "related to",
    }
    assert all((r, RDF.type, OWL.ObjectProperty) in ONTO for r in RELATIONS)


def test_datatypes_of_the_note_takers_view():
    from rdflib.namespace import XSD

    assert ONTO.value(NK.rating, RDFS.range) == XSD.integer
    assert ONTO.value(NK.struck, RDFS.range) == XSD.boolean
    assert ONTO.value(NK.sourceLine, RDFS.range) == XSD.integer


def test_no_blank_nodes_so_exports_stay_deterministic():
    assert not any(isinstance(term, BNode) for triple in ONTO for term in triple)


def test_it_is_an_owl_ontology_with_prefixes_bound():
    assert (URIRef("https://w3id.org/notekg/vocab"), RDF.type, OWL.Ontology) in ONTO
    assert dict(ONTO.namespaces())["nk"] == URIRef(str(NK._NS))


def test_each_call_returns_a_fresh_copy():
    first = load_ontology()
    first.remove((None, None, None))
    assert len(load_ontology()) == len(ONTO) > 0


def test_the_built_graph_carries_the_ontology_in_its_default_graph(default_kg):
    default = default_kg.rdf.default_graph
    assert set(ONTO) <= set(default)


# --- the domain table (graph/domain.py) says the same as the ontology ---------------------------

from graph.domain import NODE_TYPES, RELATION_TYPES  # noqa: E402

_LOCAL = {OWL.Thing: "Thing", SKOS.Concept: "Concept"}


def _local(term):
    return _LOCAL.get(term) or str(term).split("#")[1]


def test_the_node_types_are_the_ontologys_classes():
    classes = {_local(c) for c in ONTO.subjects(RDF.type, OWL.Class) if str(c).startswith(str(NK._NS))}
    assert {t.name for t in NODE_TYPES} == classes


def test_a_subclass_wins_over_its_class():
    rank = {t.name: t.rank for t in NODE_TYPES}
    for sub, sup in ONTO.subject_objects(RDFS.subClassOf):
        if _local(sub) in rank and str(sup).startswith(str(NK._NS)):
            assert rank[_local(sub)] < rank[_local(sup)], (sub, sup)


@pytest.mark.parametrize("relation", RELATION_TYPES, ids=lambda r: r.name)
def test_each_relation_has_the_ontologys_label_domain_and_range(relation):
    term = NK[relation.name]
    assert (term, RDF.type, OWL.ObjectProperty) in ONTO
    assert str(ONTO.value(term, RDFS.label)) == relation.label
    assert _local(ONTO.value(term, RDFS.domain)) == relation.domain
    assert _local(ONTO.value(term, RDFS.range)) == relation.range
    symmetric = (term, RDF.type, OWL.SymmetricProperty) in ONTO
    assert (relation.inverse == relation.label) == symmetric
