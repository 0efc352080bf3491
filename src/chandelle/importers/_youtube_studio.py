"""YouTube Studio → Analytics → Advanced mode → Export: `Table data.csv`, `Chart data.csv`, `Totals.csv`.

Files are recognised by their key columns — ``Content`` first for Table data, ``Date`` then
``Content`` for Chart data, ``Date`` and one metric for Totals — whatever metrics the user
chose: ``Duration`` and ``Video publish time`` may be missing (a channel that exported other
metrics, Shorts channels).

* Table data: one row per video (the first data row, ``Total``, is skipped) → items with the
  lifetime metrics the user selected; a metric not selected is absent (NULL), never 0. A
  metric chandelle does not know (``Engaged views``, ``Stayed to watch (%)``, revenue…) is
  kept under its own column name, and a warning says the audit does not use it.
* Chart data: daily rows for the videos drawn on the chart (the top few by default, not the
  whole channel) → the videos as items, without metrics: a sum over the chart's days is neither
  a lifetime total nor a channel total. Channel daily figures come from Totals.
* Totals: daily channel totals of one metric → DailyMetricRecord (an unknown metric under its
  own name, recognised when the file is named as Studio names it or sits with Studio files).
Video ids starting with '-' are exported with a leading space (a spreadsheet-injection guard):
it is stripped.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from functools import cache
from pathlib import Path

from chandelle.errors import MalformedFileError
from chandelle.importers._parse import match_columns, parse_count, parse_timestamp
from chandelle.importers._video_tables import (
    Row,
    account_handle,
    cell,
    has_columns,
    is_numeric_date,
    midnight_utc,
    numeric_date_parser,
    sheets,
)
from chandelle.importers.base import DailyMetricRecord, ItemRecord, Record, Skip, Warning_
from chandelle.importers.source import Source

PLATFORM = "youtube"
VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")

COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("Date",),
    "content": ("Content", "Contenu", "Contenido"),
    "title": ("Video title", "Titre de la vidéo", "Título del vídeo"),
    "published": ("Video publish time", "Heure de publication de la vidéo",
                  "Date de publication de la vidéo", "Hora de publicación del vídeo"),
    "duration": ("Duration", "Durée", "Duración"),
}

# Studio metric column -> (chandelle metric, factor). Studio writes only the metrics selected.
METRIC_COLUMNS: dict[str, tuple[str, ...]] = {
    "views": ("Views", "Vues", "Visualizaciones"),
    "watch_time_h": ("Watch time (hours)", "Durée de visionnage (heures)",
                     "Tiempo de visualización (horas)"),
    "subscribers_gained": ("Subscribers gained", "Abonnés gagnés"),
    "subscribers": ("Subscribers", "Abonnés", "Suscriptores"),
    "impressions": ("Impressions", "Impresiones"),
    "likes": ("Likes", "J'aime", "Me gusta"),
    "comments": ("Comments added", "Commentaires ajoutés", "Comentarios añadidos"),
    "shares": ("Shares", "Partages", "Veces compartido"),
    "average_view_duration": ("Average view duration", "Durée moyenne de visionnage",
                              "Duración media de las visualizaciones"),
}
_METRIC_OF: dict[str, str] = {
    "views": "views", "watch_time_h": "watch_time_s", "subscribers_gained": "followers_gained",
    "subscribers": "followers_gained", "impressions": "impressions", "likes": "likes",
    "comments": "comments", "shares": "shares", "average_view_duration": "average_view_duration_s",
}
DayParser = Callable[[str], date]
_ALL_METRIC_NAMES = {name for names in METRIC_COLUMNS.values() for name in names}


# --- recognising the three files ------------------------------------------------------------------

def is_table_data(header: Sequence[str]) -> bool:
    """``Content`` first, then the video's title or publish time; any metrics, Duration or not."""
    return bool(header) and has_columns(header[:1], COLUMNS["content"]) \
        and (has_columns(header, COLUMNS["title"]) or has_columns(header, COLUMNS["published"])) \
        and not has_columns(header, COLUMNS["date"])


