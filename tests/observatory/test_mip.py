"""The MIP computation: hand-checked bands and shares on a tiny invented fixture, and the real file."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from chandelle.errors import InputError, MalformedFileError
from chandelle.kb import load_kb
from chandelle.observatory.mip import COUNTS_FILE, MipReport, parse_handles, run_mip

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "observatory" / "mip"


def _group(report: MipReport, grouping: str, group: str, platform: str) -> dict[str, object]:
    return next(g.to_dict() for g in report.groups
                if (g.grouping, g.group, g.platform) == (grouping, group, platform))


def test_window_from_the_monthly_file_gives_exact_weeks() -> None:
    report = run_mip(FIXTURE, load_kb())
    assert (report.window_start.isoformat(), report.window_end.isoformat()) == ("2019-02-01", "2019-02-28")
    assert report.months == 1 and report.weeks == 4.0


def test_bands_per_museum_against_the_kb_minimums() -> None:
    # One window of 4 weeks: X minimum 2/week (8 messages), half = 4; Facebook 1/week (4), half = 2.
    report = run_mip(FIXTURE, load_kb())
    bands = {(m.museum_id, p): pr.band for m in report.museums for p, pr in m.presences.items()}
    assert bands == {
        ("mm.test.001", "twitter"): "no_posts", ("mm.test.001", "facebook"): "at_or_above_minimum",
        ("mm.test.002", "twitter"): "below_half_minimum",
        ("mm.test.003", "twitter"): "at_or_above_minimum", ("mm.test.003", "facebook"): "below_minimum",
        ("mm.test.005", "twitter"): "below_minimum", ("mm.test.005", "facebook"): "below_half_minimum",
        ("mm.test.006", "twitter"): "below_minimum",
    }
    assert report.minimums["twitter"].kb_path == "platforms.x.cadence.min_items_per_week"
    assert report.minimums["twitter"].source == "chandelle-assumptions"


def test_ghost_shares_by_group_are_hand_checked() -> None:
    report = run_mip(FIXTURE, load_kb())
    everyone = _group(report, "all", "all", "twitter")
    assert (everyone["museums"], everyone["with_account"], everyone["ghosts"]) == (6, 5, 4)
    assert everyone["ghost_share"] == 0.8
    assert everyone["bands"] == {"no_posts": 1, "below_half_minimum": 1, "below_minimum": 2,
                                 "at_or_above_minimum": 1}
    assert everyone["median_items_per_week"] == 1.25          # 0, 0.75, 1.25, 1.25, 2
    assert _group(report, "all", "all", "facebook")["ghost_share"] == round(2 / 3, 4)
    assert _group(report, "size", "small", "twitter")["ghost_share"] == 1.0
    assert _group(report, "size", "small", "facebook")["ghost_share"] == 0.0
    assert _group(report, "size", "large", "twitter")["ghost_share"] == 0.5
    assert _group(report, "size", "large", "facebook")["ghost_share"] == 1.0
    assert _group(report, "size", "not_recorded", "twitter")["with_account"] == 1
    assert _group(report, "governance_simpl", "independent", "facebook")["ghost_share"] == 0.5
    assert _group(report, "governance_simpl", "government", "twitter")["ghost_share"] == 0.0
    moulin = _group(report, "governance_simpl", "government", "facebook")
    assert (moulin["museums"], moulin["with_account"]) == (2, 1)


def test_handles_lists_and_shared_handles() -> None:
    assert parse_handles("no_resource") == ()
    listed = "['twitter.com/a', 'twitter.com/b', 'twitter.com/a']"
    assert parse_handles(listed) == ("twitter.com/a", "twitter.com/b")
    assert parse_handles("twitter.com/a") == ("twitter.com/a",)
    report = run_mip(FIXTURE, load_kb())
    assert report.shared_handles == {"twitter": 2, "facebook": 0}   # @sel and https://twitter.com/Sel/


def test_validation_against_a_pivot_table(tmp_path: Path) -> None:
    for name in FIXTURE.iterdir():
        shutil.copy(name, tmp_path / name.name)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([None, "msg_count_twitter", None, "msg_count_facebook", None])
    sheet.append([None, "count", "active_mus_n", "count", "active_mus_n"])
    sheet.append(["size", None, None, None, None])
    sheet.append(["small", 3, 1, 3, 1])       # right: only the Vitrail tweeted, only the Lanternes posted
    sheet.append(["large", 2, 1, 2, 2])       # wrong on Twitter: both large museums tweeted
    book.save(tmp_path / "museum_activity_groups__var1-size.xlsx")
    checks = run_mip(tmp_path, load_kb()).validation
    agree = {(c["group"], c["platform"]): c["agrees"] for c in checks}
    assert agree == {("small", "twitter"): True, ("small", "facebook"): True,
                     ("large", "twitter"): False, ("large", "facebook"): True}


def test_bad_input_names_the_file_and_the_museum(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="mip_monthly_activity"):
        run_mip(tmp_path, load_kb())
    for name in FIXTURE.iterdir():
        shutil.copy(name, tmp_path / name.name)
    text = (tmp_path / COUNTS_FILE).read_text(encoding="utf-8").replace(",8,1.0,0.5,", ",huit,1.0,0.5,")
    (tmp_path / COUNTS_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(MalformedFileError, match=r"line 4 \(mm.test.003\)"):
        run_mip(tmp_path, load_kb())


def test_cli_mip_json_and_french_table(run_cli: Callable[..., Any]) -> None:
    result = run_cli("observatory", "--mip", str(FIXTURE), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["museum_count"] == 6 and data["window"]["weeks"] == 4.0
    table = run_cli("observatory", "--mip", str(FIXTURE))
    assert "Présence fantôme" in table.stdout
    assert "80 %" in table.stdout.replace("\u202f", " ").replace("\xa0", " ")


def test_real_mip_totals(shared_file: Callable[[str], Path]) -> None:
    folder = shared_file(f"data/uk_museums_in_the_pandemic/{COUNTS_FILE}").parent
    with (folder / COUNTS_FILE).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    on_twitter = sum(1 for r in rows if r["twitter_id"] != "no_resource")
    on_facebook = sum(1 for r in rows if r["facebook_pages"] != "no_resource")
    report = run_mip(folder, load_kb())
    twitter, facebook = _group(report, "all", "all", "twitter"), _group(report, "all", "all", "facebook")
    assert (twitter["museums"], twitter["with_account"], facebook["with_account"]) == (
        len(rows), on_twitter, on_facebook)
    assert twitter["with_posts"] == sum(1 for r in rows if r["twitter_id"] != "no_resource"
                                        and int(r["msg_count_twitter"]) > 0)
    assert report.months == 41
    assert report.validation and all(c["agrees"] for c in report.validation)
