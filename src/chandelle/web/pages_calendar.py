"""The editorial calendar view: the plan turned into dated production and publication slots."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from chandelle.errors import InputError
from chandelle.i18n import PARIS, translator
from chandelle.web.context import cache_of, data_version, institution_of
from chandelle.web.deps import csrf_protect, settings_of
from chandelle.web.optional import require, require_attribute
from chandelle.web.pages_plan import plan_for_request
from chandelle.web.render import page, request_language

router = APIRouter(dependencies=[Depends(csrf_protect)])
DEFAULT_WEEKS = 4
MAX_WEEKS = 52
KIND_SYMBOLS = {"publication": "▶", "production": "✎", "moderation": "↩"}


@dataclass
class WeekView:
    monday: date
    days: list[tuple[date, list[Any]]] = field(default_factory=list)
    moments: list[Any] = field(default_factory=list)


def calendar_params(request: Request) -> tuple[date, int]:
    """?start=YYYY-MM-DD (default: next Monday) and ?weeks=N (1 to 52)."""
    raw_start = request.query_params.get("start")
    raw_weeks = request.query_params.get("weeks") or str(DEFAULT_WEEKS)
    today = datetime.now(PARIS).date()
    try:
        start = date.fromisoformat(raw_start) if raw_start else today + timedelta(days=7 - today.weekday())
        weeks = int(raw_weeks)
    except ValueError as exc:
        raise InputError("The calendar's start or number of weeks is not valid.",
                         hint="Give a date as YYYY-MM-DD and a number of weeks from 1 to 52.") from exc
    if not 1 <= weeks <= MAX_WEEKS:
        raise InputError("The calendar's start or number of weeks is not valid.",
                         hint="Give a date as YYYY-MM-DD and a number of weeks from 1 to 52.")
    return start, weeks


def calendar_for_request(request: Request) -> Any:
    """The editorial calendar of the plan the query string describes."""
    build_calendar = require_attribute("chandelle.calendar", "build_calendar", "calendar")
    calendar_input = require_attribute("chandelle.calendar", "calendar_input", "calendar")
    plan, controls, _kb = plan_for_request(request)
    profile = institution_of(request).profile
    start, weeks = calendar_params(request)
    lang = request_language(request)
    key = ("calendar", data_version(settings_of(request)), controls, start, weeks, lang)
    return cache_of(request).get_or_compute(
        key, lambda: build_calendar(calendar_input(plan, profile, start, weeks), lang))  # type: ignore[operator]


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
    cal = calendar_for_request(request)
    labels = require("chandelle.report.labels", "report")
    _ = translator(request_language(request))
    start, weeks = calendar_params(request)
    return page(request, "calendar.html", cal=cal, weeks=week_views(cal), start=start, week_count=weeks,
                platform=lambda slug: labels.platform_label(slug, _), symbols=KIND_SYMBOLS)
