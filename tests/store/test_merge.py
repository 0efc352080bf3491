"""Merging batch by batch: exact counts, last occurrence wins, no field erased, metrics-only sources."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import duckdb
import pyarrow as pa
import pytest

from chandelle.importers.base import (
    ITEM_BATCH_SCHEMA,
    METRIC_BATCH_SCHEMA,
    AccountRecord,
    ExportInfo,
    ItemBatch,
    ItemRecord,
    Record,
)
from chandelle.store import load as load_module
from chandelle.store.load import LoadSummary, load

ITEMS = "SELECT * EXCLUDE (first_run_id, last_run_id) FROM items ORDER BY item_id"
SNAPSHOTS = "SELECT platform, item_id, metric, exported_at, value FROM metric_snapshots ORDER BY ALL"


def _at(day: int) -> datetime:
    return datetime(2024, 1, day, 10, tzinfo=UTC)


def _item(item_id: str, day: int = 1, **fields: object) -> ItemRecord:
    return ItemRecord("x", item_id, "musee", _at(day), str(fields.pop("format", "text")), **fields)  # type: ignore[arg-type]


def _load(con: duckdb.DuckDBPyConnection, records: Iterable[Record], sha: str, *,
          metrics_only: bool = False) -> LoadSummary:
    return load(con, records, file_name=f"{sha}.js", sha256=sha, importer="x", platform="x",
                fallback_exported_at=datetime(2024, 2, 1, tzinfo=UTC), metrics_only=metrics_only)


def _counts(summary: LoadSummary) -> tuple[int, int, int]:
    return summary.added, summary.updated, summary.unchanged


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load_module, "BATCH_SIZE", 2)


@pytest.mark.usefixtures("small_batches")
def test_counts_are_against_the_store_before_the_file_across_batches(con: duckdb.DuckDBPyConnection) -> None:
    _load(con, [_item("a", text="avant"), _item("b", text="b")], "first")
    summary = _load(con, [
        _item("a", text="pendant"), _item("n", text="n1"),        # batch 1: a changes, n is new
        _item("n", text="n2"), _item("b", text="b"),              # batch 2: n again, b unchanged
        _item("a", text="avant"), _item("m"),                     # batch 3: a back as it was
    ], "second")
    assert _counts(summary) == (2, 0, 2)
    assert con.execute("SELECT item_id, text FROM items ORDER BY item_id").fetchall() == [
        ("a", "avant"), ("b", "b"), ("m", None), ("n", "n2")]
    assert con.execute("SELECT items_added, items_updated, items_unchanged FROM import_runs "
                       "WHERE sha256 = 'second'").fetchall() == [(2, 0, 2)]
    third = _load(con, [_item("a", text="après"), _item("z"), _item("a", text="encore")], "third")
    assert _counts(third) == (1, 1, 0)


def test_small_batches_give_the_same_store_as_one_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    from chandelle import store

    def records() -> list[Record]:
        return [ExportInfo(_at(20)), AccountRecord("x", "musee", "Musée"),
                *[_item(str(n), n % 9 + 1, text=f"t{n}", reply_to_id=str(n - 1) if n % 3 else None,
                        metrics={"likes": n, "reposts": 1}) for n in range(1, 12)],
                _item("4", 5, text="dernier", metrics={"likes": 99})]

    results = []
    for size in (2, 3, 1000):
        monkeypatch.setattr(load_module, "BATCH_SIZE", size)
        con = store.connect(":memory:")
        summary = _load(con, records(), "one")
        again = _load(con, records(), "two")
        results.append((con.execute(ITEMS).fetchall(), con.execute(SNAPSHOTS).fetchall(),
                        _counts(summary), _counts(again)))
        con.close()
    assert results[0] == results[1] == results[2]
    assert results[0][2] == (11, 0, 0) and results[0][3] == (0, 0, 11)
    assert ("4", 99.0) in [(r[1], r[4]) for r in results[0][1] if r[2] == "likes"]


def _batch(rows: list[ItemRecord]) -> ItemBatch:
    items = pa.table({
        "platform": [r.platform for r in rows], "item_id": [r.item_id for r in rows],
        "handle": [r.account for r in rows],
        "published_at": [r.published_at.replace(tzinfo=None) for r in rows],
        "format": [r.format for r in rows], "kind": [r.kind for r in rows], "text": [r.text for r in rows],
        "url": [r.url for r in rows], "duration_s": [r.duration_s for r in rows],
        "media_count": [r.media_count for r in rows], "reply_to_id": [r.reply_to_id for r in rows],
        "features": [list(r.features) for r in rows],
    }, schema=ITEM_BATCH_SCHEMA)
    metric_rows = [(r.platform, r.item_id, m, float(v)) for r in rows for m, v in r.metrics.items()]
    columns = {name: [row[i] for row in metric_rows] for i, name in enumerate(METRIC_BATCH_SCHEMA.names)}
    metrics = pa.table(columns, schema=METRIC_BATCH_SCHEMA)
    return ItemBatch(items, metrics)


def test_item_batches_load_like_item_records(con: duckdb.DuckDBPyConnection) -> None:
    from chandelle import store

    rows = [_item("1", text="Un fil 🧵", metrics={"likes": 3}, features=("alt_text",)),
            _item("2", 2, reply_to_id="1", duration_s=1.5, media_count=1, format="video"),
            _item("3", 3, kind="repost")]
    by_records = _load(con, [AccountRecord("x", "musee"), *rows], "records")
    other = store.connect(":memory:")
    by_batch = _load(other, [AccountRecord("x", "musee"), _batch(rows[:2]), rows[2]], "batch")
    assert _counts(by_records) == _counts(by_batch) == (3, 0, 0)
    assert con.execute(ITEMS).fetchall() == other.execute(ITEMS).fetchall()
    assert con.execute(SNAPSHOTS).fetchall() == other.execute(SNAPSHOTS).fetchall()
    assert other.execute("SELECT thread_id, parts FROM items WHERE item_id = '2'").fetchone() == ("1", 2)
    assert list(_batch(rows).records()) == rows
    with pytest.raises(TypeError):
        ItemBatch(pa.table({"item_id": ["1"]}), _batch(rows).metrics)


def test_an_export_that_lacks_a_field_does_not_erase_it(con: duckdb.DuckDBPyConnection) -> None:
    _load(con, [_item("1", text="texte", url="https://x.com/m/status/1", duration_s=12.0, media_count=1,
                      reply_to_id="0", features=("alt_text",), format="video")], "rich")
    summary = _load(con, [_item("1", 2, format="photo", kind="reply_to_other")], "poor")
    assert _counts(summary) == (0, 1, 0)
    row = con.execute("SELECT published_at, format, kind, text, url, duration_s, media_count, reply_to_id, "
                      "features FROM items").fetchone()
    assert row == (datetime(2024, 1, 2, 10), "photo", "reply_to_other", "texte", "https://x.com/m/status/1",
                   12.0, 1, "0", ["alt_text"])
    again = _load(con, [_item("1", 2, format="photo", kind="reply_to_other")], "poor again")
    assert _counts(again) == (0, 0, 1)


def test_a_metrics_only_source_adds_items_and_snapshots_but_never_overwrites(
    con: duckdb.DuckDBPyConnection,
) -> None:
    archive: list[Record] = [ExportInfo(_at(20)),
                             _item("1", text="archive", format="video", metrics={"likes": 5})]
    _load(con, archive, "archive")
    before = con.execute(ITEMS).fetchall()
    summary = _load(con, [_item("1", 3, text="csv", format="link", metrics={"likes": 7, "impressions": 90}),
                          _item("2", 4, text="seulement dans le CSV")], "csv", metrics_only=True)
    assert _counts(summary) == (1, 0, 1)
    assert con.execute(ITEMS).fetchall()[0] == before[0]
    assert con.execute("SELECT text FROM items WHERE item_id = '2'").fetchone() == ("seulement dans le CSV",)
    current = "SELECT metric, value FROM item_metrics_current WHERE item_id = '1' ORDER BY 1"
    assert con.execute(current).fetchall() == [("impressions", 90.0), ("likes", 7.0)]


def test_an_export_date_given_after_merged_batches_dates_every_snapshot(
    con: duckdb.DuckDBPyConnection, small_batches: None
) -> None:
    _load(con, [_item(str(n), metrics={"likes": n}) for n in range(1, 6)] + [ExportInfo(_at(25))], "late")
    dates = con.execute("SELECT DISTINCT exported_at FROM metric_snapshots").fetchall()
    assert dates == [(datetime(2024, 1, 25, 10),)]
    assert con.execute("SELECT exported_at FROM import_runs").fetchall() == [(datetime(2024, 1, 25, 10),)]
    assert con.execute("SELECT count(*) FROM metric_snapshots").fetchone() == (5,)
