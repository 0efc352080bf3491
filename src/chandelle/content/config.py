"""The method's data files: parameters (method.toml), engagement bases (engagement.toml) and
registers with their cues (registers.toml), read once and typed."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

_HERE = Path(__file__).parent


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads((_HERE / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class SeriesParams:
    min_items: int
    max_share_of_account: float
    max_prefix_words: int
    generic_prefixes: frozenset[str]


@dataclass(frozen=True)
class Method:
    """Every parameter of the method (docs/content.md explains each one)."""

    series: SeriesParams
    neighbours_each_side: int
    baseline_min_items: int
    min_age_days_at_export: int
    alpha: float
    register_window_days: int
    fit_min_items: int
    fit_alpha: float
    fit_min_factor: float
    fit_max_factor: float


@dataclass(frozen=True)
class Basis:
    """One way of counting an item's engagement: the sum of ``metrics``, or ``total`` if given."""

    key: str
    label: str
    metrics: tuple[str, ...]
    total: str | None


@dataclass(frozen=True)
class RegisterCues:
    words: tuple[str, ...]
    emoji: tuple[str, ...]


@dataclass(frozen=True)
class Registers:
    names: tuple[str, ...]
    objectives: dict[str, tuple[str, ...]]
    cues: dict[str, RegisterCues]


@cache
def method() -> Method:
    raw = _read("method.toml")
    s, b, f = raw["series"], raw["baseline"], raw["fit"]
    return Method(
        series=SeriesParams(int(s["min_items"]), float(s["max_share_of_account"]), int(s["max_prefix_words"]),
                            frozenset(s["generic_prefixes"])),
        neighbours_each_side=int(b["neighbours_each_side"]), baseline_min_items=int(b["min_items"]),
        min_age_days_at_export=int(b["min_age_days_at_export"]), alpha=float(raw["trend"]["alpha"]),
        register_window_days=int(raw["registers"]["window_days"]),
        fit_min_items=int(f["min_items"]), fit_alpha=float(f["alpha"]),
        fit_min_factor=float(f["min_factor"]), fit_max_factor=float(f["max_factor"]),
    )


@cache
def bases() -> tuple[dict[str, Basis], dict[str, tuple[str, ...]]]:
    """All bases by key, and each platform's bases in order of preference."""
    raw = _read("engagement.toml")
    found = {key: Basis(key, str(b["label"]), tuple(b["metrics"]), b.get("total"))
             for key, b in raw["bases"].items()}
    return found, {slug: tuple(keys) for slug, keys in raw["platforms"].items()}


@cache
def registers() -> Registers:
    raw = _read("registers.toml")
    names = tuple(raw["registers"])
    cues = {name: RegisterCues(tuple(c.get("words", [])), tuple(c.get("emoji", [])))
            for name, c in raw["cues"].items()}
    objectives = {name: tuple(objs) for name, objs in raw["objectives"].items()}
    return Registers(names, objectives, cues)


METRIC_COLUMNS = ("likes", "comments", "shares", "saves", "replies", "reposts", "quotes", "engagements",
                  "views", "reach")
