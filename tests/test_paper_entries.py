"""What a paper entry carries, in the graph: the rating as written and out of 10, a verdict,
authors in order, venue, year and nickname; and every consumer reads ratings on any scale."""

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import SKOS

from graph.extract.facts import extract_facts
from graph.knowledge_graph import KnowledgeGraph
from graph.parse.notes import Heading, Notes, PaperEntry
from graph.parse.ratings import parse_rating, verdict
from graph.rdf.datasets import model_quads
from graph.views.graphfiles import graph_file_text
from graph.views.page import render_page
from graph.views.show import format_card, node_card
from graph.views.validate import validate_graph
from graph.vocab import DEFAULT_BASE, NK, SCHEMA

ID = DEFAULT_BASE
QUERIES = Path(__file__).resolve().parent.parent / "queries"
NOTES_A = URIRef(ID + "notes/reading")


def iri(key):
    return URIRef(ID + key)


def entry(line, title, file="reading.md", **fields):
    return PaperEntry(file, line, title, ("Generative models",), **fields)


def notes(*entries, file="reading.md"):
    return Notes(file, entries=[Heading(file, 1, 2, "Generative models", ("Generative models",)), *entries])


def kg_of(*parsed):
    facts = extract_facts(list(parsed))
    return KnowledgeGraph(None, parsed, facts, quads=model_quads(facts))


STYLE = entry(
    3, "A Style-Based Generator Architecture for GANs", rating=parse_rating("★★★★☆"),
    authors=("Jane Doe", "Alan Roe", "Mia Poe"), venue="CVPR", year=2019, nickname="StyleNet",
    arxiv_id="1812.04948", url="https://arxiv.org/abs/1812.04948",
)
THIRDS = entry(4, "Learning on Two Thirds", rating=parse_rating("2/3"))
MAYBE = entry(5, "A Paper I Am Unsure About", rating=verdict("Maybe"))
NO_SCALE = entry(6, "Rated Without a Scale", rating=parse_rating("Rating: 4"))
TEN = entry(7, "Rated Out of Ten", rating=parse_rating("[9/10]"))
UNRATED = entry(8, "Not Rated At All")


@pytest.fixture(scope="module")
def kg():
    return kg_of(notes(STYLE, THIRDS, MAYBE, NO_SCALE, TEN, UNRATED))


def graph_of(kg):
    return kg.rdf.graph(NOTES_A)


def test_a_rating_keeps_how_it_was_written_with_its_scale_and_a_value_out_of_ten(kg):
    g = graph_of(kg)
    paper = iri("paper/arxiv/1812.04948")
    rating = g.value(paper, SCHEMA.reviewRating)
    assert str(rating).startswith(ID + "rating/")
    assert set(g.predicate_objects(rating)) == {
        (RDF.type, SCHEMA.Rating),
        (RDFS.label, Literal("★★★★☆")),
        (SCHEMA.ratingValue, Literal(4, datatype=XSD.integer)),
        (SCHEMA.bestRating, Literal(5, datatype=XSD.integer)),
    }
    assert g.value(paper, NK.rating) == Literal(8, datatype=XSD.integer)


def test_a_rating_that_is_not_whole_out_of_ten_is_a_decimal(kg):
    g = graph_of(kg)
    paper = iri("paper/learning-on-two-thirds")
    assert g.value(paper, NK.rating) == Literal(Decimal("6.67"), datatype=XSD.decimal)
    rating = g.value(paper, SCHEMA.reviewRating)
    assert (g.value(rating, SCHEMA.ratingValue), g.value(rating, SCHEMA.bestRating)) == (Literal(2), Literal(3))


def test_a_verdict_is_a_label_not_a_number(kg):
    g = graph_of(kg)
    paper = iri("paper/a-paper-i-am-unsure-about")
    assert list(g.objects(paper, NK.verdict)) == [Literal("maybe")]
    assert g.value(paper, NK.rating) is None and g.value(paper, SCHEMA.reviewRating) is None


def test_a_rating_without_a_scale_is_kept_as_written_but_not_put_out_of_ten(kg):
    g = graph_of(kg)
    paper = iri("paper/rated-without-a-scale")
    rating = g.value(paper, SCHEMA.reviewRating)
    assert g.value(rating, SCHEMA.ratingValue) == Literal(4)
    assert g.value(rating, SCHEMA.bestRating) is None
    assert g.value(paper, NK.rating) is None


def test_authors_in_order_venue_year_and_nickname(kg):
    g = graph_of(kg)
    paper = iri("paper/arxiv/1812.04948")
    assert set(g.objects(paper, SCHEMA.author)) == {Literal("Jane Doe"), Literal("Alan Roe"), Literal("Mia Poe")}
    assert g.value(paper, NK.authorList) == Literal("Jane Doe; Alan Roe; Mia Poe")
    assert g.value(paper, NK.venue) == Literal("CVPR")
    assert g.value(paper, SCHEMA.datePublished) == Literal("2019", datatype=XSD.gYear)
    # The note-taker's nickname is the paper's short name and an alias.
    assert g.value(paper, NK.shortName) == Literal("StyleNet")
    assert Literal("StyleNet") in set(g.objects(paper, SKOS.altLabel))


