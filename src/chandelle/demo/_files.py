"""Writing the demo's files byte for byte the same on every run (fixed ZIP dates and order)."""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path


def write_zip(path: Path, members: Mapping[str, bytes], made_at: datetime) -> Path:
    """A ZIP with ``members`` in order, every entry dated ``made_at`` (deterministic bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = (made_at.year, made_at.month, made_at.day, made_at.hour, made_at.minute, made_at.second)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return path


def write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def meta_mojibake(text: str) -> str:
    """Meta's DYI encoding: the UTF-8 bytes of the text as Latin-1 code points ("Ã©" for "é")."""
    return text.encode("utf-8").decode("latin-1")


def snowflake(moment: datetime, salt: int) -> str:
    """An X-style id for a moment (milliseconds since X's epoch, shifted by 22 bits)."""
    milliseconds = int(moment.timestamp() * 1000) - 1_288_834_974_657
    return str((milliseconds << 22) | (salt & 0x3FFFFF))


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def english_date(moment: date, pattern: str) -> str:
    """strftime with English names whatever the process locale: %a and %b are replaced first."""
    named = pattern.replace("%a", _WEEKDAYS[moment.weekday()]).replace("%b", _MONTHS[moment.month - 1])
    return moment.strftime(named)
