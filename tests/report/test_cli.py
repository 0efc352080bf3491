"""`chandelle report`, `chandelle calendar` and `chandelle export` end to end, in process."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from chandelle import store

from .conftest import fill_store


@pytest.fixture
def filled(run_cli: Callable[..., object]) -> Callable[..., object]:
    con = store.connect(os.environ["CHANDELLE_DB"])
    fill_store(con)
    con.close()
    return run_cli


def test_report_html_and_pdf(filled: Callable[..., object], tmp_path: Path) -> None:
    html, pdf = tmp_path / "rapport.html", tmp_path / "rapport.pdf"
    result = filled("report", "-o", str(html), "--as-of", "2026-11-24")
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert "Rapport écrit" in result.stdout  # type: ignore[attr-defined]
    assert "&lt;script&gt;" in html.read_text(encoding="utf-8")
    result = filled("report", "-o", str(pdf), "--as-of", "2026-11-24", "--lang", "en")
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert pdf.read_bytes().startswith(b"%PDF")


def test_calendar_outputs(filled: Callable[..., object], tmp_path: Path) -> None:
    for name in ("c.ics", "c.xlsx", "c.html"):
        result = filled("calendar", "-o", str(tmp_path / name), "--weeks", "4", "--start", "2026-12-07")
        assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
        assert (tmp_path / name).stat().st_size > 0


def test_export_and_bad_suffix(filled: Callable[..., object], tmp_path: Path) -> None:
    result = filled("export", "-o", str(tmp_path / "a.csv"), "--as-of", "2026-11-24")
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    result = filled("export", "-o", str(tmp_path / "p.json"), "--what", "plan")
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    result = filled("report", "-o", str(tmp_path / "r.docx"))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "r.docx" in result.stderr  # type: ignore[attr-defined]


def test_missing_folder_is_a_clear_error(filled: Callable[..., object], tmp_path: Path) -> None:
    result = filled("report", "-o", str(tmp_path / "nope" / "r.html"), "--as-of", "2026-11-24")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "Traceback" not in result.stderr  # type: ignore[attr-defined]
    assert "nope" in result.stderr  # type: ignore[attr-defined]