def test_n_quads_are_byte_identical_across_builds():
    first = kg_of(notes(STYLE, THIRDS, MAYBE)).export("nq")
    again = kg_of(notes(STYLE, THIRDS, MAYBE)).export("nq")
    assert first == again
    assert "_:" not in first  # no blank nodes: the rating node has an IRI


def test_two_files_rating_one_paper_keep_each_rating_in_its_own_graph():
    other = entry(2, STYLE.title, file="other.md", rating=parse_rating("3/5"), arxiv_id="1812.04948")
    kg = kg_of(notes(STYLE), notes(other, file="other.md"))
    paper = iri("paper/arxiv/1812.04948")
    by_file = {
        str(g.identifier).rsplit("/", 1)[1]: (g.value(paper, NK.rating), str(g.value(g.value(paper, SCHEMA.reviewRating), RDFS.label)))
        for g in kg.rdf.graphs() if g.value(paper, NK.rating) is not None
    }
    assert by_file == {"reading": (Literal(8), "★★★★☆"), "other": (Literal(6), "3/5")}


def test_the_graph_conforms_to_the_shapes(kg):
    report = validate_graph(kg.rdf)
    assert report.conforms, report.text()


def test_a_rating_above_its_scale_is_a_violation():
    ds = kg_of(notes(THIRDS)).rdf
    rating = ds.value(iri("paper/learning-on-two-thirds"), SCHEMA.reviewRating)
    ds.graph(NOTES_A).set((rating, SCHEMA.ratingValue, Literal(4)))
    report = validate_graph(ds)
    assert [(v.path, v.message) for v in report.violations] == [
        ("schema:ratingValue", "a rating's value is not above its scale")
    ]


def test_the_network_and_the_page_read_decimal_ratings_and_verdicts(kg):
    G = kg.nx
    assert G.nodes[str(iri("paper/learning-on-two-thirds"))]["rating"] == 6.67
    assert G.nodes[str(iri("paper/rated-out-of-ten"))]["rating"] == 9
    assert G.nodes[str(iri("paper/a-paper-i-am-unsure-about"))]["verdict"] == "maybe"
    data = json.loads(re.search(r'id="notekg-data">(.*?)</script>', render_page(kg.nx), re.S).group(1))
    by_name = {n["name"]: n for n in data["nodes"]}
    assert by_name["Learning on Two Thirds"]["rating"] == 6.67
    assert by_name["Learning on Two Thirds"]["size"] == 23.3
    assert by_name["A Paper I Am Unsure About"]["verdict"] == "maybe"


def test_graph_files_give_the_rating_one_type(kg):
    graphml = graph_file_text(kg.nx, "graphml")
    assert graphml.count('attr.name="rating"') == 1 and 'attr.name="rating" attr.type="double"' in graphml
    gexf = graph_file_text(kg.nx, "gexf")
    assert gexf.count('title="rating"') == 1 and 'title="rating" type="double"' in gexf


def test_the_card_shows_the_rating_as_written_and_what_the_entry_says(kg):
    assert format_card(node_card(kg.rdf, "StyleNet")).splitlines()[2:9] == [
        "type        Paper",
        "aliases     StyleNet",
        "rating      8/10",
        "as written  ★★★★☆ (4 of 5)",
        "authors     Jane Doe; Alan Roe; Mia Poe",
        "venue       CVPR",
        "year        2019",
    ]
    assert "as written  Rating: 4 (4, no scale)" in format_card(node_card(kg.rdf, "Rated Without a Scale"))
    assert "verdict  maybe" in format_card(node_card(kg.rdf, "A Paper I Am Unsure About"))
    topic = format_card(node_card(kg.rdf, "Generative models"))
    assert "  Learning on Two Thirds (6.67/10)" in topic and "  Rated Out of Ten (9/10)" in topic


def test_queries_sort_and_filter_ratings_on_every_scale(kg):
    rows = kg.query(
        "SELECT ?title ?r WHERE { ?p a nk:Paper ; rdfs:label ?title ; nk:rating ?r } ORDER BY DESC(?r)"
    ).dicts()
    assert [(r["title"], float(r["r"])) for r in rows] == [
        ("Rated Out of Ten", 9.0),
        ("A Style-Based Generator Architecture for GANs", 8.0),
        ("Learning on Two Thirds", 6.67),
    ]
    unrated = (QUERIES / "unrated.rq").read_text()
    assert [r["title"] for r in kg.query(unrated).dicts()] == ["Not Rated At All"]
    top = (QUERIES / "top-rated.rq").read_text()
    assert [(r["title"], float(r["rating"])) for r in kg.query(top).dicts()] == [("Rated Out of Ten", 9.0)]


def test_jsonld_keeps_a_decimal_rating_typed():
    document = json.loads(kg_of(notes(THIRDS)).export("jsonld"))
    paper = next(
        node for graph in document["@graph"] if "@graph" in graph for node in graph["@graph"]
        if node["@id"] == "id:paper/learning-on-two-thirds"
    )
    assert paper["nk:rating"] == {"@value": "6.67", "@type": "xsd:decimal"}


def test_default_notes_ratings_stay_whole_numbers_out_of_ten(default_kg):
    ratings = {o for o in default_kg.rdf.objects(None, NK.rating)}
    assert ratings and all(r.datatype == XSD.integer for r in ratings)
    assert all(
        default_kg.rdf.value(r, SCHEMA.bestRating) == Literal(10)
        for r in default_kg.rdf.objects(None, SCHEMA.reviewRating)
    )
