"""The observatory over a Parquet dataset, on DuckDB (default) or Apache Spark, from ONE SQL source.

The computation is written once, in DuckDB's dialect restricted to what Spark SQL also has
(CTEs, GROUP BY, window LAG, CASE, ``date_diff('day', …)``, ``median``, ``arg_max``), and
transpiled by SQLGlot to Spark SQL for ``--engine spark``. The kb values (minimum cadences,
thresholds) are inlined as literals. Both engines return the same rows; the JSON they give is
identical apart from its ``engine`` field (tests/observatory/test_scale.py).

Per account (the audit's rules, docs/audit.md, on the dataset's Paris ``day``): items over 365
days and over the recent window, rates per week, share of active weeks, days since the last
item, the longest silence in the recent window, the status, the last follower count. Then per
institution (status counts, networks) and per platform (accounts, ghosts, median cadence and
followers). docs/scale-out.md.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from chandelle.audit import STATUSES
from chandelle.audit.build import _cadence_rows, thresholds
from chandelle.errors import InputError
from chandelle.kb.models import KnowledgeBase
from chandelle.observatory.dataset import COLUMNS, NO_INSTITUTION, read_manifest

ENGINES = ("duckdb", "spark")
SCHEMA_VERSION = 1
DIGITS = 4

ACCOUNTS_SQL = """
WITH kb_cadence(platform, min_pw) AS (VALUES {cadence}),
content AS (
    SELECT institution, platform, handle, day
    FROM items WHERE kind = 'original' AND part_index = 1 AND day <= DATE '{as_of}'
),
days AS (
    SELECT institution, platform, handle, day, count(*) AS n, date_diff('day', day, DATE '{as_of}') AS age
    FROM content GROUP BY institution, platform, handle, day
),
recent AS (
    SELECT institution, platform, handle, age,
           lag(age) OVER (PARTITION BY institution, platform, handle ORDER BY day) - age AS inner_gap
    FROM days WHERE age < {window}
),
recent_gaps AS (
    SELECT institution, platform, handle, min(age) AS newest_age, max(age) AS oldest_item_age,
           max(inner_gap) AS inner_gap
    FROM recent GROUP BY institution, platform, handle
),
per_account AS (
    SELECT institution, platform, handle, min(day) AS first_day, max(day) AS last_day,
           sum(CASE WHEN age < 365 THEN n ELSE 0 END) AS items365,
           sum(CASE WHEN age < {window} THEN n ELSE 0 END) AS items90,
           count(DISTINCT CASE WHEN age < 364 THEN age // 7 END) AS weeks365
    FROM days GROUP BY institution, platform, handle
),
last_followers AS (
    SELECT institution, platform, handle, arg_max(followers, day) AS followers
    FROM followers WHERE day <= DATE '{as_of}' GROUP BY institution, platform, handle
),
joined AS (
    SELECT a.institution, a.platform, a.handle, p.last_day, f.followers,
           coalesce(p.items365, 0) AS items365, coalesce(p.items90, 0) AS items90,
           coalesce(p.weeks365, 0) AS weeks365,
           date_diff('day', p.first_day, DATE '{as_of}') + 1 AS age_days,
           date_diff('day', p.last_day, DATE '{as_of}') AS days_since,
           g.newest_age, g.oldest_item_age, g.inner_gap,
           coalesce(k.min_pw, {default_min_pw}) AS min_pw
    FROM accounts a
    LEFT JOIN per_account p ON p.institution = a.institution AND p.platform = a.platform
                           AND p.handle = a.handle
    LEFT JOIN recent_gaps g ON g.institution = a.institution AND g.platform = a.platform
                           AND g.handle = a.handle
    LEFT JOIN last_followers f ON f.institution = a.institution AND f.platform = a.platform
                              AND f.handle = a.handle
    LEFT JOIN kb_cadence k ON k.platform = a.platform
),
rated AS (
    SELECT *,
           CAST(items365 AS DOUBLE) * 7 / greatest(least(365, age_days), 28) AS rate365,
           CAST(items90 AS DOUBLE) * 7 / greatest(least({window}, age_days), 28) AS rate90,
           CAST(weeks365 AS DOUBLE)
               / least(52, greatest(4, ceil(CAST(age_days AS DOUBLE) / 7))) AS week_share365,
           least({window} - 1, age_days - 1) AS oldest_age,
           CAST({max_gap_intervals} AS DOUBLE) * 7 / min_pw AS max_gap_days
    FROM joined
),
gapped AS (
    SELECT *,
           CASE WHEN last_day IS NULL THEN NULL
                WHEN newest_age IS NULL THEN oldest_age
                ELSE greatest(newest_age, oldest_age - oldest_item_age, coalesce(inner_gap, 0)) END AS gap90
    FROM rated
)
SELECT institution, platform, handle, items365, items90,
       coalesce(rate365, 0) AS rate365, coalesce(rate90, 0) AS rate90,
       coalesce(week_share365, 0) AS week_share365, days_since, gap90, followers, min_pw,
       CASE WHEN last_day IS NULL OR days_since >= {ghost_days} THEN 'ghost'
            WHEN coalesce(rate90, 0) < {dormant_share} * min_pw THEN 'dormant'
            WHEN coalesce(rate90, 0) < min_pw OR gap90 > max_gap_days THEN 'irregular'
            ELSE 'active' END AS status
FROM gapped
ORDER BY institution, platform, handle
"""

PLATFORMS_SQL = """
SELECT platform, count(*) AS accounts, sum(CASE WHEN status = 'ghost' THEN 1 ELSE 0 END) AS ghosts,
       median(rate365) AS median_items_per_week, median(week_share365) AS median_active_week_share,
       median(followers) AS median_followers
FROM account_rows GROUP BY platform ORDER BY platform
"""

INSTITUTIONS_SQL = """
SELECT institution, max(institution_name) AS name FROM accounts GROUP BY institution ORDER BY institution
"""


@dataclass(frozen=True)
class Query:
    """The computation's SQL for one audit date, in the source dialect (DuckDB)."""

    accounts: str
    platforms: str
    institutions: str


def build_queries(kb: KnowledgeBase, as_of: date) -> Query:
    limits = thresholds(kb)
    cadence = ", ".join(f"('{slug}', CAST({float(m)!r} AS DOUBLE))" for slug, m, _ in _cadence_rows(kb))
    sql = ACCOUNTS_SQL.format(
        cadence=cadence or "('', CAST(0 AS DOUBLE))", as_of=as_of.isoformat(), window=int(limits.window_days),
        default_min_pw=f"CAST({float(limits.default_min_pw)!r} AS DOUBLE)",
        max_gap_intervals=float(limits.max_gap_intervals), ghost_days=float(limits.ghost_days),
        dormant_share=float(limits.dormant_share))
    return Query(sql, PLATFORMS_SQL, INSTITUTIONS_SQL)


def to_spark(sql: str) -> str:
    """The DuckDB-dialect SQL as Spark SQL (SQLGlot)."""
    import sqlglot

    return str(sqlglot.transpile(sql, read="duckdb", write="spark")[0])


def _empty_table(table: str) -> str:
    """SQL for an empty table with the dataset's columns (a table the export had no row for)."""
    columns = ", ".join(f"CAST(NULL AS {kind}) AS {name}" for name, kind in COLUMNS[table])
    return f"SELECT {columns} WHERE 1 = 0"


Rows = list[dict[str, Any]]
Runner = tuple[Callable[[str], Rows], Callable[[str, str], None], Callable[[], None]]   # run, keep, stop


def _duckdb_runner(folder: str) -> Runner:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = false")
    local = "://" not in folder
    for table in COLUMNS:
        pattern = f"{folder.rstrip('/')}/{table}/**/*.parquet"
        if local and not any(Path(folder, table).rglob("*.parquet")):
            con.execute(f"CREATE VIEW {table} AS {_empty_table(table)}")
        else:
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{pattern}',"
                        f" hive_partitioning = true, hive_types_autocast = false)")

    def run(sql: str) -> Rows:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def keep(name: str, sql: str) -> None:
        con.execute(f"CREATE TEMP TABLE {name} AS {sql}")

    return run, keep, con.close


