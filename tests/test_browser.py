"""The HTML page in headless Chromium (Debian's, driven by Playwright), fully offline.

Every request other than the page's own file:// URL is blocked and logged, and each test checks
that none was attempted and that the console stayed free of errors. A screenshot of the default
notes' page is saved to exports/screenshot.png for a person to look at.

These tests are skipped only when /usr/bin/chromium is missing and CI is not set; under CI they
always run (``make test`` installs Chromium first).
"""

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import graph
from graph.views.network import to_networkx
from graph.views.page import write_page
from graph.views.picture import grouping, spread

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
XSS_NOTES = Path(__file__).resolve().parent / "notes" / "xss.md"
GATED = "https://w3id.org/notekg/id/paper/arxiv/1907.05740"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason="/usr/bin/chromium is not installed (make test installs it: apt-get install chromium)",
)


@dataclass
class Log:
    blocked: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    dialogs: list = field(default_factory=list)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def open_page(browser):
    """open_page(path) -> (page, log): the page loaded offline and ready."""
    contexts = []

    def open_(path: Path, timeout: float = 30_000):
        url = path.resolve().as_uri()
        log = Log()
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)

        def route(r):
            if r.request.url == url:
                r.continue_()
            else:
                log.blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: log.page_errors.append(str(e)))
        page.on("dialog", lambda d: (log.dialogs.append(d.message), d.dismiss()))
        page.goto(url)
        page.wait_for_function("() => window.notekg && window.notekg.ready", timeout=timeout, polling=50)
        return page, log

    yield open_
    for context in contexts:
        context.close()


def assert_clean(log: Log) -> None:
    assert log.blocked == [], f"requests attempted: {log.blocked}"
    assert log.console_errors == [] and log.page_errors == [], (log.console_errors, log.page_errors)
    assert log.dialogs == []


def node_id(page, iri: str) -> int:
    return page.evaluate("(iri) => notekg.idOf(iri)", iri)


@pytest.fixture(scope="module")
def default_page_file(default_kg, tmp_path_factory):
    path = tmp_path_factory.mktemp("page") / "graph.html"
    write_page(default_kg.nx, path)
    return path


def test_default_page_loads_offline(default_kg, default_page_file, open_page):
    page, log = open_page(default_page_file)
    G = default_kg.nx
    assert page.evaluate("notekg.nodes.length") == G.number_of_nodes()
    assert page.evaluate("notekg.network.body.nodeIndices.length") == G.number_of_nodes()
    assert page.evaluate("notekg.network.body.edgeIndices.length") == G.number_of_edges()
    assert page.inner_text("#counts").startswith(f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
    legend = page.locator("#types li").all_inner_texts()
    assert any(text.startswith("Paper") for text in legend)
    page.fill("#search", "gated-scnn")
    page.press("#search", "Enter")
    (ROOT / "exports").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "exports" / "screenshot.png"))
    assert_clean(log)


def screen_positions(page, ids) -> dict:
    """Where nodes are drawn, in pixels of the graph area."""
    found = page.evaluate(
        "(ids) => { const p = notekg.network.getPositions(ids); const r = {};"
        " ids.forEach(id => { const d = notekg.network.canvasToDOM(p[id]); r[id] = [d.x, d.y]; }); return r; }",
        ids,
    )
    return {int(k): tuple(v) for k, v in found.items()}


def page_positions(page) -> dict:
    """Each node's drawn position on the canvas, by IRI."""
    found = page.evaluate(
        "() => { const p = notekg.network.getPositions(); const r = {};"
        " notekg.data.nodes.forEach(n => { const q = p[n.id] || n; r[n.iri] = [q.x, q.y]; }); return r; }"
    )
    return {k: tuple(v) for k, v in found.items()}


def paper_topics(G) -> dict:
    return {n: d["topics"] for n, d in G.nodes(data=True) if d.get("type") == "Paper" and d.get("topics")}


