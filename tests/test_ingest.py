"""The import pipeline: all or nothing, unsafe archives refused, unknown files named."""

from __future__ import annotations

import json
import types
import zipfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from chandelle import importers, store
from chandelle.errors import InputError, MalformedFileError, UnknownFormatError, UnsafeArchiveError
from chandelle.importers.base import AccountRecord, ItemRecord, Record, Skip
from chandelle.importers.source import Source
from chandelle.ingest import NOT_AN_EXPORT, import_paths

_MAGIC = b'{"fake-export":'


def _sniff(source: Source) -> bool:
    return source.head(len(_MAGIC)) == _MAGIC


def _read(source: Source) -> Iterator[Record]:
    from chandelle.importers._parse import parse_timestamp

    data = json.loads(source.read_text())
    yield AccountRecord("other", data["fake-export"])
    for position, post in enumerate(data["posts"], start=1):
        if post.get("broken"):
            raise MalformedFileError("{file}: record {n} is broken.", file=source.name, n=position)
        if "at" not in post:
            yield Skip("no timestamp", f"post {position}")
            continue
        yield ItemRecord("other", post["id"], data["fake-export"], parse_timestamp(post["at"]), "photo",
                         text=post.get("text"))


FAKE = types.SimpleNamespace(NAME="fake", PLATFORM="other", LABEL="Fake export", HOWTO="", sniff=_sniff,
                             read=_read)


@pytest.fixture(autouse=True)
def fake_importer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importers, "IMPORTERS", {"fake": FAKE})


def _write(path: Path, posts: list[dict[str, object]], handle: str = "musee") -> Path:
    path.write_text(json.dumps({"fake-export": handle, "posts": posts}), encoding="utf-8")
    return path


def _body(posts: list[dict[str, object]]) -> str:
    return json.dumps({"fake-export": "m", "posts": posts})


def _counts(con: duckdb.DuckDBPyConnection) -> tuple[int, ...]:
    tables = ("accounts", "items", "metric_snapshots", "import_runs")
    return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)  # type: ignore[index]


