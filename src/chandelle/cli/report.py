"""`chandelle report`, `chandelle calendar` and `chandelle export`."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import click

from chandelle import store
from chandelle.cli import db_option, lang_option
from chandelle.i18n import PARIS, translator


def register(group: click.Group) -> None:
    group.add_command(report_command)
    group.add_command(calendar_command)
    group.add_command(export_command)


def _profile_option(func: Any) -> Any:
    return click.option("--profile", type=click.Path(dir_okay=False, path_type=Path), default=None,
                        help="Profil de l'institution (défaut : ./institution.toml s'il existe).")(func)


def _as_of_option(func: Any) -> Any:
    return click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
                        help="Date de l'état des lieux, AAAA-MM-JJ (défaut : aujourd'hui).")(func)


def _today() -> date:
    return datetime.now(PARIS).date()


def _load(profile_path: Path | None) -> tuple[Any, Any]:
    from chandelle.profile import load_profile

    profile = load_profile(profile_path)
    return profile, profile.knowledge_base()


@click.command("report")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Fichier à écrire : rapport.html ou rapport.pdf.")
@_profile_option
@_as_of_option
@db_option
@lang_option
def report_command(output: Path, profile: Path | None, as_of: datetime | None, db: str | None,
                   lang: str) -> None:
    """Écrire le rapport pour la direction (HTML ou PDF)."""
    from chandelle.report import build_report, render_pdf
    from chandelle.report.exports import check_suffix

    _ = translator(lang)
    suffix = check_suffix(output, (".html", ".pdf"))
    prof, kb = _load(profile)
    con = store.connect(db, read_only=True)
    try:
        data = build_report(con, prof, kb, as_of.date() if as_of else _today(), lang)
    finally:
        con.close()
    if suffix == ".pdf":
        render_pdf(data, output)
    else:
        from chandelle.report.render import write_html

        write_html(data, output)
    click.echo(_("Report written to {file}.", file=str(output)))


@click.command("calendar")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Fichier à écrire : calendrier.ics, calendrier.xlsx ou calendrier.html.")
@click.option("--weeks", type=click.IntRange(1, 260), default=13, show_default=True,
              help="Nombre de semaines.")
@click.option("--start", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Premier jour, AAAA-MM-JJ (défaut : lundi prochain).")
@_profile_option
@db_option
@lang_option
def calendar_command(output: Path, weeks: int, start: datetime | None, profile: Path | None,
                     db: str | None, lang: str) -> None:
    """Écrire le calendrier éditorial du plan recommandé (.ics, .xlsx ou .html)."""
    from chandelle.calendar import build_calendar, calendar_input
    from chandelle.calendar.outputs import write_html, write_ics, write_xlsx
    from chandelle.plan import make_plan
    from chandelle.report.exports import check_suffix

    _ = translator(lang)
    suffix = check_suffix(output, (".ics", ".xlsx", ".html"))
    prof, kb = _load(profile)
    today = _today()
    first = start.date() if start else today + timedelta(days=7 - today.weekday())
    con = store.connect(db, read_only=True)
    try:
        plan = make_plan(con, prof, kb, today, what_if=False)
    finally:
        con.close()
    cal = build_calendar(calendar_input(plan, prof, first, weeks), lang)
    {".ics": write_ics, ".xlsx": write_xlsx, ".html": write_html}[suffix](cal, output)
    click.echo(_("Calendar written to {file}: {count} slots over {weeks} weeks.", file=str(output),
                 count=len(cal.slots), weeks=weeks))
    for line in cal.unstaffed:
        click.echo(line, err=True)


@click.command("export")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Fichier à écrire : .csv, .xlsx ou .json.")
@click.option("--what", type=click.Choice(["audit", "plan"]), default="audit", show_default=True,
              help="Quoi exporter : l'audit ou le plan.")
@_profile_option
@_as_of_option
@db_option
@lang_option
def export_command(output: Path, what: str, profile: Path | None, as_of: datetime | None, db: str | None,
                   lang: str) -> None:
    """Exporter les données de l'audit ou du plan (CSV, XLSX, JSON)."""
    from chandelle.audit import run_audit
    from chandelle.plan import inputs_from, plan_for
    from chandelle.report.exports import SUFFIXES, check_suffix, export

    _ = translator(lang)
    check_suffix(output, SUFFIXES)
    prof, kb = _load(profile)
    day = as_of.date() if as_of else _today()
    con = store.connect(db, read_only=True)
    try:
        audit = run_audit(con, profile=prof, kb=kb, as_of=day)
    finally:
        con.close()
    plan = plan_for(inputs_from(kb, prof, audit, None), day, what_if=False) if what == "plan" else None
    export("audit" if what == "audit" else "plan", output, audit=audit, plan=plan, lang=lang)
    click.echo(_("Export written to {file}.", file=str(output)))
