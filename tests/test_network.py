"""The networkx view: projection from RDF, analyses, graph files, and the commands that use them.

Most tests run on a small RDF dataset written here by hand after docs/data-model.md (two notes
files, evidence statements, a workshop, an area, an event that the view leaves out), so they do
not depend on what the extractor finds; a few run on the default notes.
"""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import XSD, Dataset, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from graph.rdf.datasets import default_graph

from graph.cli import cli
from graph.errors import OutputNotWritable, UnknownName
from graph.views.graphfiles import GRAPH_FORMATS, flatten_graph, write_graph_file
from graph.views.analyses import central_nodes, find_communities, shortest_path_explained, similar_papers
from graph.views.network import NODE_TYPES, select_subgraph, to_networkx
from graph.views.reports import format_path
from graph.views.resolve import resolve_name
from graph.vocab import NK, SCHEMA

ROOT = Path(__file__).resolve().parent.parent
ID = Namespace("https://w3id.org/notekg/id/")
NOTES_A, NOTES_B = ID["notes/a"], ID["notes/b"]
GATED, BAFP, OCTCONV = ID["paper/arxiv/1907.05740"], ID["paper/bafp"], ID["paper/arxiv/1904.05049"]
WGAN, SINGAN, MUSCO, AMSC = ID["paper/wgan"], ID["paper/arxiv/1905.01164"], ID["paper/musco"], ID["paper/amsc"]
T_SEG, T_BOUND, T_GANS, T_STAB, T_CONV, T_COMP = (
    ID["topic/seg"], ID["topic/seg/boundaries"], ID["topic/gans"], ID["topic/gans/stability"],
    ID["topic/modules/conv-replacements"], ID["topic/compression"],
)
W_LPCV, AREA, EVENT = ID["workshop/lpcv"], ID["area/deepfakes"], ID["event/iccv-2019"]
C_BOUND, C_CONV, C_MODULE, C_GAN, C_STAB, C_CITY = (
    ID["concept/boundaries"], ID["concept/convolution"], ID["concept/module"], ID["concept/gan"],
    ID["concept/gan-training-stability"], ID["concept/cityscapes"],
)


def _evidence(g, s, p, o, quote, rule, line, notes, field="heading"):
    ev = ID[f"evidence/{abs(hash((s, p, o, notes, quote))) % 10**8}"]
    for pred, obj in [
        (RDF.type, RDF.Statement), (RDF.type, PROV.Entity), (RDF.type, NK.Evidence),
        (RDF.subject, s), (RDF.predicate, p), (RDF.object, o), (NK.quote, Literal(quote)),
        (NK.rule, Literal(rule)), (NK.field, Literal(field)),
        (NK.sourceLine, Literal(line, datatype=XSD.integer)), (PROV.wasDerivedFrom, notes),
    ]:
        g.add((ev, pred, obj))


