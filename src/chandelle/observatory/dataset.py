"""One or several stores written as a partitioned Parquet dataset (``chandelle dataset export DIR``).

Layout (Hive partitioning, readable by DuckDB, Apache Spark, Arrow, pandas…)::

    DIR/_chandelle_dataset.json                 manifest: schema version, stores, row counts
    DIR/accounts/institution=<slug>/platform=<p>/*.parquet
    DIR/items/institution=<slug>/platform=<p>/*.parquet
    DIR/followers/institution=<slug>/platform=<p>/*.parquet

``institution`` is the institution's slug, ``_none`` for accounts of no institution (a slug never
starts with "_"). Columns (``COLUMNS``; the partition columns are in the paths, not in the files):

* accounts — institution_name, handle, display_name;
* items — handle, item_id, published_at (UTC), day (its calendar day in Europe/Paris, the audit's
  day), format, kind (original | repost | …), part_index (1 = first part of a thread);
* followers — handle, day, followers (one snapshot a day).

The stores must hold different accounts: the export concatenates them. docs/scale-out.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from chandelle import store
from chandelle.errors import InputError
from chandelle.store.rollup import LOCAL_DAY_SQL

DATASET_SCHEMA_VERSION = 1
MANIFEST = "_chandelle_dataset.json"
NO_INSTITUTION = "_none"
PARTITIONS = ("institution", "platform")
# table -> (column, DuckDB type), partition columns first.
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "accounts": (("institution", "VARCHAR"), ("platform", "VARCHAR"), ("institution_name", "VARCHAR"),
                 ("handle", "VARCHAR"), ("display_name", "VARCHAR")),
    "items": (("institution", "VARCHAR"), ("platform", "VARCHAR"), ("handle", "VARCHAR"),
              ("item_id", "VARCHAR"), ("published_at", "TIMESTAMP"), ("day", "DATE"), ("format", "VARCHAR"),
              ("kind", "VARCHAR"), ("part_index", "INTEGER")),
    "followers": (("institution", "VARCHAR"), ("platform", "VARCHAR"), ("handle", "VARCHAR"),
                  ("day", "DATE"), ("followers", "BIGINT")),
}
_OWNER = """FROM accounts a LEFT JOIN institutions inst USING (institution_id)"""
_INSTITUTION = f"coalesce(inst.slug, '{NO_INSTITUTION}')"
_SELECTS = {
    "accounts": f"SELECT {_INSTITUTION} AS institution, a.platform, inst.name AS institution_name, a.handle, "
                f"a.display_name {_OWNER}",
    "items": f"SELECT {_INSTITUTION} AS institution, a.platform, a.handle, c.item_id, c.published_at, "
             f"{LOCAL_DAY_SQL} AS day, c.format, c.kind, c.part_index "
             f"FROM items c JOIN accounts a USING (account_id) "
             f"LEFT JOIN institutions inst USING (institution_id)",
    "followers": f"SELECT {_INSTITUTION} AS institution, a.platform, a.handle, f.day, f.followers "
                 f"FROM follower_snapshots f JOIN accounts a USING (account_id) "
                 f"LEFT JOIN institutions inst USING (institution_id)",
}


@dataclass
class ExportSummary:
    folder: Path
    stores: list[str]
    rows: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"schema_version": DATASET_SCHEMA_VERSION, "folder": str(self.folder), "stores": self.stores,
                "rows": self.rows}


def export_dataset(stores: list[Path], folder: Path) -> ExportSummary:
    """Write every store's accounts, items and follower snapshots under ``folder`` (which must be empty)."""
    if folder.exists() and any(folder.iterdir()):
        raise InputError("{folder} is not empty.",
                         hint="Give a new folder for the dataset (an export never overwrites files).",
                         folder=str(folder))
    for path in stores:
        if not path.is_file():
            raise InputError("{file} was not found.", hint="Give the path of a chandelle store (--db).",
                             file=str(path))
    folder.mkdir(parents=True, exist_ok=True)
    summary = ExportSummary(folder, [str(p) for p in stores], dict.fromkeys(COLUMNS, 0))
    for position, path in enumerate(stores):
        con = store.connect(path, read_only=True)
        try:
            for table in COLUMNS:
                summary.rows[table] += _copy(con, table, folder / table, position)
        finally:
            con.close()
    manifest = {**summary.to_dict(), "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "partitions": list(PARTITIONS),
                "columns": {t: [{"name": n, "type": k} for n, k in cols] for t, cols in COLUMNS.items()}}
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return summary


def _copy(con: duckdb.DuckDBPyConnection, table: str, target: Path, position: int) -> int:
    rows = int(con.execute(f"SELECT count(*) FROM ({_SELECTS[table]})").fetchall()[0][0])
    if rows:
        con.execute(f"COPY ({_SELECTS[table]}) TO '{_quoted(target)}' (FORMAT PARQUET, "
                    f"PARTITION_BY ({', '.join(PARTITIONS)}), OVERWRITE_OR_IGNORE, "
                    f"FILENAME_PATTERN 'store{position}_{{i}}')")
    return rows


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def read_manifest(folder: str) -> dict[str, Any]:
    """The dataset's manifest (local folders only; a remote dataset is read without one)."""
    path = Path(folder) / MANIFEST
    if "://" in folder or not path.is_file():
        return {}
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded
