"""Loading importer records into the store: staged in Arrow batches, merged batch by batch.

One call loads one source. The caller owns the transaction (an import command is all or
nothing). Re-importing a file already imported (same sha256, same importer) is a no-op.
Per-item metrics become snapshots dated by the export, so history is kept and the newest
export wins for "current" values.

Memory stays bounded whatever the file's size: records are buffered ``BATCH_SIZE`` items at
a time (as Arrow), each batch is merged into ``items`` and ``metric_snapshots``, then
dropped. Counts stay exact across batches: the first time this run touches an item that
was already in the store, a hash of its fields is kept (``stage_prior``); at the end every
item this run touched is compared with that state from before the file. See docs/schema.md
(Guarantees) for the merge rules.
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import duckdb
import pyarrow as pa

from chandelle.importers.base import (
    ITEM_BATCH_SCHEMA,
    METRIC_BATCH_SCHEMA,
    AccountRecord,
    DailyMetricRecord,
    ExportInfo,
    FollowerRecord,
    ItemBatch,
    ItemRecord,
    Record,
    Skip,
    Warning_,
)
from chandelle.store.merge import Run, count_items, merge_batch, set_exported_at

BATCH_SIZE = 131_072     # over one DuckDB row group, so new rows are written out, not held
LIST_ROWS = 16_384       # ItemRecords buffered as Python lists before they become Arrow

_ITEM_SCHEMA = pa.schema([("seq", pa.int64()), *ITEM_BATCH_SCHEMA])
_METRIC_SCHEMA = pa.schema([("seq", pa.int64()), *METRIC_BATCH_SCHEMA])

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
    """Buffers items (records or Arrow batches) and merges them every ``BATCH_SIZE`` items."""

    def __init__(self, run: Run, summary: LoadSummary) -> None:
        self.run = run
        self.summary = summary
        self.known_accounts: set[tuple[str, str]] = set()
        self.seq = 0
        self.metric_seq = 0
        self.pending = 0
        self.tables: list[pa.Table] = []
        self.metric_tables: list[pa.Table] = []
        self._new_lists()

    def _new_lists(self) -> None:
        self.items: dict[str, list[Any]] = {name: [] for name in _ITEM_SCHEMA.names}
        self.metrics: dict[str, list[Any]] = {name: [] for name in _METRIC_SCHEMA.names}

    def add_item(self, item: ItemRecord) -> None:
        self.seq += 1
        items = self.items
        items["seq"].append(self.seq)
        items["platform"].append(item.platform)
        items["item_id"].append(item.item_id)
        items["handle"].append(item.account)
        items["published_at"].append(_naive_utc(item.published_at))
        items["format"].append(item.format)
        items["kind"].append(item.kind)
        items["text"].append(item.text)
        items["url"].append(item.url)
        items["duration_s"].append(item.duration_s)
        items["media_count"].append(item.media_count)
        items["reply_to_id"].append(item.reply_to_id)
        items["features"].append(list(item.features))
        self.summary.accounts.add((item.platform, item.account))
        if item.metrics:
            metrics = self.metrics
            for metric, value in item.metrics.items():
                self.metric_seq += 1
                metrics["seq"].append(self.metric_seq)
                metrics["platform"].append(item.platform)
                metrics["item_id"].append(item.item_id)
                metrics["metric"].append(metric)
                metrics["value"].append(float(value))
        self.pending += 1
        if self.pending >= BATCH_SIZE:
            self.merge()
        elif len(items["seq"]) >= LIST_ROWS:
            self._close_lists()           # Arrow holds the rows far more compactly than lists

    def add_batch(self, batch: ItemBatch) -> None:
        self._close_lists()
        rows, metric_rows = batch.items.num_rows, batch.metrics.num_rows
        seq = pa.array(range(self.seq + 1, self.seq + rows + 1), pa.int64())
        metric_seq = pa.array(range(self.metric_seq + 1, self.metric_seq + metric_rows + 1), pa.int64())
        self.seq += rows
        self.metric_seq += metric_rows
        self.tables.append(batch.items.add_column(0, "seq", seq))
        self.metric_tables.append(batch.metrics.add_column(0, "seq", metric_seq))
        accounts = batch.items.select(["platform", "handle"]).group_by(["platform", "handle"]).aggregate([])
        self.summary.accounts.update(zip(accounts.column("platform").to_pylist(),
                                         accounts.column("handle").to_pylist(), strict=True))
        self.pending += rows
        if self.pending >= BATCH_SIZE:
            self.merge()

    def _close_lists(self) -> None:
        if self.items["seq"]:
            self.tables.append(pa.Table.from_pydict(self.items, schema=_ITEM_SCHEMA))
        if self.metrics["seq"]:
            self.metric_tables.append(pa.Table.from_pydict(self.metrics, schema=_METRIC_SCHEMA))
        self._new_lists()

    def merge(self) -> None:
        """Merge what is buffered into the store, then forget it."""
        self._close_lists()
        for account in sorted(self.summary.accounts - self.known_accounts):
            upsert_account(self.run.con, AccountRecord(platform=account[0], handle=account[1]))
            self.known_accounts.add(account)
        items = pa.concat_tables(self.tables) if self.tables else _ITEM_SCHEMA.empty_table()
        metrics = pa.concat_tables(self.metric_tables) if self.metric_tables else _METRIC_SCHEMA.empty_table()
        self.tables, self.metric_tables, self.pending = [], [], 0
        if items.num_rows or metrics.num_rows:
            merge_batch(self.run, items, metrics)


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
    metrics_only: bool = False,
) -> LoadSummary:
    """Merge every record of one source into the store, batch by batch (bounded memory).

    ``metrics_only``: the source's items are inserted when new, never overwrite an item
    already in the store; their metrics are recorded either way.
    """
    summary = LoadSummary(file_name=file_name, importer=importer, platform=platform)
    order = con.execute("SELECT current_setting('preserve_insertion_order')").fetchall()[0][0]
    con.execute("SET preserve_insertion_order = false")
    try:
        run = Run(con, _new_run(con, summary, sha256, _naive_utc(fallback_exported_at)),
                   _naive_utc(fallback_exported_at), metrics_only)
        con.execute("CREATE OR REPLACE TEMP TABLE stage_prior "
                    "(platform VARCHAR, item_id VARCHAR, state UBIGINT)")
        _load_records(run, records, summary)
        summary.added, summary.updated, summary.unchanged = count_items(run)
        _record_counts(con, summary, run.run_id)
        con.execute("DROP TABLE stage_prior")
        resolve_threads(con, {p for p, _ in summary.accounts})
    finally:
        with contextlib.suppress(duckdb.Error):  # an aborted transaction: the caller rolls back
            con.execute(f"SET preserve_insertion_order = {'true' if order else 'false'}")
    return summary


def _load_records(run: Run, records: Iterable[Record], summary: LoadSummary) -> None:
    stager = _Stager(run, summary)
    followers: list[FollowerRecord] = []
    daily: list[DailyMetricRecord] = []
    for record in records:
        if isinstance(record, ItemRecord):
            stager.add_item(record)
        elif isinstance(record, ItemBatch):
            stager.add_batch(record)
        elif isinstance(record, Skip):
            summary.skips[record.reason] += 1
            summary.skip_examples.setdefault(record.reason, record.where)
        elif isinstance(record, AccountRecord):
            upsert_account(run.con, record)
            summary.accounts.add((record.platform, record.handle))
            stager.known_accounts.add((record.platform, record.handle))
        elif isinstance(record, FollowerRecord):
            followers.append(record)
        elif isinstance(record, DailyMetricRecord):
            daily.append(record)
        elif isinstance(record, ExportInfo):
            set_exported_at(run, _naive_utc(record.exported_at))
        elif isinstance(record, Warning_):
            summary.warnings.append(record)
    stager.merge()
    summary.followers = _merge_followers(run.con, followers, run.run_id)
    summary.daily_metrics = _merge_daily(run.con, daily, run.run_id)
    _finish_run(run.con, summary, run.run_id, run.exported_at)


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
          datetime.now(UTC).replace(tzinfo=None)]).fetchall()
    return int(row[0][0])


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


def _finish_run(con: duckdb.DuckDBPyConnection, summary: LoadSummary, run_id: int,
                exported_at: datetime) -> None:
    warnings = [{"message": w.message, "where": w.where, "params": dict(w.params),
                 **({"code": w.code} if w.code else {})} for w in summary.warnings]
    con.execute("""
        UPDATE import_runs SET exported_at = ?, skipped = ?, skips_by_reason = ?, warnings = ?
        WHERE run_id = ?
    """, [exported_at, summary.skipped, json.dumps(dict(summary.skips)), json.dumps(warnings), run_id])


def _record_counts(con: duckdb.DuckDBPyConnection, summary: LoadSummary, run_id: int) -> None:
    con.execute("UPDATE import_runs SET items_added = ?, items_updated = ?, items_unchanged = ? "
                "WHERE run_id = ?", [summary.added, summary.updated, summary.unchanged, run_id])


def resolve_threads(con: duckdb.DuckDBPyConnection, platforms: set[str]) -> None:
    """Unroll reply chains: every part gets its chain's root id and its place in order.

    A chain follows ``reply_to_id`` (a reply to the same account) up to its root. Only a chain
    whose root is an original in the store is a thread (counted once, at ``part_index`` 1). A
    chain rooted in a reply to someone else, or in a post missing from the store (a reply to a
    post we do not have), is a reply chain: the root keeps place 1 (the missing root too, so no
    stored part of it is counted), whatever its length. Siblings are ordered by time. Only roots
    that have parts, parts whose parent is missing, and items that held chain values before are
    walked: a lone item already has the defaults. Overlapping exports resolve again: a root that
    arrives later takes its place and its parts move under it.
    """
    if not platforms:
        return
    con.execute(_CHAIN_SQL, {"platforms": sorted(platforms)})
    con.execute("""
        UPDATE items SET thread_id = t.thread_id, part_index = t.part_index, parts = t.parts
        FROM thread_parts t
        WHERE items.platform = t.platform AND items.item_id = t.item_id
          AND (items.thread_id IS DISTINCT FROM t.thread_id
               OR items.part_index <> t.part_index OR items.parts <> t.parts)
    """)


# Seeds: stored roots with parts (depth 1) and parts whose parent is not a stored item of the
# same account (depth 2: the missing root holds place 1). Every stored item has one parent at
# most, so the walk down from the seeds ends; an item never reached is in a loop of replies.
_CHAIN_SQL = """
    CREATE OR REPLACE TEMP TABLE thread_parts AS
    WITH RECURSIVE scope AS MATERIALIZED (
        SELECT platform, item_id, account_id, reply_to_id, published_at, thread_id, part_index, parts
        FROM items WHERE platform IN (SELECT unnest($platforms::VARCHAR[]))
    ), parents AS (
        SELECT DISTINCT platform, reply_to_id AS item_id, account_id FROM scope
        WHERE reply_to_id IS NOT NULL
    ), seeds AS (
        SELECT c.platform, c.item_id, c.account_id, c.item_id AS root_id, 1 AS depth, false AS missing_root
        FROM scope c LEFT JOIN parents q USING (platform, item_id, account_id)
        WHERE c.reply_to_id IS NULL
          AND (q.item_id IS NOT NULL OR c.thread_id IS NOT NULL OR c.parts <> 1 OR c.part_index <> 1)
        UNION ALL
        SELECT c.platform, c.item_id, c.account_id, c.reply_to_id, 2, true
        FROM scope c LEFT JOIN scope p ON p.platform = c.platform AND p.item_id = c.reply_to_id
             AND p.account_id = c.account_id
        WHERE c.reply_to_id IS NOT NULL AND p.item_id IS NULL
    ), chain(platform, item_id, account_id, root_id, depth, missing_root) AS (
        SELECT * FROM seeds
        UNION ALL
        SELECT i.platform, i.item_id, i.account_id, chain.root_id, chain.depth + 1, chain.missing_root
        FROM scope i JOIN chain ON i.platform = chain.platform AND i.reply_to_id = chain.item_id
             AND i.account_id = chain.account_id
    ), placed AS (
        SELECT chain.platform, chain.item_id, chain.root_id, chain.missing_root,
               row_number() OVER (PARTITION BY chain.platform, chain.root_id
                                  ORDER BY chain.depth, i.published_at, i.item_id) AS place,
               count(*) OVER (PARTITION BY chain.platform, chain.root_id) AS stored
        FROM chain JOIN scope i USING (platform, item_id)
    )
    SELECT platform, item_id,
           CASE WHEN stored > 1 OR missing_root THEN root_id END AS thread_id,
           (place + missing_root::INTEGER)::INTEGER AS part_index,
           (stored + missing_root::INTEGER)::INTEGER AS parts
    FROM placed
    UNION ALL
    -- Replies in a loop (A answers B, B answers A: damaged or hostile input) have no root and
    -- are never reached: each is a reply chain of its own, never counted.
    SELECT s.platform, s.item_id, s.reply_to_id, 2, 2
    FROM scope s ANTI JOIN chain c ON c.platform = s.platform AND c.item_id = s.item_id
    WHERE s.reply_to_id IS NOT NULL
"""
