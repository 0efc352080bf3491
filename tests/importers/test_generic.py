"""The generic CSV/XLSX template importer, `chandelle template`, and the Bristol tweets table."""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from chandelle.errors import MalformedFileError, UnknownFormatError
from chandelle.importers import detect, generic
from chandelle.importers.base import ItemRecord, Record, Skip, Warning_
from chandelle.importers.source import iter_sources
from chandelle.ingest import import_paths

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "generic"
BRISTOL = Path("data/bristol_museum_twitter/bristolmuseum_own_tweets_2015_2019.csv")


def _records(path: Path) -> list[Record]:
    (source,) = list(iter_sources([path]))
    assert generic.sniff(source)
    return list(generic.read(source))


def _items(records: list[Record]) -> dict[str, ItemRecord]:
    return {r.item_id: r for r in records if isinstance(r, ItemRecord)}


def _skips(records: list[Record]) -> list[tuple[str, str]]:
    return [(r.reason, r.where.rsplit(":", 1)[1]) for r in records if isinstance(r, Skip)]


def test_french_template_rows_become_items_with_paris_times_and_exact_text() -> None:
    records = _records(FIXTURES / "publications_fr.csv")
    items = _items(records)
    carousel = items["C3xAbc1"]
    assert (carousel.platform, carousel.account, carousel.format, carousel.kind) == (
        "instagram", "musee_valmont", "carousel", "original")
    assert carousel.published_at == datetime(2026, 2, 3, 17, 30, tzinfo=UTC)  # 18:30 Paris, winter
    assert carousel.text == "Nocturne du jeudi : « La lumière des Primitifs » 🕯️"
    assert carousel.metrics == {"likes": 1204, "comments": 37, "shares": 12}  # empty views: unknown
    reel = next(i for i in items.values() if i.format == "reel")
    assert reel.published_at == datetime(2026, 2, 4, 23, 0, tzinfo=UTC)  # a day alone: Paris midnight
    assert reel.duration_s == 45 and reel.metrics["views"] == 15400
    assert items["110002"].reply_to_id == "110001" and items["110002"].kind == "original"
    pin = items["pinterest:pin-1"]
    assert (pin.platform, pin.account) == ("other", "pinterest:musee_valmont")
    share = next(i for i in items.values() if i.kind == "repost")
    assert share.published_at == datetime(2026, 2, 12, 9, 0, tzinfo=UTC) and share.format == "link"


def test_bad_rows_are_skipped_with_their_line_and_blank_rows_ignored() -> None:
    assert _skips(_records(FIXTURES / "publications_fr.csv")) == [
        ("example row of the template (delete it)", "2"),
        ("unreadable date (use DD/MM/YYYY HH:MM or YYYY-MM-DDTHH:MM)", "9"),
        ("unknown format", "10"),
        ("missing account", "12"),
        ("unreadable number", "13"),
    ]


def test_english_template_with_iso_dates_offsets_and_clock_durations() -> None:
    items = _items(_records(FIXTURES / "posts_en.csv"))
    video = items["dQw4w9WgXcQ"]
    assert video.duration_s == 750 and video.text == 'Inside the restoration studio, "part 1"'
    assert video.published_at == datetime(2026, 1, 10, 17, 0, tzinfo=UTC)
    live = items["live-1"]
    assert (live.platform, live.format, live.published_at) == (
        "twitch", "live", datetime(2025, 3, 15, 19, 0, tzinfo=UTC))
    blog = next(i for i in items.values() if i.account == "other_blog")
    assert blog.platform == "other" and blog.format == "article"


def test_a_csv_saved_by_french_excel_is_read_as_windows_1252_with_a_warning() -> None:
    records = _records(FIXTURES / "publications_excel_cp1252.csv")
    assert any(isinstance(r, Warning_) for r in records)
    (item,) = _items(records).values()
    assert (item.account, item.text, item.metrics) == ("Musée de Valmont", "Café crème au musée",
                                                       {"likes": 12})


def test_xlsx_with_a_title_row_typed_cells_and_a_spreadsheet_damaged_id() -> None:
    records = _records(FIXTURES / "suivi_manuel.xlsx")
    items = _items(records)
    first = items["734000000000000"]
    assert first.published_at == datetime(2026, 3, 1, 13, 0, tzinfo=UTC)
    assert first.duration_s == 42 and first.metrics == {"likes": 310, "views": 5400}
    second = next(i for i in items.values() if i.item_id.startswith("t-"))
    assert second.metrics == {"likes": 1200} and second.text == "Quiz « qui a peint ça ? »"
    assert _skips(records) == [("identifier damaged by a spreadsheet (rounded number)", "5")]


def test_the_generated_id_is_stable_so_reimporting_an_edited_sheet_updates_rows(tmp_path: Path) -> None:
    first = _items(_records(FIXTURES / "posts_en.csv"))
    copy = tmp_path / "posts.csv"
    copy.write_text((FIXTURES / "posts_en.csv").read_text(encoding="utf-8").replace("900", "950"),
                    encoding="utf-8")
    second = _items(_records(copy))
    assert first.keys() == second.keys()


