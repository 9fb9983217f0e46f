"""Imports run one way: exceptions → http → auth → swift → transfer → sync → the seed API → client → front ends.

Every import of every module of the package is read from its source (module level, function level and
``TYPE_CHECKING`` blocks alike, since a type-only import that runs upward is still a dependency that runs upward),
resolved to the module it names, and checked against the layers below. A module may import its own layer and the
layers beneath it, never one above; and no set of modules may import each other in a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "swiftfiles"

#: Lowest first. A module belongs to the first entry that is its name or a package above it (the root entry names
#: only the root module).
LAYERS: list[tuple[str, ...]] = [
    ("swiftfiles.exceptions", "swiftfiles._version", "swiftfiles.logs"),
    ("swiftfiles.http",),
    ("swiftfiles.auth",),
    ("swiftfiles.swift",),
    ("swiftfiles.transfer",),
    ("swiftfiles.sync",),
    ("swiftfiles.facade",),
    ("swiftfiles.resources",),
    ("swiftfiles.client",),
    ("swiftfiles.progress",),  # the ready ProgressBar subscriber (uses transfer.progress; re-exported by the root)
    ("swiftfiles",),  # the package root itself (only ``__init__``): it re-exports the public names
    # Front ends and tools: they may use everything below, the root included; nothing below may use them.
    ("swiftfiles.cli", "swiftfiles.fsspec", "swiftfiles.pyrax", "swiftfiles.dask_jobs", "swiftfiles.__main__"),
    ("swiftfiles.devserver",),
]
ROOT = "swiftfiles"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int:
    for rank, prefixes in enumerate(LAYERS):
        if any(module == p or (p != ROOT and module.startswith(p + ".")) for p in prefixes):
            return rank
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def imports_of(module: str) -> set[str]:
    """The package's modules that *module* imports, anywhere in its source."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from pkg import name`` imports the module pkg.name when there is one, else pkg itself.
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        for name in names:
            while name and name not in MODULES:  # ``import swiftfiles.a.b`` where b is a name in a
                name = name.rpartition(".")[0]
            if name.startswith("swiftfiles") and name != module:
                found.add(name)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_downward(module: str) -> None:
    upward = sorted(t for t in GRAPH[module] if layer_of(t) > layer_of(module))
    assert not upward, f"{module} (layer {layer_of(module)}) imports a higher layer: {upward}"


def test_no_import_cycles() -> None:
    """Tarjan's strongly connected components: any component of more than one module is a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    assert not cycles, f"import cycles: {cycles}"


def test_the_walk_sees_type_checking_and_function_level_imports() -> None:
    """The checker itself: it must see the imports that only run for type checkers or inside functions."""
    assert "swiftfiles.transfer.runtime" in GRAPH["swiftfiles.transfer.download"]  # under TYPE_CHECKING
    assert "swiftfiles.devserver.server" in GRAPH["swiftfiles.devserver"]
    assert layer_of("swiftfiles.transfer.engine") < layer_of("swiftfiles.sync.runner")
