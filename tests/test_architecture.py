"""Data flows one way: importers -> store -> audit -> plan -> analysis -> calendar/report -> web/cli.

Every layer (a subpackage, or a top-level module) names the layers it must never import; the
import graph of every module (lazy imports inside functions included, ``TYPE_CHECKING`` blocks
left out) must have no cycle. The rules are checked on the real source, and the checker itself
is checked on small hand-made modules, so a rule that silently matches nothing fails too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "chandelle"

# The leaves every layer may use: they import nothing of chandelle above them.
LEAVES = ("errors", "i18n", "vocabulary", "request", "toml_files", "cells", "labels")
ABOVE_STORE = ("audit", "content", "plan", "analysis", "report", "web", "cli", "calendar", "observatory",
               "demo")

# layer -> chandelle layers it must never import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    **{leaf: ("importers", "store", "kb", "profile", "ingest", "queries", *ABOVE_STORE) for leaf in LEAVES},
    "importers": ("store", "ingest", "queries", "profile", *ABOVE_STORE),
    "store": ("ingest", "queries", "profile", *ABOVE_STORE),        # it loads importers' records
    "ingest": ("queries", "profile", *ABOVE_STORE),
    "queries": ("importers", "ingest", "profile", *ABOVE_STORE),
    "kb": ("importers", "store", "ingest", "queries", "profile", *ABOVE_STORE),
    "profile": ("importers", "store", "ingest", "queries", *ABOVE_STORE),
    "audit": ("importers", "ingest", "content", "plan", "analysis", "report", "web", "cli", "calendar",
              "observatory"),
    "content": ("importers", "ingest", "plan", "analysis", "report", "web", "cli", "calendar", "observatory",
                "demo"),
    "plan": ("importers", "store", "ingest", "analysis", "report", "web", "cli", "calendar", "observatory"),
    "analysis": ("importers", "ingest", "report", "web", "cli", "calendar", "observatory", "demo"),
    "calendar": ("importers", "store", "ingest", "report", "web", "cli", "observatory", "demo"),
    "report": ("importers", "ingest", "calendar", "web", "cli", "observatory", "demo"),
    "observatory": ("importers", "ingest", "plan", "analysis", "report", "web", "cli", "calendar", "demo"),
    "demo": ("store", "audit", "content", "plan", "analysis", "report", "web", "cli", "calendar",
             "observatory"),
    "web": ("cli", "demo"),
    "cli": (),                                                       # the top: it may use everything
}


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            lines.update(n.lineno for n in ast.walk(node) if hasattr(n, "lineno"))
    return lines


def imports_of(source: str, modules: set[str]) -> set[str]:
    """The chandelle modules ``source`` imports at run time (``from pkg import submodule`` -> submodule)."""
    tree = ast.parse(source)
    skipped = _type_checking_lines(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("chandelle"):
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("chandelle"))
    return found


def import_graph(root: Path) -> dict[str, set[str]]:
    paths = {_module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    names = set(paths)
    return {name: imports_of(path.read_text(encoding="utf-8"), names) - {name}
            for name, path in paths.items()}


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def wrong_arrows(graph: dict[str, set[str]]) -> Iterator[tuple[str, str]]:
    for module, targets in sorted(graph.items()):
        forbidden = FORBIDDEN.get(layer_of(module), ())
        for target in sorted(targets):
            if layer_of(target) in forbidden:
                yield module, target


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph(PACKAGE)


def test_every_layer_has_rules(graph: dict[str, set[str]]) -> None:
    layers = {layer_of(m) for m in graph} - {"", "__main__", "i18n_extract", "py"}
    assert layers <= set(FORBIDDEN), f"layers without rules: {sorted(layers - set(FORBIDDEN))}"


def test_layers_do_not_import_upwards(graph: dict[str, set[str]]) -> None:
    wrong = list(wrong_arrows(graph))
    assert not wrong, "\n".join(f"{module} imports {target}" for module, target in wrong)


def test_no_import_cycle(graph: dict[str, set[str]]) -> None:
    found = cycles(graph)
    assert not found, [sorted(c) for c in found]


def test_the_checker_sees_lazy_imports_and_skips_type_checking(tmp_path: Path) -> None:
    root = tmp_path / "chandelle"
    (root / "plan").mkdir(parents=True)
    (root / "report").mkdir()
    (root / "plan" / "__init__.py").write_text("", encoding="utf-8")
    (root / "report" / "__init__.py").write_text("from chandelle.plan import model\n", encoding="utf-8")
    (root / "plan" / "model.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from chandelle.web import app\n"
        "def f():\n    from chandelle.report import render\n", encoding="utf-8")
    (root / "report" / "render.py").write_text("import chandelle.plan.model\n", encoding="utf-8")
    fake = import_graph(root)
    assert fake["chandelle.plan.model"] == {"chandelle.report.render"}       # lazy kept, TYPE_CHECKING not
    assert fake["chandelle.report"] == {"chandelle.plan.model"}
    assert list(wrong_arrows(fake)) == [("chandelle.plan.model", "chandelle.report.render")]
    assert cycles(fake) == [frozenset({"chandelle.plan.model", "chandelle.report.render"})]


def test_only_cli_and_web_print() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] in ("cli", "web", "demo") or rel.name == "__main__.py":
            continue
        calls = [n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"]
        assert not calls, f"{rel} prints (line {calls[0].lineno}); return data and let cli/web print"
