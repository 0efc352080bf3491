"""Cell values of the generic template: dates (French or ISO, Paris time), counts, durations.

Each parser raises ``UnusableValue(reason)`` where ``reason`` is a short, stable msgid that
the importer turns into a ``Skip`` naming the line.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from chandelle.importers._parse import parse_count

PARIS = ZoneInfo("Europe/Paris")
EARLIEST_YEAR = 1990
LATEST_YEAR = 2100
_EXCEL_EPOCH = datetime(1899, 12, 30)
_FRENCH_DATE = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
    r"(?:[ T,]+(\d{1,2})\s*[:hH]\s*(\d{2})?(?::(\d{2}))?)?$"
)
_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,]\d+)?$")


class UnusableValue(ValueError):
    """A cell the template cannot use; ``reason`` is a msgid shared by all such rows."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_local_timestamp(value: Any, *, assume_utc: bool = False) -> datetime:
    """A cell -> aware UTC datetime. Times without an offset are Paris time (or UTC if asked)."""
    zone = UTC if assume_utc else PARIS
    if value is None:
        raise UnusableValue("missing date")
    moment = _to_datetime(value)
    if moment is None:
        raise UnusableValue("unreadable date (use DD/MM/YYYY HH:MM or YYYY-MM-DDTHH:MM)")
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise UnusableValue("date out of range")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


def _to_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_excel_serial(float(value))
    text = str(value).strip()
    french = _FRENCH_DATE.match(text)
    if french:
        return _from_french(french)
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _from_french(match: re.Match[str]) -> datetime | None:
    day, month, year, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def _from_excel_serial(serial: float) -> datetime | None:
    """A spreadsheet date kept as a number of days (only plausible values, 1990-2100)."""
    if not math.isfinite(serial) or not 32_874 <= serial <= 73_051:
        return None
    return _EXCEL_EPOCH + timedelta(days=serial)


def parse_metric(value: Any) -> float | None:
    """A count; empty means unknown (None), never 0."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise UnusableValue("unreadable number")
    try:
        number = parse_count(value)
    except ValueError:
        raise UnusableValue("unreadable number") from None
    if number is not None and not math.isfinite(number):
        raise UnusableValue("unreadable number")
    return number


def parse_duration(value: Any) -> float | None:
    """Seconds, or H:MM:SS / M:SS, or a spreadsheet time cell."""
    if value is None:
        return None
    if isinstance(value, time):
        return float(value.hour * 3600 + value.minute * 60 + value.second)
    if isinstance(value, timedelta):
        return value.total_seconds()
    clock = _CLOCK.match(str(value).strip())
    if clock:
        hours, minutes, seconds = (int(g) if g else 0 for g in clock.groups())
        return float(hours * 3600 + minutes * 60 + seconds)
    number = parse_metric(value)
    if number is not None and number < 0:
        raise UnusableValue("unreadable duration")
    return number
