"""Shared helpers of the TikTok, YouTube, Twitch and LinkedIn importers.

* rows of a table, whatever it came as: CSV/TSV, XLSX (openpyxl) or XLS (xlrd), every cell
  as text;
* cheap header sniffing (the first rows only);
* date columns that a spreadsheet may have re-written in day-first or month-first order:
  the order is accepted only when the file itself proves it, never guessed;
* the account a file belongs to when the export does not name it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

from chandelle.errors import MalformedFileError
from chandelle.importers._parse import normalise_header, parse_count, parse_day, read_csv_rows
from chandelle.importers.base import UNNAMED_ACCOUNT as UNNAMED_WARNING
from chandelle.importers.base import Warning_
from chandelle.importers.source import Source

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SNIFF_ROWS = 4
UNNAMED_ACCOUNT = "unnamed"
_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")

Row = list[str]


def spreadsheet_kind(source: Source) -> str:
    """'xlsx', 'xls' or 'csv', from the file's first bytes (not its name)."""
    head = source.head(8)
    if head.startswith(XLS_MAGIC):
        return "xls"
    if head.startswith(XLSX_MAGIC) and source.suffix in (".xlsx", ".xlsm", ""):
        return "xlsx"
    return "csv"


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_sheets(source: Source, limit: int | None) -> Iterator[tuple[str, Iterator[Row]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(source.read_bytes()), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on a damaged workbook
        raise MalformedFileError(
            "{file}: this Excel workbook cannot be opened ({detail}).",
            hint="Download the export again from the platform.",
            file=source.name, detail=type(exc).__name__,
        ) from exc
    for sheet in book.worksheets:
        try:  # read_only workbooks parse each sheet lazily: damage shows up here
            rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True, max_row=limit)]
        except Exception as exc:
            raise MalformedFileError(
                "{file}: this Excel workbook cannot be opened ({detail}).",
                hint="Download the export again from the platform.",
                file=source.name, detail=type(exc).__name__,
            ) from exc
        yield sheet.title, iter(rows)


def _xls_sheets(source: Source, limit: int | None) -> Iterator[tuple[str, Iterator[Row]]]:
    import xlrd

    try:
        # xlrd writes its warnings to stdout unless given a log file: keep them out of the output
        book = xlrd.open_workbook(file_contents=source.read_bytes(), logfile=io.StringIO())
    except Exception as exc:  # xlrd raises its own XLRDError and struct errors
        raise MalformedFileError(
            "{file}: this Excel 97-2003 workbook cannot be opened ({detail}).",
            hint="Download the export again from the platform.",
            file=source.name, detail=type(exc).__name__,
        ) from exc

    def rows_of(sheet: Any) -> Iterator[Row]:
        count = sheet.nrows if limit is None else min(limit, sheet.nrows)
        for index in range(count):
            cells = sheet.row(index)
            yield [_xls_cell(cell, book.datemode) for cell in cells]

    for sheet in book.sheets():
        yield sheet.name, rows_of(sheet)


def _xls_cell(cell: Any, datemode: int) -> str:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        return str(xlrd.xldate_as_datetime(cell.value, datemode).isoformat())
    return _cell_text(cell.value)


def _csv_sheet(source: Source, limit: int | None) -> Iterator[tuple[str, Iterator[Row]]]:
    def rows() -> Iterator[Row]:
        for line, row in read_csv_rows(source):
            if limit is not None and line > limit:
                return
            yield row

    yield "", rows()


def sheets(source: Source, limit: int | None = None) -> Iterator[tuple[str, Iterator[Row]]]:
    """(sheet name, rows) for each sheet; a CSV is one sheet named ''."""
    kind = spreadsheet_kind(source)
    if kind == "xlsx":
        yield from _xlsx_sheets(source, limit)
    elif kind == "xls":
        yield from _xls_sheets(source, limit)
    else:
        yield from _csv_sheet(source, limit)


_HEAD_CACHE: dict[tuple[str, int, str], list[tuple[str, list[Row]]]] = {}
_HEAD_CACHE_SIZE = 8


def head_rows(source: Source) -> list[tuple[str, list[Row]]]:
    """The first rows of each sheet, for sniffing; never raises (a failure reads as nothing).

    Workbooks are opened once for all the importers that sniff them (a small cache).
    """
    if spreadsheet_kind(source) == "csv":
        return _head_rows(source)
    try:
        key = (source.name, source.size(), source.modified_at().isoformat())
    except Exception:  # an unreadable file is simply not ours
        return []
    if key not in _HEAD_CACHE:
        if len(_HEAD_CACHE) >= _HEAD_CACHE_SIZE:
            _HEAD_CACHE.pop(next(iter(_HEAD_CACHE)))
        _HEAD_CACHE[key] = _head_rows(source)
    return _HEAD_CACHE[key]


