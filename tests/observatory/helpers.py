"""Small generic-template CSV exports (chandelle's own import format) written on the fly."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

AS_OF = date(2026, 3, 1)


def posts(platform: str, account: str, every_days: int, count: int, last_age_days: int = 1) -> list[str]:
    """``count`` photo posts every ``every_days`` days, the last one ``last_age_days`` before AS_OF."""
    rows = []
    for n in range(count):
        day = AS_OF - timedelta(days=last_age_days + n * every_days)
        rows.append(f"{platform},{account},{day.isoformat()}T10:00:00Z,{platform}-{account}-{n},photo,original")
    return rows


def export(path: Path, *groups: list[str]) -> Path:
    lines = ["platform,account,published_at,id,format,type"] + [r for g in groups for r in g]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
