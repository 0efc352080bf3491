"""LinkedIn Page: Page admin → Analytics → Posts (Content) → Export (.xls, sometimes .xlsx).

Row 1 of each sheet is a notice; the headers are on row 2. Read (docs/importers/linkedin.md):
* sheet "All posts": one item per post (id = the post's ``urn:li:...`` from its link), with
  impressions, views, clicks, reactions (→ likes), comments, reposts (→ shares), follows;
* sheet "Metrics": daily page totals → account metrics per day (negative days, from
  withdrawn reactions, are kept as LinkedIn wrote them);
* the followers export's daily sheet (Date, ..., Total followers) → daily new followers.
Headers in English (parser fixtures) or French (inferred). Numeric dates are MM/DD/YYYY in
English files (LinkedIn's own order); in any other file such dates are read only when they
prove their order. The export does not name the page: use --handle.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date

from chandelle.importers._parse import match_columns, normalise_header, parse_timestamp
from chandelle.importers._video_tables import (
    Row,
    account_handle,
    cell,
    count,
    has_columns,
    head_rows,
    is_numeric_date,
    midnight_utc,
    numeric_date_order,
    numeric_date_parser,
    sheets,
)
from chandelle.importers.base import DailyMetricRecord, ItemRecord, Record, Skip
from chandelle.importers.source import Source

NAME = "linkedin"
PLATFORM = "linkedin"
LABEL = "LinkedIn Page: content and followers analytics (XLS/XLSX)"
HOWTO = ("LinkedIn → your Page (admin view) → Analytics → Posts → Export → choose the period "
         "(up to one year) → Export. Followers: Analytics → Followers → Export.")

POSTS: dict[str, tuple[str, ...]] = {
    "title": ("Post title", "Update title", "Titre du post", "Titre de la publication"),
    "link": ("Post link", "Update link", "Lien du post", "Lien de la publication"),
    "type": ("Post type", "Update type", "Type de post", "Type de publication"),
    "created": ("Created date", "Date", "Date de création"),
    "content_type": ("Content Type", "Type de contenu"),
}
POST_METRICS: dict[str, tuple[str, ...]] = {
    "impressions": ("Impressions",),
    "views": ("Views (excluding off-site video views)", "Vues (hors vues de vidéos hors site)"),
    "clicks": ("Clicks", "Clics"),
    "likes": ("Reactions", "Likes", "Réactions"),
    "comments": ("Comments", "Commentaires"),
    "shares": ("Reposts", "Shares", "Republications", "Partages"),
    "followers_gained": ("Follows", "Abonnements"),
}
DAILY_METRICS: dict[str, tuple[str, ...]] = {
    "impressions": ("Impressions (total)", "Impressions (organic)", "Impressions (totales)",
                    "Impressions (naturelles)"),
    "clicks": ("Clicks (total)", "Clicks (organic)", "Clics (total)", "Clics (naturels)"),
    "likes": ("Reactions (total)", "Reactions (organic)", "Réactions (total)", "Réactions (naturelles)"),
    "comments": ("Comments (total)", "Comments (organic)", "Commentaires (total)", "Commentaires (naturels)"),
    "shares": ("Reposts (total)", "Shares (total)", "Reposts (organic)", "Republications (total)",
               "Republications (naturelles)"),
    "followers_gained": ("Total followers", "Total des abonnés", "Nombre total d'abonnés"),
}
FORMATS = {
    "text": "text", "texte": "text", "image": "photo", "photo": "photo", "video": "video", "vidéo": "video",
    "document": "document", "article": "article", "poll": "poll", "sondage": "poll", "event": "event",
    "evenement": "event", "carousel": "carousel", "carrousel": "carousel", "multi image": "carousel",
    "link": "link", "lien": "link", "newsletter": "article",
}
_URN = re.compile(r"urn:li:[A-Za-z0-9]+:\d+")
_ENGLISH_MARKERS = ("Post title", "Update title", "Impressions (organic)", "Total followers", "Post link")
DayParser = Callable[[str], date]


def _kind(header: Sequence[str]) -> str | None:
    if has_columns(header, POSTS["title"], POSTS["link"], POST_METRICS["impressions"]):
        return "posts"
    if has_columns(header[:1], ("Date",)) and has_columns(header, DAILY_METRICS["impressions"],
                                                          DAILY_METRICS["likes"]):
        return "metrics"
    if has_columns(header[:1], ("Date",)) and has_columns(header, DAILY_METRICS["followers_gained"],
                                                          ("Organic followers", "Abonnés naturels")):
        return "followers"
    return None


def _header_position(rows: list[Row]) -> int | None:
    """LinkedIn puts a notice on row 1 and the header on row 2; accept row 1 too."""
    for position in (1, 0):
        if len(rows) > position and _kind(rows[position]):
            return position
    return None


def sniff(source: Source) -> bool:
    if source.suffix not in (".xls", ".xlsx", ".csv"):
        return False
    return any(_header_position(rows) is not None for _name, rows in head_rows(source))


def read(source: Source) -> Iterator[Record]:
    handle, warning = account_handle(source)
    if warning:
        yield warning
    for sheet_name, rows_iter in sheets(source):
        rows = list(rows_iter)
        position = _header_position(rows)
        if position is None:
            continue
        header = rows[position]
        body = [(n, r) for n, r in enumerate(rows[position + 1:], start=position + 2)
                if any(c.strip() for c in r)]
        where = f"{source.name}{' › ' + sheet_name if sheet_name else ''}"
        kind = _kind(header)
        parse_day, notes = _day_parser(header, body, source, kind)
        yield from notes
        for line, row in body:
            if kind == "posts":
                yield _post(row, match_columns(header, {**POSTS, **POST_METRICS}), parse_day, handle,
                            f"{where}:{line}")
            else:
                yield from _daily(row, match_columns(header, {"date": ("Date",), **DAILY_METRICS}), parse_day,
                                  handle, f"{where}:{line}")


def _day_parser(header: Row, body: list[tuple[int, Row]], source: Source,
                kind: str | None) -> tuple[DayParser, list[Record]]:
    """English files write LinkedIn's MM/DD/YYYY; anything else must prove its order."""
    position = match_columns(header, POSTS).get("created", 0) if kind == "posts" else 0
    values = [r[position].strip() if position < len(r) else "" for _, r in body]
    order = numeric_date_order(values)
    if _is_english(header) and order in ("ambiguous", "mdy"):
        return _linkedin_order, []
    column = header[position] if position < len(header) else ""
    parse_day, damaged = numeric_date_parser(values, source, column)
    return parse_day, [damaged] if damaged else []


