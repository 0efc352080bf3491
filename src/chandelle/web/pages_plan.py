"""The planner: live controls (hours, maximum networks, exclusions) that re-solve the plan.

The controls are a GET form: HTMX sends it on every change to ``/plan/result`` and swaps in
the recommendation and its rationale; without JavaScript the form reloads ``/plan``.
Reading the plan changes nothing, so no CSRF token is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from chandelle.analysis import Analysis, PlanRequest, number_from
from chandelle.errors import InputError
from chandelle.plan import messages
from chandelle.web.context import analysis_for, as_of_from
from chandelle.web.deps import csrf_protect, is_htmx
from chandelle.web.render import page, request_language

router = APIRouter(dependencies=[Depends(csrf_protect)])
DECISION_SYMBOLS = {"keep": "✔", "start": "+", "archive": "▣", "quit": "✖", "absent": "–"}


@dataclass(frozen=True)
class PlanControls:
    """The values the form shows: the request's, or the profile's where the request sets none."""

    hours: float
    max_networks: int
    exclude: tuple[str, ...]
    as_of: date


def plan_request_from(request: Request) -> PlanRequest:
    """The plan the query string asks for, validated by the core (InputError: a 400 page)."""
    params = request.query_params
    hours, networks = params.get("hours", "").strip(), params.get("max_networks", "").strip()
    max_networks = number_from(networks, "max_networks") if networks else None
    return PlanRequest(
        as_of_from(request),
        hours=number_from(hours, "hours") if hours else None,
        max_networks=None if max_networks is None else _whole(max_networks, "max_networks"),
        exclude=tuple(slug for slug in params.getlist("exclude") if slug),
    )


def _whole(value: float, name: str) -> int:
    if not value.is_integer():
        raise InputError("'{name}' must be a whole number.", hint="Correct the value and try again.",
                         name=name)
    return int(value)


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


def _context(request: Request) -> dict[str, Any]:
    analysis, controls = plan_for_request(request)
    lang = request_language(request)
    return {
        "plan": analysis.plan, "controls": controls, "platforms": sorted(analysis.kb.platforms),
        "profile_capacity": analysis.profile.capacity_hours_per_week,
        "platform": lambda slug: messages.platform_label(slug, lang),
        "decision": lambda slug: messages.label(messages.DECISION_LABELS, slug, lang),
        "format_label": lambda slug: messages.label(messages.FORMAT_LABELS, slug, lang),
        "segment": lambda slug: messages.label(messages.SEGMENT_LABELS, slug, lang),
        "symbols": DECISION_SYMBOLS,
    }


@router.get("/plan", name="plan_page")
def plan_page(request: Request) -> Response:
    return page(request, "plan.html", **_context(request))


@router.get("/plan/result", name="plan_result")
def plan_result(request: Request) -> Response:
    template = "_plan_result.html" if is_htmx(request) else "plan.html"
    return page(request, template, **_context(request))
