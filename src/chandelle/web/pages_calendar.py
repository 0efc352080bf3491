"""The editorial calendar view: the plan turned into dated production and publication slots."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from chandelle.analysis import CalendarRequest, day_from, next_monday, number_from
from chandelle.calendar import EditorialCalendar, editorial_calendar
from chandelle.web.context import cache_of, data_version, institution_of
from chandelle.web.deps import csrf_protect, settings_of
from chandelle.web.plan_request import plan_for_request
from chandelle.web.render import page, request_language

router = APIRouter(dependencies=[Depends(csrf_protect)])
DEFAULT_WEEKS = 4
KIND_SYMBOLS = {"publication": "▶", "production": "✎", "moderation": "↩"}


@dataclass
class WeekView:
    monday: date
    days: list[tuple[date, list[Any]]] = field(default_factory=list)
    moments: list[Any] = field(default_factory=list)


def calendar_request_from(request: Request, as_of: date) -> CalendarRequest:
    """?start=YYYY-MM-DD (default: the Monday after the analysis's day) and ?weeks=N, checked by the core."""
    raw_start = request.query_params.get("start")
    raw_weeks = request.query_params.get("weeks", "").strip()
    start = day_from(raw_start, "start") if raw_start else next_monday(as_of)
    weeks = number_from(raw_weeks, "weeks") if raw_weeks else DEFAULT_WEEKS
    return CalendarRequest(start, int(weeks) if float(weeks).is_integer() else -1)


def calendar_for_request(request: Request) -> tuple[EditorialCalendar, CalendarRequest]:
    """The editorial calendar of the plan the query string describes, and the weeks it covers."""
    analysis, _controls = plan_for_request(request)
    wanted = calendar_request_from(request, analysis.request.as_of)
    lang = request_language(request)
    key = ("calendar", data_version(settings_of(request)), analysis.request, wanted, lang)
    cal = cache_of(request).get_or_compute(key, lambda: editorial_calendar(analysis, wanted, lang))
    return cal, wanted


def unplaced_soon(request: Request) -> EditorialCalendar:
    """The calendar of the next weeks for the plan on screen (the plan page lists what it could
    not place)."""
    return calendar_for_request(request)[0]


def week_views(cal: Any) -> list[WeekView]:
    views = []
    for monday in cal.week_starts():
        days = [monday + timedelta(days=d) for d in range(7)]
        by_day: dict[date, list[Any]] = {d: [] for d in days}
        for slot in cal.slots:
            if slot.week == monday:
                by_day.setdefault(slot.start.date(), []).append(slot)
        view = WeekView(monday, [(d, sorted(by_day[d], key=lambda s: s.start)) for d in days if by_day[d]],
                        [m for m in cal.moments if m.start <= days[-1] and m.end >= monday])
        views.append(view)
    return views


@router.get("/calendar", name="calendar_page")
def calendar_page(request: Request) -> Response:
    cal, wanted = calendar_for_request(request)
    return page(request, "calendar.html", cal=cal, weeks=week_views(cal), start=wanted.start,
                week_count=wanted.weeks, symbols=KIND_SYMBOLS,
                no_profile=institution_of(request).given is None)
