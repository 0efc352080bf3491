"""The trend of a series across its episodes: Theil–Sen slope and Mann–Kendall test (scipy).

``y`` is the natural log of each episode's engagement relative to the account's baseline at the
time, ``x`` the episode's rank. The Theil–Sen slope (median of pairwise slopes, robust to outliers)
and its confidence interval come from ``scipy.stats.theilslopes``; the Mann–Kendall test of a
monotonic trend is Kendall's tau between rank and ``y`` (``scipy.stats.kendalltau``, exact p-value
for small series without ties). A slope ``b`` on the log scale is ``exp(b) − 1`` per episode.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy.stats import kendalltau, theilslopes

from chandelle.content.load import FloatArray

MAX_EPISODES_SEARCHED = 50


@dataclass(frozen=True)
class Trend:
    episodes: int
    pct_per_episode: float           # exp(slope) - 1
    pct_low: float                   # confidence interval of the slope, same scale
    pct_high: float
    p_value: float                   # Mann–Kendall, two-sided


@cache
def min_episodes(alpha: float) -> int:
    """The fewest episodes with which the Mann–Kendall test can reach ``alpha`` at all (a perfectly
    monotonic series): 5 at the 5 % level. Fewer episodes cannot give a verdict."""
    for n in range(3, MAX_EPISODES_SEARCHED):
        ranks = np.arange(n, dtype=np.float64)
        if float(kendalltau(ranks, ranks).pvalue) < alpha:
            return n
    return MAX_EPISODES_SEARCHED


def trend(log_ratios: FloatArray, alpha: float) -> Trend | None:
    """The trend of ``log_ratios`` (in episode order); None below ``min_episodes`` or when flat."""
    n = int(log_ratios.size)
    if n < min_episodes(alpha):
        return None
    ranks = np.arange(1, n + 1, dtype=np.float64)
    slope, _intercept, low, high = theilslopes(log_ratios, ranks, alpha=1 - alpha)
    tau = kendalltau(ranks, log_ratios)
    p_value = float(tau.pvalue) if not math.isnan(float(tau.pvalue)) else 1.0
    return Trend(n, math.expm1(float(slope)), math.expm1(float(low)), math.expm1(float(high)), p_value)
