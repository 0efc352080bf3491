"""Render the report: HTML through Jinja2 (autoescape on), PDF through WeasyPrint.

The document is self-contained: CSS inlined, charts as inline SVG, system fonts only
(DejaVu, Liberation), no network access. Text coming from exports (handles, captions,
reasons quoting them) is escaped by Jinja; chart markup is built by ``charts`` which
escapes its own labels.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from chandelle.errors import ReportError
from chandelle.i18n import fmt_date, fmt_number, fmt_percent, translator
from chandelle.labels import confidence_label
from chandelle.report import figures
from chandelle.report.model import NetworkAudit, ReportData

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env


def network_charts(network: NetworkAudit, lang: str, as_of: date | None = None) -> dict[str, Markup | None]:
    """The account's charts, from the one chart builder the web app uses too (report.figures)."""
    return {
        "monthly": figures.monthly_chart(network.platform, network.handle, network.monthly,
                                         network.min_items_per_week, as_of, lang),
        "formats": figures.format_mix_chart(network.platform, [(f.format, f.items) for f in network.formats],
                                            lang),
        "engagement": figures.engagement_chart(network.platform, network.engagement, lang),
        "engagement_over_time": figures.engagement_over_time_chart(
            network.platform, network.handle, network.monthly_engagement, as_of, lang) if as_of else None,
    }


def hours_chart(data: ReportData) -> Markup:
    rows = [(n.platform, n.handle, n.hours_per_week) for n in data.networks]
    return figures.hours_chart(rows, data.capacity_hours_per_week, data.lang)


def _context(data: ReportData) -> dict[str, Any]:
    lang = data.lang
    return {
        "d": data,
        "_": translator(lang),
        "num": lambda v, digits=1: fmt_number(v, lang, digits),
        "pct": lambda v: fmt_percent(v, lang),
        "day": lambda v: fmt_date(v, lang),
        "reliability": lambda code: confidence_label(code, lang),
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


# Emoji shown as pictures by default (Unicode Emoji_Presentation): the supplementary planes, and
# the few BMP ones.
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u231a\u231b\u23e9-\u23ec\u23f0\u23f3\u25fd\u25fe\u2614"
                    "\u2615\u2648-\u2653\u267f\u2693\u26a1\u26aa\u26ab\u26bd\u26be\u26c4\u26c5\u26ce"
                    "\u26d4\u26ea\u26f2\u26f3\u26f5\u26fa\u26fd\u2705\u270a\u270b\u2728\u274c\u274e"
                    "\u2753-\u2755\u2757\u2795-\u2797\u27b0\u27bf\u2b1b\u2b1c\u2b50\u2b55]")
_EMOJI_JOINERS = re.compile("[\u200d\ufe0e\ufe0f\U0001F3FB-\U0001F3FF]")


def emoji_as_names(text: str) -> str:
    """Emoji (which the PDF's system fonts cannot draw: they would print as empty boxes) replaced
    by their Unicode names, « 🎨 » → « [artist palette] »; joiners and skin tones dropped."""
    text = _EMOJI_JOINERS.sub("", text)
    return _EMOJI.sub(lambda m: f"[{unicodedata.name(m.group(0), 'emoji').lower()}]", text)


def render_pdf(data: ReportData, path: Path) -> None:
    """The report as a PDF with page numbers and a table of contents (WeasyPrint)."""
    from weasyprint import HTML

    html = emoji_as_names(render_html(data))
    try:
        HTML(string=html, base_url=str(TEMPLATES), url_fetcher=_offline_fetcher).write_pdf(str(path))
    except OSError as exc:
        raise ReportError("Cannot write the report to {path}: {error}",
                          hint="Check that the folder exists and is writable.",
                          path=str(path), error=str(exc)) from exc
