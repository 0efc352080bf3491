"""Mastodon importer: the real archive samples, visibility, threads, boosts, formats, damage."""

from __future__ import annotations

import json
import tempfile
import zipfile
from pathlib import Path

import duckdb
import pytest
from _expected import assert_expected
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chandelle import store
from chandelle.errors import InputError, MalformedFileError
from chandelle.importers import candidates, mastodon
from chandelle.importers._html import html_to_text
from chandelle.importers.base import AccountRecord, ItemRecord, Record, Skip
from chandelle.importers.source import Source, iter_sources
from chandelle.ingest import import_paths
from chandelle.queries import accounts_overview

ARCHIVE = Path(__file__).resolve().parent.parent / "fixtures" / "mastodon" / "archive"
BASE = "https://musees.social/users/chandelle/statuses/"


def _source(folder: Path, name: str) -> Source:
    return next(s for s in iter_sources([folder]) if s.basename == name)


def _items(records: list[Record]) -> dict[str, ItemRecord]:
    return {r.item_id.removeprefix(BASE): r for r in records if isinstance(r, ItemRecord)}


@pytest.mark.shared
@pytest.mark.parametrize("name", ["dealingwith_actor.json", "dealingwith_outbox_excerpt.json"])
def test_shared_samples_read_to_expected_output(shared: Path, name: str) -> None:
    folder = shared / "samples" / "mastodon"
    source = _source(folder, name)
    assert [imp.NAME for imp in candidates(source)] == ["mastodon"]
    assert_expected(name, mastodon.read(source), paths={str(folder): "mastodon"})


@pytest.mark.shared
def test_shared_outbox_kinds_and_formats(shared: Path) -> None:
    records = list(mastodon.read(_source(shared / "samples" / "mastodon", "dealingwith_outbox_excerpt.json")))
    items = [r for r in records if isinstance(r, ItemRecord)]
    assert len(items) == 9 and not [r for r in records if isinstance(r, Skip)]
    assert [i.kind for i in items].count("repost") == 1
    assert [i.kind for i in items].count("reply_to_other") == 2
    assert [i.format for i in items if i.kind == "original"] == [
        "link",
        "photo",
        "carousel",
        "text",
        "text",
        "video",
    ]
    assert {i.account for i in items} == {"dealingwith@indieweb.social"}
    first = items[0]
    assert first.text is not None and first.text.endswith(
        "https://daniel.industries/2022/11/07/less-twitter-more-indieweb/"
    )  # invisible spans kept


def test_actor_gives_handle_name_and_url() -> None:
    assert list(mastodon.read(_source(ARCHIVE, "actor.json"))) == [
        AccountRecord(
            platform="mastodon",
            handle="chandelle@musees.social",
            display_name="Musée de la Chandelle",
            url="https://musees.social/@chandelle",
            platform_account_id="https://musees.social/users/chandelle",
        )
    ]


def test_non_public_posts_are_never_stored_and_features_are_kept() -> None:
    records = list(mastodon.read(_source(ARCHIVE, "outbox.json")))
    items = _items(records)
    assert [r.reason for r in records if isinstance(r, Skip)] == [
        "non-public post (followers-only or direct), not stored"
    ] * 2
    assert "111000000000000006" not in items and "111000000000000007" not in items
    texts = " ".join(i.text or "" for i in items.values())
    assert "abonnés" not in texts and "privé" not in texts
    first = items["111000000000000001"]
    assert (
        first.text
        == "Nouvelle salle « Lumières » ✨ ouverte\xa0!\n\nCafe\u0301 offert aux 100 premiers visiteurs."
    )
    assert (first.format, first.features) == ("photo", ("alt_text",))
    assert items["111000000000000003"].text == "Au XVIIe siècle, le suif coûte cher…\nTrès cher. (2/3)"
    assert items["111000000000000003"].reply_to_id == BASE + "111000000000000002"
    assert items["111000000000000005"].kind == "reply_to_other"
    assert (items["111000000000000008/activity"].kind, items["111000000000000008/activity"].url) == (
        "repost",
        "https://mastodon.social/users/louvre/statuses/110888",
    )
    assert (items["111000000000000009"].format, items["111000000000000009"].features) == (
        "video",
        ("unlisted",),
    )
    assert (items["111000000000000010"].format, items["111000000000000010"].features) == (
        "poll",
        ("content_warning",),
    )


