"""Uploading exports through the web app: what is imported, what is refused, nothing half-done."""

from __future__ import annotations

import stat
import tempfile
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient

from chandelle import store
from chandelle.web.pages_import import private_folder, safe_name
from chandelle.web.settings import WebSettings


def _count_items(db: Path) -> int:
    con = store.connect(db, read_only=True)
    try:
        row = con.execute("SELECT count(*) FROM items").fetchone()
        return int(row[0]) if row else 0
    finally:
        con.close()


def test_upload_imports_and_reports(client: TestClient, csrf: str, settings: WebSettings, upload: Any,
                                    web_fixtures: Path) -> None:
    response = upload(client, csrf, web_fixtures / "publications.csv")
    assert response.status_code == 200
    html = response.text
    assert "Import terminé" in html and "publications.csv" in html
    assert "chandelle-upload-" not in html        # the private folder never shows
    assert _count_items(settings.db) == 4
    accounts = client.get("/accounts").text
    assert "musee_demo" in accounts and "chandelle-upload-" not in accounts


def test_malformed_file_shows_the_error_and_leaves_the_store_unchanged(client: TestClient, csrf: str,
                                                                       settings: WebSettings,
                                                                       tmp_path: Path, upload: Any,
                                                                       web_fixtures: Path) -> None:
    upload(client, csrf, web_fixtures / "publications.csv")
    before = _count_items(settings.db)
    broken = tmp_path / "tweets.js"
    broken.write_text("window.YTD.tweets.part0 = [ {\"tweet\": {\"id_str\": ", encoding="utf-8")
    good = tmp_path / "autre.csv"
    good.write_text("plateforme,compte,date,format\nmastodon,musee,01/02/2026 10:00,text\n", encoding="utf-8")
    response = upload(client, csrf, good, broken)
    assert response.status_code == 400
    html = response.text
    assert "tweets.js" in html and "Erreur" in html
    assert "chandelle-upload-" not in html
    assert _count_items(settings.db) == before     # the good file was not half-imported either


def test_upload_error_as_htmx_fragment(client: TestClient, csrf: str, tmp_path: Path, upload: Any,
                                       web_fixtures: Path) -> None:
    unknown = tmp_path / "notes.txt"
    unknown.write_text("rien à voir", encoding="utf-8")
    response = upload(client, csrf, unknown, **{"HX-Request": "true"})
    assert response.status_code == 400
    assert 'role="alert"' in response.text and "<html" not in response.text
    assert "notes.txt" in response.text


def test_captions_from_exports_are_escaped(client: TestClient, csrf: str, upload: Any,
                                           web_fixtures: Path) -> None:
    response = upload(client, csrf, web_fixtures / "publications.csv")
    assert response.status_code == 200
    for path in ("/accounts", "/audit", "/plan", "/calendar"):
        html = client.get(path).text
        assert "<script>alert" not in html
        assert "<img src=x onerror" not in html


def test_busy_store_gives_503(client: TestClient, settings: WebSettings) -> None:
    """Another process (here: another DuckDB instance) holding the store makes every page say 'busy'."""
    import subprocess
    import sys

    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); "
         "print('held', flush=True); time.sleep(30)",
         str(settings.db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        response = client.get("/accounts")
        assert response.status_code == 503
        assert "occupée" in response.text
        json_response = client.get("/accounts", headers={"Accept": "application/json"})
        assert json_response.status_code == 503 and json_response.json()["kind"] == "StoreBusyError"
    finally:
        holder.kill()
        holder.wait()
    assert client.get("/accounts").status_code == 200


def test_pages_during_a_web_import_are_busy(client: TestClient, settings: WebSettings) -> None:
    gate = client.app.state.gate
    with gate.write():
        assert client.get("/accounts").status_code == 503


def test_private_folder_is_0700_and_removed() -> None:
    with private_folder() as folder:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert folder.parent == Path(tempfile.gettempdir())
    assert not folder.exists()


@pytest.mark.parametrize(("raw", "expected"), [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\moi\\export.zip", "export.zip"),
    ("dossier/posts_1.json", "posts_1.json"),
    ("...", "export"),
])
def test_safe_name(raw: str, expected: str) -> None:
    assert safe_name(raw, set()) == expected


def test_safe_name_dedupes() -> None:
    taken: set[str] = set()
    assert [safe_name("a.json", taken) for _ in range(3)] == ["a.json", "a-1.json", "a-2.json"]


def test_store_stays_writable_by_the_cli_after_pages(client: TestClient, settings: WebSettings) -> None:
    assert "cli_account" not in client.get("/accounts").text
    con = duckdb.connect(str(settings.db))   # a writer can open it: the app holds no lock
    con.execute("INSERT INTO accounts (platform, handle) VALUES ('mastodon', 'cli_account')")
    con.close()
    assert "cli_account" in client.get("/accounts").text     # and the page sees the change at once


X_ARCHIVE = Path(__file__).resolve().parent.parent / "fixtures" / "x" / "archive_2024-06" / "data"
THREADS_FILE = (Path(__file__).resolve().parent.parent / "fixtures" / "threads"
                / "instagram-musee.lumiere-2025-03-02-Xy12Ab" / "your_instagram_activity" / "threads"
                / "threads_and_replies.json")


def _post_files(client: TestClient, csrf: str, paths: list[Path], handle: str = "") -> Any:
    files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]
    return client.post("/import", files=files, data={"handle": handle}, headers={"X-CSRF-Token": csrf})


def _no_flag_no_path(html: str) -> None:
    assert "--handle" not in html and "chandelle importers" not in html
    assert "chandelle-upload-" not in html and "files/" not in html and "archives/" not in html


def test_loose_files_of_an_unzipped_archive_are_read_as_their_folder(client: TestClient, csrf: str,
                                                                     settings: WebSettings) -> None:
    # Dropped from the unzipped archive's data/ folder: the manifest, the tweets, the likes.
    response = _post_files(client, csrf, sorted(X_ARCHIVE.iterdir()))
    assert response.status_code == 200, response.text
    assert _count_items(settings.db) > 0
    html = response.text
    assert "like.js" in html and "data-not-read" in html     # named, not refused
    _no_flag_no_path(html)


def test_tweets_without_their_manifest_ask_for_the_account_name_in_the_browser(
        client: TestClient, csrf: str, settings: WebSettings) -> None:
    response = _post_files(client, csrf, [X_ARCHIVE / "tweets.js", X_ARCHIVE / "like.js"])
    assert response.status_code == 400
    assert "« Nom du compte »" in response.text
    _no_flag_no_path(response.text)
    named = _post_files(client, csrf, [X_ARCHIVE / "tweets.js", X_ARCHIVE / "like.js"],
                        handle="museedelachandelle")
    assert named.status_code == 200 and _count_items(settings.db) > 0


def test_an_export_without_account_name_asks_for_it(client: TestClient, csrf: str) -> None:
    response = _post_files(client, csrf, [THREADS_FILE])
    assert response.status_code == 200
    assert "data-unnamed-account" in response.text
    _no_flag_no_path(response.text)
    named = _post_files(client, csrf, [THREADS_FILE], handle="musee.lumiere")
    assert "data-unnamed-account" not in named.text


def test_the_store_keeps_no_temporary_path(client: TestClient, csrf: str, settings: WebSettings) -> None:
    _post_files(client, csrf, [THREADS_FILE])
    con = store.connect(settings.db, read_only=True)
    try:
        rows = con.execute("SELECT file_name, warnings::VARCHAR FROM import_runs").fetchall()
    finally:
        con.close()
    assert rows and all("chandelle-upload-" not in f"{name}{warnings}" for name, warnings in rows)
