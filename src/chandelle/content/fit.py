"""The institution's own evidence for the planner's format fit, per (network, format, objective).

The planner's fit of a format for an objective (0..1) comes from the knowledge base, mostly as
assumptions. Where the institution's own items say otherwise *significantly*, the planner uses
them: for each network, format and register, the items' engagement relative to their account's
baseline (``engagement.ratio`` over the rolling median of the neighbouring items) is tested
against "as usual" (log ratio 0) with a Wilcoxon signed-rank test (``scipy.stats.wilcoxon``).
With at least ``fit.min_items`` items and p < ``fit.alpha``, the median ratio, kept within
[``fit.min_factor``, ``fit.max_factor``], becomes the factor applied to the fit of the
objectives that register serves (registers.toml ``[objectives]``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from chandelle.content.config import method, registers
from chandelle.content.load import FloatArray, Items
from chandelle.content.models import ContentReport, FitEvidence


def fit_evidence(items: Items, labels: np.ndarray, relative: FloatArray,
                 window: np.ndarray) -> list[FitEvidence]:
    """Every significant (network, format, register) group, once per objective it informs."""
    from scipy.stats import wilcoxon

    params = method()
    groups: dict[tuple[str, str, str], list[int]] = {}
    for index in np.flatnonzero(window & ~np.isnan(relative)).tolist():
        key = (items.platform[index], items.format[index], str(labels[index]))
        groups.setdefault(key, []).append(index)
    found: list[FitEvidence] = []
    for (platform, fmt, register), members in sorted(groups.items()):
        objectives = registers().objectives.get(register, ())
        logs = np.log(relative[np.asarray(members, dtype=np.int64)])
        if not objectives or logs.size < params.fit_min_items or not np.any(logs != 0):
            continue
        p_value = float(wilcoxon(logs, method=_wilcoxon_method(logs)).pvalue)
        if p_value >= params.fit_alpha:
            continue
        factor = min(params.fit_max_factor, max(params.fit_min_factor, float(np.exp(np.median(logs)))))
        found += [FitEvidence(platform, fmt, objective, register, factor, int(logs.size), p_value)
                  for objective in objectives]
    return found


def format_fit_evidence(report: ContentReport) -> dict[tuple[str, str], dict[str, FitEvidence]]:
    """The planner's seam: (platform, store format) -> objective -> the institution's own evidence."""
    return _index(report.fit_evidence)


def _index(found: Iterable[FitEvidence]) -> dict[tuple[str, str], dict[str, FitEvidence]]:
    out: dict[tuple[str, str], dict[str, FitEvidence]] = {}
    for evidence in found:
        out.setdefault((evidence.platform, evidence.format), {})[evidence.objective] = evidence
    return out


def adjusted_fit(fits: Mapping[str, float], evidence: Mapping[str, FitEvidence]) -> dict[str, float]:
    """The knowledge base's fits with the institution's evidence applied (capped at 1)."""
    return {objective: min(1.0, value * evidence[objective].factor) if objective in evidence else value
            for objective, value in fits.items()}


def _wilcoxon_method(logs: np.ndarray) -> str:
    """The exact null distribution where it exists (no zeros, no ties, at most 50 items), else the
    normal approximation: SciPy's "auto" falls back to a permutation test on small samples with
    ties, which costs seconds for no better answer."""
    nonzero = np.abs(logs[logs != 0])
    exact = nonzero.size == logs.size and logs.size <= 50 and np.unique(nonzero).size == nonzero.size
    return "exact" if exact else "approx"