def test_thread_is_one_item_and_reimport_changes_nothing(con: duckdb.DuckDBPyConnection) -> None:
    import_paths(con, [ARCHIVE])
    assert accounts_overview(con) == [
        {
            "platform": "mastodon",
            "handle": "chandelle@musees.social",
            "items": 4,
            "reposts": 1,
            "replies_to_others": 1,
            "first_item_at": "2024-01-08T09:30:00Z",
            "last_item_at": "2024-01-16T11:00:00Z",
        }
    ]
    parts = con.execute(
        "SELECT item_id, part_index, parts FROM items WHERE thread_id IS NOT NULL ORDER BY part_index"
    ).fetchall()
    assert parts == [(BASE + f"11100000000000000{n}", n - 1, 3) for n in (2, 3, 4)]
    name = con.execute("SELECT display_name FROM accounts").fetchone()
    assert name == ("Musée de la Chandelle",)
    before = con.execute("SELECT * FROM items ORDER BY item_id").fetchall()
    report = import_paths(con, [ARCHIVE])
    assert report.added == report.updated == 0
    assert con.execute("SELECT * FROM items ORDER BY item_id").fetchall() == before


def test_overlapping_archives_give_the_union(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    outbox = json.loads((ARCHIVE / "outbox.json").read_text(encoding="utf-8"))
    early, late = tmp_path / "early", tmp_path / "late"
    for folder, kept in ((early, outbox["orderedItems"][:5]), (late, outbox["orderedItems"][3:])):
        folder.mkdir()
        (folder / "outbox.json").write_text(json.dumps({**outbox, "orderedItems": kept}), encoding="utf-8")
    import_paths(con, [early])
    import_paths(con, [late])
    assert con.execute("SELECT count(*) FROM items").fetchone() == (8,)


def test_zip_archive_is_read_and_likes_are_ignored(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    archive = tmp_path / "archive-20240201.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in ARCHIVE.iterdir():
            bundle.write(path, path.name)
    report = import_paths(con, [archive])
    assert sorted(f.file_name.rsplit("›", 1)[1].strip() for f in report.files) == [
        "actor.json",
        "outbox.json",
    ]
    assert any(name.endswith("likes.json") for name in report.ignored)


def test_truncated_outbox_is_refused_with_its_name(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    broken = tmp_path / "outbox.json"
    body = (ARCHIVE / "outbox.json").read_bytes()
    broken.write_bytes(body[: len(body) * 2 // 3])
    with pytest.raises(MalformedFileError, match=r"outbox\.json"):
        import_paths(con, [broken])
    assert con.execute("SELECT count(*) FROM items").fetchone() == (0,)


def test_html_to_text_keeps_text_exactly() -> None:
    assert (
        html_to_text("<p>« Bonjour »&nbsp;!</p><p>L&#39;atelier<br/>ouvre</p>")
        == "« Bonjour »\xa0!\n\nL'atelier\nouvre"
    )
    assert html_to_text("déjà du texte") == "déjà du texte"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.floats(min_value=0.0, max_value=1.0), flip=st.integers(min_value=0, max_value=10**6))
def test_damaged_outbox_gives_a_clean_import_or_a_clear_error(tmp_path: Path, cut: float, flip: int) -> None:
    body = bytearray((ARCHIVE / "outbox.json").read_bytes())
    body = body[: int(len(body) * cut)]
    if body and flip % 3 == 0:
        body[flip % len(body)] ^= 0x5A
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    (folder / "outbox.json").write_bytes(bytes(body))
    con = store.connect(":memory:")
    try:
        import_paths(con, [folder / "outbox.json"])
    except InputError as error:
        assert "outbox.json" in str(error)
        assert con.execute("SELECT count(*) FROM import_runs").fetchone() == (0,)
    finally:
        con.close()


def _wrapped(note_to: list[str], note_cc: list[str]) -> dict[str, object]:
    """A Create addressed to the public around a note addressed otherwise."""
    public = "https://www.w3.org/ns/activitystreams#Public"
    actor = "https://musees.social/users/chandelle"
    return {"id": f"{BASE}42/activity", "type": "Create", "actor": actor,
            "published": "2024-01-08T09:30:00Z", "to": [public], "cc": [f"{actor}/followers"],
            "object": {"id": f"{BASE}42", "type": "Note", "published": "2024-01-08T09:30:00Z",
                       "attributedTo": actor, "to": note_to, "cc": note_cc,
                       "content": "<p>Rendez-vous demain ?</p>", "attachment": []}}


def test_a_note_decides_its_own_visibility_whatever_the_activity_says() -> None:
    actor = "https://musees.social/users/chandelle"
    direct = mastodon.activity_record(_wrapped(["https://autre.social/users/voisin"], []), "#1")
    followers = mastodon.activity_record(_wrapped([f"{actor}/followers"], []), "#2")
    assert isinstance(direct, Skip) and isinstance(followers, Skip)
    public = mastodon.activity_record(_wrapped(["https://www.w3.org/ns/activitystreams#Public"], []), "#3")
    assert isinstance(public, ItemRecord) and public.text == "Rendez-vous demain ?"


# --- other real layouts of an outbox ---------------------------------------------------------
# pretty_2022: pretty-printed, the first items with their own "@context" and later ones with a
# "signature" block (as in hikurry/Mastodon-archive outbox.json, Mastodon 3.x); static_site_outbox:
# an ActivityPub outbox written by a website generator, "to" a string, no activity date, local
# offsets (as in cmahnke/christianmahnke outbox.json); outbox_pages: pages saved from the server
# (OrderedCollectionPage, overlapping). Fixtures ours.
FIXTURES = ARCHIVE.parent


def _records(folder: Path) -> list[Record]:
    return [r for s in iter_sources([folder]) for r in mastodon.read(s)]


def test_pretty_printed_outbox_with_signatures_reads_kinds_and_keeps_text_exactly() -> None:
    records = _records(FIXTURES / "pretty_2022")
    items = {r.item_id.rsplit("/", 2)[-2 if r.kind == "repost" else -1]: r
             for r in records if isinstance(r, ItemRecord)}
    assert sorted(items) == ["108000000000000002", "108000000000000003", "108000000000000004",
                             "108000000000000005"]                 # #1 is followers-only
    assert items["108000000000000003"].text == "Zoe\u0301 vous guide : « Les lustres »"
    assert items["108000000000000002"].text == "Ouverture nocturne ce soir \U0001F56F\uFE0F jusqu’à 22 h"
    assert items["108000000000000004"].reply_to_id == BASE.replace("musees.social", "musees.example") \
        + "108000000000000003"
    assert (items["108000000000000005"].kind, items["108000000000000005"].text) == ("repost", None)
    assert [s.reason for s in records if isinstance(s, Skip)] == [
        "non-public post (followers-only or direct), not stored"]


def test_static_site_outbox_with_string_addressing_and_local_offsets(con: duckdb.DuckDBPyConnection) -> None:
    import_paths(con, [FIXTURES / "static_site_outbox"])
    rows = con.execute("SELECT published_at, format, kind FROM items ORDER BY published_at").fetchall()
    assert [(str(r[0]), r[1], r[2]) for r in rows] == [
        ("2025-01-15 13:30:00", "link", "original"),          # 14:30 +01:00, stored in UTC
        ("2025-05-17 21:30:00", "link", "original"),          # 23:30 +02:00
    ]


def test_overlapping_outbox_pages_saved_from_the_server_give_the_union(
    con: duckdb.DuckDBPyConnection,
) -> None:
    pages = FIXTURES / "outbox_pages"
    for source in iter_sources([pages]):
        assert [imp.NAME for imp in candidates(source)] == ["mastodon"]
    import_paths(con, [pages])
    assert con.execute("SELECT count(*) FROM content_items").fetchone() == (3,)
    again = import_paths(con, [pages / "outbox_page2.json"])
    assert again.added == again.updated == 0
