"""Data flows one way: importers -> store -> audit -> plan -> calendar/report/web."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "chandelle"

# module folder -> chandelle subpackages it must never import
FORBIDDEN = {
    "importers": ("store", "audit", "plan", "analysis", "report", "web", "cli", "calendar", "ingest"),
    "store": ("audit", "plan", "analysis", "report", "web", "cli", "calendar"),
    "kb": ("store", "audit", "plan", "analysis", "report", "web", "cli", "importers"),
    "audit": ("plan", "analysis", "report", "web", "cli", "calendar"),
    "plan": ("analysis", "report", "web", "cli", "calendar"),
    "analysis": ("report", "web", "cli", "calendar", "importers", "ingest", "observatory"),
    "report": ("web", "cli"),
    "observatory": ("plan", "analysis", "report", "web", "cli", "calendar"),
}


def _chandelle_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("chandelle."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("chandelle."))
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layers_do_not_import_upwards(layer: str) -> None:
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        wrong = _chandelle_imports(path) & set(FORBIDDEN[layer])
        assert not wrong, f"{path.relative_to(PACKAGE)} imports {sorted(wrong)}"


def test_only_cli_and_web_print() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] in ("cli", "web", "demo") or rel.name == "__main__.py":
            continue
        calls = [n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"]
        assert not calls, f"{rel} prints (line {calls[0].lineno}); return data and let cli/web print"
