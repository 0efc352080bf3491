"""Named variations of the plan (hours, network limit, exclusions, overlap, objectives, values).

A scenario file (TOML) holds one ``[[scenario]]`` table per variation::

    [[scenario]]
    name = "Aujourd'hui"
    [[scenario]]
    name = "Une demi-journée de plus"
    hours = 18
    [[scenario]]
    name = "Sans TikTok, audiences très recoupées"
    exclude = ["tiktok"]
    overlap = 0.9
    objectives = {youth_13_24 = 2, visibility = 1}
    values = [{name = "prefer_open_networks", mode = "penalty", weight = 1}]
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chandelle.errors import ConfigError
from chandelle.plan.build import Overrides

ALLOWED_KEYS = ("name", "hours", "max_networks", "exclude", "overlap", "objectives", "values")


@dataclass(frozen=True)
class Scenario:
    name: str
    overrides: Overrides


def load_scenarios(path: Path) -> list[Scenario]:
    if not path.exists():
        raise ConfigError("File {file} not found.", hint="Check the path.", file=str(path))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            "{file} is not valid TOML: {detail}",
            hint="Fix the syntax at the place named.",
            file=str(path),
            detail=str(exc),
        ) from exc
    tables = data.get("scenario")
    if not isinstance(tables, list) or not tables:
        raise ConfigError(
            "{file}: no [[scenario]] table.",
            hint="Add one [[scenario]] with a name per variation.",
            file=str(path),
        )
    return [_scenario(path, index, table) for index, table in enumerate(tables)]


def _scenario(path: Path, index: int, table: Any) -> Scenario:
    if not isinstance(table, dict):
        raise ConfigError(
            "{file}: scenario {index} is not a table.",
            hint="Use [[scenario]] tables.",
            file=str(path),
            index=index + 1,
        )
    unknown = sorted(set(table) - set(ALLOWED_KEYS))
    if unknown:
        raise ConfigError(
            "{file}: scenario {index} has unknown keys {keys}.",
            hint="Allowed keys: {allowed}.",
            file=str(path),
            index=index + 1,
            keys=", ".join(unknown),
            allowed=", ".join(ALLOWED_KEYS),
        )
    try:
        overrides = Overrides(
            hours=None if "hours" not in table else float(table["hours"]),
            max_networks=None if "max_networks" not in table else int(table["max_networks"]),
            exclude=tuple(str(s) for s in table.get("exclude", [])),
            overlap=None if "overlap" not in table else float(table["overlap"]),
            objectives={str(k): float(v) for k, v in table.get("objectives", {}).items()},
            values=None if "values" not in table else [dict(v) for v in table["values"]],
        )
    except (TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(
            "{file}: scenario {index} has a value of the wrong type: {detail}",
            hint="hours and overlap are numbers, max_networks an integer, exclude a list.",
            file=str(path),
            index=index + 1,
            detail=str(exc),
        ) from exc
    if (overrides.hours is not None and overrides.hours < 0) or (
        overrides.overlap is not None and not 0 <= overrides.overlap <= 1
    ):
        raise ConfigError(
            "{file}: scenario {index}: hours must be ≥ 0 and overlap between 0 and 1.",
            hint="Fix the value in the file.",
            file=str(path),
            index=index + 1,
        )
    _check_values(path, index, overrides)
    return Scenario(str(table.get("name", f"#{index + 1}")), overrides)


def _check_values(path: Path, index: int, overrides: Overrides) -> None:
    from chandelle.profile import VALUE_MODES, VALUES

    for value in overrides.values or []:
        if value.get("name") not in VALUES or value.get("mode", "exclude") not in VALUE_MODES:
            raise ConfigError(
                "{file}: scenario {index} has an unknown value or mode: {value}",
                hint="Values: {allowed}; modes: exclude, penalty.",
                file=str(path),
                index=index + 1,
                value=str(value),
                allowed=", ".join(VALUES),
            )
