"""Meta Business Suite CSVs and Instagram past insights only add figures: both import orders agree."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from chandelle import store
from chandelle.importers import facebook, instagram
from chandelle.importers.source import iter_sources
from chandelle.ingest import import_paths

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ARCHIVE = FIXTURES / "instagram" / "instagram-musee.lumiere-2025-03-02-Xy12Ab"
INSIGHTS = ARCHIVE / "logged_information" / "past_instagram_insights" / "posts.json"
POSTS_CSV = FIXTURES / "instagram" / "Jan-01-2025_Mar-01-2025_17841400000000001_posts_en.csv"
STORIES_CSV = FIXTURES / "instagram" / "Feb-01-2025_Feb-28-2025_17841400000000001_stories_en.csv"
FB_DYI = FIXTURES / "facebook" / "facebook-museelumiere-2025-03-02-Ab12"
FB_CSV = FIXTURES / "facebook" / "Aug-01-2025_Aug-31-2025_1039829308656930.csv"

Rows = list[tuple[object, ...]]


def _store_after(*paths: Path, hints: dict[str, str] | None = None) -> tuple[Rows, Rows, list[int]]:
    con = store.connect(":memory:")
    added = [import_paths(con, [path], hints=hints).added for path in paths]
    items = con.execute("SELECT * EXCLUDE (first_run_id, last_run_id, account_id) FROM items "
                        "ORDER BY platform, item_id").fetchall()
    metrics = con.execute("SELECT item_id, metric, value FROM item_metrics_current ORDER BY ALL").fetchall()
    con.close()
    return items, metrics, added


def test_the_csvs_and_past_insights_are_metrics_only_and_the_data_download_is_not() -> None:
    sources = {s.basename: s for s in iter_sources([ARCHIVE])}
    assert instagram.metrics_only(sources["posts.json"])
    for name in ("posts_1.json", "reels.json", "stories.json"):
        assert not instagram.metrics_only(sources[name])
    for csv in (POSTS_CSV, STORIES_CSV):
        assert instagram.metrics_only(next(iter(iter_sources([csv]))))
    assert facebook.metrics_only(next(iter(iter_sources([FB_CSV]))))
    dyi = [s for s in iter_sources([FB_DYI]) if s.basename.startswith("your_posts")]
    assert dyi and not any(facebook.metrics_only(s) for s in dyi)


@pytest.mark.parametrize("csv", [POSTS_CSV, STORIES_CSV], ids=lambda p: p.name[-11:])
def test_instagram_download_then_csv_and_csv_then_download_give_the_same_items(csv: Path) -> None:
    download_first, metrics_a, added_a = _store_after(ARCHIVE, csv)
    csv_first, metrics_b, added_b = _store_after(csv, ARCHIVE)
    assert download_first == csv_first
    assert metrics_a == metrics_b
    assert sum(added_a) == sum(added_b) == len(download_first)


def test_the_csv_never_overwrites_the_download_but_fills_the_permalink() -> None:
    items, metrics, _ = _store_after(POSTS_CSV, ARCHIVE)
    alone, _, added = _store_after(POSTS_CSV)
    by_id = {row[1]: row for row in items}
    nocturne = by_id["18051234567890001"]
    # (platform, item_id, published_at, format, kind, text, url, duration_s, media_count, ...)
    assert nocturne[2] == datetime(2025, 1, 9, 17, 2, 12)            # the download's second, not 17:02
    assert nocturne[6] == "https://www.instagram.com/p/DEaaaaaaaaa/"     # only the CSV has a permalink
    assert nocturne[8] == 1                                            # the download's media count
    carousel = by_id["18061234567890011"]
    assert carousel[3] == "carousel" and carousel[8] == 3
    assert ("18051234567890001", "views", 1532.0) in metrics
    csv_alone = {row[1]: row for row in alone}
    assert added[0] == len(alone) > 0 and csv_alone["18051234567890001"][2] == datetime(2025, 1, 9, 17, 2)


def test_past_insights_alone_still_insert_their_items_and_never_change_the_posts() -> None:
    insights_alone, metrics_alone, added = _store_after(INSIGHTS)
    assert added[0] == len(insights_alone) > 0 and metrics_alone
    with_posts, _, _ = _store_after(ARCHIVE)
    insights_then_archive, _, _ = _store_after(INSIGHTS, ARCHIVE)
    assert insights_then_archive == with_posts


def test_facebook_download_then_csv_and_csv_then_download_give_the_same_items() -> None:
    hints = {"handle": "museelumiere"}
    download_first, metrics_a, added_a = _store_after(FB_DYI, FB_CSV, hints=hints)
    csv_first, metrics_b, added_b = _store_after(FB_CSV, FB_DYI, hints=hints)
    assert download_first == csv_first and metrics_a == metrics_b
    assert sum(added_a) == sum(added_b) == len(download_first) > 0
