"""Every command explains itself: a one-line purpose and a real example in --help."""

import pytest

from graph.cli import cli


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_with_an_example(runner, name):
    result = runner.invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"notekg {name}" in result.output.split("Example:", 1)[1]


def test_the_group_lists_every_command(runner):
    result = runner.invoke(cli, ["--help"])
    for name in cli.commands:
        assert f"  {name} " in result.output


# What each command loads: `notekg --help` and `notekg query` on a built graph start fast because
# they import neither rdflib nor networkx (timings are for bench/bench_startup.py).

LOADED = """
import sys
from click.testing import CliRunner
from graph.cli import cli
result = CliRunner().invoke(cli, sys.argv[1:])
assert result.exit_code == 0, result.output
print(" ".join(sorted(m for m in ("rdflib", "networkx", "numpy", "markdown_it", "pyshacl", "pyvis") if m in sys.modules)))
"""


def loaded(*args):
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", LOADED, *args], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return run.stdout.split()


def test_help_loads_no_rdf_or_graph_library():
    assert loaded("--help") == []
    assert loaded("central", "--help") == []


def test_query_on_a_built_graph_loads_no_rdflib(write_notes, tmp_path, runner):
    notes = write_notes("a.md", "## GANs\n- [9/10] [SinGAN: one image](https://arxiv.org/abs/1905.01164)\n")
    assert runner.invoke(cli, ["build", str(notes), "-o", str(tmp_path / "out"), "--no-page"]).exit_code == 0
    assert loaded("query", "top-rated", "-g", str(tmp_path / "out" / "graph.nq")) == []
    assert loaded("queries") == []


def test_a_build_loads_neither_rdflib_nor_networkx(write_notes, tmp_path):
    notes = write_notes("a.md", "## GANs\n- [9/10] [SinGAN: one image](https://arxiv.org/abs/1905.01164) uses GANs\n")
    out = str(tmp_path / "out")
    assert "networkx" not in loaded("build", str(notes), "-o", out, "--no-page")
    # the page too: its network is a plain-Python multigraph, the model's statements are text
    assert not {"rdflib", "networkx"} & set(loaded("build", str(notes), "-o", out, "--no-cache"))
    assert not {"rdflib", "networkx"} & set(loaded("build", str(notes), "-o", out + "-cached"))
    assert (tmp_path / "out" / "graph.html").exists() and (tmp_path / "out-cached" / "graph.html").exists()
    # a rebuild: the page from the unchanged graphs' kept shares and the new file's
    more = write_notes("b.md", "## VAEs\n- [7/10] [Tern VAE: counting terns](https://arxiv.org/abs/2001.00001)\n")
    assert not {"rdflib", "networkx"} & set(loaded("build", str(notes), str(more), "-o", out + "-cached"))
    assert "Tern VAE" in (tmp_path / "out-cached" / "graph.html").read_text(encoding="utf-8")


def test_the_central_measures_are_the_analyses_measures():
    from graph.views.analyses import CENTRALITY_MEASURES

    by = next(p for p in cli.commands["central"].params if p.name == "by")
    assert tuple(by.type.choices) == CENTRALITY_MEASURES