def test_search_focuses_the_node(default_kg, default_page_file, open_page):
    page, log = open_page(default_page_file)
    gated = node_id(page, GATED)
    page.fill("#search", "Gated-SCNN")
    assert page.locator("#results button").first.inner_text().startswith("Gated-SCNN: Gated Shape CNN")
    page.press("#search", "Enter")
    assert page.evaluate("notekg.selected") == gated
    assert page.evaluate("notekg.network.getSelectedNodes()") == [gated]
    assert page.is_visible("#details")
    # the node and all its neighbours are on screen, left of the details panel
    graph_box = page.locator("#graph").bounding_box()
    panel_left = page.locator("#details").bounding_box()["x"] - graph_box["x"]
    near = [gated] + [node_id(page, n) for n in default_kg.nx.to_undirected(as_view=True)[GATED]]
    for x, y in screen_positions(page, near).values():
        assert 0 <= x <= panel_left and 0 <= y <= graph_box["height"]
    assert page.inner_text("#details h2") == "Gated-SCNN: Gated Shape CNN for Semantic Segmentation"
    link = page.locator("#details a.open")
    assert link.get_attribute("href") == "https://arxiv.org/pdf/1907.05740.pdf"
    assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")
    page.fill("#search", "boundary aware feature")  # by words of the title, punctuation folded
    assert page.locator("#results button").first.inner_text().startswith("Boundary-Aware Feature Propagation")
    assert_clean(log)


def test_click_highlights_the_neighbourhood(default_kg, default_page_file, open_page):
    page, log = open_page(default_page_file)
    gated = node_id(page, GATED)
    page.evaluate("notekg.network.moveTo({scale: 1.0, animation: false})")
    page.evaluate("(id) => notekg.network.focus(id, {scale: 1.2, animation: false})", gated)
    dom = page.evaluate("(id) => notekg.network.canvasToDOM(notekg.network.getPositions([id])[id])", gated)
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + dom["x"], box["y"] + dom["y"])
    assert page.evaluate("notekg.selected") == gated
    neighbours = {node_id(page, n) for n in default_kg.nx.to_undirected(as_view=True)[GATED]}
    dimmed = set(page.evaluate("notekg.nodes.get({filter: n => n.color && n.color.background === '#e8e8e8'}).map(n => n.id)"))
    assert dimmed and not (dimmed & (neighbours | {gated}))
    assert page.locator("#details .links li").count() == default_kg.nx.degree(GATED)
    page.mouse.move(box["x"] + dom["x"], box["y"] + dom["y"] + 1)
    page.wait_for_selector("#tooltip:not([hidden])")
    assert page.inner_text("#tooltip").startswith("Gated-SCNN: Gated Shape CNN")
    assert_clean(log)


def test_filters_hide_nodes(default_kg, default_page_file, open_page):
    page, log = open_page(default_page_file)
    G = default_kg.nx
    total = G.number_of_nodes()
    papers = sum(1 for _, t in G.nodes(data="type") if t == "Paper")
    page.uncheck('input[data-type="Paper"]')
    assert page.evaluate("notekg.visibleCount()") == total - papers
    assert page.evaluate("notekg.network.body.nodeIndices.length") == total - papers
    page.check('input[data-type="Paper"]')
    assert page.evaluate("notekg.visibleCount()") == total
    page.locator("#rating").fill("9")
    low = sum(1 for _, d in G.nodes(data=True) if d["type"] == "Paper" and d.get("rating", 0) < 9)
    assert page.evaluate("notekg.visibleCount()") == total - low
    page.click("#reset")
    topic = page.locator("#topic option", has_text="Make use of boundaries").get_attribute("value")
    page.select_option("#topic", topic)
    shown = set(page.evaluate("notekg.nodeView.getIds()"))
    assert node_id(page, GATED) in shown and len(shown) < total
    # the view is fitted to the topic: every node shown is on screen and they fill a good part of it
    box = page.locator("#graph").bounding_box()
    drawn = screen_positions(page, sorted(shown)).values()
    assert all(-1 <= x <= box["width"] + 1 and -1 <= y <= box["height"] + 1 for x, y in drawn)
    xs, ys = [x for x, _ in drawn], [y for _, y in drawn]
    assert max(max(xs) - min(xs), max(ys) - min(ys)) > 0.5 * min(box["width"], box["height"])
    page.uncheck('input[data-relation="in topic"]')
    edges_in_topic = sum(1 for *_, k in G.edges(keys=True) if k == "subject")
    assert page.evaluate("notekg.edgeView.length") == G.number_of_edges() - edges_in_topic
    assert_clean(log)


