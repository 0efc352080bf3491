"""The plan a page's query string asks for: its controls checked, its analysis (cached).

Shared by the plan, calendar, scenarios and downloads pages; it sits under them so that no
page module imports another one for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from starlette.requests import Request

from chandelle.analysis import Analysis, PlanRequest, number_from
from chandelle.errors import InputError
from chandelle.i18n import fmt_number
from chandelle.request import MAX_HOURS_PER_WEEK, MAX_NETWORKS
from chandelle.web.context import analysis_for, as_of_from


@dataclass(frozen=True)
class PlanControls:
    """The values the form shows: the request's, or the profile's where the request sets none."""

    hours: float
    max_networks: int
    exclude: tuple[str, ...]
    as_of: date


def _(msgid: str) -> str:
    return msgid


HOURS_MESSAGE = _("Enter a number of hours between {min} and {max}, by half hours (e.g. {example}).")
NETWORKS_MESSAGE = _("Enter a whole number of networks between {min} and {max}.")
HOURS_STEP = 0.5


def checked_number(raw: str | None, upper: float, step: float) -> tuple[float | None, bool]:
    """(value, valid): None when absent; invalid when not a multiple of ``step`` in [0, upper]
    (the page then shows the field's message and plans with the profile's value)."""
    if raw is None or not raw.strip():
        return None, True
    try:
        value = number_from(raw.replace("\u202f", "").replace(" ", ""), "value")
    except InputError:
        return None, False
    if not 0 <= value <= upper or abs(value / step - round(value / step)) > 1e-9:
        return None, False
    return value, True


def invalid_controls(request: Request, lang: str) -> dict[str, tuple[str, dict[str, str]]]:
    """Per invalid control: its message id and parameters, numbers in the reader's format."""
    params = request.query_params
    found: dict[str, tuple[str, dict[str, str]]] = {}
    if not checked_number(params.get("hours"), MAX_HOURS_PER_WEEK, HOURS_STEP)[1]:
        found["hours"] = (HOURS_MESSAGE, {"min": fmt_number(0, lang),
                                          "max": fmt_number(MAX_HOURS_PER_WEEK, lang, 0),
                                          "example": fmt_number(7.5, lang)})
    if not checked_number(params.get("max_networks"), MAX_NETWORKS, 1.0)[1]:
        found["max_networks"] = (NETWORKS_MESSAGE, {"min": fmt_number(0, lang, 0),
                                                    "max": fmt_number(MAX_NETWORKS, lang, 0)})
    return found


def plan_request_from(request: Request) -> PlanRequest:
    """The plan the query string asks for, validated by the core (InputError: a 400 page); an
    out-of-range control is left to the profile (``invalid_controls`` says so next to it)."""
    params = request.query_params
    hours, _valid = checked_number(params.get("hours"), MAX_HOURS_PER_WEEK, HOURS_STEP)
    networks, _valid = checked_number(params.get("max_networks"), MAX_NETWORKS, 1.0)
    return PlanRequest(
        as_of_from(request), hours=hours, max_networks=None if networks is None else int(networks),
        exclude=tuple(slug for slug in params.getlist("exclude") if slug),
    )


def plan_for_request(request: Request) -> tuple[Analysis, PlanControls]:
    """The analysis for the controls in the query string (cached), with the controls to show."""
    wanted = plan_request_from(request)
    analysis = analysis_for(request, wanted)
    profile = analysis.profile
    controls = PlanControls(
        profile.capacity_hours_per_week if wanted.hours is None else wanted.hours,
        profile.max_networks if wanted.max_networks is None else wanted.max_networks,
        wanted.exclude, wanted.as_of)
    return analysis, controls
