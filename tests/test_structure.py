"""The package's structure keeps the promises ARCHITECTURE.md makes: no import circle
anywhere, no module that has grown past what one reader can hold, and rooms of ``ui/`` whose
``__init__`` is a docstring only (re-exports would import a whole room at start-up and hide
where things live)."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

PACKAGE = "dynaspark_desktop"
PACKAGE_DIR = Path(__file__).resolve().parents[1] / PACKAGE
MAX_MODULE_LINES = 400


def _import_circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected groups of two or more modules (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    circles: list[list[str]] = []
    counter = 0
    for start in sorted(graph.modules):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = lowest[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            module, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = lowest[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    imported = graph.find_modules_directly_imported_by(target)
                    work.append((target, iter(sorted(imported))))
                    break
                if target in on_stack:
                    lowest[module] = min(lowest[module], index[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    lowest[parent] = min(lowest[parent], lowest[module])
                if lowest[module] == index[module]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == module:
                            break
                    if len(group) > 1:
                        circles.append(sorted(group))
    return circles


def test_the_circle_finder_finds_a_circle() -> None:
    graph = grimp.ImportGraph()
    for importer, imported in (("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")):
        graph.add_import(importer=importer, imported=imported)
    assert _import_circles(graph) == [["a", "b", "c"]]


def test_no_import_circle_anywhere_in_the_package() -> None:
    # Imports made only for type checking count too: a circle of them is still two modules
    # that cannot be understood, or moved, one without the other.
    graph = grimp.build_graph(PACKAGE, exclude_type_checking_imports=False)
    assert _import_circles(graph) == []


def test_no_module_is_over_the_size_one_reader_can_hold() -> None:
    too_long = {
        str(path.relative_to(PACKAGE_DIR)): lines
        for path in PACKAGE_DIR.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert too_long == {}


def test_every_room_of_the_ui_is_a_docstring_only() -> None:
    for init in (PACKAGE_DIR / "ui").rglob("__init__.py"):
        body = ast.parse(init.read_text(encoding="utf-8")).body
        statements = [node for node in body if not isinstance(node, ast.Expr)]
        assert statements == [], f"{init.relative_to(PACKAGE_DIR)} does more than document"
