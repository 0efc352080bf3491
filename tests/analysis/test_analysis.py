"""One analysis: the store audited once, the plan solved once per request, alternatives on demand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from chandelle import store
from chandelle.analysis import (
    WHAT_IF_DELTAS,
    Institution,
    PlanRequest,
    analyse,
    compute,
    file_version,
    latest_items,
    store_version,
)
from chandelle.profile import default_profile

AS_OF = date(2026, 11, 24)


@pytest.fixture(scope="module")
def demo_con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    from chandelle.demo import DEMO_HANDLE, write_exports
    from chandelle.ingest import import_paths

    con = store.connect(":memory:")
    import_paths(con, write_exports(tmp_path_factory.mktemp("demo"), AS_OF), hints={"handle": DEMO_HANDLE})
    yield con
    con.close()


def test_the_plan_starts_from_the_audit_of_the_same_day(demo_con: duckdb.DuckDBPyConnection) -> None:
    analysis = analyse(demo_con, Institution.of(None), PlanRequest(AS_OF, hours=9.0))
    assert analysis.audit.as_of == analysis.plan.as_of == AS_OF
    assert analysis.plan.capacity_hours_per_week == 9.0
    audited = {a.platform for a in analysis.audit.accounts}
    present = {n.platform for n in analysis.plan.networks if n.current_status is not None}
    assert present == audited and len(audited) == 6


def test_alternatives_are_solved_once_on_first_use(demo_con: duckdb.DuckDBPyConnection,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    analysis = analyse(demo_con, Institution.of(default_profile()), PlanRequest(AS_OF, hours=6.0))
    solved: list[float | None] = []
    real = compute.make_plan

    def counted(*args: Any, **kwargs: Any) -> Any:
        solved.append(args[3].hours)
        return real(*args, **kwargs)

    monkeypatch.setattr(compute, "make_plan", counted)
    first = analysis.alternatives
    assert analysis.alternatives is first
    assert solved == [2.0, 4.0, 8.0, 10.0]                     # 6 h + each of WHAT_IF_DELTAS
    assert [p.capacity_hours_per_week for p in first] == [6.0 + d for d in WHAT_IF_DELTAS]


def test_no_alternative_below_zero_hours(demo_con: duckdb.DuckDBPyConnection) -> None:
    analysis = analyse(demo_con, Institution.of(None), PlanRequest(AS_OF, hours=3.0))
    assert [p.capacity_hours_per_week for p in analysis.alternatives] == [1.0, 5.0, 7.0]


def test_latest_items_are_the_last_before_the_end_of_the_day(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("INSERT INTO accounts (account_id, platform, handle) VALUES (1, 'mastodon', '@m')")
    con.executemany(
        "INSERT INTO items (platform, item_id, account_id, published_at, format, kind, text) "
        "VALUES ('mastodon', ?, 1, ?, 'text', 'original', ?)",
        [("a", "2026-11-24 22:59:00", "le soir même"), ("b", "2026-11-25 08:00:00", "le lendemain"),
         ("c", "2026-11-20 10:00:00", "x" * 400)])
    (item,) = latest_items(con, AS_OF).values()
    assert item.text == "le soir même"
    assert item.published_at.hour == 23                            # 22:59 UTC is 23:59 in Paris
    older = latest_items(con, date(2026, 11, 21))[("mastodon", "@m")]
    assert len(older.text) == 160 and older.text.endswith("…")


def test_the_store_version_changes_with_an_import(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    assert store_version(db) == ((0, 0), (0, 0)) and file_version(db) == (0, 0)
    con = store.connect(db)
    before = store_version(db)
    con.execute("INSERT INTO accounts (platform, handle) VALUES ('x', '@a')")
    con.execute("CHECKPOINT")
    con.close()
    assert store_version(db) != before
