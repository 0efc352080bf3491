"""`chandelle init`: write institution.toml, from flags or by asking questions (in French)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from chandelle.cli import lang_option
from chandelle.errors import ConfigError
from chandelle.i18n import translator
from chandelle.kb.models import OBJECTIVES
from chandelle.profile import KINDS, PROFILE_FILE, SKILLS, TARGETS, save_profile


def register(group: click.Group) -> None:
    group.add_command(init_command)


def parse_member(text: str) -> dict[str, Any]:
    """'Claire:12:photo,writing' -> {name, hours_per_week, skills}."""
    parts = text.split(":")
    if len(parts) not in (2, 3) or not parts[0].strip():
        raise ConfigError("--member '{value}' is invalid.",
                          hint="Write NAME:HOURS or NAME:HOURS:skill1,skill2.", value=text)
    try:
        hours = float(parts[1].replace(",", "."))
    except ValueError as exc:
        raise ConfigError("--member '{value}': hours must be a number.", value=text) from exc
    skills = [s.strip() for s in parts[2].split(",") if s.strip()] if len(parts) == 3 else []
    return {"name": parts[0].strip(), "hours_per_week": hours, "skills": skills}


def parse_objective(text: str) -> tuple[str, float]:
    key, _, weight = text.partition("=")
    try:
        return key.strip(), float(weight or 1)
    except ValueError as exc:
        raise ConfigError("--objective '{value}' is invalid.", hint="Write KEY=WEIGHT, e.g. education=2.",
                          value=text) from exc


PROFILE_COMMENTS = ("institution.toml — written by 'chandelle init'.",
                    "Every key is documented in docs/institution.example.toml.")


def _ask(data: dict[str, Any], lang: str) -> None:
    _ = translator(lang)
    data["name"] = click.prompt(_("Name of the institution"))
    data["kind"] = click.prompt(_("Kind of institution"), type=click.Choice(KINDS), default="other")
    while True:
        name = click.prompt(_("Team member's first name (empty to stop)"), default="", show_default=False)
        if not name:
            break
        hours = click.prompt(_("Hours a week {name} gives to social media", name=name), type=float)
        skills = click.prompt(_("Skills ({allowed}), separated by commas", allowed=", ".join(SKILLS)),
                              default="", show_default=False)
        chosen = [s.strip() for s in skills.split(",") if s.strip()]
        data.setdefault("team", []).append({"name": name, "hours_per_week": hours, "skills": chosen})
    data["max_networks"] = click.prompt(_("Maximum number of networks"), type=int, default=3)


@click.command("init")
@click.option("--name", default=None, help="Nom de l'institution.")
@click.option("--kind", type=click.Choice(KINDS), default=None, help="Type d'institution.")
@click.option("--member", "members", multiple=True,
              help="Membre de l'équipe NOM:HEURES[:compétences] (répétable), ex. Claire:12:photo,writing.")
@click.option("--objective", "objectives", multiple=True,
              help=f"Objectif CLÉ=POIDS (répétable) ; clés : {', '.join(OBJECTIVES)}.")
@click.option("--target", "targets", multiple=True, type=click.Choice(TARGETS),
              help="Public cible (répétable).")
@click.option("--max-networks", type=int, default=None, help="Nombre maximal de réseaux (défaut 3).")
@click.option("--zone", type=click.Choice(["A", "B", "C"]), default=None, help="Zone de vacances scolaires.")
@click.option("--out", "out", type=click.Path(dir_okay=False), default=PROFILE_FILE, show_default=True,
              help="Fichier à écrire.")
@click.option("--force", is_flag=True, help="Remplacer le fichier s'il existe.")
@click.option("--ask", is_flag=True, help="Poser les questions (par défaut sans --name dans un terminal).")
@lang_option
def init_command(name: str | None, kind: str | None, members: tuple[str, ...], objectives: tuple[str, ...],
                 targets: tuple[str, ...], max_networks: int | None, zone: str | None, out: str, force: bool,
                 ask: bool, lang: str) -> None:
    """Écrire le profil de l'institution (institution.toml), par questions ou par options."""
    _ = translator(lang)
    path = Path(out)
    if path.exists() and not force:
        raise ConfigError("{file} already exists.", hint="Use --force to replace it.", file=str(path))
    data: dict[str, Any] = {}
    if ask or name is None:
        if not ask and not sys.stdin.isatty():
            raise ConfigError("No --name given and no terminal to ask questions.",
                              hint="Pass --name (and --member NAME:HOURS) or run it in a terminal.")
        _ask(data, lang)
    if name is not None:
        data["name"] = name
    _apply_flags(data, kind, members, objectives, targets, max_networks, zone)
    save_profile(path, data, PROFILE_COMMENTS)
    click.echo(_("Profile written to {file}.", file=str(path)))


def _apply_flags(data: dict[str, Any], kind: str | None, members: tuple[str, ...],
                 objectives: tuple[str, ...], targets: tuple[str, ...], max_networks: int | None,
                 zone: str | None) -> None:
    if kind:
        data["kind"] = kind
    if members:
        data["team"] = [parse_member(m) for m in members]
    if objectives:
        data["objectives"] = dict(parse_objective(o) for o in objectives)
    if targets:
        data["targets"] = list(targets)
    if max_networks is not None:
        data["max_networks"] = max_networks
    if zone:
        data["school_holiday_zone"] = zone
