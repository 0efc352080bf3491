"""The sentences of ``chandelle content`` (English msgids, French in locale/fr/.../content.po)."""

from __future__ import annotations

from chandelle.audit.models import Clause, Reason
from chandelle.content.trend import Trend
from chandelle.labels import platform_label


def _pct(value: float) -> float:
    return round(abs(value) * 100, 1)


def worn(name: str, found: Trend) -> Reason:
    return Reason((Clause(
        "{name}: engagement fell by {pct}% per episode over {count} episodes; "
        "consider renewing the series or spacing it out",
        {"name": name, "pct": _pct(found.pct_per_episode), "count": found.episodes}),))


def growing(name: str, found: Trend) -> Reason:
    return Reason((Clause(
        "{name}: engagement rose by {pct}% per episode over {count} episodes; the series keeps its audience",
        {"name": name, "pct": _pct(found.pct_per_episode), "count": found.episodes}),))


def steady(name: str, found: Trend) -> Reason:
    return Reason((Clause(
        "{name}: no clear trend over {count} episodes (between {low}% and {high}% per episode); "
        "no sign of wear",
        {"name": name, "count": found.episodes, "low": round(found.pct_low * 100, 1),
         "high": round(found.pct_high * 100, 1)}),))


def too_few(name: str, measured: int, needed: int) -> Reason:
    return Reason((Clause(
        "{name}: {count} episode measured; at least {needed} are needed for a verdict",
        {"name": name, "count": measured, "needed": needed},
        "{name}: {count} episodes measured; at least {needed} are needed for a verdict", measured),))


def no_baseline(name: str) -> Reason:
    return Reason((Clause(
        "{name}: too few other items of the account to compare the episodes with; no verdict",
        {"name": name}),))


def no_engagement(name: str, platform: str) -> Reason:
    return Reason((Clause(
        "{name}: the {platform} export carries no engagement per item; no verdict",
        {"name": name, "platform": platform_label(platform, "en")}),))


def basis_used(platform: str, handle: str, label: str, count: int, total: int) -> Clause:
    return Clause("{platform} {handle}: engagement counted as {label} ({count} of {total} items)",
                  {"platform": platform_label(platform, "en"), "handle": handle, "label": label,
                   "count": count, "total": total})


def basis_missing(platform: str, handle: str) -> Clause:
    return Clause("{platform} {handle}: the export carries no engagement per item, so none is shown "
                  "(no figure is guessed)", {"platform": platform_label(platform, "en"), "handle": handle})
