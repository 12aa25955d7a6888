"""Import cycles in a package's graph: strongly connected components, each named by one cycle."""

from __future__ import annotations

from collections.abc import Iterator

import grimp


def import_graph(package: str) -> grimp.ImportGraph:
    """The package's graph, `if TYPE_CHECKING:` imports included: a type-only cycle still ties
    two modules together (bootstrap and the consumers it wires are the usual case)."""
    return grimp.build_graph(package, exclude_type_checking_imports=False, cache_dir=None)


def components(graph: grimp.ImportGraph) -> list[list[str]]:
    """Every group of modules that import one another, directly or not (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> Iterator[str]:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        return iter(sorted(graph.find_modules_directly_imported_by(module)))

    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, visit(root))]
        while work:
            module, imported = work[-1]
            for target in imported:
                if target not in index:
                    work.append((target, visit(target)))
                    break
                if target in on_stack:
                    low[module] = min(low[module], index[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[module])
                if low[module] == index[module]:
                    component = _pop_component(stack, on_stack, module)
                    if len(component) > 1 or module in graph.find_modules_directly_imported_by(
                        module
                    ):
                        found.append(sorted(component))
    return found


def _pop_component(stack: list[str], on_stack: set[str], root: str) -> list[str]:
    component = []
    while True:
        module = stack.pop()
        on_stack.discard(module)
        component.append(module)
        if module == root:
            return component


def describe(graph: grimp.ImportGraph, component: list[str]) -> str:
    """One cycle through the component's first module, as `a -> b -> a`."""
    start = component[0]
    members = set(component)
    for target in sorted(graph.find_modules_directly_imported_by(start)):
        if target not in members:
            continue
        back = graph.find_shortest_chain(importer=target, imported=start) or ()
        return " -> ".join([start, *back]) if back else f"{start} -> {start}"
    return " -> ".join(component)


def cycles(package: str) -> list[str]:
    """One line per component: a cycle, then every module caught in it."""
    graph = import_graph(package)
    return [f"{describe(graph, c)}  (tangled: {', '.join(c)})" for c in components(graph)]