def make_dataset() -> Dataset:
    """A small notekg graph following docs/data-model.md."""
    ds = Dataset(default_union=True)
    default = default_graph(ds)
    default.add((NK.uses, RDFS.label, Literal("uses")))
    default.add((NK.evaluatedOn, RDFS.label, Literal("evaluated on")))
    for node, cls, label, alts in [
        (C_BOUND, NK.Technique, "Boundaries", ["edges"]),
        (C_CONV, NK.Technique, "Convolution", ["vanilla conv", "conv"]),
        (C_MODULE, NK.Technique, "Neural network module", []),
        (C_GAN, NK.Technique, "Generative adversarial network", ["GAN"]),
        (C_STAB, NK.Task, "GAN training stability", []),
        (C_CITY, NK.Dataset, "Cityscapes", []),
    ]:
        default.add((node, RDF.type, cls))
        default.add((node, RDF.type, SKOS.Concept))
        default.add((node, SKOS.prefLabel, Literal(label)))
        default.add((node, RDFS.label, Literal(label)))
        for alt in alts:
            default.add((node, SKOS.altLabel, Literal(alt)))
    default.add((C_CONV, SKOS.broader, C_MODULE))

    a = ds.graph(NOTES_A)
    a.add((NOTES_A, RDF.type, NK.Notes))
    a.add((EVENT, RDF.type, NK.Event))
    a.add((EVENT, RDFS.label, Literal("ICCV 2019")))
    for node, label, parent, line in [
        (T_SEG, "Semantic segmentation", None, 60),
        (T_BOUND, "Make use of boundaries", T_SEG, 80),
        (T_GANS, "GANs", None, 130),
        (T_STAB, "GAN Training Stability improvements", T_GANS, 160),
        (T_CONV, "Conv-replacements", None, 40),
        (T_COMP, "Compression", None, 210),
    ]:
        a.add((node, RDF.type, NK.Topic))
        a.add((node, SKOS.prefLabel, Literal(label)))
        a.add((node, RDFS.label, Literal(label)))
        a.add((node, NK.sourceLine, Literal(line, datatype=XSD.integer)))
        if parent is not None:
            a.add((node, SKOS.broader, parent))
    for triple in [
        (W_LPCV, RDF.type, NK.Workshop), (W_LPCV, RDF.type, NK.Topic),
        (W_LPCV, RDFS.label, Literal("Low Power Computer Vision")), (W_LPCV, SKOS.related, T_COMP),
        (AREA, RDF.type, NK.Area), (AREA, RDFS.label, Literal("Deepfakes")),
        (AREA, NK.attention, Literal("some time")),
        (ID["note/1"], RDF.type, NK.TalkNote), (ID["note/1"], DCTERMS.subject, W_LPCV),
    ]:
        a.add(triple)
    papers = [
        (GATED, "Gated-SCNN: Gated Shape CNN for Semantic Segmentation", "Gated-SCNN", 8, T_BOUND, 82),
        (BAFP, "Boundary-Aware Feature Propagation for Scene Segmentation", None, 8, T_BOUND, 84),
        (OCTCONV, "Drop an Octave: Reducing Spatial Redundancy in CNNs with Octave Convolution", "Drop an Octave", 10, T_CONV, 44),
        (WGAN, "Wasserstein GAN with quadratic transport cost", None, 9, T_STAB, 162),
        (SINGAN, "SinGAN: Learning a Generative Model from a Single Natural Image", "SinGAN", 10, T_GANS, 132),
        (MUSCO, "MUSCO: Multi-Stage Compression of neural networks", "MUSCO", None, W_LPCV, 300),
        (AMSC, "Automated Multi-Stage Compression of Neural Networks", None, 8, T_COMP, 212),
    ]
    for node, title, short, rating, topic, line in papers:
        a.add((node, RDF.type, NK.Paper))
        a.add((node, RDFS.label, Literal(title)))
        a.add((node, DCTERMS.title, Literal(title)))
        a.add((node, DCTERMS.subject, topic))
        a.add((node, NK.presentedAt, EVENT))
        a.add((node, PROV.wasDerivedFrom, NOTES_A))
        a.add((node, NK.sourceLine, Literal(line, datatype=XSD.integer)))
        a.add((node, SCHEMA.url, URIRef(f"https://example.org/{line}.pdf")))
        if short:
            a.add((node, NK.shortName, Literal(short)))
            a.add((node, SKOS.altLabel, Literal(short)))
        if rating is not None:
            a.add((node, NK.rating, Literal(rating, datatype=XSD.integer)))
    a.add((GATED, NK.tldr, Literal("Separate shape stream")))
    a.add((SINGAN, NK.award, Literal("BEST PAPER ICCV2019")))
    a.add((AMSC, OWL.sameAs, MUSCO))
    relations = [
        (GATED, NK.uses, C_BOUND, "Make use of boundaries", "heading: make use of X", 80),
        (BAFP, NK.uses, C_BOUND, "Make use of boundaries", "heading: make use of X", 80),
        (BAFP, NK.evaluatedOn, C_CITY, "SOTA on cityscapes", "text: on X", 84),
        (OCTCONV, NK.replaces, C_CONV, "drop-in replacement for vanilla conv", "text: drop-in replacement for X", 44),
        (WGAN, NK.improves, C_STAB, "GAN Training Stability improvements", "heading: X improvements", 160),
        (WGAN, NK.uses, C_GAN, "different term for WGAN", "text: mentions a technique", 162),
        (SINGAN, NK.uses, C_GAN, "generators and discriminators", "text: mentions a technique", 132),
    ]
    for s, p, o, quote, rule, line in relations:
        a.add((s, p, o))
        _evidence(a, s, p, o, quote, rule, line, NOTES_A)

    b = ds.graph(NOTES_B)  # a second file rates Gated-SCNN differently and says why again
    b.add((GATED, RDF.type, NK.Paper))
    b.add((GATED, RDFS.label, Literal("Gated-SCNN: Gated Shape CNN for Semantic Segmentation")))
    b.add((GATED, NK.rating, Literal(6, datatype=XSD.integer)))
    b.add((GATED, NK.sourceLine, Literal(3, datatype=XSD.integer)))
    b.add((GATED, NK.uses, C_BOUND))
    _evidence(b, GATED, NK.uses, C_BOUND, "uses boundaries", "text: uses X", 3, NOTES_B, field="comment")
    return ds


