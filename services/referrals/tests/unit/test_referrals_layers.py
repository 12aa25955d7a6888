"""The package's import graph: no cycles, and each room imports only the rooms it may.

Read from the source (every `import`, those under `TYPE_CHECKING` too), so a cycle hidden
from the interpreter by a lazy or type-only import still counts.
"""

from __future__ import annotations

import ast
from pathlib import Path

import referrals

PACKAGE = Path(referrals.__file__).parent
RULES = {
    "referrals.domain": ("service_layer", "adapters", "entrypoints", "bootstrap", "events"),
    "referrals.service_layer": ("adapters", "entrypoints", "bootstrap"),
    "referrals.adapters": ("entrypoints", "bootstrap"),
    "referrals.events": ("domain", "service_layer", "adapters", "entrypoints", "bootstrap"),
}
MAY_IMPORT_BOOTSTRAP = {"referrals.__main__", "referrals.entrypoints.app"}


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name, found = _module(path), set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
        graph[name] = {m for m in found if m.startswith("referrals")}
    # Keep only edges to modules of the package (`from x import name` names a module or not).
    return {m: {t for t in targets if t in graph and t != m} for m, targets in graph.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import loop found by a depth-first walk (each reported from where it closes)."""
    loops: list[list[str]] = []
    done: set[str] = set()

    def walk(node: str, path: list[str]) -> None:
        for nxt in sorted(graph[node]):
            if nxt in path:
                loops.append([*path[path.index(nxt) :], nxt])
            elif nxt not in done:
                walk(nxt, [*path, nxt])
        done.add(node)

    for start in sorted(graph):
        if start not in done:
            walk(start, [start])
    return loops


def test_the_graph_is_read_from_every_room() -> None:
    graph = _graph()
    assert "referrals.entrypoints.consumers" in graph
    assert "referrals.service_layer.handlers" in graph["referrals.entrypoints.referrals_api"]


def test_the_package_has_no_import_cycles() -> None:
    assert _cycles(_graph()) == []


def test_a_cycle_would_be_found() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def test_each_room_imports_only_the_rooms_it_may() -> None:
    breaches = [
        (module, target)
        for module, targets in _graph().items()
        for room, forbidden in RULES.items()
        if module == room or module.startswith(room + ".")
        for target in targets
        if any(target.startswith(f"referrals.{f}") for f in forbidden)
    ]
    assert breaches == []


def test_only_the_entry_points_import_the_composition_root() -> None:
    importers = {m for m, targets in _graph().items() if "referrals.bootstrap" in targets}
    assert importers == MAY_IMPORT_BOOTSTRAP
