"""X importer: the real archive samples, threads, kinds, formats, overlap, damage, analytics CSV."""

from __future__ import annotations

import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from _expected import assert_expected
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chandelle import store
from chandelle.errors import InputError, MalformedFileError
from chandelle.importers import candidates, x
from chandelle.importers.base import AccountRecord, ExportInfo, ItemRecord, Record, Skip, Warning_
from chandelle.importers.source import Source, iter_sources
from chandelle.ingest import import_paths
from chandelle.queries import accounts_overview

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "x"
MARCH = FIXTURES / "archive_2024-03"
JUNE = FIXTURES / "archive_2024-06"
ANALYTICS = FIXTURES / "tweet_activity_metrics_museedelachandelle_20240101_20240301_fr.csv"


def _source(folder: Path, name: str, hints: dict[str, str] | None = None) -> Source:
    return next(s for s in iter_sources([folder], hints) if s.basename == name)


def _items(records: list[Record]) -> dict[str, ItemRecord]:
    return {r.item_id: r for r in records if isinstance(r, ItemRecord)}


@pytest.mark.shared
@pytest.mark.parametrize("name", ["andreruffert_manifest.js", "andreruffert_tweets_excerpt.js"])
def test_shared_samples_read_to_expected_output(shared: Path, name: str) -> None:
    folder = shared / "samples" / "twitter"
    source = _source(folder, name)
    assert [imp.NAME for imp in candidates(source)] == ["x"]
    assert_expected(name, x.read(source), paths={str(folder): "twitter"})


@pytest.mark.shared
def test_shared_sample_kinds_formats_and_string_counts(shared: Path) -> None:
    items = _items(list(x.read(_source(shared / "samples" / "twitter", "andreruffert_tweets_excerpt.js"))))
    assert [(i.format, i.kind) for i in items.values()] == [
        ("photo", "original"),
        ("text", "original"),
        ("other", "repost"),
        ("carousel", "original"),
        ("other", "repost"),
        ("video", "original"),
    ]
    video = items["802141456697790464"]
    assert video.duration_s == pytest.approx(19.013) and video.metrics == {"likes": 22.0, "reposts": 8.0}
    retweet = items["1471135073105858562"]
    # Someone else's words, media and figures are not kept: only id, date and kind.
    assert (retweet.text, retweet.metrics, retweet.media_count) == (None, {}, None)
    assert "quote" in items["1486721823299407877"].features  # a status link is a quote tweet
    assert items["1588091220244369409"].published_at == datetime(2022, 11, 3, 8, 50, 26, tzinfo=UTC)


def test_manifest_gives_the_account_and_the_export_date() -> None:
    records = list(x.read(_source(MARCH, "manifest.js")))
    assert records == [
        AccountRecord(
            platform="x",
            handle="museedelachandelle",
            display_name="Musée de la Chandelle",
            url="https://x.com/museedelachandelle",
            platform_account_id="1000000001",
        ),
        ExportInfo(datetime(2024, 3, 1, 10, 0, tzinfo=UTC)),
    ]


def test_tweets_map_kinds_formats_text_and_skip_a_dateless_tweet() -> None:
    records = list(x.read(_source(MARCH, "tweets.js")))
    items = _items(records)
    first = items["1750000000000000001"]
    assert (
        first.text
        == "Nouvelle salle « Lumières » ✨ ouverte ce matin ! Cafe\u0301 offert https://t.co/AbCdEf1234"
    )
    assert (first.format, first.features, first.metrics) == (
        "photo",
        ("alt_text",),
        {"likes": 42, "reposts": 7},
    )
    assert items["1750000000000000003"].reply_to_id == "1750000000000000002"
    assert items["1750000000000000003"].kind == "original"
    assert items["1750000000000000005"].kind == "reply_to_other"
    assert items["1750000000000000006"].kind == "repost"
    assert items["1750000000000000007"].text.startswith("Arts & métiers")  # &amp; decoded
    assert (items["1750000000000000007"].format, items["1750000000000000007"].duration_s) == ("video", 45.5)
    assert items["1750000000000000004"].format == "link"
    assert [r.reason for r in records if isinstance(r, Skip)] == ["tweet without id or date"]


