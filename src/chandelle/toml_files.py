"""TOML files the user owns (profile, scenarios, federation): one reader, one writer.

A leaf module: every layer that reads a user's TOML file calls ``read_toml``, so a missing
file or a syntax error reads the same everywhere (file, line and column from ``tomllib``);
``dumps`` writes what ``Profile.model_dump()`` (or a scenario table) holds — the standard
library only reads TOML — and ``write_toml_atomically`` replaces a file only once what was
written reads back as valid, keeping the previous one as ``.bak``.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
import tomllib
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from chandelle.errors import ConfigError


def read_toml(path: Path, *, missing: str = "File {file} not found.",
              hint: str = "Check the path.") -> dict[str, Any]:
    """The file's tables; ``missing`` and ``hint`` (msgids with ``{file}``) say what to do without it."""
    if not path.exists():
        raise ConfigError(missing, hint=hint, file=str(path))
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError("{file} is not valid TOML: {detail}", hint="Fix the syntax at the place named.",
                          file=str(path), detail=str(exc)) from exc


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def dumps(data: Mapping[str, Any], comments: Iterable[str] = ()) -> str:
    """``data`` as TOML text, after ``comments`` (one ``# ...`` line each)."""
    lines: list[str] = []
    _table(lines, (), data)
    head = "".join(f"# {line}\n" for line in comments)
    return head + ("\n" if head else "") + "\n".join(lines).strip() + "\n"


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


def write_toml_atomically(path: Path, text: str, check: Callable[[Path], object]) -> None:
    """Write ``text`` to ``path`` only once ``check`` reads it back without error; the previous
    file is kept as .bak."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        check(Path(temporary))                 # what we wrote reads back as valid
        if path.exists():
            os.replace(path, path.with_name(path.name + ".bak"))
        os.replace(temporary, path)
    except (OSError, ConfigError):
        Path(temporary).unlink(missing_ok=True)
        raise