@pytest.fixture(scope="module")
def G():
    return to_networkx(make_dataset())


@pytest.fixture
def graph_file(tmp_path):
    path = tmp_path / "graph.nq"
    make_dataset().serialize(path, format="nquads")
    return path


# ---------------------------------------------------------------------------------------------
# Projection


def test_nodes_are_the_projected_types(G):
    kinds = {}
    for _, kind in G.nodes(data="type"):
        kinds[kind] = kinds.get(kind, 0) + 1
    assert kinds == {"Paper": 7, "Topic": 6, "Workshop": 1, "Technique": 4, "Task": 1, "Dataset": 1, "Area": 1}
    assert str(EVENT) not in G and str(NOTES_A) not in G and str(ID["note/1"]) not in G
    assert set(kinds) <= set(NODE_TYPES)


def test_paper_attributes(G):
    gated = G.nodes[str(GATED)]
    assert gated == {
        "type": "Paper",
        "label": "Gated-SCNN: Gated Shape CNN for Semantic Segmentation",
        "short": "Gated-SCNN",
        "topics": ["Make use of boundaries"],
        "aliases": ["Gated-SCNN"],
        "struck": False,
        "rating": 8,  # two files rate it 8 and 6: the highest rating is kept
        "url": "https://example.org/82.pdf",
        "tldr": "Separate shape stream",
        "line": 3,  # the smallest source line over both files
    }
    assert G.nodes[str(BAFP)]["short"] == "Boundary-Aware Feature…"
    assert "rating" not in G.nodes[str(MUSCO)]
    assert G.nodes[str(C_CONV)]["aliases"] == ["conv", "vanilla conv"]
    assert G.nodes[str(W_LPCV)]["type"] == "Workshop"


def test_edges_carry_relation_and_evidence(G):
    keys = sorted(k for _, _, k in G.edges(keys=True))
    assert keys.count("subject") == 7 and keys.count("broader") == 3 and keys.count("uses") == 4
    assert {"sameAs", "related", "evaluatedOn", "replaces", "improves"} <= set(keys)
    uses = G.get_edge_data(str(GATED), str(C_BOUND))["uses"]
    assert uses == {
        "relation": "uses",
        "predicate": str(NK.uses),
        "evidence": "Make use of boundaries",  # notes/a's statement comes first
        "rule": "heading: make use of X",
        "line": 80,
        "field": "heading",
    }
    assert G.get_edge_data(str(BAFP), str(C_CITY))["evaluatedOn"]["relation"] == "evaluated on"
    assert G.get_edge_data(str(GATED), str(T_BOUND))["subject"] == {"relation": "in topic", "predicate": str(DCTERMS.subject)}
    assert G.get_edge_data(str(T_BOUND), str(T_SEG))["broader"]["relation"] == "broader"
    assert G.get_edge_data(str(AMSC), str(MUSCO))["sameAs"]["relation"] == "same as"
    assert G.get_edge_data(str(W_LPCV), str(T_COMP))["related"]["relation"] == "related"


