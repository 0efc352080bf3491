"""Constructed histories for content tests: items with texts and per-item figures, in the store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import duckdb

AS_OF = date(2026, 6, 30)
EXPORTED_AT = datetime(2026, 6, 30, 12, 0)


@dataclass(frozen=True)
class Post:
    day: date
    text: str
    metrics: dict[str, float]
    fmt: str = "photo"


def add_account(con: duckdb.DuckDBPyConnection, platform: str, handle: str, posts: Sequence[Post],
                exported_at: datetime = EXPORTED_AT) -> int:
    """One account with ``posts`` (10:00 UTC on their day) and their figures as of ``exported_at``."""
    row = con.execute("INSERT INTO accounts (platform, handle) VALUES (?, ?) RETURNING account_id",
                      [platform, handle]).fetchone()
    assert row is not None
    account_id = int(row[0])
    items = [(platform, f"{handle}-{n}", account_id, datetime.combine(p.day, datetime.min.time())
              + timedelta(hours=10), p.fmt, "original", p.text) for n, p in enumerate(posts)]
    if items:
        con.executemany("INSERT INTO items (platform, item_id, account_id, published_at, format, kind, text) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)", items)
    metrics = [(platform, f"{handle}-{n}", metric, exported_at, float(value))
               for n, p in enumerate(posts) for metric, value in p.metrics.items()]
    if metrics:
        con.executemany("INSERT INTO metric_snapshots (platform, item_id, metric, exported_at, value) "
                        "VALUES (?, ?, ?, ?, ?)", metrics)
    return account_id
