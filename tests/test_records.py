"""--format json and csv on the reporting commands: what a script gets from stats, show, path,
similar, central and communities, checked against the graph and the text output."""

import csv
import io
import json

import pytest

from graph.cli import cli

GATED = "https://w3id.org/notekg/id/paper/arxiv/1907.05740"
BAFP = "https://w3id.org/notekg/id/paper/arxiv/1909.00179"


@pytest.fixture(scope="module")
def built(default_kg, tmp_path_factory):
    folder = tmp_path_factory.mktemp("built")
    default_kg.write(folder, page=False)
    return str(folder / "graph.nq")


def run(runner, *args):
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_stats_as_json_and_csv(runner, built):
    records = json.loads(run(runner, "stats", "--format", "json", "-g", built))
    assert {"kind": "node", "name": "Paper", "count": 123} in records
    rows = list(csv.DictReader(io.StringIO(run(runner, "stats", "--format", "csv", "-g", built))))
    assert {"kind": "node", "name": "Paper", "count": "123"} in rows
    assert len(rows) == len(records)
    text = run(runner, "stats", "-g", built)
    assert "papers                123" in text


def test_show_as_json(runner, built):
    card = json.loads(run(runner, "show", "Gated-SCNN", "--format", "json", "-g", built))
    assert card["iri"] == GATED and card["type"] == "Paper"
    assert card["fields"]["rating"] == "8/10"
    uses = [e for e in card["edges"] if e["relation"] == "uses" and e["other"] == "Boundaries"]
    assert uses and uses[0]["evidence"] == 'heading "Make use of boundaries"' and uses[0]["line"] == 80
    result = runner.invoke(cli, ["show", "Gated-SCNN", "--format", "csv", "-g", built])
    assert result.exit_code == 2 and "'csv' is not one of 'text', 'json'" in result.output


def test_path_similar_central_communities_as_records(runner, built, default_kg):
    hops = list(csv.DictReader(io.StringIO(run(runner, "path", "Gated-SCNN", "Boundaries", "--format", "csv", "-g", built))))
    assert hops == [{
        "step": "1", "from": GATED, "from_label": "Gated-SCNN: Gated Shape CNN for Semantic Segmentation",
        "relation": "uses", "forward": "true", "to": "https://w3id.org/notekg/id/concept/boundary",
        "to_label": "Boundaries", "to_type": "Technique", "evidence": "Make use of boundaries", "line": "80",
        "rule": hops[0]["rule"],
    }]
    similar = json.loads(run(runner, "similar", "Gated-SCNN", "-k", "3", "--format", "json", "-g", built))
    assert [s["rank"] for s in similar] == [1, 2, 3] and similar[0]["iri"] == BAFP
    assert "Make use of boundaries" in similar[0]["shared"]
    assert similar[0]["score"] >= similar[1]["score"] >= similar[2]["score"]
    central = list(csv.DictReader(io.StringIO(run(runner, "central", "--by", "degree", "-k", "5", "--format", "csv", "-g", built))))
    degrees = [int(row["degree"]) for row in central]
    assert degrees == sorted(degrees, reverse=True) and len(central) == 5
    text = run(runner, "central", "--by", "degree", "-k", "5", "-g", built).splitlines()
    assert [line.split("  ")[-1].strip() for line in text[1:]] == [row["label"] for row in central]  # the same ranking
    members = json.loads(run(runner, "communities", "--format", "json", "-g", built))
    assert sorted(m["iri"] for m in members) == sorted(default_kg.nx)  # every node, once
    assert {m["community"] for m in members} == set(range(1, max(m["community"] for m in members) + 1))
