"""The import-time rollup (store/rollup.py) gives the audit exactly what the per-item SQL gives.

Random stores: accounts on several platforms, items at random minutes over four years (many of
them 22:00–22:59 UTC, where the Paris day depends on summer time), random formats, reposts and
thread parts; random audit dates and recent windows. The oracle is the per-item SQL the audit
used before the rollup (``use_rollup=False``), which tests/audit/test_sql.py and the status tests
check on their own.
"""

from __future__ import annotations

import random
from dataclasses import asdict
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chandelle import store
from chandelle.audit import run_audit, sql
from chandelle.audit.build import thresholds
from chandelle.ingest import import_paths
from chandelle.kb import load_kb
from chandelle.store import rollup

FORMATS = ("photo", "carousel", "video", "reel", "text", "link", "story")
FEATURES = ("alt_text", "collab", "quote", "guide")
PLATFORMS = ("instagram", "facebook", "x", "linkedin")
START = datetime(2023, 1, 1)


def _random_store(seed: int) -> duckdb.DuckDBPyConnection:
    rng = random.Random(seed)
    con = store.connect(":memory:")
    rows = []
    for account in range(rng.randint(1, 6)):
        platform = rng.choice(PLATFORMS)
        con.execute("INSERT INTO accounts (platform, handle) VALUES (?, ?)", [platform, f"a{account}"])
        account_id = con.execute("SELECT max(account_id) FROM accounts").fetchall()[0][0]
        for n in range(rng.choice((0, 3, 40, 400))):
            minute = rng.randrange(4 * 365 * 1440)
            if rng.random() < 0.3:   # around 22:00 UTC, where summer time moves the Paris day
                minute = minute // 1440 * 1440 + 22 * 60 + rng.randrange(-30, 90)
            kind = "repost" if rng.random() < 0.1 else "original"
            part = 2 if rng.random() < 0.1 else 1
            features = rng.sample(FEATURES, rng.randint(1, 2)) if rng.random() < 0.15 else None
            rows.append((platform, f"{account}-{n}", account_id, START + timedelta(minutes=minute),
                         rng.choice(FORMATS), kind, part, features))
    if rows:
        names = ("platform", "item_id", "account_id", "published_at", "format", "kind", "part_index",
                 "features")
        staged = pa.table(dict(zip(names, map(list, zip(*rows, strict=True)), strict=True)))
        con.register("staged", staged)
        con.execute("INSERT INTO items (platform, item_id, account_id, published_at, format, kind,"
                    " part_index, features) SELECT * FROM staged")
        con.unregister("staged")
    return con


WINDOWS = st.sampled_from((28, 56, 90, 365))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), as_of_day=st.integers(0, 5 * 365), window=WINDOWS)
def test_account_stats_from_the_rollup_equal_the_per_item_sql(seed: int, as_of_day: int, window: int) -> None:
    con = _random_store(seed)
    rollup.refresh(con)
    kb = load_kb({"rules": {"window_days": window}})
    as_of = date(2023, 1, 1) + timedelta(days=as_of_day)
    args = (con, as_of, thresholds(kb), [("instagram", 2.0, 0.5), ("x", 3.0, 0.25)])
    by_rollup, by_items = (sql.account_stats(*args, use_rollup=use) for use in (True, False))
    assert by_rollup == by_items
    ordered = ("months", "mix365", "mix90")      # the order matters too: the main format comes first
    assert [[list(row[k].items()) for k in ordered] for row in by_rollup] == [
        [list(row[k].items()) for k in ordered] for row in by_items]
    con.close()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), as_of_day=st.integers(0, 5 * 365), window=WINDOWS)
def test_the_whole_audit_from_the_rollup_equals_the_per_item_audit(seed: int, as_of_day: int,
                                                                   window: int) -> None:
    con = _random_store(seed)
    rollup.refresh(con)
    kb = load_kb({"rules": {"window_days": window}})
    as_of = date(2023, 1, 1) + timedelta(days=as_of_day)
    by_rollup = run_audit(con, None, kb, as_of, use_rollup=True).to_json("en")
    assert by_rollup == run_audit(con, None, kb, as_of, use_rollup=False).to_json("en")
    con.close()