def _spark_runner(folder: str, master: str | None) -> Runner:
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise InputError("The Spark engine needs PySpark, which is not installed.",
                         hint="Install it with: pip install 'chandelle[spark]' (and Java 17).") from exc
    builder = SparkSession.builder.appName("chandelle-observatory")
    if master or not _in_spark_submit():
        builder = builder.master(master or "local[2]")
    spark = (builder.config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", os.environ.get("CHANDELLE_SPARK_PARTITIONS", "8"))
             .config("spark.driver.extraJavaOptions", os.environ.get("CHANDELLE_SPARK_JAVA_OPTIONS", ""))
             .getOrCreate())
    local = "://" not in folder
    for table in COLUMNS:
        path = f"{folder.rstrip('/')}/{table}"
        if local and not any(Path(path).rglob("*.parquet")):
            spark.sql(to_spark(_empty_table(table))).createOrReplaceTempView(table)
        else:
            spark.read.option("basePath", path).parquet(path).createOrReplaceTempView(table)

    def run(sql: str) -> Rows:
        return [row.asDict() for row in spark.sql(to_spark(sql)).collect()]

    def keep(name: str, sql: str) -> None:
        spark.sql(to_spark(sql)).cache().createOrReplaceTempView(name)

    def stop() -> None:
        if not _in_spark_submit():
            spark.stop()

    return run, keep, stop


