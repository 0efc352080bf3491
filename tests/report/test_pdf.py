"""The PDF report of a small store: text of every section, page numbers, table of contents,
and pages that convert to PNG with the charts drawn (dark pixels where the charts are)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from chandelle.analysis import Institution, PlanRequest, analyse
from chandelle.profile import default_profile
from chandelle.report import build_report, render_pdf

from .conftest import AS_OF, fill_store

SECTIONS = {
    "fr": ("Synthèse", "Audit par réseau", "Comptes fantômes", "Portefeuille recommandé",
           "Ce que changeraient plus ou moins d'heures", "Méthodes et sources", "Glossaire"),
    "en": ("Summary", "Audit per network", "Ghost accounts", "Recommended portfolio",
           "What more or fewer hours would change", "Methods and sources", "Glossary"),
}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} (poppler-utils) is not installed; run scripts/system-deps.sh")
    return path


@pytest.fixture(scope="module", params=["fr", "en"])
def pdf(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    from chandelle import store

    con: duckdb.DuckDBPyConnection = store.connect(":memory:")
    fill_store(con)
    profile = default_profile()
    data = build_report(analyse(con, Institution.of(profile), PlanRequest(AS_OF)), request.param)
    con.close()
    path = tmp_path_factory.mktemp(f"pdf-{request.param}") / "rapport.pdf"
    render_pdf(data, path)
    return request.param, path


CONTENTS = {"fr": "Sommaire", "en": "Contents"}


def _contents_page(pages: list[str], lang: str) -> int:
    """Index of the contents page: right after the summary, however many pages the summary takes
    (its first lines, what the exports lack, grow with the institution's missing figures)."""
    return next(n for n, page in enumerate(pages) if page.strip().startswith(CONTENTS[lang]))


def _text(path: Path) -> str:
    return subprocess.run([_tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_every_section_is_in_the_pdf_text(pdf: tuple[str, Path]) -> None:
    lang, path = pdf
    text = _text(path)
    for title in SECTIONS[lang]:
        assert title in text, title
    assert "@musee_tt" in text
    assert "<script>" in text                        # an exported caption, shown as text


def test_page_numbers_and_table_of_contents(pdf: tuple[str, Path]) -> None:
    lang, path = pdf
    pages = _text(path).split("\f")
    total = len([p for p in pages if p.strip()])
    assert total >= 5
    assert re.search(rf"\b1\s*/\s*{total}\b", pages[0])
    assert re.search(rf"\b{total}\s*/\s*{total}\b", pages[total - 1])
    contents = pages[_contents_page(pages, lang)]
    for title in SECTIONS[lang]:
        line = next(ln for ln in contents.splitlines() if title in ln)
        number = int(re.findall(r"(\d+)\s*$", line)[0])
        assert title in pages[number - 1], f"{title} is not on page {number}"


def test_pages_convert_to_png_with_visible_charts(pdf: tuple[str, Path], tmp_path: Path) -> None:
    from PIL import Image

    lang, path = pdf
    contents = _contents_page(_text(path).split("\f"), lang)
    subprocess.run([_tool("pdftoppm"), "-r", "40", "-png", str(path), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) >= 5
    audit_page = images[contents + 1]                # summary, contents, then the audit with charts
    with Image.open(audit_page) as image:
        gray = image.convert("L")
        dark = sum(1 for value in gray.tobytes() if value < 128) / (gray.width * gray.height)
    with Image.open(images[contents]) as image:     # the contents page: text only
        gray = image.convert("L")
        text_only = sum(1 for value in gray.tobytes() if value < 128) / (gray.width * gray.height)
    assert dark > 4 * text_only, (dark, text_only)
