"""What engagement means on each network's export, and items too young to count."""

from __future__ import annotations

from datetime import timedelta

import duckdb
import numpy as np

from chandelle.content.engagement import account_engagement, rolling_baseline
from chandelle.content.load import load_items

from .history import AS_OF, Post, add_account


def _first_basis(con: duckdb.DuckDBPyConnection, platform: str,
                 metrics: dict[str, float]) -> tuple[str | None, float]:
    add_account(con, platform, "m", [Post(AS_OF - timedelta(days=30), "texte", metrics)])
    items = load_items(con, AS_OF)
    eng = account_engagement(items, 0, 1)
    return (eng.basis.key if eng.basis else None), float(eng.values[0])


def test_x_counts_likes_and_reposts(con: duckdb.DuckDBPyConnection) -> None:
    assert _first_basis(con, "x", {"likes": 10, "reposts": 3, "impressions": 900}) == ("likes_reposts", 13.0)


def test_tiktok_likes_youtube_views(con: duckdb.DuckDBPyConnection) -> None:
    assert _first_basis(con, "tiktok", {"likes": 40, "views": 1000}) == ("likes", 40.0)


def test_youtube_views(con: duckdb.DuckDBPyConnection) -> None:
    assert _first_basis(con, "youtube", {"views": 321, "likes": 4}) == ("views", 321.0)


def test_meta_prefers_its_own_total_of_interactions(con: duckdb.DuckDBPyConnection) -> None:
    assert _first_basis(con, "facebook", {"likes": 5, "comments": 2, "engagements": 9, "reach": 400}) == (
        "interactions", 9.0)


def test_meta_falls_back_to_reach_when_only_reach_is_exported(con: duckdb.DuckDBPyConnection) -> None:
    assert _first_basis(con, "instagram", {"reach": 400}) == ("reach", 400.0)


def test_no_figure_no_basis(con: duckdb.DuckDBPyConnection) -> None:
    basis, value = _first_basis(con, "mastodon", {})
    assert basis is None and np.isnan(value)


def test_an_item_too_young_at_the_export_is_left_out(con: duckdb.DuckDBPyConnection) -> None:
    add_account(con, "x", "m", [Post(AS_OF - timedelta(days=30), "a", {"likes": 5}),
                                Post(AS_OF - timedelta(days=2), "b", {"likes": 1})])
    eng = account_engagement(load_items(con, AS_OF), 0, 2)
    assert eng.values[0] == 5 and np.isnan(eng.values[1])


def test_the_rolling_baseline_leaves_the_item_itself_out() -> None:
    values = np.array([10.0, 10.0, 10.0, 1000.0, 10.0, 10.0, np.nan, 10.0])
    baseline = rolling_baseline(values, 2)
    assert baseline[3] == 10.0                 # the outlier is not its own baseline
    assert np.isnan(baseline[6])              # unknown stays unknown
