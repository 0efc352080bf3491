"""The store: migrations, loading records, snapshots, thread unrolling, idempotence."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import duckdb
import pytest

from chandelle import store
from chandelle.errors import StoreBusyError, StoreError
from chandelle.importers.base import (
    AccountRecord,
    ExportInfo,
    FollowerRecord,
    ItemRecord,
    Record,
    Skip,
)
from chandelle.queries import accounts_overview
from chandelle.store.load import load


def _at(day: int, minute: int = 0) -> datetime:
    return datetime(2024, 1, day, 10, minute, tzinfo=UTC)


def _thread_records(exported: datetime) -> Iterator[Record]:
    yield ExportInfo(exported)
    yield AccountRecord("x", "musee", "Musée des Beaux-Arts")
    yield ItemRecord("x", "1", "musee", _at(1), "text", text="Un fil 🧵 « trois parties »",
                     metrics={"likes": 3})
    yield ItemRecord("x", "3", "musee", _at(1, 6), "text", reply_to_id="2")
    yield ItemRecord("x", "2", "musee", _at(1, 5), "text", reply_to_id="1", metrics={"likes": 1})
    yield ItemRecord("x", "4", "musee", _at(2), "text", kind="repost")
    yield ItemRecord("x", "5", "musee", _at(3), "photo", kind="reply_to_other")
    yield ItemRecord("x", "6", "musee", _at(4), "photo", reply_to_id="999")  # parent not exported
    yield Skip("no timestamp", "item 7")
    yield FollowerRecord("x", "musee", date(2024, 1, 3), 100)


def _load(con: duckdb.DuckDBPyConnection, records: Iterator[Record], sha: str = "a") -> object:
    return load(con, records, file_name="tweets.js", sha256=sha, importer="x", platform="x",
                fallback_exported_at=datetime(2024, 2, 1, tzinfo=UTC))


def test_a_self_reply_chain_is_one_content_item_with_parts_in_order(con: duckdb.DuckDBPyConnection) -> None:
    _load(con, _thread_records(datetime(2024, 2, 1, tzinfo=UTC)))
    parts = con.execute("SELECT item_id, thread_id, part_index, parts FROM items "
                        "WHERE thread_id IS NOT NULL ORDER BY thread_id, part_index").fetchall()
    # Item 6 answers a post of the account that the export lacks: a reply chain whose missing
    # root holds place 1, so 6 is not content.
    assert parts == [("1", "1", 1, 3), ("2", "1", 2, 3), ("3", "1", 3, 3), ("6", "999", 2, 2)]
    overview = accounts_overview(con)
    assert overview == [{
        "platform": "x", "handle": "musee", "items": 1, "reposts": 1, "replies_to_others": 2,
        "first_item_at": "2024-01-01T10:00:00Z", "last_item_at": "2024-01-01T10:00:00Z",
    }]


def _reply_chain(exported: datetime) -> Iterator[Record]:
    """The account answers someone (10), then goes on under its own reply (11, 12)."""
    yield ExportInfo(exported)
    yield AccountRecord("x", "musee")
    yield ItemRecord("x", "10", "musee", _at(5), "text", kind="reply_to_other")
    yield ItemRecord("x", "11", "musee", _at(5, 1), "text", reply_to_id="10")
    yield ItemRecord("x", "12", "musee", _at(5, 2), "text", reply_to_id="11")


def _content(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("SELECT item_id FROM content_items ORDER BY item_id").fetchall()]


def test_a_chain_rooted_in_a_reply_to_someone_else_is_no_content(con: duckdb.DuckDBPyConnection) -> None:
    _load(con, _reply_chain(datetime(2024, 2, 1, tzinfo=UTC)))
    assert _content(con) == []
    assert accounts_overview(con)[0]["replies_to_others"] == 3


def test_a_missing_root_arriving_later_turns_the_chain_into_a_thread(
        con: duckdb.DuckDBPyConnection) -> None:
    later = [ItemRecord("x", "21", "musee", _at(6, 1), "text", reply_to_id="20")]
    _load(con, iter([AccountRecord("x", "musee"), *later]), sha="first")
    assert _content(con) == []
    root = ItemRecord("x", "20", "musee", _at(6), "text")
    _load(con, iter([AccountRecord("x", "musee"), root, *later]), sha="second")
    assert _content(con) == ["20"]
    assert con.execute("SELECT item_id, thread_id, part_index, parts FROM items ORDER BY item_id"
                       ).fetchall() == [("20", "20", 1, 2), ("21", "20", 2, 2)]


def test_loading_the_same_records_again_changes_nothing(con: duckdb.DuckDBPyConnection) -> None:
    _load(con, _thread_records(datetime(2024, 2, 1, tzinfo=UTC)))
    query = "SELECT * EXCLUDE (last_run_id) FROM items ORDER BY item_id"
    before = con.execute(query).fetchall()
    summary = _load(con, _thread_records(datetime(2024, 2, 1, tzinfo=UTC)), sha="b")
    assert (summary.added, summary.updated, summary.unchanged) == (0, 0, 6)  # type: ignore[attr-defined]
    assert con.execute(query).fetchall() == before
    assert con.execute("SELECT count(*) FROM metric_snapshots").fetchone() == (2,)


def test_text_is_stored_exactly(con: duckdb.DuckDBPyConnection) -> None:
    text = "Vénus\u0301 « au miroir » 🪞👩🏽‍🎨 — fin"
    _load(con, iter([ItemRecord("x", "9", "musee", _at(5), "text", text=text)]))
    assert con.execute("SELECT text FROM items WHERE item_id = '9'").fetchone() == (text,)


def test_metric_snapshots_keep_history_and_newest_export_wins(con: duckdb.DuckDBPyConnection) -> None:
    def export(when: datetime, likes: int) -> Iterator[Record]:
        yield ExportInfo(when)
        yield ItemRecord("instagram", "p1", "musee", _at(1), "photo", metrics={"likes": likes})

    _load(con, export(datetime(2024, 3, 1, tzinfo=UTC), 10), sha="march")
    _load(con, export(datetime(2024, 1, 15, tzinfo=UTC), 4), sha="january")
    assert con.execute("SELECT count(*) FROM metric_snapshots").fetchone() == (2,)
    assert con.execute("SELECT value FROM item_metrics_current").fetchone() == (10.0,)


def test_a_missing_metric_is_null_not_zero(con: duckdb.DuckDBPyConnection) -> None:
    _load(con, iter([ItemRecord("x", "1", "musee", _at(1), "text", metrics={"likes": 0})]))
    rows = con.execute("SELECT metric, value FROM item_metrics_current").fetchall()
    assert rows == [("likes", 0.0)]  # shares, views... absent: NULL when pivoted


def test_a_store_from_a_newer_chandelle_is_refused(tmp_path: pytest.TempPathFactory) -> None:
    path = f"{tmp_path}/future.duckdb"
    con = store.connect(path)
    con.execute("INSERT INTO schema_migrations VALUES (999, 'future', now())")
    con.close()
    with pytest.raises(StoreError, match="newer"):
        store.connect(path)


def test_a_store_locked_by_another_process_says_busy(tmp_path: pytest.TempPathFactory) -> None:
    import subprocess
    import sys
    import time

    path = f"{tmp_path}/busy.duckdb"
    store.connect(path).close()
    holder = subprocess.Popen([sys.executable, "-c",
                               f"import duckdb,time; c=duckdb.connect({path!r}); print('ok', flush=True); "
                               "time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        with pytest.raises(StoreBusyError) as caught:
            store.connect(path)
        assert "autre processus" in caught.value.render("fr")
    finally:
        holder.kill()
        holder.wait()
        time.sleep(0.1)


def test_replies_in_a_loop_are_never_content(con: duckdb.DuckDBPyConnection) -> None:
    looped = [ItemRecord("x", "30", "musee", _at(7), "text", reply_to_id="31"),
              ItemRecord("x", "31", "musee", _at(7, 1), "text", reply_to_id="30")]
    _load(con, iter([AccountRecord("x", "musee"), *looped, ItemRecord("x", "32", "musee", _at(8), "text")]))
    assert _content(con) == ["32"]
