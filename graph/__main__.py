"""``python -m graph`` runs the ``notekg`` command line."""

from graph.cli import cli

if __name__ == "__main__":
    cli(prog_name="notekg")
