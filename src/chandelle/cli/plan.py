"""`chandelle plan`: the recommended portfolio, its reasons, scenarios side by side, and federations."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from chandelle.analysis import analysis_of, read_store
from chandelle.cli import (
    analyse_store,
    as_of_option,
    db_option,
    lang_option,
    load_institution,
    profile_option,
    reading_store,
)
from chandelle.cli.output import SafeConsole, clean, styled
from chandelle.i18n import fmt_date, fmt_number, fmt_percent, translator
from chandelle.labels import join_labels
from chandelle.request import PlanRequest, number_from, today


def register(group: click.Group) -> None:
    group.add_command(plan_command)


@click.command("plan")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON (docs/plan-json.md).")
@profile_option
@click.option("--hours", default=None, help="Heures par semaine de l'équipe (0 à 200).")
@click.option("--max-networks", type=int, default=None, help="Nombre maximal de réseaux.")
@click.option("--exclude", multiple=True, help="Plateforme à exclure (répétable).")
@as_of_option
@click.option(
    "--scenarios",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Fichier TOML de variantes comparées côte à côte.",
)
@click.option(
    "--federation",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Fichier TOML : plusieurs institutions, une équipe partagée, un seul modèle.",
)
@db_option
@lang_option
def plan_command(
    as_json: bool,
    profile_path: Path | None,
    hours: str | None,
    max_networks: int | None,
    exclude: tuple[str, ...],
    as_of: date | None,
    scenarios: Path | None,
    federation: Path | None,
    db: str | None,
    lang: str,
) -> None:
    """Planifier les réseaux à garder, démarrer, archiver ou quitter, dans les heures de l'équipe."""
    request = PlanRequest(as_of or today(), None if hours is None else number_from(hours, "--hours"),
                          max_networks, exclude)
    if federation is not None:
        _federation(federation, request, as_json, lang)
        return
    institution = load_institution(profile_path)
    if scenarios is not None:
        from chandelle.plan.scenarios import load_scenarios

        chosen = load_scenarios(scenarios, request)
        with reading_store(db) as con:
            reading = read_store(con, institution, request.as_of)
        plans = [(s.name, analysis_of(reading, institution, s.request).plan) for s in chosen]
        _print_scenarios(plans, as_json, lang)
        return
    from dataclasses import replace

    from chandelle.plan.assemble import ROBUSTNESS_DRAWS

    plan = analyse_store(db, institution, replace(request, draws=ROBUSTNESS_DRAWS)).plan
    if as_json:
        click.echo(plan.to_json(lang))
    else:
        print_plan(plan, lang)


def _federation(path: Path, request: PlanRequest, as_json: bool, lang: str) -> None:
    from chandelle.plan.federation import load_federation, plan_federation

    result = plan_federation(load_federation(path, request), request.as_of)
    data = result.to_dict(lang)
    if as_json:
        click.echo(result.to_json(lang))
        return
    _ = translator(lang)
    console = SafeConsole()
    table = Table(title=_("Federation plan: {name}", name=result.name))
    for header in (_("Institution"), _("Platform"), _("Decision"), _("Items a week"), _("Hours a week")):
        table.add_column(header)
    for network in data["networks"]:
        if network["decision"] in ("keep", "start", "archive", "quit"):
            who = _("shared account") if network["institution"] == "*" else network["institution"]
            table.add_row(
                who,
                network["platform_label"],
                network["decision_label"],
                fmt_number(network["items_per_week"], lang, 2),
                fmt_number(network["hours_per_week"], lang),
            )
    console.print(table)
    console.print(
        _(
            "Planned: {planned} h a week out of {capacity} h (HiGHS: {status}, gap {gap}).",
            planned=fmt_number(result.planned_hours_per_week, lang),
            capacity=fmt_number(result.capacity_hours_per_week, lang),
            status=result.status,
            gap=fmt_percent(result.mip_gap, lang),
        )
    )


