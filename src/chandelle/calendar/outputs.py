"""Write an editorial calendar as iCalendar (.ics), XLSX (one sheet per month) or HTML.

The .ics has one VEVENT per production slot, per publication and per moderation slot,
plus one all-day VEVENT per moment (national event, school holiday, own event); each
event has a stable UID (re-importing updates rather than duplicates), a DTSTAMP, and
times in Europe/Paris with its VTIMEZONE, as Outlook, Google Calendar and Thunderbird
expect (RFC 5545).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from chandelle.calendar.model import EditorialCalendar, Moment, Slot
from chandelle.cells import safe_cell
from chandelle.errors import ReportError
from chandelle.i18n import fmt_date, translator
from chandelle.labels import format_label, platform_label

UTC = ZoneInfo("UTC")
# Line breaks and other control characters: an iCalendar text value is one line (RFC 5545 §3.3.11);
# names typed in a profile or a form may hold them.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
KIND_MSGIDS = {"production": "Production", "publication": "Publication", "moderation": "Moderation"}


def _check_writable(path: Path) -> None:
    if not path.parent.is_dir():
        raise ReportError("Cannot write {path}: the folder does not exist.",
                          hint="Create the folder or choose another output path.", path=str(path))


def ics_text(value: str) -> str:
    """A value safe for an iCalendar TEXT property: control characters become one space."""
    return _CONTROL.sub(" ", value).strip()


def to_ics(cal: EditorialCalendar) -> bytes:
    from icalendar import Calendar, Event

    _ = translator(cal.lang)
    ical = Calendar()
    ical.add("prodid", "-//chandelle//editorial calendar//FR")
    ical.add("version", "2.0")
    ical.add("calscale", "GREGORIAN")
    ical.add("x-wr-calname", ics_text(_("Editorial calendar — {institution}", institution=cal.institution)))
    ical.add("x-wr-timezone", "Europe/Paris")
    ical.add_component(_paris_timezone())
    stamp = cal.generated_at.astimezone(UTC)
    for slot in cal.slots:
        event = Event()
        event.add("uid", slot.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", slot.start)
        event.add("dtend", slot.end)
        event.add("summary", ics_text(slot.title))
        event.add("categories", [_(KIND_MSGIDS[slot.kind]),
                                 ics_text(platform_label(slot.platform, cal.lang))])
        if slot.member:
            event.add("description", ics_text(_("Made by {member}.", member=slot.member)))
        event.add("transp", "OPAQUE" if slot.kind != "publication" else "TRANSPARENT")
        ical.add_component(event)
    for moment in cal.moments:
        ical.add_component(_moment_event(moment, cal, stamp))
    return bytes(ical.to_ical())


def _paris_timezone() -> Any:
    """Europe/Paris as the compact, rule-based VTIMEZONE Outlook and Google write themselves
    (EU rule since 1996: last Sunday of March and of October)."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    zone = Timezone()
    zone.add("tzid", "Europe/Paris")
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("dtstart", datetime(1996, 3, 31, 2, 0))
    summer.add("tzoffsetfrom", timedelta(hours=1))
    summer.add("tzoffsetto", timedelta(hours=2))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("dtstart", datetime(1996, 10, 27, 3, 0))
    winter.add("tzoffsetfrom", timedelta(hours=2))
    winter.add("tzoffsetto", timedelta(hours=1))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def _moment_title(moment: Moment, lang: str) -> str:
    if moment.confirmed:
        return moment.title
    return translator(lang)("{title} (date to be confirmed)", title=moment.title)


def _moment_event(moment: Moment, cal: EditorialCalendar, stamp: datetime) -> Any:
    from icalendar import Event

    _ = translator(cal.lang)
    event = Event()
    event.add("uid", f"moment-{moment.key}-{moment.start.isoformat()}@chandelle")
    event.add("dtstamp", stamp)
    event.add("dtstart", moment.start)
    event.add("dtend", moment.end + timedelta(days=1))     # exclusive end for all-day events
    event.add("summary", ics_text(_moment_title(moment, cal.lang)))
    event.add("transp", "TRANSPARENT")
    return event


def write_ics(cal: EditorialCalendar, path: Path) -> None:
    _check_writable(path)
    path.write_bytes(to_ics(cal))


def slot_row(slot: Slot, lang: str) -> list[object]:
    _ = translator(lang)
    return [
        slot.start.date(), fmt_date(slot.start.date(), lang, "EEEE"), slot.start.strftime("%H:%M"),
        round((slot.end - slot.start).total_seconds() / 3600, 2), _(KIND_MSGIDS[slot.kind]),
        platform_label(slot.platform, lang), format_label(slot.format, lang) if slot.format else "",
        slot.member or "", slot.anchor or "", slot.title,
    ]


def write_xlsx(cal: EditorialCalendar, path: Path) -> None:
    """One sheet per month, one row per slot, moments on top of each sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    _check_writable(path)
    _ = translator(cal.lang)
    headers = [_("Date"), _("Day"), _("Time"), _("Hours"), _("Type"), _("Network"), _("Format"),
               _("Who"), _("Moment"), _("Title")]
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for month in _months(cal):
        sheet = book.create_sheet(fmt_date(month, cal.lang, "MMMM yyyy")[:31])
        for moment in (m for m in cal.moments if m.start <= _month_end(month) and m.end >= month):
            until = _("until {date}", date=fmt_date(moment.end, cal.lang))
            row = (moment.start, until, "", "", _("Moment"), "", "", "", _moment_title(moment, cal.lang), "")
            sheet.append([safe_cell(v) for v in row])
        sheet.append(headers)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for slot in (s for s in cal.slots if (s.start.year, s.start.month) == (month.year, month.month)):
            sheet.append([safe_cell(v) for v in slot_row(slot, cal.lang)])
        for column, width in zip("ABCDEFGHIJ", (12, 11, 7, 7, 13, 12, 13, 14, 26, 50), strict=True):
            sheet.column_dimensions[column].width = width
        for row in sheet.iter_rows(min_col=1, max_col=1):
            for cell in row:
                if isinstance(cell.value, date):
                    cell.number_format = "DD/MM/YYYY"
    try:
        book.save(str(path))
    except OSError as exc:
        raise ReportError("Cannot write {path}: {error}", path=str(path), error=str(exc)) from exc


def _months(cal: EditorialCalendar) -> list[date]:
    first = cal.start.replace(day=1)
    last = cal.start + timedelta(weeks=cal.weeks, days=-1)
    months = []
    while first <= last:
        months.append(first)
        first = (first + timedelta(days=32)).replace(day=1)
    return months


def _month_end(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def render_calendar_html(cal: EditorialCalendar) -> str:
    """A printable HTML view: one table per week, one column per day."""
    from chandelle.calendar.html import calendar_html

    return calendar_html(cal)


def write_html(cal: EditorialCalendar, path: Path) -> None:
    _check_writable(path)
    path.write_text(render_calendar_html(cal), encoding="utf-8")
