"""Audience bases (kb segments.toml), ranges of facts and response curves."""

from __future__ import annotations

import pytest

from chandelle.errors import ConfigError
from chandelle.kb import load_kb
from chandelle.kb.models import Fact, SegmentBasis


def test_every_segment_has_one_basis_and_every_platform_a_figure_or_a_range() -> None:
    kb = load_kb()
    assert set(kb.segments) == {"general_public", "young_people", "seniors", "international"}
    for name, basis in kb.segments.items():
        assert basis.source in kb.sources, name
        assert set(basis.platforms) == set(kb.platforms), name  # never a silent 0
        for slug, fact in basis.platforms.items():
            assert fact.central is not None and 0.0 <= fact.central <= 1.0, (name, slug)
            assert fact.low is not None and fact.high is not None, (name, slug)
            if fact.number is not None:  # measured on the basis: the basis' own source
                assert fact.source == basis.source, (name, slug)


def test_the_young_are_measured_on_daily_use_and_youtube_is_a_range_on_both_bases() -> None:
    """Médiamétrie 2023 (daily use, 15–24) measures Instagram 66 %, TikTok 55 % and Facebook
    41 % (above 79 % "visited" in Ipsos 2023: the range keeps it); YouTube is not in the chart
    read: a range, never a silent 0."""
    kb = load_kb()
    young = kb.segments["young_people"]
    assert young.source == "MED23"
    measured = {slug: fact.number for slug, fact in young.platforms.items() if fact.number is not None}
    assert measured == pytest.approx({"instagram": 0.66, "tiktok": 0.55, "facebook": 0.41})
    assert (young.platforms["facebook"].low, young.platforms["facebook"].high) == (0.22, 0.79)
    youtube = young.platforms["youtube"]
    assert youtube.number is None and (youtube.low, youtube.high) == (0.66, 0.99)
    general = kb.segments["general_public"].platforms["youtube"]
    assert general.number is None and general.central == pytest.approx((0.55 + 0.91) / 2)


def test_a_range_must_hold_its_value_and_come_in_pairs() -> None:
    with pytest.raises(ValueError, match="low <= value <= high"):
        Fact(value=0.5, low=0.6, high=0.9, source="S01", confidence="S")
    with pytest.raises(ValueError, match="both low and high"):
        Fact(value=0.5, low=0.4, source="S01", confidence="S")
    assert Fact(low=0.2, high=0.4, source="S01").central == pytest.approx(0.3)
    with pytest.raises(ValueError, match="a value or a range"):
        SegmentBasis(
            label="x", source="S01", geography="FR", definition="d", platforms={"x": Fact(source="S01")}
        )


def test_a_segment_citing_an_unknown_source_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"segments\.general_public"):
        load_kb(
            {
                "segments": {
                    "general_public": {"label": "x", "source": "NOPE", "geography": "FR", "definition": "d"}
                }
            }
        )


def test_every_platform_has_a_response_curve_within_its_range() -> None:
    kb = load_kb()
    for slug, platform in kb.platforms.items():
        assert platform.response is not None, slug
        b, f_sat = platform.response.elasticity, platform.response.saturation_items_per_week
        assert b.low is not None and b.high is not None and 0 <= b.low <= b.high < 1, slug
        assert f_sat.number is not None and f_sat.number >= (platform.cadence.min_items_per_week.number or 0)
    assert kb.platforms["twitch"].required_formats == ["live"]
