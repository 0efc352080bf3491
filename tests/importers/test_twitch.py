"""Twitch importer: channel analytics per day and per stream session."""

from __future__ import annotations

from datetime import UTC, date, datetime

import duckdb
import pytest
from _video_store import FIXTURES, dump, read_file

from chandelle.errors import MalformedFileError
from chandelle.importers import twitch
from chandelle.importers.base import DailyMetricRecord, ItemRecord, Warning_
from chandelle.ingest import import_paths

HERE = FIXTURES / "twitch"


def test_daily_export_gives_account_metrics_and_one_live_item_per_streamed_day() -> None:
    records = read_file(HERE / "Channel analytics en.csv", twitch, {"handle": "museedesbeauxarts"})
    lives = [r for r in records if isinstance(r, ItemRecord)]
    assert [(i.item_id, i.format, i.duration_s) for i in lives] == [
        ("day:2026-09-03", "live", 95 * 60), ("day:2026-09-04", "live", 120 * 60)]
    assert lives[0].url == "https://www.twitch.tv/museedesbeauxarts"
    assert lives[0].metrics == {"average_viewers": 14.5, "peak_viewers": 23, "views": 61,
                                "chat_messages": 152, "hours_watched": pytest.approx(1378 / 60, abs=1e-3)}
    days = {(r.day, r.metric): r.value for r in records if isinstance(r, DailyMetricRecord)}
    assert days[(date(2026, 9, 2), "followers_gained")] == 2  # follows on a day without a stream
    assert days[(date(2026, 9, 4), "average_viewers")] == 11
    metrics = {r.metric for r in records if isinstance(r, DailyMetricRecord)}
    assert not any("revenue" in m or "subs" in m for m in metrics)
    assert "24.99" not in repr(records)  # revenue columns are never read


def test_french_headers_and_a_blank_metric() -> None:
    records = read_file(HERE / "Analyses de la chaine fr.csv", twitch)
    assert any(isinstance(r, Warning_) and r.params.get("handle") == "unnamed" for r in records)
    days = {(r.day, r.metric): r.value for r in records if isinstance(r, DailyMetricRecord)}
    assert days[(date(2026, 9, 5), "hours_watched")] == 13.5
    assert (date(2026, 9, 5), "chat_messages") not in days  # blank: unknown


def test_stream_sessions_become_live_items_with_their_length() -> None:
    records = read_file(HERE / "Stream Sessions 2026-09-01 to 2026-09-07.csv", twitch)
    (first, second) = [r for r in records if isinstance(r, ItemRecord)]
    assert first.published_at == datetime(2026, 9, 3, 18, 0, tzinfo=UTC) and first.duration_s == 95 * 60
    assert first.metrics["followers_gained"] == 6 and second.item_id == "stream:2026-09-04T18:00:00"


def test_javascript_dates_with_time_zone_are_read_in_utc() -> None:
    moment = twitch.parse_moment("Fri Sep 04 2026 20:00:00 GMT+0200 (heure d’été d’Europe centrale)",
                                 lambda text: date.min)
    assert moment == datetime(2026, 9, 4, 18, 0, tzinfo=UTC)
    assert twitch.parse_moment("Fri Sep 04 2026", lambda text: date.min) == datetime(2026, 9, 4, tzinfo=UTC)


def test_spreadsheet_damaged_dates_are_refused(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(MalformedFileError, match="day/month or month/day"):
        import_paths(con, [HERE / "Channel analytics excel resaved.csv"])
    assert con.execute("SELECT count(*) FROM import_runs").fetchone() == (0,)


def test_overlapping_exports_give_the_union_and_reimport_changes_nothing(
        con: duckdb.DuckDBPyConnection) -> None:
    paths = [HERE / "Channel analytics en.csv", HERE / "Analyses de la chaine fr.csv"]
    import_paths(con, paths, hints={"handle": "musee"})
    before = dump(con)
    import_paths(con, paths, hints={"handle": "musee"})
    assert dump(con) == before
    lives = con.execute("SELECT item_id FROM content_items ORDER BY item_id").fetchall()
    assert lives == [("day:2026-09-03",), ("day:2026-09-04",), ("day:2026-09-05",)]
    days = con.execute("SELECT DISTINCT day FROM account_daily_metrics ORDER BY day").fetchall()
    assert [d for (d,) in days] == [date(2026, 9, d) for d in (2, 3, 4, 5)]
    chat = con.execute("SELECT value FROM account_daily_metrics WHERE metric = 'chat_messages' "
                       "AND day = '2026-09-05'").fetchall()
    assert chat == []  # missing from the export: no row (NULL), not 0
