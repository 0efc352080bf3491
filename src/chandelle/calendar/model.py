"""The editorial calendar's input and output, as plain typed data.

``CalendarInput`` is what the scheduler needs and nothing more: the planned items per week
per platform and format with their hours, the team with its weekly hours and skills, and
the institution's own events. ``calendar.from_plan`` builds it from a plan and a profile;
tests and benchmarks write it by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

SlotKind = Literal["production", "publication", "moderation"]
# Formats that make sense on the day of an event (a live from the opening...).
EVENT_FORMATS = ("live", "story", "event")


@dataclass(frozen=True)
class PlannedFormat:
    platform: str
    format: str                     # chandelle.vocabulary.FORMATS slug
    items_per_week: float
    hours_per_item: float
    skills: tuple[str, ...] = ()    # every one is needed to make it


@dataclass(frozen=True)
class PlannedNetwork:
    platform: str
    formats: tuple[PlannedFormat, ...]
    overhead_hours_per_week: float = 0.0    # replies, moderation, monitoring
    account: str | None = None              # the account that publishes (None: the platform's only one)


@dataclass(frozen=True)
class Member:
    name: str
    hours_per_week: float
    skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class InstitutionEvent:
    """One of the institution's own events (from the profile), e.g. an exhibition opening."""

    title: str
    start: date
    end: date | None = None
    kind: str = "exhibition_opening"


@dataclass(frozen=True)
class CalendarInput:
    institution: str
    start: date                     # a Monday (the scheduler moves it back to one)
    weeks: int
    networks: tuple[PlannedNetwork, ...]
    members: tuple[Member, ...]
    events: tuple[InstitutionEvent, ...] = ()
    school_zone: str | None = None  # "A", "B" or "C"
    weekend_work: bool = False      # the profile allows making and publishing on weekends


@dataclass(frozen=True)
class Moment:
    """A date the calendar is anchored on: a national event, a school holiday or the
    institution's own event."""

    key: str
    title: str                      # translated
    start: date
    end: date                       # last day, inclusive
    kind: Literal["national_event", "school_holiday", "institution_event"]
    confirmed: bool = True
    source: str | None = None       # a source key of the cultural calendar, or "profile"


@dataclass(frozen=True)
class Slot:
    """One thing in someone's diary: making an item, publishing it, or moderating."""

    uid: str
    kind: SlotKind
    platform: str
    format: str | None
    member: str | None
    start: datetime                 # aware, Europe/Paris
    end: datetime
    week: date                      # Monday of its week
    title: str                      # translated, ready to show
    anchor: str | None = None       # title of the moment it is anchored on
    announces: str | None = None    # title of the institution's event this item announces (before it)
    account: str | None = None      # the account that publishes it (several accounts on one platform)


@dataclass(frozen=True)
class Unplaced:
    """A planned item the diary could not place, and why (``skills`` or ``hours``)."""

    platform: str
    format: str
    day: date                       # the publication day it was meant for
    hours: float
    reason: Literal["skills", "hours"]


@dataclass
class EditorialCalendar:
    institution: str
    start: date
    weeks: int
    lang: str
    generated_at: datetime
    slots: list[Slot]
    moments: list[Moment]
    unstaffed: list[str] = field(default_factory=list)    # translated: items no one could make
    notes: list[str] = field(default_factory=list)        # translated warnings and assumptions
    unplaced: list[Unplaced] = field(default_factory=list)  # the same items as ``unstaffed``, as data

    def week_starts(self) -> list[date]:
        from datetime import timedelta

        return [self.start + timedelta(weeks=w) for w in range(self.weeks)]
