"""SPARQL on Oxigraph: loading, parameters, result kinds, refusals, output formats and the CLI."""

import json
from decimal import Decimal

import pytest
import rdflib
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from test_queries import FIXTURE_TRIG, fixture_dataset

from graph.cli import cli
from graph.errors import BadQuery, NotekgError
from graph.knowledge_graph import load_store
from graph.views.catalogue import list_queries
from graph.views.results import QueryResult, format_result
from graph.views.sparql import QuerySyntaxError, param_term, parse_param, run_query, to_store
from graph.vocab import DEFAULT_BASE, NK

ID = DEFAULT_BASE
PAPERS_BY_RATING = "SELECT ?title ?rating WHERE { ?p a nk:Paper ; rdfs:label ?title ; nk:rating ?rating } ORDER BY DESC(?rating)"


@pytest.fixture(scope="module")
def ds():
    return fixture_dataset()


@pytest.fixture
def fixture_file(tmp_path):
    path = tmp_path / "fixture.trig"
    path.write_text(FIXTURE_TRIG, encoding="utf-8")
    return path


# --- engine ----------------------------------------------------------------------------------


def test_runs_on_oxigraph_never_on_rdflib(ds, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("rdflib's SPARQL engine was used")

    monkeypatch.setattr(rdflib.Graph, "query", refuse)
    monkeypatch.setattr(rdflib.Dataset, "query", refuse, raising=False)
    result = run_query(ds, PAPERS_BY_RATING)
    assert result.rows[0] == (Literal("Drop an Octave"), Literal(10))


def test_queries_the_union_of_named_graphs_and_the_default_graph(ds):
    # nk:Paper triples live in the notes graph, the ontology's labels in the default graph
    found = run_query(ds, "SELECT ?label WHERE { ?p a nk:Paper ; nk:uses ?c . nk:uses rdfs:label ?label } LIMIT 1")
    assert found.dicts() == [{"label": "uses"}]


def test_named_graphs_stay_available_with_graph(ds):
    found = run_query(ds, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?p a nk:Paper } }")
    assert [str(g) for (g,) in found] == [ID + "notes/fixture"]


def test_a_query_prefix_wins_over_the_predeclared_one(ds):
    found = run_query(ds, "PREFIX nk: <http://example.org/> SELECT * WHERE { ?p a nk:Paper }")
    assert len(found) == 0


def test_loads_a_built_file_directly(fixture_file):
    store = to_store(fixture_file)
    assert len(run_query(store, PAPERS_BY_RATING)) == 3
    assert load_store(fixture_file) is not None


def test_a_broken_file_is_one_error(tmp_path):
    bad = tmp_path / "graph.nq"
    bad.write_text("<a> <b> .\n")
    with pytest.raises(NotekgError, match=r"graph.nq: not valid RDF"):
        to_store(bad)


def test_kg_query_uses_run_query(default_kg):
    result = default_kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?p a nk:Paper }")
    assert isinstance(result, QueryResult)
    assert result.dicts()[0]["n"] > 100


# --- result kinds ------------------------------------------------------------------------------


def test_select_rows_are_rdflib_terms_and_dicts_are_python(ds):
    result = run_query(ds, PAPERS_BY_RATING)
    assert result.variables == ["title", "rating"]
    assert all(isinstance(title, Literal) for title, _ in result)
    assert result.dicts()[:2] == [{"title": "Drop an Octave", "rating": 10},
                                  {"title": "Wasserstein GAN with quadratic transport cost", "rating": 9}]


def test_unbound_values_are_none(ds):
    result = run_query(ds, "SELECT ?title ?award WHERE { ?p a nk:Paper ; rdfs:label ?title OPTIONAL { ?p nk:award ?award } } ORDER BY ?title")
    assert result.rows[0] == (Literal("A paper from the workshop"), None)
    assert result.dicts()[0] == {"title": "A paper from the workshop"}


def test_ask_is_a_boolean(ds):
    assert bool(run_query(ds, "ASK { ?p nk:rating 10 }")) is True
    result = run_query(ds, "ASK { ?p nk:rating 11 }")
    assert result.kind == "ask" and result.boolean is False and not result


