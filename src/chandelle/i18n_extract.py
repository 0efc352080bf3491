"""Find every user-facing message id in the source, to check the catalogues cover them.

Message ids are the first argument of ``_()``, of any ``...Error(...)``, ``Skip(...)`` and
``Warning_(...)``, the ``hint=`` of errors, and module-level ``LABEL`` / ``HOWTO`` strings.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).parent
_MESSAGE_CALLS = ("Skip", "Warning_")


def _callee(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _strings_of_call(node: ast.Call) -> Iterator[str]:
    name = _callee(node)
    first = node.args[0] if node.args else None
    if name in ("_", *_MESSAGE_CALLS) or (name.endswith("Error") and not hasattr(builtins, name)):
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            yield first.value
        for keyword in node.keywords:
            if keyword.arg in ("hint", "message", "reason") and isinstance(keyword.value, ast.Constant) \
                    and isinstance(keyword.value.value, str):
                yield keyword.value.value


def messages_in(path: Path) -> Iterator[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for text in _strings_of_call(node):
                yield text, node.lineno
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant) \
                and isinstance(statement.value.value, str):
            targets = {t.id for t in statement.targets if isinstance(t, ast.Name)}
            if targets & {"LABEL", "HOWTO"} and statement.value.value:
                yield statement.value.value, statement.lineno


def all_messages() -> dict[str, str]:
    """msgid -> first place it is used (file:line)."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for text, line in messages_in(path):
            if text.strip():
                found.setdefault(text, f"{path.relative_to(PACKAGE.parent)}:{line}")
    return found


def missing(lang: str = "fr") -> dict[str, str]:
    """Message ids with no translation in ``lang``."""
    from chandelle.i18n import _catalogue

    table = _catalogue(lang)
    return {msgid: where for msgid, where in all_messages().items() if msgid not in table}
