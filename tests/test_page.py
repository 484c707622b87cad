"""The HTML page without a browser: self-contained, escaped, deterministic, focused, laid out.

What the page does when it runs (search, filters, no requests, XSS) is in test_browser.py.
"""

import base64
import hashlib
import io
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import graph
from graph.cli import cli
from graph.errors import OutputNotWritable, UnknownName
from graph.views.network import select_subgraph, to_networkx
from graph.views.layout import layout_positions
from graph.views.overview import OVERVIEW_NODES
from graph.views.page import LABELLED_HUBS, LARGE_PAGE, render_page, write_page

ROOT = Path(__file__).resolve().parent.parent
XSS_NOTES = Path(__file__).resolve().parent / "notes" / "xss.md"
sys.path.insert(0, str(ROOT / "bench"))

from gen_graph import generate_dataset  # noqa: E402


def page_data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="notekg-data">(.*?)</script>', html, re.S)
    assert match, "no data block"
    return json.loads(match.group(1))


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
        self.scripts = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


@pytest.fixture(scope="module")
def xss_kg():
    return graph.build([XSS_NOTES])


@pytest.fixture(scope="module")
def default_html(default_kg):
    return render_page(default_kg.nx, names=default_kg.rdf)


def test_page_is_self_contained(default_html):
    parser = _Tags()
    parser.feed(default_html)
    names = [tag for tag, _ in parser.tags]
    assert "link" not in names and "iframe" not in names and "img" not in names
    for tag, attrs in parser.tags:
        assert "src" not in attrs and "href" not in attrs, (tag, attrs)
    assert names.count("script") == 3  # data, vis-network, the page's own code
    lowered = default_html.lower()
    for marker in ("cdn.", "bootstrap", "@import", "fonts.googleapis", "url(http", "sourcemappingurl="):
        assert marker not in lowered, marker