def test_confidence_filter_and_edge_style(default_kg, default_page_file, open_page):
    page, log = open_page(default_page_file)
    G = default_kg.nx
    inherited = sum(1 for *_, c in G.edges(data="confidence") if c == "heading")
    assert 0 < inherited < G.number_of_edges()
    page.uncheck('input[data-confidence="heading"]')
    assert page.evaluate("notekg.edgeView.length") == G.number_of_edges() - inherited
    dashes = page.evaluate("notekg.edges.get().map(function (e) { return JSON.stringify(e.dashes); })")
    assert {"false", "[8,5]", "[2,5]"} == set(dashes)
    page.check('input[data-confidence="heading"]')
    assert page.evaluate("notekg.edgeView.length") == G.number_of_edges()
    assert_clean(log)


def test_the_picture_is_spread_and_grouped_by_topic(default_kg, default_page_file, open_page):
    page, log = open_page(default_page_file)
    positions = page_positions(page)
    assert spread(positions) > 0.25  # no few outliers squashing the rest into a dot
    assert grouping(positions, paper_topics(default_kg.nx)) <= 0.6
    assert_clean(log)


def test_labels_at_fit_scale_and_edge_labels_on_zoom_or_selection(default_kg, default_page_file, open_page):
    page, log = open_page(default_page_file)
    scale = page.evaluate("notekg.network.getScale()")
    drawn = page.evaluate(
        "() => notekg.network.body.nodeIndices.filter(id => notekg.network.body.nodes[id].labelModule.visible())"
    )
    topics = {node_id(page, n) for n, t in default_kg.nx.nodes(data="type") if t == "Topic"}
    assert 20 <= len(drawn) <= 60 and len(set(drawn) & topics) >= 20  # topics and hubs, not every label
    sizes = page.evaluate("(ids) => ids.map(id => notekg.network.body.nodes[id].options.font.size)", drawn)
    assert all(size * scale >= 12.5 for size in sizes)  # readable on screen
    edge_labels = "() => notekg.network.body.edgeIndices.filter(id => notekg.network.body.edges[id].labelModule.visible()).length"
    assert page.evaluate(edge_labels) == 0
    page.evaluate("(id) => notekg.select(id)", node_id(page, GATED))
    assert page.evaluate(edge_labels) == default_kg.nx.degree(GATED)  # the selection's edges only
    page.evaluate("notekg.clear(); notekg.network.moveTo({scale: 2.5, animation: false})")
    assert page.evaluate(edge_labels) > 0
    assert_clean(log)


def test_notebook_display_is_the_page_in_a_frame(default_kg, tmp_path, browser):
    shown = default_kg._repr_html_()
    assert shown.startswith("<iframe") and 'sandbox="allow-scripts' in shown
    notebook = tmp_path / "notebook.html"  # what Jupyter does with _repr_html_: put it in its page
    notebook.write_text(f"<!DOCTYPE html><html><body><h1>In [1]: kg</h1>{shown}</body></html>", encoding="utf-8")
    url = notebook.resolve().as_uri()
    blocked = []
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.route("**/*", lambda r: r.continue_() if r.request.url == url else (blocked.append(r.request.url), r.abort()))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    frame = page.frame_locator("iframe")
    frame.locator("body[data-ready=true]").wait_for(timeout=30_000)
    assert frame.locator("#counts").inner_text().startswith(f"{default_kg.nx.number_of_nodes()} nodes")
    frame.locator("#search").fill("Gated-SCNN")
    frame.locator("#search").press("Enter")
    assert frame.locator("#details h2").inner_text() == "Gated-SCNN: Gated Shape CNN for Semantic Segmentation"
    assert blocked == [] and errors == []
    context.close()


