"""Rows of a hand-kept table, CSV or XLSX, behind one interface (used by the generic importer).

CSV: UTF-8 (with or without BOM), UTF-16 by BOM, and Windows-1252 when the head is not
UTF-8 (what French Excel writes with "CSV (séparateur : point-virgule)"). The delimiter
is guessed among ``,`` ``;`` and tab; Excel's ``sep=`` first line is skipped.
XLSX: the first worksheet, read with openpyxl; cells keep their types (dates stay dates).
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Generator, Iterator
from typing import Any

from chandelle.errors import MalformedFileError
from chandelle.importers.source import Source

XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
CSV_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
MAX_XLSX_BYTES = 50 * 1024 * 1024

Row = list[Any]


def is_xlsx(source: Source) -> bool:
    return source.suffix in XLSX_SUFFIXES and source.head(4) == b"PK\x03\x04"


def csv_encoding(head: bytes) -> str:
    """The encoding to read a CSV with, decided from its first bytes."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a multi-byte character cut by the end of the head is still UTF-8
        if exc.start < len(head) - 3:
            return "cp1252"
    return "utf-8"


def head_rows(source: Source, limit: int = 6) -> list[Row]:
    """The first rows of the table, for sniffing; never raises."""
    try:
        if is_xlsx(source):
            return _xlsx_head(source, limit)
        if source.suffix not in CSV_SUFFIXES:
            return []
        head = source.head()
        text = head.decode(csv_encoding(head), errors="ignore").lstrip("\ufeff")
        lines = text.splitlines()[: limit + 1]
        return [row for row in csv.reader(lines, delimiter=_guess_delimiter(lines))][:limit]
    except Exception:  # sniffing must never raise: a file we cannot peek into is not ours
        return []


def iter_rows(source: Source) -> Iterator[tuple[int, Row]]:
    """(line or row number, cells) for every row, header included."""
    if is_xlsx(source):
        yield from _xlsx_rows(source)
    else:
        yield from _csv_rows(source)


def _guess_delimiter(lines: list[str]) -> str:
    first = next((line for line in lines if line.strip() and not line.lower().startswith("sep=")), "")
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _csv_rows(source: Source) -> Iterator[tuple[int, Row]]:
    encoding = csv_encoding(source.head())
    try:
        with io.TextIOWrapper(source.open(), encoding=encoding, newline="") as handle:
            sample = handle.read(8192)
            handle.seek(0)
            reader = csv.reader(handle, delimiter=_guess_delimiter(sample.splitlines()))
            for row in reader:
                if reader.line_num == 1 and row and row[0].lstrip("\ufeff").lower().startswith("sep="):
                    continue
                if row:
                    row[0] = row[0].lstrip("\ufeff")
                yield reader.line_num, list(row)
    except UnicodeDecodeError as exc:
        raise MalformedFileError(
            "{file}: the file mixes text encodings and cannot be read.",
            hint="Save it again from your spreadsheet as 'CSV UTF-8'.", file=source.name,
        ) from exc
    except csv.Error as exc:
        raise MalformedFileError(
            "{file}: the CSV cannot be read ({detail}).",
            hint="Save it again from your spreadsheet as 'CSV UTF-8'.", file=source.name, detail=str(exc),
        ) from exc


def _load_workbook(source: Source) -> Any:
    from openpyxl import load_workbook

    if source.size() > MAX_XLSX_BYTES:
        raise MalformedFileError(
            "{file}: this spreadsheet is too large for a hand-kept table ({size} bytes).",
            hint="Split it, or save it as CSV.", file=source.name, size=source.size(),
        )
    data = io.BytesIO(source.read_bytes())
    _check_inner_archive(data, source)
    try:
        return load_workbook(data, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on damaged files
        raise MalformedFileError(
            "{file}: this spreadsheet cannot be opened ({detail}).",
            hint="Open it in your spreadsheet and save it again as .xlsx, or as CSV UTF-8.",
            file=source.name, detail=type(exc).__name__,
        ) from exc


def _check_inner_archive(data: io.BytesIO, source: Source) -> None:
    """An .xlsx is a ZIP: refuse one whose parts decompress to an absurd size."""
    try:
        with zipfile.ZipFile(data) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise MalformedFileError(
            "{file}: this spreadsheet cannot be opened ({detail}).",
            hint="Open it in your spreadsheet and save it again as .xlsx, or as CSV UTF-8.",
            file=source.name, detail=type(exc).__name__,
        ) from exc
    if total > 20 * MAX_XLSX_BYTES:
        raise MalformedFileError(
            "{file}: this spreadsheet decompresses to an absurd size; nothing was imported.",
            hint="Open it in your spreadsheet and save it again as .xlsx, or as CSV UTF-8.",
            file=source.name,
        )
    data.seek(0)


def _xlsx_rows(source: Source) -> Generator[tuple[int, Row], None, None]:
    workbook = _load_workbook(source)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        number = 0
        while True:
            try:
                values = next(rows)
            except StopIteration:
                break
            except Exception as exc:  # a damaged sheet part
                raise MalformedFileError(
                    "{file}: this spreadsheet cannot be opened ({detail}).",
                    hint="Open it in your spreadsheet and save it again as .xlsx, or as CSV UTF-8.",
                    file=source.name, detail=type(exc).__name__,
                ) from exc
            number += 1
            yield number, list(values)
    finally:
        workbook.close()


def _xlsx_head(source: Source, limit: int) -> list[Row]:
    rows: list[Row] = []
    reader = _xlsx_rows(source)
    try:
        for _, row in reader:
            rows.append(row)
            if len(rows) >= limit:
                break
    finally:
        reader.close()
    return rows