def test_parts_gif_and_carousel_formats() -> None:
    items = _items(list(x.read(_source(JUNE, "tweets-part1.js"))))
    items |= _items(list(x.read(_source(JUNE, "tweets.js"))))
    assert items["1760000000000000001"].format == "carousel" and items["1760000000000000001"].media_count == 3
    assert items["1760000000000000002"].format == "video"  # animated GIF
    assert items["1760000000000000003"].format == "link"


def test_thread_is_one_content_item_with_parts_in_order(con: duckdb.DuckDBPyConnection) -> None:
    import_paths(con, [MARCH])
    overview = accounts_overview(con)
    assert overview == [
        {
            "platform": "x",
            "handle": "museedelachandelle",
            "items": 3,
            "reposts": 1,
            "replies_to_others": 1,
            "first_item_at": "2024-01-08T09:30:00Z",
            "last_item_at": "2024-01-15T11:00:00Z",
        }
    ]
    parts = con.execute(
        "SELECT item_id, part_index, parts, thread_id FROM items WHERE thread_id IS NOT NULL "
        "ORDER BY part_index"
    ).fetchall()
    assert parts == [(f"175000000000000000{n}", n - 1, 3, "1750000000000000002") for n in (2, 3, 4)]


def test_reimport_changes_nothing_and_overlap_gives_the_union(con: duckdb.DuckDBPyConnection) -> None:
    import_paths(con, [MARCH])
    before = con.execute("SELECT * FROM items ORDER BY item_id").fetchall()
    again = import_paths(con, [MARCH])
    assert again.added == again.updated == 0
    assert con.execute("SELECT * FROM items ORDER BY item_id").fetchall() == before
    import_paths(con, [JUNE])
    ids = {r[0] for r in con.execute("SELECT item_id FROM items").fetchall()}
    assert len(ids) == 10 and "1750000000000000002" in ids and "1760000000000000003" in ids
    history = con.execute(
        "SELECT exported_at, value FROM metric_snapshots WHERE item_id = '1750000000000000007' "
        "AND metric = 'likes' ORDER BY exported_at"
    ).fetchall()
    assert history == [(datetime(2024, 3, 1, 10), 30.0), (datetime(2024, 6, 1, 10), 55.0)]
    current = con.execute(
        "SELECT value FROM item_metrics_current WHERE item_id = '1750000000000000007' AND metric = 'likes'"
    ).fetchone()
    assert current == (55.0,)