def print_plan(plan: Any, lang: str) -> None:
    _ = translator(lang)
    data = plan.to_dict(lang)
    console = SafeConsole()
    for line in data["missing"]:
        console.print(styled(line, "bold yellow"))
    for line in data["summary"]:
        console.print(styled(line, "bold"))
    table = Table(title=_("Recommended portfolio"))
    for header in (_("Platform"), _("Decision"), _("Formats"), _("Items a week"), _("Minimum"),
                   _("Hours a week")):
        table.add_column(header)
    for network in data["networks"]:
        formats = "\n".join(
            _("{format}: {items} a week", format=f["label"], items=fmt_number(f["items_per_week"], lang, 2))
            for f in network["formats"]
        )
        handles = [a["handle"] for a in network.get("accounts", []) if a["handle"]]
        table.add_row(
            network["platform_label"] + (f" ({', '.join(handles)})" if handles else ""),
            network["decision_label"],
            formats or "—",
            fmt_number(network["items_per_week"], lang, 2),
            fmt_number(network["min_items_per_week"], lang, 2),
            fmt_number(network["hours_per_week"], lang),
        )
    console.print(table)
    _print_reasons(data["networks"], lang, console)
    _print_robustness_and_events(data, lang, console)
    console.print(
        _(
            "Hours: {planned} h a week planned, {usable} h usable ({capacity} h minus a {margin} h margin).",
            planned=fmt_number(plan.planned_hours_per_week, lang),
            usable=fmt_number(plan.capacity_hours_per_week - plan.margin_hours_per_week, lang),
            capacity=fmt_number(plan.capacity_hours_per_week, lang),
            margin=fmt_number(plan.margin_hours_per_week, lang),
        )
    )
    _print_reach(plan, lang)
    if data["marginal_hours"]:
        console.print(data["marginal_hours"]["text"])
    if data["comparison"]:
        for line in data["comparison"]["text"]:
            console.print(line)
    console.print(
        _(
            "Optimal plan proven by HiGHS (status {status}, gap {gap}, {seconds} s).",
            status=plan.status,
            gap=fmt_percent(plan.mip_gap, lang),
            seconds=fmt_number(plan.solve_seconds, lang, 3),
        )
    )
    for note in data["notes"]:
        console.print(styled(note, "dim"))


def _print_reasons(networks: list[dict[str, Any]], lang: str, console: Console) -> None:
    """The reasons are sentences: below the table they read as text at any terminal width."""
    _ = translator(lang)
    console.print(styled(_("Why"), "bold"))
    for network in networks:
        console.print(Text.assemble("  ", styled(network["platform_label"], "bold"),
                                    f" — {network['decision_label']}"))
        for reason in network["reasons"]:
            console.print(Text(clean(f"    • {reason}")))
        for account in network.get("accounts", []):
            if account["handle"] is None:
                continue
            console.print(Text.assemble("    ", styled(account["handle"], "bold"),
                                        f" — {clean(account['decision_label'])}"))
            for reason in account["reasons"]:
                console.print(Text(clean(f"      ◦ {reason}")))


def _print_robustness_and_events(data: dict[str, Any], lang: str, console: Console) -> None:
    _ = translator(lang)
    if data["robustness"]["decisions"]:
        title = _("Robustness ({draws} draws of the assumptions)", draws=data["robustness"]["draws"])
        console.print(styled(title, "bold"))
        for decision in data["robustness"]["decisions"]:
            console.print(Text(clean(f"  • {decision['text']}")))
    for event in data["events"]:
        days = join_labels([_day(a["date"], lang) for a in event["announcements"]], lang)
        text = _("Event {name} ({start}): announcements on {days}.", name=event["name"],
                 start=_day(event["start"], lang), days=days)
        console.print(Text(clean(text)))


def _day(iso: str, lang: str) -> str:
    """An ISO day of the plan's JSON as the reader writes it (« 21 janvier 2027 »)."""
    return fmt_date(date.fromisoformat(iso), lang)


def _print_reach(plan: Any, lang: str) -> None:
    from chandelle.plan.messages import SEGMENT_LABELS, label

    _ = translator(lang)
    table = Table(title=_("Reach by target segment"))
    for header in (_("Segment"), _("Weight"), _("Today"), _("With the plan")):
        table.add_column(header)
    for reach in plan.reach:
        table.add_row(
            label(SEGMENT_LABELS, reach.segment, lang),
            fmt_number(reach.weight, lang, 2),
            fmt_percent(reach.current, lang),
            fmt_percent(reach.planned, lang),
        )
    SafeConsole().print(table)


def _print_scenarios(plans: list[tuple[str, Any]], as_json: bool, lang: str) -> None:
    if as_json:
        click.echo(
            json.dumps(
                {"scenarios": [{"name": n, "plan": p.to_dict(lang)} for n, p in plans]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    from chandelle.plan.messages import DECISION_LABELS, label, platform_label

    _ = translator(lang)
    table = Table(title=_("Scenarios side by side"), show_lines=True)
    table.add_column(_("Platform"))
    for name, _plan in plans:
        table.add_column(name)
    platforms = sorted({n.platform for _n, p in plans for n in p.networks})
    for slug in platforms:
        cells = []
        for _name, plan in plans:
            line = next((n for n in plan.networks if n.platform == slug), None)
            cells.append(
                "—"
                if line is None
                else f"{label(DECISION_LABELS, line.decision, lang)}"
                + (
                    " " + _("({items} a week)", items=fmt_number(line.items_per_week, lang, 2))
                    if line.active
                    else ""
                )
            )
        table.add_row(platform_label(slug, lang), *cells)
    table.add_row(
        _("Hours a week"),
        *(
            f"{fmt_number(p.planned_hours_per_week, lang)} / {fmt_number(p.capacity_hours_per_week, lang)}"
            for _n, p in plans
        ),
    )
    table.add_row(_("Objective value"), *(fmt_number(p.objective_value, lang) for _n, p in plans))
    SafeConsole().print(table)
