"""Instagram importer: DYI JSON (posts, reels, stories, past insights) and Business Suite CSV."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import duckdb
import pytest
from _expected import assert_expected

from chandelle.errors import MalformedFileError
from chandelle.importers import candidates, instagram
from chandelle.importers.base import UNNAMED_ACCOUNT, AccountRecord, ItemRecord, Record, Skip, Warning_
from chandelle.importers.source import Source, iter_sources
from chandelle.ingest import import_paths

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "instagram"
ARCHIVE = FIXTURES / "instagram-musee.lumiere-2025-03-02-Xy12Ab"
POSTS = ARCHIVE / "your_instagram_activity" / "media" / "posts_1.json"
CAPTION = ("Nocturne « Lumières » ce jeudi 🕯️✨ — entrée libre\n"
           "Café du musée ouvert 👩\u200d🎨 (e\u0301 combinant)")
SHARED_SAMPLES = ("marcomaroni_carousel_posts_1.json", "marcomaroni_single_image_posts_1.json",
                  "whatif_anonymised_stories.json")


def _source(path: Path, hints: dict[str, str] | None = None, root: Path | None = None) -> Source:
    """The source for ``path``, read as part of the import of ``root`` (its family)."""
    for source in iter_sources([root or path], hints):
        if Path(source.name) == path:
            return source
    raise AssertionError(path)


def _read(path: Path, hints: dict[str, str] | None = None, root: Path | None = None) -> list[Record]:
    return list(instagram.read(_source(path, hints, root)))


def _items(records: list[Record]) -> list[ItemRecord]:
    return [r for r in records if isinstance(r, ItemRecord)]


# ---------------------------------------------------------------- shared samples

@pytest.mark.parametrize("name", SHARED_SAMPLES)
def test_shared_sample_is_recognised_by_instagram_alone_and_reads_to_expected(shared: Path,
                                                                              name: str) -> None:
    path = shared / "samples" / "instagram" / name
    source = _source(path)
    assert [m.NAME for m in candidates(source)] == ["instagram"]
    assert_expected(name, instagram.read(source), paths={source.name: name})


def test_shared_carousel_sample_is_one_item_with_five_media(shared: Path) -> None:
    items = _items(_read(shared / "samples" / "instagram" / "marcomaroni_carousel_posts_1.json"))
    assert len(items) == 1
    assert (items[0].format, items[0].media_count) == ("carousel", 5)
    assert items[0].text is not None and items[0].text.startswith("A lil flower garden update:")
    assert items[0].published_at.timestamp() == 1658871955


def test_shared_stories_are_one_item_per_frame(shared: Path) -> None:
    items = _items(_read(shared / "samples" / "instagram" / "whatif_anonymised_stories.json"))
    assert [i.format for i in items] == ["story"] * 4
    assert len({i.item_id for i in items}) == 4


def test_instagram_claims_no_other_shared_sample(shared: Path) -> None:
    for source in iter_sources([shared / "samples"]):
        if "/instagram/" not in source.name.replace("\\", "/"):
            assert not instagram.sniff(source), source.name


# ---------------------------------------------------------------- data download JSON

def test_posts_file_gives_photo_carousel_and_video_with_captions_from_either_level() -> None:
    records = _read(POSTS, root=FIXTURES)
    items = _items(records)
    assert [(i.item_id, i.format, i.media_count) for i in items] == [
        ("18051234567890001", "photo", 1),
        ("18061234567890011", "carousel", 3),
        ("18071234567890021", "video", 1),
    ]
    assert items[0].text == CAPTION                       # post-level title, mojibake repaired
    assert items[2].text == "Visite guidée en vidéo 🎥"     # caption in media[0].title
    assert items[1].published_at.timestamp() == 1738756801  # post-level time wins
    assert Skip("post without media", f"{POSTS} #4") in records


def test_content_layout_bare_object_is_read() -> None:
    path = FIXTURES / "content_layout" / "your_instagram_activity" / "content" / "posts_1.json"
    items = _items(_read(path))
    assert [(i.format, i.text) for i in items] == [("photo", "Vernissage « Ombres » 🖼️ ce soir")]


def test_reels_and_stories_files() -> None:
    reels = _items(_read(ARCHIVE / "your_instagram_activity" / "media" / "reels.json"))
    stories = _items(_read(ARCHIVE / "your_instagram_activity" / "media" / "stories.json"))
    assert [(r.format, r.text) for r in reels] == [("reel", "Reel : la restauration du lustre 💡")]
    assert [(s.item_id, s.format, s.text) for s in stories] == [
        ("18091234567890041", "story", None), ("18091234567890042", "story", "Dernier jour !")]


def test_mojibake_caption_with_emoji_is_repaired() -> None:
    items = _items(_read(FIXTURES / "single_post_mojibake.json"))
    assert items[0].text == "Bientôt : ✨ « Lumière » 😍"
    raw = (FIXTURES / "single_post_mojibake.json").read_text(encoding="utf-8")
    assert "\\u00f0\\u009f\\u0098\\u008d" in raw            # the fixture really is mojibake


def test_no_personal_data_leaves_the_importer() -> None:
    records = [r for path in sorted(ARCHIVE.rglob("*.json")) for r in _read(path, root=ARCHIVE)
               if instagram.sniff(_source(path, root=ARCHIVE))]
    dumped = repr(records)
    for secret in ("45.7676", "4.8345", "android-9f3c", "com@musee-lumiere", "+33400000000", "1990-01-01",
                   "oh=secret", "fbcdn", "scontent"):
        assert secret not in dumped


def test_handle_comes_from_the_profile_file_of_the_same_export() -> None:
    records = _read(POSTS, root=FIXTURES)
    assert records[0] == AccountRecord(platform="instagram", handle="musee.lumiere",
                                       display_name="Musée Lumière",
                                       url="https://www.instagram.com/musee.lumiere/")
    assert not any(isinstance(r, Warning_) for r in records)
    assert {i.account for i in _items(records)} == {"musee.lumiere"}


def test_handle_falls_back_to_hint_then_archive_name_then_platform(tmp_path: Path) -> None:
    lone = tmp_path / "posts_1.json"
    shutil.copy(POSTS, lone)
    hinted = _read(lone, hints={"handle": "@mon.musee"})
    assert {i.account for i in _items(hinted)} == {"mon.musee"}
    assert any(isinstance(r, Warning_) and "given with the import" in r.message for r in hinted)
    named = tmp_path / "instagram-le.musee-2025-01-02-abc" / "your_instagram_activity" / "media"
    named.mkdir(parents=True)
    shutil.copy(POSTS, named / "posts_1.json")
    from_archive = _read(named / "posts_1.json")
    assert {i.account for i in _items(from_archive)} == {"le.musee"}
    fallback = _read(lone)
    assert {i.account for i in _items(fallback)} == {"instagram"}
    assert any(isinstance(r, Warning_) and r.code == UNNAMED_ACCOUNT for r in fallback)


def test_past_insights_attach_lifetime_figures_to_the_same_items() -> None:
    insights = ARCHIVE / "logged_information" / "past_instagram_insights" / "posts.json"
    items = _items(_read(insights, root=ARCHIVE))
    from_posts = {i.item_id: i for i in _items(_read(POSTS, root=ARCHIVE))}
    known, alone = items
    assert known.metrics == {"impressions": 1532, "reach": 1204, "likes": 87, "comments": 4, "saves": 12,
                             "shares": 3, "followers_gained": 2}
    same = from_posts[known.item_id]
    assert (known.format, known.text, known.media_count) == (same.format, same.text, same.media_count)
    assert (alone.item_id, alone.format, alone.metrics) == (
        "18041234567890099", "photo", {"impressions": 400, "likes": 20})


def test_profile_file_and_garbage_are_not_claimed(tmp_path: Path) -> None:
    profile = ARCHIVE / "personal_information" / "personal_information" / "personal_information.json"
    assert not instagram.sniff(_source(profile))
    for content in (b"", b"\x00\x01garbage", b"[1, 2, 3]", b'{"feed": []}', b"a,b,c\n1,2,3\n"):
        path = tmp_path / "x.json"
        path.write_bytes(content)
        assert not instagram.sniff(_source(path))


def test_truncated_posts_file_is_a_clear_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "posts_1.json"
    path.write_bytes(POSTS.read_bytes()[:1500])
    source = _source(path)
    assert instagram.sniff(source)
    with pytest.raises(MalformedFileError) as caught:
        list(instagram.read(source))
    assert str(path) in str(caught.value)


# ---------------------------------------------------------------- Business Suite CSV

def test_business_suite_csv_in_english() -> None:
    path = FIXTURES / "Jan-01-2025_Mar-01-2025_17841400000000001_posts_en.csv"
    records = _read(path)
    items = _items(records)
    assert [(i.item_id, i.format) for i in items] == [
        ("18051234567890001", "photo"), ("18061234567890010", "carousel"), ("18081234567890031", "reel")]
    assert items[0].text == CAPTION
    assert items[0].published_at.isoformat() == "2025-01-09T17:02:00+00:00"   # 18:02 in Paris
    assert items[0].metrics == {"views": 1532, "reach": 1204, "likes": 87, "shares": 3, "followers_gained": 2,
                                "comments": 4, "saves": 12}
    assert "reach" not in items[1].metrics                                     # empty cell: absent, not 0
    assert items[2].metrics["views"] == 15000 and items[2].duration_s == 34
    assert records[0] == AccountRecord(platform="instagram", handle="musee.lumiere",
                                       display_name="Musée Lumière",
                                       url="https://www.instagram.com/musee.lumiere/",
                                       platform_account_id="17841400000000001")


def test_business_suite_csv_in_french_matches_the_english_one() -> None:
    items = _items(_read(FIXTURES / "publications_instagram_fr.csv"))
    assert [(i.item_id, i.format) for i in items] == [("18051234567890001", "photo"),
                                                      ("18101234567890099", "carousel")]
    assert items[0].text == CAPTION
    assert items[0].metrics["views"] == 1610 and items[0].metrics["reach"] == 1250


def test_business_suite_stories_csv() -> None:
    items = _items(_read(FIXTURES / "Feb-01-2025_Feb-28-2025_17841400000000001_stories_en.csv"))
    assert [i.format for i in items] == ["story", "story"]
    assert items[0].metrics["replies"] == 1 and items[0].metrics["clicks"] == 9
    assert "clicks" not in items[1].metrics


def test_spreadsheet_damage_is_skipped_and_reported_never_guessed() -> None:
    path = FIXTURES / "excel_resaved_damaged.csv"
    records = _read(path)
    skips = [(r.reason, r.where.rsplit(":", 1)[1]) for r in records if isinstance(r, Skip)]
    assert skips == [("post id damaged by a spreadsheet (like 1.22158E+17)", "2"),
                     ("publish time in day-first order (file re-saved by a spreadsheet)", "3"),
                     ("publish time in day-first order (file re-saved by a spreadsheet)", "4"),
                     ("unreadable number", "6")]
    warnings = " ".join(r.message for r in records if isinstance(r, Warning_))
    assert "1.22158E+17" in warnings and "DD-MM-YYYY" in warnings and "two-digit year" in warnings
    items = {i.item_id: i for i in _items(records)}
    assert items["18061234567890014"].metrics == {}     # a one-day row: no lifetime figures
    account = next(r for r in records if isinstance(r, AccountRecord))
    assert account.platform_account_id is None                                # 1.78414E+16 is not kept


# ---------------------------------------------------------------- through the store

def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[object, ...]]:
    return con.execute(sql).fetchall()


def test_import_of_the_whole_export_then_reimport_changes_nothing(con: duckdb.DuckDBPyConnection) -> None:
    first = import_paths(con, [ARCHIVE])
    assert first.added == 7 and first.skips() == {"post without media": 1}
    before = _rows(con, "SELECT * EXCLUDE (first_run_id, last_run_id) FROM items ORDER BY item_id")
    metrics = _rows(con, "SELECT platform, item_id, metric, value FROM metric_snapshots ORDER BY ALL")
    second = import_paths(con, [ARCHIVE])
    assert second.added == 0 and second.updated == 0
    assert _rows(con, "SELECT * EXCLUDE (first_run_id, last_run_id) FROM items ORDER BY item_id") == before
    assert _rows(con, "SELECT platform, item_id, metric, value FROM metric_snapshots ORDER BY ALL") == metrics
    assert _rows(con, "SELECT handle, display_name FROM accounts") == [("musee.lumiere", "Musée Lumière")]
    assert _rows(con, "SELECT text FROM items WHERE item_id = '18051234567890001'") == [(CAPTION,)]


def test_two_overlapping_exports_give_the_union(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    posts = [p for p in json.loads(POSTS.read_text()) if p["media"]]
    for name, part in (("2025-03-01-a", posts[:2]), ("2025-04-01-b", posts[1:])):
        folder = tmp_path / f"instagram-musee.lumiere-{name}" / "your_instagram_activity" / "media"
        folder.mkdir(parents=True)
        (folder / "posts_1.json").write_text(json.dumps(part), encoding="utf-8")
    import_paths(con, [tmp_path / "instagram-musee.lumiere-2025-03-01-a"])
    report = import_paths(con, [tmp_path / "instagram-musee.lumiere-2025-04-01-b"])
    assert (report.added, report.unchanged) == (1, 1)
    assert _rows(con, "SELECT count(*) FROM content_items WHERE platform = 'instagram'") == [(3,)]


def test_text_is_stored_exactly(con: duckdb.DuckDBPyConnection) -> None:
    import_paths(con, [FIXTURES / "publications_instagram_fr.csv"])
    stored = _rows(con, "SELECT text FROM items WHERE item_id = '18051234567890001'")[0][0]
    assert stored == CAPTION and "e\u0301" in str(stored) and "«" in str(stored)


def test_a_damaged_file_leaves_the_store_as_it_was(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    import_paths(con, [FIXTURES / "publications_instagram_fr.csv"])
    truncated = tmp_path / "posts_1.json"
    truncated.write_bytes(POSTS.read_bytes()[:1500])
    before = _rows(con, "SELECT count(*) FROM items")
    with pytest.raises(MalformedFileError):
        import_paths(con, [FIXTURES / "Jan-01-2025_Mar-01-2025_17841400000000001_posts_en.csv", truncated])
    assert _rows(con, "SELECT count(*) FROM items") == before


def test_the_zip_meta_hands_out_reads_like_the_folder(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    archive = tmp_path / "instagram-musee.lumiere-2025-03-02-Xy12Ab.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in sorted(ARCHIVE.rglob("*.json")):
            bundle.write(path, path.relative_to(ARCHIVE).as_posix())
    report = import_paths(con, [archive])
    assert report.added == 7
    assert _rows(con, "SELECT DISTINCT handle FROM content_items WHERE platform = 'instagram'") == [
        ("musee.lumiere",)]
    figures = _rows(con, "SELECT metric, value FROM item_metrics_current "
                         "WHERE item_id = '18051234567890001' ORDER BY metric")
    assert ("likes", 87.0) in figures and ("reach", 1204.0) in figures


# --- the first data download (2018-2020): media.json + profile.json at the archive's root ---
# Layout as described by readers of that download (sections "photos", "videos", "stories",
# "profile", "direct"; entries with "caption", "taken_at", "path", "location"); fixture ours.
LEGACY = FIXTURES / "legacy_media_2019" / "museedelachandelle_20190301"
LEGACY_CAPTION = "Les lustres restaurés ✨ Zoe\u0301 et l’équipe 🕯️"


def test_legacy_media_json_is_claimed_by_instagram_only() -> None:
    assert [imp.NAME for imp in candidates(_source(LEGACY / "media.json"))] == ["instagram"]
    assert candidates(_source(LEGACY / "profile.json")) == []


def test_legacy_media_json_groups_carousels_and_skips_what_is_not_content() -> None:
    records = _read(LEGACY / "media.json", root=LEGACY)
    (account,) = [r for r in records if isinstance(r, AccountRecord)]
    assert (account.handle, account.display_name) == ("museedelachandelle", "Musée de la Chandelle")
    assert not [r for r in records if isinstance(r, Warning_)]
    items = [r for r in records if isinstance(r, ItemRecord)]
    summary = sorted((i.format, i.media_count, i.published_at.isoformat()) for i in items)
    assert summary == [
        ("carousel", 2, "2018-12-31T23:30:00+00:00"),   # 1 January 00:30 in Paris
        ("photo", 1, "2019-01-10T09:15:00+00:00"),
        ("story", 1, "2019-02-14T18:00:00+00:00"),
        ("video", 1, "2019-02-02T16:45:00+00:00"),
    ]
    carousel = next(i for i in items if i.format == "carousel")
    assert carousel.text == LEGACY_CAPTION
    reasons = sorted(r.reason for r in records if isinstance(r, Skip))
    assert reasons == ["media sent in a private message, not content (not kept)",
                       "profile picture, not content"]


def test_legacy_download_imports_and_reimports_without_change(con: duckdb.DuckDBPyConnection) -> None:
    first = import_paths(con, [LEGACY])
    assert first.added == 4
    assert any(name.endswith("likes.json") for name, _ in first.not_read)
    stored = con.execute("SELECT count(*) FROM content_items").fetchone()
    assert stored == (4,)                     # carousel, photo, video and story, as in later downloads
    assert con.execute("SELECT count(*) FROM items WHERE text LIKE '%Musée de la Chandelle%'"
                       ).fetchone() == (0,)                # the location is never stored
    again = import_paths(con, [LEGACY])
    assert again.added == again.updated == 0