def _in_spark_submit() -> bool:
    return "SPARK_ENV_LOADED" in os.environ or "PYSPARK_GATEWAY_PORT" in os.environ


def run_dataset(folder: str, kb: KnowledgeBase, as_of: date, engine: str = "duckdb",
                master: str | None = None) -> dict[str, Any]:
    """The observatory's JSON for the dataset under ``folder`` (a local path or a URL Spark reads)."""
    if engine not in ENGINES:
        raise InputError("Unknown engine '{engine}'.", hint="Use --engine duckdb or --engine spark.",
                         engine=engine)
    if "://" not in folder and not Path(folder, "items").is_dir():
        raise InputError("{folder} is not a chandelle dataset (no items folder).",
                         hint="Write one with 'chandelle dataset export DIR'.", folder=folder)
    query = build_queries(kb, as_of)
    run, keep, stop = _duckdb_runner(folder) if engine == "duckdb" else _spark_runner(folder, master)
    try:
        keep("account_rows", query.accounts)
        accounts = run("SELECT * FROM account_rows ORDER BY institution, platform, handle")
        platforms = run(query.platforms)
        names = {r["institution"]: r["name"] for r in run(query.institutions)}
    finally:
        stop()
    return {"schema_version": SCHEMA_VERSION, "engine": engine, "as_of": as_of.isoformat(),
            "dataset": _dataset_facts(folder),
            "institutions": _institutions(accounts, names), "accounts": [_account(a) for a in accounts],
            "sector": {"platforms": [_platform(p) for p in platforms]}}


def _dataset_facts(folder: str) -> dict[str, Any]:
    manifest = read_manifest(folder)
    return {"folder": folder, "schema_version": manifest.get("schema_version"),
            "exported_at": manifest.get("exported_at"), "rows": manifest.get("rows")}


def _number(value: Any) -> float | int | None:
    """Integers as they are; any other number rounded to DIGITS decimals (engines differ in the last bits)."""
    if value is None or isinstance(value, int):
        return value
    return round(float(value), DIGITS)


def _account(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("institution", "platform", "handle", "status", "items365", "items90", "rate365", "rate90",
            "week_share365", "days_since", "gap90", "followers", "min_pw")
    return {k: (row[k] if isinstance(row[k], str) else _number(row[k])) for k in keys}


def _institutions(accounts: Sequence[dict[str, Any]], names: dict[str, Any]) -> list[dict[str, Any]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for a in accounts:
        grouped.setdefault(str(a["institution"]), []).append(a)
    found = []
    for slug, rows in sorted(grouped.items()):
        networks = sorted({str(r["platform"]) for r in rows})
        found.append({"institution": None if slug == NO_INSTITUTION else slug, "name": names.get(slug),
                      "networks": networks, "network_count": len(networks),
                      "status_counts": {s: sum(1 for r in rows if r["status"] == s) for s in STATUSES}})
    return found


def _platform(row: dict[str, Any]) -> dict[str, Any]:
    accounts, ghosts = int(row["accounts"]), int(row["ghosts"])
    return {"platform": row["platform"], "accounts": accounts, "ghosts": ghosts,
            "ghost_share": round(ghosts / accounts, DIGITS) if accounts else None,
            "median_items_per_week": _number(row["median_items_per_week"]),
            "median_active_week_share": _number(row["median_active_week_share"]),
            "median_followers": _number(row["median_followers"])}


def to_json(result: dict[str, Any]) -> str:
    return json.dumps(result, ensure_ascii=False, indent=2, default=str)


__all__ = ["ENGINES", "build_queries", "run_dataset", "to_spark"]
