"""Merging one batch of staged items into the store, and counting what a file changed.

See ``load`` for the batching and docs/schema.md (Guarantees) for the rules. Counts stay
exact across batches: the first time a run touches an item that was already stored, a
hash of its fields goes to the temp table ``stage_prior``; at the end every item the run
touched is compared with that state from before the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

# Fields an importer decides; the first three are taken from the richer (non metrics-only)
# source as given, the others are only replaced by a value (a source that lacks them keeps
# what another export said).
_REPLACED_FIELDS = ("published_at", "format", "kind")
_KEPT_FIELDS = ("text", "url", "duration_s", "media_count", "reply_to_id")
_ITEM_FIELDS = (*_REPLACED_FIELDS, *_KEPT_FIELDS, "features")


def _state(alias: str) -> str:
    """A hash of an item's fields: compares its state before and after this file."""
    return f"hash({', '.join(f'{alias}.{f}' for f in (*_ITEM_FIELDS, 'account_id'))})"


@dataclass
class Run:
    """The import run being loaded: where merged batches go and how they merge."""

    con: duckdb.DuckDBPyConnection
    run_id: int
    exported_at: datetime
    metrics_only: bool
    merged: bool = False


def set_exported_at(run: Run, exported_at: datetime) -> None:
    """The export's own date; snapshots already merged under the fallback date move to it."""
    if run.merged and exported_at != run.exported_at:
        run.con.execute("""
            DELETE FROM metric_snapshots m
            WHERE m.exported_at = $new AND m.run_id IS DISTINCT FROM $run AND EXISTS (
                SELECT 1 FROM metric_snapshots mine
                WHERE mine.run_id = $run AND mine.exported_at = $old AND mine.platform = m.platform
                  AND mine.item_id = m.item_id AND mine.metric = m.metric)
        """, {"new": exported_at, "run": run.run_id, "old": run.exported_at})
        run.con.execute("UPDATE metric_snapshots SET exported_at = ? WHERE run_id = ? AND exported_at = ?",
                        [exported_at, run.run_id, run.exported_at])
    run.exported_at = exported_at


def _item_updates(metrics_only: bool) -> str:
    """The UPDATE assignments: what a source may change in an item already stored (``s``: staged)."""
    if metrics_only:
        # Only fills what the richer export lacks (a permalink the data download has no way to
        # give), so both import orders give the same item.
        gaps = [f"{f} = coalesce(items.{f}, s.{f})" for f in _KEPT_FIELDS]
        return ", ".join([*gaps, "last_run_id = $run"])
    replaced = [f"{f} = s.{f}" for f in (*_REPLACED_FIELDS, "account_id")]
    kept = [f"{f} = coalesce(s.{f}, items.{f})" for f in _KEPT_FIELDS]
    features = ("features = CASE WHEN len(coalesce(s.features, [])) = 0 "
                "THEN coalesce(items.features, s.features) ELSE s.features END")
    return ", ".join([*replaced, *kept, features, "last_run_id = $run"])


def merge_batch(run: Run, items: pa.Table, metrics: pa.Table) -> None:
    """Merge one buffered batch (occurrences of an id merge in order: see _LATEST_OCCURRENCES).

    New rows go in with plain INSERTs (DuckDB writes them out as row groups fill, so a long
    transaction does not keep them in memory); rows already stored are UPDATEd.
    """
    _merge_items(run.con, run, items)
    _merge_metrics(run.con, run, metrics)
    run.merged = True

# The Arrow tables below are read by DuckDB's replacement scan: a local variable named in the
# SQL. (con.register would keep every batch alive until the transaction ends.)


# Several occurrences of one id in a file merge in order like separate exports would: the
# later wins, but a value it lacks (NULL, no features) does not erase an earlier one.
# (arg_max skips NULL values.)
_LATEST_OCCURRENCES = f"""
    SELECT platform, item_id, arg_max(handle, seq) AS handle,
           {", ".join(f"arg_max({f}, seq) AS {f}" for f in (*_REPLACED_FIELDS, *_KEPT_FIELDS))},
           coalesce(arg_max(features, seq) FILTER (WHERE len(features) > 0),
                    arg_max(features, seq)) AS features
    FROM staged_items GROUP BY platform, item_id
"""