def test_csp_allows_only_the_inline_scripts(default_html):
    parser = _Tags()
    parser.feed(default_html)
    csp = next(a["content"] for t, a in parser.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    for script in parser.scripts[1:]:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_nodes_and_edges_match_the_graph(default_kg, default_html):
    data = page_data(default_html)
    G = default_kg.nx
    assert len(data["nodes"]) == G.number_of_nodes() and len(data["edges"]) == G.number_of_edges()
    assert [n["iri"] for n in data["nodes"]] == list(G)
    assert {t["name"]: t["count"] for t in data["types"]} == {
        kind: sum(1 for _, k in G.nodes(data="type") if k == kind) for kind in {k for _, k in G.nodes(data="type")}
    }
    gated = next(n for n in data["nodes"] if n["label"] == "Gated-SCNN" and n["group"] == "Paper")
    assert gated["group"] == "Paper" and gated["rating"] == 8 and gated["size"] == 26
    assert gated["url"].startswith("https://arxiv.org/")
    relations = {r["name"] for r in data["relations"]}
    assert {"in topic", "uses"} <= relations
    assert all("label" in e and "color" in e for e in data["edges"])
    assert isinstance(gated["x"], float) and isinstance(gated["y"], float)  # the Python layout is final
    assert data["options"]["physics"]["enabled"] is False and data["options"]["layout"]["randomSeed"] == 0


def test_topics_and_hubs_get_labels_readable_at_fit_scale(default_kg, default_html):
    data = page_data(default_html)
    labelled = [n for n in data["nodes"] if "labelSize" in n]
    topics = [n for n in data["nodes"] if n["group"] == "Topic"]
    assert sum("labelSize" in n for n in topics) >= 30  # of 40: the ones with most papers
    busiest = max(data["nodes"], key=lambda n: default_kg.nx.degree(n["iri"]))
    assert busiest in labelled
    assert len(labelled) <= 4 * LABELLED_HUBS
    xs = [n["x"] for n in data["nodes"]]
    ys = [n["y"] for n in data["nodes"]]
    fit_scale = min(1000 / (max(xs) - min(xs) + 100), 800 / (max(ys) - min(ys) + 100))
    assert all(n["labelSize"] * fit_scale >= 12.9 for n in labelled)
    assert data["options"]["nodes"]["font"]["size"] * fit_scale < 7  # the others wait for a zoom


def test_page_is_deterministic(default_kg, default_html):
    assert render_page(default_kg.nx, names=default_kg.rdf) == default_html
    assert render_page(to_networkx(default_kg.rdf)) == default_html


def test_page_data_is_written_in_a_fixed_order(default_kg, default_html, xss_kg):
    # keys sorted; each node's and edge's item puts what the page makes of it (number, size,
    # place, colour) before what its notes say, each part sorted (graph.views.page_items)
    large = render_page(to_networkx(generate_dataset(OVERVIEW_NODES + 500)))
    page_keys = ("cluster", "color", "from", "id", "labelSize", "size", "to", "x", "y")

    def in_order(item):
        return {**{k: item[k] for k in page_keys if k in item}, **{k: item[k] for k in sorted(item) if k not in page_keys}}

    for html in (default_html, render_page(xss_kg.nx), large):
        text = re.search(r'<script type="application/json" id="notekg-data">(.*?)</script>', html, re.S).group(1)
        data = json.loads(text)
        data["nodes"] = [in_order(n) for n in data["nodes"]]
        data["edges"] = [in_order(e) for e in data["edges"]]
        written = "{" + ",".join(json.dumps(key) + ":" + json.dumps(data[key], ensure_ascii=False, separators=(",", ":"),
                                                                      sort_keys=key not in ("nodes", "edges"))
                                 for key in sorted(data)) + "}"
        assert text == written.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    keys = {key for node in page_data(large)["nodes"] + page_data(default_html)["nodes"] for key in node}
    assert {"cluster", "labelSize", "rating", "url", "x", "y", "topics", "aliases"} <= keys


def test_note_text_is_data_not_markup(xss_kg):
    html = render_page(xss_kg.nx, names=xss_kg.rdf)
    data = page_data(html)
    assert "<img" not in html.split('id="notekg-data">', 1)[1].split("</script>", 1)[0]
    assert "<img src=x" not in html and "<script>window.__xss" not in html
    texts = json.dumps(data)
    assert "<img src=x onerror=alert(1)>" in texts  # kept, as text
    evil = next(n for n in data["nodes"] if n.get("rating") == 4)
    assert "url" not in evil  # javascript: links never become links
    parser = _Tags()
    parser.feed(html)
    assert [tag for tag, _ in parser.tags].count("script") == 3


def test_page_js_never_uses_html_sinks():
    js = (ROOT / "graph" / "data" / "page.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in js, sink


def test_large_graph_gets_positions_and_no_physics():
    G = to_networkx(generate_dataset(LARGE_PAGE + 200))
    assert G.number_of_nodes() > LARGE_PAGE
    data = page_data(render_page(G))
    assert data["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert data["options"]["edges"]["smooth"]["enabled"] is False
    assert layout_positions(G, seed=0) == layout_positions(G, seed=0)
    assert layout_positions(G, seed=0) != layout_positions(G, seed=1)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("n", [300, 120])
def test_overlapping_discs_are_all_the_overlapping_pairs(seed, n):
    """The grid (300 discs) and the sweep (120) find what comparing every pair finds, with discs
    of very different sizes."""
    import math
    import random

    from graph.views.discs import overlapping_discs

    rng = random.Random(seed)
    radius = [rng.choice([1.0, 2.0, 5.0, 40.0]) * rng.random() + 0.1 for _ in range(n)]
    centre = [(rng.uniform(-100, 100), rng.uniform(-100, 100)) for _ in range(n)]
    centre[7] = centre[3]  # two discs on the same spot
    every = [(a, b) for a in range(n) for b in range(a + 1, n)
             if math.dist(centre[a], centre[b]) < radius[a] + radius[b]]
    assert (3, 7) in every and len(every) > n
    assert overlapping_discs(centre, radius) == every


@pytest.mark.parametrize("large", [False, True])
def test_interaction_options_are_pyvis_defaults(large):
    """The page writes out the options pyvis's Network gives (importing pyvis loads IPython)."""
    from pyvis.network import Network

    from graph.views.page import _vis_options

    net = Network(directed=True, cdn_resources="in_line")
    net.toggle_physics(False)
    if large:
        net.toggle_hide_edges_on_drag(True)
    defaults = json.loads(net.options.to_json())
    options = _vis_options([], large=large, seed=0)
    assert {k: options["interaction"][k] for k in defaults["interaction"]} == defaults["interaction"]
    assert options["physics"]["enabled"] is defaults["physics"]["enabled"] is False


def test_building_a_page_loads_neither_pyvis_nor_numpy(tmp_path):
    import subprocess

    script = (
        "import sys\n"
        "from graph import build_graph\n"
        f"build_graph([{str(ROOT / 'tests' / 'notes' / 'style_relations.md')!r}]).write({str(tmp_path / 'out')!r})\n"
        "print(sorted(m for m in ('pyvis', 'IPython', 'jinja2', 'scipy', 'numpy') if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["[]"]
    assert (tmp_path / "out" / "graph.html").stat().st_size > 100_000


def test_focused_page(default_kg):
    data = page_data(render_page(default_kg.nx, names=default_kg.rdf, focus="Gated-SCNN", depth=1))
    G = default_kg.nx
    gated = "https://w3id.org/notekg/id/paper/arxiv/1907.05740"
    assert {n["iri"] for n in data["nodes"]} == set(select_subgraph(G, focus=gated, depth=1))
    assert data["nodes"][data["focus"]]["iri"] == gated
    assert data["subtitle"] == "around Gated-SCNN: Gated Shape CNN for Semantic Segmentation (1 hops)"


def test_topic_and_rating_pages(default_kg):
    data = page_data(render_page(default_kg.nx, names=default_kg.rdf, topic="Semantic segmentation"))
    topics = {n["name"] for n in data["nodes"] if n["group"] == "Topic"}
    assert {"Semantic segmentation", "Make use of boundaries"} <= topics and "Compression" not in topics
    rated = page_data(render_page(default_kg.nx, names=default_kg.rdf, min_rating=9))
    assert all(n["rating"] >= 9 for n in rated["nodes"] if n["group"] == "Paper")
    assert any(n["group"] == "Paper" for n in rated["nodes"])


def test_focus_errors(default_kg):
    with pytest.raises(UnknownName, match="no node named"):
        render_page(default_kg.nx, names=default_kg.rdf, focus="No Such Paper At All")
    with pytest.raises(UnknownName, match="not a topic"):
        render_page(default_kg.nx, names=default_kg.rdf, topic="Gated-SCNN")
    with pytest.raises(UnknownName, match="did you mean"):
        render_page(default_kg.nx, focus="Gated-SCNM")


def test_write_page_is_atomic(default_kg, tmp_path):
    out = tmp_path / "pages" / "graph.html"
    assert write_page(default_kg.nx, out) == [out]
    assert [p.name for p in out.parent.iterdir()] == ["graph.html"]
    stream = io.StringIO()
    assert write_page(default_kg.nx, stream) == []
    assert stream.getvalue() == out.read_text(encoding="utf-8")
    with pytest.raises(OutputNotWritable, match="is a folder"):
        write_page(default_kg.nx, tmp_path)


def test_export_html_command(runner, tmp_path):
    out = tmp_path / "gated.html"
    result = runner.invoke(cli, [
        "export", "--format", "html", "--focus", "Gated-SCNN", "--depth", "1", "-o", str(out),
        "-g", str(ROOT / "notes" / "iccv2019.md"),
    ])
    assert result.exit_code == 0, result.output
    assert page_data(out.read_text())["subtitle"].startswith("around Gated-SCNN")


def test_a_large_page_carries_its_overview():
    G = to_networkx(generate_dataset(OVERVIEW_NODES + 500))
    data = page_data(render_page(G))
    clusters = data["clusters"]["nodes"]
    assert [c["id"] for c in clusters] == list(range(len(data["nodes"]), len(data["nodes"]) + len(clusters)))
    assert sum(c["papers"] for c in clusters) == sum(1 for _, t in G.nodes(data="type") if t == "Paper")
    assert sorted({n["cluster"] for n in data["nodes"]}) == list(range(len(clusters)))
    topics = {n["name"] for n in data["nodes"] if n["group"] == "Topic"}
    assert sum(c["name"] in topics for c in clusters) >= 0.9 * len(clusters)  # groups are named by their topic
    ends = [end for link in data["clusters"]["edges"] for end in link[:2]]
    assert set(ends) <= {c["id"] for c in clusters} and len(data["clusters"]["edges"]) <= 3 * len(clusters)
    small = page_data(render_page(to_networkx(generate_dataset(OVERVIEW_NODES - 500))))
    assert small["clusters"] is None and all("cluster" not in n for n in small["nodes"])


def test_the_layout_loads_igraphs_core_alone_and_igraph_still_imports_whole():
    # The page's layout loads only igraph's C core; a program that imports igraph afterwards
    # gets the whole package around that core (its submodule attribute too), in a fresh process.
    import subprocess
    import sys

    program = (
        "import sys, networkx as nx\n"
        "from graph.views.layout import layout_positions\n"
        "layout_positions(nx.path_graph(5), seed=1)\n"
        "print('igraph' in sys.modules, 'igraph._igraph' in sys.modules)\n"
        "import igraph\n"
        "print(igraph._igraph is sys.modules['igraph._igraph'],\n"
        "      igraph.compare_communities([0, 0, 1], [0, 1, 1], method='split-join'))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True", "True", "2.0"]
