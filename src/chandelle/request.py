"""What a user asks for, validated once for both front ends: a plan and a calendar.

A leaf module (errors, i18n and the vocabulary only), so every layer can take a request.

``PlanRequest`` and ``CalendarRequest`` check their values when they are built and raise
``InputError`` (exit 2 on the command line, HTTP 400 in the web app) naming the value and
the accepted range. The command line and the web app parse their text with ``number_from``
and ``day_from``, so ``--hours nan``, ``?hours=1e308`` or ``--start 9999-12-01`` give the
same one-line error everywhere. The bounds are documented in docs/planner.md, "Requests".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from chandelle.errors import InputError
from chandelle.i18n import PARIS
from chandelle.vocabulary import PLATFORMS

# Bounds of a request. They guard against typos, not against unusual institutions:
# 200 h a week is five full-time people on social media alone (the largest team in the
# research notes is three); dates outside 2000-2100 are a typo (the first platforms
# chandelle imports opened in 2004).
MAX_HOURS_PER_WEEK = 200.0
MAX_NETWORKS = 12                 # the profile's own upper bound (profile.Profile.max_networks)
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2100, 12, 31)
MAX_CALENDAR_WEEKS = 260
DEFAULT_CALENDAR_WEEKS = 13


def today() -> date:
    """Today in Paris, the day every analysis defaults to."""
    return datetime.now(PARIS).date()


def next_monday(day: date) -> date:
    return day + timedelta(days=7 - day.weekday())


def number_from(raw: str, name: str) -> float:
    """A finite number from text (a decimal comma is accepted)."""
    try:
        value = float(raw.strip().replace(",", "."))
    except ValueError as exc:
        raise InputError("'{name}' must be a number, not '{value}'.", hint="Write it as 12 or 12,5.",
                         name=name, value=raw[:40]) from exc
    return value


def day_from(raw: str, name: str) -> date:
    """A day YYYY-MM-DD between EARLIEST_DAY and LATEST_DAY."""
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError as exc:
        raise InputError("'{value}' is not a date.", hint="Write it as YYYY-MM-DD, e.g. 2026-03-31.",
                         value=raw[:40]) from exc
    return check_day(day, name)


def check_day(day: date, name: str) -> date:
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise InputError("'{name}' must be a day between {first} and {last}, not {value}.",
                         hint="Check the year.", name=name, first=EARLIEST_DAY.isoformat(),
                         last=LATEST_DAY.isoformat(), value=day.isoformat())
    return day


def _check_range(value: float, name: str, lowest: float, highest: float) -> None:
    if not (math.isfinite(value) and lowest <= value <= highest):
        raise InputError("'{name}' must be a number between {min} and {max}.",
                         hint="Correct the value and try again.", name=name, min=_plain(lowest),
                         max=_plain(highest))


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _check_platforms(slugs: Sequence[str], name: str) -> None:
    unknown = [slug for slug in slugs if slug not in PLATFORMS]
    if unknown:
        raise InputError("Unknown network '{value}' in '{name}'.", hint="Choose among: {allowed}.",
                         value=unknown[0][:40], name=name, allowed=", ".join(PLATFORMS))


Frozen = tuple[tuple[str, Any], ...]


MAX_DRAWS = 2000


@dataclass(frozen=True)
class PlanRequest:
    """One plan asked for: the day of the audit and what the user changes in the profile.

    ``None`` (or empty) keeps the profile's own value. The request is hashable, so it is
    part of the cache key of an ``Analysis``; ``objectives`` and ``values`` are stored as
    sorted tuples for that reason (``from_mappings`` builds them from a scenario's tables).
    """

    as_of: date
    hours: float | None = None
    max_networks: int | None = None
    exclude: tuple[str, ...] = ()
    overlap: float | None = None
    objectives: Frozen = ()
    values: tuple[Frozen, ...] | None = None
    draws: int = 0  # robustness draws of the plan's assumptions (docs/planner.md, "Robustness")

    def __post_init__(self) -> None:
        check_day(self.as_of, "as_of")
        _check_range(self.draws, "draws", 0, MAX_DRAWS)
        if self.hours is not None:
            _check_range(self.hours, "hours", 0.0, MAX_HOURS_PER_WEEK)
        if self.max_networks is not None:
            _check_range(self.max_networks, "max_networks", 0, MAX_NETWORKS)
        if self.overlap is not None:
            _check_range(self.overlap, "overlap", 0.0, 1.0)
        _check_platforms(self.exclude, "exclude")
        for name, weight in self.objectives:
            _check_range(weight, f"objectives.{name}", 0.0, 100.0)
        object.__setattr__(self, "exclude", tuple(sorted(set(self.exclude))))

    @classmethod
    def from_mappings(cls, as_of: date, *, objectives: Mapping[str, float] | None = None,
                      values: Sequence[Mapping[str, Any]] | None = None, **plain: Any) -> PlanRequest:
        """A request whose objectives and values come as the dicts of a TOML table."""
        return cls(as_of, objectives=tuple(sorted((objectives or {}).items())),
                   values=None if values is None else tuple(tuple(sorted(v.items())) for v in values),
                   **plain)

    def with_hours(self, hours: float) -> PlanRequest:
        return replace(self, hours=hours)

    def merged(self, other: PlanRequest) -> PlanRequest:
        """This request with what ``other`` sets on top (exclusions add up)."""
        return replace(
            self,
            hours=self.hours if other.hours is None else other.hours,
            max_networks=self.max_networks if other.max_networks is None else other.max_networks,
            exclude=(*self.exclude, *other.exclude),
            overlap=self.overlap if other.overlap is None else other.overlap,
            objectives=other.objectives or self.objectives,
            values=self.values if other.values is None else other.values,
        )


@dataclass(frozen=True)
class CalendarRequest:
    """The editorial calendar asked for: its first day and its number of weeks."""

    start: date
    weeks: int = DEFAULT_CALENDAR_WEEKS

    def __post_init__(self) -> None:
        check_day(self.start, "start")
        _check_range(self.weeks if int(self.weeks) == self.weeks else -1, "weeks", 1, MAX_CALENDAR_WEEKS)
        check_day(self.start + timedelta(weeks=int(self.weeks)), "start")

    @classmethod
    def from_next_monday(cls, day: date, weeks: int = DEFAULT_CALENDAR_WEEKS) -> CalendarRequest:
        return cls(next_monday(day), weeks)
