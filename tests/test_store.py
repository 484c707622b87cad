"""The graph on a real SPARQL store: push into an Oxigraph server, query it with --endpoint.

Each test starts `oxigraph serve` (PyPI `oxigraph`, in the test extra) on a free port of
127.0.0.1 with its own folder, and stops it after. Errors a real store will not produce on demand
(401, 403, 413, a slow answer) come from tests/fake_endpoint.py. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import base64
import re
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox
import pytest
from fake_endpoint import FakeEndpoint

from graph.cli import cli
from graph.rdf.read import read_store
from graph.views.catalogue import list_queries
from graph.views.endpoint import prepare_query, query_endpoint
from graph.views.sparql import run_query

ALPHA = """# Alpha's notes
## Segmentation
- [8/10] [Gated-SCNN: Gated Shape CNNs](https://arxiv.org/abs/1907.05740) uses boundaries
- [6/10] [A paper to drop later](https://arxiv.org/abs/1901.00001)
"""

BETA = """# Beta's notes
## Detection
- [7/10] [FCOS: Fully Convolutional One-Stage Object Detection](https://arxiv.org/abs/1904.01355)
"""


@pytest.fixture(autouse=True)
def _local_only(monkeypatch, tmp_path):
    """Requests to 127.0.0.1 skip any proxy; no credentials but the ones a test sets."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NOTEKG_USER", "NOTEKG_PASSWORD",
                 "NOTEKG_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def oxigraph_server(folder: Path, *, union: bool = False):
    """`oxigraph serve` on a free port of 127.0.0.1, storing into `folder`; yields its base URL."""
    program = shutil.which("oxigraph", path=f"{Path(sys.executable).parent}:{shutil.os.environ.get('PATH', '')}")
    if program is None:
        pytest.fail("the oxigraph server is not installed: pip install -e '.[test]'")
    port = free_port()
    command = [program, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command + (["--union-default-graph"] if union else []),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"oxigraph serve did not start: {' '.join(command)}")
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def store_url(tmp_path):
    with oxigraph_server(tmp_path / "store") as url:
        yield url


@pytest.fixture(scope="module")
def default_graph_file(tmp_path_factory, default_kg):
    path = tmp_path_factory.mktemp("built") / "graph.nq"
    default_kg.export("nq", path)
    return path


@pytest.fixture(scope="module")
def alpha_graph(tmp_path_factory):
    """Alpha's notes, built once (for the tests of refusals)."""
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("alpha")
    (folder / "alpha.md").write_text(ALPHA, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(folder / "alpha.md"), "-o", str(folder), "--no-page"])
    assert result.exit_code == 0, result.output
    return folder / "graph.nq"


@pytest.fixture(scope="module")
def pushed(tmp_path_factory, default_graph_file):
    """The default notes pushed into a server started without a union default graph."""
    from click.testing import CliRunner

    with oxigraph_server(tmp_path_factory.mktemp("store")) as url:
        result = CliRunner().invoke(cli, ["push", "--endpoint", f"{url}/query", "-g", str(default_graph_file)])
        assert result.exit_code == 0, result.output
        yield url


def rows(result, sparql: str = "") -> list[tuple[str, ...]]:
    """Rows as sorted text. Blank node labels differ between stores, and so may the order of the
    values GROUP_CONCAT joins (SPARQL leaves it open): those are compared sorted."""
    concatenated = set(re.findall(r"GROUP_CONCAT\(.*?\) AS \?(\w+)", sparql))

    def text(name: str, term) -> str:
        if term is None:
            return ""
        if isinstance(term, ox.BlankNode):
            return "_:b"
        if name in concatenated:
            return ", ".join(sorted(term.value.split(", ")))
        return str(term)

    return sorted(tuple(text(name, term) for name, term in zip(result.variables, row)) for row in result.terms)


# --- push and query --endpoint ---------------------------------------------------------------------


@pytest.mark.parametrize("named", list_queries(), ids=lambda q: q.name)
def test_every_named_query_runs_unchanged_and_answers_as_locally(pushed, default_graph_file, named):
    text = named.path.read_text(encoding="utf-8")
    assert prepare_query(text) == text  # sent exactly as written
    local = run_query(read_store(default_graph_file), text)
    remote = query_endpoint(f"{pushed}/query?union-default-graph", text)
    assert remote.variables == local.variables
    assert rows(remote, text) == rows(local, text)
    assert len(local) > 0


def test_cli_query_endpoint_with_params_prints_as_locally(runner, pushed, default_graph_file):
    args = ["query", "evidence", "-p", "predicate=nk:replaces", "-f", "csv"]
    local = runner.invoke(cli, args + ["-g", str(default_graph_file)])
    remote = runner.invoke(cli, args + ["--endpoint", f"{pushed}/query?union-default-graph"])
    assert remote.exit_code == 0, remote.output
    assert sorted(remote.output.splitlines()) == sorted(local.output.splitlines())
    assert len(local.output.splitlines()) > 2


def test_query_endpoint_ask_construct_and_limit(runner, pushed):
    endpoint = f"{pushed}/query?union-default-graph"
    ask = runner.invoke(cli, ["query", "--endpoint", endpoint, "-e", "ASK { ?p nk:rating 11 }"])
    assert (ask.exit_code, ask.output) == (1, "false\n")
    construct = runner.invoke(cli, ["query", "--endpoint", endpoint, "-e",
                                    "CONSTRUCT { ?p nk:rating ?r } WHERE { ?p nk:arxivId '1907.05740' ; nk:rating ?r }"])
    assert construct.exit_code == 0
    assert "<https://w3id.org/notekg/id/paper/arxiv/1907.05740> nk:rating 8 ." in construct.output
    limited = runner.invoke(cli, ["query", "--endpoint", endpoint, "--limit", "2", "-f", "tsv", "-e",
                                  "SELECT ?p WHERE { ?p a nk:Paper }"])
    assert len(limited.stdout.splitlines()) == 3
    assert limited.stderr == "(only the first 2 rows: --limit 2)\n"


def test_without_the_union_the_default_graph_holds_only_what_was_put_there(pushed):
    # The notes graph is a named graph: a plain query sees none of it, GRAPH ?g does
    plain = query_endpoint(f"{pushed}/query", "SELECT (COUNT(*) AS ?n) WHERE { ?p a nk:Paper }")
    named = query_endpoint(f"{pushed}/query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?p a nk:Paper } }")
    assert plain.dicts() == [{"n": 0}]
    assert named.dicts() == [{"n": 123}]


def test_a_syntax_error_from_the_store_is_one_line_and_exit_2(runner, pushed):
    result = runner.invoke(cli, ["query", "--endpoint", f"{pushed}/query", "-e", "SELECT ?x WHERE { ?x ?y }"])
    assert result.exit_code == 2
    assert re.fullmatch(r"Error: -e: the endpoint refused the query \(HTTP 400\): error at 1:26: .*\n", result.output)


def test_push_replaces_a_file_graph_and_leaves_others_alone(runner, store_url, write_notes):
    alpha, beta = write_notes("alpha.md", ALPHA), write_notes("beta.md", BETA)
    endpoint = f"{store_url}/query"
    for notes in (alpha, beta):
        assert runner.invoke(cli, ["push", "--endpoint", endpoint, "-g", str(notes)]).exit_code == 0
    alpha.write_text(ALPHA.replace("- [6/10] [A paper to drop later](https://arxiv.org/abs/1901.00001)\n", ""))
    result = runner.invoke(cli, ["push", "--endpoint", endpoint, "-g", str(alpha)])
    assert result.exit_code == 0, result.output
    papers = query_endpoint(endpoint, "SELECT ?g ?title WHERE { GRAPH ?g { ?p a nk:Paper ; rdfs:label ?title } }")
    assert rows(papers) == [
        ("<https://w3id.org/notekg/id/notes/alpha>", '"Gated-SCNN: Gated Shape CNNs"'),
        ("<https://w3id.org/notekg/id/notes/beta>", '"FCOS: Fully Convolutional One-Stage Object Detection"'),
    ]
    # Nothing stale: the store's alpha graph is exactly the rebuilt one
    local = read_store(_built(runner, alpha))
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/notekg/id/notes/alpha> { ?s ?p ?o } }"
    assert query_endpoint(endpoint, count).dicts() == run_query(local, count).dicts()


def _built(runner, notes: Path) -> Path:
    out = notes.parent / "out"
    assert runner.invoke(cli, ["build", str(notes), "-o", str(out), "--no-page"]).exit_code == 0
    return out / "graph.nq"


def test_push_output_lists_each_graph(runner, store_url, alpha_graph):
    result = runner.invoke(cli, ["push", "--endpoint", f"{store_url}/query", "-g", str(alpha_graph)])
    lines = result.stdout.splitlines()
    assert re.fullmatch(rf"pushed 2 graphs \(\d+ triples, [\d.]+ kB of N-Triples\) to {store_url}/store in [\d.]+ s",
                        lines[0])
    assert re.fullmatch(r"  replace  https://w3id.org/notekg/id/notes/alpha   +\d+ triples +[\d.]+ kB", lines[1])
    assert re.fullmatch(r"  add to   https://w3id.org/notekg/id/vocabulary +\d+ triples +[\d.]+ kB", lines[2])


def test_dry_run_sends_nothing(runner, store_url, alpha_graph):
    result = runner.invoke(cli, ["push", "--endpoint", f"{store_url}/query", "-g", str(alpha_graph), "--dry-run"])
    assert result.exit_code == 0
    assert result.stdout.startswith("would send 2 graphs (")
    assert query_endpoint(f"{store_url}/query", "ASK { GRAPH ?g { ?s ?p ?o } }").boolean is False


def test_default_graph_option_for_stores_without_a_union(runner, store_url, alpha_graph):
    result = runner.invoke(cli, ["push", "--endpoint", f"{store_url}/query", "-g", str(alpha_graph),
                                 "--default-graph"])
    assert result.exit_code == 0, result.output
    assert "  replace  (default graph)" in result.stdout
    found = runner.invoke(cli, ["query", "top-rated", "--endpoint", f"{store_url}/query", "-f", "tsv"])
    assert found.output == "topic\trating\ttitle\nSegmentation\t8\tGated-SCNN: Gated Shape CNNs\n"


# --- errors: one line each --------------------------------------------------------------------------


def test_an_unreachable_store(runner, alpha_graph):
    port = free_port()
    result = runner.invoke(cli, ["push", "--endpoint", f"http://127.0.0.1:{port}/query", "-g", str(alpha_graph)])
    assert (result.exit_code, result.output) == (1, f"Error: cannot reach 127.0.0.1:{port}: connection refused\n")


@pytest.mark.parametrize("status, body, message", [
    (401, b"", "{host} asks for credentials (HTTP 401): set NOTEKG_USER and NOTEKG_PASSWORD, or add 127.0.0.1 to ~/.netrc"),
    (403, b"read only", "{host} does not allow graph uploads (HTTP 403): read only"),
    (413, b"", "{host} refused graph <https://w3id.org/notekg/id/notes/alpha> as too large (HTTP 413: {size} kB); "
               "raise the store's upload limit"),
    (400, b"<html><body><h1>Bad data</h1>\n<p>line 3: expected IRI</p></body></html>",
     "{host} rejected the data of graph <https://w3id.org/notekg/id/notes/alpha> (HTTP 400): Bad data"),
    (405, b"PUT is not supported", "{url}/store takes no graph uploads (HTTP 405): PUT is not supported; "
                                   "give the store's Graph Store Protocol URL with --graph-store"),
])
def test_a_store_that_refuses(runner, alpha_graph, status, body, message):
    alpha = alpha_graph
    with FakeEndpoint(status=status, body=body, content_type="text/html" if body.startswith(b"<") else "text/plain") as fake:
        result = runner.invoke(cli, ["push", "--endpoint", f"{fake.url}/query", "-g", str(alpha)])
    size = re.search(r"\(HTTP 413: ([\d.]+) kB\)", result.output)
    expected = message.format(host=fake.url.removeprefix("http://"), url=fake.url, size=size.group(1) if size else "")
    assert (result.exit_code, result.output) == (1, f"Error: {expected}\n")
    assert len(fake.requests) == 1  # the first refusal stops the push


def test_credentials_come_from_netrc_or_the_environment(runner, alpha_graph, tmp_path, monkeypatch):
    alpha = alpha_graph
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login alice password s3cret\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    with FakeEndpoint(status=401) as fake:
        result = runner.invoke(cli, ["push", "--graph-store", f"{fake.url}/store", "-g", str(alpha)])
        monkeypatch.setenv("NOTEKG_USER", "bob")
        monkeypatch.setenv("NOTEKG_PASSWORD", "pa55")
        runner.invoke(cli, ["push", "--graph-store", f"{fake.url}/store", "-g", str(alpha)])
    assert result.output == (f"Error: {fake.url.removeprefix('http://')} refused the credentials (HTTP 401); "
                             "check NOTEKG_USER/NOTEKG_PASSWORD, NOTEKG_TOKEN or ~/.netrc\n")
    sent = [base64.b64decode(r.headers["Authorization"].removeprefix("Basic ")) for r in fake.requests]
    assert sent == [b"alice:s3cret", b"bob:pa55"]
    assert unquote(fake.requests[0].path) == "/store?graph=https://w3id.org/notekg/id/notes/alpha"
    assert fake.requests[0].headers["Content-Type"] == "application/n-triples"


def test_credentials_in_the_url_are_refused(runner, alpha_graph):
    result = runner.invoke(cli, ["push", "--graph-store", "http://alice:s3cret@127.0.0.1:9/store", "-g",
                                 str(alpha_graph)])
    assert result.exit_code == 1
    assert result.output == ("Error: the URL holds credentials: put them in NOTEKG_USER and NOTEKG_PASSWORD, "
                             "or in ~/.netrc, never on the command line\n")


def test_an_endpoint_url_whose_graph_store_cannot_be_guessed(runner, alpha_graph):
    result = runner.invoke(cli, ["push", "--endpoint", "http://127.0.0.1:9/lab/v1/sparql", "-g", str(alpha_graph)])
    assert result.output == ("Error: cannot tell where http://127.0.0.1:9/lab/v1/sparql takes graph uploads; "
                             "give the store's Graph Store Protocol URL with --graph-store\n")


def test_a_slow_endpoint_times_out(runner):
    with FakeEndpoint(delay=3) as slow:
        result = runner.invoke(cli, ["query", "top-rated", "--endpoint", f"{slow.url}/query", "--timeout", "0.5"])
    assert (result.exit_code, result.output) == (
        1, f"Error: no answer from {slow.url.removeprefix('http://')} within 0.5 s\n")


def test_an_endpoint_that_answers_something_else(runner):
    with FakeEndpoint(body=b"<html>hello</html>", content_type="text/html") as page:
        result = runner.invoke(cli, ["query", "top-rated", "--endpoint", f"{page.url}/"])
    assert result.output == (f"Error: {page.url}/ answered text/html, not SPARQL results; "
                             "is it a SPARQL query endpoint?\n")


def test_query_endpoint_refuses_graph_and_allow_service(runner):
    both = runner.invoke(cli, ["query", "top-rated", "--endpoint", "http://127.0.0.1:9/query", "-g", "x.nq"])
    service = runner.invoke(cli, ["query", "top-rated", "--endpoint", "http://127.0.0.1:9/query", "--allow-service"])
    assert both.exit_code == service.exit_code == 2
    assert "Error: --graph and --endpoint exclude each other" in both.output
    assert "Error: --allow-service is for the local graph; the endpoint decides about SERVICE" in service.output


def test_a_store_that_does_not_answer_in_time(runner, alpha_graph):
    with FakeEndpoint(delay=3) as slow:
        result = runner.invoke(cli, ["push", "--graph-store", f"{slow.url}/store", "-g", str(alpha_graph),
                                     "--timeout", "0.5"])
    assert result.exit_code == 1
    assert re.fullmatch(rf"Error: {slow.url.removeprefix('http://')} did not answer within 0.5 s while taking graph "
                        r"<https://w3id.org/notekg/id/notes/alpha> \([\d.]+ kB\); a longer --timeout gives it more time\n",
                        result.output), result.output
