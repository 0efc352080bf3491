"""The planner: live controls (hours, maximum networks, exclusions) that re-solve the plan.

The controls are a GET form: HTMX sends it on every change to ``/plan/result`` and swaps in
the recommendation and its rationale; without JavaScript the form reloads ``/plan``.
Reading the plan changes nothing, so no CSRF token is needed.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from chandelle.errors import InputError
from chandelle.i18n import translator
from chandelle.web.context import institution_of
from chandelle.web.deps import csrf_protect, is_htmx
from chandelle.web.pages_calendar import unplaced_soon
from chandelle.web.plan_request import invalid_controls, plan_for_request
from chandelle.web.render import page, request_language

router = APIRouter(dependencies=[Depends(csrf_protect)])
DECISION_SYMBOLS = {"keep": "✔", "start": "+", "archive": "▣", "quit": "✖", "absent": "–"}


def _context(request: Request) -> dict[str, Any]:
    analysis, controls = plan_for_request(request)
    return {
        "plan": analysis.plan, "controls": controls, "platforms": sorted(analysis.kb.platforms),
        "profile_capacity": analysis.profile.capacity_hours_per_week,
        "no_profile": institution_of(request).given is None, "soon": unplaced_soon(request),
        "symbols": DECISION_SYMBOLS,
    }


def _checked(request: Request) -> dict[str, str]:
    """The controls' error messages; an HTMX request with an invalid value gets an error box
    instead of a plan (the field's own message is shown by the page's script)."""
    lang = request_language(request)
    invalid = invalid_controls(request, lang)
    if invalid and is_htmx(request):
        msgid, params = next(iter(invalid.values()))
        raise InputError(msgid, hint="Correct the value: the plan is solved again as soon as it is valid.",
                         **params)
    _ = translator(lang)
    return {name: _(msgid, **params) for name, (msgid, params) in invalid.items()}


@router.get("/plan", name="plan_page")
def plan_page(request: Request) -> Response:
    errors = _checked(request)
    return page(request, "plan.html", status_code=422 if errors else 200, errors=errors,
                **_context(request))


@router.get("/plan/result", name="plan_result")
def plan_result(request: Request) -> Response:
    errors = _checked(request)
    template = "_plan_result.html" if is_htmx(request) else "plan.html"
    return page(request, template, status_code=422 if errors else 200, errors=errors,
                **_context(request))
