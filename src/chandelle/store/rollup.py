"""Items per account, Europe/Paris day and format, maintained at import; the audit reads them.

``item_day_formats`` (account_id, day, format, items) counts the items the audit counts
(``content_items``: originals, first part of a thread) per calendar day in Europe/Paris;
``item_days`` (account_id, day, items, previous_day) sums it over formats (migration 2; the
account's previous publishing day since migration 3).
``item_months`` (account_id, month, items, first_day, last_day) sums the days per calendar month,
with the month's first and last publishing day, ``item_month_formats`` (account_id, month,
format, items, last_day) the formats; ``item_day_features``
(account_id, day, feature, items) counts the feature tags (``items.features``) per day and
``item_month_features`` (account_id, month, feature, items, last_day) per month (migration 3):
the audit reads a whole account's history from a few dozen month rows instead of every day.
All are rebuilt for the accounts an import touched, inside the import's transaction
(``refresh``, called by ``chandelle.ingest``).
``rollup_state`` records the ``items`` table's row count and last run id at the last refresh:
the audit reads the rollup only while they still match (``is_current``), and falls back to the
per-item SQL otherwise (a store edited by hand).
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
# ``previous_day``: the account's publishing day before this one (NULL for its first), so that the
# silences between publishing days are read without sorting the days at audit time.
_FILL_DAYS = """
INSERT INTO item_days
SELECT account_id, day, sum(items)::INTEGER, lag(day) OVER (PARTITION BY account_id ORDER BY day)
FROM item_day_formats {where} GROUP BY account_id, day ORDER BY day
"""
_FILL_MONTHS = """
INSERT INTO item_months
SELECT account_id, date_trunc('month', day)::DATE AS month, sum(items)::INTEGER, min(day), max(day)
FROM item_days {where} GROUP BY ALL ORDER BY month
"""
_FILL_FORMAT_MONTHS = """
INSERT INTO item_month_formats
SELECT account_id, date_trunc('month', day)::DATE AS month, format, sum(items)::INTEGER, max(day)
FROM item_day_formats {where} GROUP BY ALL ORDER BY month
"""
_FILL_FEATURES = f"""
INSERT INTO item_day_features
SELECT account_id, day, feature, count(*)::INTEGER
FROM (SELECT c.account_id, {LOCAL_DAY_SQL} AS day, unnest(c.features) AS feature
      FROM content_items c WHERE c.features IS NOT NULL {{where}})
WHERE feature IS NOT NULL GROUP BY ALL ORDER BY day
"""
_FILL_FEATURE_MONTHS = """
INSERT INTO item_month_features
SELECT account_id, date_trunc('month', day)::DATE AS month, feature, sum(items)::INTEGER, max(day)
FROM item_day_features {where} GROUP BY ALL ORDER BY month
"""
_STATE = "SELECT count(*), max(last_run_id) FROM items"

# Migration 2 (store/schema.py): the tables, filled from the items already in the store.
MIGRATION_SQL = (TABLES_SQL + _FILL_FORMATS.format(where="") + ";"
                 + "INSERT INTO item_days SELECT account_id, day, sum(items)::INTEGER FROM item_day_formats"
                 " GROUP BY ALL ORDER BY day;" + f"INSERT INTO rollup_state {_STATE};")

MONTHS_AND_FEATURES_TABLES_SQL = """
CREATE TABLE item_months (account_id INTEGER NOT NULL, month DATE NOT NULL, items INTEGER NOT NULL,
                          first_day DATE NOT NULL, last_day DATE NOT NULL);
CREATE TABLE item_month_formats (account_id INTEGER NOT NULL, month DATE NOT NULL, format VARCHAR NOT NULL,
                                 items INTEGER NOT NULL, last_day DATE NOT NULL);
CREATE TABLE item_day_features (account_id INTEGER NOT NULL, day DATE NOT NULL, feature VARCHAR NOT NULL,
                                items INTEGER NOT NULL);
CREATE TABLE item_month_features (account_id INTEGER NOT NULL, month DATE NOT NULL, feature VARCHAR NOT NULL,
                                  items INTEGER NOT NULL, last_day DATE NOT NULL);
"""
# Migration 3: ``item_days.previous_day``, the month and feature tables, filled from the day
# table and the items.
MIGRATION_3_SQL = (MONTHS_AND_FEATURES_TABLES_SQL + "ALTER TABLE item_days ADD COLUMN previous_day DATE;"
                   + "DELETE FROM item_days;" + _FILL_DAYS.format(where="") + ";"
                   + _FILL_MONTHS.format(where="") + ";" + _FILL_FORMAT_MONTHS.format(where="") + ";"
                   + _FILL_FEATURES.format(where="") + ";"
                   + _FILL_FEATURE_MONTHS.format(where="") + ";")


def refresh(con: duckdb.DuckDBPyConnection, accounts: Iterable[tuple[str, str]] | None = None) -> None:
    """Rebuild the rollup of ``accounts`` ((platform, handle) pairs; None: every account).

    The caller owns the transaction (an import's, so a failed import leaves the rollup as it was).
    """
    if accounts is None:
        for table in _TABLES:
            con.execute(f"DELETE FROM {table}")
        _fill(con, None)
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
    for table in _TABLES:
        con.execute(f"DELETE FROM {table} WHERE {_CHOSEN.format(alias='')}")
    _fill(con, _CHOSEN)
    con.execute("DROP TABLE rollup_accounts")


# Every rollup table, in the order they are filled (each one from the one before or the items).
_TABLES = ("item_day_formats", "item_days", "item_months", "item_month_formats", "item_day_features",
           "item_month_features")


_CHOSEN = "{alias}account_id IN (SELECT account_id FROM rollup_accounts)"


def _fill(con: duckdb.DuckDBPyConnection, chosen: str | None) -> None:
    """Fill every rollup table, for the accounts ``chosen`` selects (None: every account)."""
    def where(alias: str, keyword: str = "WHERE") -> str:
        return f"{keyword} {chosen.format(alias=alias)}" if chosen else ""

    con.execute(_FILL_FORMATS.format(where=where("c.")))
    con.execute(_FILL_DAYS.format(where=where("")))
    con.execute(_FILL_MONTHS.format(where=where("")))
    con.execute(_FILL_FORMAT_MONTHS.format(where=where("")))
    con.execute(_FILL_FEATURES.format(where=where("c.", "AND")))
    con.execute(_FILL_FEATURE_MONTHS.format(where=where("")))


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the rollup matches the items table (same row count and last run id as at refresh)."""
    exists = con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main'"
                         " AND table_name IN ('rollup_state', 'item_day_features')").fetchall()[0][0]
    if exists < 2:                          # a store that predates migration 3
        return False
    state = con.execute(f"SELECT s.items, s.last_run_id, i.* FROM rollup_state s, ({_STATE}) i").fetchall()
    return len(state) == 1 and state[0][:2] == state[0][2:]
