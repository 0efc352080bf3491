"""The audit dashboard: status per network, charts over time, ghosts, hours against capacity."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from chandelle.audit import AuditReport
from chandelle.i18n import fmt_date, fmt_number, translator
from chandelle.report import charts, labels
from chandelle.web.context import as_of_from, cache_of, data_version, reading_for
from chandelle.web.deps import csrf_protect, settings_of
from chandelle.web.render import page, request_language

router = APIRouter(dependencies=[Depends(csrf_protect)])
CHART_MONTHS = 24
STATUS_SYMBOLS = {"active": "✔", "irregular": "≈", "dormant": "…", "ghost": "✖"}


@router.get("/audit", name="audit_page")
def audit_page(request: Request) -> Response:
    as_of = as_of_from(request)
    report = reading_for(request, as_of).audit
    lang = request_language(request)
    _ = translator(lang)
    svgs = cache_of(request).get_or_compute(
        ("audit-charts", data_version(settings_of(request)), as_of, lang), lambda: audit_charts(report, lang))
    return page(request, "audit.html", audit=report, as_of=as_of, charts=svgs,
                platform=lambda slug: labels.platform_label(slug, _),
                status=lambda slug: labels.status_label(slug, _),
                fmt=lambda slug: labels.format_label(slug, _), symbols=STATUS_SYMBOLS,
                ghosts=[a for a in report.accounts if a.status == "ghost"])


def audit_charts(report: AuditReport, lang: str) -> dict[str, Any]:
    """SVG charts from chandelle.report.charts: hours against capacity, items per month per account."""
    _ = translator(lang)
    rows = [charts.Bar(f"{labels.platform_label(a.platform, _)} {a.handle}"[:28], a.hours_per_week)
            for a in report.accounts]
    hours = charts.hours_chart(
        rows, title=_("Estimated hours per week against the team's capacity"),
        capacity=report.capacity_hours_per_week,
        capacity_label=_("capacity {hours} h", hours=fmt_number(report.capacity_hours_per_week, lang, 1)),
        unit="h", total_label=_("Total"), number=lambda v: fmt_number(v, lang, 1))
    monthly = {}
    for account in report.accounts:
        months = account.monthly_items[-CHART_MONTHS:]
        threshold = account.min_items_per_week * 52 / 12 if account.min_items_per_week else None
        monthly[(account.platform, account.handle)] = Markup(charts.monthly_items_chart(
            [charts.Bar(fmt_date(m.month, lang, "MMM yy"), m.items) for m in months],
            title=_("Items per month — {platform} {handle}",
                    platform=labels.platform_label(account.platform, _), handle=account.handle),
            threshold=threshold,
            threshold_label=_("minimum viable: {value} per month", value=fmt_number(threshold, lang, 1))
            if threshold else "",
            gap_label=_("month below the minimum"), y_label=_("items per month")))
    return {"hours": Markup(hours), "monthly": monthly}
