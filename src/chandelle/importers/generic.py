"""Generic importer: chandelle's documented CSV/XLSX template (docs/import-template.md).

For networks without an importer and for hand-kept spreadsheets. A ``plateforme``/``platform``
column lets one sheet hold rows of any network (default: other). French (JJ/MM/AAAA) and ISO
dates are read; times without an offset are Paris time.

It also reads one other tabular shape: a table of an account's own tweets with the columns
``Name, Handle, Timestamp, Content, Comments, Retweets, Likes, Tweet Link, Tweet ID`` (how
Bristol Museum & Art Gallery's tweets 2015–2019 were published, see docs/import-template.md).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

from chandelle.errors import MalformedFileError
from chandelle.importers._parse import is_scientific_id, match_columns, normalise_header
from chandelle.importers._tabular import csv_encoding, head_rows, is_xlsx, iter_rows
from chandelle.importers._template_values import (
    UnusableValue,
    parse_duration,
    parse_local_timestamp,
    parse_metric,
)
from chandelle.importers.base import AccountRecord, ItemRecord, Record, Skip, Warning_
from chandelle.importers.generic_template import (
    ALIASES,
    EXAMPLE_ID_PREFIXES,
    EXPECTED_COLUMNS,
    FORMAT_WORDS,
    KIND_WORDS,
    METRIC_KEYS,
    PLATFORM_WORDS,
    REQUIRED,
)
from chandelle.importers.source import Source

NAME = "generic"
PLATFORM = "other"
LABEL = "chandelle's CSV/XLSX template (any network, hand-kept spreadsheets)"
HOWTO = ("Run 'chandelle template -o publications.xlsx' (or .csv), fill one row per publication, "
         "then import the file. Columns in French or English; see docs/import-template.md.")

HEADER_SEARCH_ROWS = 5
_TWEET_TABLE_COLUMNS = {
    "name": ("name",), "handle": ("handle",), "published_at": ("timestamp",), "text": ("content",),
    "replies": ("comments",), "reposts": ("retweets",), "likes": ("likes",), "url": ("tweet link",),
    "id": ("tweet id",),
}
_TWEET_TABLE_REQUIRED = ("handle", "published_at", "text", "id")
_RETWEET = re.compile(r"^RT\s*[:@]")


def _cells(row: Sequence[Any]) -> list[str]:
    return ["" if cell is None else str(cell) for cell in row]


def _is_template_header(row: Sequence[Any]) -> bool:
    """The account column, plus the date or two other template columns; never a platform's CSV."""
    found = match_columns(_cells(row), ALIASES)
    others = set(found) - {"account", "published_at"}
    return "account" in found and ("published_at" in found or len(others) >= 2)


def _is_tweet_table_header(row: Sequence[Any]) -> bool:
    found = match_columns(_cells(row), _TWEET_TABLE_COLUMNS)
    return all(key in found for key in _TWEET_TABLE_REQUIRED)


def sniff(source: Source) -> bool:
    rows = head_rows(source, HEADER_SEARCH_ROWS)
    return any(_is_template_header(row) or _is_tweet_table_header(row) for row in rows)


def read(source: Source) -> Iterator[Record]:
    if not is_xlsx(source) and csv_encoding(source.head()) == "cp1252":
        yield Warning_("The file was read as Windows-1252 text (a CSV saved by Excel); "
                       "check the accented letters.", where=source.name)
    rows = iter_rows(source)
    for line, row in rows:
        if _is_tweet_table_header(row):
            yield from _read_tweet_table(source, row, rows)
            return
        if _is_template_header(row):
            yield from _read_template(source, row, rows)
            return
        if line >= HEADER_SEARCH_ROWS:
            break
    raise MalformedFileError(
        "{file}: no header row with the template's columns was found in the first lines.",
        hint="Expected columns: {columns}. Run 'chandelle template -o modele.xlsx' to get the template.",
        file=source.name, columns=EXPECTED_COLUMNS,
    )


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _value(row: Sequence[Any], columns: dict[str, int], key: str, *, exact: bool = False) -> Any:
    """The cell under ``key`` (None when blank); stripped unless the text must stay exact."""
    position = columns.get(key)
    if position is None or position >= len(row) or _blank(row[position]):
        return None
    value = row[position]
    return value.strip() if isinstance(value, str) and not exact else value


# ---------------------------------------------------------------- the template


