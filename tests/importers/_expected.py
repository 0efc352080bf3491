"""Checked-in expected output for importer tests: records as JSON, regenerated with UPDATE_EXPECTED=1.

``assert_expected(file_name, records, paths=...)`` compares the records an importer yields
for one input with ``tests/importers/expected/<file_name>.json``. File paths inside records
(``where``, ``params["file"]``) are replaced by the bare file name so the output does not
depend on where the repository or ../shared sits.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

EXPECTED = Path(__file__).resolve().parent / "expected"


def record_to_dict(record: Any) -> dict[str, Any]:
    """A record as plain JSON-ready data, with its type name under "record"."""
    data = {"record": type(record).__name__}
    for field in dataclasses.fields(record):
        data[field.name] = _plain(getattr(record, field.name))
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _strip_paths(value: Any, paths: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        for long, short in sorted(paths.items(), key=lambda kv: -len(kv[0])):
            value = value.replace(long, short)
        return value
    if isinstance(value, list):
        return [_strip_paths(v, paths) for v in value]
    if isinstance(value, dict):
        return {k: _strip_paths(v, paths) for k, v in value.items()}
    return value


def assert_expected(file_name: str, records: Iterable[Any], *,
                    paths: Mapping[str, str] | None = None) -> None:
    """Compare with the checked-in JSON; UPDATE_EXPECTED=1 rewrites it instead."""
    actual = _strip_paths([record_to_dict(r) for r in records], dict(paths or {}))
    target = EXPECTED / f"{file_name}.json"
    if os.environ.get("UPDATE_EXPECTED") == "1":
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return
    assert target.exists(), f"no expected output {target.name}: run with UPDATE_EXPECTED=1 and review it"
    expected = json.loads(target.read_text(encoding="utf-8"))
    assert actual == expected, f"records differ from {target.name} (UPDATE_EXPECTED=1 regenerates it)"