def is_chart_data(header: Sequence[str]) -> bool:
    """``Date`` first, then ``Content`` and the title or publish time; one metric of any name."""
    return bool(header) and has_columns(header[:1], COLUMNS["date"]) \
        and has_columns(header[1:2], COLUMNS["content"]) \
        and (has_columns(header, COLUMNS["title"]) or has_columns(header, COLUMNS["published"]))


def is_totals(header: Sequence[str], studio_file: bool = False) -> bool:
    """``Date`` and one metric: a metric chandelle knows, or any when ``studio_file`` (the file
    is named as Studio names it, or sits with Studio's other files)."""
    cells = [c for c in header if c.strip()]
    return len(cells) == 2 and has_columns(cells[:1], COLUMNS["date"]) \
        and (studio_file or has_columns(cells[1:], _ALL_METRIC_NAMES))


# --- Shorts ----------------------------------------------------------------------------------------

@cache
def _shorts_limits() -> tuple[tuple[date, float], ...]:
    text = (Path(__file__).parent.parent / "kb" / "youtube_shorts.toml").read_text(encoding="utf-8")
    limits = tomllib.loads(text)["limit"]
    return tuple(sorted((date.fromisoformat(x["since"]), float(x["max_seconds"])) for x in limits))


def video_format(duration_s: float | None, published: datetime) -> str:
    """'short' when the duration fits the Shorts limit in force at publication, else 'video'."""
    if duration_s is None:
        return "video"
    limit = None
    for since, max_seconds in _shorts_limits():
        if published.date() >= since:
            limit = max_seconds
    return "short" if limit is not None and 0 < duration_s <= limit else "video"


def video_url(video_id: str) -> str:
    return f"https://www.youtube.com/watch?v={video_id}"


# --- reading ---------------------------------------------------------------------------------------

def _rows(source: Source) -> tuple[Row, list[tuple[int, Row]]]:
    for _sheet, rows in sheets(source):
        numbered = [(n, r) for n, r in enumerate(rows, start=1)]
        if not numbered:
            break
        return numbered[0][1], [(n, r) for n, r in numbered[1:] if any(c.strip() for c in r)]
    raise MalformedFileError("{file}: the file is empty.", hint="Export the file again from YouTube Studio.",
                             file=source.name)


def other_metric_columns(header: Sequence[str], columns: dict[str, int]) -> dict[str, int]:
    """Columns that are neither a key nor a metric chandelle knows: kept under their own name."""
    taken = set(columns.values())
    return {name.strip(): i for i, name in enumerate(header) if i not in taken and name.strip()}


def _other_values(row: Row, others: dict[str, int]) -> dict[str, float]:
    values: dict[str, float] = {}
    for name, position in others.items():
        raw = row[position].strip() if position < len(row) else ""
        try:
            value = _metric_value("average_view_duration", raw)   # numbers, or H:MM:SS durations
        except ValueError:
            continue                                               # not a figure: not kept
        if value is not None:
            values[name] = value
    return values


def unused_metrics_warning(source: Source, names: Sequence[str]) -> Warning_ | None:
    if not names:
        return None
    return Warning_("{file}: metric(s) {metrics} kept under their own name, not used by the audit.",
                    where=source.name, params={"file": source.name,
                                               "metrics": ", ".join(f"'{n}'" for n in names)})


def _metric_values(row: Row, columns: dict[str, int], where: str) -> dict[str, float] | Skip:
    metrics: dict[str, float] = {}
    for key, metric in _METRIC_OF.items():
        if key not in columns or (key == "subscribers" and "subscribers_gained" in columns):
            continue
        raw = cell(row, columns, key)
        try:
            value = _metric_value(key, raw)
        except ValueError:
            return Skip("unreadable number in a metric column", where)
        if value is not None:
            metrics[metric] = value
    return metrics


