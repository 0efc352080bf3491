"""The portfolio planner: which networks to keep, start, archive or quit, with which formats and cadence.

``make_plan(audit, profile, kb, request)`` builds the planning problem from an audit already
made (``plan.build.inputs_from``), solves it exactly with HiGHS (``plan.model``,
``plan.solve``) and explains it (``plan.explain``, ``plan.assemble``). ``plan_for(inputs,
as_of)`` does the same from hand-made ``PlanInputs``. The planner never reads the store:
``chandelle.analysis`` audits once and plans from that audit. docs/planner.md states the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chandelle.plan.assemble import plan_for
from chandelle.plan.build import Overrides, inputs_from
from chandelle.plan.inputs import PlanInputs
from chandelle.plan.result import Plan
from chandelle.request import PlanRequest

if TYPE_CHECKING:
    from collections.abc import Mapping

    from chandelle.audit.models import AuditReport
    from chandelle.content.models import FitEvidence
    from chandelle.kb.models import KnowledgeBase
    from chandelle.profile import Profile

__all__ = [
    "Overrides",
    "Plan",
    "PlanInputs",
    "PlanRequest",
    "inputs_from",
    "make_plan",
    "overrides_of",
    "plan_for",
]


def overrides_of(request: PlanRequest) -> Overrides:
    """What a request changes in the profile, as the planner's overrides."""
    return Overrides(
        hours=request.hours,
        max_networks=request.max_networks,
        exclude=request.exclude,
        overlap=request.overlap,
        objectives=dict(request.objectives),
        values=None if request.values is None else [dict(v) for v in request.values],
    )


def make_plan(
    audit: AuditReport | None,
    profile: Profile,
    kb: KnowledgeBase,
    request: PlanRequest,
    *,
    what_if: bool = True,
    fit_evidence: Mapping[tuple[str, str], Mapping[str, FitEvidence]] | None = None,
) -> Plan:
    """The recommended portfolio for the institution, explained, with its what-ifs.

    ``audit`` is None only for an institution without any history (a federation member
    without a store): the plan then starts from nothing. ``request.draws``: robustness draws
    (``plan.assemble.ROBUSTNESS_DRAWS`` on the command line).
    """
    inputs = inputs_from(kb, profile, audit, overrides_of(request), request.as_of, fit_evidence)
    return plan_for(inputs, request.as_of, what_if=what_if, draws=request.draws)
