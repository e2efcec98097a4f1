"""The command line as a whole: errors become exit codes in one place, and the lab is loaded
only by the commands that start it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from inspector.cli import app
from inspector.cli.common import command_group
from inspector.errors import EXIT_CONFIG, EXIT_DEVICES, ConfigurationError, InputError

runner = CliRunner()


@pytest.mark.parametrize(("error", "code"), [
    (InputError("first.log: empty\nsecond.log: [not] a session log"), EXIT_DEVICES),
    (ConfigurationError("inv.yaml:3: hosts.a.colour: unknown field\nand another"), EXIT_CONFIG),
])
def test_an_inspector_error_prints_each_line_and_exits_with_its_code(
    error: Exception, code: int
) -> None:
    group = command_group("a group")

    @group.command("fail")
    def fail() -> None:
        raise error

    group.command("other")(lambda: None)  # two commands, so the group keeps its names
    result = runner.invoke(group, ["fail"])
    assert result.exit_code == code, result.output
    lines = str(error).splitlines()
    assert result.output.splitlines() == [f"error: {line}" for line in lines]


def test_errors_are_printed_even_with_quiet() -> None:
    result = runner.invoke(app, ["-q", "trend", "-d", "x", "-m", "nope"])
    assert result.exit_code == EXIT_CONFIG
    assert "error: --metric 'nope': expected one of" in result.output


def test_an_error_outside_the_tree_is_not_swallowed() -> None:
    group = command_group("a group")

    @group.command("crash")
    def crash() -> None:
        raise RuntimeError("a bug")

    group.command("other")(lambda: None)
    result = runner.invoke(group, ["crash"])
    assert isinstance(result.exception, RuntimeError)


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"], ["platforms"],
                                  ["rules", "list"]])
def test_commands_that_do_not_start_the_lab_never_import_it(args: list[str]) -> None:
    probe = ("import sys\nfrom inspector.cli import app\n"
             f"try:\n    app({args!r})\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.modules if m.startswith('inspector.lab')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, timeout=120)
    assert done.stdout.splitlines()[-1] == "[]"
