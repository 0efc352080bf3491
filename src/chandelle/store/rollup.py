"""Items per account, Europe/Paris day and format, maintained at import; the audit reads them.

``item_day_formats`` (account_id, day, format, items) counts the items the audit counts
(``content_items``: originals, first part of a thread) per calendar day in Europe/Paris;
``item_days`` (account_id, day, items) sums it over formats. Both are rebuilt for the accounts an
import touched, inside the import's transaction (``refresh``, called by ``chandelle.ingest``).
``rollup_state`` records the ``items`` table's row count and last run id at the last refresh:
the audit reads the rollup only while they still match (``is_current``), and falls back to the
per-item SQL otherwise (a store edited by hand, or opened read-only before migration 2).
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

# The Europe/Paris calendar day of a UTC timestamp, without a per-row time-zone lookup (ICU costs
# ~8x more on 10 M items): Paris is UTC+1, or UTC+2 in summer time (EU rule since 1996: from the
# last Sunday of March to the last Sunday of October, 01:00 UTC). The day only differs from
# "UTC + 1 h" for items published 22:00–22:59 UTC in summer, so only those rows pay the check.
# tests/audit/test_sql.py compares it with zoneinfo over decades, minute by minute around changes.
_SUMMER_TIME = (
    "(c.published_at >= (make_date(year(c.published_at), 3, 31)"
    " - dayofweek(make_date(year(c.published_at), 3, 31))::INTEGER)::TIMESTAMP + INTERVAL 1 HOUR"
    " AND c.published_at < (make_date(year(c.published_at), 10, 31)"
    " - dayofweek(make_date(year(c.published_at), 10, 31))::INTEGER)::TIMESTAMP + INTERVAL 1 HOUR)"
)
LOCAL_DAY_SQL = (
    "(CAST(c.published_at + INTERVAL 1 HOUR AS DATE)"
    f" + CASE WHEN hour(c.published_at) = 22 AND {_SUMMER_TIME} THEN 1 ELSE 0 END)"
)

TABLES_SQL = """
CREATE TABLE item_day_formats (account_id INTEGER NOT NULL, day DATE NOT NULL, format VARCHAR NOT NULL,
                               items INTEGER NOT NULL);
CREATE TABLE item_days (account_id INTEGER NOT NULL, day DATE NOT NULL, items INTEGER NOT NULL);
CREATE TABLE rollup_state (items BIGINT NOT NULL, last_run_id INTEGER);
"""

_FILL_FORMATS = f"""
INSERT INTO item_day_formats
SELECT c.account_id, {LOCAL_DAY_SQL} AS day, c.format, count(*)::INTEGER
FROM content_items c {{where}} GROUP BY ALL ORDER BY day
"""
_FILL_DAYS = """
INSERT INTO item_days
SELECT account_id, day, sum(items)::INTEGER FROM item_day_formats {where} GROUP BY ALL ORDER BY day
"""
_STATE = "SELECT count(*), max(last_run_id) FROM items"

# Migration 2 (store/schema.py): the tables, filled from the items already in the store.
MIGRATION_SQL = (TABLES_SQL + _FILL_FORMATS.format(where="") + ";" + _FILL_DAYS.format(where="") + ";"
                 + f"INSERT INTO rollup_state {_STATE};")


def refresh(con: duckdb.DuckDBPyConnection, accounts: Iterable[tuple[str, str]] | None = None) -> None:
    """Rebuild the rollup of ``accounts`` ((platform, handle) pairs; None: every account).

    The caller owns the transaction (an import's, so a failed import leaves the rollup as it was).
    """
    if accounts is None:
        con.execute("DELETE FROM item_day_formats")
        con.execute("DELETE FROM item_days")
        con.execute(_FILL_FORMATS.format(where=""))
        con.execute(_FILL_DAYS.format(where=""))
    else:
        pairs = sorted(set(accounts))
        if pairs:
            _refresh_accounts(con, pairs)
    con.execute("DELETE FROM rollup_state")
    con.execute(f"INSERT INTO rollup_state {_STATE}")


def _refresh_accounts(con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, str]]) -> None:
    con.execute("""
        CREATE OR REPLACE TEMP TABLE rollup_accounts AS
        SELECT a.account_id FROM accounts a
        JOIN (SELECT unnest($platforms) AS platform, unnest($handles) AS handle) t USING (platform, handle)
    """, {"platforms": [p for p, _ in pairs], "handles": [h for _, h in pairs]})
    chosen = "WHERE account_id IN (SELECT account_id FROM rollup_accounts)"
    con.execute(f"DELETE FROM item_day_formats {chosen}")
    con.execute(f"DELETE FROM item_days {chosen}")
    con.execute(_FILL_FORMATS.format(where="WHERE c.account_id IN (SELECT account_id FROM rollup_accounts)"))
    con.execute(_FILL_DAYS.format(where=chosen))
    con.execute("DROP TABLE rollup_accounts")


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the rollup matches the items table (same row count and last run id as at refresh)."""
    exists = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'rollup_state'"
                         " AND schema_name = 'main'").fetchall()[0][0]
    if not exists:                          # a store opened read-only before migration 2
        return False
    state = con.execute(f"SELECT s.items, s.last_run_id, i.* FROM rollup_state s, ({_STATE}) i").fetchall()
    return len(state) == 1 and state[0][:2] == state[0][2:]
