"""The shape of dlcore: every module readable in one sitting and no import circles.

The import graph counts every ``import dlcore...`` and ``from dlcore... import ...``, at module
level or inside a function (a circle through a function-level import is still a circle for the
reader). ``from package import name`` points at the submodule when ``name`` is one, else at the
package. A module's own parent packages, which Python imports first anyway, are not edges.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "dlcore"
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def imports_of(name: str) -> set[str]:
    """The dlcore modules that module ``name`` imports, anywhere in its body."""
    package = name if is_package(name) else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative import
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:  # import dlcore.x.y.z of a name: its module
                target = target.rpartition(".")[0]
            ancestors = {".".join(name.split(".")[:k]) for k in range(1, name.count(".") + 1)}
            if target and target != name and target not in ancestors:
                found.add(target)
    return found


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a list of modules (first == last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_is_at_most_400_lines(name):
    n_lines = len(MODULES[name].read_text().splitlines())
    assert n_lines <= MAX_LINES, f"{name}: {n_lines} lines; split it by concern (at most 400)"


def test_no_import_circle():
    graph = {name: imports_of(name) for name in MODULES}
    cycle = find_cycle(graph)
    assert cycle is None, "import circle: " + " -> ".join(cycle)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_docstring_points_at_a_chapter(name):
    doc = ast.get_docstring(ast.parse(MODULES[name].read_text())) or ""
    assert "See chapter" in doc, f"{name}: the opening docstring needs a 'See chapter NN.' line"


def test_the_checks_see_a_circle_and_a_function_level_import(tmp_path):
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    # the explorer imports the static page; the static page must not import the explorer back,
    # not even inside a function
    assert "dlcore.widgets.static" in imports_of("dlcore.widgets.explorer")
    assert not imports_of("dlcore.widgets.static") & {"dlcore.widgets.explorer", "dlcore.widgets"}


def test_public_names_stay_importable_from_the_packages():
    import dlcore

    for dotted in [
        "layers.Dense",
        "optim.Adam",
        "optim.clip_grad_norm",
        "optim.lr_range_test",
        "optim.schedules.make",
        "widgets.explore",
        "widgets.Slider",
        "train.fit",
        "viz.draw_network",
        "viz.warp_grid",
        "data.make_spirals",
        "data.batch_iterator",
        "nn.Sequential",
        "autodiff.model_graph",
        "lab.landscapes.run_2d",
        "lab.probes.activation_memory",
        "show_source",
    ]:
        obj = dlcore
        for part in dotted.split("."):
            obj = getattr(obj, part)
    for gone in ["toys", "diagnostics", "regression", "expressivity", "schedules", "static_page"]:
        assert not hasattr(dlcore, gone), f"dlcore.{gone} moved; no alias at the top level"


def test_the_engine_imports_no_chapter_instrument_plot_or_explorer():
    apart = ("dlcore.lab", "dlcore.viz", "dlcore.widgets")
    for name in MODULES:
        if name == "dlcore" or name.startswith(apart):
            continue
        leaks = sorted(m for m in imports_of(name) if m.startswith(apart))
        assert not leaks, f"{name} (the engine) imports {leaks}"
