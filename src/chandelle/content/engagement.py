"""Engagement per item on each network, and the account's baseline at the time of an item.

Which figure counts as engagement depends on what the network's export really carries
(engagement.toml): an account uses the first basis of its network that at least half of its
items have. Where none does, the account has no per-item engagement and chandelle says so
rather than guessing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.ndimage import median_filter

from chandelle.content.config import Basis, bases, method
from chandelle.content.load import FloatArray, Items

MIN_COVERAGE = 0.5   # share of an account's items a basis must cover to be chosen
SECONDS_PER_DAY = 86_400.0


@dataclass(frozen=True)
class AccountEngagement:
    """One account's items (a slice of ``Items``) and their engagement on the chosen basis."""

    start: int
    stop: int
    basis: Basis | None              # None: the export carries no per-item engagement
    values: FloatArray               # per item of the slice; NaN when unknown or too young


def basis_values(items: Items, start: int, stop: int, basis: Basis) -> FloatArray:
    """The basis on items[start:stop]: its ``total`` metric if present, else the sum of the metrics
    present; NaN when the item carries none of them."""
    parts = np.vstack([items.metrics[m][start:stop] for m in basis.metrics])
    present = ~np.isnan(parts)
    summed = np.where(present.any(axis=0), np.nansum(parts, axis=0), np.nan)
    if basis.total is None:
        return np.asarray(summed, dtype=np.float64)
    total = items.metrics[basis.total][start:stop]
    return np.asarray(np.where(np.isnan(total), summed, total), dtype=np.float64)


def _too_young(items: Items, start: int, stop: int) -> FloatArray:
    age_at_export = (items.exported_s[start:stop] - items.published_s[start:stop]) / SECONDS_PER_DAY
    return np.asarray(age_at_export < method().min_age_days_at_export, dtype=bool)


def account_engagement(items: Items, start: int, stop: int) -> AccountEngagement:
    """Choose the account's basis (first one of its network covering half its items) and apply it."""
    known, preferences = bases()
    platform = items.platform[start] if stop > start else "other"
    for key in preferences.get(platform, preferences["other"]):
        values = basis_values(items, start, stop, known[key])
        if stop > start and np.count_nonzero(~np.isnan(values)) >= MIN_COVERAGE * (stop - start):
            values = np.where(_too_young(items, start, stop), np.nan, values)
            return AccountEngagement(start, stop, known[key], np.asarray(values, dtype=np.float64))
    return AccountEngagement(start, stop, None, np.full(stop - start, np.nan))


def rolling_baseline(values: FloatArray, neighbours: int) -> FloatArray:
    """For each item: the median of the ``neighbours`` known values before and after it (itself left
    out), in publication order; NaN where the item's own value is unknown."""
    known = ~np.isnan(values)
    result = np.full(values.shape, np.nan)
    compact = values[known]
    if compact.size <= 1:
        return result
    footprint = np.ones(2 * neighbours + 1, dtype=bool)
    footprint[neighbours] = False
    result[known] = median_filter(compact, footprint=footprint, mode="mirror")
    return result


def ratio(value: FloatArray | float, baseline: FloatArray | float) -> FloatArray:
    """Engagement relative to the baseline, (v + 1) / (baseline + 1): 1 = as usual; defined at 0."""
    return np.asarray((np.asarray(value) + 1.0) / (np.asarray(baseline) + 1.0), dtype=np.float64)


def episode_baselines(times: FloatArray, values: FloatArray, members: np.ndarray,
                      neighbours: int) -> FloatArray:
    """For each member item: the median of the ``neighbours`` nearest known values of the account's
    items *outside* the series before it and after it (the series never normalises itself)."""
    others = (~members) & ~np.isnan(values)
    other_times, other_values = times[others], values[others]
    if other_values.size < method().baseline_min_items:
        return np.full(int(members.sum()), np.nan)
    positions = np.searchsorted(other_times, times[members])
    offsets = np.arange(-neighbours, neighbours)
    window = positions[:, None] + offsets[None, :]       # the k before and the k from the position on
    inside = (window >= 0) & (window < other_values.size)
    gathered = np.where(inside, other_values[np.clip(window, 0, other_values.size - 1)], np.nan)
    return np.asarray(np.nanmedian(gathered, axis=1), dtype=np.float64)
