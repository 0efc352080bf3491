"""`chandelle report`, `chandelle calendar` and `chandelle export`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from chandelle.cli import (
    analyse_store,
    as_of_option,
    day_option,
    db_option,
    lang_option,
    load_institution,
    profile_option,
)
from chandelle.cli.output import one_line
from chandelle.i18n import translator
from chandelle.request import (
    DEFAULT_CALENDAR_WEEKS,
    MAX_CALENDAR_WEEKS,
    CalendarRequest,
    PlanRequest,
    next_monday,
    today,
)


def register(group: click.Group) -> None:
    group.add_command(report_command)
    group.add_command(calendar_command)
    group.add_command(export_command)


@click.command("report")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Fichier à écrire : rapport.html ou rapport.pdf.")
@profile_option
@as_of_option
@db_option
@lang_option
def report_command(output: Path, profile_path: Path | None, as_of: date | None, db: str | None,
                   lang: str) -> None:
    """Écrire le rapport pour la direction (HTML ou PDF)."""
    from chandelle.report import build_report, write_report
    from chandelle.report.exports import check_suffix

    _ = translator(lang)
    check_suffix(output, (".html", ".pdf"))
    analysis = analyse_store(db, load_institution(profile_path), PlanRequest(as_of or today()))
    write_report(build_report(analysis, lang), output)
    click.echo(_("Report written to {file}.", file=str(output)))


@click.command("calendar")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Fichier à écrire : calendrier.ics, calendrier.xlsx ou calendrier.html.")
@click.option("--weeks", type=int, default=DEFAULT_CALENDAR_WEEKS, show_default=True,
              help=f"Nombre de semaines (1 à {MAX_CALENDAR_WEEKS}).")
@day_option("--start", "Premier jour, AAAA-MM-JJ (défaut : lundi prochain).")
@profile_option
@as_of_option
@db_option
@lang_option
def calendar_command(output: Path, weeks: int, start: date | None, profile_path: Path | None,
                     as_of: date | None, db: str | None, lang: str) -> None:
    """Écrire le calendrier éditorial du plan recommandé (.ics, .xlsx ou .html)."""
    from chandelle.calendar import editorial_calendar, write_calendar
    from chandelle.report.exports import check_suffix

    _ = translator(lang)
    check_suffix(output, (".ics", ".xlsx", ".html"))
    day = as_of or today()
    wanted = CalendarRequest(start or next_monday(day), weeks)
    analysis = analyse_store(db, load_institution(profile_path), PlanRequest(day))
    cal = editorial_calendar(analysis, wanted, lang)
    write_calendar(cal, output)
    click.echo(_("Calendar written to {file}: {count} slots over {weeks} weeks.", file=str(output),
                 count=len(cal.slots), weeks=weeks))
    for line in cal.unstaffed:
        click.echo(one_line(line), err=True)


@click.command("export")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Fichier à écrire : .csv, .xlsx ou .json.")
@click.option("--what", type=click.Choice(["audit", "plan"]), default="audit", show_default=True,
              help="Quoi exporter : l'audit ou le plan.")
@profile_option
@as_of_option
@db_option
@lang_option
def export_command(output: Path, what: str, profile_path: Path | None, as_of: date | None, db: str | None,
                   lang: str) -> None:
    """Exporter les données de l'audit ou du plan (CSV, XLSX, JSON)."""
    from chandelle.report.exports import SUFFIXES, check_suffix, export

    _ = translator(lang)
    check_suffix(output, SUFFIXES)
    analysis = analyse_store(db, load_institution(profile_path), PlanRequest(as_of or today()))
    export("audit" if what == "audit" else "plan", output, audit=analysis.audit, plan=analysis.plan,
           lang=lang)
    click.echo(_("Export written to {file}.", file=str(output)))