def _metric_value(key: str, raw: str) -> float | None:
    if key == "average_view_duration" and ":" in raw:
        seconds = 0.0
        for part in raw.split(":"):
            seconds = seconds * 60 + float(part)
        return seconds
    value = parse_count(raw)
    if value is not None and key == "watch_time_h":
        return round(value * 3600, 3)
    return value


def _video_id(raw: str) -> str:
    return raw.strip()


def read_table(source: Source) -> Iterator[Record]:
    yield from _read_videos(source, with_metrics=True)


def read_chart(source: Source) -> Iterator[Record]:
    yield from _read_videos(source, with_metrics=False)


def _read_videos(source: Source, *, with_metrics: bool) -> Iterator[Record]:
    header, rows = _rows(source)
    columns = match_columns(header, {**COLUMNS, **METRIC_COLUMNS})
    others = other_metric_columns(header, columns) if with_metrics else {}
    handle, warning = account_handle(source)
    if warning:
        yield warning
    unused = unused_metrics_warning(source, list(others))
    if unused:
        yield unused
    parse_published: DayParser | None = None
    if "published" in columns:
        published_values = [cell(r, columns, "published") for _, r in rows]
        parse_published, date_warning = numeric_date_parser(
            published_values, source, header[columns["published"]])
        if date_warning:
            yield date_warning
    seen: set[str] = set()
    for line, row in rows:
        where = f"{source.name}:{line}"
        video_id = _video_id(cell(row, columns, "content"))
        if video_id.lower() in ("total", "") and not cell(row, columns, "title"):
            continue  # Studio's summary row
        if video_id in seen:
            continue
        seen.add(video_id)
        if not VIDEO_ID.match(video_id):
            yield Skip("not a YouTube video id in the Content column", where)
            continue
        raw_published = cell(row, columns, "published")
        if not raw_published or parse_published is None:
            yield Skip("video never published (private, unlisted or draft)", where)
            continue
        try:
            published = _published_at(raw_published, parse_published)
            duration = parse_count(cell(row, columns, "duration"))
        except ValueError:
            yield Skip("unreadable date or duration", where)
            continue
        metrics = _metric_values(row, columns, where) if with_metrics else {}
        if isinstance(metrics, Skip):
            yield metrics
            continue
        metrics = {**_other_values(row, others), **metrics}
        yield ItemRecord(platform=PLATFORM, item_id=video_id, account=handle, published_at=published,
                         format=video_format(duration, published), text=cell(row, columns, "title") or None,
                         url=video_url(video_id), duration_s=duration, metrics=metrics)


def _published_at(raw: str, parse_numeric: DayParser) -> datetime:
    if is_numeric_date(raw):  # re-written by a spreadsheet: its order was settled for the column
        return midnight_utc(parse_numeric(raw))
    return parse_timestamp(raw)


def read_totals(source: Source) -> Iterator[Record]:
    header, rows = _rows(source)
    metric_key = next((k for k, names in METRIC_COLUMNS.items()
                       if has_columns(header[1:2], names)), None)
    metric = _METRIC_OF[metric_key] if metric_key is not None else header[1].strip()
    handle, warning = account_handle(source)
    if warning:
        yield warning
    unused = unused_metrics_warning(source, [metric] if metric_key is None else [])
    if unused:
        yield unused
    parse_day_value, date_warning = numeric_date_parser([r[0] for _, r in rows if r], source, header[0])
    if date_warning:
        yield date_warning
    for line, row in rows:
        where = f"{source.name}:{line}"
        try:
            day = parse_day_value(row[0])
            value = _metric_value(metric_key or "average_view_duration", row[1] if len(row) > 1 else "")
        except (ValueError, IndexError):
            yield Skip("unreadable date or number", where)
            continue
        if value is not None:
            yield DailyMetricRecord(platform=PLATFORM, account=handle, day=day, metric=metric, value=value)
