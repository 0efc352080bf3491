"""Render the report: HTML through Jinja2 (autoescape on), PDF through WeasyPrint.

The document is self-contained: CSS inlined, charts as inline SVG, system fonts only
(DejaVu, Liberation), no network access. Text coming from exports (handles, captions,
reasons quoting them) is escaped by Jinja; chart markup is built by ``charts`` which
escapes its own labels.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from chandelle.errors import ReportError
from chandelle.i18n import fmt_date, fmt_number, fmt_percent, translator
from chandelle.report import charts
from chandelle.report.model import NetworkAudit, ReportData

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env


def _month_label(month: date, lang: str) -> str:
    return fmt_date(month, lang, "MMM yy")


def network_charts(network: NetworkAudit, lang: str, as_of: date | None = None) -> dict[str, Markup]:
    _ = translator(lang)
    threshold = None if network.min_items_per_week is None else network.min_items_per_week * 52 / 12
    monthly = charts.monthly_items_chart(
        [charts.Bar(_month_label(m.month, lang), m.items) for m in network.monthly],
        title=_("Items per month — {platform} {handle}", platform=network.platform_label,
                handle=network.handle),
        threshold=threshold,
        threshold_label=_("minimum viable: {value} per month",
                          value=fmt_number(threshold, lang, 1)) if threshold else "",
        gap_label=_("month below the minimum"), y_label=_("items per month"),
        partial_last=as_of is not None and (as_of + timedelta(days=1)).month == as_of.month)
    mix = charts.format_mix_chart(
        [charts.Bar(f.label, f.items) for f in network.formats],
        title=_("Format mix over 12 months — {platform}", platform=network.platform_label),
        empty_label=_("No item in the last 12 months."))
    return {"monthly": Markup(monthly), "formats": Markup(mix)}


def hours_chart(data: ReportData) -> Markup:
    _ = translator(data.lang)
    rows = [charts.Bar(f"{n.platform_label} {n.handle}"[:28], n.hours_per_week) for n in data.networks]
    return Markup(charts.hours_chart(
        rows, title=_("Estimated hours per week against the team's capacity"),
        capacity=data.capacity_hours_per_week,
        capacity_label=_("capacity {hours} h", hours=fmt_number(data.capacity_hours_per_week, data.lang, 1)),
        unit="h", total_label=_("Total"), number=lambda v: fmt_number(v, data.lang, 1)))


def _context(data: ReportData) -> dict[str, Any]:
    lang = data.lang
    return {
        "d": data,
        "_": translator(lang),
        "num": lambda v, digits=1: fmt_number(v, lang, digits),
        "pct": lambda v: fmt_percent(v, lang),
        "day": lambda v: fmt_date(v, lang),
        "css": Markup((TEMPLATES / "report.css").read_text(encoding="utf-8")),
        "hours_chart": hours_chart(data),
        "charts_for": lambda network: network_charts(network, lang, data.as_of),
    }


def render_html(data: ReportData) -> str:
    """The whole report as one self-contained HTML document."""
    return environment().get_template("report.html.j2").render(**_context(data))


def write_html(data: ReportData, path: Path) -> None:
    try:
        path.write_text(render_html(data), encoding="utf-8")
    except OSError as exc:
        raise ReportError("Cannot write the report to {path}: {error}",
                          hint="Check that the folder exists and is writable.",
                          path=str(path), error=str(exc)) from exc


def _offline_fetcher(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:
    """The report is self-contained: any attempt to fetch a resource is refused."""
    raise ValueError(f"chandelle reports never fetch resources ({url[:80]})")


def render_pdf(data: ReportData, path: Path) -> None:
    """The report as a PDF with page numbers and a table of contents (WeasyPrint)."""
    from weasyprint import HTML

    html = render_html(data)
    try:
        HTML(string=html, base_url=str(TEMPLATES), url_fetcher=_offline_fetcher).write_pdf(str(path))
    except OSError as exc:
        raise ReportError("Cannot write the report to {path}: {error}",
                          hint="Check that the folder exists and is writable.",
                          path=str(path), error=str(exc)) from exc
