"""The network view read from N-Quads by Oxigraph is the graph rdflib's reading gives.

``kg.nx`` and the page of a build come from :func:`network_from_nquads`; the commands that load
RDF into rdflib use :func:`to_networkx`. Both must give the same nodes, attributes (types
included), edges and order, on the default notes and on notes of every style.
"""

from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, XSD

from graph import build_graph
from graph.cli import cli
from graph.rdf.read import read_dataset
from graph.views.export import serialize_chunks
from graph.views.network import network_from_nquads, plain_network_from_statements, to_networkx
from graph.vocab import NK

NOTES = Path(__file__).parent / "notes"
FIXTURES = sorted(NOTES.glob("style_*.md")) + sorted(NOTES.glob("styles/*.md"))[:4] + sorted(NOTES.glob("shapes/*.md"))[:6]


def snapshot(G):
    """Everything a reader of the graph sees, with the exact type of every value."""
    def typed(value):
        if isinstance(value, list):
            return ("list", tuple(typed(v) for v in value))
        return (type(value).__name__, value)

    nodes = [(n, type(n).__name__, sorted((k, typed(v)) for k, v in data.items())) for n, data in G.nodes(data=True)]
    edges = [(u, v, k, sorted((a, typed(b)) for a, b in data.items())) for u, v, k, data in G.edges(keys=True, data=True)]
    return nodes, edges


def assert_same(G, H):
    nodes_g, edges_g = snapshot(G)
    nodes_h, edges_h = snapshot(H)
    assert nodes_g == nodes_h
    assert edges_g == edges_h


def test_default_notes_view_is_the_rdflib_projection(default_kg):
    from_rdflib = to_networkx(default_kg.rdf)
    assert from_rdflib.number_of_nodes() > 300 and from_rdflib.number_of_edges() > 500
    assert any("evidence" in data and "confidence" in data for _, _, data in from_rdflib.edges(data=True))
    assert_same(default_kg.nx, from_rdflib)


@pytest.mark.parametrize("notes", FIXTURES, ids=lambda p: p.name)
def test_fixture_views_agree(notes):
    kg = build_graph([notes])
    from_quads = network_from_nquads(serialize_chunks(kg.quads(), "nq"))
    assert_same(from_quads, to_networkx(kg.rdf))
    # the page of a build reads the model's text as it is
    assert_same(plain_network_from_statements(kg.statements()), from_quads)


def test_the_page_network_from_the_model_text_is_the_rdflib_projection(default_kg):
    assert_same(plain_network_from_statements(default_kg.statements()), to_networkx(default_kg.rdf))


def test_built_graph_file_reads_the_same(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(NOTES / "style_relations.md"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    from_file = network_from_nquads(out / "graph.nq")
    assert from_file.number_of_edges() > 0
    assert_same(from_file, to_networkx(read_dataset(out / "graph.nq")))
    assert_same(from_file, network_from_nquads((out / "graph.nq").read_text(encoding="utf-8")))


def test_typed_literals_read_as_rdflib_reads_them():
    """Ratings, lines and struck flags in other datatypes than the build writes."""
    ds = Dataset(default_union=True)
    g = ds.graph(URIRef("urn:notes"))
    for name, rating, struck in (("a", Literal("4.5", datatype=XSD.decimal), Literal(False)),
                                 ("b", Literal("7"), Literal("true", datatype=XSD.boolean)),
                                 ("c", Literal("x", datatype=XSD.integer), Literal("no"))):
        paper = URIRef(f"urn:paper/{name}")
        g.add((paper, RDF.type, NK.Paper))
        g.add((paper, NK.rating, rating))
        g.add((paper, NK.struck, struck))
        g.add((paper, NK.sourceLine, Literal(3, datatype=XSD.int)))
    text = "".join(serialize_chunks(ds, "nq"))
    from_quads = network_from_nquads(text)
    assert dict(from_quads.nodes(data="rating")) == {"urn:paper/a": 4.5, "urn:paper/b": 7, "urn:paper/c": None}
    assert dict(from_quads.nodes(data="struck")) == {"urn:paper/a": False, "urn:paper/b": True, "urn:paper/c": True}
    assert_same(from_quads, to_networkx(ds))
