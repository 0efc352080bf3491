"""Build constructed posting histories directly in the store (one SQL statement per history)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import duckdb

AS_OF = date(2026, 6, 30)


def add_account(con: duckdb.DuckDBPyConnection, platform: str, handle: str,
                ages: Sequence[int] = (), fmt: str = "photo", as_of: date = AS_OF) -> int:
    """An account with one item on each day ``as_of - age`` (10:00 UTC, same day in Paris)."""
    row = con.execute("INSERT INTO accounts (platform, handle) VALUES (?, ?) RETURNING account_id",
                      [platform, handle]).fetchone()
    assert row is not None
    account_id = int(row[0])
    if ages:
        con.execute("""
            INSERT INTO items (platform, item_id, account_id, published_at, format, kind)
            SELECT ?, ? || '-' || a.age || '-' || a.n, ?,
                   CAST(?::DATE - a.age AS TIMESTAMP) + INTERVAL 10 HOUR, ?, 'original'
            FROM (SELECT unnest(?::INTEGER[]) AS age, unnest(range(len(?::INTEGER[]))) AS n) a
        """, [platform, handle, account_id, as_of, fmt, list(ages), list(ages)])
    return account_id
