"""`chandelle institutions` and `chandelle observatory` (the store's institutions, or the UK MIP data)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from chandelle.cli import as_of_option, db_option, lang_option, reading_store
from chandelle.cli.audit import STATUS_STYLES
from chandelle.cli.output import SafeConsole, styled
from chandelle.i18n import fmt_date, fmt_number, fmt_percent, translator
from chandelle.kb import load_kb
from chandelle.observatory.cadence import BANDS
from chandelle.observatory.mip import MipReport, run_mip
from chandelle.observatory.scale import ENGINES, run_dataset
from chandelle.observatory.scale import to_json as dataset_json
from chandelle.observatory.sector import ObservatoryReport, run_observatory
from chandelle.store.institutions import list_institutions

BAND_LABELS = {"no_posts": "No posts", "below_half_minimum": "Under half the minimum",
               "below_minimum": "Under the minimum", "at_or_above_minimum": "At or above the minimum"}
GROUPING_LABELS = {"size": "size", "governance_simpl": "governance"}


def register(group: click.Group) -> None:
    from chandelle.cli.dataset import dataset_group

    group.add_command(institutions_command)
    group.add_command(observatory_command)
    group.add_command(dataset_group)


@click.command("institutions")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
@db_option
@lang_option
def institutions_command(as_json: bool, db: str | None, lang: str) -> None:
    """Lister les institutions de la base et leurs comptes."""
    with reading_store(db) as con:
        found = list_institutions(con)
    if as_json:
        click.echo(json.dumps({"institutions": [i.__dict__ for i in found]}, ensure_ascii=False, indent=2))
        return
    _ = translator(lang)
    if not found:
        click.echo(_("No institution yet: import with --institution \"Name of the museum\"."))
        return
    table = Table(title=_("Institutions"))
    for header in (_("Institution"), _("Identifier"), _("Accounts"), _("Networks")):
        table.add_column(header)
    for i in found:
        table.add_row(i.name, i.slug, fmt_number(i.accounts, lang, 0), fmt_number(i.networks, lang, 0))
    SafeConsole().print(table)


@click.command("observatory")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON (schéma : docs/observatory.md).")
@as_of_option
@click.option("--mip", "mip", type=click.Path(file_okay=False), default=None,
              help="Dossier des données « Museums in the Pandemic » (musées britanniques, 2019–2022).")
@click.option("--published", "published", type=click.Path(dir_okay=False), default=None,
              help="Chiffres publiés à comparer (défaut : ../published_benchmarks/ à côté du dossier MIP).")
@click.option("--dataset", "dataset", default=None, metavar="DOSSIER|URL",
              help="Jeu de données Parquet (chandelle dataset export) au lieu de la base.")
@click.option("--engine", type=click.Choice(ENGINES), default="duckdb", show_default=True,
              help="Moteur pour --dataset : DuckDB (une machine) ou Apache Spark.")
@click.option("--spark-master", "spark_master", default=None, metavar="URL",
              help="Maître Spark (défaut : local[2], ou celui de spark-submit).")
@db_option
@lang_option
def observatory_command(as_json: bool, as_of: date | None, mip: str | None, published: str | None,
                        dataset: str | None, engine: str, spark_master: str | None,
                        db: str | None, lang: str) -> None:
    """Observatoire : l'audit de chaque institution de la base et les chiffres du secteur."""
    from chandelle.request import today

    kb = load_kb()
    if dataset is not None:
        result = run_dataset(dataset, kb, as_of or today(), engine, spark_master)
        if as_json:
            click.echo(dataset_json(result))
        else:
            print_dataset(result, lang, Console())
        return
    if mip is not None:
        mip_report = run_mip(Path(mip), kb, Path(published) if published else None)
        if as_json:
            click.echo(json.dumps(mip_report.to_dict(), ensure_ascii=False, indent=2))
        else:
            print_mip(mip_report, lang, SafeConsole())
        return
    with reading_store(db) as con:
        report = run_observatory(con, kb, as_of or today())
    if as_json:
        click.echo(report.to_json())
    else:
        print_observatory(report, lang, SafeConsole())


