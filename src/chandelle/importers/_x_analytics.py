"""X legacy analytics CSV (``tweet_activity_metrics_<handle>_<start>_<end>_<lang>.csv``).

One row per tweet with impressions, engagements and interaction counts (floats such as
"1203.0"; "-" when not applicable). The handle comes from the permalink. The CSV says
nothing about media, so the format is a best guess from the text (see docs/importers/x.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from chandelle.importers._parse import (
    is_scientific_id,
    match_columns,
    normalise_header,
    parse_count,
    parse_timestamp,
    read_csv_rows,
)
from chandelle.importers.base import AccountRecord, ItemRecord, Record, Skip, Warning_
from chandelle.importers.source import Source

PLATFORM = "x"

_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("Tweet id",),
    "permalink": ("Tweet permalink",),
    "text": ("Tweet text",),
    "time": ("time",),
}
_METRICS: dict[str, tuple[str, ...]] = {
    "impressions": ("impressions",),
    "engagements": ("engagements",),
    "reposts": ("retweets",),
    "replies": ("replies",),
    "likes": ("likes", "favorites"),
    "clicks": ("url clicks",),
    "views": ("media views",),
    "saves": ("bookmarks",),
}
_PERMALINK = re.compile(r"^https?://(?:www\.)?(?:twitter|x)\.com/([^/]+)/status/(\d+)", re.IGNORECASE)


def sniff(source: Source) -> bool:
    if source.suffix not in (".csv", ".txt", ""):
        return False
    first = source.head_text(4096).lstrip("\ufeff").split("\n", 1)[0]
    headers = {normalise_header(h.strip('"')) for h in first.split(",")}
    return {"tweet id", "tweet permalink", "impressions"} <= headers


def read(source: Source) -> Iterator[Record]:
    rows = read_csv_rows(source)
    _, header = next(rows, (0, []))
    columns = match_columns(header, _FIELDS)
    metrics = match_columns(header, _METRICS)
    accounts: set[str] = set()
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        record = _row_record(row, columns, metrics, f"{source.name}:{line}")
        if isinstance(record, ItemRecord) and record.account not in accounts:
            accounts.add(record.account)
            yield AccountRecord(platform=PLATFORM, handle=record.account,
                                url=f"https://x.com/{record.account}")
        yield record


def _cell(row: list[str], columns: dict[str, int], name: str) -> str:
    position = columns.get(name)
    return row[position].strip() if position is not None and position < len(row) else ""


def _row_record(row: list[str], columns: dict[str, int], metric_columns: dict[str, int],
                where: str) -> Record:
    item_id = _cell(row, columns, "id")
    if is_scientific_id(item_id):
        return Warning_("Tweet id damaged by a spreadsheet (scientific notation); row skipped.",
                        where=where)
    link = _PERMALINK.match(_cell(row, columns, "permalink"))
    if not item_id.isdigit() or link is None:
        return Skip("row without tweet id or permalink", where=where)
    try:
        published = parse_timestamp(_cell(row, columns, "time"))
    except ValueError:
        return Skip("row with an unreadable date", where=where)
    handle = link.group(1)
    text = _cell(row, columns, "text")
    metrics: dict[str, float] = {}
    for metric in metric_columns:
        try:
            value = parse_count(_cell(row, metric_columns, metric))
        except ValueError:
            value = None
        if value is not None:
            metrics[metric] = value
    kind = _kind(text, handle)
    return ItemRecord(
        platform=PLATFORM, item_id=item_id, account=handle, published_at=published,
        format=_format(text), kind=kind, text=text, url=f"https://x.com/{handle}/status/{item_id}",
        metrics={} if kind == "repost" else metrics,
    )


def _kind(text: str, handle: str) -> str:
    if text.startswith("RT @"):
        return "repost"
    if text.startswith("@") and not text.lower().startswith(f"@{handle.lower()}"):
        return "reply_to_other"
    return "original"


def _format(text: str) -> str:
    if "pic.twitter.com/" in text:
        return "photo"
    return "link" if "http://" in text or "https://" in text else "text"