def test_the_audit_reads_the_rollup_only_while_it_is_current() -> None:
    con = _random_store(7)
    kb, as_of = load_kb(), date(2026, 6, 30)
    assert not rollup.is_current(con)           # items inserted by hand: the per-item SQL answers
    by_items = asdict(run_audit(con, None, kb, as_of))
    rollup.refresh(con)
    assert rollup.is_current(con)
    assert asdict(run_audit(con, None, kb, as_of)) == by_items
    con.execute("INSERT INTO items (platform, item_id, account_id, published_at, format, kind) "
                "SELECT platform, 'late', account_id, TIMESTAMP '2026-06-29 10:00', 'photo', 'original' "
                "FROM accounts LIMIT 1")
    assert not rollup.is_current(con)
    con.close()


def _export(path: Path, rows: list[str]) -> Path:
    header = "platform,account,published_at,id,format,type"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_imports_keep_the_rollup_of_the_touched_accounts(tmp_path: Path) -> None:
    con = store.connect(":memory:")
    first = [f"instagram,musee,2026-0{m}-1{d}T21:30:00Z,i{m}{d},photo,original"
             for m in (3, 4) for d in range(5)]
    other = "x,autre,2026-01-02T10:00:00Z,x1,text,original"
    import_paths(con, [_export(tmp_path / "one.csv", [*first, other])])
    assert rollup.is_current(con)
    later = ["instagram,musee,2026-05-01T22:30:00Z,i51,video,original",      # 2 May in Paris
             "instagram,musee,2026-05-02T10:00:00Z,i52,video,repost"]        # not a content item
    import_paths(con, [_export(tmp_path / "two.csv", later)])
    assert rollup.is_current(con)
    incremental = con.execute("SELECT * FROM item_day_formats ORDER BY ALL").fetchall()
    rollup.refresh(con)
    assert con.execute("SELECT * FROM item_day_formats ORDER BY ALL").fetchall() == incremental
    assert (date(2026, 5, 2), "video", 1) in [(d, f, n) for _, d, f, n in incremental]
    assert con.execute("SELECT sum(items) FROM item_days").fetchall()[0][0] == 12
    con.close()


def test_migration_3_fills_the_new_rollup_tables_of_an_existing_store(tmp_path: Path) -> None:
    from chandelle.store.schema import MIGRATIONS

    path = tmp_path / "v2.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR,"
                " applied_at TIMESTAMP)")
    for version, name, migration in MIGRATIONS[:2]:
        if version == 2:      # items stored before the rollup existed, with feature tags
            con.execute("INSERT INTO accounts (platform, handle) VALUES ('instagram', 'musee')")
            con.execute("""
                INSERT INTO items (platform, item_id, account_id, published_at, format, kind, features)
                SELECT 'instagram', 'i' || n, 1, TIMESTAMP '2026-01-01 22:30' + INTERVAL 37 HOUR * n,
                       CASE WHEN n % 3 = 0 THEN 'reel' ELSE 'photo' END, 'original',
                       CASE WHEN n % 4 = 0 THEN ['collab'] END
                FROM range(400) t(n)
            """)
        con.execute(migration)
        con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [version, name])
    con.close()
    con = store.connect(path)                   # applies migration 3
    assert rollup.is_current(con)
    tables = ("item_days", "item_months", "item_month_formats", "item_day_features", "item_month_features")
    migrated = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}
    assert all(migrated.values())
    rollup.refresh(con)
    assert {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables} == migrated
    kb, as_of = load_kb(), date(2026, 3, 15)
    assert run_audit(con, None, kb, as_of).to_json("en") == run_audit(con, None, kb, as_of,
                                                                     use_rollup=False).to_json("en")
    con.close()
