"""The UK "Museums in the Pandemic" counts (Birkbeck / King's College London) against the minimum cadence.

Input: the folder holding ``mip_msg_count_by_museum_2019_2022.csv`` (one row per museum: its
Twitter and Facebook handles found by scraping, ``no_resource`` when none, and its message counts
over the study window) and ``mip_monthly_activity_2019_2022.csv`` (one row per month: it gives the
window). For every museum with an account on a platform, items per week = messages ÷ weeks of
the window, banded against the kb's minimum viable cadence ``m`` of that platform (``x`` for
Twitter) and the audit's dormant share ``s`` (kb ``rules.dormant_below_share_of_minimum``):

* ``no_posts`` — not one message in the window (or a handle that did not resolve: the file cannot
  tell them apart);
* ``below_half_minimum`` — under ``s × m``; ``below_minimum`` — under ``m``;
* ``at_or_above_minimum``.

A **ghost presence** is an account whose average over the window is below ``m`` (the first three
bands). Limits: averages over 41 months, not per-day activity; a museum's count sums all its
handles; handles were found by scraping websites and may belong to a parent body. docs/observatory.md.
"""

from __future__ import annotations

import ast
import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from statistics import median
from typing import Any

from chandelle.errors import InputError, MalformedFileError
from chandelle.kb.models import KnowledgeBase
from chandelle.observatory.cadence import BANDS, Minimum, band
from chandelle.observatory.mip_figures import COUNTS_FILE, below_minimum_shares, published_figures
from chandelle.observatory.mip_validation import validate
from chandelle.observatory.published import PUBLISHED_FILE, read_published

MONTHLY_FILE = "mip_monthly_activity_2019_2022.csv"
NO_RESOURCE = "no_resource"
# MIP's column names -> the kb's platform slug.
PLATFORMS = {"twitter": ("twitter_id", "msg_count_twitter", "x"),
             "facebook": ("facebook_pages", "msg_count_facebook", "facebook")}
GROUPINGS = ("size", "governance_simpl")
_REQUIRED = ("museum_id", "musname", *GROUPINGS, *(c for v in PLATFORMS.values() for c in v[:2]))


@dataclass(frozen=True)
class Presence:
    """One museum on one platform (MIP counts per museum: all its handles together)."""

    platform: str              # MIP name: twitter | facebook
    handles: tuple[str, ...]
    messages: int
    items_per_week: float
    band: str

    @property
    def ghost(self) -> bool:
        return self.band != "at_or_above_minimum"


@dataclass(frozen=True)
class Museum:
    museum_id: str
    name: str
    groups: dict[str, str]     # grouping -> value (size, governance_simpl)
    presences: dict[str, Presence]
    messages: dict[str, int] = field(default_factory=dict)   # platform -> messages, handle or not


@dataclass
class GroupShare:
    """One group of museums (e.g. size = small) on one platform."""

    grouping: str
    group: str
    platform: str
    museums: int = 0
    with_account: int = 0
    bands: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BANDS, 0))
    rates: list[float] = field(default_factory=list)

    @property
    def ghosts(self) -> int:
        return self.with_account - self.bands["at_or_above_minimum"]

    @property
    def with_posts(self) -> int:
        return self.with_account - self.bands["no_posts"]

    def to_dict(self) -> dict[str, Any]:
        def share(n: int) -> float | None:
            return round(n / self.with_account, 4) if self.with_account else None

        return {"grouping": self.grouping, "group": self.group, "platform": self.platform,
                "museums": self.museums, "with_account": self.with_account, "with_posts": self.with_posts,
                "bands": dict(self.bands), "band_shares": {b: share(n) for b, n in self.bands.items()},
                "ghosts": self.ghosts, "ghost_share": share(self.ghosts),
                "median_items_per_week": round(median(self.rates), 3) if self.rates else None}


@dataclass
class MipReport:
    window_start: date
    window_end: date
    months: int
    weeks: float
    minimums: dict[str, Minimum]
    museums: list[Museum]
    groups: list[GroupShare]
    shared_handles: dict[str, int]         # platform -> museums whose handle another museum also has
    validation: list[dict[str, Any]] = field(default_factory=list)
    published: list[Any] = field(default_factory=list)   # observatory.published.PublishedCadence
    published_figures: list[Any] = field(default_factory=list)   # mip_figures.PublishedFigure
    below_minimum_sensitivity: list[dict[str, Any]] = field(default_factory=list)

    def overall(self, platform: str) -> GroupShare:
        return next(g for g in self.groups if g.grouping == "all" and g.platform == platform)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": 1, "dataset": "Museums in the Pandemic (Birkbeck / King's College London)",
            "window": {"start": self.window_start.isoformat(), "end": self.window_end.isoformat(),
                       "months": self.months, "weeks": round(self.weeks, 3)},
            "minimums": {p: m.__dict__ for p, m in self.minimums.items()},
            "museum_count": len(self.museums),
            "groups": [g.to_dict() for g in self.groups],
            "shared_handles": self.shared_handles,
            "validation": self.validation,
            "published_cadences": [p.__dict__ for p in self.published],
            "published_figures": [f.to_dict() for f in self.published_figures],
            "below_minimum_sensitivity": self.below_minimum_sensitivity,
        }


def minimums(kb: KnowledgeBase) -> dict[str, Minimum]:
    share = kb.rules.dormant_below_share_of_minimum.number or 0.0
    found = {}
    for name, (_, _, slug) in PLATFORMS.items():
        fact = kb.platforms[slug].cadence.min_items_per_week
        found[name] = Minimum(platform=name, kb_platform=slug, items_per_week=fact.number or 0.0,
                              dormant_share=share, source=fact.source or "", confidence=fact.confidence or "",
                              kb_path=f"platforms.{slug}.cadence.min_items_per_week")
    return found