def test_projection_is_deterministic_whatever_the_triple_order(G, tmp_path):
    path = tmp_path / "g.nq"
    make_dataset().serialize(path, format="nquads")
    lines = path.read_text().splitlines()
    path.write_text("\n".join(reversed(lines)) + "\n")
    ds = Dataset(default_union=True)
    ds.parse(path, format="nquads")
    H = to_networkx(ds)
    assert list(H.nodes(data=True)) == list(G.nodes(data=True))
    assert list(H.edges(keys=True, data=True)) == list(G.edges(keys=True, data=True))


def test_dataset_without_default_union_is_read_whole():
    ds = make_dataset()
    plain = Dataset()
    for quad in ds.quads((None, None, None, None)):
        plain.add(quad)
    assert to_networkx(plain).number_of_edges() == to_networkx(ds).number_of_edges()


def test_knowledge_graph_view_matches_its_rdf(default_kg):
    G = default_kg.nx
    papers = set(default_kg.rdf.subjects(RDF.type, NK.Paper))
    assert {n for n, t in G.nodes(data="type") if t == "Paper"} == {str(p) for p in papers}
    for u, v, data in G.edges(data=True):
        assert data["relation"] and data["predicate"].startswith("http")


# ---------------------------------------------------------------------------------------------
# Analyses


def test_path_one_hop_shows_evidence(G):
    hops = shortest_path_explained(G, str(GATED), str(C_BOUND))
    assert format_path(G, str(GATED), hops).splitlines() == [
        "Gated-SCNN: Gated Shape CNN for Semantic Segmentation  [Paper]",
        "  --uses--> Boundaries  [Technique]",
        '      "Make use of boundaries" (line 80, rule: heading: make use of X)',
        "1 hop",
    ]


def test_path_prefers_typed_relations(G):
    # Two 2-hop paths: through the shared topic and through the technique both papers use.
    hops = shortest_path_explained(G, str(GATED), str(BAFP))
    assert [(h.relation, h.target) for h in hops] == [("uses", str(C_BOUND)), ("uses", str(BAFP))]


def test_path_walks_edges_backwards(G):
    hops = shortest_path_explained(G, str(C_STAB), str(SINGAN))
    assert [(h.relation, h.forward) for h in hops] == [("improves", False), ("uses", True), ("uses", False)]
    assert [h.target for h in hops] == [str(WGAN), str(C_GAN), str(SINGAN)]


def test_path_none_when_unconnected_and_errors(G):
    assert shortest_path_explained(G, str(AREA), str(GATED)) is None
    assert shortest_path_explained(G, str(GATED), str(GATED)) == []
    with pytest.raises(UnknownName):
        shortest_path_explained(G, "urn:nothing", str(GATED))


def test_similar_papers_explain_the_score(G):
    results = similar_papers(G, str(GATED))
    assert results[0].label == "Boundary-Aware Feature Propagation for Scene Segmentation"
    assert [item[1] for item in results[0].shared] == ["Boundaries", "Make use of boundaries", "Semantic segmentation"]
    assert 0 < results[0].score <= 1
    assert all(r.node != str(GATED) for r in results)
    assert len(similar_papers(G, str(GATED), k=1)) == 1
    with pytest.raises(UnknownName, match="is a Technique, not a paper"):
        similar_papers(G, str(C_BOUND))


def test_similar_includes_broader_concepts(G):
    # WGAN and SinGAN share the GAN technique and the GANs topic (WGAN's topic is under it).
    (first, *_) = similar_papers(G, str(WGAN))
    assert first.label.startswith("SinGAN")
    assert {item[1] for item in first.shared} == {"Generative adversarial network", "GANs"}


