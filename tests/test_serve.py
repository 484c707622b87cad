"""`notekg serve`: the graph over the SPARQL 1.1 Protocol, checked with plain HTTP requests.

One server (the real command, on waitress) runs for the module on a port of 127.0.0.1 it picks
itself (--port 0), with a 1 s time limit and a 50-row limit.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from fake_endpoint import FakeEndpoint

from graph.cli import cli
from graph.rdf.read import read_store
from graph.views.catalogue import list_queries
from graph.views.sparql import run_query

NOTES = """# Gamma's notes
## Segmentation
- [9/10] [Gated-SCNN: Gated Shape CNNs for Semantic Segmentation](https://arxiv.org/abs/1907.05740)
  uses boundaries, better than DeepLabV3+
- [7/10] [ACFNet: Attentional Class Feature Network](https://arxiv.org/abs/1909.09408)
## Detection
- [8/10] [FCOS: Fully Convolutional One-Stage Object Detection](https://arxiv.org/abs/1904.01355)
"""

PAPERS = "SELECT ?title ?rating WHERE { ?p a nk:Paper ; rdfs:label ?title ; nk:rating ?rating } ORDER BY ?title"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gamma")
    (folder / "gamma.md").write_text(NOTES, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(folder / "gamma.md"), "-o", str(folder / "out")])
    assert result.exit_code == 0, result.output
    return folder / "out" / "graph.nq"


@pytest.fixture(scope="module")
def server(built, tmp_path_factory):
    """`notekg serve` in its own process; yields its base URL."""
    log = tmp_path_factory.mktemp("log") / "serve.log"
    env = {**os.environ, "no_proxy": "127.0.0.1,localhost"}
    env.pop("http_proxy", None), env.pop("HTTP_PROXY", None)
    with log.open("w") as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "graph", "serve", "-g", str(built), "--port", "0", "--timeout", "1",
             "--limit", "50"], stdout=subprocess.PIPE, stderr=errors, text=True, env=env)
        try:
            line = process.stdout.readline()
            found = re.search(r"at (http://127\.0\.0\.1:\d+)/sparql, its page at", line)
            assert found, f"notekg serve said {line!r}; {log.read_text()}"
            yield found.group(1)
        finally:
            process.terminate()
            process.wait(timeout=15)
    assert process.returncode == 0  # SIGTERM stops it cleanly


def get(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None):
    """(status, headers, body) of a request."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def ask(server: str, sparql: str, accept: str = "application/sparql-results+json", via: str = "GET"):
    if via == "GET":
        return get(f"{server}/sparql?{urlencode({'query': sparql})}", headers={"Accept": accept})
    if via == "form":
        return get(f"{server}/sparql", data=urlencode({"query": sparql}).encode(),
                   headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
    return get(f"{server}/sparql", data=sparql.encode(), headers={"Accept": accept,
                                                                   "Content-Type": "application/sparql-query"})


def rows_of_json(body: bytes) -> list[dict[str, str]]:
    document = json.loads(body)
    return [{name: term["value"] for name, term in row.items()} for row in document["results"]["bindings"]]


@pytest.mark.parametrize("via", ["GET", "form", "direct"])
def test_a_select_by_get_and_post_answers_as_locally(server, built, via):
    status, headers, body = ask(server, PAPERS, via=via)
    assert status == 200
    assert headers["Content-Type"] == "application/sparql-results+json; charset=utf-8"
    assert rows_of_json(body) == [{k: str(v) for k, v in row.items()} for row in run_query(read_store(built), PAPERS).dicts()]
    assert [row["title"] for row in rows_of_json(body)][0] == "ACFNet: Attentional Class Feature Network"


@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv; charset=utf-8"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
    ("text/html, application/xml;q=0.9, */*;q=0.8", "application/sparql-results+xml"),
])
def test_results_come_in_the_format_accept_asks_for(server, accept, media):
    status, headers, body = ask(server, PAPERS, accept=accept)
    assert (status, headers["Content-Type"].replace("; charset=utf-8", "")) == (200, media.split(";")[0])
    if media.startswith("text/csv"):
        assert body.decode().splitlines()[:2] == ["title,rating", "ACFNet: Attentional Class Feature Network,7"]
    else:
        fmt = ox.QueryResultsFormat.from_media_type(media)
        assert [str(s["rating"]) for s in ox.parse_query_results(body, fmt)][0].startswith('"7"')


def test_ask_and_construct(server):
    status, _, body = ask(server, "ASK { ?p nk:rating 9 }")
    assert (status, json.loads(body)) == (200, {"head": {}, "boolean": True})
    status, headers, body = ask(server, "CONSTRUCT { ?p nk:rating ?r } WHERE { ?p nk:rating ?r }",
                                accept="application/n-triples")
    assert headers["Content-Type"].startswith("application/n-triples")
    assert len(list(ox.parse(body, ox.RdfFormat.N_TRIPLES))) == 3


def test_the_named_queries_run(server, built):
    for named in list_queries():
        status, _, body = ask(server, named.path.read_text(encoding="utf-8"), via="form")
        assert status == 200, (named.name, body)


# --- read-only and bounded -------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["sparql-update", "update field", "update as a query"])
def test_an_update_gets_403_and_changes_nothing(server, how):
    before = rows_of_json(ask(server, TRIPLES)[2])
    update = "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }"
    if how == "sparql-update":
        status, _, body = get(f"{server}/sparql", data=update.encode(),
                              headers={"Content-Type": "application/sparql-update"})
    elif how == "update field":
        status, _, body = get(f"{server}/sparql", data=urlencode({"update": update}).encode(),
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
    else:
        status, _, body = ask(server, update, via="form")
    assert (status, body) == (403, b"this endpoint is read-only: SPARQL Update is refused\n")
    assert rows_of_json(ask(server, TRIPLES)[2]) == before
    assert int(before[0]["n"]) > 100


def test_service_gets_403_and_calls_nobody(server):
    with FakeEndpoint() as far:
        status, _, body = ask(server, f"SELECT * WHERE {{ SERVICE <{far.url}/sparql> {{ ?s ?p ?o }} }}")
    assert (status, body) == (403, b"SERVICE at line 1, column 18 is refused: this server never calls other endpoints\n")
    assert far.requests == []


def test_a_query_past_the_time_limit_gets_503_and_the_server_goes_on(server):
    started = time.monotonic()
    status, _, body = ask(server, CARTESIAN)
    assert (status, body) == (503, b"query stopped after 1 s: it ran longer than the time limit\n")
    assert time.monotonic() - started < 10
    assert ask(server, "ASK { ?p nk:rating 9 }")[0] == 200


def test_rows_past_the_limit_are_cut_and_the_header_says_so(server):
    status, headers, body = ask(server, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert (status, len(rows_of_json(body)), headers["X-SPARQL-MaxRows"]) == (200, 50, "50")
    status, headers, body = ask(server, PAPERS)
    assert "X-SPARQL-MaxRows" not in headers


def test_a_hostile_query_gets_400_and_the_server_goes_on(server):
    nested = "SELECT * WHERE " + "{" * 50_000 + "}" * 50_000
    status, _, body = ask(server, nested, via="direct")
    assert (status, body) == (400, b"the query nests brackets 50000 deep; notekg runs queries nested at most 64 deep\n")
    status, _, body = ask(server, "SELECT ?x WHERE { ?x ?y }")
    assert status == 400 and body.startswith(b"SPARQL syntax error at line 1, column 26")
    assert ask(server, "ASK {}")[0] == 200


def test_other_paths_and_methods(server):
    assert get(f"{server}/data")[0] == 404
    status, headers, _ = get(f"{server}/sparql", data=b"", method="PUT")
    assert (status, headers["Allow"]) == (405, "GET, HEAD, POST")
    status, _, body = get(f"{server}/sparql?query=ASK%7B%7D&default-graph-uri=urn:x")
    assert status == 400 and b"default-graph-uri" in body


# --- pages ---------------------------------------------------------------------------------------


def test_the_page_is_the_built_graph_html(server, built):
    status, headers, body = get(f"{server}/")
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert body == (built.parent / "graph.html").read_bytes()


def test_the_query_page_lists_the_named_queries_and_loads_nothing_from_elsewhere(server):
    status, headers, body = get(f"{server}/sparql", headers={"Accept": "text/html"})
    page = body.decode()
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    listed = json.loads(re.search(r'<script id="queries" type="application/json">(.*?)</script>', page, re.S).group(1))
    assert [q["name"] for q in listed] == [q.name for q in list_queries()]
    assert not re.search(r"<(script|link|img)\b[^>]*\b(src|href)=", page)
    assert "each query may run 1 s and sends at most 50 rows" in page


def test_serve_refuses_an_address_in_use(built, runner):
    with FakeEndpoint() as taken:
        port = taken.url.rsplit(":", 1)[1]
        result = runner.invoke(cli, ["serve", "-g", str(built), "--port", port])
    assert result.exit_code == 1
    assert result.output == f"Error: cannot listen on 127.0.0.1:{port}: address already in use\n"


@pytest.mark.skipif(not os.path.exists("/usr/bin/chromium") and not os.environ.get("CI"),
                    reason="/usr/bin/chromium is not installed (make test installs it)")
def test_the_query_page_runs_a_named_query_in_a_browser(server):
    from playwright.sync_api import sync_playwright

    blocked, errors = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server)
                   else (blocked.append(r.request.url), r.abort()))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{server}/sparql")
        page.select_option("#named", "top-rated")
        assert "SELECT ?topic ?rating ?title" in page.input_value("#query")
        page.click("#run")
        page.wait_for_selector("#results table tbody tr")
        headers = page.locator("#results th").all_inner_texts()
        first = page.locator("#results tbody tr").first.locator("td").all_inner_texts()
        status = page.inner_text("#status")
        browser.close()
    assert headers == ["topic", "rating", "title"]
    assert first == ["Segmentation", "9", "Gated-SCNN: Gated Shape CNNs for Semantic Segmentation"]
    assert re.fullmatch(r"2 rows · [\d.]+ s", status)
    assert (blocked, errors) == ([], [])
