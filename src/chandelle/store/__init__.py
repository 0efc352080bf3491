"""The embedded DuckDB store: connecting, migrating, and loading importer records.

Default location: ``chandelle.duckdb`` in the working directory; ``--db`` or the
``CHANDELLE_DB`` environment variable override it. DuckDB allows one writer at a time:
a store held by another process raises ``StoreBusyError`` with a clear message.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from chandelle.errors import StoreBusyError, StoreError, StoreMissingError
from chandelle.store.schema import MIGRATIONS, SCHEMA_VERSION

DEFAULT_DB = "chandelle.duckdb"


def db_path(explicit: str | Path | None = None) -> Path:
    """The store's path: the flag, then CHANDELLE_DB, then ./chandelle.duckdb."""
    return Path(explicit or os.environ.get("CHANDELLE_DB") or DEFAULT_DB)


def connect(path: str | Path | None = None, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and migrate, unless read-only) the store; ':memory:' gives a private one.

    Read-only on a store that does not exist raises ``StoreMissingError`` and creates nothing
    (a typo in ``--db`` must not leave an empty store behind).
    """
    target = ":memory:" if str(path) == ":memory:" else str(db_path(path))
    if read_only and target != ":memory:" and not Path(target).exists():
        raise missing_store(target)
    try:
        con = duckdb.connect(target, read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise StoreBusyError(
                "The store {db} is in use by another chandelle process.",
                hint="Wait for it to finish (or stop 'chandelle serve') and try again.",
                db=target,
            ) from exc
        raise StoreError("The store {db} cannot be opened: {detail}", db=target,
                         detail=str(exc)) from exc
    except duckdb.Error as exc:
        raise StoreError("The store {db} cannot be opened: {detail}", db=target,
                         detail=str(exc)) from exc
    con.execute("SET TimeZone = 'UTC'")
    if not read_only:
        migrate(con)
    else:
        _check_version(con, target)
    return con


def missing_store(target: str | Path) -> StoreMissingError:
    return StoreMissingError("The store {db} does not exist.",
                             hint="Check --db (or CHANDELLE_DB), or import your exports first with "
                                  "'chandelle import'.", db=str(target))


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Apply the migrations this store has not seen yet, each in its own transaction."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)"
    )
    row = con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    current = int(row[0]) if row else 0
    if current > SCHEMA_VERSION:
        raise StoreError(
            "This store was written by a newer chandelle (schema {found}, this one knows {known}).",
            hint="Upgrade chandelle.", found=current, known=SCHEMA_VERSION,
        )
    for version, name, sql in MIGRATIONS:
        if version <= current:
            continue
        con.execute("BEGIN")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)",
                        [version, name, datetime.now(UTC).replace(tzinfo=None)])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError("Migration {version} ({name}) failed: {detail}",
                             version=version, name=name, detail=str(exc)) from exc


def _check_version(con: duckdb.DuckDBPyConnection, target: str) -> None:
    try:
        row = con.execute("SELECT max(version) FROM schema_migrations").fetchone()
    except duckdb.CatalogException as exc:
        raise StoreError("{db} is not a chandelle store.", db=target) from exc
    if not row or row[0] is None or int(row[0]) < SCHEMA_VERSION:
        raise StoreError("The store {db} needs upgrading.",
                         hint="Run any chandelle command that writes, such as 'chandelle import'.",
                         db=target)