def _head_rows(source: Source) -> list[tuple[str, list[Row]]]:
    try:
        kind = spreadsheet_kind(source)
        if kind == "csv":
            if source.suffix not in (".csv", ".tsv", ".txt", ""):
                return []
            lines = source.head_text(16 * 1024).splitlines()[:SNIFF_ROWS]
            lines = [ln for ln in lines if not ln.lower().startswith("sep=")]
            delimiter = max((",", ";", "\t"), key=lambda d: lines[0].count(d)) if lines else ","
            return [("", list(csv.reader(lines, delimiter=delimiter)))]
        return [(name, list(rows)) for name, rows in sheets(source, SNIFF_ROWS)]
    except Exception:  # sniffing must never fail: an unreadable file is simply not ours
        return []


def header_keys(row: Sequence[str]) -> set[str]:
    return {normalise_header(cell) for cell in row if cell and cell.strip()}


def has_columns(row: Sequence[str], *groups: Iterable[str]) -> bool:
    """True when ``row`` holds, for every group, at least one of the group's names."""
    keys = header_keys(row)
    return all(any(normalise_header(name) in keys for name in group) for group in groups)


def cell(row: Sequence[str], columns: dict[str, int], field_name: str) -> str:
    position = columns.get(field_name)
    if position is None or position >= len(row):
        return ""
    return row[position].strip()


def account_handle(source: Source, found: str | None = None) -> tuple[str, Warning_ | None]:
    """The account's handle: from the file, else from ``--handle``, else a placeholder + warning."""
    if found and found.strip():
        return found.strip().lstrip("@"), None
    hinted = source.hints.get("handle", "").strip().lstrip("@")
    if hinted:
        return hinted, None
    return UNNAMED_ACCOUNT, Warning_(
        "This export does not name its account: it was filed under '{handle}'.",
        where=source.name, params={"handle": UNNAMED_ACCOUNT}, code=UNNAMED_WARNING,
    )


# --- dates a spreadsheet may have re-written ---------------------------------------------------

def is_numeric_date(value: str) -> bool:
    """NN-NN-YYYY or NN/NN/YYYY: a date whose day/month order the text alone does not tell."""
    return bool(_NUMERIC_DATE.match(value))


def numeric_date_order(values: Iterable[str]) -> str | None:
    """'dmy' or 'mdy' when the values are NN-NN-YYYY and prove their order; 'ambiguous' if not.

    None when no value is in that form (ISO or named months: nothing to decide).
    """
    seen = False
    first_over_12 = second_over_12 = False
    for value in values:
        match = _NUMERIC_DATE.match(value)
        if not match:
            continue
        seen = True
        first_over_12 |= int(match.group(1)) > 12
        second_over_12 |= int(match.group(2)) > 12
    if not seen:
        return None
    if first_over_12 and not second_over_12:
        return "dmy"
    if second_over_12 and not first_over_12:
        return "mdy"
    return "ambiguous"


def numeric_date_parser(values: Sequence[str], source: Source, column: str,
                        ) -> tuple[Callable[[str], date], Warning_ | None]:
    """How to read a column of days; a spreadsheet-damaged column is read only if it proves its order.

    Raises MalformedFileError when every value could be either day/month or month/day.
    """
    order = numeric_date_order(values)
    if order is None:
        return parse_day, None
    if order == "ambiguous":
        raise MalformedFileError(
            "{file}: the dates of column '{column}' were rewritten by a spreadsheet (e.g. 05-06-2025) "
            "and could be day/month or month/day; nothing was imported.",
            hint="Download the export again from the platform and import it without opening it "
                 "in Excel or LibreOffice (the platform writes dates as YYYY-MM-DD).",
            file=source.name, column=column,
        )
    params = {"column": column, "order": "DD-MM-YYYY" if order == "dmy" else "MM-DD-YYYY"}
    if order == "dmy":
        warning = Warning_(
            "The dates of column '{column}' were rewritten by a spreadsheet; they were read as "
            "day-month-year because some days are over 12. Prefer the file exactly as the platform gave it.",
            where=source.name, params=params)
    else:
        warning = Warning_(
            "The dates of column '{column}' were rewritten by a spreadsheet; they were read as "
            "month-day-year because some days are over 12. Prefer the file exactly as the platform gave it.",
            where=source.name, params=params)

    def parse(value: str) -> date:
        match = _NUMERIC_DATE.match(value)
        if not match:
            return parse_day(value)
        first, second, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        return date(year, second, first) if order == "dmy" else date(year, first, second)

    return parse, warning


def count(value: str) -> float | None:
    """A number cell; blank, '-', 'N/A' and the literal 'undefined' some exports write are missing."""
    if value.strip().lower() in ("undefined", "nan"):
        return None
    return parse_count(value)


def midnight_utc(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def clock_seconds(value: str) -> float | None:
    """'0:12', '1:02:03' or '12.5' (seconds) -> seconds; '' -> None."""
    text = value.strip()
    if not text:
        return None
    if ":" in text:
        total = 0.0
        for part in text.split(":"):
            total = total * 60 + float(part)
        return total
    return float(text.rstrip("s").strip())
