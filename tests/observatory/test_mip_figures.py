"""The MIP papers' headline figures: hand-checked on the tiny fixture, and reproduced on the real files."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from chandelle.kb import load_kb
from chandelle.observatory.mip import COUNTS_FILE, run_mip
from chandelle.observatory.mip_figures import published_values

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "observatory" / "mip"


def _with_raw_files(folder: Path) -> Path:
    """The fixture plus the URL files and the Twitter account metadata (MIP's real columns)."""
    for name in FIXTURE.iterdir():
        shutil.copy(name, folder / name.name)
    (folder / "tw_urls_final.tsv").write_text(
        "museum_id\turl\tsource\n"
        "mm.test.001\ttwitter.com/lanternes\tBoth\n"
        "mm.test.002\ttwitter.com/vitrail\tScrape\n"
        "mm.test.003\ttwitter.com/boreale\tML\n"
        "mm.test.004\tno_resource\tno_resource\n"
        "mm.test.005\tno_resource\tno_resource\n"     # the counts file has a handle: the URL file decides
        "mm.test.006\ttwitter.com/sel\tScrape\n"
        "mm.closed.009\ttwitter.com/ferme\tScrape\n",  # not an open museum of the counts file
        encoding="utf-8")
    (folder / "fb_urls_final.tsv").write_text(
        "museum_id\turl\tsource\n"
        "mm.test.001\tfacebook.com/lanternes\tScrape\n"
        "mm.test.003\t['facebook.com/boreale']\tScrape\n",
        encoding="utf-8")
    header = ("museum_id,museum_account,author_account,account_id,name,username,created_at,verified,location,"
              "followers_count,following_count,tweet_count,listed_count,from_museum,date_ym,date_yyyy,date_ymd")
    rows = [("mm.test.001", 120, "True"), ("mm.test.002", 4000, "True"), ("mm.test.003", 900, "True"),
            ("mm.test.005", 50, "False"), ("mm.test.006", 900, "True")]
    created = "2010-01-01T00:00:00.000Z,False"
    lines = [f"{m},h,H,1,N,H,{created},,{f},1,1,1,{own},2010-01,2010,2010-01-01" for m, f, own in rows]
    info = folder / "mip_twitter_accounts_info.csv"
    info.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return folder


def _figures(report_dict: dict[str, Any]) -> dict[str, float | None]:
    return {f["key"]: f["reproduced"] for f in report_dict["published_figures"]}


def test_figures_follow_the_papers_definitions(tmp_path: Path) -> None:
    report = run_mip(_with_raw_files(tmp_path), load_kb()).to_dict()
    figures = _figures(report)
    # 6 open museums. Twitter URL file: 001, 002, 003, 006 found (4/6); the closed museum is ignored.
    assert figures["twitter_account_share_pct"] == 66.7
    assert figures["facebook_account_share_pct"] == 33.3
    # Active = >= 1 message: Twitter 002, 003, 005, 006 (4/6); Facebook 001, 003, 005 (3/6).
    assert figures["twitter_active_share_pct"] == 66.7
    assert figures["facebook_active_share_pct"] == 50.0
    # Small: 001 (0), 002 (3), 004 (0) -> 1/3; large: 003 (8), 005 (5) -> 2/2.
    assert figures["twitter_active_share_small_pct"] == 33.3
    assert figures["twitter_active_share_large_pct"] == 100.0
    # One month: medians of 3, 8, 5, 5 = 5 tweets; of 4, 2, 1 = 2 posts.
    assert figures["median_tweets_per_month_active"] == 5.0
    assert figures["median_facebook_posts_per_month_active"] == 2.0
    # from_museum rows only: 120, 4000, 900, 900 -> 900.
    assert figures["median_twitter_followers"] == 900.0
    first = report["published_figures"][0]
    assert first["source"] == "MIP-JOCCH2024" and first["published"] == 70.6
    assert first["gap"] == round(66.7 - 70.6, 2)


def test_missing_raw_files_leave_the_figure_unreproduced() -> None:
    figures = _figures(run_mip(FIXTURE, load_kb()).to_dict())
    assert figures["twitter_account_share_pct"] is None and figures["median_twitter_followers"] is None
    assert figures["twitter_active_share_pct"] == 66.7


def test_below_minimum_for_three_assumed_minimums() -> None:
    # 4 weeks. Twitter handles: 001 0/wk, 002 0.75, 003 2, 005 1.25, 006 1.25.
    rows = run_mip(FIXTURE, load_kb()).to_dict()["below_minimum_sensitivity"]
    twitter = {r["min_items_per_week"]: (r["below"], r["with_account"])
               for r in rows if r["platform"] == "twitter"}
    assert twitter == {1.0: (2, 5), 2.0: (4, 5), 3.0: (5, 5)}


def test_every_published_figure_cites_a_kb_source() -> None:
    sources = load_kb().sources
    for key, entry in published_values().items():
        assert entry["source"] in sources, key
        assert entry["date"] and entry["confidence"] in {"V", "S", "W"}


def test_the_real_files_reproduce_the_papers(shared: Path, run_cli: Callable[..., Any]) -> None:
    folder = shared / "data" / "uk_museums_in_the_pandemic"
    if not (folder / COUNTS_FILE).is_file():
        pytest.skip("MIP data not in ../shared/data")
    figures = _figures(run_mip(folder, load_kb()).to_dict())
    papers = {"twitter_account_share_pct": 70.6, "facebook_account_share_pct": 80.2,
              "twitter_active_share_pct": 59.4, "facebook_active_share_pct": 64.1,
              "twitter_active_share_small_pct": 51.1, "twitter_active_share_large_pct": 80.5,
              "median_tweets_per_month_active": 16.1, "median_facebook_posts_per_month_active": 11.7,
              "median_twitter_followers": 2195}
    assert {k: figures[k] for k in papers} == papers
    text = run_cli("observatory", "--mip", str(folder)).stdout
    assert "recalculés" in text and "16,1" in text