class _Ids:
    """Stable ids for rows that have none: platform, account and time (+ rank if repeated)."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()

    def make(self, platform: str, handle: str, moment: str) -> str:
        key = f"{platform}|{handle}|{moment}"
        self.seen[key] += 1
        if self.seen[key] > 1:
            key = f"{key}|{self.seen[key]}"
        return "t-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _read_template(source: Source, header: Sequence[Any], rows: Iterator[tuple[int, list[Any]]],
                   ) -> Iterator[Record]:
    columns = match_columns(_cells(header), ALIASES)
    missing = [key for key in REQUIRED if key not in columns]
    if missing:
        raise MalformedFileError(
            "{file}: the column '{column}' is missing from the header.",
            hint="Expected columns: {columns}. Run 'chandelle template -o modele.xlsx' to get the template.",
            file=source.name, column="date/published_at" if "published_at" in missing else "compte/account",
            columns=EXPECTED_COLUMNS,
        )
    ids = _Ids()
    for line, row in rows:
        if all(_blank(cell) for cell in row):
            continue
        where = f"{source.name}:{line}"
        try:
            yield _template_item(row, columns, ids)
        except UnusableValue as problem:
            yield Skip(problem.reason, where)


def _template_item(row: Sequence[Any], columns: dict[str, int], ids: _Ids) -> ItemRecord:
    platform, network = _platform(_value(row, columns, "platform"))
    handle = str(_value(row, columns, "account") or "").lstrip("@").strip()
    if not handle:
        raise UnusableValue("missing account")
    if network:
        handle = f"{network}:{handle}"
    published_at = parse_local_timestamp(_value(row, columns, "published_at"))
    given_id = _item_id(_value(row, columns, "id"))
    item_id = given_id or ids.make(platform, handle, published_at.isoformat())
    reply_to = _item_id(_value(row, columns, "reply_to"))
    metrics = {key: number for key in METRIC_KEYS
               if (number := parse_metric(_value(row, columns, key))) is not None}
    prefix = f"{network}:" if network else ""
    text = _value(row, columns, "text", exact=True)
    url = _value(row, columns, "url")
    return ItemRecord(
        platform=platform, item_id=prefix + item_id if given_id else item_id, account=handle,
        published_at=published_at,
        format=_word(FORMAT_WORDS, _value(row, columns, "format"), "other", "unknown format"),
        kind=_word(KIND_WORDS, _value(row, columns, "kind"), "original", "unknown type"),
        text=None if text is None else str(text), url=None if url is None else str(url),
        duration_s=parse_duration(_value(row, columns, "duration_s")),
        reply_to_id=prefix + reply_to if reply_to else None, metrics=metrics,
    )


def _platform(value: Any) -> tuple[str, str]:
    """(platform slug, network name for 'other' rows naming a network chandelle does not know)."""
    if value is None:
        return "other", ""
    known = PLATFORM_WORDS.get(normalise_header(str(value)))
    if known:
        return known, ""
    return "other", normalise_header(str(value)).replace(" ", "-")


def _word(vocabulary: dict[str, str], value: Any, default: str, reason: str) -> str:
    if value is None:
        return default
    word = vocabulary.get(normalise_header(str(value)))
    if word is None:
        raise UnusableValue(reason)
    return word


def _item_id(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        if not value.is_integer() or abs(value) >= 1e15:
            raise UnusableValue("identifier damaged by a spreadsheet (rounded number)")
        value = int(value)
    text = str(value).strip()
    if is_scientific_id(text):
        raise UnusableValue("identifier damaged by a spreadsheet (rounded number)")
    if text.lower().startswith(EXAMPLE_ID_PREFIXES):
        raise UnusableValue("example row of the template (delete it)")
    return text


# ---------------------------------------------------------------- a table of own tweets


def _read_tweet_table(source: Source, header: Sequence[Any], rows: Iterator[tuple[int, list[Any]]],
                      ) -> Iterator[Record]:
    columns = match_columns(_cells(header), _TWEET_TABLE_COLUMNS)
    accounts: set[str] = set()
    for line, row in rows:
        if all(_blank(cell) for cell in row):
            continue
        try:
            item = _tweet(row, columns)
        except UnusableValue as problem:
            yield Skip(problem.reason, f"{source.name}:{line}")
            continue
        if item.account not in accounts:
            accounts.add(item.account)
            name = _value(row, columns, "name")
            yield AccountRecord("x", item.account, None if name is None else str(name),
                                f"https://x.com/{item.account}")
        yield item


def _tweet(row: Sequence[Any], columns: dict[str, int]) -> ItemRecord:
    handle = str(_value(row, columns, "handle") or "").lstrip("@").strip()
    if not handle:
        raise UnusableValue("missing account")
    tweet_id = str(_value(row, columns, "id") or "").strip()
    if not tweet_id.isdigit():
        raise UnusableValue("missing or unreadable tweet id")
    text = str(_value(row, columns, "text", exact=True) or "")
    metrics = {key: number for key in ("likes", "reposts", "replies")
               if (number := parse_metric(_value(row, columns, key))) is not None}
    return ItemRecord(
        platform="x", item_id=tweet_id, account=handle,
        published_at=parse_local_timestamp(_value(row, columns, "published_at"), assume_utc=True),
        format="link" if "http" in text else "text", kind=_tweet_kind(text.strip(), handle), text=text,
        url=str(_value(row, columns, "url") or f"https://x.com/{handle}/status/{tweet_id}"),
        metrics=metrics,
    )


def _tweet_kind(text: str, handle: str) -> str:
    """A retweet starts with 'RT' ('RT @name:' or, once the name is removed, 'RT :'); a tweet
    opening on another account's @name is a reply to it."""
    if _RETWEET.match(text):
        return "repost"
    if text.startswith("@") and not text.lower().startswith(f"@{handle.lower()} "):
        return "reply_to_other"
    return "original"
