"""YouTube importer: Studio Table/Chart/Totals exports and Takeout video metadata."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest
from _expected import assert_expected
from _video_store import FIXTURES, current_metrics, dated_copy, dump, read_file

from chandelle.errors import MalformedFileError
from chandelle.importers import youtube
from chandelle.importers._youtube_studio import video_format
from chandelle.importers.base import DailyMetricRecord, ItemRecord, Skip, Warning_
from chandelle.importers.source import iter_sources
from chandelle.ingest import import_paths

HERE = FIXTURES / "youtube"
SAMPLE_NAMES = (
    "priyankapatel05_studio_Table_data_excerpt.csv",
    "priyankapatel05_studio_Chart_data_excerpt.csv",
    "priyankapatel05_studio_Totals_excerpt_excel_resaved.csv",
    "whatif_takeout_es_videos.csv",
    "whatif_takeout_es_video_texts.csv",
)


@pytest.mark.shared
def test_every_youtube_sample_is_one_importers_and_reads_to_its_expected_output(shared: Path) -> None:
    folder = shared / "samples" / "youtube"
    assert sorted(p.name for p in folder.iterdir()) == sorted(SAMPLE_NAMES)
    for name in SAMPLE_NAMES:
        path = folder / name
        assert_expected(name, read_file(path, youtube), paths={str(path): name})


@pytest.mark.shared
def test_table_data_sample_skips_total_and_keeps_ids_starting_with_a_dash(shared: Path) -> None:
    records = read_file(shared / "samples/youtube/priyankapatel05_studio_Table_data_excerpt.csv", youtube)
    items = {r.item_id: r for r in records if isinstance(r, ItemRecord)}
    assert len(items) == 23 and "Total" not in items
    assert {"-i5vAKwX_bY", "-HcQSAnoQBE", "-LQa8JhUNVI"} <= set(items)
    first = items["UWQNrpakgcA"]
    assert first.metrics == {"views": 30331, "watch_time_s": pytest.approx(45.8772 * 3600),
                             "followers_gained": 14, "impressions": 456,
                             "Impressions click-through rate (%)": 3.51}   # kept under its own name
    assert first.published_at == datetime(2025, 8, 28, tzinfo=UTC) and first.format == "short"
    assert "likes" not in first.metrics  # not exported: unknown, never 0


@pytest.mark.shared
def test_excel_resaved_totals_sample_is_read_day_first_and_the_user_is_told(shared: Path) -> None:
    records = read_file(shared / "samples/youtube/priyankapatel05_studio_Totals_excerpt_excel_resaved.csv",
                        youtube)
    warnings = [r for r in records if isinstance(r, Warning_) and "spreadsheet" in r.message]
    assert len(warnings) == 1 and warnings[0].params["order"] == "DD-MM-YYYY"
    days = [r for r in records if isinstance(r, DailyMetricRecord)]
    assert (days[0].day, days[0].value) == (date(2025, 6, 13), 1224)
    assert len(days) == 14 and days[-1].day == date(2025, 6, 26)


def test_ambiguous_spreadsheet_dates_are_refused_and_the_store_is_untouched(
        con: duckdb.DuckDBPyConnection) -> None:
    import_paths(con, [HERE / "Totals.csv"])
    before = dump(con)
    with pytest.raises(MalformedFileError) as caught:
        import_paths(con, [HERE / "Totals excel resaved ambiguous.csv"])
    message = caught.value.render("en")
    assert "Totals excel resaved ambiguous.csv" in message and "day/month or month/day" in message
    assert "YYYY-MM-DD" in message
    assert "jour/mois" in caught.value.render("fr")
    assert dump(con) == before


def test_french_studio_headers_and_never_published_videos() -> None:
    records = read_file(HERE / "Table data fr.csv", youtube, {"handle": "MuseeDesBeauxArts"})
    items = {r.item_id: r for r in records if isinstance(r, ItemRecord)}
    assert set(items) == {"dQw4w9WgXcQ", "-AbCdEfGhIj"}
    tour = items["dQw4w9WgXcQ"]
    assert tour.account == "MuseeDesBeauxArts"
    assert tour.text == "Visite guidée de la galerie « Renaissance » 🎨"
    assert tour.metrics == {"views": 4100, "watch_time_s": 190.25 * 3600, "followers_gained": 9,
                            "likes": 250, "comments": 20, "shares": 31}
    assert (tour.format, tour.duration_s) == ("video", 1260)
    assert items["-AbCdEfGhIj"].format == "short"  # 150 s, published after the 3-minute Shorts limit
    assert [s.reason for s in records if isinstance(s, Skip)] == [
        "video never published (private, unlisted or draft)"]
    assert not any(isinstance(r, Warning_) for r in records)  # the account was named


def test_shorts_limit_follows_the_publication_date() -> None:
    before, after = datetime(2024, 6, 1, tzinfo=UTC), datetime(2024, 11, 1, tzinfo=UTC)
    assert video_format(59, before) == "short" and video_format(170, before) == "video"
    assert video_format(170, after) == "short" and video_format(181, after) == "video"
    assert video_format(None, after) == "video"


def test_takeout_videos_keep_public_ones_with_their_exact_times() -> None:
    records = read_file(HERE / "videos.csv", youtube)
    items = {r.item_id: r for r in records if isinstance(r, ItemRecord)}
    assert set(items) == {"dQw4w9WgXcQ", "Ab12Cd34Ef5"}
    assert items["dQw4w9WgXcQ"].published_at == datetime(2024, 3, 3, 9, 0, 0, 123456, tzinfo=UTC)
    assert items["Ab12Cd34Ef5"].duration_s == 30.5 and items["Ab12Cd34Ef5"].metrics == {}
    assert [s.reason for s in records if isinstance(s, Skip)] == ["video not public (private or unlisted)"]


def test_overlapping_studio_exports_give_the_union_and_newest_figures_win(
        con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    june = dated_copy(HERE / "Table data en 2024-06.csv", tmp_path / "a", "2024-06-30", "Table data.csv")
    september = dated_copy(HERE / "Table data en 2024-09.csv", tmp_path / "b", "2024-09-30", "Table data.csv")
    import_paths(con, [september], hints={"handle": "musee"})
    import_paths(con, [june], hints={"handle": "musee"})
    ids = [r[0] for r in con.execute("SELECT item_id FROM content_items ORDER BY item_id").fetchall()]
    assert ids == ["Qq1234567_8", "Rr9876543_1", "dQw4w9WgXcQ"]
    metrics = current_metrics(con, "youtube")
    assert metrics["dQw4w9WgXcQ"]["views"] == 1300  # the September export is the newest
    history = con.execute("SELECT count(*) FROM metric_snapshots WHERE item_id = 'dQw4w9WgXcQ' "
                          "AND metric = 'views'").fetchone()
    assert history == (2,)


def test_reimport_changes_nothing_and_missing_metrics_stay_null(con: duckdb.DuckDBPyConnection) -> None:
    paths = [HERE / "Table data en 2024-06.csv", HERE / "Totals.csv", HERE / "videos.csv"]
    first = import_paths(con, paths, hints={"handle": "musee"})
    assert first.added == 3
    before = dump(con)
    again = import_paths(con, paths, hints={"handle": "musee"})
    assert all(f.already_imported for f in again.files) and dump(con) == before
    row = con.execute("""
        SELECT max(value) FILTER (WHERE metric = 'views'), max(value) FILTER (WHERE metric = 'comments')
        FROM item_metrics_current WHERE item_id = 'Qq1234567_8'""").fetchone()
    assert row == (200, None)
    days = con.execute("SELECT day, value FROM account_daily_metrics ORDER BY day").fetchall()
    assert days == [(date(2024, 6, 1), 120), (date(2024, 6, 2), 98)]  # the blank day is absent, not 0


def test_youtube_importer_leaves_other_files_alone() -> None:
    for folder in ("twitch", "tiktok", "linkedin"):
        assert not any(youtube.sniff(s) for s in iter_sources([FIXTURES / folder]))


def test_the_studio_zip_is_read_whole(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "Content 2024-06-01_2024-06-30 Musee.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.write(HERE / "Table data en 2024-06.csv", "Table data.csv")
        bundle.write(HERE / "Totals.csv", "Totals.csv")
    report = import_paths(con, [archive], hints={"handle": "musee"})
    assert [f.importer for f in report.files] == ["youtube", "youtube"] and report.added == 2
    assert con.execute("SELECT count(*) FROM account_daily_metrics").fetchone() == (2,)


SHORTS = HERE / "studio_shorts_engaged_views"   # a Studio ZIP, unzipped: no Duration, new metrics


def test_table_data_without_duration_keeps_every_metric_under_its_name() -> None:
    records = list(youtube.read(next(s for s in iter_sources([SHORTS], {"handle": "musee"})
                                     if s.basename == "Table data.csv")))
    items = {r.item_id: r for r in records if isinstance(r, ItemRecord)}
    assert sorted(items) == ["-k3Zp9QmL2a", "q8WbT0nH5xE"]
    lustres = items["-k3Zp9QmL2a"]
    assert lustres.duration_s is None and lustres.metrics == {
        "views": 20311.0, "average_view_duration_s": 21.0, "Engaged views": 13870.0,
        "Stayed to watch (%)": 74.2}
    warning = next(r for r in records if isinstance(r, Warning_))
    assert warning.params["metrics"] == "'Engaged views', 'Stayed to watch (%)'"
    assert any(isinstance(r, Skip) for r in records)          # the draft, never published


def test_totals_of_an_unknown_metric_are_read_alone_and_in_the_folder(con: duckdb.DuckDBPyConnection) -> None:
    alone = next(s for s in iter_sources([SHORTS / "Totals.csv"], {"handle": "musee"}))
    days = [r for r in youtube.read(alone) if isinstance(r, DailyMetricRecord)]
    assert (days[0].day, days[0].metric, days[0].value) == (date(2025, 2, 1), "Engaged views", 812.0)
    report = import_paths(con, [SHORTS], hints={"handle": "musee"})
    names = sorted(Path(f.file_name).name for f in report.files)
    assert names == ["Chart data.csv", "Table data.csv", "Totals.csv"]
    assert report.not_read == []
    assert con.execute("SELECT count(*) FROM account_daily_metrics WHERE metric = 'Engaged views'"
                       ).fetchone() == (3,)


def test_a_two_column_file_of_an_unknown_metric_elsewhere_is_not_taken_for_studio(tmp_path: Path) -> None:
    other = tmp_path / "export.csv"
    other.write_text("Date,Visiteurs\n2025-02-01,12\n", encoding="utf-8")
    assert not youtube.sniff(next(iter_sources([other])))
