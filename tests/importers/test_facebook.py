"""Facebook Page importer: Meta Business Suite content CSV and the data download JSON."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from chandelle.importers import candidates, facebook, instagram, threads
from chandelle.importers.base import AccountRecord, ItemRecord, Record, Skip, Warning_
from chandelle.importers.source import Source, iter_sources
from chandelle.ingest import import_paths

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "facebook"
DYI = (FIXTURES / "facebook-museelumiere-2025-03-02-Ab12" / "your_facebook_activity" / "posts"
       / "your_posts__check_ins__photos_and_videos_1.json")
AUGUST = FIXTURES / "Aug-01-2025_Aug-31-2025_1039829308656930.csv"
SEPTEMBER = FIXTURES / "Sep-01-2025_Sep-30-2025_1039829308656930.csv"
FRENCH = FIXTURES / "publications_page_fr.csv"
CAPTION = ("Nocturne « Lumières » ce jeudi 🕯️✨ — entrée libre\n"
           "Café du musée ouvert 👩\u200d🎨 (e\u0301 combinant)")


def _source(path: Path, hints: dict[str, str] | None = None) -> Source:
    return next(iter(iter_sources([path], hints)))


def _read(path: Path, hints: dict[str, str] | None = None) -> list[Record]:
    return list(facebook.read(_source(path, hints)))


def _items(records: list[Record]) -> list[ItemRecord]:
    return [r for r in records if isinstance(r, ItemRecord)]


@pytest.mark.parametrize("path", [DYI, AUGUST, SEPTEMBER, FRENCH], ids=lambda p: p.name)
def test_each_fixture_is_recognised_by_facebook_alone(path: Path) -> None:
    assert [m.NAME for m in candidates(_source(path))] == ["facebook"]


def test_facebook_claims_no_shared_sample(shared: Path) -> None:
    for source in iter_sources([shared / "samples"]):
        assert not facebook.sniff(source), source.name


def test_facebook_and_instagram_csvs_are_told_apart() -> None:
    ig = Path(__file__).resolve().parent.parent / "fixtures" / "instagram" / "publications_instagram_fr.csv"
    assert instagram.sniff(_source(ig)) and not facebook.sniff(_source(ig))
    assert facebook.sniff(_source(FRENCH)) and not instagram.sniff(_source(FRENCH))
    assert not threads.sniff(_source(DYI)) and not instagram.sniff(_source(DYI))


# ---------------------------------------------------------------- data download JSON

def test_dyi_posts_formats_text_and_skips() -> None:
    records = _read(DYI)
    items = _items(records)
    assert [(i.format, i.kind, i.media_count) for i in items] == [
        ("photo", "original", 1), ("other", "repost", None), ("text", "original", None),
        ("carousel", "original", 2), ("video", "original", 1)]
    assert items[0].text == CAPTION
    shared = items[1]                      # "a partagé un lien": a repost, without its words
    assert (shared.text, shared.url) == (None, "https://musee-lumiere.example/printemps")
    assert items[3].text is None           # the "X added 2 photos" sentence is not text
    assert [r.reason for r in records if isinstance(r, Skip)] == [
        "post without text or media", "post without a readable time"]
    assert all(i.item_id.startswith("fb-") for i in items) and len({i.item_id for i in items}) == 5


def test_dyi_never_yields_ips_gps_names_or_the_title_sentence() -> None:
    dumped = repr(_read(DYI))
    for secret in ("192.0.2.44", "45.76", "Jeanne", "a ajouté", "a partagé", "upload_ip", "Notre programme"):
        assert secret not in dumped


def test_dyi_handle_from_archive_name_or_hint() -> None:
    records = _read(DYI)
    assert records[0] == AccountRecord(platform="facebook", handle="museelumiere")
    assert any(isinstance(r, Warning_) and "archive name" in r.message for r in records)


def test_dyi_handle_hint_when_the_file_is_alone(tmp_path: Path) -> None:
    lone = tmp_path / "your_posts_1.json"
    shutil.copy(DYI, lone)
    assert {i.account for i in _items(_read(lone, {"handle": "museelumiere"}))} == {"museelumiere"}
    assert {i.account for i in _items(_read(lone))} == {"facebook"}


# ---------------------------------------------------------------- Business Suite CSV

def test_business_suite_csv_in_english_maps_types_metrics_and_caption() -> None:
    records = _read(AUGUST)
    items = _items(records)
    assert [(i.item_id, i.format, i.kind) for i in items] == [
        ("122158012345678901", "photo", "original"), ("122158012345678902", "video", "original"),
        ("122158012345678903", "link", "repost")]
    assert items[0].text == "Nocturne « Lumières » 🕯️"  # caption in Title
    # the longer of Title and Description
    assert items[1].text == "Visite guidée de la salle des lustres, en vidéo 🎥 avec la conservatrice"
    assert items[0].metrics == {"views": 2410, "reach": 1900, "engagements": 140, "likes": 120,
                                "comments": 12, "shares": 8, "clicks": 55}
    assert items[1].duration_s == 95
    assert items[0].published_at.isoformat() == "2025-08-07T16:00:00+00:00"  # 18:00 in Paris (summer time)
    assert records[0] == AccountRecord(platform="facebook", handle="Musée Lumière",
                                       display_name="Musée Lumière", platform_account_id="1039829308656930")


def test_business_suite_csv_in_french() -> None:
    items = _items(_read(FRENCH))
    assert [(i.format, i.text) for i in items] == [
        ("photo", "Journées du patrimoine : « tout est ouvert » 🏛️"),
        ("video", "Le film de la restauration, 4 minutes")]
    assert items[0].metrics == {"views": 3200, "reach": 2900, "engagements": 210, "likes": 180,
                                "comments": 20, "shares": 10, "clicks": 70}
    assert "clicks" not in items[1].metrics and items[1].duration_s == 240


def test_a_month_with_a_column_less_still_reads() -> None:
    items = _items(_read(SEPTEMBER))
    assert [(i.item_id, i.format) for i in items] == [("122158012345678902", "video"),
                                                      ("122158012345678904", "reel")]


# ---------------------------------------------------------------- through the store

def _copy_with_time(path: Path, folder: Path, stamp: int) -> Path:
    target = folder / path.name
    shutil.copy(path, target)
    os.utime(target, (stamp, stamp))
    return target


def test_overlapping_monthly_exports_give_the_union_and_the_newest_figures(
        con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    august = _copy_with_time(AUGUST, tmp_path, 1756684800)       # exported 2025-09-01
    september = _copy_with_time(SEPTEMBER, tmp_path, 1759276800)  # exported 2025-10-01
    import_paths(con, [september])
    import_paths(con, [august])
    assert con.execute("SELECT count(*) FROM content_items WHERE platform = 'facebook'").fetchone() == (3,)
    assert con.execute("SELECT count(*) FROM items WHERE platform = 'facebook'").fetchone() == (4,)
    current = con.execute("SELECT value FROM item_metrics_current WHERE item_id = '122158012345678902' "
                          "AND metric = 'views'").fetchone()
    assert current == (5400.0,)
    history = con.execute("SELECT count(*) FROM metric_snapshots WHERE item_id = '122158012345678902' "
                          "AND metric = 'views'").fetchone()
    assert history == (2,)


def test_reimport_changes_nothing(con: duckdb.DuckDBPyConnection) -> None:
    import_paths(con, [FIXTURES])
    query = "SELECT * EXCLUDE (first_run_id, last_run_id) FROM items ORDER BY ALL"
    before = con.execute(query).fetchall()
    again = import_paths(con, [FIXTURES])
    assert again.added == 0 and again.updated == 0
    assert con.execute(query).fetchall() == before
    texts = {row[0] for row in con.execute("SELECT text FROM items WHERE platform = 'facebook'").fetchall()}
    assert CAPTION in texts


def test_handle_hint_names_the_page_in_both_exports(con: duckdb.DuckDBPyConnection) -> None:
    import_paths(con, [AUGUST, DYI], hints={"handle": "museelumiere"})
    assert con.execute("SELECT handle, display_name FROM accounts").fetchall() == [
        ("museelumiere", "Musée Lumière")]


# ---------------------------------------------------------------- every layout of the data download

LAYOUTS = {
    "2019": FIXTURES / "facebook-museelumiere-2019-02-01-Gh78" / "posts" / "your_posts.json",
    "2021": FIXTURES / "facebook-museelumiere-2021-05-10-Cd34" / "posts" / "your_posts_1.json",
    "2023": (FIXTURES / "facebook-museelumiere-2023-06-01-Ef56" / "your_activity_across_facebook" / "posts"
             / "your_posts__check_ins__photos_and_videos_1.json"),
    "2025": DYI,
}
SHARE = "other", "repost"
ELSEWHERE = "post on another page, profile or group, not the page's own content"
ACTIVITY = "activity entry (life event, book…), not content"


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_layout_of_the_data_download_is_read_by_facebook(layout: str) -> None:
    source = next(s for s in iter_sources([LAYOUTS[layout].parents[2 if layout == "2023" else 1]])
                  if s.basename.startswith("your_posts"))
    assert [m.NAME for m in candidates(source)] == ["facebook"]
    assert _items(list(facebook.read(source)))[0].account == "museelumiere"


def test_shares_are_reposts_and_other_timelines_groups_and_activity_are_skipped_with_why() -> None:
    records = _read(LAYOUTS["2021"])
    kinds = [(i.format, i.kind) for i in _items(records)]
    assert kinds == [("text", "original"), SHARE, SHARE, SHARE, ("photo", "original")]
    assert [r.reason for r in records if isinstance(r, Skip)] == [
        ELSEWHERE, ELSEWHERE, ACTIVITY, "post without text or media", ACTIVITY]
    shared_post = _items(records)[1]
    assert (shared_post.text, shared_post.url) == (None, "https://www.facebook.com/museevoisin/posts/4242")


def test_french_titles_are_read_the_same_way() -> None:
    records = _read(LAYOUTS["2023"])
    assert [(i.format, i.kind) for i in _items(records)] == [SHARE, SHARE, ("video", "original")]
    assert [r.reason for r in records if isinstance(r, Skip)] == [ELSEWHERE, ELSEWHERE]
    assert "Jeanne" not in repr(records) and "Merci" not in repr(records)


def test_the_repost_count_is_no_longer_zero(con: duckdb.DuckDBPyConnection) -> None:
    from chandelle.queries import accounts_overview

    import_paths(con, [LAYOUTS["2021"].parents[1], LAYOUTS["2019"].parents[1]])
    overview = accounts_overview(con)
    assert [(r["handle"], r["items"], r["reposts"]) for r in overview] == [("museelumiere", 3, 4)]
