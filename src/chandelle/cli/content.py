"""`chandelle content`: recurring series and their wear, registers, what engagement means per network."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from chandelle.cli import (
    as_of_option,
    db_option,
    lang_option,
    load_institution,
    profile_option,
    reading_store,
)
from chandelle.cli.output import SafeConsole, clean, styled
from chandelle.i18n import fmt_date, fmt_number, fmt_percent, translator
from chandelle.request import today

if TYPE_CHECKING:   # the content package loads scipy and scikit-learn: only when the command runs
    from chandelle.content import ContentReport

VERDICT_STYLES = {"worn": "bold red", "steady": "green", "growing": "green"}


def register(group: click.Group) -> None:
    group.add_command(content_command)


@click.command("content")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON (schéma : docs/content.md).")
@as_of_option
@profile_option
@db_option
@lang_option
def content_command(as_json: bool, as_of: date | None, profile_path: Path | None, db: str | None,
                    lang: str) -> None:
    """Ce qui est publié : séries qui s'usent, humour et discours savant, engagement par réseau."""
    from chandelle.content import run_content

    institution = load_institution(profile_path)
    with reading_store(db) as con:
        report = run_content(con, as_of or today())
    if as_json:
        click.echo(report.to_json(lang))
    else:
        print_content(report, lang, SafeConsole(), institution.profile.name)


def print_content(report: ContentReport, lang: str, console: Console, institution: str = "") -> None:
    _ = translator(lang)
    title = _("What is posted, on {date}", date=fmt_date(report.as_of, lang))
    console.print(styled(f"{institution} — {title}" if institution else title, "bold"))
    if not report.registers:
        console.print(_("No account in the store yet: import your exports with 'chandelle import'."))
        return
    _print_series(report, lang, console)
    console.print(_registers_table(report, lang))
    for note in report.bases:
        console.print(Text(clean(f"  • {note.render(lang)}")))


def _print_series(report: ContentReport, lang: str, console: Console) -> None:
    _ = translator(lang)
    if not report.series:
        console.print(_("No recurring series found (a hashtag or a title prefix repeated on at least "
                        "three items)."))
        return
    table = Table(title=_("Recurring series"))
    for header in (_("Network"), _("Account"), _("Series"), _("Episodes"), _("Every (days)"),
                   _("Trend per episode"), _("Verdict")):
        table.add_column(header, overflow="fold")
    for s in report.series:
        style = VERDICT_STYLES.get(s.verdict, "dim")
        trend = "—" if s.trend_pct_per_episode is None else fmt_percent(s.trend_pct_per_episode, lang)
        table.add_row(Text(clean(s.platform)), Text(clean(s.handle)), Text(clean(s.name)),
                      fmt_number(s.episodes, lang, 0), fmt_number(s.cadence_days, lang, 0), trend,
                      styled(_(s.verdict), style))
    console.print(table)
    for s in report.series:
        console.print(Text(clean(f"  • {s.platform} {s.handle} — {s.reason.render(lang)}")))


def _registers_table(report: ContentReport, lang: str) -> Table:
    _ = translator(lang)
    table = Table(title=_("Registers over the last {days} days (share of items, median engagement)",
                          days=report.registers_window_days))
    table.add_column(_("Network"))
    table.add_column(_("Account"))
    names = list(report.registers[0].shares)
    for name in names:
        table.add_column(_(name))
    for r in report.registers:
        cells = [f"{fmt_percent(r.shares[n], lang)} ({fmt_number(r.counts[n], lang, 0)})"
                 + (f"\n{fmt_number(r.engagement[n], lang, 0)}" if r.engagement[n] is not None else "")
                 for n in names]
        table.add_row(Text(clean(r.platform)), Text(clean(r.handle)), *cells)
    return table
