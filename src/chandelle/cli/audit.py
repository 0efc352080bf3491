"""`chandelle audit`: status of every account, hours spent against the team's capacity."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from chandelle.audit import AuditReport, run_audit
from chandelle.cli import (
    as_of_option,
    db_option,
    lang_option,
    load_institution,
    profile_option,
    reading_store,
)
from chandelle.cli.output import SafeConsole, styled
from chandelle.i18n import fmt_date, fmt_number, fmt_percent, translator
from chandelle.request import today

STATUS_STYLES = {"active": "green", "irregular": "yellow", "dormant": "magenta", "ghost": "bold red"}


def register(group: click.Group) -> None:
    group.add_command(audit_command)


@click.command("audit")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON (schéma : docs/audit-json.md).")
@as_of_option
@profile_option
@db_option
@lang_option
def audit_command(as_json: bool, as_of: date | None, profile_path: Path | None, db: str | None,
                  lang: str) -> None:
    """Auditer la présence : rythme, comptes fantômes, heures passées face aux heures disponibles."""
    institution = load_institution(profile_path)
    with reading_store(db) as con:
        report = run_audit(con, institution.given, institution.kb, as_of or today())
    if as_json:
        click.echo(report.to_json(lang))
    else:
        print_report(report, lang, SafeConsole())


def print_report(report: AuditReport, lang: str, console: Console) -> None:
    _ = translator(lang)
    title = _("Presence audit on {date}", date=fmt_date(report.as_of, lang))
    if report.institution:
        title = f"{report.institution} — {title}"
    if not report.accounts:
        console.print(title)
        console.print(_("No account in the store yet: import your exports with 'chandelle import'."))
        return
    console.print(_accounts_table(report, lang, title))
    _print_reasons(report, lang, console)
    _print_workload(report, lang, console)
    _print_unused(report, lang, console)
    _print_assumptions(report, lang, console)


def _accounts_table(report: AuditReport, lang: str, title: str) -> Table:
    _ = translator(lang)
    table = Table(title=title)
    for header in (_("Network"), _("Account"), _("Status"), _("Items (365 d)"), _("Items (90 d)"),
                   _("Items/week"), _("Active weeks"), _("Days since last item"), _("Longest silence (d)"),
                   _("Hours/week")):
        table.add_column(header, overflow="fold")
    for a in report.accounts:
        style = STATUS_STYLES.get(a.status, "")
        table.add_row(
            a.platform, a.handle, styled(_(a.status), style),
            fmt_number(a.items_last_365d, lang, 0), fmt_number(a.items_in_window, lang, 0),
            fmt_number(a.items_per_week, lang, 1), fmt_percent(a.active_week_share, lang),
            fmt_number(a.days_since_last_item, lang, 0), fmt_number(a.longest_gap_days, lang, 0),
            fmt_number(a.hours_per_week, lang, 1),
        )
    return table


def _print_reasons(report: AuditReport, lang: str, console: Console) -> None:
    _ = translator(lang)
    console.print(styled(_("Reasons"), "bold"))
    for a in report.accounts:
        style = STATUS_STYLES.get(a.status, "")
        console.print(Text.assemble(f"  • {a.platform} {a.handle} — ", styled(_(a.status), style),
                                    f" : {a.reason.render(lang)}"))


def _print_workload(report: AuditReport, lang: str, console: Console) -> None:
    _ = translator(lang)
    console.print(_("Team capacity: {hours} h a week.",
                    hours=fmt_number(report.capacity_hours_per_week, lang)))
    console.print(_("Estimated time spent now: {hours} h a week.",
                    hours=fmt_number(report.estimated_hours_per_week, lang)))
    ratio = report.over_commitment_ratio
    if ratio is not None:
        key = "Over-committed: {ratio} of the capacity." if ratio > 1 else "Load: {ratio} of the capacity."
        style = "bold red" if ratio > 1 else "green"
        console.print(styled(_(key, ratio=fmt_percent(ratio, lang)), style))
    console.print(_("Bringing every account up to its minimum viable cadence would take {hours} h a week "
                    "({extra} h more than now).",
                    hours=fmt_number(report.hours_at_minimum_per_week, lang),
                    extra=fmt_number(report.hours_to_reach_minimum, lang)))


def _print_unused(report: AuditReport, lang: str, console: Console, limit: int = 8) -> None:
    _ = translator(lang)
    if not report.unused_features:
        return
    table = Table(title=_("Unused features (highest expected value per hour first)"))
    for header in (_("Network"), _("Account"), _("Feature"), _("Last used"), _("Hours per item"),
                   _("Value per hour")):
        table.add_column(header)
    for u in report.unused_features[:limit]:
        last = _("never") if u.last_used_on is None else fmt_date(u.last_used_on, lang, "medium")
        table.add_row(u.platform, u.handle, _(u.label), last, fmt_number(u.hours_per_item, lang),
                      fmt_number(u.expected_value_per_hour, lang, 2))
    console.print(table)


def _print_assumptions(report: AuditReport, lang: str, console: Console) -> None:
    _ = translator(lang)
    if not report.assumed_defaults:
        return
    console.print(_("Assumed defaults (set your own in institution.toml):"))
    for item in report.assumed_defaults:
        value = "—" if item.value is None else (
            fmt_number(item.value, lang, 2) if isinstance(item.value, int | float) else _(str(item.value)))
        console.print(Text.assemble(f"  • {item.key} = {value} ", styled(f"({item.source})", "dim")))
    keys = ", ".join(k for k in report.sources if k not in ("chandelle-assumptions", "profile"))
    if keys:
        console.print(_("Sources: {keys} (chandelle audit --json lists them in full).", keys=keys))
