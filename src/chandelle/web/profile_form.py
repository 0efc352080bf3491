"""The institution profile as an HTML form: from the profile to fields, and back with errors per field.

Field names follow the profile's keys (``team.0.hours_per_week``, ``objectives.education``...)
so that pydantic's error locations land next to the right field. Keys the form does not show
(production times, cadences, accounts, events...) are kept as they are in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from chandelle.i18n import Translator, fmt_number

EXTRA_TEAM_ROWS = 2
FORM_KEYS = ("name", "kind", "team", "objectives", "targets", "values", "max_networks", "margin_share",
             "school_holiday_zone", "weekend_work")
FIRST_RUN_KEYS = ("name", "team", "targets")
FIRST_RUN_ROWS = 3


@dataclass
class ProfileForm:
    """What the form shows: values by field name, and error messages by field name."""

    values: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)
    saved: bool = False


def form_from_profile(profile: Any) -> ProfileForm:
    data = profile.model_dump(mode="python")
    team = [*data.get("team", []), *({"name": "", "hours_per_week": None, "skills": []}
                                     for _ in range(EXTRA_TEAM_ROWS))]
    data["team"] = team
    data["margin_percent"] = round(100 * float(data.get("margin_share") or 0), 1)
    data["value_modes"] = {v["name"]: v["mode"] for v in data.get("values", [])}
    return ProfileForm(values=data)


def form_from_submission(form: FormData, mapping: dict[str, Any], errors: dict[str, str]) -> ProfileForm:
    """Show back what the user typed (even where it is invalid), with the errors."""
    shown = dict(mapping)
    rows = _team_rows(form)
    shown["team"] = [{"name": str(form.get(f"team.{row}.name") or ""),
                      "hours_per_week": str(form.get(f"team.{row}.hours_per_week") or ""),
                      "skills": [str(s) for s in form.getlist(f"team.{row}.skills")]}
                     for row in rows
                     if form.get(f"team.{row}.name") or form.get(f"team.{row}.hours_per_week")]
    shown["team"] += [{"name": "", "hours_per_week": "", "skills": []} for _ in range(EXTRA_TEAM_ROWS)]
    shown["max_networks"] = str(form.get("max_networks") or "")
    shown["margin_percent"] = str(form.get("margin_percent") or "")
    shown["objectives"] = {key.removeprefix("objectives."): str(form.get(key) or "")
                           for key in form if key.startswith("objectives.")}
    shown["value_modes"] = {v["name"]: v["mode"] for v in mapping.get("values", [])}
    shown.setdefault("school_holiday_zone", None)
    return ProfileForm(values=shown, errors=errors)


def _team_rows(form: FormData) -> list[int]:
    return sorted({int(k.split(".")[1]) for k in form if k.startswith("team.") and k.split(".")[1].isdigit()})


def _number(raw: str, key: str, errors: dict[str, str], _: Translator) -> float | None:
    text = raw.strip().replace(",", ".").replace("\u202f", "").replace(" ", "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        errors[key] = _("Enter a number.")
        return None


def mapping_from_form(form: FormData, existing: dict[str, Any],
                      _: Translator) -> tuple[dict[str, Any], dict[str, str]]:
    """The profile mapping the form describes (other keys kept from ``existing``), and parse errors."""
    errors: dict[str, str] = {}
    data = {k: v for k, v in existing.items() if k not in FORM_KEYS and k != "assumed"}
    data["name"] = _name(form, errors, _)
    data["kind"] = str(form.get("kind") or "other")
    data["team"] = _team(form, errors, _)
    data["objectives"] = {}
    for key in form:
        if key.startswith("objectives."):
            weight = _number(str(form.get(key) or ""), key, errors, _)
            if weight:
                data["objectives"][key.removeprefix("objectives.")] = weight
    data["targets"] = [str(v) for v in form.getlist("targets")]
    data["values"] = [{"name": key.removeprefix("values."), "mode": str(form.get(key))}
                      for key in form
                      if key.startswith("values.") and form.get(key) in ("exclude", "penalty")]
    max_networks = _number(str(form.get("max_networks") or ""), "max_networks", errors, _)
    if max_networks is not None:
        if max_networks != int(max_networks):
            errors["max_networks"] = _("Enter a whole number.")
        data["max_networks"] = int(max_networks)
    margin = _number(str(form.get("margin_percent") or ""), "margin_percent", errors, _)
    if margin is not None:
        data["margin_share"] = margin / 100
    zone = str(form.get("school_holiday_zone") or "")
    if zone:
        data["school_holiday_zone"] = zone
    data["weekend_work"] = form.get("weekend_work") == "on"
    return data, errors


def _name(form: FormData, errors: dict[str, str], _: Translator) -> str:
    name = str(form.get("name") or "").strip()
    if not name:
        errors["name"] = _("Give the institution's name: it heads the report and the calendar.")
    return name


def first_run_mapping(form: FormData, existing: dict[str, Any],
                      _: Translator) -> tuple[dict[str, Any], dict[str, str]]:
    """The short first-run form: the name, the people and their hours, the target audiences;
    every other key of an existing file is kept."""
    errors: dict[str, str] = {}
    data = {k: v for k, v in existing.items() if k not in FIRST_RUN_KEYS and k != "assumed"}
    data["name"] = _name(form, errors, _)
    data["team"] = _team(form, errors, _)
    if not data["team"] and "team.0.name" not in errors:
        errors["team.0.name"] = _("Name at least one person who looks after social media, with their hours.")
    data["targets"] = [str(v) for v in form.getlist("targets")]
    return data, errors


def _team(form: FormData, errors: dict[str, str], _: Translator) -> list[dict[str, Any]]:
    team: list[dict[str, Any]] = []
    for row in _team_rows(form):
        name = str(form.get(f"team.{row}.name") or "").strip()
        hours_raw = str(form.get(f"team.{row}.hours_per_week") or "")
        skills = [str(s) for s in form.getlist(f"team.{row}.skills")]
        if not name and not hours_raw.strip():
            continue
        position = len(team)
        hours = _number(hours_raw, f"team.{position}.hours_per_week", errors, _)
        if not name:
            errors[f"team.{position}.name"] = _("Give a name or a role.")
        if hours is None and f"team.{position}.hours_per_week" not in errors:
            errors[f"team.{position}.hours_per_week"] = _("Enter the hours per week given to social media.")
        team.append({"name": name, "hours_per_week": hours if hours is not None else 0.0, "skills": skills})
    return team


def field_errors(exc: ValidationError, _: Translator, lang: str = "fr") -> dict[str, str]:
    """pydantic's errors, one message per field, in the user's language and number format."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        loc = [str(p) for p in error["loc"]]
        if loc[:1] == ["margin_share"]:
            loc = ["margin_percent"]
        if loc[:1] in (["values"], ["targets"]):
            loc = loc[:1]
        errors.setdefault(".".join(loc), _error_text(error, _, lang))
    return errors


def _error_text(error: Any, _: Translator, lang: str) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        return _("Enter a number of at least {min}.", min=fmt_number(bound, lang, 2))
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        if error["loc"][:1] == ("margin_share",):
            bound = round(float(bound or 0) * 100)
        return _("Enter a number of at most {max}.", max=fmt_number(bound, lang, 2))
    if kind == "missing":
        return _("This field is required.")
    if kind in ("literal_error", "enum", "value_error"):
        return _("Choose one of the values offered.")
    return _("This value is not valid.")
