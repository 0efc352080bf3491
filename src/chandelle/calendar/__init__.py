"""The editorial calendar: the plan turned into dated production and publication slots.

``editorial_calendar(analysis, request, lang)`` is what the command line, the demo and the
web app call: the calendar of an analysis's plan; ``write_calendar`` writes it as .ics,
.xlsx or .html after the file's suffix.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from chandelle.calendar.from_plan import calendar_input
from chandelle.calendar.model import CalendarInput, EditorialCalendar
from chandelle.calendar.schedule import build_calendar

if TYPE_CHECKING:
    from chandelle.analysis import Analysis
    from chandelle.request import CalendarRequest

__all__ = ["CalendarInput", "EditorialCalendar", "build_calendar", "calendar_input", "editorial_calendar",
           "write_calendar"]


def editorial_calendar(analysis: Analysis, request: CalendarRequest, lang: str) -> EditorialCalendar:
    """The calendar of the analysis's plan over the weeks the request asks for. Without a profile
    there is no team to give work to: the calendar says so rather than inventing « member 1 »."""
    profile = analysis.profile
    if analysis.institution.given is None:
        profile = profile.model_copy(update={"team": []})
    return build_calendar(calendar_input(analysis.plan, profile, request.start, request.weeks), lang)


def write_calendar(cal: EditorialCalendar, path: Path) -> None:
    """Write ``cal`` as .ics, .xlsx or .html, after the suffix of ``path``."""
    from chandelle.calendar.outputs import write_html, write_ics, write_xlsx

    writers = {".ics": write_ics, ".xlsx": write_xlsx, ".html": write_html}
    writers[path.suffix.lower()](cal, path)
