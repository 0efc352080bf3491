"""The audit's Europe/Paris day expression equals zoneinfo's, around every summer-time change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import duckdb

from chandelle.audit.sql import LOCAL_DAY_SQL

PARIS = ZoneInfo("Europe/Paris")


def test_local_day_matches_zoneinfo(con: duckdb.DuckDBPyConnection) -> None:
    moments = []
    for year in range(1996, 2041):
        for month, day in ((3, 24), (10, 24)):  # the week before each change, minute by 7 minutes
            start = datetime(year, month, day, tzinfo=UTC)
            moments += [start + timedelta(minutes=7 * k) for k in range(8 * 24 * 60 // 7)]
        moments += [datetime(year, 7, 1, 22, 30, tzinfo=UTC), datetime(year, 1, 1, 22, 30, tzinfo=UTC),
                    datetime(year, 12, 31, 23, 30, tzinfo=UTC)]
    naive = [m.replace(tzinfo=None) for m in moments]
    rows = con.execute(f"SELECT {LOCAL_DAY_SQL} FROM (SELECT unnest(?::TIMESTAMP[]) AS published_at) c",
                       [naive]).fetchall()
    expected = [m.astimezone(PARIS).date() for m in moments]
    assert [r[0] for r in rows] == expected
