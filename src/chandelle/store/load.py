"""Loading importer records into the store: staged in Arrow batches, merged with SQL.

One call loads one source. The caller owns the transaction (an import command is all or
nothing). Re-importing a file already imported (same sha256, same importer) is a no-op.
Per-item metrics become snapshots dated by the export, so history is kept and the newest
export wins for "current" values.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import duckdb
import pyarrow as pa

from chandelle.importers.base import (
    AccountRecord,
    DailyMetricRecord,
    ExportInfo,
    FollowerRecord,
    ItemRecord,
    Record,
    Skip,
    Warning_,
)

BATCH_SIZE = 50_000

_ITEM_SCHEMA = pa.schema([
    ("seq", pa.int64()), ("platform", pa.string()), ("item_id", pa.string()),
    ("handle", pa.string()), ("published_at", pa.timestamp("us")), ("format", pa.string()),
    ("kind", pa.string()), ("text", pa.string()), ("url", pa.string()),
    ("duration_s", pa.float64()), ("media_count", pa.int32()), ("reply_to_id", pa.string()),
    ("features", pa.list_(pa.string())),
])
_METRIC_SCHEMA = pa.schema([
    ("platform", pa.string()), ("item_id", pa.string()), ("metric", pa.string()),
    ("value", pa.float64()),
])


@dataclass
class LoadSummary:
    """What one source did to the store."""

    file_name: str
    importer: str
    platform: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skips: Counter[str] = field(default_factory=Counter)
    skip_examples: dict[str, str] = field(default_factory=dict)
    warnings: list[Warning_] = field(default_factory=list)
    already_imported: bool = False
    followers: int = 0
    daily_metrics: int = 0
    accounts: set[tuple[str, str]] = field(default_factory=set)

    @property
    def skipped(self) -> int:
        return sum(self.skips.values())


def _naive_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


class _Stager:
    """Buffers records into Arrow batches and appends them to temp staging tables."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.items: dict[str, list[Any]] = {name: [] for name in _ITEM_SCHEMA.names}
        self.metrics: dict[str, list[Any]] = {name: [] for name in _METRIC_SCHEMA.names}
        self.seq = 0
        con.execute("CREATE OR REPLACE TEMP TABLE stage_items AS "
                    "SELECT * FROM items_stage_shape WHERE false")
        con.execute("CREATE OR REPLACE TEMP TABLE stage_metrics "
                    "(platform VARCHAR, item_id VARCHAR, metric VARCHAR, value DOUBLE)")

    def add_item(self, item: ItemRecord) -> None:
        self.seq += 1
        row = (self.seq, item.platform, item.item_id, item.account,
               _naive_utc(item.published_at), item.format, item.kind, item.text, item.url,
               item.duration_s, item.media_count, item.reply_to_id, list(item.features))
        for name, value in zip(_ITEM_SCHEMA.names, row, strict=True):
            self.items[name].append(value)
        for metric, value in item.metrics.items():
            self.metrics["platform"].append(item.platform)
            self.metrics["item_id"].append(item.item_id)
            self.metrics["metric"].append(metric)
            self.metrics["value"].append(float(value))
        if self.seq % BATCH_SIZE == 0:
            self.flush()

    def flush(self) -> None:
        if self.items["seq"]:
            batch = pa.Table.from_pydict(self.items, schema=_ITEM_SCHEMA)
            self.con.register("_item_batch", batch)
            self.con.execute("INSERT INTO stage_items SELECT * FROM _item_batch")
            self.con.unregister("_item_batch")
            self.items = {name: [] for name in _ITEM_SCHEMA.names}
        if self.metrics["platform"]:
            batch = pa.Table.from_pydict(self.metrics, schema=_METRIC_SCHEMA)
            self.con.register("_metric_batch", batch)
            self.con.execute("INSERT INTO stage_metrics SELECT * FROM _metric_batch")
            self.con.unregister("_metric_batch")
            self.metrics = {name: [] for name in _METRIC_SCHEMA.names}


def already_imported(con: duckdb.DuckDBPyConnection, sha256: str, importer: str) -> bool:
    row = con.execute("SELECT count(*) FROM import_runs WHERE sha256 = ? AND importer = ?",
                      [sha256, importer]).fetchone()
    return bool(row and row[0])


