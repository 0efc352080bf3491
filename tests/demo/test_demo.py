"""The demo institution: deterministic exports in the real formats, read by the real importers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from chandelle import store
from chandelle.demo import DEFAULT_AS_OF, DEMO_HANDLE, write_exports
from chandelle.importers import candidates
from chandelle.importers.source import is_media, iter_sources
from chandelle.ingest import import_paths

EXPECTED_IMPORTERS = {"instagram", "facebook", "x", "youtube", "tiktok", "twitch"}


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, duckdb.DuckDBPyConnection]:
    folder = tmp_path_factory.mktemp("demo")
    write_exports(folder / "exports")
    con = store.connect(folder / "chandelle.duckdb")
    import_paths(con, [folder / "exports"], hints={"handle": DEMO_HANDLE})
    return folder, con


def test_same_arguments_give_the_same_bytes(tmp_path: Path) -> None:
    first = write_exports(tmp_path / "a")
    second = write_exports(tmp_path / "b")
    assert [p.relative_to(tmp_path / "a") for p in first] == [p.relative_to(tmp_path / "b") for p in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second, strict=True))


def test_every_file_is_recognised_by_exactly_one_importer(
        demo_store: tuple[Path, duckdb.DuckDBPyConnection]) -> None:
    folder, _con = demo_store
    claimed: dict[str, list[str]] = {}
    for source in iter_sources([folder / "exports"]):
        if is_media(source):
            continue
        claimed[source.name] = [importer.NAME for importer in candidates(source)]
    readable = {name: names for name, names in claimed.items()
                if not name.endswith(("README.txt", "personal_information.json"))}
    assert all(len(names) == 1 for names in readable.values()), readable
    assert {names[0] for names in readable.values()} == EXPECTED_IMPORTERS


def _accounts(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, datetime]]:
    rows = con.execute("SELECT platform, count(*), max(published_at) FROM content_items "
                       "GROUP BY 1").fetchall()
    return {platform: (int(count), last) for platform, count, last in rows}


def test_six_networks_and_x_is_the_account_abandoned_months_ago(
        demo_store: tuple[Path, duckdb.DuckDBPyConnection]) -> None:
    _folder, con = demo_store
    accounts = _accounts(con)
    assert set(accounts) == {"instagram", "facebook", "x", "youtube", "tiktok", "twitch"}
    silent_days = {p: (DEFAULT_AS_OF - last.date()).days for p, (_n, last) in accounts.items()}
    assert 230 <= silent_days["x"] <= 260
    assert silent_days["instagram"] <= 7 and silent_days["facebook"] <= 7
    assert silent_days["twitch"] > 365 and accounts["twitch"][0] <= 2


def test_instagram_keeps_about_three_posts_a_week_and_youtube_a_few_videos_a_year(
        demo_store: tuple[Path, duckdb.DuckDBPyConnection]) -> None:
    _folder, con = demo_store
    year_ago = datetime(DEFAULT_AS_OF.year - 1, DEFAULT_AS_OF.month, DEFAULT_AS_OF.day)
    rows = dict(con.execute("""
        SELECT platform, count(*) FROM content_items
        WHERE published_at >= ? AND format <> 'story' GROUP BY 1""", [year_ago]).fetchall())
    assert 2.3 <= rows["instagram"] / 52 <= 3.6
    assert 2 <= rows["youtube"] <= 8
    formats = {f for (f,) in con.execute(
        "SELECT DISTINCT format FROM items WHERE platform = 'instagram'").fetchall()}
    assert {"photo", "carousel", "reel", "story"} <= formats


def test_x_has_threads_retweets_and_replies_and_text_is_exact(
        demo_store: tuple[Path, duckdb.DuckDBPyConnection]) -> None:
    _folder, con = demo_store
    kinds = dict(con.execute("SELECT kind, count(*) FROM items WHERE platform = 'x' GROUP BY 1").fetchall())
    assert kinds["repost"] > 50 and kinds["reply_to_other"] > 50
    threads = con.execute("SELECT count(DISTINCT thread_id), max(parts) FROM items "
                          "WHERE platform = 'x' AND thread_id IS NOT NULL").fetchone()
    assert threads is not None and threads[0] > 20 and 2 <= threads[1] <= 4
    texts = [t for (t,) in con.execute("SELECT text FROM items WHERE platform = 'instagram' "
                                       "AND text IS NOT NULL").fetchall()]
    assert any("«" in t and "é" in t for t in texts) and not any("Ã" in t for t in texts)


def test_metrics_come_from_the_exports_that_have_them(
        demo_store: tuple[Path, duckdb.DuckDBPyConnection]) -> None:
    _folder, con = demo_store
    metrics = set(con.execute("SELECT DISTINCT platform, metric FROM metric_snapshots").fetchall())
    assert {("instagram", "reach"), ("facebook", "reach"), ("x", "likes"), ("youtube", "views"),
            ("tiktok", "likes"), ("twitch", "peak_viewers")} <= metrics


def test_another_reference_date_moves_the_whole_story(tmp_path: Path) -> None:
    as_of = date(2025, 6, 1)
    write_exports(tmp_path / "exports", as_of)
    con = store.connect(":memory:")
    import_paths(con, [tmp_path / "exports"], hints={"handle": DEMO_HANDLE})
    accounts = _accounts(con)
    assert 230 <= (as_of - accounts["x"][1].date()).days <= 260
    assert max(last for _n, last in accounts.values()).date() <= as_of


def test_demo_command_writes_imports_and_prints_the_accounts(tmp_path: Path, run_cli: Callable[..., Any],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from chandelle.analysis import compute

    audits: list[date] = []
    real_audit = compute.run_audit

    def counted(*args: Any) -> Any:
        audits.append(args[-1])
        return real_audit(*args)

    monkeypatch.setattr(compute, "run_audit", counted)
    result = run_cli("demo", "--out", str(tmp_path / "demo"))
    assert result.exit_code == 0, result.stderr
    assert audits == [DEFAULT_AS_OF]          # one analysis: audit, plan, report and calendar share it
    assert (tmp_path / "demo" / "chandelle.duckdb").exists()
    assert "museevalmont" in result.stdout and "Comptes" in result.stdout
    # the whole story of `make run`: audit (X is the ghost), plan, report and calendar
    assert "fantôme" in result.stdout and "Portefeuille recommandé" in result.stdout
    for name in ("institution.toml", "rapport.html", "rapport.pdf", "calendrier.ics", "calendrier.xlsx",
                 "calendrier.html"):
        assert (tmp_path / "demo" / name).stat().st_size > 1000, name
    assert (tmp_path / "demo" / "rapport.pdf").read_bytes().startswith(b"%PDF")
    assert "Démonstration prête" in result.stdout
    again = run_cli("demo", "--out", str(tmp_path / "demo"), "--as-of", "2026-01-15", "--lang", "en")
    assert again.exit_code == 0 and "Accounts" in again.stdout
