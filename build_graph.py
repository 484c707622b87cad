"""Build the default graph: ``python build_graph.py`` does what ``notekg build`` does.

Arguments are passed through, so ``python build_graph.py notes/other.md -o out/`` works too.
"""

from graph.cli import cli

if __name__ == "__main__":
    cli(["build", *__import__("sys").argv[1:]], prog_name="build_graph.py")
