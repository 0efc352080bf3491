"""The director's report: gather (``build_report``), then render as HTML or PDF."""

from __future__ import annotations

from chandelle.report.gather import assemble, build_report
from chandelle.report.model import ReportData
from chandelle.report.render import render_html, render_pdf

__all__ = ["ReportData", "assemble", "build_report", "render_html", "render_pdf"]
