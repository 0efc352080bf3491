"""The one chart builder of chandelle: the audit's charts, the same in the web app and the report.

``report.charts`` draws (SVG, patterns for grayscale, escaped labels); this module decides what
is drawn, with which title and which numbers: every chart is titled with its network, every
month of the window is shown (empty months too: an abandoned account shows its silence),
numbers are written the reader's way (« 0,5 »), and every figure says how many items it rests on.
Its inputs are the audit's own records, so the web page and the PDF cannot diverge.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from markupsafe import Markup

from chandelle.i18n import fmt_date, fmt_number, fmt_percent, translator
from chandelle.labels import format_label, platform_label
from chandelle.report import charts

CHART_MONTHS = 24
# Engagement figures, in the order they are shown; all are medians per item over 365 days.
ENGAGEMENT_METRICS = ("interactions", "reach", "views", "likes")


class _Monthly(Protocol):
    @property
    def month(self) -> date: ...
    @property
    def items(self) -> int: ...


class _MonthlyEngagement(Protocol):
    @property
    def month(self) -> date: ...
    @property
    def items(self) -> int: ...
    @property
    def interactions(self) -> float: ...


@dataclass(frozen=True)
class MonthItems:
    month: date           # first day of the month
    items: int


@dataclass(frozen=True)
class EngagementRow:
    """One format's median engagement per item, and the number of items it is measured on."""

    format: str
    label: str            # translated
    items: int            # items with metrics behind the medians
    values: dict[str, float]


def chart_months(as_of: date, months: int = CHART_MONTHS) -> list[date]:
    """The first days of the last ``months`` calendar months up to ``as_of``'s, oldest first."""
    year, month = as_of.year, as_of.month
    out = []
    for _step in range(months):
        out.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(out))


def filled_months(monthly: Iterable[_Monthly], as_of: date, months: int = CHART_MONTHS) -> list[MonthItems]:
    """The last ``months`` months up to ``as_of``, months without items included as 0."""
    counts = {m.month.replace(day=1): m.items for m in monthly}
    return [MonthItems(first, counts.get(first, 0)) for first in chart_months(as_of, months)]


def monthly_chart(platform: str, handle: str, months: Sequence[_Monthly], min_items_per_week: float | None,
                  as_of: date | None, lang: str) -> Markup:
    """Items per month of one account, titled with its network, against its minimum cadence."""
    _ = translator(lang)
    threshold = None if not min_items_per_week else min_items_per_week * 52 / 12
    return Markup(charts.monthly_items_chart(
        [charts.Bar(fmt_date(m.month, lang, "MMM yy"), m.items) for m in months],
        title=_("Items per month — {platform} {handle}", platform=platform_label(platform, lang),
                handle=handle),
        threshold=threshold,
        threshold_label=_("minimum viable: {value} per month", value=fmt_number(threshold, lang, 1))
        if threshold else "",
        gap_label=_("month below the minimum"), y_label=_("items per month"),
        partial_last=as_of is not None and (as_of + timedelta(days=1)).month == as_of.month,
        number=lambda v: fmt_number(v, lang, 1)))


def format_mix_chart(platform: str, shares: Sequence[tuple[str, int]], lang: str) -> Markup:
    """The share of each format over 12 months, with the number of items in words."""
    _ = translator(lang)
    return Markup(charts.format_mix_chart(
        [charts.Bar(format_label(fmt, lang), items) for fmt, items in shares],
        title=_("Format mix over 12 months — {platform}", platform=platform_label(platform, lang)),
        empty_label=_("No item in the last 12 months."),
        number=lambda v: fmt_number(v, lang, 0), percent=lambda v: fmt_percent(v, lang)))


def hours_chart(rows: Sequence[tuple[str, str, float]], capacity: float, lang: str) -> Markup:
    """Estimated hours per week per account (platform, handle, hours) against the capacity."""
    _ = translator(lang)
    bars = [charts.Bar(f"{platform_label(p, lang)} {h}"[:28], hours) for p, h, hours in rows]
    return Markup(charts.hours_chart(
        bars, title=_("Estimated hours per week against the team's capacity"), capacity=capacity,
        capacity_label=_("capacity {hours} h", hours=fmt_number(capacity, lang, 1)),
        unit="h", total_label=_("Total"), number=lambda v: fmt_number(v, lang, 1)))


def engagement_rows(engagement: dict[str, dict[str, float]], lang: str) -> list[EngagementRow]:
    """The audit's engagement per format (medians per item), most measured format first."""
    rows = [EngagementRow(fmt, format_label(fmt, lang), int(metrics.get("items_with_metrics", 0)),
                          {k: v for k, v in metrics.items() if k in ENGAGEMENT_METRICS})
            for fmt, metrics in engagement.items()]
    return sorted((r for r in rows if r.items > 0), key=lambda r: (-r.items, r.format))


def engagement_chart(platform: str, rows: Sequence[EngagementRow], lang: str) -> Markup | None:
    """Median interactions per item for each format, with the number of items measured."""
    measured = [r for r in rows if "interactions" in r.values]
    if not measured:
        return None
    _ = translator(lang)
    bars = [charts.Bar(_("{format} ({count} items)", format=r.label, count=fmt_number(r.items, lang, 0)),
                       r.values["interactions"]) for r in measured]
    return Markup(charts.hours_chart(
        bars, title=_("Median interactions per item by format — {platform}",
                      platform=platform_label(platform, lang)),
        capacity=None, capacity_label="", unit="", total_label=None,
        number=lambda v: fmt_number(v, lang, 1)))


def engagement_over_time_chart(platform: str, handle: str, monthly: Sequence[_MonthlyEngagement],
                               as_of: date, lang: str) -> Markup | None:
    """Median interactions per item, month by month over the audit's 24 months, with the number of
    items measured above each bar; months without a measured item are gaps. None when the
    account's exports carry no engagement (the page says so instead)."""
    if not monthly:
        return None
    _ = translator(lang)
    by_month = {m.month: m for m in monthly}
    points = []
    for first in chart_months(as_of):
        found = by_month.get(first)
        points.append(charts.MonthValue(fmt_date(first, lang, "MMM yy"),
                                        found.interactions if found else None, found.items if found else 0))
    return Markup(charts.monthly_values_chart(
        points, title=_("Median interactions per item by month — {platform} {handle}",
                        platform=platform_label(platform, lang), handle=handle),
        y_label=_("interactions per item"), count_label=_("n above a bar: items measured"),
        missing_label=_("no item measured"), number=lambda v: fmt_number(v, lang, 1),
        count_number=lambda v: fmt_number(v, lang, 0)))
