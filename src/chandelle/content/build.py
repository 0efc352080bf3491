"""Assemble ``ContentReport``: per account, the engagement basis, the series and their verdicts,
the registers; then the planner's fit evidence. Per-item work is vectorised (numpy) except the
text reading (series markers, register features), which runs once per distinct text."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, date, datetime

import duckdb
import numpy as np

from chandelle.content import messages
from chandelle.content.config import method, registers
from chandelle.content.engagement import (
    AccountEngagement,
    account_engagement,
    episode_baselines,
    ratio,
    rolling_baseline,
)
from chandelle.content.fit import fit_evidence
from chandelle.content.load import FloatArray, Items, load_items
from chandelle.content.models import (
    BasisNote,
    ContentReport,
    NetworkRegisters,
    RegisterResult,
    SeriesResult,
)
from chandelle.content.registers import classify
from chandelle.content.series import SeriesFound, find_series
from chandelle.content.trend import min_episodes, trend

SECONDS_PER_DAY = 86_400.0




def _account_slices(items: Items) -> list[tuple[int, int]]:
    if len(items) == 0:
        return []
    change = np.flatnonzero(np.diff(items.account_id)) + 1
    bounds = [0, *change.tolist(), len(items)]
    return list(itertools.pairwise(bounds))


def _moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _series_result(items: Items, eng: AccountEngagement, found: SeriesFound) -> SeriesResult:
    platform, handle = items.platform[eng.start], items.handle[eng.start]
    times = items.published_s[eng.start:eng.stop]
    positions = np.asarray(found.members, dtype=np.int64)
    episode_times = times[positions]
    gaps = np.diff(episode_times) / SECONDS_PER_DAY
    head = SeriesResult(
        platform=platform, handle=handle, name=found.name, key=found.key, episodes=len(positions),
        first_at=_moment(float(episode_times[0])), last_at=_moment(float(episode_times[-1])),
        cadence_days=float(np.median(gaps)) if gaps.size else None, measured_episodes=0,
        basis=eng.basis.key if eng.basis else None, trend_pct_per_episode=None, trend_ci=None, p_value=None,
        verdict="no_engagement", fatigue=None, reason=messages.no_engagement(found.name, platform))
    if eng.basis is None:
        return head
    members = np.zeros(eng.stop - eng.start, dtype=bool)
    members[positions] = True
    baselines = episode_baselines(times, eng.values, members, method().neighbours_each_side)
    if np.isnan(baselines).all():
        return replace(head, verdict="no_baseline", reason=messages.no_baseline(found.name))
    values = eng.values[positions]
    measured = ~np.isnan(values) & ~np.isnan(baselines)
    return _verdict(replace(head, measured_episodes=int(measured.sum())),
                    np.log(ratio(values[measured], baselines[measured])))


def _verdict(head: SeriesResult, log_ratios: FloatArray) -> SeriesResult:
    """The verdict from the trend of the episodes' log ratios (docs/content.md, "Verdict")."""
    alpha = method().alpha
    found = trend(log_ratios, alpha)
    if found is None:
        return replace(head, verdict="too_few_episodes", fatigue=None,
                       reason=messages.too_few(head.name, head.measured_episodes, min_episodes(alpha)))
    significant = found.p_value < alpha
    if significant and found.pct_per_episode < 0:
        verdict, fatigue, reason = "worn", True, messages.worn(head.name, found)
    elif significant and found.pct_per_episode > 0:
        verdict, fatigue, reason = "growing", False, messages.growing(head.name, found)
    else:
        verdict, fatigue, reason = "steady", False, messages.steady(head.name, found)
    return replace(head, trend_pct_per_episode=found.pct_per_episode,
                   trend_ci=(found.pct_low, found.pct_high), p_value=found.p_value,
                   verdict=verdict, fatigue=fatigue, reason=reason)


def _median(values: FloatArray) -> float | None:
    known = values[~np.isnan(values)]
    return float(np.median(known)) if known.size else None


