"""Spreadsheet-safe cells: text that a spreadsheet would run as a formula is neutralised.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return can be read
as a formula by Excel, LibreOffice or Google Sheets (CSV/formula injection, OWASP). Such
text gets a leading apostrophe, which spreadsheets show as plain text. Numbers, dates and
booleans are left alone: they are typed values, not text.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | bool | date | datetime | None


def safe_text(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_cell(value: Any) -> Cell:
    """``value`` ready for a CSV or XLSX cell (lists joined with '; ')."""
    if value is None or isinstance(value, bool | int | float | date | datetime):
        return value
    if isinstance(value, list | tuple):
        return safe_text("; ".join(str(v) for v in value))
    return safe_text(str(value))
