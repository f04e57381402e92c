"""The shape of the code: the import graph reads top to bottom, with no cycles.

Every import counts, at module level or inside a function (lazy imports are for speed,
not for hiding a dependency). Layers, from the bottom: foundations, data, configuration,
demand, supply, checks, outputs (io) and the project registry, views, results, the
orchestrator, the assessment of projects and their ranking, the CLI.
"""

from __future__ import annotations

import ast
from pathlib import Path

import corridor

SRC = Path(corridor.__file__).parent
LAYERS = [
    ("corridor._version", "corridor.errors", "corridor.limits",
     "corridor.workers", "corridor.ensemble", "corridor.home", "corridor.download"),
    ("corridor.dims",),
    ("corridor.units", "corridor.paths"),
    ("corridor.data",),
    ("corridor.config",),
    ("corridor.demand",),
    ("corridor.supply", "corridor.trade"),
    ("corridor.checks",),
    ("corridor.io", "corridor.projects"),
    ("corridor.views",),
    ("corridor.results",),
    ("corridor.orchestrator", "corridor.examples"),
    ("corridor.assessment",),
    ("corridor.ranking",),
    ("corridor.reports",),
    ("corridor.web",),
    ("corridor.cli", "corridor.__main__", "corridor"),
]


def module_name(path: Path) -> str:
    parts = ["corridor", *path.relative_to(SRC).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in SRC.rglob("*.py")}


def imports(name: str) -> set[str]:
    """corridor modules that module ``name`` imports (anywhere in it)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = [f"{node.module}.{a.name}" for a in node.names]
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target.startswith("corridor") and target != name:
                out.add(target)
    # a package's __init__ re-exporting its submodules is not a dependency on them
    if MODULES[name].name == "__init__.py":
        out = {t for t in out if not t.startswith(f"{name}.")}
    return out


GRAPH = {name: imports(name) for name in MODULES}


def layer(name: str) -> int:
    best = None
    for i, group in enumerate(LAYERS):
        for prefix in group:
            if name == prefix or name.startswith(prefix + "."):
                best = i if best is None or len(prefix) > len(LAYERS[best][0]) else best
    assert best is not None, f"{name} is in no layer"
    return best


def test_no_import_cycles():
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt):], nxt] if nxt in path else [node, nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])


def test_imports_point_down_the_layers():
    upward = [(a, b) for a, targets in GRAPH.items() for b in targets
              if a != "corridor" and layer(b) > layer(a)]
    assert upward == []


def test_the_package_imports_nothing_at_import_time():
    """``import corridor`` is fast: names are imported when first used."""
    assert GRAPH["corridor"] <= {"corridor._version"}