def test_construct_and_describe_give_graphs(ds):
    result = run_query(ds, "CONSTRUCT { ?p nk:rating ?r } WHERE { ?p nk:award ?a ; nk:rating ?r }")
    assert result.kind == "graph"
    assert set(result.graph) == {(URIRef(ID + "paper/wgan-qc"), NK.rating, Literal(9))}
    described = run_query(ds, "DESCRIBE <https://w3id.org/notekg/id/paper/gated-scnn>")
    assert (URIRef(ID + "paper/gated-scnn"), NK.rating, Literal(8)) in described.graph


# --- parameters --------------------------------------------------------------------------------


@pytest.mark.parametrize("text, term", [
    ("p=<https://example.org/x>", URIRef("https://example.org/x")),
    ("p=https://arxiv.org/abs/1904.05049", URIRef("https://arxiv.org/abs/1904.05049")),
    ("p=nk:Paper", NK.Paper),
    ("p=id:paper/arxiv/1904.05049", URIRef(ID + "paper/arxiv/1904.05049")),
    ("p=42", Literal("42", datatype=XSD.integer)),
    ("p=-3", Literal("-3", datatype=XSD.integer)),
    ("p=4.5", Literal("4.5", datatype=XSD.decimal)),
    ("p=true", Literal("true", datatype=XSD.boolean)),
    ('p="42"', Literal("42")),
    ("p=Octave convolution", Literal("Octave convolution")),
    ("p=Note: a title", Literal("Note: a title")),
    ("p=unknown:prefix", Literal("unknown:prefix")),
    ("?p=x", Literal("x")),
])
def test_parameters_are_typed(text, term):
    assert parse_param(text) == ("p", term)


def test_python_values_are_typed():
    assert param_term(7) == Literal(7)
    assert param_term(Decimal("7.5")).datatype == XSD.decimal
    assert param_term(False) == Literal(False)
    assert param_term(Literal("nk:Paper")) == Literal("nk:Paper")


@pytest.mark.parametrize("text", ["noequals", "=x", "bad name=x"])
def test_bad_parameters(text):
    with pytest.raises(BadQuery):
        parse_param(text)


def test_parameters_are_substituted(ds):
    query = "SELECT ?paper ?title WHERE { ?paper a nk:Paper ; rdfs:label ?title }"
    result = run_query(ds, query, {"paper": "id:paper/gated-scnn"})
    assert result.dicts() == [{"paper": ID + "paper/gated-scnn", "title": "Gated-SCNN"}]


def test_a_filter_parameter_is_declared_with_values_undef(ds):
    query = "SELECT ?min ?title WHERE { VALUES ?min { UNDEF } ?p nk:rating ?r ; rdfs:label ?title FILTER(?r >= ?min) }"
    assert sorted(r["title"] for r in run_query(ds, query, {"min": 9}).dicts()) == [
        "Drop an Octave", "Wasserstein GAN with quadratic transport cost"
    ]
    assert len(run_query(ds, query)) == 0  # unbound: the FILTER fails for every row


def test_a_parameter_the_query_does_not_return_is_refused(ds):
    with pytest.raises(BadQuery, match=r"unknown parameter 'nope': \?nope is not a result variable"):
        run_query(ds, PAPERS_BY_RATING, {"nope": 1})


# --- refusals and errors -----------------------------------------------------------------------


@pytest.mark.parametrize("update, keyword", [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT"),
    ("delete where { ?s ?p ?o }", "DELETE"),
    ("PREFIX ex: <http://example.org/>\n# a comment\nDELETE { ?s ex:p ?o } WHERE { ?s ex:p ?o }", "DELETE"),
    ("LOAD <http://example.org/data.ttl>", "LOAD"),
    ("CLEAR ALL", "CLEAR"),
    ("DROP GRAPH <urn:g>", "DROP"),
])
def test_updates_are_refused(ds, update, keyword):
    with pytest.raises(BadQuery) as e:
        run_query(ds, update)
    assert str(e.value) == (
        f"notekg query is read-only: SPARQL Update ({keyword}) is refused; edit the notes and rebuild instead"
    )