def _is_english(header: Row) -> bool:
    keys = {normalise_header(h) for h in header}
    return any(normalise_header(m) in keys for m in _ENGLISH_MARKERS)


def _linkedin_order(value: str) -> date:
    """MM/DD/YYYY, LinkedIn's own order in English exports."""
    month, day, year = (int(p) for p in re.split(r"[-/.]", value.strip()[:10]))
    return date(year, month, day)


def _when(value: str, parse_day: DayParser) -> date:
    text = value.strip()
    if is_numeric_date(text):
        return parse_day(text)
    return parse_timestamp(text).date()


def _post(row: Row, columns: dict[str, int], parse_day: DayParser, handle: str, where: str) -> Record:
    urn = _URN.search(cell(row, columns, "link"))
    if not urn:
        return Skip("no LinkedIn post link: the post cannot be identified", where)
    try:
        day = _when(cell(row, columns, "created"), parse_day)
        metrics = {m: v for m in POST_METRICS if m in columns
                   for v in [count(cell(row, columns, m))] if v is not None}
    except ValueError:
        return Skip("unreadable date or number", where)
    sponsored = normalise_header(cell(row, columns, "type")) in ("sponsored", "sponsorise", "sponsorisé")
    content_type = normalise_header(cell(row, columns, "content_type"))
    return ItemRecord(platform=PLATFORM, item_id=urn.group(0), account=handle, published_at=midnight_utc(day),
                      format=FORMATS.get(content_type, "other"), text=cell(row, columns, "title") or None,
                      url=f"https://www.linkedin.com/feed/update/{urn.group(0)}",
                      features=("sponsored",) if sponsored else (), metrics=metrics)


def _daily(row: Row, columns: dict[str, int], parse_day: DayParser, handle: str,
           where: str) -> Iterator[Record]:
    try:
        day = _when(cell(row, columns, "date"), parse_day)
        values = {m: count(cell(row, columns, m)) for m in DAILY_METRICS if m in columns}
    except ValueError:
        yield Skip("unreadable date or number", where)
        return
    for metric, value in values.items():
        if value is not None:
            yield DailyMetricRecord(platform=PLATFORM, account=handle, day=day, metric=metric, value=value)

