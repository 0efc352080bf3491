"""`chandelle demo`: the fictional Musée des Beaux-Arts de Valmont, end to end.

A clear sequence of steps, each a small function: write the demo exports, import them into
a fresh store, print the accounts, analyse the store once (audit and plan), print the audit
and the plan, then write the director's report (HTML and
PDF) and the editorial calendar (.ics, .xlsx, .html). This is what `make run` does.
"""

from __future__ import annotations

import shutil
from datetime import date
from importlib.resources import files
from pathlib import Path

import click

from chandelle import store
from chandelle.analysis import Analysis, Institution
from chandelle.cli import analyse_store, as_of_option, lang_option, reading_store
from chandelle.cli.imports import _print_accounts
from chandelle.cli.output import SafeConsole
from chandelle.demo import DEFAULT_AS_OF, DEMO_HANDLE, write_exports
from chandelle.i18n import fmt_date, fmt_number, translator
from chandelle.ingest import import_paths
from chandelle.profile import Profile, load_profile
from chandelle.queries import accounts_overview
from chandelle.request import CalendarRequest, PlanRequest

STORE_NAME = "chandelle.duckdb"
EXPORTS_NAME = "exports"
PROFILE_NAME = "institution.toml"
CALENDAR_WEEKS = 13


def register(group: click.Group) -> None:
    group.add_command(demo_command)


@click.command("demo")
@click.option("--out", "out", type=click.Path(file_okay=False), default="demo", show_default=True,
              help="Dossier de la démo : exports/ et chandelle.duckdb y sont (ré)écrits.")
@as_of_option
@lang_option
def demo_command(out: str, as_of: date | None, lang: str) -> None:
    """Démonstration complète sur un musée fictif : import, audit, plan, rapport et calendrier."""
    reference = as_of or DEFAULT_AS_OF
    folder = Path(out)
    exports = step_write_exports(folder, reference, lang)
    db = step_import(folder, exports, lang)
    step_print_accounts(db, lang)
    profile = step_write_profile(folder, lang)
    analysis = analyse_store(str(db), Institution.of(profile), PlanRequest(reference))
    step_audit(analysis, lang)
    step_plan(analysis, lang)
    written = step_report(folder, analysis, lang)
    written += step_calendar(folder, analysis, lang)
    _ = translator(lang)
    click.echo(_("Demo ready. Open the report: {file}", file=str(written[0])))
    for path in written[1:]:
        click.echo(f"  {path}")
    click.echo(_("Next: 'chandelle serve --db {db} --profile {profile}' opens it in your browser.",
                 db=str(db), profile=str(folder / PROFILE_NAME)))


def step_write_exports(folder: Path, as_of: date, lang: str) -> Path:
    """1. The exports the museum's team would download on ``as_of`` (replacing older ones)."""
    _ = translator(lang)
    exports = folder / EXPORTS_NAME
    if exports.exists():
        shutil.rmtree(exports)
    files = write_exports(exports, as_of)
    click.echo(_("Demo exports of the Musée des Beaux-Arts de Valmont (fictional) written to {folder}: "
                 "{count} files, as downloaded on {day}.", folder=str(exports),
                 count=fmt_number(len(files), lang, 0), day=fmt_date(as_of, lang)))
    return exports


def step_import(folder: Path, exports: Path, lang: str) -> Path:
    """2. Import every export into a fresh store (YouTube and Twitch exports do not name the account)."""
    _ = translator(lang)
    db = folder / STORE_NAME
    for stale in (db, db.with_name(db.name + ".wal")):
        stale.unlink(missing_ok=True)
    con = store.connect(db)
    try:
        report = import_paths(con, [exports], hints={"handle": DEMO_HANDLE})
    finally:
        con.close()
    click.echo(_("{added} items imported into {db}.", added=fmt_number(report.added, lang, 0), db=str(db)))
    return db


def step_print_accounts(db: Path, lang: str) -> None:
    """3. The accounts table, as `chandelle accounts` prints it."""
    with reading_store(str(db)) as con:
        rows = accounts_overview(con)
    _print_accounts(rows, lang)


def step_write_profile(folder: Path, lang: str) -> Profile:
    """4. The museum's profile (team of two, objectives, values, events), copied next to the store."""
    target = folder / PROFILE_NAME
    target.write_text(files("chandelle.demo").joinpath(PROFILE_NAME).read_text(encoding="utf-8"),
                      encoding="utf-8")
    return load_profile(target)


def step_audit(analysis: Analysis, lang: str) -> None:
    """5. The presence audit, as `chandelle audit` prints it."""
    from chandelle.cli.audit import print_report

    print_report(analysis.audit, lang, SafeConsole())


def step_plan(analysis: Analysis, lang: str) -> None:
    """6. The recommended portfolio, as `chandelle plan` prints it."""
    from chandelle.cli.plan import print_plan

    print_plan(analysis.plan, lang)


def step_report(folder: Path, analysis: Analysis, lang: str) -> list[Path]:
    """7. The director's report, HTML and PDF."""
    from chandelle.report import build_report, write_report

    data = build_report(analysis, lang)
    outputs = [folder / "rapport.html", folder / "rapport.pdf"]
    for path in outputs:
        write_report(data, path)
    return outputs


def step_calendar(folder: Path, analysis: Analysis, lang: str) -> list[Path]:
    """8. The recommended plan as the editorial calendar of the next 13 weeks: .ics, .xlsx and .html."""
    from chandelle.calendar import editorial_calendar, write_calendar

    wanted = CalendarRequest.from_next_monday(analysis.request.as_of, CALENDAR_WEEKS)
    calendar = editorial_calendar(analysis, wanted, lang)
    outputs = [folder / "calendrier.ics", folder / "calendrier.xlsx", folder / "calendrier.html"]
    for path in outputs:
        write_calendar(calendar, path)
    return outputs
