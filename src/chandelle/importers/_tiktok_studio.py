"""TikTok Studio → Analytics → Download data (CSV or XLSX), one table per file or sheet.

* Overview (Date, Video Views, Profile Views, Likes, Comments, Shares...) → daily account metrics;
* Followers history (Date, Followers, Difference...) → follower snapshots + daily net change;
* Viewers (Date, Total Viewers...) → daily reach;
* Content (Video title, Video link, Post time, Total views...) → items with their metrics.
Headers: English (seen in parser fixtures) and French (inferred; docs/importers/tiktok.md).
Studio writes days without a year ("August 31"): the year is inferred backwards from the file's
date, rows being in time order, and the user is told so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime

from chandelle.importers._parse import match_columns, normalise_header, parse_timestamp
from chandelle.importers._video_tables import (
    Row,
    account_handle,
    cell,
    clock_seconds,
    count,
    has_columns,
    head_rows,
    is_numeric_date,
    midnight_utc,
    numeric_date_parser,
    sheets,
)
from chandelle.importers.base import (
    DailyMetricRecord,
    FollowerRecord,
    ItemRecord,
    Record,
    Skip,
    Warning_,
)
from chandelle.importers.source import Source

PLATFORM = "tiktok"
DATE = ("Date", "Fecha")
DAILY_METRICS: dict[str, tuple[str, ...]] = {
    "views": ("Video Views", "Video views", "Vues de vidéos", "Vues des vidéos"),
    "likes": ("Likes", "J'aime"),
    "comments": ("Comments", "Commentaires"),
    "shares": ("Shares", "Partages"),
    "reach": ("Reached audience", "Total Viewers", "Audience atteinte", "Nombre total de spectateurs"),
    "followers_gained": ("Net growth", "Difference in followers from previous day", "Croissance nette",
                         "Différence d'abonnés par rapport au jour précédent"),
}
FOLLOWER_DIFFERENCE = ("Difference in followers from previous day",
                       "Différence d'abonnés par rapport au jour précédent")
PROFILE_VIEWS = ("Profile Views", "Profile views", "Vues du profil")
FOLLOWERS = ("Followers", "Abonnés", "Followers totaux")
CONTENT: dict[str, tuple[str, ...]] = {
    "title": ("Video title", "Titre de la vidéo"),
    "link": ("Video link", "Lien de la vidéo"),
    "posted": ("Post time", "Heure de publication", "Date de publication"),
}
CONTENT_METRICS: dict[str, tuple[str, ...]] = {
    "views": ("Total views", "Video views", "Total de vues", "Vues de vidéos"),
    "likes": ("Total likes", "Likes", "Total de j'aime", "J'aime"),
    "comments": ("Total comments", "Comments", "Total de commentaires", "Commentaires"),
    "shares": ("Total shares", "Shares", "Total de partages", "Partages"),
    "saves": ("Total bookmarks", "Add to favorites", "Total de favoris", "Ajouts aux favoris"),
    "reach": ("Reach", "Portée"),
    "average_view_duration_s": ("Average watch time", "Durée moyenne de visionnage"),
}
_LINK = re.compile(r"tiktok\.com/@([^/?#]+)/(video|photo)/(\d+)")
MONTHS = {
    **{m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july",
                                   "august", "september", "october", "november", "december"), 1)},
    **{m: i for i, m in enumerate(("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet",
                                   "aout", "septembre", "octobre", "novembre", "decembre"), 1)},
}
_YEARLESS = re.compile(r"^(?:([a-z]+)\s+(\d{1,2})|(\d{1,2})\s+([a-z]+))$")


# --- recognising a table ----------------------------------------------------------------------------

def table_kind(header: Sequence[str]) -> str | None:
    if has_columns(header, CONTENT["link"], CONTENT["posted"], CONTENT_METRICS["views"]):
        return "content"
    if not has_columns(header[:1], DATE):
        return None
    if has_columns(header, DAILY_METRICS["views"], PROFILE_VIEWS):
        return "overview"
    if has_columns(header, FOLLOWERS, FOLLOWER_DIFFERENCE):
        return "followers"
    if has_columns(header, ("Total Viewers", "Nombre total de spectateurs"),
                   ("New Viewers", "Nouveaux spectateurs")):
        return "viewers"
    return None


def _header_of(rows: list[Row]) -> Row:
    return rows[0] if rows else []


def sniff(source: Source) -> bool:
    if source.suffix not in (".csv", ".xlsx"):
        return False
    return any(table_kind(_header_of(rows)) for _name, rows in head_rows(source))


def read(source: Source) -> Iterator[Record]:
    handle, warning = account_handle(source)
    named_warning_sent = False
    for sheet_name, rows_iter in sheets(source):
        rows = list(rows_iter)
        kind = table_kind(_header_of(rows))
        if kind is None:
            continue
        where = f"{source.name}{' › ' + sheet_name if sheet_name else ''}"
        body = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r)]
        if kind == "content":
            yield from _read_content(source, rows[0], body, where)
            continue
        if warning and not named_warning_sent:
            named_warning_sent = True
            yield warning
        yield from _read_daily(source, rows[0], body, handle, where, kind)


# --- dates ---------------------------------------------------------------------------------------

def _month_day(text: str) -> tuple[int, int] | None:
    match = _YEARLESS.match(normalise_header(text))
    if not match:
        return None
    name, day = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
    month = MONTHS.get(name) or next(
        (n for m, n in MONTHS.items() if len(name) >= 3 and m.startswith(name)), None)
    return (month, int(day)) if month else None


def day_parser(values: Sequence[str], source: Source, column: str,
               ) -> tuple[Callable[[str], date], list[Warning_]]:
    """How to read this column's days, with yearless days given years counted back from the file's date."""
    yearless = [_month_day(v) for v in values]
    if values and all(md is not None for md in yearless):
        reference = source.modified_at().date()
        years = _infer_years([md for md in yearless if md is not None], reference)
        by_value = {v: date(y, md[0], md[1]) for v, md, y in zip(values, yearless, years, strict=True)
                    if md is not None}
        warning = Warning_("The dates in this file have no year; years were counted back from the "
                           "file's date ({reference}), rows being in time order.",
                           where=source.name, params={"reference": reference.isoformat()})
        return (lambda v: by_value[v]), [warning]
    parse, damaged = numeric_date_parser(values, source, column)
    return parse, [damaged] if damaged else []


def _infer_years(month_days: list[tuple[int, int]], reference: date) -> list[int]:
    years: list[int] = [0] * len(month_days)
    year = reference.year if month_days and month_days[-1] <= (reference.month, reference.day) \
        else reference.year - 1
    for position in range(len(month_days) - 1, -1, -1):
        if position < len(month_days) - 1 and month_days[position] > month_days[position + 1]:
            year -= 1  # going back across a new year
        years[position] = year
    return years


def _when(value: str, parse_day: Callable[[str], date]) -> datetime:
    if _month_day(value) is not None or is_numeric_date(value):
        return midnight_utc(parse_day(value))
    return parse_timestamp(value)


# --- daily tables --------------------------------------------------------------------------------

def _read_daily(source: Source, header: Row, body: list[tuple[int, Row]], handle: str, where: str,
                kind: str) -> Iterator[Record]:
    columns = match_columns(header, {"date": DATE, "followers": FOLLOWERS, **DAILY_METRICS})
    parse_day, warnings = day_parser([r[0].strip() for _, r in body], source, header[0])
    yield from warnings
    for line, row in body:
        try:
            day = _when(row[0].strip(), parse_day).date()
            values = {m: count(cell(row, columns, m)) for m in DAILY_METRICS if m in columns}
            followers = count(cell(row, columns, "followers")) if kind == "followers" else None
        except (ValueError, KeyError):
            yield Skip("unreadable date or number", f"{where}:{line}")
            continue
        for metric, value in values.items():
            if value is not None:
                yield DailyMetricRecord(platform=PLATFORM, account=handle, day=day, metric=metric,
                                        value=value)
        if followers is not None:
            yield FollowerRecord(platform=PLATFORM, account=handle, day=day, followers=int(followers))


# --- per-post table ------------------------------------------------------------------------------

def _read_content(source: Source, header: Row, body: list[tuple[int, Row]], where: str,
                  ) -> Iterator[Record]:
    columns = match_columns(header, {**CONTENT, **CONTENT_METRICS})
    posted = [cell(r, columns, "posted") for _, r in body]
    parse_day, warnings = day_parser(posted, source, header[columns["posted"]])
    yield from warnings
    for line, row in body:
        yield _content_row(row, columns, parse_day, f"{where}:{line}")


def _content_row(row: Row, columns: dict[str, int], parse_day: Callable[[str], date], where: str) -> Record:
    link = _LINK.search(cell(row, columns, "link"))
    if not link:
        return Skip("no TikTok post link: the post cannot be identified", where)
    try:
        published = _when(cell(row, columns, "posted"), parse_day)
        metrics = _content_metrics(row, columns)
    except (ValueError, KeyError):
        return Skip("unreadable date or number", where)
    # The link names the account: Studio files name it nowhere else.
    return ItemRecord(platform=PLATFORM, item_id=link.group(3), account=link.group(1),
                      published_at=published, format="carousel" if link.group(2) == "photo" else "video",
                      text=cell(row, columns, "title") or None,
                      url=f"https://www.tiktok.com/@{link.group(1)}/{link.group(2)}/{link.group(3)}",
                      metrics=metrics)


def _content_metrics(row: Row, columns: dict[str, int]) -> dict[str, float]:
    metrics: dict[str, float] = {}
    for metric in CONTENT_METRICS:
        if metric not in columns:
            continue
        raw = cell(row, columns, metric)
        value = clock_seconds(raw) if metric == "average_view_duration_s" else count(raw)
        if value is not None:
            metrics[metric] = value
    return metrics
