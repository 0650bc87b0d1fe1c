"""No import cycles in the package, also none hidden by an import inside a function (docs/architecture.md,
"Layers and import rules").

The check is static: every module of ``scanengine`` is parsed and each ``import`` becomes an edge, wherever it
stands (module level or inside a function, where a lazy import for start-up time looks exactly like one that
hides a cycle). Imports under ``if TYPE_CHECKING:`` are left out: they never run. ``from package import name``
is an edge to ``package.name`` when that is a module, else to the package. A package's submodules are not edges
to the package itself (Python imports the parent first, which is no cycle).
"""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT


def _modules(root: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every ``.py`` under the package directory ``root``."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, package: str, modules: dict[str, Path]) -> set[str]:
    """The modules of ``modules`` that the parsed module imports; ``package`` anchors its relative imports."""
    edges: set[str] = set()
    todo = [tree]
    while todo:
        for child in ast.iter_child_nodes(todo.pop()):
            if isinstance(child, ast.If) and _type_checking(child):
                todo.extend(child.orelse)
                continue
            if isinstance(child, ast.Import):
                edges.update(a.name for a in child.names if a.name in modules)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package
                    for _ in range(child.level - 1):
                        anchor = anchor.rpartition(".")[0]
                    base = f"{anchor}.{base}" if base else anchor
                for alias in child.names:
                    target = f"{base}.{alias.name}"
                    if target in modules:
                        edges.add(target)
                    elif base in modules:
                        edges.add(base)
            todo.append(child)
    return edges


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports (anywhere but under ``if TYPE_CHECKING``)."""
    modules = _modules(root)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = _imports(tree, package, modules) - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted; every one is a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return found


def test_the_package_has_no_import_cycle():
    graph = import_graph(ROOT / "scanengine")
    assert len(graph) > 50 and "scanengine.analysis.results" in graph["scanengine.analysis.presentation"]
    assert cycles(graph) == []


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pkg"
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_a_cycle_hidden_in_a_function_is_found(tmp_path):
    """The negative control: the cycle the package once had (a kind importing the analysis' figures inside a
    function, the analysis importing the kind at the top) is found; a TYPE_CHECKING import and a submodule's
    import of its own package's modules are not cycles."""
    root = _package(
        tmp_path,
        {
            "__init__.py": "",
            "kinds/__init__.py": "from pkg.kinds import number\n",
            "kinds/number.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from pkg.definition import Q\n"
                "def statistics():\n    from pkg.analysis.results import Figures  # hides the cycle\n"
            ),
            "analysis/__init__.py": "",
            "analysis/results.py": "from pkg import kinds\n",
            "definition.py": "from pkg.kinds import number\n",
        },
    )
    graph = import_graph(root)
    assert graph["pkg.kinds.number"] == {"pkg.analysis.results"}  # the TYPE_CHECKING import is no edge
    assert cycles(graph) == [["pkg.analysis.results", "pkg.kinds", "pkg.kinds.number"]]
    (root / "kinds" / "number.py").write_text("def statistics():\n    return 1\n")
    assert cycles(import_graph(root)) == []


def test_relative_and_from_package_imports_are_edges(tmp_path):
    root = _package(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from . import b\n",
            "b.py": "from .c import thing\n",
            "c.py": "import pkg.a\nthing = 1\n",
        },
    )
    assert cycles(import_graph(root)) == [["pkg.a", "pkg.b", "pkg.c"]]