def print_observatory(report: ObservatoryReport, lang: str, console: Console) -> None:
    _ = translator(lang)
    title = _("Observatory on {date}", date=fmt_date(report.as_of, lang))
    if not report.institutions:
        console.print(title)
        console.print(_("No account in the store yet: import your exports with 'chandelle import'."))
        return
    table = Table(title=title)
    for header in (_("Institution"), _("Networks"), _("active"), _("irregular"), _("dormant"), _("ghost"),
                   _("Hours/week")):
        table.add_column(header, overflow="fold")
    for i in report.institutions:
        name = i.name if i.name is not None else styled(_("no institution"), "dim")
        counts = [styled(fmt_number(i.status_counts[s], lang, 0), STATUS_STYLES[s])
                  for s in ("active", "irregular", "dormant", "ghost")]
        table.add_row(name, f"{i.network_count} : {', '.join(i.networks)}", *counts,
                      fmt_number(i.estimated_hours_per_week, lang, 1))
    console.print(table)
    sector = Table(title=_("The sector, network by network"))
    for header in (_("Network"), _("Accounts"), _("Ghosts"), _("Share of ghosts"), _("Median items/week"),
                   _("Minimum viable")):
        sector.add_column(header)
    for p in report.platforms:
        sector.add_row(p.platform, fmt_number(p.accounts, lang, 0), fmt_number(p.ghosts, lang, 0),
                       fmt_percent(p.ghost_share, lang), fmt_number(p.median_items_per_week, lang, 2),
                       fmt_number(p.min_items_per_week, lang, 2))
    console.print(sector)
    if report.share_over_max is not None:
        console.print(_("{count} of {total} institutions ({share}) are on more than {limit} networks "
                        "(source {source}).", count=fmt_number(report.institutions_over_max, lang, 0),
                        total=fmt_number(report.institution_count, lang, 0),
                        share=fmt_percent(report.share_over_max, lang), limit=report.max_networks,
                        source=report.max_networks_source))


def print_dataset(result: dict[str, Any], lang: str, console: Console) -> None:
    _ = translator(lang)
    console.print(_("Observatory of the dataset {folder} on {date} (engine {engine}): {count} institutions.",
                    folder=result["dataset"]["folder"],
                    date=fmt_date(date.fromisoformat(result["as_of"]), lang),
                    engine=result["engine"], count=fmt_number(len(result["institutions"]), lang, 0)))
    sector = Table(title=_("The sector, network by network"))
    for header in (_("Network"), _("Accounts"), _("Ghosts"), _("Share of ghosts"), _("Median items/week"),
                   _("Median followers")):
        sector.add_column(header)
    for p in result["sector"]["platforms"]:
        sector.add_row(p["platform"], fmt_number(p["accounts"], lang, 0), fmt_number(p["ghosts"], lang, 0),
                       fmt_percent(p["ghost_share"], lang), fmt_number(p["median_items_per_week"], lang, 2),
                       fmt_number(p["median_followers"], lang, 0))
    console.print(sector)


