"""Read a TOML file the user wrote (profile, scenarios, federation), with errors naming the file.

A leaf module: every layer that reads a user's TOML file calls ``read_toml``, so a missing
file or a syntax error reads the same everywhere (file, line and column from ``tomllib``).
"""

from __future__ import annotations

import tomllib
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