def test_truncated_tweets_file_names_the_file_and_leaves_the_store_as_it_was(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "manifest.js").write_bytes((MARCH / "data" / "manifest.js").read_bytes())
    body = (MARCH / "data" / "tweets.js").read_bytes()
    (data / "tweets.js").write_bytes(body[: len(body) // 2])
    with pytest.raises(MalformedFileError) as caught:
        import_paths(con, [data])
    assert "tweets.js" in str(caught.value) and "truncated" in str(caught.value)
    assert con.execute("SELECT count(*) FROM items").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM import_runs").fetchone() == (0,)


def test_tweets_without_manifest_need_a_handle(tmp_path: Path) -> None:
    alone = tmp_path / "tweets.js"
    alone.write_bytes((MARCH / "data" / "tweets.js").read_bytes())
    (source,) = iter_sources([alone])
    with pytest.raises(MalformedFileError, match="manifest"):
        list(x.read(source))
    (hinted,) = iter_sources([alone], {"handle": "@museedelachandelle"})
    items = _items(list(x.read(hinted)))
    assert items["1750000000000000003"].reply_to_id == "1750000000000000002"  # by screen name


def test_older_archive_without_wrapper_and_trailing_semicolon(tmp_path: Path) -> None:
    old = tmp_path / "tweet.js"
    old.write_text(
        'window.YTD.tweet.part0 = [ {"id_str": "5", "created_at": "Mon Jan 08 09:30:00 +0000 2018",'
        ' "full_text": "vieux tweet", "favorite_count": "2", "retweet_count": "1"} ];\n',
        encoding="utf-8",
    )
    (source,) = iter_sources([old], {"handle": "musee"})
    assert x.sniff(source)
    (item,) = _items(list(x.read(source))).values()
    assert (item.item_id, item.text, item.metrics) == ("5", "vieux tweet", {"likes": 2.0, "reposts": 1.0})


def test_other_archive_files_are_not_claimed() -> None:
    like = _source(JUNE, "like.js")
    assert not x.sniff(like)
    assert candidates(like) == []


def test_analytics_csv_metrics_and_spreadsheet_damage() -> None:
    (source,) = iter_sources([ANALYTICS])
    assert [imp.NAME for imp in candidates(source)] == ["x"]
    records = list(x.read(source))
    items = _items(records)
    first = items["1750000000000000001"]
    assert first.metrics == {
        "impressions": 1203.0,
        "engagements": 85.0,
        "reposts": 7.0,
        "replies": 2.0,
        "likes": 42.0,
        "clicks": 0.0,
        "views": 410.0,
    }
    assert first.published_at == datetime(2024, 1, 8, 9, 30, tzinfo=UTC)
    assert items["1750000000000000006"].kind == "repost" and items["1750000000000000006"].metrics == {}
    assert [type(r).__name__ for r in records if isinstance(r, Warning_ | Skip)] == ["Warning_"]
    assert isinstance(records[0], AccountRecord) and records[0].handle == "museedelachandelle"


def test_zipped_archive_finds_its_manifest_inside_the_zip(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    archive = tmp_path / "twitter-2024-03-01-abc.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in (MARCH / "data").iterdir():
            bundle.write(path, f"data/{path.name}")
    report = import_paths(con, [archive])
    assert sorted(f.importer for f in report.files) == ["x", "x"]
    assert con.execute("SELECT count(*) FROM items").fetchone() == (7,)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.floats(min_value=0.0, max_value=1.0), flip=st.integers(min_value=0, max_value=10**6))
def test_damaged_tweets_give_a_clean_import_or_a_clear_error(tmp_path: Path, cut: float, flip: int) -> None:
    body = bytearray((MARCH / "data" / "tweets.js").read_bytes())
    body = body[: int(len(body) * cut)]
    if body and flip % 3 == 0:
        body[flip % len(body)] ^= 0x5A
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    (folder / "manifest.js").write_bytes((MARCH / "data" / "manifest.js").read_bytes())
    (folder / "tweets.js").write_bytes(bytes(body))
    con = store.connect(":memory:")
    try:
        import_paths(con, [folder])
    except InputError as error:
        assert "tweets.js" in str(error) or "manifest" in str(error)
        assert con.execute("SELECT count(*) FROM import_runs").fetchone() == (0,)
    finally:
        con.close()


# --- 2012-2018 archives ("Grailbird": data/js/tweets/YYYY_MM.js) ----------------------------
# Layout learned from archives published as-is, e.g. anildash/tweets (2013, dates like
# "Wed Feb 01 04:45:51 +0000 2012") and the 2015 layout quoted by other readers
# ("2015-01-24 02:02:37 +0000"); the fixtures are ours.
GRAILBIRD = FIXTURES / "grailbird_2015"
GRAILBIRD_2013 = FIXTURES / "grailbird_2013"


def test_grailbird_month_files_and_user_details_are_claimed_by_x_only() -> None:
    for name in ("2014_11.js", "2015_01.js", "user_details.js"):
        assert [imp.NAME for imp in candidates(_source(GRAILBIRD, name))] == ["x"], name
    for name in ("payload_details.js", "tweet_index.js"):
        assert candidates(_source(GRAILBIRD, name)) == [], name


def test_grailbird_archive_counts_a_thread_once_and_a_reply_chain_never(
    con: duckdb.DuckDBPyConnection,
) -> None:
    report = import_paths(con, [GRAILBIRD])
    assert accounts_overview(con) == [
        {
            "platform": "x",
            "handle": "museedelachandelle",
            "items": 3,                      # the 2-part thread, the link post, the late post
            "reposts": 1,
            "replies_to_others": 2,          # the reply to a visitor and the follow-up under it
            "first_item_at": "2014-11-18T09:00:00Z",
            "last_item_at": "2015-01-31T23:30:00Z",
        }
    ]
    assert any(name.endswith("tweet_index.js") for name, _ in report.not_read)
    account = con.execute("SELECT display_name, platform_account_id FROM accounts").fetchone()
    assert account == ("Musée de la Chandelle", "4242424242")
    thread = con.execute(
        "SELECT item_id, part_index, parts FROM items WHERE thread_id = '530000000000000001' "
        "ORDER BY part_index"
    ).fetchall()
    assert thread == [("530000000000000001", 1, 2), ("530000000000000002", 2, 2)]
    retweet = con.execute(
        "SELECT kind, format, text, url FROM items WHERE item_id = '530000000000000004'"
    ).fetchone()
    assert retweet == ("repost", "other", None, "https://x.com/i/status/510000000000000001")


def test_grailbird_text_and_dates_are_exact_and_utc() -> None:
    items = _items(list(x.read(_source(GRAILBIRD, "2015_01.js"))))
    late = items["560000000000000002"]
    assert late.published_at == datetime(2015, 1, 31, 23, 30, tzinfo=UTC)   # 1 Feb 00:30 in Paris
    assert late.text == "Nuit des musées : on veille tard \U0001F56F\uFE0F ce soir"
    link = items["560000000000000001"]
    assert link.text == "Programme de février : Zoe\u0301 & les bougies http://t.co/bbbbbbbbbb"
    assert link.format == "link"
    photo = _items(list(x.read(_source(GRAILBIRD, "2014_11.js"))))["530000000000000001"]
    assert (photo.format, photo.media_count) == ("photo", 1)


def test_grailbird_export_date_comes_from_payload_details() -> None:
    records = list(x.read(_source(GRAILBIRD, "2014_11.js")))
    assert ExportInfo(datetime(2015, 2, 10, 9, tzinfo=UTC)) in records
    older = list(x.read(_source(GRAILBIRD_2013, "2013_01.js")))
    assert ExportInfo(datetime(2013, 2, 8, 4, 20, 27, tzinfo=UTC)) in older
    (item,) = _items(older).values()
    assert item.published_at == datetime(2013, 1, 1, 10, tzinfo=UTC)


def test_a_grailbird_month_file_alone_names_its_account_from_its_tweets(tmp_path: Path) -> None:
    alone = tmp_path / "2014_11.js"
    alone.write_bytes((GRAILBIRD / "data" / "js" / "tweets" / "2014_11.js").read_bytes())
    (source,) = iter_sources([alone])
    records = list(x.read(source))
    (account,) = [r for r in records if isinstance(r, AccountRecord)]
    assert (account.handle, account.platform_account_id) == ("museedelachandelle", "4242424242")
    items = _items(records)
    assert items["530000000000000002"].reply_to_id == "530000000000000001"
    assert items["530000000000000003"].kind == "reply_to_other"


def test_a_large_grailbird_file_gives_the_same_items_as_the_streamed_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from chandelle.importers import _fastpath

    streamed = _items(list(x.read(_source(GRAILBIRD, "2014_11.js"))))
    monkeypatch.setattr(_fastpath, "MIN_BYTES", 0)
    large = _items(list(x.read(_source(GRAILBIRD, "2014_11.js"))))
    assert large == streamed and len(large) == 5


# --- an archive of about 2019 with no manifest.js: tweet.js (flat tweets) + account.js at the root
# (layout as in archives published with account.js and tweet.js, e.g. dsajgiouawj/TweetArchive's
# data/ files; fixture ours, with the self-reply matched by user id only).
NO_MANIFEST = FIXTURES / "archive_2019_no_manifest"


def test_an_archive_without_manifest_takes_its_account_from_account_js(
    con: duckdb.DuckDBPyConnection,
) -> None:
    records = list(x.read(_source(NO_MANIFEST, "tweet.js")))
    (account,) = [r for r in records if isinstance(r, AccountRecord)]
    assert (account.handle, account.platform_account_id, account.display_name) == (
        "museedelachandelle", "4242424242", "Musée de la Chandelle")
    assert "contact@example.org" not in repr(records) and "+33600000000" not in repr(records)
    assert _items(records)["1100000000000000002"].reply_to_id == "1100000000000000001"
    import_paths(con, [NO_MANIFEST])
    assert accounts_overview(con)[0]["items"] == 1      # a thread of two parts, counted once
