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
