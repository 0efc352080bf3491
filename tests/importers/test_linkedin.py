"""LinkedIn Page importer: content export (XLS/XLSX, header on row 2) and followers export."""

from __future__ import annotations

from datetime import UTC, date, datetime

import duckdb
import pytest
from _video_store import FIXTURES, current_metrics, dump, read_file

from chandelle.errors import MalformedFileError
from chandelle.importers import linkedin
from chandelle.importers.base import DailyMetricRecord, ItemRecord

HERE = FIXTURES / "linkedin"


def test_xls_content_export_posts_and_daily_metrics() -> None:
    records = read_file(HERE / "content_en.xls", linkedin, {"handle": "musee-des-beaux-arts"})
    items = {r.item_id: r for r in records if isinstance(r, ItemRecord)}
    assert list(items) == ["urn:li:activity:7260000000000000001", "urn:li:ugcPost:7260000000000000002",
                           "urn:li:sponsoredContentV2:1"]
    opening = items["urn:li:activity:7260000000000000001"]
    assert opening.text == "Vernissage de l'exposition « Lumières » ce soir ✨"
    assert opening.published_at == datetime(2025, 11, 3, tzinfo=UTC)  # 11/03/2025 is LinkedIn's MM/DD/YYYY
    assert (opening.format, opening.account) == ("photo", "musee-des-beaux-arts")
    assert opening.metrics == {"impressions": 1520, "clicks": 48, "likes": 37, "comments": 4, "shares": 2,
                               "followers_gained": 1}
    assert opening.url == "https://www.linkedin.com/feed/update/urn:li:activity:7260000000000000001"
    assert items["urn:li:ugcPost:7260000000000000002"].format == "text"
    assert items["urn:li:sponsoredContentV2:1"].features == ("sponsored",)
    days = {(r.day, r.metric): r.value for r in records if isinstance(r, DailyMetricRecord)}
    assert days[(date(2025, 11, 24), "impressions")] == 1800  # the total column, not organic only
    assert days[(date(2025, 11, 25), "likes")] == -1  # a withdrawn reaction, as LinkedIn wrote it


def test_french_xlsx_with_date_cells_and_a_blank_metric() -> None:
    records = read_file(HERE / "content_fr.xlsx", linkedin)
    items = {r.item_id: r for r in records if isinstance(r, ItemRecord)}
    tour = items["urn:li:activity:7260000000000000003"]
    assert (tour.format, tour.published_at) == ("video", datetime(2025, 12, 2, tzinfo=UTC))
    word = items["urn:li:activity:7260000000000000004"]
    assert word.format == "article" and "shares" not in word.metrics


def test_followers_export_gives_daily_new_followers() -> None:
    records = read_file(HERE / "followers_en.xls", linkedin)
    assert [(r.day, r.metric, r.value) for r in records if isinstance(r, DailyMetricRecord)] == [
        (date(2025, 11, 23), "followers_gained", 3), (date(2025, 11, 24), "followers_gained", 8),
        (date(2025, 11, 25), "followers_gained", 3)]


def test_ambiguous_text_dates_in_a_french_file_are_refused() -> None:
    with pytest.raises(MalformedFileError, match="Date de création"):
        read_file(HERE / "content_fr_ambiguous.xlsx", linkedin)


def test_reimport_changes_nothing_and_files_give_the_union(con: duckdb.DuckDBPyConnection) -> None:
    from chandelle.ingest import import_paths

    paths = [HERE / "content_en.xls", HERE / "content_fr.xlsx", HERE / "followers_en.xls"]
    import_paths(con, paths, hints={"handle": "musee"})
    before = dump(con)
    import_paths(con, paths, hints={"handle": "musee"})
    assert dump(con) == before
    assert con.execute("SELECT count(*) FROM content_items WHERE platform = 'linkedin'").fetchone() == (5,)
    metrics = current_metrics(con, "linkedin")
    assert "shares" not in metrics["urn:li:activity:7260000000000000004"]
    assert metrics["urn:li:activity:7260000000000000003"]["impressions"] == 980


def test_non_linkedin_spreadsheets_are_not_claimed() -> None:
    from chandelle.importers.source import iter_sources

    for folder in ("tiktok", "youtube", "twitch"):
        assert not any(linkedin.sniff(s) for s in iter_sources([FIXTURES / folder]))
