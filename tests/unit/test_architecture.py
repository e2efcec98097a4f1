"""The import graph keeps the pipeline's shape: inventory -> transports -> parsing -> checks
-> report, the contract underneath, the lab beside.

Read from the source with `ast` (every import, those inside functions too, so a lazy import
cannot hide a cycle): no module imports itself back through others; the stages only import
forwards where it matters; only the lab's own command starts the lab; no module grows past
MAX_LINES.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "inspector"
MAX_LINES = 500
# Modules allowed past MAX_LINES, each with its reason.
LONG_MODULES = {
    "inspector/model.py": "the contract: every family's models side by side, read as one "
                          "page (as NAPALM's models.py)",
}
# importer package -> packages it must not import.
FORBIDDEN = {
    "inspector.transports": ("inspector.checks", "inspector.report"),
    "inspector.parsing": ("inspector.transports", "inspector.checks", "inspector.report"),
    "inspector.checks": ("inspector.transports",),
    "inspector.report": ("inspector.transports",),
}
LAB = "inspector.lab"
LAB_USERS = ("inspector.lab", "inspector.cli.lab")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _nearest_module(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imported(module: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The project's modules one import statement loads (`from package import module`
    names the module, not the package)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    base = node.module or ""
    if node.level:
        package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
        parts = package.split(".")[: len(package.split(".")) - node.level + 1]
        base = ".".join([*parts, base] if base else parts)
    return [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]


def _imports(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for name in _imported(module, node):
                target = _nearest_module(name)
                if target is not None and target != module:
                    found.add(target)
    return found


GRAPH = {module: _imports(module) for module in MODULES}


def _cycle_through(start: str, members: set[str]) -> list[str]:
    """One cycle from `start` back to it, inside a strongly connected set."""
    paths = {start: [start]}
    todo = [start]
    while todo:
        here = todo.pop(0)
        for there in sorted(GRAPH[here] & members):
            if there == start:
                return [*paths[here], start]
            if there not in paths:
                paths[there] = [*paths[here], there]
                todo.append(there)
    return [start]


def _strongly_connected() -> list[set[str]]:
    """Tarjan's components of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(GRAPH[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return found


def test_the_graph_is_read() -> None:
    # Guards the checks below against passing on an empty or unresolved graph.
    assert "inspector.transports.registry" in GRAPH
    assert "inspector.transports.ssh" in GRAPH["inspector.transports.registry"]
    assert "inspector.parsing.families" in GRAPH["inspector.parsing.snapshot"]


def test_no_import_cycle() -> None:
    cycles = [" -> ".join(_cycle_through(min(c), c)) for c in _strongly_connected()]
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


@pytest.mark.parametrize("importer", sorted(FORBIDDEN))
def test_stages_import_forwards(importer: str) -> None:
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items() if _within(module, importer)
        for target in targets for banned in FORBIDDEN[importer] if _within(target, banned))
    assert not wrong, "\n".join(wrong)


def test_only_the_lab_command_imports_the_lab() -> None:
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if not any(_within(module, user) for user in LAB_USERS)
        for target in targets if _within(target, LAB))
    assert not wrong, "\n".join(wrong)


def test_modules_stay_small() -> None:
    lines = {p.relative_to(PACKAGE.parent).as_posix(): len(p.read_text("utf-8").splitlines())
             for p in MODULES.values()}
    too_long = sorted(f"{path}: {count} lines" for path, count in lines.items()
                      if count > MAX_LINES and path not in LONG_MODULES)
    assert not too_long, f"over {MAX_LINES} lines:\n" + "\n".join(too_long)
    no_longer_long = [path for path in LONG_MODULES if lines.get(path, 0) <= MAX_LINES]
    assert not no_longer_long, f"no longer over {MAX_LINES} lines: {no_longer_long}"
