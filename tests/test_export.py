"""RDF exports: every format is deterministic and re-parses, with rdflib and with pyoxigraph, to the built graph."""

import json
import random

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from test_queries import fixture_dataset

from graph.cli import cli
from graph.errors import NotekgError
from graph.views.export import RDF_FORMATS, export_graph, load_context, serialize_graph
from graph.terms import to_oxigraph as _ox
from graph.vocab import DEFAULT_BASE, NK

OXIGRAPH = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
            "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}
RDFLIB = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld", "xml": "xml"}
NAMED = [fmt for fmt, syntax in RDF_FORMATS.items() if syntax.named_graphs]


def canonical(quads, named):
    """Sorted canonical N-Quads lines (N-Triples for formats without named graphs), via Oxigraph terms."""
    lines = set()
    for s, p, o, g in quads:
        if named:
            lines.add(str(ox.Quad(s, p, o, g)))
        else:
            lines.add(str(ox.Triple(s, p, o)))
    return sorted(lines)


def from_rdflib(ds):
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        graph = ox.DefaultGraph() if name is None or name == DATASET_DEFAULT_GRAPH_ID else _ox(name)
        yield _ox(s), _ox(p), _ox(o), graph


def reparsed_by_oxigraph(text, fmt):
    store = ox.Store()
    store.load(text.encode("utf-8"), format=OXIGRAPH[fmt])
    return [(q.subject, q.predicate, q.object, q.graph_name) for q in store]


def reparsed_by_rdflib(text, fmt):
    ds = Dataset()
    ds.parse(data=text, format=RDFLIB[fmt])
    return list(from_rdflib(ds))


@pytest.fixture(scope="module", params=["default-notes", "fixture"])
def kg_and_quads(request, default_kg):
    rdf = default_kg.rdf if request.param == "default-notes" else fixture_dataset()
    return rdf, list(from_rdflib(rdf))


@pytest.mark.parametrize("fmt", list(RDF_FORMATS))
def test_round_trips_through_rdflib_and_oxigraph(kg_and_quads, fmt):
    rdf, quads = kg_and_quads
    named = RDF_FORMATS[fmt].named_graphs
    expected = canonical(quads, named)
    text = serialize_graph(rdf, fmt)
    assert canonical(reparsed_by_oxigraph(text, fmt), named) == expected
    assert canonical(reparsed_by_rdflib(text, fmt), named) == expected


@pytest.mark.parametrize("fmt", NAMED)
def test_named_graphs_are_kept(fmt):
    text = serialize_graph(fixture_dataset(), fmt)
    names = {str(g) for *_, g in reparsed_by_oxigraph(text, fmt)}
    assert names == {"DEFAULT", f"<{DEFAULT_BASE}notes/fixture>"}


@pytest.fixture(scope="module")
def shuffled(default_kg):
    """The default graph rebuilt with its quads in another order."""
    quads = list(default_kg.rdf.quads((None, None, None, None)))
    random.Random(4).shuffle(quads)
    ds = Dataset(default_union=True)
    for prefix, namespace in default_kg.rdf.namespaces():
        ds.bind(prefix, namespace, override=True, replace=True)
    for s, p, o, g in quads:
        target = ds.default_graph if g == DATASET_DEFAULT_GRAPH_ID else ds.graph(g)
        target.add((s, p, o))
    return ds


@pytest.mark.parametrize("fmt", list(RDF_FORMATS))
def test_exports_are_deterministic_whatever_the_insertion_order(default_kg, shuffled, fmt):
    assert serialize_graph(default_kg.quads(), fmt) == serialize_graph(shuffled, fmt)


def test_turtle_reads_well_with_prefixes_bound(default_kg):
    text = serialize_graph(default_kg.quads(), "ttl")
    for prefix in ("nk", "rdfs", "skos", "dcterms", "schema", "prov"):
        assert f"@prefix {prefix}: <" in text
    assert "a nk:Paper" in text or "nk:Paper" in text
    assert "nk:rating 10" in text


