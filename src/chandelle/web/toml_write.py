"""A small TOML writer for the institution profile (the standard library only reads TOML).

It writes what ``Profile.model_dump()`` produces: strings, numbers, booleans, dates, lists
of scalars, tables (nested) and arrays of tables whose rows hold scalars and scalar lists.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def dumps(data: Mapping[str, Any]) -> str:
    lines: list[str] = []
    _table(lines, (), data)
    return "\n".join(lines).strip() + "\n"


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def _path(path: tuple[str, ...]) -> str:
    return ".".join(_key(p) for p in path)


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _table(lines: list[str], path: tuple[str, ...], data: Mapping[str, Any]) -> None:
    for key, value in data.items():
        if value is None or isinstance(value, Mapping) or _is_table_list(value):
            continue
        lines.append(f"{_key(key)} = {_scalar(value)}")
    for key, value in data.items():
        if isinstance(value, Mapping):
            scalars = {k: v for k, v in value.items() if not isinstance(v, Mapping)}
            if scalars or not value:
                lines.extend(["", f"[{_path((*path, key))}]"])
            _table(lines, (*path, key), value)
    for key, value in data.items():
        if _is_table_list(value):
            for row in value:
                lines.extend(["", f"[[{_path((*path, key))}]]"])
                _table(lines, (*path, key), row)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("TOML cannot hold an infinite or undefined number")
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_scalar(v) for v in value if v is not None) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")