def test_xss_fixture_does_not_run(tmp_path, open_page):
    kg = graph.build([XSS_NOTES])
    path = tmp_path / "xss.html"
    write_page(kg.nx, path)
    page, log = open_page(path)
    assert page.evaluate("typeof window.__xss") == "undefined"
    injected = "https://w3id.org/notekg/id/paper/arxiv/1901.00001"
    page.evaluate("(id) => notekg.select(id)", node_id(page, injected))
    details = page.inner_text("#details")
    assert "<img src=x onerror=alert(1)>" in details
    assert "<script>window.__xss = 2</script>" in details
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 3
    options = page.locator("#topic option").all_inner_texts()
    assert any('<b>topic</b> & "quotes" <img src=x onerror=alert(1)>' in o for o in options)
    page.fill("#search", "script injection")
    page.press("#search", "Enter")
    assert page.evaluate("document.querySelectorAll('#results img, #details img').length") == 0
    evil = next(n for n, d in kg.nx.nodes(data=True) if d.get("rating") == 4)
    page.evaluate("(id) => notekg.select(id)", node_id(page, evil))
    assert page.locator("#details a").count() == 0  # a javascript: URL is never a link
    for iri in (injected, evil):
        tip = page.evaluate(
            "(id) => { const t = document.getElementById('tooltip'); t.replaceChildren(notekg.nodeTooltip(id));"
            " return [t.textContent, t.querySelectorAll('*:not(strong):not(span):not(p)').length]; }",
            node_id(page, iri),
        )
        assert tip[1] == 0
    assert "<img src=x onerror=alert(1)>" in tip[0] or "javascript" in tip[0]
    time.sleep(0.3)  # give an injected handler time to fire, if one had been created
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert_clean(log)


def test_a_2k_paper_page_is_spread_and_grouped_by_topic(tmp_path, open_page):
    sys.path.insert(0, str(ROOT / "bench"))
    from gen_graph import generate_dataset

    G = to_networkx(generate_dataset(2440))  # 2,003 papers
    path = tmp_path / "papers2k.html"
    write_page(G, path)
    page, log = open_page(path)
    positions = page_positions(page)
    assert len(positions) == G.number_of_nodes()
    assert spread(positions) > 0.25
    assert grouping(positions, paper_topics(G)) <= 0.6
    assert_clean(log)


def test_large_page_opens_as_an_overview_that_opens_up(tmp_path, open_page):
    sys.path.insert(0, str(ROOT / "bench"))
    from gen_graph import generate_dataset

    G = to_networkx(generate_dataset(5000))
    path = tmp_path / "large.html"
    write_page(G, path)
    page, log = open_page(path, timeout=20_000)
    # How fast is measured by bench/bench_page.py (BENCHMARKS.md), not asserted here.
    clusters = page.evaluate("notekg.overview.nodes")
    papers = sum(1 for _, t in G.nodes(data="type") if t == "Paper")
    assert sum(c["papers"] for c in clusters) == papers and sum(c["nodes"] for c in clusters) == G.number_of_nodes()
    assert page.evaluate("notekg.network.body.nodeIndices.length") == len(clusters)  # only the clusters drawn
    assert "overview" in page.inner_text("#counts")
    biggest = max(clusters, key=lambda c: c["papers"])
    assert biggest["size"] >= min(c["size"] for c in clusters)
    # clicking a cluster opens it: its nodes are drawn where it was
    page.evaluate("notekg.network.moveTo({position: {x: 0, y: 0}, scale: 1, animation: false})")
    page.evaluate("(c) => notekg.network.focus(c.id, {scale: 1, animation: false})", biggest)
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    drawn = set(page.evaluate("notekg.network.body.nodeIndices"))
    assert biggest["id"] not in drawn and len(drawn) == len(clusters) - 1 + biggest["nodes"]
    # search finds any paper, and opens the cluster holding it
    paper = next(n for n, d in G.nodes(data=True) if d["type"] == "Paper" and d["short"] == "UNSUPERVISED1089")
    page.fill("#search", "UNSUPERVISED1089")
    page.press("#search", "Enter")
    selected = page.evaluate("notekg.selected")
    assert page.evaluate("(id) => notekg.data.nodes[id].iri", selected) == paper
    assert selected in page.evaluate("notekg.network.body.nodeIndices")
    page.fill("#search", "tech7")
    page.press("#search", "Enter")
    assert page.evaluate("notekg.data.nodes[notekg.selected].aliases") == ["tech7"]
    page.click("#reset")
    assert page.evaluate("notekg.network.body.nodeIndices.length") == len(clusters)
    assert_clean(log)