def test_n_quads_go_graph_by_graph_each_block_sorted(default_kg):
    lines = serialize_graph(default_kg.quads(), "nq").splitlines()
    in_notes = [line.endswith(" <https://w3id.org/notekg/id/notes/iccv2019> .") for line in lines]
    first = in_notes.index(True)
    default, named = lines[:first], lines[first:]
    assert all(in_notes[first:])  # the default graph's block first, then the notes file's
    assert default == sorted(default) and named == sorted(named) and len(lines) == len(set(lines))
    assert serialize_graph(default_kg.statements(), "nq") == "\n".join(lines) + "\n"


def test_jsonld_has_the_compact_context(default_kg):
    document = json.loads(serialize_graph(default_kg.quads(), "jsonld"))
    assert document["@context"] == load_context()
    paper = next(
        node for graph in document["@graph"] if "@graph" in graph for node in graph["@graph"]
        if node["@id"] == "id:paper/arxiv/1904.05049"
    )
    assert paper["rating"] == "10"
    assert paper["@type"] == ["schema:ScholarlyArticle", "nk:Paper"]
    assert paper["url"] == "https://arxiv.org/abs/1904.05049"
    assert paper["title"].startswith("Drop an Octave")


def test_context_file_names_every_vocabulary_term():
    from graph.rdf.ontology import vocabulary_terms

    context = load_context()
    expanded = {value if isinstance(value, str) else value["@id"] for value in context.values()}
    assert {f"nk:{str(t).split('#')[1]}" for t in vocabulary_terms()} <= expanded


@pytest.mark.parametrize("fmt", ["nt", "nq", "ttl"])
def test_blank_nodes_are_refused(fmt):
    g = Graph()
    g.add((BNode(), NK.rating, Literal(1)))
    with pytest.raises(NotekgError, match="blank nodes"):
        serialize_graph(g, fmt)


def test_n_quads_in_pieces_are_each_graphs_sorted_lines_once():
    # Subjects whose IRIs start alike ("urn:a" and "urn:a-b", "urn:a/c"), literals that begin
    # alike ("x", "x"@en, "x"^^...), a statement twice; the default graph's block comes first.
    from rdflib import URIRef

    from graph.rdf.write import nquads_chunks

    a, ab, ac, p, g, h = (URIRef(f"urn:{name}") for name in ("a", "a-b", "a/c", "p", "g", "h"))
    quads = [(a, p, Literal("x"), g), (ab, p, a, None), (ac, p, Literal(2), g), (a, p, ab, None),
             (a, p, Literal("x"), g), (ab, p, Literal("x", lang="en"), g), (a, p, Literal("x"), h),
             (ab, p, Literal("x", datatype=p), g)]
    pieces = list(nquads_chunks(quads, chunk_size=1))
    assert len(pieces) == 7 and all(piece.endswith(" .\n") for piece in pieces)
    assert "".join(pieces).splitlines() == [
        "<urn:a-b> <urn:p> <urn:a> .",
        "<urn:a> <urn:p> <urn:a-b> .",
        '<urn:a-b> <urn:p> "x"@en <urn:g> .',
        '<urn:a-b> <urn:p> "x"^^<urn:p> <urn:g> .',
        '<urn:a/c> <urn:p> "2"^^<http://www.w3.org/2001/XMLSchema#integer> <urn:g> .',
        '<urn:a> <urn:p> "x" <urn:g> .',
        '<urn:a> <urn:p> "x" <urn:h> .',
    ]


def test_export_to_a_path_replaces_the_file_atomically(tmp_path):
    target = tmp_path / "graph.trig"
    target.write_text("old")
    assert export_graph(fixture_dataset(), "trig", target) is None
    assert target.read_text() == serialize_graph(fixture_dataset(), "trig")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.trig"]


def test_unknown_format():
    with pytest.raises(NotekgError, match="unknown export format 'rdf'"):
        export_graph(fixture_dataset(), "rdf")


# --- command line ------------------------------------------------------------------------------


