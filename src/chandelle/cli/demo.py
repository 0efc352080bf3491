"""`chandelle demo`: the fictional Musée des Beaux-Arts de Valmont, end to end.

A clear sequence of steps, each a small function: write the demo exports, import them into
a fresh store, print the accounts. (Later steps — audit, plan, report — go after these.)
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import click

from chandelle import store
from chandelle.cli import lang_option
from chandelle.cli.imports import _print_accounts
from chandelle.demo import DEFAULT_AS_OF, DEMO_HANDLE, write_exports
from chandelle.i18n import fmt_number, translator
from chandelle.ingest import import_paths
from chandelle.queries import accounts_overview

STORE_NAME = "chandelle.duckdb"
EXPORTS_NAME = "exports"


def register(group: click.Group) -> None:
    group.add_command(demo_command)


@click.command("demo")
@click.option("--out", "out", type=click.Path(file_okay=False), default="demo", show_default=True,
              help="Dossier de la démo : exports/ et chandelle.duckdb y sont (ré)écrits.")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help=f"Date de référence AAAA-MM-JJ (défaut : {DEFAULT_AS_OF.isoformat()}).")
@lang_option
def demo_command(out: str, as_of: object, lang: str) -> None:
    """Démonstration : les exports d'un musée fictif, importés et résumés."""
    reference = as_of.date() if hasattr(as_of, "date") else DEFAULT_AS_OF
    folder = Path(out)
    exports = step_write_exports(folder, reference, lang)
    db = step_import(folder, exports, lang)
    step_print_accounts(db, lang)


def step_write_exports(folder: Path, as_of: date, lang: str) -> Path:
    """1. The exports the museum's team would download on ``as_of`` (replacing older ones)."""
    _ = translator(lang)
    exports = folder / EXPORTS_NAME
    if exports.exists():
        shutil.rmtree(exports)
    files = write_exports(exports, as_of)
    click.echo(_("Demo exports of the Musée des Beaux-Arts de Valmont (fictional) written to {folder}: "
                 "{count} files, as downloaded on {day}.", folder=str(exports),
                 count=fmt_number(len(files), lang, 0), day=as_of.isoformat()))
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
    con = store.connect(db, read_only=True)
    try:
        rows = accounts_overview(con)
    finally:
        con.close()
    _print_accounts(rows, lang)
