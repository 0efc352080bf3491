"""Theil–Sen and Mann–Kendall on constructed episode sequences."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from chandelle.content.trend import min_episodes, trend


def test_the_fewest_episodes_is_where_an_exact_test_can_first_reach_5_percent() -> None:
    # exact two-sided p of a perfectly monotonic series of n ranks is 2 / n!
    expected = next(n for n in range(2, 20) if 2 / math.factorial(n) < 0.05)
    assert min_episodes(0.05) == expected == 5
    assert min_episodes(0.01) == next(n for n in range(2, 20) if 2 / math.factorial(n) < 0.01)


def test_a_geometric_decline_gives_its_rate_exactly() -> None:
    logs = np.log(0.96 ** np.arange(1, 25))
    found = trend(logs, 0.05)
    assert found is not None
    assert found.pct_per_episode == pytest.approx(-0.04)
    assert found.p_value < 0.001
    assert found.pct_low == pytest.approx(-0.04) == found.pct_high   # no scatter: a degenerate interval


def test_below_the_minimum_there_is_no_trend() -> None:
    assert trend(np.log(0.5 ** np.arange(1, 5)), 0.05) is None


def test_an_outlier_does_not_move_the_robust_slope_much() -> None:
    logs = np.log(0.97 ** np.arange(1, 21))
    logs[3] += 3.0   # one viral episode
    found = trend(logs, 0.05)
    assert found is not None
    assert found.pct_per_episode == pytest.approx(-0.03, abs=0.003)


def test_noise_without_trend_is_not_significant() -> None:
    rng = random.Random(7)
    logs = np.array([rng.gauss(0, 0.2) for _ in range(30)])
    found = trend(logs, 0.05)
    assert found is not None and found.p_value > 0.05
    assert found.pct_low < 0 < found.pct_high
