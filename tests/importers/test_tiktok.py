"""TikTok importer: data download JSON and TikTok Studio analytics (CSV/XLSX)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest
from _expected import assert_expected
from _video_store import FIXTURES, current_metrics, dated_copy, dump, read_file

from chandelle.errors import MalformedFileError
from chandelle.importers import candidates, tiktok
from chandelle.importers.base import (
    AccountRecord,
    DailyMetricRecord,
    FollowerRecord,
    ItemRecord,
    Skip,
    Warning_,
)
from chandelle.importers.source import iter_sources
from chandelle.ingest import import_paths
from chandelle.queries import accounts_overview

HERE = FIXTURES / "tiktok"
SAMPLE = "whatif_user_data_tiktok_Video_section_excerpt.json"


@pytest.mark.shared
def test_the_tiktok_sample_is_one_importers_and_reads_to_its_expected_output(shared: Path) -> None:
    folder = shared / "samples" / "tiktok"
    assert [p.name for p in folder.iterdir()] == [SAMPLE]
    path = folder / SAMPLE
    records = read_file(path, tiktok)
    assert_expected(SAMPLE, records, paths={str(path): SAMPLE})
    items = [r for r in records if isinstance(r, ItemRecord)]
    assert [(i.published_at, i.metrics) for i in items] == [
        (datetime(2024, 11, 24, 8, 53, 18, tzinfo=UTC), {"likes": 59})]
    assert items[0].url is None  # the signed download link expires: not stored
    deleted = [r for r in records if isinstance(r, Skip)]
    assert len(deleted) == 2 and all("deleted" in s.reason for s in deleted)


def test_newer_post_layout_with_profile_never_keeps_personal_fields(con: duckdb.DuckDBPyConnection) -> None:
    records = read_file(HERE / "user_data_tiktok.json", tiktok)
    account = next(r for r in records if isinstance(r, AccountRecord))
    assert (account.handle, account.display_name) == ("museedesbeauxarts", "Musée des Beaux-Arts")
    items = [r for r in records if isinstance(r, ItemRecord)]
    assert [i.item_id for i in items] == ["posted:2025-10-02T16:05:11", "posted:2025-10-09T18:30:00"]
    assert items[0].text == "Dans les réserves 🏛️ « Vénus » restaurée #musée"
    assert items[1].metrics == {}  # "N/A": unknown, not 0
    assert sorted(s.reason for s in records if isinstance(s, Skip)) == [
        "deleted post (TikTok's 'Recently deleted' list): not current content",
        "post without a readable date"]
    assert [r.followers for r in records if isinstance(r, FollowerRecord)] == [1526]
    flat = repr(records)
    for secret in ("secret@example.org", "+33 6", "1990", "Musée municipal"):
        assert secret not in flat
    import_paths(con, [HERE / "user_data_tiktok.json"])
    stored = json.dumps(dump(con), default=str, ensure_ascii=False)
    assert "secret@example.org" not in stored and "1990" not in stored


def test_overview_days_without_year_are_dated_back_from_the_file_date(tmp_path: Path) -> None:
    path = dated_copy(HERE / "overview_en.csv", tmp_path, "2026-01-05")
    records = read_file(path, tiktok)
    days = {(r.day, r.metric): r.value for r in records if isinstance(r, DailyMetricRecord)}
    assert days[(date(2025, 12, 30), "views")] == 120 and days[(date(2026, 1, 1), "views")] == 240
    assert (date(2026, 1, 2), "views") not in days  # "undefined": unknown
    assert (date(2026, 1, 2), "shares") not in days
    assert any(isinstance(r, Warning_) and "no year" in r.message for r in records)


def test_french_overview_and_follower_history(tmp_path: Path) -> None:
    records = read_file(dated_copy(HERE / "apercu_fr.csv", tmp_path, "2026-01-03"), tiktok,
                        {"handle": "museedesbeauxarts"})
    days = {(r.day, r.metric): r.value for r in records if isinstance(r, DailyMetricRecord)}
    assert days[(date(2025, 12, 30), "views")] == 1204 and days[(date(2026, 1, 1), "shares")] == 9
    assert {r.account for r in records if isinstance(r, DailyMetricRecord)} == {"museedesbeauxarts"}
    followers = read_file(dated_copy(HERE / "followers_en.csv", tmp_path, "2026-09-02"), tiktok)
    assert [(r.day, r.followers) for r in followers if isinstance(r, FollowerRecord)] == [
        (date(2026, 8, 30), 1520), (date(2026, 8, 31), 1526), (date(2026, 9, 1), 1525)]
    net = [r.value for r in followers if isinstance(r, DailyMetricRecord) and r.metric == "followers_gained"]
    assert net == [4, 6, -1]


def test_studio_content_export_csv_and_french_xlsx() -> None:
    records = read_file(HERE / "content_en.csv", tiktok)
    items = {r.item_id: r for r in records if isinstance(r, ItemRecord)}
    first = items["7301234567890123456"]
    assert first.account == "museedesbeauxarts"
    assert first.text == "Dans les réserves du musée 🏛️ « Vénus » restaurée"
    assert first.metrics == {"views": 18400, "likes": 1204, "comments": 38, "shares": 12, "saves": 45,
                             "average_view_duration_s": 12}
    assert items["7301234567890123999"].metrics["likes"] == 1200  # "1.2K"
    assert items["7301234567890124111"].format == "carousel"  # a /photo/ link
    assert "shares" not in items["7301234567890124111"].metrics  # "-"
    assert [s.reason for s in records if isinstance(s, Skip)] == [
        "no TikTok post link: the post cannot be identified"]
    xlsx = {r.item_id: r for r in read_file(HERE / "content_fr.xlsx", tiktok) if isinstance(r, ItemRecord)}
    quiz = xlsx["7301234567890125111"]
    assert quiz.published_at == datetime(2025, 11, 22, 12, 0, tzinfo=UTC) and "comments" not in quiz.metrics


def test_spreadsheet_damaged_dates_are_read_only_when_the_file_proves_their_order() -> None:
    with pytest.raises(MalformedFileError, match="day/month or month/day"):
        read_file(HERE / "content_excel_ambiguous.csv", tiktok)
    records = read_file(HERE / "content_excel_dayfirst.csv", tiktok)
    assert any(isinstance(r, Warning_) and r.params.get("order") == "DD-MM-YYYY" for r in records)
    dates = [r.published_at.date() for r in records if isinstance(r, ItemRecord)]
    assert dates == [date(2025, 11, 3), date(2025, 11, 10), date(2025, 11, 24)]


def test_reimport_and_overlapping_studio_exports(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    november = dated_copy(HERE / "content_excel_dayfirst.csv", tmp_path / "a", "2025-11-30", "Content.csv")
    december = dated_copy(HERE / "content_en.csv", tmp_path / "b", "2025-12-15", "Content.csv")
    import_paths(con, [november, december])
    before = dump(con)
    report = import_paths(con, [november, december])
    assert all(f.already_imported for f in report.files) and dump(con) == before
    ids = {r[0] for r in con.execute("SELECT item_id FROM content_items").fetchall()}
    assert ids == {"7301234567890123456", "7301234567890123999", "7301234567890124000", "7301234567890124111"}
    metrics = current_metrics(con, "tiktok")
    assert metrics["7301234567890123456"]["saves"] == 45 and metrics["7301234567890124000"]["views"] == 4000
    assert "saves" not in metrics["7301234567890124000"]  # never exported for it: NULL, not 0


# --- the 2024+ download: "Comment" first, "Profile And Settings", "Your Activity" → "Reposts" ---
# Layout as transcribed from a real export by a TikTok-export tool's schema registry (top-level
# categories Comment … Your Activity; Post.Posts.VideoList null when empty; ProfileMap under
# "Profile And Settings"; Reposts.RepostList) and seen in parsers' section lists; fixture ours.
LATEST = HERE / "user_data_tiktok_2025.json"


def test_latest_download_reads_posts_reposts_and_the_profile(con: duckdb.DuckDBPyConnection) -> None:
    records = read_file(LATEST, tiktok)
    account = next(r for r in records if isinstance(r, AccountRecord))
    assert (account.handle, account.display_name) == ("museedelachandelle", "Musée de la Chandelle")
    assert not [r for r in records if isinstance(r, Warning_)]
    items = {r.item_id: r for r in records if isinstance(r, ItemRecord)}
    assert sorted(items) == ["posted:2025-02-28T23:15:00", "posted:2025-03-01T18:30:00",
                             "reposted:2025-02-20T12:00:00"]
    assert items["posted:2025-03-01T18:30:00"].text == "Les coulisses de la restauration 🕯️ Zoe\u0301 raconte"
    assert items["posted:2025-02-28T23:15:00"].text is None                 # "N/A"
    repost = items["reposted:2025-02-20T12:00:00"]
    assert (repost.kind, repost.format, repost.text, repost.url) == (
        "repost", "other", None, "https://www.tiktokv.com/share/video/7460000000000000002/")
    assert [r.followers for r in records if isinstance(r, FollowerRecord)] == [1234]
    flat = repr(records)
    for private in ("contact@example.org", "203.0.113.7", "1990", "Merci pour votre visite"):
        assert private not in flat
    import_paths(con, [LATEST])
    assert accounts_overview(con)[0]["items"] == 2 and accounts_overview(con)[0]["reposts"] == 1


def test_latest_download_is_recognised_when_comments_fill_the_head(tmp_path: Path) -> None:
    data = json.loads(LATEST.read_text(encoding="utf-8"))
    comment = data["Comment"]["Comments"]["CommentsList"][0]
    data["Comment"]["Comments"]["CommentsList"] = [comment] * 800          # > 64 KB of comments
    big = tmp_path / "user_data_tiktok.json"
    big.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    assert big.stat().st_size > 128 * 1024
    (source,) = iter_sources([big])
    assert [imp.NAME for imp in candidates(source)] == ["tiktok"]
    assert len([r for r in tiktok.read(source) if isinstance(r, ItemRecord)]) == 3
