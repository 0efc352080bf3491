"""Every word of the web app has a French translation (templates included)."""

from __future__ import annotations

import ast
import builtins
import re
from pathlib import Path

from chandelle import labels
from chandelle.i18n import _catalogue
from chandelle.web import render

WEB = Path(render.__file__).parent
# _("...") or _('...') in templates, first argument only
_TEMPLATE_CALL = re.compile(r"""_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")


def template_msgids() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted((WEB / "templates").rglob("*.html")):
        for match in _TEMPLATE_CALL.finditer(path.read_text(encoding="utf-8")):
            text = match.group(1) if match.group(1) is not None else match.group(2)
            found.setdefault(text, path.name)
    return found


def python_msgids() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(WEB.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if name == "_" or (name.endswith("Error") and not hasattr(builtins, name)):
                    found.setdefault(str(node.args[0].value), path.name)
                    for keyword in node.keywords:
                        if keyword.arg == "hint" and isinstance(keyword.value, ast.Constant):
                            found.setdefault(str(keyword.value.value), path.name)
    return found


def all_web_msgids() -> dict[str, str]:
    found = {**template_msgids(), **python_msgids()}
    found.update({label: "labels.py" for label in labels.PROFILE_LABELS.values()})
    found.update({label: "render.py NAV" for _name, label in render.NAV})
    return found


def test_templates_are_found() -> None:
    msgids = template_msgids()
    assert "Import exports" in msgids and len(msgids) > 50


def test_every_web_msgid_has_french() -> None:
    table = _catalogue("fr")
    missing = {msgid: where for msgid, where in all_web_msgids().items() if msgid not in table}
    assert not missing, "missing French for: " + "; ".join(f"{w}: {m!r}" for m, w in sorted(missing.items()))
