"""`chandelle template`: write the empty generic import template (CSV or XLSX)."""

from __future__ import annotations

from pathlib import Path

import click

from chandelle.cli import lang_option
from chandelle.i18n import translator
from chandelle.importers.generic_template import write_template


def register(group: click.Group) -> None:
    group.add_command(template_command)


@click.command("template")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              help="Fichier à écrire : .csv ou .xlsx (ex. publications.xlsx).")
@click.option("--force", is_flag=True, help="Remplacer le fichier s'il existe déjà.")
@lang_option
def template_command(output: str, force: bool, lang: str) -> None:
    """Écrire le modèle d'import générique (une ligne d'exemple à remplacer)."""
    _ = translator(lang)
    path = Path(output)
    if path.exists() and not force:
        raise click.UsageError(_("{file} already exists; use --force to replace it.", file=output))
    write_template(path, lang)
    click.echo(_("Template written to {file}. Fill one row per publication, delete the example row, "
                 "then run: chandelle import {file}", file=output))
