"""The director's report: gather (``build_report`` from an ``Analysis``), then render as HTML or PDF."""

from __future__ import annotations

from pathlib import Path

from chandelle.report.gather import assemble, build_report
from chandelle.report.model import ReportData
from chandelle.report.render import render_html, render_pdf, write_html

__all__ = ["ReportData", "assemble", "build_report", "render_html", "render_pdf", "write_report"]


def write_report(data: ReportData, path: Path) -> None:
    """Write the report as PDF or HTML, after the suffix of ``path``."""
    if path.suffix.lower() == ".pdf":
        render_pdf(data, path)
    else:
        write_html(data, path)