@pytest.mark.parametrize("header", [
    "Date,Video Views,Profile Views,Likes,Comments,Shares",            # TikTok Studio overview
    "Content,Video title,Video publish time,Duration,Views,Likes",     # YouTube Studio table
    "Post ID,Account ID,Account username,Account name,Description,Duration (sec),Publish time,Views,Likes",
    "Date,Average Viewers,Follows,Minutes Streamed,Live Views",        # Twitch
    '"Tweet id","Tweet permalink","Tweet text","time","impressions","likes"',
])
def test_other_platforms_csvs_are_not_claimed(tmp_path: Path, header: str) -> None:
    path = tmp_path / "export.csv"
    path.write_text(header + "\n1,2,3,4,5,6\n", encoding="utf-8")
    (source,) = list(iter_sources([path]))
    assert not generic.sniff(source)


def test_a_sheet_with_the_account_but_no_date_column_names_the_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "suivi.csv"
    path.write_text("compte;texte;j'aime;vues\nmusee;Bonjour;3;40\n", encoding="utf-8")
    (source,) = list(iter_sources([path]))
    assert detect(source) is generic
    with pytest.raises(MalformedFileError) as error:
        list(generic.read(source))
    assert "date/published_at" in str(error.value) and "suivi.csv" in str(error.value)


def test_an_unknown_csv_exits_2_naming_the_file(tmp_path: Path, run_cli: Callable[..., Any]) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("bonjour;le;monde\n1;2;3\n", encoding="utf-8")
    result = run_cli("import", str(path))
    assert result.exit_code == 2
    assert "notes.csv" in result.stderr


def test_malformed_header_error_lists_the_expected_columns(tmp_path: Path) -> None:
    path = tmp_path / "suivi.csv"
    path.write_text("titre\ncompte;texte;j'aime\n", encoding="utf-8")
    (source,) = list(iter_sources([path]))
    with pytest.raises(MalformedFileError) as error:
        list(generic.read(source))
    assert "compte/account" in error.value.render("en") and "suivi.csv" in error.value.render("fr")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_template_command_writes_a_template_the_importer_recognises(
        tmp_path: Path, run_cli: Callable[..., Any], suffix: str, lang: str) -> None:
    target = tmp_path / f"modele{suffix}"
    result = run_cli("template", "-o", str(target), "--lang", lang)
    assert result.exit_code == 0, result
    records = _records(target)
    assert _skips(records) == [("example row of the template (delete it)", "2")]
    filled = tmp_path / f"rempli{suffix}"
    _fill_template(target, filled)
    items = _items(_records(filled))
    assert [(i.platform, i.format, i.metrics.get("likes")) for i in items.values()] == [
        ("instagram", "carousel", 128)]
    assert run_cli("template", "-o", str(target)).exit_code == 2
    assert run_cli("template", "-o", str(tmp_path / "modele.ods")).exit_code == 2


def _fill_template(template: Path, filled: Path) -> None:
    """The user's edit: the example row's id replaced by a real one."""
    if template.suffix == ".csv":
        text = template.read_text(encoding="utf-8-sig")
        filled.write_text(re.sub(r"EX[AE]MPLE-1", "C9real", text), encoding="utf-8-sig")
        return
    from openpyxl import load_workbook

    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    sheet.cell(row=2, column=4).value = "C9real"
    workbook.save(filled)


def _file_counts(path: Path) -> tuple[Counter[int], Counter[int]]:
    """Per year, straight from the file: distinct tweets, and the ones the museum authored."""
    every: dict[str, tuple[int, bool]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            content = row["Content"].strip()
            authored = not re.match(r"RT\s*[:@]", content) and not (
                content.startswith("@") and not content.lower().startswith("@bristolmuseum "))
            every[row["Tweet ID"]] = (int(row["Timestamp"][:4]), authored)
    return (Counter(year for year, _ in every.values()),
            Counter(year for year, authored in every.values() if authored))


@pytest.mark.shared
def test_bristol_tweets_per_year_after_import_equal_a_direct_count_of_the_file(
        shared: Path, tmp_path: Path) -> None:
    path = shared / BRISTOL
    con = duckdb.connect(str(tmp_path / "bristol.duckdb"))
    from chandelle import store

    store.migrate(con)
    report = import_paths(con, [path])
    assert report.files[0].importer == "generic" and not report.skips()
    every, authored = _file_counts(path)
    stored = con.execute("SELECT year(published_at), count(*) FROM items i JOIN accounts a "
                         "USING (account_id) WHERE a.platform = 'x' AND a.handle = 'bristolmuseum' "
                         "GROUP BY 1").fetchall()
    content = con.execute("SELECT year(published_at), count(*) FROM content_items "
                          "WHERE platform = 'x' AND handle = 'bristolmuseum' GROUP BY 1").fetchall()
    assert dict(stored) == dict(every) and sum(every.values()) == 3101
    assert dict(content) == dict(authored)
    with path.open(encoding="utf-8", newline="") as handle:
        texts = {row["Tweet ID"]: row["Content"] for row in csv.DictReader(handle)}
    assert dict(con.execute("SELECT item_id, text FROM items WHERE platform = 'x'").fetchall()) == texts
    again = import_paths(con, [path])
    assert again.files[0].already_imported


def test_an_unknown_file_is_not_claimed_by_the_generic_importer(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text("nom,ville\nLouvre,Paris\n", encoding="utf-8")
    (source,) = list(iter_sources([path]))
    assert not generic.sniff(source)
    con = duckdb.connect(":memory:")
    from chandelle import store

    store.migrate(con)
    with pytest.raises(UnknownFormatError):
        import_paths(con, [path])
