"""The French cultural calendar (kb/calendar/cultural_calendar.toml), validated at load."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from chandelle.calendar.model import Moment
from chandelle.errors import ConfigError
from chandelle.i18n import fmt_date, translator

CULTURAL_CALENDAR = Path(__file__).resolve().parent.parent / "kb" / "calendar" / "cultural_calendar.toml"
ZONES = ("A", "B", "C")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CalendarSource(_Strict):
    title: str
    publisher: str
    url: str
    date: str
    note: str | None = None


class MomentInfo(_Strict):
    key: str
    title: str
    kind: Literal["national_event"]


class Edition(_Strict):
    moment: str
    start: date
    end: date
    status: Literal["announced", "projected"]
    source: str
    note: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Edition:
        if self.end < self.start:
            raise ValueError("end is before start")
        return self


class Unannounced(_Strict):
    moment: str
    years: list[int]
    month: int
    note: str


class SchoolHoliday(_Strict):
    title: str
    zones: list[Literal["A", "B", "C"]]
    first_day_off: date
    classes_resume: date
    source: str


class CulturalCalendar(_Strict):
    reviewed_on: date
    school_holidays_known_until: date
    sources: dict[str, CalendarSource]
    moments: list[MomentInfo]
    editions: list[Edition]
    unannounced: list[Unannounced]
    school_holidays: list[SchoolHoliday]

    @model_validator(mode="after")
    def _sourced(self) -> CulturalCalendar:
        keys = {m.key for m in self.moments}
        cited = [e.source for e in self.editions] + [h.source for h in self.school_holidays]
        for source in cited:
            if source not in self.sources:
                raise ValueError(f"unknown source {source!r}")
        for moment in [e.moment for e in self.editions] + [u.moment for u in self.unannounced]:
            if moment not in keys:
                raise ValueError(f"unknown moment {moment!r}")
        return self

    def title_of(self, moment: str) -> str:
        return next(m.title for m in self.moments if m.key == moment)


@cache
def load_cultural_calendar(path: Path = CULTURAL_CALENDAR) -> CulturalCalendar:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        return CulturalCalendar.model_validate(raw)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError("Cannot read the cultural calendar {file}: {detail}",
                          file=path.name, detail=str(exc)) from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigError("Cultural calendar value {key} is invalid: {detail}",
                          hint="Check the file kb/calendar/cultural_calendar.toml.",
                          key=".".join(str(p) for p in first["loc"]), detail=first["msg"]) from exc


def moments_between(start: date, end: date, zone: str | None, lang: str,
                    calendar: CulturalCalendar | None = None) -> tuple[list[Moment], list[str]]:
    """National events and the zone's school holidays overlapping [start, end], and notes
    on what the data file does not know for that window (translated)."""
    cal = calendar or load_cultural_calendar()
    _ = translator(lang)
    moments: list[Moment] = []
    for edition in cal.editions:
        if edition.start <= end and edition.end >= start:
            moments.append(Moment(
                key=edition.moment, title=_(cal.title_of(edition.moment)), start=edition.start,
                end=edition.end, kind="national_event", confirmed=edition.status == "announced",
                source=edition.source))
    notes = []
    for missing in cal.unannounced:
        for year in missing.years:
            month_start = date(year, missing.month, 1)
            if month_start <= end and month_start + timedelta(days=30) >= start:
                notes.append(_("{event} {year}: date not announced yet; add it when it is published.",
                               event=_(cal.title_of(missing.moment)), year=year))
    if zone is not None:
        for holiday in cal.school_holidays:
            last_day = holiday.classes_resume - timedelta(days=1)
            if zone in holiday.zones and holiday.first_day_off <= end and last_day >= start:
                moments.append(Moment(
                    key=f"school-{holiday.first_day_off.isoformat()}", kind="school_holiday",
                    title=_("{holiday} (zone {zone})", holiday=_(holiday.title), zone=zone),
                    start=holiday.first_day_off, end=last_day, source=holiday.source))
        if end > cal.school_holidays_known_until:
            notes.append(_("School holidays after {date} are not in chandelle's data yet.",
                           date=fmt_date(cal.school_holidays_known_until, lang)))
    else:
        notes.append(_("No school zone in the profile: school holidays are not shown."))
    moments.sort(key=lambda m: (m.start, m.kind))
    return moments, notes
