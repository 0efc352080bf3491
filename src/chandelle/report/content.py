"""The report's section « Ce qui est publié »: series and their wear, registers per account.

Data only, translated (``content_section``); the partial ``_content.html.j2`` lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from chandelle.i18n import fmt_number, fmt_percent, translator
from chandelle.labels import platform_label

if TYPE_CHECKING:
    from chandelle.content import ContentReport, SeriesResult


@dataclass(frozen=True)
class SeriesLine:
    network: str                     # translated platform label and handle
    name: str                        # as the account writes it (escaped when rendered)
    episodes: int
    cadence: str                     # « 14 j » / "14 d", or "—"
    trend: str                       # « -4 % (de -6 % à -2 %) » or "—"
    verdict: str                     # slug, for the style
    verdict_label: str
    reason: str


@dataclass(frozen=True)
class RegisterLine:
    network: str
    items: int
    cells: tuple[str, ...]           # per register: « 45 % (54) · 145 »


@dataclass(frozen=True)
class ContentSection:
    series: tuple[SeriesLine, ...]
    register_names: tuple[str, ...]  # translated
    registers: tuple[RegisterLine, ...]
    bases: tuple[str, ...]           # one sentence per account: what engagement means, or none
    window_days: int
    min_episodes: int


def _trend(series: SeriesResult, lang: str) -> str:
    _ = translator(lang)
    if series.trend_pct_per_episode is None or series.trend_ci is None:
        return "—"
    return _("{trend} (from {low} to {high})", trend=fmt_percent(series.trend_pct_per_episode, lang),
             low=fmt_percent(series.trend_ci[0], lang), high=fmt_percent(series.trend_ci[1], lang))


def content_section(report: ContentReport, lang: str) -> ContentSection:
    """The section's data from ``chandelle content``'s results, in ``lang``."""
    _ = translator(lang)
    series = tuple(SeriesLine(
        network=f"{platform_label(s.platform, lang)} {s.handle}", name=s.name, episodes=s.episodes,
        cadence="—" if s.cadence_days is None else _("{days} d", days=fmt_number(s.cadence_days, lang, 0)),
        trend=_trend(s, lang), verdict=s.verdict, verdict_label=_(s.verdict), reason=s.reason.render(lang))
        for s in report.series)
    names = tuple(report.registers[0].shares) if report.registers else ()
    registers = tuple(RegisterLine(
        network=f"{platform_label(r.platform, lang)} {r.handle}", items=r.items,
        cells=tuple(f"{fmt_percent(r.shares[n], lang)} ({fmt_number(r.counts[n], lang, 0)})"
                    + (f" · {fmt_number(r.engagement[n], lang, 0)}" if r.engagement[n] is not None else "")
                    for n in names))
        for r in report.registers if r.items)
    return ContentSection(series=series, register_names=tuple(_(n) for n in names), registers=registers,
                          bases=tuple(b.render(lang) for b in report.bases),
                          window_days=report.registers_window_days, min_episodes=report.min_episodes)
