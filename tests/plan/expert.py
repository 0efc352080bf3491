"""Institution profiles for the expert review: the real knowledge base, a profile, and the
accounts an audit would have found (``CurrentPresence``), without a store: as the audit of a store
without peers, an account without a follower count gets the UK sector's median where it has one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from chandelle.plan import inputs_from, plan_for
from chandelle.plan.build import missing_evidence
from chandelle.plan.inputs import CurrentPresence, PlanInputs
from chandelle.plan.result import Plan
from chandelle.plan.sector import with_sector_evidence
from chandelle.profile import profile_from_mapping

AS_OF = date(2026, 11, 30)
Account = tuple[str, str, int | None]  # (handle, audit status, followers or None)


def inputs_for(
    profile: dict[str, Any], accounts: dict[str, list[Account]] | None = None, hours: float | None = None
) -> PlanInputs:
    data = dict(profile)
    if hours is not None:
        data["team"] = [{**data["team"][0], "hours_per_week": hours}, *data["team"][1:]]
    parsed = profile_from_mapping(data)
    inputs = inputs_from(parsed.knowledge_base(), parsed, None, None, AS_OF)
    if accounts is None:
        return inputs
    platforms = []
    for option in inputs.platforms:
        found = tuple(
            with_sector_evidence(
                CurrentPresence(
                    handle, status, followers, 1.0, 2.0, {"status": f"audit:{option.platform}/{handle}"}
                ),
                option.platform, None, parsed.kind, parsed.size or "all", AS_OF,
            )
            for handle, status, followers in accounts.get(option.platform, [])
        )
        if found:
            option = replace(option, accounts=found, current=found[0], evidence_factor=None)
        platforms.append(option)
    return replace(inputs, platforms=tuple(platforms), missing=tuple(missing_evidence(platforms, False)))


def plan_of(
    profile: dict[str, Any],
    accounts: dict[str, list[Account]] | None = None,
    hours: float | None = None,
    *,
    what_if: bool = False,
    draws: int = 0,
) -> Plan:
    return plan_for(inputs_for(profile, accounts, hours), AS_OF, what_if=what_if, draws=draws)


def portfolio(plan: Plan) -> frozenset[tuple[str, str]]:
    """What a director signs: which platform is kept, started, archived, merged or quit."""
    return frozenset((n.platform, n.decision) for n in plan.networks if n.decision != "absent")


def decisions(plan: Plan) -> dict[str, str]:
    return {n.platform: n.decision for n in plan.networks}