def test_import_reports_added_and_skipped(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = _write(tmp_path / "a.json", [{"id": "1", "at": "2024-01-01T10:00:00Z"}, {"id": "2"}])
    report = import_paths(con, [path])
    assert (report.added, report.updated, report.unchanged) == (1, 0, 0)
    assert report.skips() == {"no timestamp": 1}


def test_reimporting_the_same_file_changes_nothing(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = _write(tmp_path / "a.json", [{"id": "1", "at": "2024-01-01T10:00:00Z"}])
    import_paths(con, [path])
    before = _counts(con)
    report = import_paths(con, [path])
    assert report.files[0].already_imported
    assert _counts(con) == before


def test_overlapping_exports_give_the_union(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    first = _write(tmp_path / "a.json", [{"id": "1", "at": "2024-01-01"}, {"id": "2", "at": "2024-01-02"}])
    second = _write(tmp_path / "b.json", [{"id": "2", "at": "2024-01-02"}, {"id": "3", "at": "2024-01-03"}])
    import_paths(con, [first])
    report = import_paths(con, [second])
    assert (report.added, report.unchanged) == (1, 1)
    assert con.execute("SELECT list(item_id ORDER BY item_id) FROM items").fetchone() == (["1", "2", "3"],)


def test_a_broken_file_leaves_the_store_exactly_as_it_was(con: duckdb.DuckDBPyConnection,
                                                          tmp_path: Path) -> None:
    good = _write(tmp_path / "a.json", [{"id": "1", "at": "2024-01-01"}])
    import_paths(con, [good])
    before = _counts(con)
    fine = _write(tmp_path / "b.json", [{"id": "7", "at": "2024-01-07"}], handle="autre")
    broken = _write(tmp_path / "c.json", [{"id": "8", "at": "2024-01-08"}, {"broken": True}])
    with pytest.raises(MalformedFileError, match=r"c\.json: record 2"):
        import_paths(con, [fine, broken])
    assert _counts(con) == before


def test_an_unexpected_importer_failure_names_the_file(con: duckdb.DuckDBPyConnection,
                                                       tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(_body([{"id": "1", "at": "not a date"}]), encoding="utf-8")
    with pytest.raises(MalformedFileError) as caught:
        import_paths(con, [path])
    assert "bad.json" in caught.value.render("fr") and "rien n'a été importé" in caught.value.render("fr")
    assert _counts(con) == (0, 0, 0, 0)


def test_an_unrecognised_file_is_named(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("bonjour", encoding="utf-8")
    with pytest.raises(UnknownFormatError) as caught:
        import_paths(con, [path])
    assert caught.value.exit_code == 2 and "notes.txt" in caught.value.render("fr")


def test_a_folder_with_media_and_one_export(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    _write(tmp_path / "posts.json", [{"id": "1", "at": "2024-01-01"}])
    report = import_paths(con, [tmp_path])
    assert report.added == 1 and len(report.ignored) == 1


def test_a_zip_export_is_read(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("content/posts.json", _body([{"id": "1", "at": "2024-01-01"}]))
        zf.writestr("media/a.jpg", b"\xff\xd8")
    assert import_paths(con, [archive]).added == 1


@pytest.mark.parametrize("entry", ["../evil.json", "/etc/evil.json", "a/../../evil.json"])
def test_a_zip_with_an_escaping_path_is_refused(con: duckdb.DuckDBPyConnection, tmp_path: Path,
                                                entry: str) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("posts.json", _body([{"id": "1", "at": "2024-01-01"}]))
        zf.writestr(entry, "{}")
    with pytest.raises(UnsafeArchiveError, match="evil"):
        import_paths(con, [archive])
    assert _counts(con) == (0, 0, 0, 0)


def test_a_zip_bomb_is_refused(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("posts.json", b"\0" * (64 * 1024 * 1024))
    with pytest.raises(UnsafeArchiveError):
        import_paths(con, [archive])


def test_a_missing_path_is_an_input_error(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        import_paths(con, [tmp_path / "absent.zip"])


def test_cli_import_error_is_one_line_and_exit_2(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "notes.txt"
    path.write_text("bonjour", encoding="utf-8")
    result = run_cli("import", str(path))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "notes.txt" in result.stderr
    assert result.stderr.startswith("Erreur : ")


def test_cli_import_then_accounts_json(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path / "a.json", [{"id": "1", "at": "2024-01-01T10:00:00Z"}])
    assert run_cli("import", str(path)).exit_code == 0
    result = run_cli("accounts", "--json")
    assert json.loads(result.stdout) == {"accounts": [{
        "platform": "other", "handle": "musee", "items": 1, "reposts": 0, "replies_to_others": 0,
        "first_item_at": "2024-01-01T10:00:00Z", "last_item_at": "2024-01-01T10:00:00Z"}]}


def test_store_connect_read_only_on_missing_file_refuses_and_creates_nothing(tmp_path: Path) -> None:
    from chandelle.errors import StoreMissingError

    with pytest.raises(StoreMissingError) as caught:
        store.connect(tmp_path / "new.duckdb", read_only=True)
    assert caught.value.exit_code == 2 and "new.duckdb" in caught.value.render("en")
    assert list(tmp_path.iterdir()) == []


def test_data_files_not_read_are_named_with_why_and_media_apart(con: duckdb.DuckDBPyConnection,
                                                               tmp_path: Path) -> None:
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "likes.json").write_text('{"likes": []}', encoding="utf-8")
    _write(tmp_path / "posts.json", [{"id": "1", "at": "2024-01-01"}])
    report = import_paths(con, [tmp_path])
    assert [(Path(name).name, reason) for name, reason in report.not_read] == [("likes.json", NOT_AN_EXPORT)]
    assert [Path(name).name for name in report.media] == ["photo.jpg"]


def test_an_export_of_which_no_record_can_be_read_is_refused(con: duckdb.DuckDBPyConnection,
                                                             tmp_path: Path) -> None:
    before = _counts(con)
    path = _write(tmp_path / "posts.json", [{"id": "1"}, {"id": "2"}])   # no dates: all skipped
    with pytest.raises(MalformedFileError) as caught:
        import_paths(con, [path])
    assert caught.value.exit_code == 2 and "posts.json" in caught.value.render("fr")
    assert _counts(con) == before                     # no empty account for the audit to call a ghost


def test_reimporting_an_export_is_not_refused_as_empty(con: duckdb.DuckDBPyConnection,
                                                       tmp_path: Path) -> None:
    path = _write(tmp_path / "posts.json", [{"id": "1", "at": "2024-01-01"}])
    import_paths(con, [path])
    assert import_paths(con, [path]).files[0].already_imported
