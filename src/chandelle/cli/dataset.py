"""`chandelle dataset export DIR`: the store (or several) as a partitioned Parquet dataset."""

from __future__ import annotations

import json
from pathlib import Path

import click

from chandelle import store
from chandelle.cli import lang_option
from chandelle.i18n import fmt_number, translator
from chandelle.observatory.dataset import export_dataset


@click.group("dataset")
def dataset_group() -> None:
    """Jeux de données Parquet pour l'observatoire à grande échelle (DuckDB ou Apache Spark)."""


@dataset_group.command("export")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--db", "stores", multiple=True, type=click.Path(dir_okay=False),
              help="Base(s) DuckDB à exporter, répétable (défaut : $CHANDELLE_DB ou ./chandelle.duckdb).")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
@lang_option
def export_command(folder: str, stores: tuple[str, ...], as_json: bool, lang: str) -> None:
    """Écrire la base en Parquet partitionné par institution et réseau (schéma : docs/scale-out.md)."""
    paths = [Path(s) for s in stores] or [store.db_path()]
    summary = export_dataset(paths, Path(folder))
    if as_json:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
        return
    _ = translator(lang)
    click.echo(_("Dataset written to {folder}: {accounts} accounts, {items} items, {followers} follower "
                 "snapshots, from {stores} store(s).", folder=folder,
                 accounts=fmt_number(summary.rows["accounts"], lang, 0),
                 items=fmt_number(summary.rows["items"], lang, 0),
                 followers=fmt_number(summary.rows["followers"], lang, 0), stores=len(paths)))