def print_mip(report: MipReport, lang: str, console: Console) -> None:
    _ = translator(lang)
    console.print(_("Museums in the Pandemic (Birkbeck / King's College London): {count} UK museums, "
                    "{start} to {end} ({months} months, {weeks} weeks).",
                    count=fmt_number(len(report.museums), lang, 0), start=fmt_date(report.window_start, lang),
                    end=fmt_date(report.window_end, lang), months=report.months,
                    weeks=fmt_number(report.weeks, lang, 1)))
    for m in report.minimums.values():
        console.print(_("Minimum viable cadence on {platform}: {minimum} items a week (kb {path}, source "
                        "{source}, confidence {confidence}).", platform=m.platform,
                        minimum=fmt_number(m.items_per_week, lang, 1), path=m.kb_path, source=m.source,
                        confidence=m.confidence))
    table = Table(title=_("Ghost presence: accounts below the minimum viable cadence over the window"))
    bands = [_(BAND_LABELS[b]) for b in BANDS]
    for header in (_("Group"), _("Network"), _("Museums"), _("With an account"), *bands, _("Ghost presence"),
                   _("Median items/week")):
        table.add_column(header, overflow="fold")
    for g in report.groups:
        d = g.to_dict()
        label = (_("all museums") if g.grouping == "all"
                 else f"{_(GROUPING_LABELS[g.grouping])} : {_(g.group)}")
        table.add_row(label, g.platform, fmt_number(g.museums, lang, 0), fmt_number(g.with_account, lang, 0),
                      *(fmt_percent(d["band_shares"][b], lang) for b in BANDS),
                      styled(fmt_percent(d["ghost_share"], lang), "bold"),
                      fmt_number(d["median_items_per_week"], lang, 2))
    console.print(table)
    _print_sensitivity(report, lang, console)
    _print_validation(report, lang, console)
    _print_published_figures(report, lang, console)
    _print_published(report, lang, console)
    console.print(_("Limits: averages over the whole window, not per-day activity (a museum silent for a "
                    "year can be 'at the minimum' on average); a museum's count sums all its handles; "
                    "handles were found by scraping websites and may belong to a parent body "
                    "({tw} museums share a Twitter handle, {fb} a Facebook page); 'no posts' also covers "
                    "handles that did not resolve.", tw=report.shared_handles.get("twitter", 0),
                    fb=report.shared_handles.get("facebook", 0)))


def _print_validation(report: MipReport, lang: str, console: Console) -> None:
    _ = translator(lang)
    if not report.validation:
        return
    agree = sum(1 for v in report.validation if v["agrees"])
    console.print(_("Check against the MIP authors' pivot tables: {agree} of {total} group figures agree.",
                    agree=fmt_number(agree, lang, 0), total=fmt_number(len(report.validation), lang, 0)))
    for v in report.validation:
        if not v["agrees"]:
            console.print(f"  • {v['file']} {v['group']} {v['platform']} : "
                          f"{v['published']} ≠ {v['computed']}")


def _print_published(report: MipReport, lang: str, console: Console) -> None:
    _ = translator(lang)
    if not report.published:
        return
    table = Table(title=_("Published posting cadences (research notes), per account"))
    for header in (_("Source"), _("Scope"), _("Network"), _("Period"), _("Items/week"),
                   _("Against the minimum"), _("UK median (MIP)")):
        table.add_column(header, overflow="fold")
    for p in report.published:
        uk = report.overall(p.platform).to_dict()["median_items_per_week"]
        table.add_row(p.source_id, p.scope, p.platform, p.data_date, fmt_number(p.items_per_week, lang, 1),
                      _(BAND_LABELS[p.band]), fmt_number(uk, lang, 2))
    console.print(table)


def _print_sensitivity(report: MipReport, lang: str, console: Console) -> None:
    _ = translator(lang)
    if not report.below_minimum_sensitivity:
        return
    minimums = sorted({row["min_items_per_week"] for row in report.below_minimum_sensitivity})
    table = Table(title=_("Below the minimum cadence, for three assumed minimums (museums with a handle)"))
    table.add_column(_("Network"))
    for minimum in minimums:
        table.add_column(_("under {count} a week", count=fmt_number(minimum, lang, 0)))
    for platform in ("twitter", "facebook"):
        rows = {r["min_items_per_week"]: r
                for r in report.below_minimum_sensitivity if r["platform"] == platform}
        table.add_row(platform, *(fmt_percent(rows[m]["share"], lang) for m in minimums))
    console.print(table)


def _print_published_figures(report: MipReport, lang: str, console: Console) -> None:
    _ = translator(lang)
    if not report.published_figures:
        return
    table = Table(title=_("The papers' figures, recomputed from the raw MIP files"))
    for header in (_("Figure"), _("Published"), _("Reproduced"), _("Source")):
        table.add_column(header, overflow="fold")
    for f in report.published_figures:
        digits = 0 if f.unit == "followers" else 1
        reproduced = "—" if f.reproduced is None else fmt_number(f.reproduced, lang, digits)
        table.add_row(_(f.label), fmt_number(f.published, lang, digits), reproduced,
                      f"{f.source} ({f.date}), {f.computed_from}")
    console.print(table)
