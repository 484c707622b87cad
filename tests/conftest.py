"""Shared fixtures: the default notes, a CLI runner, and notes written into tmp_path."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import graph

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_NOTES = ROOT / "notes" / "iccv2019.md"
FIXTURES = Path(__file__).resolve().parent / "notes"


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace):
    doctest_namespace["notekg"] = graph


def pytest_configure(config):
    """Builds keep what they work out from notekg's data (graph.user_cache) in the session's own
    folder, not the user's: set before the modules are collected (some read their data then)."""
    config._notekg_cache = tempfile.mkdtemp(prefix="notekg-test-cache-")
    os.environ["NOTEKG_CACHE_DIR"] = config._notekg_cache


def pytest_unconfigure(config):
    shutil.rmtree(getattr(config, "_notekg_cache", ""), ignore_errors=True)


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture(scope="session")
def default_kg():
    """The graph of the default notes, built once per test session."""
    return graph.build([DEFAULT_NOTES])


@pytest.fixture
def write_notes(tmp_path):
    """Write a notes file into tmp_path: write_notes("a.md", "text") -> Path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write