def test_central_nodes(G):
    techniques = central_nodes(G, type="technique", k=3)
    assert [c.type for c in techniques] == ["Technique"] * 3
    assert techniques == sorted(techniques, key=lambda c: (-c.betweenness, -c.degree, -c.topics, c.label))
    gan = next(c for c in central_nodes(G, k=100) if c.node == str(C_GAN))
    assert (gan.degree, gan.topics) == (2, 2)  # used by papers in two topics: it bridges them
    assert len(central_nodes(G, k=5)) == 5
    with pytest.raises(ValueError, match="unknown node type"):
        central_nodes(G, type="Planet")
    by_topics = central_nodes(G, k=100, by="topics")
    assert [c.topics for c in by_topics] == sorted((c.topics for c in by_topics), reverse=True)
    with pytest.raises(ValueError, match="unknown measure"):
        central_nodes(G, by="fame")


def test_communities_partition_the_graph_deterministically(G):
    communities = find_communities(G, seed=0)
    members = [m for c in communities for m in c.members]
    assert sorted(members) == sorted(G) and len(members) == len(set(members))
    assert communities == find_communities(G, seed=0)
    assert [len(c) for c in communities] == sorted((len(c) for c in communities), reverse=True)
    assert all(c.name for c in communities)


def test_analyses_do_not_depend_on_hash_seed(default_kg, tmp_path):
    default_kg.write(tmp_path)  # the same RDF for both runs
    code = (
        "import sys, graph; from graph.views.analyses import find_communities, central_nodes; "
        "from graph.views.layout import layout_positions; "
        "G = graph.load_graph(sys.argv[1]).nx; "
        "print([c.members for c in find_communities(G)]); print(central_nodes(G, k=5)); "
        "print(sorted(layout_positions(G).items()))"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path / "graph.nq")], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_select_subgraph(G):
    around = select_subgraph(G, focus=str(GATED), depth=1)
    assert set(around) == {str(GATED), str(C_BOUND), str(T_BOUND)}
    gans = select_subgraph(G, topic=str(T_GANS))
    assert set(gans) == {str(T_GANS), str(T_STAB), str(WGAN), str(SINGAN), str(C_GAN), str(C_STAB)}
    rated = select_subgraph(G, min_rating=9)
    assert {n for n, t in rated.nodes(data="type") if t == "Paper"} == {str(OCTCONV), str(WGAN), str(SINGAN)}
    assert str(C_BOUND) not in rated  # left without edges once its papers are gone
    assert str(AREA) in rated  # had no edges to begin with
    assert G.number_of_nodes() == 21  # unchanged


def test_resolve_name(G):
    assert resolve_name(G, "gated-scnn") == str(GATED)
    assert resolve_name(G, "Vanilla Conv") == str(C_CONV)
    assert resolve_name(G, str(AREA)) == str(AREA)
    with pytest.raises(UnknownName, match="did you mean: SinGAN"):
        resolve_name(G, "SinGNA")


# ---------------------------------------------------------------------------------------------
# Graph files


def _without(data, *names):
    return {k: v for k, v in data.items() if k not in names}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_formats_read_back(G, tmp_path, fmt):
    path = tmp_path / f"graph.{fmt}"
    assert write_graph_file(G, fmt, path) == [path]
    H = nx.read_graphml(path, force_multigraph=True) if fmt == "graphml" else nx.read_gexf(path)
    flat = flatten_graph(G)
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    for node, data in flat.nodes(data=True):
        assert _without(H.nodes[node], "viz") == data
    for u, v, key, data in flat.edges(keys=True, data=True):
        edge = H.get_edge_data(u, v)
        if fmt == "graphml":
            assert _without(edge[key], "id") == data
        else:  # GEXF keys edges by id; the relation is the edge's label
            found = list(edge.values()) if H.is_multigraph() else [edge]
            assert any(_without(e, "id", "label") == data and e["label"] == data["relation"] for e in found)
    assert H.nodes[str(GATED)]["aliases"] == "Gated-SCNN" and H.nodes[str(C_CONV)]["aliases"] == "conv; vanilla conv"
    assert all(isinstance(v, (str, int, float, bool)) for _, d in H.nodes(data=True) for k, v in d.items() if k != "viz")


