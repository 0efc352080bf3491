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

from chandelle.errors import InputError
from chandelle.web.context import as_of_from, cache_of, data_version, institution_of
from chandelle.web.deps import csrf_protect, is_htmx, settings_of
from chandelle.web.optional import require, require_attribute
from chandelle.web.pages_audit import audit_for
from chandelle.web.render import page, request_language

router = APIRouter(dependencies=[Depends(csrf_protect)])
MAX_HOURS = 200.0
MAX_NETWORKS = 12
DECISION_SYMBOLS = {"keep": "✔", "start": "+", "archive": "▣", "quit": "✖", "absent": "–"}


@dataclass(frozen=True)
class PlanControls:
    hours: float
    max_networks: int
    exclude: tuple[str, ...]
    as_of: date


def _controls(request: Request, profile: Any, platforms: list[str]) -> PlanControls:
    params = request.query_params
    hours = _float_param(params.get("hours"), profile.capacity_hours_per_week, "hours", MAX_HOURS)
    networks = _float_param(params.get("max_networks"), float(profile.max_networks), "max_networks",
                            MAX_NETWORKS)
    exclude = tuple(sorted({slug for slug in params.getlist("exclude") if slug}))
    unknown = [slug for slug in exclude if slug not in platforms]
    if unknown:
        raise InputError("Unknown network '{value}'.", hint="Choose among: {allowed}.",
                         value=unknown[0][:40], allowed=", ".join(platforms))
    return PlanControls(hours, int(networks), exclude, as_of_from(request))


def _float_param(raw: str | None, default: float, name: str, upper: float) -> float:
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = -1.0
    if not 0 <= value <= upper:
        raise InputError("'{name}' must be a number between 0 and {max}.",
                         hint="Correct the value and try again.", name=name, max=int(upper))
    return value


def plan_for_request(request: Request) -> tuple[Any, PlanControls, Any]:
    """The plan for the controls in the query string (cached), with the controls and the kb.

    This is ``chandelle.plan.make_plan`` taken in its two steps (``inputs_from`` then
    ``plan_for``) so that the audit under it is the page's cached audit: moving the hours
    re-solves the plan without auditing the whole store again.
    """
    require_attribute("chandelle.plan", "make_plan", "plan")
    plan = require("chandelle.plan", "plan")
    build = require("chandelle.plan.build", "plan")
    settings = settings_of(request)
    institution = institution_of(request)
    profile, kb = institution.profile, institution.kb
    controls = _controls(request, profile, sorted(kb.platforms))

    def compute() -> Any:
        audit = audit_for(request, controls.as_of)
        overrides = build.Overrides(hours=controls.hours, max_networks=controls.max_networks,
                                    exclude=controls.exclude)
        return plan.plan_for(plan.inputs_from(kb, profile, audit, overrides), controls.as_of)

    key = ("plan", data_version(settings), controls)
    return cache_of(request).get_or_compute(key, compute), controls, kb


def _context(request: Request) -> dict[str, Any]:
    plan, controls, kb = plan_for_request(request)
    messages = require("chandelle.plan.messages", "plan")
    lang = request_language(request)
    return {
        "plan": plan, "controls": controls, "platforms": sorted(kb.platforms),
        "profile_capacity": institution_of(request).profile.capacity_hours_per_week,
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
