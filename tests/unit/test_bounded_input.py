"""Inputs read with limits: YAML alias bombs and deep nesting refused at once, only regular
files read (a FIFO or /dev/zero would be read forever), sizes enforced while reading."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from inspector import safeyaml
from inspector.fileio import read_bytes
from inspector.inventory import InventoryError, load_inventory
from inspector.store.bundle import BundleError, read_bundle

HOST = "hosts:\n  sw1: {host: 10.0.0.1, platform: cisco_ios}\n"


def _alias_bomb() -> str:
    """Nine levels of mappings, each naming the level below nine times: 9**9 leaves."""
    lines = ["a: &a {" + ", ".join(f"k{j}: x" for j in range(9)) + "}"]
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} {{"
                     + ", ".join(f"k{j}: *{previous}" for j in range(9)) + "}")
        previous = name
    return "\n".join(lines) + "\n"


def test_a_nested_alias_bomb_under_1kb_is_refused_at_once(tmp_path: Path) -> None:
    text = _alias_bomb() + "hosts:\n  sw1: {host: 10.0.0.1, platform: cisco_ios, " \
                           "description: *i}\n"
    assert len(text.encode()) < 1024
    path = tmp_path / "bomb.yaml"
    path.write_text(text, encoding="utf-8")
    began = time.monotonic()
    with pytest.raises(InventoryError, match=r"bomb\.yaml:\d+: not read: aliases expand"):
        load_inventory(path)
    assert time.monotonic() - began < 2


def test_merge_key_bombs_are_counted_too() -> None:
    lines = ["a: &a {x: 1, y: 2}"]
    previous = "a"
    for name in "bcdefghijklmnopqrstu":
        lines.append(f"{name}: &{name} {{<<: [*{previous}, *{previous}], {name}: 1}}")
        previous = name
    with pytest.raises(safeyaml.YamlLimitError):
        safeyaml.load("\n".join(lines))


@pytest.mark.parametrize("text", [
    "a:\n" + "".join("  " * depth + "b:\n" for depth in range(1, 400)),
    "hosts: " + "[" * 5000 + "]" * 5000 + "\n",
    "hosts: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n",
])
def test_deep_nesting_is_refused_with_its_line(tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InventoryError, match=r"deep\.yaml:\d+: not read: nested more than"):
        load_inventory(path)


def test_aliases_within_the_budget_still_work(tmp_path: Path) -> None:
    path = tmp_path / "inv.yaml"
    path.write_text("defaults: &base {username: ops}\n"
                    "groups:\n  core: {<<: *base, role: core}\n"
                    "hosts:\n  sw1: {host: 10.0.0.1, platform: cisco_ios, groups: [core]}\n",
                    encoding="utf-8")
    assert load_inventory(path).hosts[0].username == "ops"


def test_a_device_listed_twice_names_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "inv.yaml"
    path.write_text("hosts:\n  sw1: {host: 10.0.0.1, platform: cisco_ios}\n"
                    "  sw2: {host: 10.0.0.2, platform: cisco_ios}\n"
                    "  sw1: {host: 10.0.0.3, platform: cisco_ios}\n", encoding="utf-8")
    with pytest.raises(InventoryError, match=r"inv\.yaml:4: hosts\.sw1: 'sw1' appears more "
                                             r"than once, first on line 2"):
        load_inventory(path)


def test_a_shared_mapping_is_checked_for_duplicates_once(tmp_path: Path) -> None:
    text = _alias_bomb().replace("k0: x", "k0: x, k0: y")
    found = safeyaml.duplicate_keys(safeyaml.compose(text.split("\nc:")[0]))
    assert [(key, line, first) for _, key, line, first in found] == [("k0", 1, 1)]


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "inventory.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InventoryError, match="a FIFO, not a regular file"):
        load_inventory(fifo)


def test_a_link_to_dev_zero_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "inventory.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(InventoryError, match="a device, not a regular file"):
        load_inventory(link)


def test_a_sparse_huge_file_is_refused_by_the_cap_not_by_stat(tmp_path: Path) -> None:
    sparse = tmp_path / "capture.txt"
    with sparse.open("wb") as handle:
        handle.truncate(3 * 1024 ** 3)  # 3 GiB, no block written
    began = time.monotonic()
    with pytest.raises(OSError, match="larger than 1 MiB"):
        read_bytes(sparse, limit=1024 * 1024)
    assert time.monotonic() - began < 2


def test_a_file_growing_past_the_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * 101)
    assert read_bytes(path, limit=101) == b"x" * 101
    with pytest.raises(OSError, match="larger than 100 bytes"):
        read_bytes(path, limit=100)


def test_a_bundle_capture_that_is_a_fifo_is_refused(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    (bundle / "sw1").mkdir(parents=True)
    os.mkfifo(bundle / "sw1" / "001.txt")
    (bundle / "index.json").write_text(
        '{"format": "inspector-bundle", "version": 1, "devices": [{"name": "sw1", '
        '"platform": "cisco_ios", "captures": [{"command": "show version", '
        '"file": "sw1/001.txt"}]}]}', encoding="utf-8")
    with pytest.raises(BundleError, match=r"001\.txt'.*a FIFO, not a regular file"):
        read_bundle(bundle)
