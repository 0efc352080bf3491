"""The audit dashboard: status per network, charts over time, ghosts, hours against capacity."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from chandelle.audit import AuditReport
from chandelle.report import figures
from chandelle.web.context import as_of_from, cache_of, data_version, reading_for
from chandelle.web.deps import csrf_protect, settings_of
from chandelle.web.render import page, request_language

router = APIRouter(dependencies=[Depends(csrf_protect)])
STATUS_SYMBOLS = {"active": "✔", "irregular": "≈", "dormant": "…", "ghost": "✖"}


@router.get("/audit", name="audit_page")
def audit_page(request: Request) -> Response:
    as_of = as_of_from(request)
    report = reading_for(request, as_of).audit
    lang = request_language(request)
    charts = cache_of(request).get_or_compute(
        ("audit-charts", data_version(settings_of(request)), as_of, lang), lambda: audit_charts(report, lang))
    return page(request, "audit.html", audit=report, as_of=as_of, charts=charts, symbols=STATUS_SYMBOLS,
                ghosts=[a for a in report.accounts if a.status == "ghost"])


def audit_charts(report: AuditReport, lang: str) -> dict[str, Any]:
    """The audit's charts from the one chart builder the PDF uses (chandelle.report.figures):
    hours against capacity, then per account items per month (empty months shown), format mix
    and engagement per format with the number of items behind each figure."""
    rows = [(a.platform, a.handle, a.hours_per_week) for a in report.accounts]
    per_account = {}
    for account in report.accounts:
        engagement = figures.engagement_rows(account.engagement, lang)
        mix = sorted(((f, n) for f, n in account.format_mix.items() if n > 0), key=lambda kv: (-kv[1], kv[0]))
        per_account[(account.platform, account.handle)] = {
            "monthly": figures.monthly_chart(account.platform, account.handle,
                                             figures.filled_months(account.monthly_items, report.as_of),
                                             account.min_items_per_week, report.as_of, lang),
            "formats": figures.format_mix_chart(account.platform, mix, lang),
            "engagement": figures.engagement_chart(account.platform, engagement, lang),
            "engagement_rows": engagement,
            "engagement_over_time": figures.engagement_over_time_chart(
                account.platform, account.handle, account.monthly_engagement, report.as_of, lang),
        }
    return {"hours": figures.hours_chart(rows, report.capacity_hours_per_week, lang), "accounts": per_account}
