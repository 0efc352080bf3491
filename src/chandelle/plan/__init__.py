"""The portfolio planner: which networks to keep, start, archive or quit, with which formats and cadence.

``make_plan(con, profile, kb, as_of)`` audits the store, builds the planning problem
(``plan.build.inputs_from``), solves it exactly with HiGHS (``plan.model``, ``plan.solve``) and
explains it (``plan.explain``, ``plan.assemble``). ``plan_for(inputs, as_of)`` does the same from
hand-made ``PlanInputs``. docs/planner.md states the model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from chandelle.plan.assemble import plan_for
from chandelle.plan.build import Overrides, inputs_from
from chandelle.plan.inputs import PlanInputs
from chandelle.plan.result import Plan

if TYPE_CHECKING:
    import duckdb

    from chandelle.kb.models import KnowledgeBase
    from chandelle.profile import Profile

__all__ = ["Overrides", "Plan", "PlanInputs", "inputs_from", "make_plan", "plan_for", "planning_inputs"]


def planning_inputs(
    con: duckdb.DuckDBPyConnection | None,
    profile: Profile,
    kb: KnowledgeBase,
    as_of: date,
    overrides: Overrides | None = None,
) -> PlanInputs:
    """Audit the store (when there is one) and build the planning problem."""
    audit = None
    if con is not None:
        from chandelle.audit import run_audit

        audit = run_audit(con, as_of=as_of, profile=profile, kb=kb)
    return inputs_from(kb, profile, audit, overrides)


def make_plan(
    con: duckdb.DuckDBPyConnection | None,
    profile: Profile,
    kb: KnowledgeBase,
    as_of: date,
    *,
    hours: float | None = None,
    max_networks: int | None = None,
    exclude: Sequence[str] = (),
    overlap: float | None = None,
    objectives: Mapping[str, float] | None = None,
    values: Sequence[Mapping[str, Any]] | None = None,
    what_if: bool = True,
) -> Plan:
    """The recommended portfolio for the institution, explained, with its what-ifs."""
    overrides = Overrides(hours, max_networks, tuple(exclude), overlap, dict(objectives or {}), values)
    return plan_for(planning_inputs(con, profile, kb, as_of, overrides), as_of, what_if=what_if)
