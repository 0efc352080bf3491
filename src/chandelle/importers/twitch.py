"""Twitch: Creator dashboard → Analytics → Channel analytics → Export (CSV).

Two shapes are read (docs/importers/twitch.md):
* per day (`Date, Average Viewers, Follows, Minutes Streamed, Minutes Watched, Live Views, Max
  Viewers, ... Chat Messages, ... revenue columns`): account metrics per day; and each day with
  minutes streamed becomes one ``live`` item (id ``day:YYYY-MM-DD``, duration = minutes streamed),
  since this export does not split a day into sessions;
* per stream session (`Start Time, End Time, ... Minutes Streamed`, or the stream summary's
  `Timestamp, Average Viewers, Live Views, New Followers, ...`): one ``live`` item per session
  (id ``stream:<UTC start>``).
Revenue, subscription and bits columns are never read. Dates are ISO or JavaScript's
``Fri Sep 04 2026``; a spreadsheet-rewritten NN-NN-YYYY column is read only when it proves its order.
The export does not name the channel: use --handle.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime

from chandelle.importers._parse import match_columns, parse_timestamp
from chandelle.importers._video_tables import (
    UNNAMED_ACCOUNT,
    Row,
    account_handle,
    cell,
    count,
    has_columns,
    head_rows,
    is_numeric_date,
    midnight_utc,
    numeric_date_parser,
    sheets,
)
from chandelle.importers.base import DailyMetricRecord, ItemRecord, Record, Skip
from chandelle.importers.source import Source

NAME = "twitch"
PLATFORM = "twitch"
LABEL = "Twitch: channel analytics (CSV, per day or per stream)"
HOWTO = ("twitch.tv → Creator dashboard → Analytics → Channel analytics → choose the period → "
         "Export data (CSV). Stream summaries: Analytics → Stream summary → Export.")

DATE = ("Date",)
START = ("Start Time", "Timestamp", "Heure de début", "Horodatage")
END = ("End Time", "Heure de fin")
# chandelle metric -> column names (English seen in parser fixtures; French inferred).
METRICS: dict[str, tuple[str, ...]] = {
    "average_viewers": ("Average Viewers", "Nombre moyen de spectateurs", "Spectateurs moyens"),
    "peak_viewers": ("Max Viewers", "Max. Viewers", "Nombre max. de spectateurs", "Spectateurs max."),
    "views": ("Live Views", "Total Views", "Vues en direct"),
    "followers_gained": ("Follows", "New Followers", "Suivis", "Nouveaux followers"),
    "chat_messages": ("Chat Messages", "Messages du chat", "Messages de chat"),
    "hours_watched": ("Minutes Watched", "Minutes regardées"),
}
MINUTES_STREAMED = ("Minutes Streamed", "Minutes de stream", "Minutes diffusées")
_JS_DATE = re.compile(r"^[A-Za-z]{3} ([A-Za-z]{3} \d{1,2} \d{4})(?: (\d{2}:\d{2}:\d{2}) GMT([+-]\d{4}))?")
DayParser = Callable[[str], date]


def _kind(header: Sequence[str]) -> str | None:
    if has_columns(header[:1], DATE) and has_columns(header, METRICS["average_viewers"],
                                                      MINUTES_STREAMED + METRICS["hours_watched"]):
        return "daily"
    if has_columns(header[:1], START) and has_columns(header, METRICS["average_viewers"]) and (
            has_columns(header, END) or has_columns(header, ("Chatters",), METRICS["views"])):
        return "sessions"
    return None


def sniff(source: Source) -> bool:
    if source.suffix != ".csv":
        return False
    return any(rows and _kind(rows[0]) for _name, rows in head_rows(source))


def read(source: Source) -> Iterator[Record]:
    handle, warning = account_handle(source)
    if warning:
        yield warning
    for _sheet, rows_iter in sheets(source):
        rows = list(rows_iter)
        kind = _kind(rows[0]) if rows else None
        if kind is None:
            continue
        body = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r)]
        columns = match_columns(rows[0], {"date": DATE, "start": START, "end": END,
                                          "minutes_streamed": MINUTES_STREAMED, **METRICS})
        parse_day, damaged = numeric_date_parser([r[0].strip() for _, r in body], source, rows[0][0])
        if damaged:
            yield damaged
        for line, row in body:
            where = f"{source.name}:{line}"
            if kind == "daily":
                yield from _daily_row(row, columns, parse_day, handle, where)
            else:
                yield _session_row(row, columns, parse_day, handle, where)


def parse_moment(value: str, parse_day: DayParser) -> datetime:
    """ISO, 'Fri Sep 04 2026', 'Fri Sep 04 2026 18:00:00 GMT+0200 (CEST)' or a settled NN-NN-YYYY."""
    text = value.strip()
    if is_numeric_date(text):
        return midnight_utc(parse_day(text))
    match = _JS_DATE.match(text)
    if match:
        day = datetime.strptime(match.group(1), "%b %d %Y")
        if match.group(2):
            moment = datetime.strptime(f"{match.group(1)} {match.group(2)} {match.group(3)}",
                                       "%b %d %Y %H:%M:%S %z")
            return moment.astimezone(UTC)
        return day.replace(tzinfo=UTC)
    return parse_timestamp(text)


def _channel_url(handle: str) -> str | None:
    return None if handle == UNNAMED_ACCOUNT else f"https://www.twitch.tv/{handle}"


def _metrics(row: Row, columns: dict[str, int]) -> dict[str, float]:
    values: dict[str, float] = {}
    for metric in METRICS:
        value = count(cell(row, columns, metric)) if metric in columns else None
        if value is not None:
            values[metric] = round(value / 60, 4) if metric == "hours_watched" else value
    return values


def _daily_row(row: Row, columns: dict[str, int], parse_day: DayParser, handle: str,
               where: str) -> Iterator[Record]:
    try:
        day = parse_moment(cell(row, columns, "date"), parse_day).date()
        metrics = _metrics(row, columns)
        minutes = count(cell(row, columns, "minutes_streamed"))
    except ValueError:
        yield Skip("unreadable date or number", where)
        return
    for metric, value in metrics.items():
        yield DailyMetricRecord(platform=PLATFORM, account=handle, day=day, metric=metric, value=value)
    if minutes:
        yield ItemRecord(platform=PLATFORM, item_id=f"day:{day.isoformat()}", account=handle,
                         published_at=midnight_utc(day), format="live", duration_s=minutes * 60,
                         url=_channel_url(handle),
                         metrics={m: v for m, v in metrics.items() if m != "followers_gained"})


def _session_row(row: Row, columns: dict[str, int], parse_day: DayParser, handle: str, where: str) -> Record:
    try:
        start = parse_moment(cell(row, columns, "start"), parse_day)
        end_text = cell(row, columns, "end")
        end = parse_moment(end_text, parse_day) if end_text else None
        minutes = count(cell(row, columns, "minutes_streamed"))
        metrics = _metrics(row, columns)
    except ValueError:
        return Skip("unreadable date or number", where)
    duration = minutes * 60 if minutes else (end - start).total_seconds() if end and end > start else None
    return ItemRecord(platform=PLATFORM, item_id=f"stream:{start.strftime('%Y-%m-%dT%H:%M:%S')}",
                      account=handle, published_at=start, format="live", duration_s=duration,
                      url=_channel_url(handle), metrics=metrics)
