"""The wheel is whole: installed (not editable) into a fresh virtual environment, notekg still
finds its named queries and its data files.

The wheel is built from a copy of the sources without network (``pip wheel --no-deps
--no-build-isolation``, with the setuptools of the test environment) and installed with
``--no-deps`` into a new venv whose only link to this one is a ``.pth`` line naming this
environment's site-packages, for rdflib, pyoxigraph and the other dependencies. The copy of
``graph`` in this environment is an editable install; the new venv finds its own first.
"""

import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from graph.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("graph", "queries"):
        shutil.copytree(ROOT / name, source / name, ignore=skip)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "-q", "-w", str(work / "dist"), str(source)])
    (built,) = (work / "dist").glob("notekg-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    """The python and the notekg script of a fresh venv holding the wheel."""
    env = tmp_path_factory.mktemp("venv") / "venv"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q", str(wheel)])
    site = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    (Path(site) / "notekg_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python, env / "bin" / "notekg"


def test_the_wheel_carries_every_module_data_file_and_named_query(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "graph").rglob("*.py")}
    data = {p.relative_to(ROOT).as_posix() for p in (ROOT / "graph" / "data").iterdir() if p.is_file()}
    queries = {f"graph/queries/{p.name}" for p in (ROOT / "queries").glob("*.rq")}
    assert "graph/queries/top-rated.rq" in queries
    assert modules | data | queries <= names


def test_the_installed_package_is_the_wheel(installed, tmp_path):
    python, _ = installed
    where = run([str(python), "-c", "import graph.views.catalogue as c; print(c.__file__, c.queries_dir())"],
                cwd=tmp_path).stdout.split()
    assert all(str(python.parent.parent) in path for path in where)
    assert where[1].endswith("graph/queries")


def test_notekg_queries_lists_the_named_queries(installed, tmp_path, runner):
    _, notekg = installed
    listed = run([str(notekg), "queries"], cwd=tmp_path).stdout
    assert listed == runner.invoke(cli, ["queries"]).output
    assert "top-rated" in listed


def test_notekg_query_top_rated_on_notes(installed, tmp_path, runner):
    _, notekg = installed
    notes = tmp_path / "cvpr.md"
    notes.write_text(
        "## Detection\n"
        "- [9/10] [FCOS: Fully Convolutional One-Stage Object Detection](https://arxiv.org/abs/1904.01355)\n"
        "- [6/10][uses batch norm] [Some other detector](https://arxiv.org/abs/1901.00002)\n",
        encoding="utf-8",
    )
    answer = run([str(notekg), "query", "top-rated", "-g", str(notes)], cwd=tmp_path).stdout
    assert answer == runner.invoke(cli, ["query", "top-rated", "-g", str(notes)]).output
    assert "FCOS" in answer.splitlines()[1]
