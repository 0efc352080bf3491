"""`chandelle import`, `chandelle accounts`, `chandelle importers`."""

from __future__ import annotations

import json
import time
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from chandelle import store
from chandelle.cli import db_option, lang_option, reading_store
from chandelle.cli.output import SafeConsole, styled
from chandelle.i18n import fmt_number, translator
from chandelle.ingest import ImportReport, import_paths
from chandelle.queries import accounts_overview


def register(group: click.Group) -> None:
    group.add_command(import_command)
    group.add_command(accounts_command)
    group.add_command(importers_command)


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--handle", default=None,
              help="Nom du compte, quand l'export ne le dit pas (ex. Instagram sans profil).")
@click.option("--institution", default=None,
              help="Rattacher les comptes de cet import à cette institution (créée si nouvelle).")
@db_option
@lang_option
def import_command(paths: tuple[str, ...], handle: str | None, institution: str | None, db: str | None,
                   lang: str) -> None:
    """Importer des exports (fichiers, dossiers ou ZIP) dans la base."""
    _ = translator(lang)
    con = store.connect(db)
    console = SafeConsole(stderr=True)
    hints = {"handle": handle} if handle else {}
    with Progress(TextColumn("{task.description}", markup=False), BarColumn(),
                  TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=console, transient=True,
                  disable=not console.is_terminal) as bar:
        task = bar.add_task(_("Importing"), total=None, visible=False)
        started = time.monotonic()

        def progress(name: str, position: int, total: int) -> None:
            if time.monotonic() - started > 1.0:
                bar.update(task, total=total, completed=position - 1, description=name[-60:],
                           visible=True)

        try:
            report = import_paths(con, paths, hints=hints, progress=progress, institution=institution)
        finally:
            con.close()
    _print_report(report, lang)


def _print_report(report: ImportReport, lang: str) -> None:
    _ = translator(lang)
    console = SafeConsole()
    for platform, handle in report.unnamed_accounts():
        console.print(_("The export does not name the account: its {platform} items were filed "
                        "under '{handle}'. Import it again with --handle NAME to name it.",
                        platform=platform, handle=handle))
    table = Table(title=_("Import summary"))
    for header in (_("File"), _("Importer"), _("Added"), _("Updated"), _("Unchanged"), _("Skipped")):
        table.add_column(header)
    for f in report.files:
        if f.already_imported:
            table.add_row(f.file_name, f.importer, "", "", _("already imported"), "")
        else:
            table.add_row(f.file_name, f.importer, *(fmt_number(v, lang, 0) for v in
                          (f.added, f.updated, f.unchanged, f.skipped)))
    console.print(table)
    console.print(_("{added} items added, {updated} updated, {unchanged} unchanged.",
                    added=fmt_number(report.added, lang, 0), updated=fmt_number(report.updated, lang, 0),
                    unchanged=fmt_number(report.unchanged, lang, 0)))
    for reason, count in sorted(report.skips().items()):
        console.print(_("Skipped {count}: {reason}", count=fmt_number(count, lang, 0), reason=_(reason)))
    for f in report.files:
        for w in f.warnings:
            text = _(w.message, **w.params)
            parts = dict.fromkeys(p for p in (f.file_name, w.where) if p and p not in text)
            where = " ".join(parts)
            console.print(Text.assemble(styled(where, "yellow"), f" {text}") if where else text)
    _print_not_read(console, report, lang)
    if report.institution:
        console.print(_("Accounts of this import belong to the institution '{name}'.",
                        name=report.institution))


def _print_not_read(console: Console, report: ImportReport, lang: str) -> None:
    """Data files not read, each named with why; media only counted, apart."""
    _ = translator(lang)
    by_reason: dict[str, list[str]] = {}
    for name, reason in report.not_read:
        by_reason.setdefault(reason, []).append(name)
    for reason, names in sorted(by_reason.items()):
        console.print(_("Not read ({count}): {reason}", count=fmt_number(len(names), lang, 0),
                        reason=_(reason)))
        for name in names:
            console.print(f"  {name}")
    if report.media:
        console.print(_("{count} photos and videos of the export are not read (chandelle only needs "
                        "the data).", count=fmt_number(len(report.media), lang, 0)))


@click.command("accounts")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
@db_option
@lang_option
def accounts_command(as_json: bool, db: str | None, lang: str) -> None:
    """Lister les comptes importés et leurs contenus."""
    with reading_store(db) as con:
        rows = accounts_overview(con)
    if as_json:
        click.echo(json.dumps({"accounts": rows}, ensure_ascii=False, indent=2))
        return
    _print_accounts(rows, lang)


def _print_accounts(rows: list[dict[str, Any]], lang: str) -> None:
    _ = translator(lang)
    table = Table(title=_("Accounts"))
    for header in (_("Platform"), _("Account"), _("Items"), _("Reposts"), _("Replies to others"),
                   _("First item"), _("Last item")):
        table.add_column(header)
    for row in rows:
        table.add_row(row["platform"], row["handle"], fmt_number(row["items"], lang, 0),
                      fmt_number(row["reposts"], lang, 0), fmt_number(row["replies_to_others"], lang, 0),
                      (row["first_item_at"] or "—")[:10], (row["last_item_at"] or "—")[:10])
    SafeConsole().print(table)


@click.command("importers")
@lang_option
def importers_command(lang: str) -> None:
    """Lister les exports pris en charge et comment les obtenir."""
    from chandelle.importers import IMPORTERS

    _ = translator(lang)
    table = Table(title=_("Supported exports"), show_lines=True)
    table.add_column(_("Platform"))
    table.add_column(_("Export"))
    table.add_column(_("How to get it"))
    for importer in IMPORTERS.values():
        table.add_row(importer.PLATFORM, _(importer.LABEL), _(importer.HOWTO))
    SafeConsole(width=120).print(table)
