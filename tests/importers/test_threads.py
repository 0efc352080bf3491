"""Threads importer: threads_and_replies.json from the Instagram data download."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from chandelle.importers import candidates, threads
from chandelle.importers.base import AccountRecord, ItemRecord, Record, Warning_
from chandelle.importers.source import Source, iter_sources
from chandelle.ingest import import_paths

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "threads"
ARCHIVE = FIXTURES / "instagram-musee.lumiere-2025-03-02-Xy12Ab"
THREADS = ARCHIVE / "your_instagram_activity" / "threads" / "threads_and_replies.json"
NO_FLAG = FIXTURES / "no_reply_flag_threads_and_replies.json"


def _source(path: Path, root: Path | None = None) -> Source:
    for source in iter_sources([root or path]):
        if Path(source.name) == path:
            return source
    raise AssertionError(path)


def _read(path: Path, root: Path | None = None) -> list[Record]:
    return list(threads.read(_source(path, root)))


def _items(records: list[Record]) -> list[ItemRecord]:
    return [r for r in records if isinstance(r, ItemRecord)]


def test_fixtures_are_recognised_by_threads_alone() -> None:
    assert [m.NAME for m in candidates(_source(THREADS, ARCHIVE))] == ["threads"]
    assert [m.NAME for m in candidates(_source(NO_FLAG))] == ["threads"]
    profile = THREADS.parent / "personal_information.json"
    assert candidates(_source(profile, ARCHIVE)) == []


def test_threads_claims_no_shared_sample(shared: Path) -> None:
    for source in iter_sources([shared / "samples"]):
        assert not threads.sniff(source), source.name


def test_self_replies_become_thread_parts_and_other_replies_are_kept_apart() -> None:
    records = _read(THREADS, ARCHIVE)
    items = _items(records)
    by_text = {i.text[:3] if i.text else "": i for i in items}
    root, second, third = by_text["1/3"], by_text["2/3"], by_text["3/3"]
    assert (root.reply_to_id, root.format, root.media_count) == (None, "photo", 1)
    assert second.reply_to_id == root.item_id and third.reply_to_id == second.item_id
    assert {root.kind, second.kind, third.kind} == {"original"}
    other = by_text["Mer"]
    assert (other.kind, other.reply_to_id) == ("reply_to_other", None)
    assert by_text["Caf"].text == "Café d’automne" and by_text["Caf"].format == "text"
    assert [i.published_at for i in items] == sorted(i.published_at for i in items)
    warning = next(r for r in records if isinstance(r, Warning_))
    assert (warning.params["parts"], warning.params["others"]) == ("2", "1")


def test_account_from_the_threads_profile_without_personal_data() -> None:
    records = _read(THREADS, ARCHIVE)
    assert records[0] == AccountRecord(platform="threads", handle="musee.lumiere",
                                       display_name="Musée Lumière",
                                       url="https://www.threads.com/@musee.lumiere")
    assert "com@musee-lumiere" not in repr(records)


def test_an_export_without_reply_flags_says_so() -> None:
    records = _read(NO_FLAG)
    assert [(i.kind, i.reply_to_id) for i in _items(records)] == [("original", None)]
    assert any(isinstance(r, Warning_) and "does not mark replies" in r.message for r in records)


def test_store_unrolls_the_thread_into_one_content_item(con: duckdb.DuckDBPyConnection) -> None:
    import_paths(con, [ARCHIVE])
    content = con.execute("SELECT text, parts FROM content_items WHERE platform = 'threads' "
                          "ORDER BY published_at").fetchall()
    assert content == [("Café d’automne", 1), ("1/3 Ce soir, nocturne au musée 🕯️ (fil)", 3)]
    parts = con.execute("SELECT part_index, text FROM items WHERE thread_id IS NOT NULL "
                        "ORDER BY part_index").fetchall()
    assert [p[0] for p in parts] == [1, 2, 3]
    assert parts[1][1] == "2/3 Au programme : « Les ombres » et la salle des lustres"
    again = import_paths(con, [ARCHIVE])
    assert again.added == 0 and again.updated == 0


def test_overlapping_exports_give_the_union(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    posts = json.loads(THREADS.read_text())["text_post_app_text_posts"]
    for name, part in (("a", posts[2:]), ("b", posts[:4])):
        path = tmp_path / name / "threads_and_replies.json"
        path.parent.mkdir()
        path.write_text(json.dumps({"text_post_app_text_posts": part}), encoding="utf-8")
    import_paths(con, [tmp_path / "a"], hints={"handle": "musee.lumiere"})
    import_paths(con, [tmp_path / "b"], hints={"handle": "musee.lumiere"})
    assert con.execute("SELECT count(*) FROM items WHERE platform = 'threads'").fetchone() == (5,)


def _post(title: str, at: int, is_reply: bool) -> dict[str, object]:
    return {"media": [{"uri": "", "creation_timestamp": at, "title": title,
                       "media_metadata": {"camera_metadata": {"has_camera_metadata": False}},
                       "cross_post_source": {"source_app": "FB"},
                       "text_app_post": {"reply_control": "everyone", "geo_gated_country_list": "",
                                         "is_reply": is_reply}}]}


def test_follow_ups_of_a_reply_to_someone_else_are_not_content(
        con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    # Newest first, as exported: a reply to someone (an hour after the post), then two
    # follow-ups within minutes of it: a reply chain, not a thread.
    posts = [_post("suite 2", 1740004200, True), _post("suite 1", 1740003900, True),
             _post("Merci !", 1740003600, True), _post("Nocturne ce soir", 1740000000, False)]
    folder = tmp_path / "your_instagram_activity" / "threads"
    folder.mkdir(parents=True)
    (folder / "threads_and_replies.json").write_text(
        json.dumps({"text_post_app_text_posts": posts}), encoding="utf-8")
    import_paths(con, [tmp_path], hints={"handle": "musee.lumiere"})
    content = con.execute("SELECT text FROM content_items").fetchall()
    assert content == [("Nocturne ce soir",)]


def test_cli_says_first_that_the_account_is_unnamed(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("import", str(NO_FLAG))
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0]
    assert first.startswith("L'export ne nomme pas le compte") and "« threads »" in first
    assert "--handle" in first
    other = str(tmp_path / "other.duckdb")
    named = run_cli("import", str(NO_FLAG), "--handle", "musee.lumiere", "--db", other)
    assert named.exit_code == 0 and "rangés sous" not in named.stdout and "musee.lumiere" in named.stdout