@pytest.fixture
def graph_file(tmp_path):
    path = tmp_path / "g.nq"
    path.write_text(serialize_graph(fixture_dataset(), "nq"))
    return path


@pytest.mark.parametrize("fmt", list(RDF_FORMATS))
def test_cli_export_to_stdout(runner, graph_file, fmt):
    result = runner.invoke(cli, ["export", "--format", fmt, "--graph", str(graph_file)])
    assert result.exit_code == 0, result.output
    assert result.output == serialize_graph(fixture_dataset(), fmt)


def test_cli_export_to_a_file(runner, graph_file, tmp_path):
    out = tmp_path / "out.jsonld"
    result = runner.invoke(cli, ["export", "-f", "jsonld", "-o", str(out), "-g", str(graph_file)])
    assert result.exit_code == 0
    assert result.output == f"wrote {out}\n"
    assert out.read_text() == serialize_graph(fixture_dataset(), "jsonld")


def test_cli_html_options_only_apply_to_html(runner, graph_file):
    result = runner.invoke(cli, ["export", "-f", "ttl", "--focus", "Gated-SCNN", "-g", str(graph_file)])
    assert result.exit_code == 2
    assert result.output.endswith("Error: --focus, --depth, --topic and --min-rating only apply to --format html\n")


def test_cli_csv_needs_a_folder(runner, graph_file):
    result = runner.invoke(cli, ["export", "-f", "csv", "-g", str(graph_file)])
    assert result.exit_code == 2
    assert result.output.endswith("Error: --format csv writes nodes.csv and edges.csv: give a folder with -o\n")


@pytest.mark.parametrize("fmt, name", [("graphml", "g.graphml"), ("gexf", "g.gexf"), ("json", "g.json"),
                                       ("csv", "csv"), ("html", "g.html")])
def test_cli_network_formats_are_handed_over(runner, write_notes, tmp_path, fmt, name):
    notes = write_notes("n.md", "## Segmentation\n- [8/10][Make use of boundaries] [Gated-SCNN: Gated Shape CNN](https://arxiv.org/abs/1907.05740)\n")
    out = tmp_path / name
    result = runner.invoke(cli, ["export", "-f", fmt, "-o", str(out), "-g", str(notes)])
    assert result.exit_code == 0, result.output
    assert out.exists()


def test_cli_html_with_focus(runner, tmp_path):
    from conftest import DEFAULT_NOTES

    out = tmp_path / "gated.html"
    result = runner.invoke(cli, ["export", "-f", "html", "--focus", "Gated-SCNN", "--depth", "1",
                                 "--min-rating", "5", "-o", str(out), "-g", str(DEFAULT_NOTES)])
    assert result.exit_code == 0, result.output
    assert "Gated-SCNN" in out.read_text()


def test_a_builds_turtle_and_n_quads_sorted_once_are_the_same_bytes():
    # A build sorts each graph's lines once for both files: the same subject and the same
    # statement in two graphs, IRIs and literals that begin alike, the default graph beside them.
    from rdflib import URIRef

    from graph.rdf.write import nquads_chunks, nquads_of_sorted, sorted_graphs, statements_text, turtle, turtle_of_sorted

    a, ab, ac, p, g, h = (URIRef(f"urn:{name}") for name in ("a", "a-b", "a/c", "p", "g", "h"))
    statements = statements_text([
        (a, p, Literal("x"), g), (ab, p, a, None), (ac, p, Literal(2), g), (a, p, ab, None), (a, p, Literal("x"), h),
        (ab, p, Literal("x", lang="en"), g), (ab, p, Literal("x", datatype=p), h), (a, p, ab, h), (ac, NK.rating, Literal(9), None)])
    graphs = sorted_graphs(statements)
    assert "".join(nquads_of_sorted(graphs, chunk_size=1)) == "".join(nquads_chunks(statements))
    assert turtle_of_sorted(graphs) == turtle(statements)
    only_default = {"": statements[""]}
    assert turtle_of_sorted(sorted_graphs(only_default)) == turtle(only_default)
