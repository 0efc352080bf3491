"""Published posting-cadence figures (research notes, section 3), in items per week, beside MIP.

Read from ``published_museum_social_figures.csv`` (columns ``source_id, source, url, data_date,
scope, platform, metric, value, unit, notes``). Only three metrics express a cadence, and each
is converted to items per week *per account*:

* ``posts_per_week`` — as is;
* ``posts`` over ``data_date`` ``START..END`` — value ÷ (days of the period ÷ 7);
* ``tweets_per_day_all_museums`` — value × 7 ÷ the number of museums that opens ``scope``
  ("100 Italian museums"); skipped when the scope gives no number.

Other rows (followers, interactions) are not cadences and are left out.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from chandelle.errors import MalformedFileError
from chandelle.observatory.cadence import Minimum, band

PUBLISHED_FILE = "published_museum_social_figures.csv"
_PLATFORMS = {"twitter": "twitter", "x": "twitter", "facebook": "facebook"}
_COLUMNS = ("source_id", "url", "data_date", "scope", "platform", "metric", "value", "notes")


@dataclass(frozen=True)
class PublishedCadence:
    source_id: str
    scope: str
    platform: str              # MIP name: twitter | facebook
    data_date: str
    items_per_week: float
    band: str
    url: str
    note: str


def _period_weeks(data_date: str) -> float | None:
    parts = data_date.split("..")
    if len(parts) != 2:
        return None
    try:
        start, end = date.fromisoformat(parts[0]), date.fromisoformat(parts[1])
    except ValueError:
        return None
    return ((end - start).days + 1) / 7 if end >= start else None


def _per_week(row: dict[str, str], value: float) -> float | None:
    metric = row["metric"]
    if metric == "posts_per_week":
        return value
    if metric == "posts":
        weeks = _period_weeks(row["data_date"])
        return value / weeks if weeks else None
    if metric == "tweets_per_day_all_museums":
        found = re.match(r"\s*(\d+)", row["scope"])
        return value * 7 / int(found.group(1)) if found and int(found.group(1)) > 0 else None
    return None


def read_published(path: Path, minimums: dict[str, Minimum]) -> list[PublishedCadence]:
    """Every cadence figure of the file, converted and banded against the kb minimums."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in _COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise MalformedFileError("{file}: missing columns {columns}.",
                                     hint="Use the file of shared/data/published_benchmarks as it is.",
                                     file=path.name, columns=", ".join(missing))
        rows = list(reader)
    found = []
    for row in rows:
        platform = _PLATFORMS.get(row["platform"].strip().lower())
        try:
            value = float(row["value"])
        except ValueError:
            continue
        rate = _per_week(row, value) if platform else None
        if platform is None or rate is None:
            continue
        messages = 1 if rate > 0 else 0
        found.append(PublishedCadence(
            source_id=row["source_id"], scope=row["scope"], platform=platform, data_date=row["data_date"],
            items_per_week=round(rate, 2), band=band(rate, messages, minimums[platform]), url=row["url"],
            note=row["notes"]))
    return found
