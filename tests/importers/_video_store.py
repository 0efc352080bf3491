"""Helpers of the TikTok, YouTube, Twitch and LinkedIn importer tests: sources, dated copies, store dumps."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb

from chandelle.importers import candidates
from chandelle.importers.base import Record
from chandelle.importers.source import iter_sources

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TABLES = ("accounts", "items", "metric_snapshots", "follower_snapshots", "account_daily_metrics")


def read_file(path: Path, importer: ModuleType, hints: dict[str, str] | None = None) -> list[Record]:
    """The records of one file, checking that ``importer`` and no other recognises it."""
    (source,) = list(iter_sources([path], hints))
    assert [i.NAME for i in candidates(source)] == [importer.NAME], path.name
    return list(importer.read(source))


def dated_copy(source: Path, folder: Path, day: str, name: str | None = None) -> Path:
    """A copy of a fixture whose file date (the export date when the file has none) is ``day``."""
    target = folder / (name or source.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    stamp = datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp()
    os.utime(target, (stamp, stamp))
    return target


def dump(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the data tables, ordered, to compare a store before and after an import."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    for table in TABLES:
        columns = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall()
                   if c[0] not in ("run_id", "first_run_id", "last_run_id")]
        out[table] = con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL").fetchall()
    return out


def current_metrics(con: duckdb.DuckDBPyConnection, platform: str) -> dict[str, dict[str, float]]:
    rows = con.execute("SELECT item_id, metric, value FROM item_metrics_current WHERE platform = ?",
                       [platform]).fetchall()
    out: dict[str, dict[str, float]] = {}
    for item_id, metric, value in rows:
        out.setdefault(item_id, {})[metric] = value
    return out