def load(
    con: duckdb.DuckDBPyConnection,
    records: Iterable[Record],
    *,
    file_name: str,
    sha256: str,
    importer: str,
    platform: str,
    fallback_exported_at: datetime,
) -> LoadSummary:
    """Stage every record of one source, then merge into the store with SQL."""
    summary = LoadSummary(file_name=file_name, importer=importer, platform=platform)
    _ensure_stage_shape(con)
    stager = _Stager(con)
    exported_at = fallback_exported_at
    followers: list[FollowerRecord] = []
    daily: list[DailyMetricRecord] = []
    for record in records:
        if isinstance(record, ItemRecord):
            stager.add_item(record)
            summary.accounts.add((record.platform, record.account))
        elif isinstance(record, Skip):
            summary.skips[record.reason] += 1
            summary.skip_examples.setdefault(record.reason, record.where)
        elif isinstance(record, AccountRecord):
            upsert_account(con, record)
            summary.accounts.add((record.platform, record.handle))
        elif isinstance(record, FollowerRecord):
            followers.append(record)
        elif isinstance(record, DailyMetricRecord):
            daily.append(record)
        elif isinstance(record, ExportInfo):
            exported_at = record.exported_at
        elif isinstance(record, Warning_):
            summary.warnings.append(record)
    stager.flush()
    for platform_, handle in sorted(summary.accounts):
        upsert_account(con, AccountRecord(platform=platform_, handle=handle))
    run_id = _new_run(con, summary, sha256, _naive_utc(exported_at))
    _merge_items(con, summary, run_id, _naive_utc(exported_at))
    summary.followers = _merge_followers(con, followers, run_id)
    summary.daily_metrics = _merge_daily(con, daily, run_id)
    _finish_run(con, summary, run_id)
    resolve_threads(con, {p for p, _ in summary.accounts})
    return summary