def test_gexf_opens_in_gephi_as_the_page_draws_it(default_kg, tmp_path):
    from graph.views.layout import layout_positions
    from graph.views.page import TYPE_STYLES

    path = tmp_path / "graph.gexf"
    write_graph_file(default_kg.nx, "gexf", path)
    text = path.read_text()
    assert "networkx_key" not in text  # no internal attribute
    H = nx.read_gexf(path)
    positions = layout_positions(default_kg.nx)
    viz = H.nodes[str(GATED)]["viz"]
    assert viz["position"] == {"x": positions[str(GATED)][0], "y": -positions[str(GATED)][1], "z": 0.0}
    assert viz["size"] == 26.0  # rated 8, as on the page
    colour = TYPE_STYLES["Paper"][0]
    assert (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    assert all("viz" in data for _, data in H.nodes(data=True))


def test_graphml_booleans_are_xsd_booleans(default_kg, tmp_path):
    path = tmp_path / "graph.graphml"
    write_graph_file(default_kg.nx, "graphml", path)
    text = path.read_text()
    assert ">True<" not in text and ">False<" not in text and ">false<" in text
    H = nx.read_graphml(path)
    assert {type(v) for _, v in H.nodes(data="struck")} == {bool}


def test_json_reads_back_with_lists(G, tmp_path):
    path = tmp_path / "graph.json"
    write_graph_file(G, "json", path)
    data = json.loads(path.read_text())
    assert set(data) >= {"nodes", "links"}
    H = nx.node_link_graph(data, edges="links")
    assert list(H.nodes(data=True)) == list(G.nodes(data=True))
    assert list(H.edges(keys=True, data=True)) == list(G.edges(keys=True, data=True))


def test_csv_has_neo4j_headers_and_reads_back(G, tmp_path):
    written = write_graph_file(G, "csv", tmp_path / "csv")
    assert [p.name for p in written] == ["nodes.csv", "edges.csv"]
    with open(written[0], newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0])[:4] == ["id:ID", ":LABEL", "label", "short"]
    assert {"rating:float", "topics:string[]", "aliases:string[]", "line:int", "struck:boolean"} <= set(rows[0])
    H = nx.MultiDiGraph()
    for row in rows:
        attrs = {"type": row[":LABEL"]}
        for header, value in row.items():
            name, _, kind = header.partition(":")
            if not name or name == "id":
                continue
            if kind == "string[]":
                attrs[name] = value.split(";") if value else []
            elif value == "":
                continue
            else:
                numbers = {"int": int, "float": float}
                attrs[name] = numbers[kind](value) if kind in numbers else (value == "true") if kind == "boolean" else value
        H.add_node(row["id:ID"], **attrs)
    with open(written[1], newline="") as f:
        edges = list(csv.DictReader(f))
    assert list(edges[0])[:3] == [":START_ID", ":END_ID", ":TYPE"]
    for row in edges:
        attrs = {h.partition(":")[0]: (int(v) if h.endswith(":int") else v) for h, v in row.items() if v and h[0] != ":"}
        H.add_edge(row[":START_ID"], row[":END_ID"], key=row[":TYPE"], **attrs)
    assert list(H.nodes(data=True)) == list(G.nodes(data=True))
    assert list(H.edges(keys=True, data=True)) == list(G.edges(keys=True, data=True))


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_graph_files_are_deterministic_and_atomic(G, tmp_path, fmt):
    first = write_graph_file(G, fmt, tmp_path / "one" / f"g.{fmt}")
    second = write_graph_file(to_networkx(make_dataset()), fmt, tmp_path / "two" / f"g.{fmt}")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    leftovers = [p.name for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_graph_file_errors(G, tmp_path):
    import io

    with pytest.raises(OutputNotWritable, match="give a folder"):
        write_graph_file(G, "csv", io.StringIO())
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputNotWritable):
        write_graph_file(G, "graphml", blocker / "graph.graphml")
    with pytest.raises(ValueError, match="unknown graph format"):
        write_graph_file(G, "dot", tmp_path / "g.dot")
    out = io.StringIO()
    assert write_graph_file(G, "gexf", out) == [] and out.getvalue().startswith("<gexf")


