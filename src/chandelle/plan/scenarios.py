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

Each scenario becomes a ``PlanRequest``; what the command line sets (``--hours``,
``--max-networks``) wins over the file and its exclusions add to the scenario's
(``PlanRequest.merged``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chandelle.errors import ConfigError, InputError
from chandelle.request import PlanRequest
from chandelle.toml_files import read_toml

ALLOWED_KEYS = ("name", "hours", "max_networks", "exclude", "overlap", "objectives", "values")


@dataclass(frozen=True)
class Scenario:
    name: str
    request: PlanRequest


def load_scenarios(path: Path, base: PlanRequest) -> list[Scenario]:
    """Every scenario of the file, each merged with ``base`` (the command line's request)."""
    tables = read_toml(path).get("scenario")
    if not isinstance(tables, list) or not tables:
        raise ConfigError(
            "{file}: no [[scenario]] table.",
            hint="Add one [[scenario]] with a name per variation.",
            file=str(path),
        )
    return [_scenario(path, index, table, base) for index, table in enumerate(tables)]


def _scenario(path: Path, index: int, table: Any, base: PlanRequest) -> Scenario:
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
        request = _request(table, base)
    except (TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(
            "{file}: scenario {index} has a value of the wrong type: {detail}",
            hint="hours and overlap are numbers, max_networks an integer, exclude a list.",
            file=str(path),
            index=index + 1,
            detail=str(exc),
        ) from exc
    except InputError as exc:
        raise ConfigError(
            "{file}: scenario {index}: {detail}",
            hint="Fix the value in the file.",
            file=str(path),
            index=index + 1,
            detail=exc,
        ) from exc
    _check_values(path, index, request)
    return Scenario(str(table.get("name", f"#{index + 1}")), request)


def _request(table: dict[str, Any], base: PlanRequest) -> PlanRequest:
    scenario = PlanRequest.from_mappings(
        base.as_of,
        hours=None if "hours" not in table else float(table["hours"]),
        max_networks=None if "max_networks" not in table else int(table["max_networks"]),
        exclude=tuple(str(s) for s in table.get("exclude", [])),
        overlap=None if "overlap" not in table else float(table["overlap"]),
        objectives={str(k): float(v) for k, v in table.get("objectives", {}).items()},
        values=None if "values" not in table else [dict(v) for v in table["values"]],
    )
    return scenario.merged(base)


def _check_values(path: Path, index: int, request: PlanRequest) -> None:
    from chandelle.profile import VALUE_MODES, VALUES

    for value in [dict(v) for v in request.values or ()]:
        if value.get("name") not in VALUES or value.get("mode", "exclude") not in VALUE_MODES:
            raise ConfigError(
                "{file}: scenario {index} has an unknown value or mode: {value}",
                hint="Values: {allowed}; modes: exclude, penalty.",
                file=str(path),
                index=index + 1,
                value=str(value),
                allowed=", ".join(VALUES),
            )
