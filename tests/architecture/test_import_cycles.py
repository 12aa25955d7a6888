"""No package's modules import one another in a circle.

Type-only imports count: a cycle through `if TYPE_CHECKING:` is still two modules that
cannot be understood (or moved) one without the other.
"""

from __future__ import annotations

import grimp
import pytest

from tests.architecture.cycles import components, cycles, describe

PACKAGES = [
    "referrals",
    "groups",
    "volunteers",
    "notifications",
    "ops",
    "portal",
    "t2t_shared",
    "t2t_cli",
]


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_cycles(package: str) -> None:
    found = cycles(package)
    assert not found, f"import cycles in {package}:\n" + "\n".join(found)


def _graph(*imports: tuple[str, str]) -> grimp.ImportGraph:
    graph = grimp.ImportGraph()
    for importer, imported in imports:
        graph.add_import(importer=importer, imported=imported)
    return graph


def test_finds_and_names_a_cycle_through_several_modules() -> None:
    graph = _graph(("p.a", "p.b"), ("p.b", "p.c"), ("p.c", "p.a"), ("p.c", "p.d"))
    [component] = components(graph)
    assert component == ["p.a", "p.b", "p.c"]
    assert describe(graph, component) == "p.a -> p.b -> p.c -> p.a"


def test_a_graph_without_cycles_has_none() -> None:
    graph = _graph(("p.a", "p.b"), ("p.b", "p.c"), ("p.a", "p.c"))
    assert components(graph) == []


def test_finds_two_separate_cycles() -> None:
    graph = _graph(("p.a", "p.b"), ("p.b", "p.a"), ("p.c", "p.d"), ("p.d", "p.c"), ("p.b", "p.c"))
    assert sorted(components(graph)) == [["p.a", "p.b"], ["p.c", "p.d"]]