def _ensure_stage_shape(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""
        CREATE TEMP TABLE IF NOT EXISTS items_stage_shape (
            seq BIGINT, platform VARCHAR, item_id VARCHAR, handle VARCHAR,
            published_at TIMESTAMP, format VARCHAR, kind VARCHAR, text VARCHAR, url VARCHAR,
            duration_s DOUBLE, media_count INTEGER, reply_to_id VARCHAR, features VARCHAR[])
    """)


def upsert_account(con: duckdb.DuckDBPyConnection, record: AccountRecord) -> None:
    """Create the account, or fill in what this export tells that the store did not know."""
    con.execute("""
        INSERT INTO accounts (platform, handle, display_name, url, platform_account_id)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (platform, handle) DO UPDATE SET
            display_name = coalesce(excluded.display_name, accounts.display_name),
            url = coalesce(excluded.url, accounts.url),
            platform_account_id = coalesce(excluded.platform_account_id, accounts.platform_account_id)
    """, [record.platform, record.handle, record.display_name, record.url,
          record.platform_account_id])


def _new_run(con: duckdb.DuckDBPyConnection, summary: LoadSummary, sha256: str,
             exported_at: datetime) -> int:
    row = con.execute("""
        INSERT INTO import_runs (file_name, sha256, importer, platform, exported_at, imported_at,
                                 items_added, items_updated, items_unchanged, skipped)
        VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, 0) RETURNING run_id
    """, [summary.file_name, sha256, summary.importer, summary.platform, exported_at,
          datetime.now(UTC).replace(tzinfo=None)]).fetchone()
    assert row is not None
    return int(row[0])


_ITEM_FIELDS = ("published_at", "format", "kind", "text", "url", "duration_s", "media_count",
                "reply_to_id", "features")


def _merge_items(con: duckdb.DuckDBPyConnection, summary: LoadSummary, run_id: int,
                 exported_at: datetime) -> None:
    # Within one file the last occurrence of an id wins.
    con.execute("""
        CREATE OR REPLACE TEMP TABLE stage_dedup AS
        SELECT s.* EXCLUDE (seq, handle), a.account_id
        FROM (SELECT * FROM stage_items QUALIFY row_number() OVER
              (PARTITION BY platform, item_id ORDER BY seq DESC) = 1) s
        JOIN accounts a ON a.platform = s.platform AND a.handle = s.handle
    """)
    changed = " OR ".join(f"i.{f} IS DISTINCT FROM s.{f}" for f in (*_ITEM_FIELDS, "account_id"))
    row = con.execute(f"""
        SELECT count(*) FILTER (WHERE i.item_id IS NULL),
               count(*) FILTER (WHERE i.item_id IS NOT NULL AND ({changed})),
               count(*) FILTER (WHERE i.item_id IS NOT NULL AND NOT ({changed}))
        FROM stage_dedup s LEFT JOIN items i USING (platform, item_id)
    """).fetchone()
    assert row is not None
    summary.added, summary.updated, summary.unchanged = (int(v) for v in row)
    updates = ", ".join(f"{f} = excluded.{f}" for f in (*_ITEM_FIELDS, "account_id"))
    con.execute(f"""
        INSERT INTO items (platform, item_id, account_id, {", ".join(_ITEM_FIELDS)},
                           first_run_id, last_run_id)
        SELECT platform, item_id, account_id, {", ".join(_ITEM_FIELDS)}, ?, ?
        FROM stage_dedup
        ON CONFLICT (platform, item_id) DO UPDATE SET {updates}, last_run_id = excluded.last_run_id
    """, [run_id, run_id])
    con.execute("""
        INSERT INTO metric_snapshots (platform, item_id, metric, exported_at, value, run_id)
        SELECT platform, item_id, metric, ?, last(value), ? FROM stage_metrics
        GROUP BY platform, item_id, metric
        ON CONFLICT DO UPDATE SET value = excluded.value, run_id = excluded.run_id
    """, [exported_at, run_id])


def _account_id(con: duckdb.DuckDBPyConnection, platform: str, handle: str) -> int:
    upsert_account(con, AccountRecord(platform=platform, handle=handle))
    row = con.execute("SELECT account_id FROM accounts WHERE platform = ? AND handle = ?",
                      [platform, handle]).fetchall()[0]  # fetchone leaves the result open (DuckDB 2)
    assert row is not None
    return int(row[0])


def _merge_followers(con: duckdb.DuckDBPyConnection, records: list[FollowerRecord],
                     run_id: int) -> int:
    rows = [(_account_id(con, r.platform, r.account), r.day, r.followers, run_id) for r in records]
    if rows:
        con.executemany("""
            INSERT INTO follower_snapshots VALUES (?, ?, ?, ?)
            ON CONFLICT DO UPDATE SET followers = excluded.followers, run_id = excluded.run_id
        """, rows)
    return len(rows)


def _merge_daily(con: duckdb.DuckDBPyConnection, records: list[DailyMetricRecord],
                 run_id: int) -> int:
    ids: dict[tuple[str, str], int] = {}
    table: dict[str, list[Any]] = {"account_id": [], "day": [], "metric": [], "value": []}
    for r in records:
        key = (r.platform, r.account)
        if key not in ids:
            ids[key] = _account_id(con, *key)
        table["account_id"].append(ids[key])
        table["day"].append(r.day)
        table["metric"].append(r.metric)
        table["value"].append(float(r.value))
    if records:
        con.register("_daily_batch", pa.Table.from_pydict(table))
        con.execute("""
            INSERT INTO account_daily_metrics
            SELECT account_id, day, metric, last(value), ? FROM _daily_batch
            GROUP BY account_id, day, metric
            ON CONFLICT DO UPDATE SET value = excluded.value, run_id = excluded.run_id
        """, [run_id])
        con.unregister("_daily_batch")
    return len(records)


def _finish_run(con: duckdb.DuckDBPyConnection, summary: LoadSummary, run_id: int) -> None:
    warnings = [{"message": w.message, "where": w.where, "params": dict(w.params)}
                for w in summary.warnings]
    con.execute("""
        UPDATE import_runs SET items_added = ?, items_updated = ?, items_unchanged = ?,
               skipped = ?, skips_by_reason = ?, warnings = ?
        WHERE run_id = ?
    """, [summary.added, summary.updated, summary.unchanged, summary.skipped,
          json.dumps(dict(summary.skips)), json.dumps(warnings), run_id])


def resolve_threads(con: duckdb.DuckDBPyConnection, platforms: set[str]) -> None:
    """Unroll self-reply chains: every part gets its thread's root id and its place in order.

    A part whose parent is missing from the store starts its own thread. Siblings (two
    self-replies to one post) are ordered by time.
    """
    if not platforms:
        return
    con.execute("""
        CREATE OR REPLACE TEMP TABLE thread_parts AS
        WITH RECURSIVE chain(platform, item_id, root_id, depth) AS (
            SELECT c.platform, c.item_id, c.item_id, 1
            FROM items c
            LEFT JOIN items p ON p.platform = c.platform AND p.item_id = c.reply_to_id
                 AND p.account_id = c.account_id AND p.kind = 'original'
            WHERE c.platform IN (SELECT unnest(?::VARCHAR[])) AND c.kind = 'original'
              AND p.item_id IS NULL
            UNION ALL
            SELECT i.platform, i.item_id, chain.root_id, chain.depth + 1
            FROM items i JOIN chain ON i.platform = chain.platform AND i.reply_to_id = chain.item_id
            WHERE i.kind = 'original'
        )
        SELECT chain.platform, chain.item_id, chain.root_id,
               row_number() OVER (PARTITION BY chain.platform, chain.root_id
                                  ORDER BY chain.depth, i.published_at, i.item_id) AS part_index,
               count(*) OVER (PARTITION BY chain.platform, chain.root_id) AS parts
        FROM chain JOIN items i USING (platform, item_id)
    """, [sorted(platforms)])
    con.execute("""
        UPDATE items SET thread_id = CASE WHEN t.parts > 1 THEN t.root_id END,
                         part_index = t.part_index, parts = t.parts
        FROM thread_parts t
        WHERE items.platform = t.platform AND items.item_id = t.item_id
          AND (items.thread_id IS DISTINCT FROM CASE WHEN t.parts > 1 THEN t.root_id END
               OR items.part_index <> t.part_index OR items.parts <> t.parts)
    """)