def test_keywords_inside_strings_are_not_updates(ds):
    assert len(run_query(ds, 'SELECT ?x WHERE { BIND("INSERT DATA" AS ?x) }')) == 1


@pytest.mark.parametrize("query, message", [
    ("SELECT ?x WHERE { ?x ?y }", "SPARQL syntax error at line 1, column 26: expected one of LATERAL, SERVICE"),
    ("SELECT ?x WHERE { ?x nk:rating ?r", 'SPARQL syntax error at line 1, column 34: expected one of ",", ".", ";", "{", "{|", "}", "~"'),
    ("SELECT * {\n  ?s a nk:Paper ; ex:bar ?o }",
     "SPARQL syntax error at line 2, column 19: unknown prefix 'ex:' (predeclared: nk rdf rdfs owl xsd skos dcterms schema prov)"),
])
def test_syntax_errors_are_one_line_with_the_position(ds, query, message):
    with pytest.raises(QuerySyntaxError) as e:
        run_query(ds, query)
    assert str(e.value) == message


# --- output formats ----------------------------------------------------------------------------


@pytest.fixture
def small():
    return QueryResult("select", ["paper", "title", "rating"], [
        (URIRef(ID + "paper/arxiv/1904.05049"), Literal("Drop an Octave"), Literal(10)),
        (URIRef(ID + "paper/x"), Literal("Tab\there, | pipe"), None),
    ])


def test_table(small):
    assert format_result(small, "table") == (
        "paper                      title             rating\n"
        "-------------------------  ----------------  ------\n"
        "id:paper/arxiv/1904.05049  Drop an Octave        10\n"
        "id:paper/x                 Tab here, | pipe\n"
    )


def test_table_cuts_long_cells():
    long = QueryResult("select", ["t"], [(Literal("x" * 100),)])
    assert format_result(long, "table").splitlines()[2] == "x" * 79 + "…"


def test_csv_and_tsv(small):
    assert format_result(small, "csv") == (
        "paper,title,rating\n"
        f"{ID}paper/arxiv/1904.05049,Drop an Octave,10\n"
        f'{ID}paper/x,"Tab\there, | pipe",\n'
    )
    assert format_result(small, "tsv") == (
        "paper\ttitle\trating\n"
        f"{ID}paper/arxiv/1904.05049\tDrop an Octave\t10\n"
        f"{ID}paper/x\tTab\\there, | pipe\t\n"
    )


def test_markdown(small):
    assert format_result(small, "md") == (
        "| paper | title | rating |\n"
        "| --- | --- | ---: |\n"
        "| id:paper/arxiv/1904.05049 | Drop an Octave | 10 |\n"
        "| id:paper/x | Tab here, \\| pipe |  |\n"
    )


def test_json_is_the_sparql_results_format(small):
    assert json.loads(format_result(small, "json")) == {
        "head": {"vars": ["paper", "title", "rating"]},
        "results": {"bindings": [
            {"paper": {"type": "uri", "value": ID + "paper/arxiv/1904.05049"},
             "title": {"type": "literal", "value": "Drop an Octave"},
             "rating": {"type": "literal", "value": "10", "datatype": str(XSD.integer)}},
            {"paper": {"type": "uri", "value": ID + "paper/x"},
             "title": {"type": "literal", "value": "Tab\there, | pipe"}},
        ]},
    }
    assert json.loads(format_result(QueryResult("ask", boolean=True), "json")) == {"head": {}, "boolean": True}


def test_construct_prints_turtle(ds):
    result = run_query(ds, "CONSTRUCT { ?p nk:rating ?r } WHERE { ?p nk:award ?a ; nk:rating ?r }")
    text = format_result(result, "table")
    assert "@prefix nk: <https://w3id.org/notekg/vocab#> ." in text
    assert "<https://w3id.org/notekg/id/paper/wgan-qc> nk:rating 9 ." in text
    assert len(Graph().parse(data=text, format="turtle")) == 1


# --- command line ------------------------------------------------------------------------------