def parse_handles(value: str) -> tuple[str, ...]:
    """'no_resource' -> (); "['twitter.com/a', 'twitter.com/b']" -> both; a bare URL -> itself."""
    text = value.strip()
    if not text or text == NO_RESOURCE:
        return ()
    if text.startswith("["):
        try:
            parsed = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return (text,)
        return tuple(dict.fromkeys(str(v).strip() for v in parsed if str(v).strip()))
    return (text,)


def _normal_handle(url: str) -> str:
    tail = url.lower().split("://")[-1].removeprefix("www.").removeprefix("en-gb.").rstrip("/")
    return tail.split("?")[0]


def read_window(path: Path) -> tuple[date, date, int]:
    """First day, last day and number of months of the study, from the monthly activity file."""
    rows = _rows(path, ("month_end",))
    try:
        ends = sorted(date.fromisoformat(r["month_end"][:10]) for r in rows)
    except ValueError as exc:
        raise MalformedFileError("{file}: a month_end value is not a date ({detail}).",
                                 hint="Use the MIP file as published (month_end as YYYY-MM-DD).",
                                 file=path.name, detail=str(exc)) from exc
    if not ends:
        raise MalformedFileError("{file}: no month in the file.", hint="Use the MIP file as published.",
                                 file=path.name)
    return ends[0].replace(day=1), ends[-1], len(ends)


def _rows(path: Path, required: Iterable[str]) -> list[dict[str, str]]:
    if not path.is_file():
        raise InputError("{file} was not found.",
                         hint="Give the folder of the Museums in the Pandemic files (--mip DIR).",
                         file=str(path))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise MalformedFileError("{file}: missing columns {columns}.",
                                     hint="Use the MIP file as published, with its header row.",
                                     file=path.name, columns=", ".join(missing))
        return list(reader)


def _count(row: dict[str, str], column: str, line: int, file: str) -> int:
    raw = (row.get(column) or "").strip()
    try:
        value = int(float(raw)) if raw else 0
    except ValueError:
        value = -1
    if value < 0:
        raise MalformedFileError("{file}, line {line} ({museum}): {column} is not a count ('{value}').",
                                 hint="Use the MIP file as published.", file=file, line=line,
                                 museum=row.get("museum_id", "?"), column=column, value=raw)
    return value


def read_museums(path: Path, weeks: float, mins: dict[str, Minimum]) -> list[Museum]:
    museums = []
    for line, row in enumerate(_rows(path, _REQUIRED), start=2):
        presences = {}
        counted = {}
        for name, (handle_col, count_col, _) in PLATFORMS.items():
            messages = counted[name] = _count(row, count_col, line, path.name)
            handles = parse_handles(row[handle_col] or "")
            if not handles:
                continue
            rate = messages / weeks
            presences[name] = Presence(name, handles, messages, rate, band(rate, messages, mins[name]))
        groups = {g: (row[g] or "").strip() or "not_recorded" for g in GROUPINGS}
        museums.append(Museum(row["museum_id"].strip(), row["musname"].strip(), groups, presences, counted))
    return museums


def _aggregate(museums: list[Museum]) -> list[GroupShare]:
    table: dict[tuple[str, str, str], GroupShare] = {}
    for museum in museums:
        keys = [("all", "all"), *((g, museum.groups[g]) for g in GROUPINGS)]
        for grouping, group in keys:
            for platform in PLATFORMS:
                share = table.setdefault((grouping, group, platform), GroupShare(grouping, group, platform))
                share.museums += 1
                presence = museum.presences.get(platform)
                if presence is not None:
                    share.with_account += 1
                    share.bands[presence.band] += 1
                    share.rates.append(presence.items_per_week)
    order = {"all": 0, **{g: i + 1 for i, g in enumerate(GROUPINGS)}}
    return sorted(table.values(), key=lambda s: (order[s.grouping], s.group, s.platform))


def _shared(museums: list[Museum]) -> dict[str, int]:
    found = {}
    for platform in PLATFORMS:
        owners: dict[str, set[str]] = {}
        for m in museums:
            for h in m.presences[platform].handles if platform in m.presences else ():
                owners.setdefault(_normal_handle(h), set()).add(m.museum_id)
        found[platform] = len({mid for ids in owners.values() if len(ids) > 1 for mid in ids})
    return found


def run_mip(folder: Path, kb: KnowledgeBase, published: Path | None = None) -> MipReport:
    """Read the MIP folder and band every museum's Twitter and Facebook presence.

    ``published``: the published figures file (default: ``../published_benchmarks/`` next to the
    folder, as in the project's shared data, when it exists).
    """
    start, end, months = read_window(folder / MONTHLY_FILE)
    weeks = ((end - start) + timedelta(days=1)).days / 7
    mins = minimums(kb)
    museums = read_museums(folder / COUNTS_FILE, weeks, mins)
    groups = _aggregate(museums)
    report = MipReport(start, end, months, weeks, mins, museums, groups, _shared(museums))
    report.validation = validate(folder, groups)
    report.published_figures = published_figures(folder, museums, months)
    report.below_minimum_sensitivity = below_minimum_shares(museums, weeks)
    if published is None and (folder.parent / "published_benchmarks" / PUBLISHED_FILE).is_file():
        published = folder.parent / "published_benchmarks" / PUBLISHED_FILE
    if published is not None:
        if not published.is_file():
            raise InputError("{file} was not found.",
                             hint="Give the published figures file (--published FILE).", file=str(published))
        report.published = read_published(published, mins)
    return report