def _merge_items(con: duckdb.DuckDBPyConnection, run: Run, staged_items: pa.Table) -> None:
    staged_dedup = con.sql(f"""
        SELECT s.* EXCLUDE (handle), a.account_id, i.item_id IS NOT NULL AS present,
               CASE WHEN i.item_id IS NOT NULL AND i.last_run_id IS DISTINCT FROM {run.run_id}
                    THEN {_state("i")} END AS prior
        FROM ({_LATEST_OCCURRENCES}) s
        JOIN accounts a ON a.platform = s.platform AND a.handle = s.handle
        LEFT JOIN items i ON i.platform = s.platform AND i.item_id = s.item_id
    """).to_arrow_table()
    fields = ", ".join(_ITEM_FIELDS)
    con.execute(f"""
        INSERT INTO items (platform, item_id, account_id, {fields}, first_run_id, last_run_id)
        SELECT platform, item_id, account_id, {fields}, $run, $run FROM staged_dedup WHERE NOT present
    """, {"run": run.run_id})
    if staged_dedup.num_rows and pc.any(staged_dedup["present"]).as_py():
        # The state before this file of the stored items it touches for the first time.
        con.execute("INSERT INTO stage_prior SELECT platform, item_id, prior FROM staged_dedup "
                    "WHERE prior IS NOT NULL")
        con.execute(f"""
            UPDATE items SET {_item_updates(run.metrics_only)}
            FROM staged_dedup s
            WHERE s.present AND items.platform = s.platform AND items.item_id = s.item_id
        """, {"run": run.run_id})


def _merge_metrics(con: duckdb.DuckDBPyConnection, run: Run, staged_metrics: pa.Table) -> None:
    staged_snapshots = con.sql("""
        SELECT s.*, m.item_id IS NOT NULL AS present
        FROM (SELECT platform, item_id, metric, arg_max(value, seq) AS value FROM staged_metrics
              GROUP BY platform, item_id, metric) s
        LEFT JOIN metric_snapshots m ON m.platform = s.platform AND m.item_id = s.item_id
             AND m.metric = s.metric AND m.exported_at = $exported
    """, params={"exported": run.exported_at}).to_arrow_table()
    params = {"exported": run.exported_at, "run": run.run_id}
    con.execute("""
        INSERT INTO metric_snapshots (platform, item_id, metric, exported_at, value, run_id)
        SELECT platform, item_id, metric, $exported, value, $run FROM staged_snapshots WHERE NOT present
    """, params)
    if staged_snapshots.num_rows and pc.any(staged_snapshots["present"]).as_py():
        con.execute("""
            UPDATE metric_snapshots SET value = s.value, run_id = $run
            FROM staged_snapshots s
            WHERE s.present AND metric_snapshots.platform = s.platform
              AND metric_snapshots.item_id = s.item_id AND metric_snapshots.metric = s.metric
              AND metric_snapshots.exported_at = $exported
        """, params)


def count_items(run: Run) -> tuple[int, int, int]:
    """Added / updated / unchanged, against the store as it was before this file."""
    row = run.con.execute(f"""
        SELECT count(*) FILTER (WHERE i.first_run_id = $run),
               count(*) FILTER (WHERE i.first_run_id IS DISTINCT FROM $run AND p.state <> {_state('i')}),
               count(*) FILTER (WHERE i.first_run_id IS DISTINCT FROM $run AND p.state = {_state('i')})
        FROM items i LEFT JOIN stage_prior p USING (platform, item_id)
        WHERE i.last_run_id = $run
    """, {"run": run.run_id}).fetchall()[0]
    return int(row[0]), int(row[1]), int(row[2])
