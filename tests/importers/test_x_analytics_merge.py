"""The X analytics CSV only adds metrics: archive then CSV and CSV then archive give the same items."""

from __future__ import annotations

from pathlib import Path

from chandelle import store
from chandelle.importers import x
from chandelle.importers.source import iter_sources
from chandelle.ingest import import_paths

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "x"
MARCH = FIXTURES / "archive_2024-03"
ANALYTICS = FIXTURES / "tweet_activity_metrics_museedelachandelle_20240101_20240301_fr.csv"
THREAD_ROW = ('"1750000000000000003","https://twitter.com/museedelachandelle/status/1750000000000000003",'
              '"@museedelachandelle Au XVIIe siècle, le suif coûte cher… (2/3)","2024-01-10 14:05 +0000",'
              '"80.0","4.0","0.05","0.0","0.0","2.0"')


def _csv_with_a_thread_part(tmp_path: Path) -> Path:
    target = tmp_path / ANALYTICS.name
    target.write_text(ANALYTICS.read_text(encoding="utf-8").rstrip("\n") + "\n" + THREAD_ROW + "\n",
                      encoding="utf-8")
    return target


def _store_after(*paths: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[int]]:
    con = store.connect(":memory:")
    added = [import_paths(con, [path]).added for path in paths]
    items = con.execute("SELECT * EXCLUDE (first_run_id, last_run_id) FROM items ORDER BY item_id").fetchall()
    metrics = con.execute("SELECT item_id, metric, value FROM item_metrics_current ORDER BY ALL").fetchall()
    con.close()
    return items, metrics, added


def test_the_analytics_csv_is_metrics_only_and_the_archive_is_not() -> None:
    (csv,) = iter_sources([ANALYTICS])
    tweets = next(s for s in iter_sources([MARCH]) if s.basename == "tweets.js")
    assert x.metrics_only(csv) and not x.metrics_only(tweets)


def test_archive_then_csv_and_csv_then_archive_give_the_same_items(tmp_path: Path) -> None:
    csv = _csv_with_a_thread_part(tmp_path)
    archive_first, metrics_a, added_a = _store_after(MARCH, csv)
    csv_first, metrics_b, added_b = _store_after(csv, MARCH)
    assert archive_first == csv_first
    assert metrics_a == metrics_b
    assert sum(added_a) == sum(added_b) == len(archive_first)
    by_id = {row[1]: row for row in archive_first}
    text = str(by_id["1750000000000000001"][6])
    assert text.endswith("Cafe\u0301 offert https://t.co/AbCdEf1234")              # the archive's text wins
    thread = sorted((row[12], row[1]) for row in archive_first if row[11] == "1750000000000000002")
    assert thread == [(1, "1750000000000000002"), (2, "1750000000000000003"), (3, "1750000000000000004")]
    assert ("1750000000000000003", "impressions", 80.0) in metrics_a                # the CSV's metrics stay
    assert "1760000000000000003" in by_id                                           # only in the CSV: added
