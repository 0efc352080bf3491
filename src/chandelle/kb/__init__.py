"""The knowledge base: sourced facts about platforms, read from the TOML files next to this module.

``load_kb(overrides)`` reads ``sources.toml``, ``rules.toml`` and one ``<platform>.toml`` per
platform, applies the institution's overrides, checks every fact's source key against the
bibliography, and returns a validated ``KnowledgeBase``.

Overrides mirror the files' structure. A bare value replaces a fact's value and marks it as
set by the institution (source ``profile``, confidence ``P``)::

    {"platforms": {"instagram": {"cadence": {"min_items_per_week": 2},
                                 "formats": {"reel": {"hours": {"total": 3.5}}}}},
     "defaults": {"hours_per_member_per_week": 12}}
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from chandelle.errors import ConfigError
from chandelle.kb.models import (
    PROFILE_SOURCE,
    AudienceFigure,
    Fact,
    FormatInfo,
    KnowledgeBase,
    Platform,
    Source,
)
from chandelle.vocabulary import PLATFORMS

__all__ = [
    "AudienceFigure", "Fact", "FormatInfo", "KnowledgeBase", "Platform", "Source",
    "facts_of", "load_kb",
]

KB_DIR = Path(__file__).parent
_FACT_KEYS = {"value", "source", "date", "confidence", "note", "low", "high"}


def load_kb(overrides: Mapping[str, Any] | None = None) -> KnowledgeBase:
    """The validated knowledge base, with the institution's ``overrides`` applied.

    Validated once per set of overrides and version of the files (name, modification time, size):
    a second call returns the same ``KnowledgeBase``, which callers only read (its models are
    frozen). Editing a file is seen by the next call.
    """
    versions = _file_versions()
    key = (versions, json.dumps(overrides or {}, sort_keys=True, default=repr))
    found = _VALIDATED.get(key)
    if found is None:
        if len(_VALIDATED) >= _VALIDATED_KEPT:
            _VALIDATED.pop(next(iter(_VALIDATED)))
        found = _VALIDATED[key] = _validated(_raw_kb(versions), overrides)
    return found


# Validated knowledge bases by (file versions, overrides as JSON), the oldest dropped first.
_VALIDATED: dict[tuple[tuple[tuple[str, int, int], ...], str], KnowledgeBase] = {}
_VALIDATED_KEPT = 32


def _validated(raw: dict[str, Any], overrides: Mapping[str, Any] | None) -> KnowledgeBase:
    if overrides:
        raw = _merge(raw, overrides, path="")
    try:
        kb = KnowledgeBase.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigError(
            "Knowledge base value {key} is invalid: {detail}",
            hint="Check the knowledge base files (chandelle/kb) or the overrides in institution.toml.",
            key=".".join(str(p) for p in first["loc"]), detail=first["msg"],
        ) from exc
    _check_sources(kb)
    return kb


def _file_names() -> list[str]:
    return ["sources.toml", "rules.toml", "segments.toml", *(f"{slug}.toml" for slug in PLATFORMS)]


def _file_versions() -> tuple[tuple[str, int, int], ...]:
    """(name, modification time in ns, size) of every knowledge base file present."""
    found = []
    for name in _file_names():
        try:
            stat = (KB_DIR / name).stat()
        except FileNotFoundError:
            continue
        found.append((name, stat.st_mtime_ns, stat.st_size))
    return tuple(found)


@lru_cache(maxsize=4)
def _files(versions: tuple[tuple[str, int, int], ...]) -> tuple[tuple[str, dict[str, Any]], ...]:
    """The files of ``versions`` (sources.toml, rules.toml, segments.toml, ``<slug>.toml``), parsed."""
    loaded = []
    for path in (KB_DIR / name for name, _, _ in versions):
        try:
            loaded.append((path.name, tomllib.loads(path.read_text(encoding="utf-8"))))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError("Knowledge base file {file} is not valid TOML: {detail}",
                              file=path.name, detail=str(exc)) from exc
    return tuple(loaded)


def _raw_kb(versions: tuple[tuple[str, int, int], ...]) -> dict[str, Any]:
    files = dict(_files(versions))
    sources = {key: {"key": key, **entry} for key, entry in files["sources.toml"].items()}
    rules_file = files["rules.toml"]
    platforms = {}
    for slug in PLATFORMS:
        if f"{slug}.toml" in files:
            platforms[slug] = files[f"{slug}.toml"]
    return {
        "platforms": platforms, "rules": rules_file["rules"], "defaults": rules_file["defaults"],
        "field_reports": rules_file.get("field_reports", []), "sources": sources,
        "as_of": rules_file.get("reviewed_on"),
        "segments": files.get("segments.toml", {}).get("segments", {}),
    }


def _is_fact_table(value: Any) -> bool:
    return isinstance(value, Mapping) and bool(value) and set(value) <= _FACT_KEYS


def _merge(base: Any, override: Any, path: str) -> Any:
    """Deep-merge ``override`` into ``base``; bare values on facts become profile facts."""
    if isinstance(override, Mapping) and not _is_fact_table(override):
        merged = dict(base) if isinstance(base, Mapping) else {}
        for key, value in override.items():
            merged[key] = _merge(merged.get(key), value, f"{path}.{key}" if path else str(key))
        return merged
    if isinstance(override, Mapping):  # an explicit fact table replaces the fact
        return {"source": PROFILE_SOURCE, "confidence": "P", **override}
    if isinstance(base, Mapping) and (_is_fact_table(base) or not base):
        return {"value": override, "source": PROFILE_SOURCE, "confidence": "P",
                "note": "set by the institution in institution.toml"}
    return override


def facts_of(model: BaseModel, prefix: str = "") -> Iterator[tuple[str, Fact]]:
    """Every fact inside ``model``, with its dotted path (for tracing figures to sources)."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        yield from _facts_in(value, f"{prefix}.{name}" if prefix else name)


def _facts_in(value: Any, path: str) -> Iterator[tuple[str, Fact]]:
    if isinstance(value, Fact):
        yield path, value
    if isinstance(value, BaseModel):
        yield from facts_of(value, path)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _facts_in(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _facts_in(item, f"{path}[{index}]")


def _check_sources(kb: KnowledgeBase) -> None:
    known = kb.source_keys()
    for name, basis in kb.segments.items():
        if basis.source not in known:
            raise ConfigError(
                "Knowledge base value {key} cites an unknown source '{source}'.",
                hint="Add it to sources.toml or use one of its keys.", key=f"segments.{name}",
                source=basis.source,
            )
    for path, fact in facts_of(kb):
        if fact.source is not None and fact.source not in known:
            raise ConfigError(
                "Knowledge base value {key} cites an unknown source '{source}'.",
                hint="Add it to sources.toml or use one of its keys.", key=path, source=fact.source,
            )
