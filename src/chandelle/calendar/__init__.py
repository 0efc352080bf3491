"""The editorial calendar: the plan turned into dated production and publication slots."""

from __future__ import annotations

from chandelle.calendar.from_plan import calendar_input
from chandelle.calendar.model import CalendarInput, EditorialCalendar
from chandelle.calendar.schedule import build_calendar

__all__ = ["CalendarInput", "EditorialCalendar", "build_calendar", "calendar_input"]
