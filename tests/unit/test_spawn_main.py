"""Processes the command line spawns do not run the `inspector` script again."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Like the `inspector` console script: a file run by path (no module spec) whose top level
# imports the whole command line.
SCRIPT = """\
import multiprocessing
import sys

sys.path.insert(0, {root!r})
import inspector.cli  # noqa: E402,F401
from inspector.runner import spawn_without_script  # noqa: E402
from tests.unit.test_spawn_main import loaded  # noqa: E402

if __name__ == "__main__":
    if "--named" in sys.argv:
        spawn_without_script()
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        print(pool.apply(loaded, ("inspector.cli",)))
"""


def loaded(module: str) -> bool:
    """Whether `module` is imported in this (spawned) process."""
    return module in sys.modules


@pytest.mark.parametrize(("named", "expected"), [(False, "True"), (True, "False")])
def test_a_spawned_process_skips_the_script_once_the_main_module_is_named(
        tmp_path: Path, named: bool, expected: str) -> None:
    script = tmp_path / "inspector"
    script.write_text(SCRIPT.format(root=str(ROOT)), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), *(["--named"] if named else [])],
                          capture_output=True, text=True, timeout=120, check=True, cwd=ROOT)
    # Unnamed, the spawned process ran the script's imports again (the whole command line).
    assert done.stdout.strip().splitlines()[-1] == expected