# ---------------------------------------------------------------------------------------------
# Commands


def test_cli_path(runner, graph_file):
    result = runner.invoke(cli, ["path", "Gated-SCNN", "boundaries", "--graph", str(graph_file)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Gated-SCNN: Gated Shape CNN for Semantic Segmentation  [Paper]\n"
        "  --uses--> Boundaries  [Technique]\n"
        '      "Make use of boundaries" (line 80, rule: heading: make use of X)\n'
        "1 hop\n"
    )


def test_cli_path_errors(runner, graph_file):
    result = runner.invoke(cli, ["path", "Deepfakes", "SinGAN", "--graph", str(graph_file)])
    assert result.exit_code == 1
    assert result.output == "Error: no connection between 'Deepfakes' and 'SinGAN'\n"
    result = runner.invoke(cli, ["path", "Gated-SCNN", "ICCV 2019", "--graph", str(graph_file)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: 'ICCV 2019' is an Event: the network view has only paper,")
    result = runner.invoke(cli, ["path", "Gated-SCNN", "SinGNA", "--graph", str(graph_file)])
    assert result.exit_code == 1
    assert result.output == "Error: no node named 'SinGNA'; did you mean: SinGAN?\n"


def test_cli_similar(runner, graph_file):
    result = runner.invoke(cli, ["similar", "gated-scnn", "-k", "1", "--graph", str(graph_file)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Papers like Gated-SCNN: Gated Shape CNN for Semantic Segmentation:"
    assert lines[1].endswith("  Boundary-Aware Feature Propagation for Scene Segmentation")
    assert lines[2] == "        shared: Boundaries (Technique), Make use of boundaries (Topic), Semantic segmentation (Topic)"
    assert len(lines) == 3
    result = runner.invoke(cli, ["similar", "Boundaries", "--graph", str(graph_file)])
    assert (result.exit_code, result.output) == (1, "Error: 'Boundaries' is a Technique, not a paper\n")


def test_cli_central(runner, graph_file):
    result = runner.invoke(cli, ["central", "--type", "technique", "-k", "2", "--graph", str(graph_file)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["#", "betweenness", "degree", "topics", "type", "name"]
    assert len(lines) == 3 and all("Technique" in line for line in lines[1:])
    result = runner.invoke(cli, ["central", "--type", "Technique", "--by", "topics", "-k", "1", "--graph", str(graph_file)])
    assert result.exit_code == 0 and result.output.splitlines()[1].endswith("Generative adversarial network")
    result = runner.invoke(cli, ["central", "--type", "Planet", "--graph", str(graph_file)])
    assert result.exit_code == 2


def test_cli_communities(runner, graph_file):
    result = runner.invoke(cli, ["communities", "--members", "2", "--graph", str(graph_file)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1. ")
    assert result.output.rstrip().endswith("on its own")  # the area with no edges
    again = runner.invoke(cli, ["communities", "--members", "2", "--graph", str(graph_file)])
    assert again.output == result.output


@pytest.mark.parametrize("command", ["path", "similar", "central", "communities"])
def test_commands_have_help_with_example(runner, command):
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and f"notekg {command}" in result.output


def test_commands_on_the_default_notes(runner):
    notes = str(ROOT / "notes" / "iccv2019.md")
    result = runner.invoke(cli, ["path", "Gated-SCNN", "Boundary-Aware Feature Propagation for Scene Segmentation", "-g", notes])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Gated-SCNN: Gated Shape CNN for Semantic Segmentation  [Paper]\n")
    result = runner.invoke(cli, ["similar", "Gated-SCNN", "-k", "3", "-g", notes])
    assert result.exit_code == 0 and "Boundary-Aware Feature Propagation" in result.output
    result = runner.invoke(cli, ["central", "--type", "Technique", "-k", "5", "-g", notes])
    assert result.exit_code == 0 and len(result.output.splitlines()) == 6
    result = runner.invoke(cli, ["communities", "-g", notes])
    assert result.exit_code == 0 and result.output.startswith("1. ")