def test_cli_named_query_defaults_to_tsv_when_piped(runner, fixture_file):
    result = runner.invoke(cli, ["query", "awards", "--graph", str(fixture_file)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "award\ttitle\trating\ttopic\n"
        "BEST PAPER\tWasserstein GAN with quadratic transport cost\t9\tGANs\n"
    )


def test_cli_expression_as_table(runner, fixture_file):
    result = runner.invoke(cli, ["query", "-e", "SELECT ?n WHERE { ?p nk:rating ?n } ORDER BY ?n",
                                 "-g", str(fixture_file), "--format", "table"])
    assert result.exit_code == 0
    assert result.output == "n\n--\n 8\n 9\n10\n"


def test_cli_query_file_with_params_and_output(runner, fixture_file, tmp_path):
    rq = tmp_path / "mine.rq"
    rq.write_text("# mine\nSELECT ?paper ?title WHERE { ?paper rdfs:label ?title }\n")
    out = tmp_path / "out.csv"
    result = runner.invoke(cli, ["query", str(rq), "-g", str(fixture_file), "-p", "paper=id:paper/gated-scnn",
                                 "-f", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text() == f"paper,title\n{ID}paper/gated-scnn,Gated-SCNN\n"


def test_cli_ask_sets_the_exit_code(runner, fixture_file):
    yes = runner.invoke(cli, ["query", "-e", "ASK { ?p nk:rating 10 }", "-g", str(fixture_file)])
    no = runner.invoke(cli, ["query", "-e", "ASK { ?p nk:rating 11 }", "-g", str(fixture_file)])
    assert (yes.exit_code, yes.output) == (0, "true\n")
    assert (no.exit_code, no.output) == (1, "false\n")


def test_cli_syntax_error_is_one_line_and_exit_2(runner, fixture_file):
    result = runner.invoke(cli, ["query", "-e", "SELECT ?x WHERE { ?x ?y }", "-g", str(fixture_file)])
    assert result.exit_code == 2
    assert result.output == "Error: -e: SPARQL syntax error at line 1, column 26: expected one of LATERAL, SERVICE\n"


def test_cli_update_is_refused(runner, fixture_file):
    result = runner.invoke(cli, ["query", "-e", "DELETE WHERE { ?s ?p ?o }", "-g", str(fixture_file)])
    assert result.exit_code == 1
    assert result.output == (
        "Error: notekg query is read-only: SPARQL Update (DELETE) is refused; edit the notes and rebuild instead\n"
    )


def test_cli_unknown_query_name(runner, fixture_file):
    result = runner.invoke(cli, ["query", "top-rate", "-g", str(fixture_file)])
    assert result.exit_code == 1
    assert result.output == "Error: no query file or named query 'top-rate'; did you mean top-rated, topic-tree?\n"


@pytest.mark.parametrize("args", [[], ["awards", "-e", "ASK {}"]])
def test_cli_needs_exactly_one_query(runner, fixture_file, args):
    result = runner.invoke(cli, ["query", *args, "-g", str(fixture_file)])
    assert result.exit_code == 2
    assert result.output.endswith("Error: give a named query or a .rq file, or -e 'SPARQL' (exactly one)\n")


def test_cli_bad_param_is_a_usage_error(runner, fixture_file):
    result = runner.invoke(cli, ["query", "awards", "-p", "oops", "-g", str(fixture_file)])
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: Invalid value for '-p' / '--param': parameter 'oops' should look like name=value\n"
    )


def test_cli_on_notes_builds_on_the_fly(runner, write_notes):
    notes = write_notes("n.md", "## GANs\n- [9/10] [SinGAN: One image](https://arxiv.org/abs/1905.01164)\n")
    result = runner.invoke(cli, ["query", "-e", "SELECT ?t WHERE { ?p a nk:Paper ; nk:shortName ?t }", "-g", str(notes)])
    assert result.exit_code == 0
    assert result.output == "t\nSinGAN\n"


def test_cli_lists_the_named_queries(runner):
    result = runner.invoke(cli, ["queries"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == len(list_queries())
    assert lines[0].split()[0] == "areas"
    evidence = next(line for line in lines if line.startswith("evidence "))
    assert evidence.endswith("(--param subject, predicate, object)")


@pytest.mark.parametrize("command", ["query", "queries", "validate", "export"])
def test_every_command_has_help_with_an_example(runner, command):
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"notekg {command}" in result.output or "notekg query" in result.output
