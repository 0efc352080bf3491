"""Published cadence figures converted to items per week and banded against the kb minimums."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from chandelle.errors import MalformedFileError
from chandelle.kb import load_kb
from chandelle.observatory.mip import minimums, run_mip
from chandelle.observatory.published import PUBLISHED_FILE, read_published

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "observatory"


def test_conversions_and_bands() -> None:
    found = read_published(FIXTURES / "published_figures.csv", minimums(load_kb()))
    got = {p.source_id: (p.platform, p.items_per_week, p.band) for p in found}
    assert got == {
        "INV1": ("facebook", 3.0, "at_or_above_minimum"),        # 3 a week, minimum 1
        "INV2": ("twitter", 1.0, "below_minimum"),               # 4 posts in 4 weeks, minimum 2, half 1
        "INV3": ("twitter", 3.5, "at_or_above_minimum"),         # 10 a day x 7 / 20 museums
    }


def test_mip_report_carries_them(tmp_path: Path) -> None:
    report = run_mip(FIXTURES / "mip", load_kb(), FIXTURES / "published_figures.csv")
    assert len(report.published) == 3
    assert report.to_dict()["published_cadences"][0]["source_id"] == "INV1"


def test_a_file_without_the_columns_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "figures.csv"
    bad.write_text("source,value\nx,1\n", encoding="utf-8")
    with pytest.raises(MalformedFileError, match=r"figures\.csv"):
        read_published(bad, minimums(load_kb()))


def test_real_published_figures(shared_file: Callable[[str], Path]) -> None:
    path = shared_file(f"data/published_benchmarks/{PUBLISHED_FILE}")
    found = {p.source_id: p for p in read_published(path, minimums(load_kb()))}
    assert found["MA2015"].items_per_week == 26.0                 # British Museum, one week of 2015
    assert found["POLIMI2020"].items_per_week == 13.65            # 195 tweets a day / 100 museums, MuseumWeek
    assert 40 < found["MFACT2021"].items_per_week < 41            # 1,302 posts in 227 days
