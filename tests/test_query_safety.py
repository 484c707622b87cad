"""Local queries are safe to run on any text: no calls out, a time and row limit, no crash.

A query that calls out (SERVICE) is refused unless allowed; one nested or chained deep enough to
overflow Oxigraph's stack gets one error line; --timeout stops a runaway query; --limit cuts rows.
"""

import faulthandler
import json
import re
import signal
import subprocess
import sys

import pyoxigraph as ox
import pytest
from fake_endpoint import FakeEndpoint
from test_queries import FIXTURE_TRIG

from graph.cli import cli
from graph.domain import PREFIXES
from graph.views import isolated
from graph.views.catalogue import list_queries
from graph.views.sparql_text import bind_values, blank_out, check_query

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture
def fixture_file(tmp_path):
    path = tmp_path / "fixture.trig"
    path.write_text(FIXTURE_TRIG, encoding="utf-8")
    return path


@pytest.mark.parametrize("named", list_queries(), ids=lambda q: q.name)
def test_every_named_query_declares_its_prefixes(named):
    # Parsed with no predeclared prefix, as a plain SPARQL endpoint would
    ox.Store().query(named.path.read_text(encoding="utf-8"))
    declared = re.findall(r"(?m)^PREFIX (\w+): <([^>]+)>$", named.path.read_text(encoding="utf-8"))
    assert all(PREFIXES[name] == iri for name, iri in declared)


# --- SERVICE ---------------------------------------------------------------------------------------


def test_service_is_refused(runner, fixture_file):
    with FakeEndpoint() as far:
        result = runner.invoke(cli, ["query", "-g", str(fixture_file), "-e",
                                     f"SELECT * WHERE {{\n  SERVICE <{far.url}/sparql> {{ ?s ?p ?o }}\n}}"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: SERVICE at line 2, column 3 would send the query to another endpoint: "
        "refused (notekg query --allow-service allows it)\n"
    )
    assert far.requests == []


def test_the_word_service_elsewhere_is_no_service(runner, fixture_file):
    result = runner.invoke(cli, ["query", "-g", str(fixture_file), "-f", "tsv", "-e",
                                 'SELECT ?service WHERE { ?p nk:award ?service FILTER(?service != "SERVICE") }'])
    assert (result.exit_code, result.output) == (0, "service\nBEST PAPER\n")


def test_allow_service_calls_the_endpoint(runner, fixture_file):
    answer = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "far away"}}]}}
    with FakeEndpoint(body=json.dumps(answer).encode(), content_type="application/sparql-results+json") as far:
        result = runner.invoke(cli, ["query", "-g", str(fixture_file), "--allow-service", "-f", "tsv", "-e",
                                     f"SELECT ?x WHERE {{ SERVICE <{far.url}/sparql> {{ ?s ?p ?x }} }}"])
    assert (result.exit_code, result.output) == (0, "x\nfar away\n")
    assert len(far.requests) == 1


# --- hostile text ------------------------------------------------------------------------------------


def test_a_query_nested_50000_deep_is_one_error_line(tmp_path, fixture_file):
    # In a process of its own: without the check, Oxigraph overflows its stack (SIGSEGV)
    nested = "SELECT * WHERE " + "{" * 50_000 + " ?s ?p ?o " + "}" * 50_000
    run = subprocess.run([sys.executable, "-m", "graph", "query", "-g", str(fixture_file), "-e", nested],
                         capture_output=True, text=True, timeout=60)
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr == "Error: the query nests brackets 50000 deep; notekg runs queries nested at most 64 deep\n"


@pytest.mark.parametrize("body", [
    "FILTER(" + " + ".join(["1"] * 50_000) + ")",
    " UNION ".join(["{ ?s ?p ?o }"] * 50_000),
    "FILTER(" + "!" * 50_000 + "true)",
])
def test_long_chains_are_refused_before_the_engine_sees_them(runner, fixture_file, body):
    result = runner.invoke(cli, ["query", "-g", str(fixture_file), "-e", f"SELECT * WHERE {{ {body} }}"])
    assert result.exit_code == 1
    assert re.fullmatch(r"Error: the query has \d+ terms; notekg runs queries of at most 5000 terms\n",
                        result.output)


def test_brackets_in_strings_iris_and_comments_do_not_count():
    text = '# {{{{\nSELECT * WHERE { ?s ?p "((((((" . ?s <urn:x(> ?o }'
    assert blank_out(text).count("(") == 0
    check_query(text.replace("((((((", "(" * 100))


# --- time and row limits -------------------------------------------------------------------------------


def test_timeout_stops_a_runaway_query(runner, fixture_file):
    result = runner.invoke(cli, ["query", "-g", str(fixture_file), "--timeout", "0.5", "-e", CARTESIAN])
    assert (result.exit_code, result.output) == (1, "Error: query stopped after 0.5 s: it ran longer than the time limit\n")


def test_a_query_under_its_timeout_answers_as_usual(runner, fixture_file):
    result = runner.invoke(cli, ["query", "awards", "-g", str(fixture_file), "--timeout", "30", "-f", "csv"])
    assert result.exit_code == 0
    assert result.output == "award,title,rating,topic\nBEST PAPER,Wasserstein GAN with quadratic transport cost,9,GANs\n"


def test_a_crash_in_the_engine_is_one_error(monkeypatch):
    def crash(*args, **kwargs):
        faulthandler.disable()  # pytest's would print the child's stack
        signal.raise_signal(signal.SIGSEGV)

    monkeypatch.setattr(isolated, "run_query", crash)
    with pytest.raises(Exception) as raised:
        isolated.run_isolated(ox.Store(), "ASK {}", timeout=30)
    assert str(raised.value) == "the query crashed the query engine (SIGSEGV); simplify it"


def test_limit_cuts_rows_and_says_so(runner, fixture_file):
    result = runner.invoke(cli, ["query", "-g", str(fixture_file), "--limit", "2", "-f", "tsv", "-e",
                                 "SELECT ?r WHERE { ?p nk:rating ?r } ORDER BY DESC(?r)"])
    assert result.exit_code == 0
    assert result.stdout == "r\n10\n9\n"
    assert result.stderr == "(only the first 2 rows: --limit 2)\n"


def test_limit_above_the_row_count_says_nothing(runner, fixture_file):
    result = runner.invoke(cli, ["query", "-g", str(fixture_file), "--limit", "10", "-f", "tsv", "-e",
                                 "SELECT ?r WHERE { ?p nk:rating ?r } ORDER BY DESC(?r)"])
    assert (result.stdout, result.stderr) == ("r\n10\n9\n8\n", "")


# --- parameters as text, for endpoints ----------------------------------------------------------------


def test_bound_values_give_the_same_rows_as_substitutions(fixture_file):
    store = ox.Store()
    store.bulk_load(path=str(fixture_file), format=ox.RdfFormat.TRIG)
    query = (
        "PREFIX nk: <https://w3id.org/notekg/vocab#>\n"
        "SELECT ?p ?r ?min WHERE { VALUES ?min { UNDEF } ?p nk:rating ?r FILTER(?r >= ?min) }"
    )
    substituted = store.query(query, substitutions={ox.Variable("min"): ox.Literal(9)}, use_default_graph_as_union=True)
    bound = store.query(bind_values(query, {"min": "9"}), use_default_graph_as_union=True)
    assert sorted(str(s["r"]) for s in bound) == sorted(str(s["r"]) for s in substituted) == [
        '"10"^^<http://www.w3.org/2001/XMLSchema#integer>', '"9"^^<http://www.w3.org/2001/XMLSchema#integer>'
    ]
