"""YAML from people (inventories, rule files, notification and holiday settings), loaded
with limits.

PyYAML shares an aliased node instead of copying it, so a 1 kB file of nested aliases
(`b: [*a, *a, ...]`, `c: [*b, *b, ...]`) composes at once, and then whatever walks the
data as a tree (validation, a duplicate-key check) sees billions of nodes. Three limits:

- nesting depth (the composer recurses: deep nesting would end in RecursionError);
- an alias expansion budget: the number of nodes the document holds once every alias is
  expanded, counted on the node graph in time proportional to its size, over the nodes
  written in the file; merge keys (`<<: *a`) count the same way;
- the file itself, read with a cap (fileio.read_text).

Duplicate keys are found on the node graph too, each node visited once, so a shared
mapping is checked once, however many aliases point at it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from inspector.fileio import read_text

MAX_DEPTH = 100
ALIAS_BUDGET = 100_000  # nodes aliases may add once expanded, beyond those written
MAX_YAML_BYTES = 64 * 1024 * 1024


class YamlLimitError(yaml.YAMLError):
    """A document over a limit; a yaml.YAMLError with a mark, so each reader reports it with
    its file and line as it reports any YAML error."""

    def __init__(self, problem: str, mark: yaml.Mark | None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark
        self.context_mark = None

    def __str__(self) -> str:
        return self.problem


class _DepthLimitedLoader(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise YamlLimitError(f"nested more than {MAX_DEPTH} levels deep", mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _graph(root: yaml.Node) -> list[yaml.Node]:
    """Every distinct node under `root`, each after its children (iterative: no recursion
    on deep documents)."""
    order: list[yaml.Node] = []
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in seen)
    return order


def _check_expansion(root: yaml.Node) -> None:
    nodes = _graph(root)
    budget = len(nodes) + ALIAS_BUDGET
    expanded: dict[int, int] = {}
    for node in nodes:  # children first: each size is known when its parent is counted
        size = 1 + sum(expanded[id(child)] for child in _children(node))
        if size > budget:
            raise YamlLimitError(
                f"aliases expand to more than {budget} nodes (an alias bomb?)", node.start_mark)
        expanded[id(node)] = size


def compose(text: str) -> yaml.Node | None:
    """The node graph of `text`, within the depth and alias limits (raises yaml.YAMLError)."""
    loader = _DepthLimitedLoader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    if root is not None:
        _check_expansion(root)
    return root


def construct(root: yaml.Node | None) -> Any:
    """The Python value of a composed (and checked) document."""
    if root is None:
        return None
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(root)
    finally:
        loader.dispose()


def load(text: str) -> Any:
    """`yaml.safe_load` within the limits."""
    return construct(compose(text))


def load_file(path: Path) -> Any:
    """A YAML file read with a cap (OSError past it, or when not a regular file)."""
    return load(read_text(path, MAX_YAML_BYTES))


def duplicate_keys(root: yaml.Node | None) -> list[tuple[tuple[str, ...], str, int, int]]:
    """Keys written twice in one mapping (YAML keeps the last silently): the path to the
    second one, the key, its line and the line of the first. Each node is visited once."""
    found: list[tuple[tuple[str, ...], str, int, int]] = []
    if root is None:
        return found
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, tuple[str, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in node.value:
                line = key.start_mark.line + 1
                name = str(key.value)
                if isinstance(key, yaml.ScalarNode) and name in first:
                    found.append(((*path, name), name, line, first[name]))
                first.setdefault(name, line)
                stack.append((value, (*path, name)))
    return sorted(found, key=lambda item: item[2])


# The package's own data files (platform definitions, SNMP profiles, catalogs) are ours,
# not people's: no limits needed, and libyaml's parser reads them several times faster.
_PACKAGED_LOADER: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_packaged(text: str) -> Any:
    """A YAML file shipped with the tool, parsed with libyaml when PyYAML has it."""
    return yaml.load(text, Loader=_PACKAGED_LOADER)  # noqa: S506 - a safe loader
