"""Peers: percentiles by hand, the embedded UK sector data, and the audit's peers section."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from statistics import median, quantiles

import pytest

from chandelle import store
from chandelle.audit import run_audit
from chandelle.audit.peers import (
    SECTOR_FILE,
    AccountFigures,
    peer_positions,
    percentile_in_quantiles,
    percentile_rank,
    quantiles_of,
    sector_cadence,
)
from chandelle.ingest import import_paths
from chandelle.kb import load_kb

from .helpers import AS_OF, export, posts


def test_mid_rank_percentile() -> None:
    assert percentile_rank([1.0, 2.0, 3.0, 4.0], 2.5) == 50.0
    assert percentile_rank([1.0, 2.0, 2.0, 4.0], 2.0) == 50.0      # (1 below + 2 equal / 2) / 4
    assert percentile_rank([1.0, 2.0, 3.0, 4.0], 0.5) == 0.0
    assert percentile_rank([1.0, 2.0, 3.0, 4.0], 9.0) == 100.0
    assert percentile_rank([], 1.0) is None


def test_percentile_inside_a_quantile_table() -> None:
    levels, values = (0.0, 0.25, 0.5, 0.75, 1.0), (0.0, 1.0, 2.0, 6.0, 10.0)
    assert percentile_in_quantiles(levels, values, 4.0) == 62.5       # halfway between 2 (50 %) and 6 (75 %)
    assert percentile_in_quantiles(levels, values, 1.0) == 25.0
    assert percentile_in_quantiles((0.0, 0.5, 1.0), (0.0, 0.0, 3.0), 0.0) == 25.0   # a run of zeros
    assert percentile_in_quantiles(levels, values, 11.0) == 100.0


def test_sector_cells_and_their_fallbacks() -> None:
    arts = sector_cadence("x", "fine_arts", "large")
    assert arts is not None and (arts.kind, arts.size) == ("fine_arts", "large")
    library = sector_cadence("facebook", "library", "small")        # no UK subject for libraries
    assert library is not None and (library.kind, library.size) == ("all", "small")
    assert sector_cadence("tiktok", "fine_arts", "large") is None
    everyone = sector_cadence("x")
    assert everyone is not None and everyone.window == "2019-01-01..2022-05-31"
    assert everyone.source == "MIP-JOCCH2024" and everyone.source in load_kb().sources
    assert everyone.percentile_of(everyone.median_items_per_week) == pytest.approx(50.0, abs=0.1)


def test_the_sector_file_holds_aggregates_only() -> None:
    text = SECTOR_FILE.read_text(encoding="utf-8")
    assert "mm." not in text and "twitter.com" not in text and "facebook.com" not in text
    data = json.loads(text)
    assert all(len(c["items_per_week_quantiles"]) == 21 and c["with_account"] >= data["min_accounts"]
               for c in data["cells"])


def test_the_sector_median_is_the_mip_one(shared: Path) -> None:
    counts = shared / "data" / "uk_museums_in_the_pandemic" / "mip_msg_count_by_museum_2019_2022.csv"
    if not counts.is_file():
        pytest.skip("MIP data not in ../shared/data")
    with counts.open(encoding="utf-8") as handle:
        rates = [int(r["msg_count_twitter"]) / (1247 / 7) for r in csv.DictReader(handle)
                 if r["twitter_id"] != "no_resource"]                 # 1,247 days: 2019-01-01..2022-05-31
    everyone = sector_cadence("x")
    assert everyone is not None and everyone.accounts == len(rates)
    assert everyone.median_items_per_week == pytest.approx(median(rates), abs=1e-3)


def _figures(platform: str, owner: int | None, rate: float, share: float = 0.5,
             followers: int | None = None) -> AccountFigures:
    return AccountFigures(platform, f"{platform}-{owner}-{rate}", owner, rate, share, followers)


def test_store_peers_exclude_the_institution_itself() -> None:
    mine = _figures("instagram", 1, 3.0, 0.8, 500)
    others = [_figures("instagram", n, float(n), 0.1 * n, 100 * n) for n in range(2, 8)]   # rates 2..7
    (position, *_) = peer_positions([mine, _figures("instagram", 1, 9.0), *others])
    assert (position.reference, position.peers) == ("store", 6)
    assert position.cadence_percentile == round(100 * 1.5 / 6, 1)      # 2 below, 3 equal (1 + 1/2)
    assert position.followers_percentile == round(100 * 3.5 / 6, 1)   # 200, 300, 400 below; 500 equal
    assert position.peer_median_items_per_week == 4.5


def test_too_few_store_peers_fall_back_to_the_uk_sector() -> None:
    few = [_figures("x", n, float(n)) for n in range(1, 5)]
    positions = peer_positions([*few, _figures("instagram", 1, 1.0)], "fine_arts", "large")
    assert [p.reference for p in positions] == ["uk_sector"] * 4        # no UK data for Instagram
    assert positions[0].kind == "fine_arts" and positions[0].active_week_share_percentile is None


def test_the_audit_json_has_a_peers_section(tmp_path: Path) -> None:
    con = store.connect(":memory:")
    import_paths(con, [export(tmp_path / "a.csv", posts("x", "musee", 7, 30),
                              posts("instagram", "musee", 2, 30))])
    data = run_audit(con, None, load_kb(), AS_OF).to_dict()
    (peer,) = data["peers"]
    assert (peer["platform"], peer["reference"], peer["source"]) == ("x", "uk_sector", "MIP-JOCCH2024")
    assert 0 < peer["cadence_percentile"] < 50          # one tweet a week: under the UK median of 3
    assert "MIP-JOCCH2024" in data["sources"]
    con.close()


def test_store_quantiles_are_the_inclusive_linear_ones() -> None:
    values = [0.5, 1.0, 1.0, 2.0, 3.5, 8.0, 13.0]
    table = quantiles_of(values)
    assert table is not None and len(table) == 21
    assert (table[0], table[-1]) == (0.5, 13.0)
    assert list(table[1:-1]) == pytest.approx(quantiles(values, n=20, method="inclusive"), abs=1e-4)
    assert quantiles_of([]) is None


def test_store_peers_give_their_median_reach_share_on_the_same_metric() -> None:
    """Reach per item / followers of the peers measuring the account's own metric; fewer than five
    such peers: no median (the planner keeps the published path)."""
    def owner(n: int, metric: str | None, reach: float | None, followers: int | None) -> AccountFigures:
        return AccountFigures("instagram", f"m{n}", n, 2.0, 0.5, followers, metric, reach)

    mine = owner(1, "reach", 400.0, 1000)
    peers = [owner(n, "reach", 100.0 * n, 1000) for n in range(2, 7)]          # shares 0.2 .. 0.6
    others = [owner(7, "views", 900.0, 1000), owner(8, "reach", 50.0, None)]    # other metric; no followers
    (position, *_) = peer_positions([mine, *peers, *others])
    assert (position.reach_metric, position.peers_with_reach) == ("reach", 5)
    assert position.peer_median_reach_share == pytest.approx(0.4)
    (short, *_) = peer_positions([mine, *peers[:4], *others])
    assert short.peers_with_reach == 4 and short.peer_median_reach_share is None