def _register_result(items: Items, eng: AccountEngagement, labels: np.ndarray, relative: FloatArray,
                     window: np.ndarray) -> RegisterResult:
    names = registers().names
    in_window = int(window.sum())
    counts = {r: int(np.count_nonzero(window & (labels == r))) for r in names}
    medians, with_values, relatives = {}, {}, {}
    for r in names:
        chosen = window & (labels == r)
        medians[r] = _median(eng.values[chosen])
        with_values[r] = int(np.count_nonzero(chosen & ~np.isnan(eng.values)))
        relatives[r] = _median(relative[chosen])
    return RegisterResult(
        platform=items.platform[eng.start], handle=items.handle[eng.start], items=in_window,
        basis=eng.basis.key if eng.basis else None,
        shares={r: (counts[r] / in_window if in_window else 0.0) for r in names}, counts=counts,
        engagement=medians, engagement_counts=with_values, relative=relatives)


def _networks(per_platform: dict[str, list[tuple[np.ndarray, FloatArray]]]) -> list[NetworkRegisters]:
    names = registers().names
    out = []
    for platform, parts in sorted(per_platform.items()):
        labels = np.concatenate([p[0] for p in parts])
        relative = np.concatenate([p[1] for p in parts])
        counts = {r: int(np.count_nonzero(labels == r)) for r in names}
        total = int(labels.size)
        shares = {r: (counts[r] / total if total else 0.0) for r in names}
        out.append(NetworkRegisters(platform, total, shares, counts,
                                    {r: _median(relative[labels == r]) for r in names}))
    return out


def _basis_note(items: Items, eng: AccountEngagement) -> BasisNote:
    platform, handle = items.platform[eng.start], items.handle[eng.start]
    total = eng.stop - eng.start
    known = int(np.count_nonzero(~np.isnan(eng.values)))
    if eng.basis is None:
        return BasisNote(platform, handle, None, None, 0, total, messages.basis_missing(platform, handle))
    return BasisNote(platform, handle, eng.basis.key, eng.basis.label, known, total,
                     messages.basis_used(platform, handle, eng.basis.label, known, total))


def build(items: Items, as_of: date) -> ContentReport:
    """The content report of every account in ``items`` (loaded up to ``as_of``)."""
    params = method()
    window_all = items.age_days < params.register_window_days
    labels = np.full(len(items), "", dtype=object)   # registers are read over the window only
    labels[window_all] = classify([items.text[i] for i in np.flatnonzero(window_all)])
    series: list[SeriesResult] = []
    results: list[RegisterResult] = []
    notes: list[BasisNote] = []
    per_platform: dict[str, list[tuple[np.ndarray, FloatArray]]] = defaultdict(list)
    relative_all = np.full(len(items), np.nan)
    for start, stop in _account_slices(items):
        eng = account_engagement(items, start, stop)
        notes.append(_basis_note(items, eng))
        series += [_series_result(items, eng, found) for found in find_series(items.text[start:stop])]
        baseline = rolling_baseline(eng.values, params.neighbours_each_side)
        relative = ratio(eng.values, baseline)
        relative_all[start:stop] = relative
        window = items.age_days[start:stop] < params.register_window_days
        account_labels = labels[start:stop]
        results.append(_register_result(items, eng, account_labels, relative, window))
        per_platform[items.platform[start]].append((account_labels[window], relative[window]))
    report = ContentReport(as_of=as_of, registers_window_days=params.register_window_days,
                           min_episodes=min_episodes(params.alpha), series=series, registers=results,
                           networks=_networks(per_platform), bases=notes)
    report.fit_evidence = fit_evidence(items, labels, relative_all, window_all)
    return report


def run_content(con: duckdb.DuckDBPyConnection, as_of: date) -> ContentReport:
    """Series, registers and engagement bases of every account in the store, as of ``as_of``."""
    return build(load_items(con, as_of), as_of)
