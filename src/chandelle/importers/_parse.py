"""Shared parsing helpers for importers: timestamps, counts, headers, Meta mojibake, Excel damage.

Every helper here is pure and total on its documented input; the ones that can fail raise
``ValueError`` so the importer can turn it into a ``Skip`` or a ``MalformedFileError``
that names the record.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from chandelle.errors import MalformedFileError
from chandelle.importers.source import Source, open_text

_SCIENTIFIC_ID = re.compile(r"^\s*-?\d(?:[.,]\d+)?E\+\d+\s*$", re.IGNORECASE)
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_COUNT = re.compile(r"^\s*([-+]?\d[\d\s ,.']*)\s*([kKmM])?\s*$")


def parse_timestamp(value: Any) -> datetime:
    """Epoch seconds (or ms), ISO 8601, or common export date strings -> aware UTC datetime.

    Raises ValueError on anything else (including DD-MM-YYYY, which is ambiguous: see
    ``is_day_first_date``).
    """
    if isinstance(value, datetime):
        return _representable(value if value.tzinfo else value.replace(tzinfo=UTC))
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value) / 1000 if float(value) > 10**11 else float(value)
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError) as exc:   # 1e22, nan, inf: not a date
            raise ValueError(f"timestamp out of range: {value!r}") from exc
    text = str(value).strip()
    if not text:
        raise ValueError("empty timestamp")
    if re.fullmatch(r"\d{9,13}(\.\d+)?", text):
        return parse_timestamp(float(text))
    candidate = text.replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        parsed = _parse_known_formats(text)
    return _representable(parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC))


def _representable(moment: datetime) -> datetime:
    """``moment`` if it exists in UTC too (year 9999 at UTC-23:59 does not): else ValueError."""
    try:
        moment.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError(f"date out of range: {moment.isoformat()}") from exc
    return moment


_KNOWN_FORMATS = (
    "%a %b %d %H:%M:%S %z %Y",      # X archive: "Wed Oct 10 20:19:24 +0000 2018"
    "%Y-%m-%d %H:%M:%S UTC",
    "%Y-%m-%d %H:%M:%S%z",
    "%m/%d/%Y %H:%M",               # Meta Business Suite (US order)
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y",
    "%b %d, %Y",                    # YouTube Studio "Jan 5, 2024"
    "%d %b %Y",
)


def _parse_known_formats(text: str) -> datetime:
    for pattern in _KNOWN_FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    raise ValueError(f"unrecognised date: {text!r}")


def parse_day(value: Any) -> date:
    """A calendar day from ISO (YYYY-MM-DD...) text; DD-MM-YYYY raises ValueError."""
    text = str(value).strip()
    if is_day_first_date(text):
        raise ValueError(f"day-first date: {text!r}")
    return parse_timestamp(text[:10] if re.match(r"\d{4}-\d{2}-\d{2}", text) else text).date()


def is_day_first_date(text: str) -> bool:
    """True for DD-MM-YYYY / DD/MM/YYYY: the mark of a file re-saved by a spreadsheet."""
    return bool(_DMY.match(str(text).strip()))


def is_scientific_id(text: Any) -> bool:
    """True for ids a spreadsheet turned into '1.22158E+17' (the digits are lost)."""
    return bool(_SCIENTIFIC_ID.match(str(text)))


def parse_count(value: Any) -> float | None:
    """'15,000', '1.2K', '1203.0', 42 -> number; '', '-', 'N/A', None -> None (missing, not 0)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace("\u202f", " ").replace("\xa0", " ")
    if text in {"", "-", "–", "—", "N/A", "n/a", "NA", "null", "None", "--"}:
        return None
    text = text.rstrip("%").strip()
    match = _COUNT.match(text)
    if not match:
        raise ValueError(f"not a number: {value!r}")
    digits, suffix = match.group(1), match.group(2)
    number = _number_from_digits(digits)
    if suffix:
        number *= 1_000 if suffix.lower() == "k" else 1_000_000
    return number


def _number_from_digits(digits: str) -> float:
    cleaned = digits.replace(" ", "").replace("'", "")
    if "," in cleaned and "." in cleaned:
        # the last separator is the decimal one
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        head, _, tail = cleaned.rpartition(",")
        cleaned = cleaned.replace(",", "") if len(tail) == 3 else f"{head.replace(',', '')}.{tail}"
    return float(cleaned)


def fix_mojibake(value: Any) -> Any:
    """Repair Meta's JSON mojibake (UTF-8 bytes stored as Latin-1 code points), recursively.

    Applied to strings and dict keys; text that is not mojibake is returned unchanged.
    """
    if isinstance(value, str):
        return _fix_string(value)
    if isinstance(value, list):
        return [fix_mojibake(v) for v in value]
    if isinstance(value, dict):
        return {_fix_string(k): fix_mojibake(v) for k, v in value.items()}
    return value


def _fix_string(text: str) -> str:
    if text.isascii():
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def normalise_header(name: str) -> str:
    """Case-, accent- and space-insensitive key for matching localised column names."""
    stripped = unicodedata.normalize("NFKD", name.strip().lstrip("\ufeff"))
    no_accents = "".join(c for c in stripped if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9%]+", " ", no_accents.lower()).strip()


def match_columns(header: Sequence[str], aliases: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """Map field -> column index; each alias list holds the column's names in any language."""
    index = {normalise_header(h): i for i, h in enumerate(header)}
    found: dict[str, int] = {}
    for field_name, names in aliases.items():
        for name in names:
            position = index.get(normalise_header(name))
            if position is not None:
                found[field_name] = position
                break
    return found


def read_csv_rows(source: Source) -> Iterator[tuple[int, list[str]]]:
    """(line number, row) for a CSV/TSV: BOM-aware, UTF-16 aware, skips Excel's 'sep=' line."""
    try:
        with open_text(source) as handle:
            sample = handle.read(8192)
            handle.seek(0)
            delimiter = _guess_delimiter(sample)
            reader = csv.reader(handle, delimiter=delimiter)
            for row in reader:
                line = reader.line_num
                if line == 1 and row and row[0].lower().startswith("sep="):
                    continue
                yield line, row
    except UnicodeDecodeError as exc:
        raise MalformedFileError(
            "{file}: the file is not valid UTF-8 or UTF-16 text.",
            hint="Export the file again from the platform without opening it in a spreadsheet.",
            file=source.name,
        ) from exc
    except csv.Error as exc:
        raise MalformedFileError(
            "{file}: the CSV cannot be read ({detail}).",
            hint="Export the file again from the platform.", file=source.name, detail=str(exc),
        ) from exc


def _guess_delimiter(sample: str) -> str:
    first = next((line for line in sample.splitlines() if line and not line.startswith("sep=")), "")
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
