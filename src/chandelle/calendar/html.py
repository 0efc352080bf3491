"""The printable HTML view of the editorial calendar (Jinja2, autoescape on)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from chandelle.calendar.model import EditorialCalendar, Moment, Slot
from chandelle.i18n import fmt_date, fmt_number, translator
from chandelle.labels import format_label, platform_label

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> Environment:
    """The calendar's own templates (autoescaped): the calendar does not depend on the report."""
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def _week(cal: EditorialCalendar, monday: date) -> dict[str, Any]:
    days = [monday + timedelta(days=d) for d in range(7)]
    by_day: dict[date, list[Slot]] = {d: [] for d in days}
    for slot in cal.slots:
        if slot.week == monday:
            by_day.setdefault(slot.start.date(), []).append(slot)
    moments: list[Moment] = [m for m in cal.moments if m.start <= days[-1] and m.end >= monday]
    hours: dict[str, float] = {}
    for slot in cal.slots:
        if slot.week == monday and slot.member:
            hours[slot.member] = hours.get(slot.member, 0.0) + (slot.end - slot.start).total_seconds() / 3600
    return {"monday": monday, "days": days, "by_day": by_day, "moments": moments, "hours": hours}


def calendar_html(cal: EditorialCalendar) -> str:
    _ = translator(cal.lang)
    lang = cal.lang
    return environment().get_template("calendar.html.j2").render(
        c=cal, _=_, weeks=[_week(cal, m) for m in cal.week_starts()],
        day=lambda v, style="long": fmt_date(v, lang, style),
        num=lambda v, digits=1: fmt_number(v, lang, digits),
        platform=lambda slug: platform_label(slug, lang),
        fmt=lambda slug: format_label(slug, lang) if slug else "",
    )
