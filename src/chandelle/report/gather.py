"""Gather the director's report from the audit, the plan, the knowledge base and the profile.

``build_report`` takes one ``chandelle.analysis.Analysis`` (the audit, the plan, and the plan
solved again with fewer and more hours for the "what more or fewer hours would change"
section); ``assemble`` turns their typed results into ``ReportData``, translated, so that
rendering is pure presentation. Nothing here opens the store or runs the solver.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from chandelle.i18n import PARIS, Translator, fmt_number, translator
from chandelle.labels import assumption_label, decision_label, format_label, platform_label, status_label
from chandelle.report.figures import engagement_rows, filled_months
from chandelle.report.glossary import GLOSSARY
from chandelle.report.model import (
    FormatShare,
    GlossaryEntry,
    MonthCount,
    NetworkAudit,
    PortfolioLine,
    ReportData,
    Source,
    WhatIf,
)
from chandelle.report.peers import peer_rows
from chandelle.report.sources import weakest_confidence

if TYPE_CHECKING:
    from chandelle.analysis import Analysis
    from chandelle.audit.models import AccountAudit, AuditReport
    from chandelle.kb.models import KnowledgeBase
    from chandelle.plan.result import Plan
    from chandelle.profile import Profile

CHART_MONTHS = 24



def _monthly(account: AccountAudit, as_of: date) -> tuple[MonthCount, ...]:
    """The last CHART_MONTHS months up to ``as_of``, months without items included as 0."""
    return tuple(filled_months(account.monthly_items, as_of, CHART_MONTHS))


def network_audit(account: AccountAudit, as_of: date, lang: str,
                  last: tuple[datetime, str] | None = None) -> NetworkAudit:
    _ = translator(lang)
    mix = sorted(account.format_mix.items(), key=lambda kv: (-kv[1], kv[0]))
    return NetworkAudit(
        platform=account.platform, platform_label=platform_label(account.platform, lang),
        handle=account.handle, status=account.status, status_label=status_label(account.status, lang),
        reason=account.reason.render(lang), items_last_365d=account.items_last_365d,
        items_in_window=account.items_in_window, items_per_week=account.items_per_week,
        active_week_share=account.active_week_share, longest_gap_days=account.longest_gap_days,
        days_since_last_item=account.days_since_last_item, hours_per_week=account.hours_per_week,
        min_items_per_week=account.min_items_per_week, monthly=_monthly(account, as_of),
        formats=tuple(FormatShare(f, format_label(f, lang), n) for f, n in mix if n > 0),
        source_keys=tuple(sorted(set(account.kb_sources.values()))),
        last_item_at=last[0] if last else None, last_item_text=last[1] if last else None,
        engagement=tuple(engagement_rows(account.engagement, lang)),
        followers_first=(trend.first_day, trend.first) if (trend := account.follower_trend) else None,
        followers_last=(trend.last_day, trend.last) if trend else None,
        monthly_engagement=tuple(account.monthly_engagement))


def _portfolio(plan: Plan, _: Translator, lang: str) -> list[PortfolioLine]:
    order = {"keep": 0, "start": 1, "merge": 2, "archive": 3, "quit": 4, "absent": 5}
    lines = []
    for network in sorted(plan.networks, key=lambda n: (order.get(n.decision, 9), n.platform)):
        if network.decision == "absent" and not network.reasons:
            continue
        formats = tuple(f"{format_label(f.format, lang)} × {fmt_number(f.items_per_week, lang, 1)}"
                        for f in network.formats if f.items_per_week > 0)
        lines.append(PortfolioLine(
            platform=network.platform, platform_label=platform_label(network.platform, lang),
            decision=network.decision, decision_label=decision_label(network.decision, lang),
            formats=formats, items_per_week=network.items_per_week,
            min_items_per_week=network.min_items_per_week, hours_per_week=network.hours_per_week,
            reasons=(*(m.render(lang) for m in network.reasons), *_account_lines(network, lang))))
    return lines


def _account_lines(network: Any, lang: str) -> list[str]:
    """One line per existing account of the platform: its handle, the decision and why."""
    return [
        " ".join([f"{account.handle} — {decision_label(account.decision, lang)}",
                  *(m.render(lang) for m in account.reasons)])
        for account in network.accounts if account.handle
    ]


def _what_if(plan: Plan, alternatives: Sequence[Plan], lang: str) -> list[WhatIf]:
    rows = [WhatIf(hours_per_week=p.capacity_hours_per_week,
                   delta_hours=p.capacity_hours_per_week - plan.capacity_hours_per_week,
                   networks=tuple(platform_label(n.platform, lang) for n in p.active_networks),
                   objective_value=p.objective_value, planned_hours=p.planned_hours_per_week)
            for p in [plan, *alternatives]]
    return sorted(rows, key=lambda w: w.hours_per_week)


def _source_rows(keys: Iterable[str], audit: AuditReport, kb: KnowledgeBase | None,
                 lang: str) -> list[Source]:
    rows: dict[str, Source] = {}
    weakest = weakest_confidence(kb) if kb is not None else {}
    for key in keys:
        entry: dict[str, Any] | None = audit.sources.get(key)
        if entry is None and kb is not None and key in kb.sources:
            entry = kb.sources[key].model_dump()
        if entry is None:
            continue
        title = str((lang == "fr" and entry.get("title_fr")) or entry.get("title") or key)
        if entry.get("publisher"):
            title = f"{title} — {entry['publisher']}"
        rows[key] = Source(key=key, title=title, url=entry.get("url"), date=entry.get("date"),
                           confidence=entry.get("confidence") or weakest.get(key))
    return [rows[k] for k in sorted(rows)]


def _plan_source_keys(plan: Plan | None) -> set[str]:
    if plan is None:
        return set()
    found: set[str] = set()
    for mapping in [plan.sources, *[n.sources for n in plan.networks]]:
        for value in mapping.values():
            if value.startswith("kb:"):
                found.add(value[3:].split("#")[0])
    return found


def assemble(audit: AuditReport, plan: Plan | None, alternatives: Sequence[Plan], *,
             kb: KnowledgeBase | None, profile: Profile | None, lang: str,
             generated_at: datetime | None = None,
             last: Mapping[tuple[str, str], tuple[datetime, str]] | None = None) -> ReportData:
    """Turn the audit and plan results into the report's data, in ``lang``."""
    _ = translator(lang)
    last = last or {}
    networks = [network_audit(a, audit.as_of, lang, last.get((a.platform, a.handle))) for a in audit.accounts]
    keys = set(audit.sources) | {k for a in audit.accounts for k in a.kb_sources.values()}
    assumptions = [_("{key} = {value} (default)", key=assumption_label(d.key, lang),
                     value=_default_value(d.value, lang)) for d in audit.assumed_defaults]
    data = ReportData(
        lang=lang, institution=audit.institution or (profile.name if profile else "") or _("Institution"),
        as_of=audit.as_of, generated_at=generated_at or datetime.now(PARIS), window_days=audit.window_days,
        capacity_hours_per_week=audit.capacity_hours_per_week,
        estimated_hours_per_week=audit.estimated_hours_per_week,
        planned_hours_per_week=plan.planned_hours_per_week if plan else None,
        networks=networks, portfolio=_portfolio(plan, _, lang) if plan else [],
        what_if=_what_if(plan, alternatives, lang) if plan else [],
        sources=_source_rows(keys | _plan_source_keys(plan), audit, kb, lang),
        glossary=[GlossaryEntry(_(term), _(text)) for term, text in GLOSSARY],
        assumptions=assumptions, peers=peer_rows(audit.peers, lang))
    if plan is not None:
        data.summary_recommendations = [m.render(lang) for m in (*plan.missing, *plan.summary)] or [
            _("{decision}: {platform}", decision=line.decision_label, platform=line.platform_label)
            for line in data.portfolio if line.decision != "absent"]
        data.plan_notes = [m.render(lang) for m in plan.notes]
        if plan.marginal is not None:
            data.plan_notes.append(plan.marginal.message.render(lang))
        if plan.comparison is not None:
            data.summary_gains = [m.render(lang) for m in plan.comparison.messages]
    if not data.summary_gains:
        data.summary_gains = [_("No plan was computed: run the planner to see what the team would gain.")]
    return data


def _default_value(value: float | int | str | None, lang: str) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return fmt_number(value, lang, 2)
    return translator(lang)(str(value))


def build_report(analysis: Analysis, lang: str, generated_at: datetime | None = None) -> ReportData:
    """Gather the report of an analysis (audit, plan and its alternatives), in ``lang``."""
    data = assemble(analysis.audit, analysis.plan, analysis.alternatives, kb=analysis.kb,
                    profile=analysis.profile, lang=lang, generated_at=generated_at,
                    last=analysis.reading.latest_items)
    if analysis.reading.content is not None:
        from chandelle.report.content import content_section

        data.content = content_section(analysis.reading.content, lang)
    return data
