"""Bluesky importer: saved getAuthorFeed pages and genuine repository CAR files built by the test."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from _bluesky_car import blob, build_car, key_layer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chandelle import store
from chandelle.errors import InputError, MalformedFileError
from chandelle.importers import _car, bluesky, candidates
from chandelle.importers.base import AccountRecord, ItemRecord, Record, Skip
from chandelle.importers.source import Source, iter_sources
from chandelle.ingest import import_paths
from chandelle.queries import accounts_overview

FEED = Path(__file__).resolve().parent.parent / "fixtures" / "bluesky" / "author_feed_page1.json"
DID = "did:plc:chandellemusee2024abcd"
OTHER = "did:plc:louvreofficiel0000000000"
POST, REPOST = "app.bsky.feed.post", "app.bsky.feed.repost"


def _one(path: Path, hints: dict[str, str] | None = None) -> Source:
    (source,) = iter_sources([path], hints)
    return source


def _items(records: list[Record]) -> dict[str, ItemRecord]:
    return {r.item_id.rsplit("/", 1)[1]: r for r in records if isinstance(r, ItemRecord)}


def _uri(rkey: str, did: str = DID, collection: str = POST) -> str:
    return f"at://{did}/{collection}/{rkey}"


def _ref(rkey: str, did: str = DID) -> dict[str, Any]:
    return {"uri": _uri(rkey, did), "cid": "bafyreiexampleexampleexampleexampleexampleexampleexam"}


def _repo_records() -> dict[str, dict[str, Any]]:
    root = _ref("3kthreadroot2a")
    return {
        f"{POST}/3kthreadroot2a": {
            "$type": POST,
            "text": "Un fil 🧵 (1/3)",
            "createdAt": "2024-01-10T14:00:00Z",
            "langs": ["fr"],
        },
        f"{POST}/3kthreadpart2b": {
            "$type": POST,
            "text": "Suite (2/3)",
            "createdAt": "2024-01-10T14:01:00.000Z",
            "reply": {"root": root, "parent": root},
        },
        f"{POST}/3kthreadpart3c": {
            "$type": POST,
            "text": "Fin (3/3)",
            "createdAt": "2024-01-10T14:02:00.123456789Z",
            "reply": {"root": root, "parent": _ref("3kthreadpart2b")},
        },
        f"{POST}/3kreplyother2": {
            "$type": POST,
            "text": "Merci !",
            "createdAt": "2024-01-09T19:00:00Z",
            "reply": {"root": _ref("3kotherpost22", OTHER), "parent": _ref("3kotherpost22", OTHER)},
        },
        f"{POST}/3kphotospost2": {
            "$type": POST,
            "text": "« Lumières » ✨ Cafe\u0301",
            "createdAt": "2024-01-08T09:30:00Z",
            "embed": {
                "$type": "app.bsky.embed.images",
                "images": [{"image": blob("1"), "alt": "Une salle"}, {"image": blob("2"), "alt": ""}],
            },
        },
        f"{POST}/3kvideopost22": {
            "$type": POST,
            "text": "Vidéo",
            "createdAt": "2024-01-08T11:00:00+01:00",
            "embed": {"$type": "app.bsky.embed.video", "video": blob("v", "video/mp4")},
        },
        f"{POST}/3kquotemedia2": {
            "$type": POST,
            "text": "Regardez",
            "createdAt": "2024-01-07T09:00:00Z",
            "embed": {
                "$type": "app.bsky.embed.recordWithMedia",
                "record": {"$type": "app.bsky.embed.record", "record": _ref("3kotherpost22", OTHER)},
                "media": {"$type": "app.bsky.embed.images", "images": [{"image": blob("3"), "alt": "x"}]},
            },
        },
        f"{REPOST}/3krepostxyz22": {
            "$type": REPOST,
            "subject": _ref("3kotherpost22", OTHER),
            "createdAt": "2024-01-09T18:00:00.000Z",
        },
        "app.bsky.feed.like/3klikeabc222": {
            "$type": "app.bsky.feed.like",
            "subject": _ref("3kotherpost22", OTHER),
            "createdAt": "2024-01-09T18:00:00Z",
        },
        "app.bsky.actor.profile/self": {
            "$type": "app.bsky.actor.profile",
            "displayName": "Musée de la Chandelle",
        },
    }


@pytest.fixture
def car_path(tmp_path: Path) -> Path:
    path = tmp_path / "repo.car"
    path.write_bytes(build_car(DID, _repo_records()))
    return path


def test_feed_page_kinds_formats_metrics_and_account() -> None:
    source = _one(FEED)
    assert [imp.NAME for imp in candidates(source)] == ["bluesky"]
    records = list(bluesky.read(source))
    assert records[0] == AccountRecord(
        platform="bluesky",
        handle="chandelle.bsky.social",
        display_name="Musée de la Chandelle",
        url="https://bsky.app/profile/chandelle.bsky.social",
        platform_account_id=DID,
    )
    items = _items(records)
    assert items["3kthreadpart2b"].reply_to_id == _uri("3kthreadroot2a")
    assert items["3kthreadpart2b"].published_at == datetime(2024, 1, 10, 14, 1, 0, 500000, tzinfo=UTC)
    assert items["3kreplyother2"].kind == "reply_to_other"
    repost = items["3krepostxyz22"]
    assert (repost.kind, repost.metrics, repost.url) == (
        "repost",
        {},
        "https://bsky.app/profile/did:plc:louvreofficiel0000000000/post/3kotherpost22",
    )
    photos = items["3kphotospost2"]
    assert (photos.format, photos.media_count, photos.features) == (
        "carousel",
        2,
        ("alt_text", "content_warning"),
    )
    assert photos.metrics == {"likes": 42, "reposts": 7, "replies": 2, "quotes": 1}
    assert photos.text == "Nouvelle salle « Lumières » ✨ Cafe\u0301 offert"
    assert (items["3kvideopost22"].format, items["3kthreadpart3c"].format) == ("video", "link")
    assert items["3kquotepost22"].features == ("quote",)
    assert not [r for r in records if isinstance(r, Skip)]


def test_feed_thread_is_one_content_item(con: duckdb.DuckDBPyConnection) -> None:
    import_paths(con, [FEED])
    (row,) = accounts_overview(con)
    assert (row["items"], row["reposts"], row["replies_to_others"]) == (4, 1, 1)
    parts = con.execute(
        "SELECT split_part(item_id, '/', 5), part_index, parts FROM items "
        "WHERE thread_id IS NOT NULL ORDER BY part_index"
    ).fetchall()
    assert parts == [("3kthreadroot2a", 1, 3), ("3kthreadpart2b", 2, 3), ("3kthreadpart3c", 3, 3)]


def test_car_generator_round_trips_through_the_reader(car_path: Path) -> None:
    with car_path.open("rb") as handle:
        repo = _car.read_repository(handle)
    assert repo.did == DID
    assert [key for key, _ in repo.entries()] == sorted(_repo_records())


def test_car_with_a_deep_tree_lists_every_record_in_order(tmp_path: Path) -> None:
    records = {
        f"{POST}/3k{n:011d}": {"$type": POST, "text": f"post {n}", "createdAt": "2024-01-01T00:00:00Z"}
        for n in range(400)
    }
    assert max(key_layer(k) for k in records) >= 2  # the tree has several levels
    path = tmp_path / "big.car"
    path.write_bytes(build_car(DID, records))
    with path.open("rb") as handle:
        keys = [key for key, _ in _car.read_repository(handle).entries()]
    assert keys == sorted(records)
    assert len(list(bluesky.read(_one(path)))) == 401


def test_car_posts_and_reposts(car_path: Path) -> None:
    source = _one(car_path)
    assert [imp.NAME for imp in candidates(source)] == ["bluesky"]
    records = list(bluesky.read(source))
    assert records[0] == AccountRecord(
        platform="bluesky",
        handle=DID,
        display_name="Musée de la Chandelle",
        url=f"https://bsky.app/profile/{DID}",
        platform_account_id=DID,
    )
    items = _items(records)
    assert len(items) == 8  # likes and the profile are not items
    assert items["3kthreadpart3c"].reply_to_id == _uri("3kthreadpart2b")
    assert items["3kreplyother2"].kind == "reply_to_other"
    assert (items["3krepostxyz22"].kind, items["3krepostxyz22"].item_id) == (
        "repost",
        _uri("3krepostxyz22", collection=REPOST),
    )
    assert (items["3kphotospost2"].format, items["3kphotospost2"].features) == ("carousel", ("alt_text",))
    assert items["3kvideopost22"].published_at == datetime(2024, 1, 8, 10, 0, tzinfo=UTC)
    assert (items["3kquotemedia2"].format, items["3kquotemedia2"].features) == (
        "photo",
        ("quote", "alt_text"),
    )
    assert all(not item.metrics for item in items.values())  # the CAR has no counts


def test_car_and_feed_merge_when_the_handle_is_given(con: duckdb.DuckDBPyConnection, car_path: Path) -> None:
    import_paths(con, [car_path], hints={"handle": "chandelle.bsky.social"})
    before = con.execute("SELECT * FROM items ORDER BY item_id").fetchall()
    again = import_paths(con, [car_path], hints={"handle": "chandelle.bsky.social"})
    assert again.added == again.updated == 0
    assert con.execute("SELECT * FROM items ORDER BY item_id").fetchall() == before
    import_paths(con, [FEED])
    (row,) = accounts_overview(con)
    assert row["handle"] == "chandelle.bsky.social"
    ids = {r[0] for r in con.execute("SELECT item_id FROM items").fetchall()}
    assert len(ids) == 9  # 8 from the CAR, 1 only in the feed
    likes = con.execute(
        "SELECT value FROM item_metrics_current WHERE item_id = ? AND metric = 'likes'",
        [_uri("3kthreadroot2a")],
    ).fetchone()
    assert likes == (12.0,)


@pytest.mark.parametrize("damage", ["truncate", "flip"])
def test_damaged_car_is_refused_and_the_store_untouched(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, car_path: Path, damage: str
) -> None:
    data = bytearray(car_path.read_bytes())
    if damage == "truncate":
        data = data[: len(data) - 40]
    else:
        data[-30] ^= 0xFF
    broken = tmp_path / "broken.car"
    broken.write_bytes(bytes(data))
    with pytest.raises(MalformedFileError, match=r"broken\.car"):
        import_paths(con, [broken])
    assert con.execute("SELECT count(*) FROM items").fetchone() == (0,)


def test_feed_as_a_list_of_pages_and_foreign_json_not_claimed(tmp_path: Path) -> None:
    page = json.loads(FEED.read_text(encoding="utf-8"))
    pages = tmp_path / "pages.json"
    pages.write_text(
        json.dumps([{"feed": page["feed"][:3], "cursor": "a"}, {"feed": page["feed"][3:]}]), encoding="utf-8"
    )
    assert len(_items(list(bluesky.read(_one(pages))))) == 8
    other = tmp_path / "other.json"
    other.write_text('{"feed": [], "note": "at://did:plc:x app.bsky.feed.like"}', encoding="utf-8")
    assert not bluesky.sniff(_one(other))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.floats(min_value=0.0, max_value=1.0), flip=st.integers(min_value=0, max_value=10**6))
def test_damaged_car_or_feed_gives_a_clean_import_or_a_clear_error(
    tmp_path: Path, cut: float, flip: int
) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    for name, original in (("repo.car", build_car(DID, _repo_records())), ("feed.json", FEED.read_bytes())):
        body = bytearray(original[: max(1, int(len(original) * cut))])
        if flip % 2 == 0:
            body[flip % len(body)] ^= 0x5A
        (folder / name).write_bytes(bytes(body))
        con = store.connect(":memory:")
        try:
            import_paths(con, [folder / name])
        except InputError as error:
            assert name in str(error)
            assert con.execute("SELECT count(*) FROM import_runs").fetchone() == (0,)
        finally:
            con.close()


def test_a_self_reply_under_someone_elses_thread_is_a_reply_even_without_its_parent() -> None:
    did = "did:plc:chandellemusee2024abcd"
    post = {"$type": "app.bsky.feed.post", "text": "et aussi…", "createdAt": "2024-01-10T14:02:00Z",
            "reply": {"root": {"uri": "at://did:plc:autre/app.bsky.feed.post/3kroot", "cid": "b"},
                      "parent": {"uri": f"at://{did}/app.bsky.feed.post/3kmine", "cid": "b"}}}
    uri = f"at://{did}/app.bsky.feed.post/3kfollow"
    item = bluesky.post_record(uri, post, did, "chandelle.bsky.social",
                               datetime(2024, 1, 10, 14, 2, tzinfo=UTC), {})
    assert (item.kind, item.reply_to_id) == ("reply_to_other", f"at://{did}/app.bsky.feed.post/3kmine")


# --- a getAuthorFeed page of early 2023 (feedViewPost#reasonRepost, "upvoteCount", author
# "declaration"; layout as in ShinoharaTa/the-blue docs/sample.md) with a pinned post
# (reasonPin, which later pages add on top: a post of the account, not a repost); fixture ours.
FEED_2023 = FEED.parent / "author_feed_2023_pinned.json"


def test_early_2023_feed_page_and_a_pinned_post(con: duckdb.DuckDBPyConnection) -> None:
    records = list(bluesky.read(_one(FEED_2023)))
    items = _items(records)
    assert items["3jqpinned0001"].kind == "original"                  # pinned is not reposted
    assert items["3jqcusgcwfc23"].metrics == {"likes": 5.0, "reposts": 5.0, "replies": 0.0}
    repost = next(r for r in records if isinstance(r, ItemRecord) and r.kind == "repost")
    assert repost.text is None and repost.published_at.isoformat() == "2023-03-07T03:05:57.361000+00:00"
    import_paths(con, [FEED_2023])
    overview = accounts_overview(con)[0]
    assert (overview["handle"], overview["items"], overview["reposts"]) == ("chandelle.bsky.social", 2, 1)
