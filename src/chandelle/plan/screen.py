"""Platforms proven inactive in every optimal plan, so that a re-solve can leave them out.

The robustness check (``plan.robustness``) solves the model again for every draw of the ranged
assumptions. Most draws leave many platforms far from worth their hours; proving so with a few
sums, and pinning them inactive (``build_model(force=...)``), shrinks the MILP (its reach
patterns grow with the number of platforms that could be active) without changing its optimum.

The proof, for one platform group p of a single institution, with one account that is not an
active community (none yet, dormant or ghost: archiving it never triggers a switch cost).
Take any plan S where p is active.

* If another platform is active in S too, let S' be S with p's account archived (or quit) and
  its items dropped. S' is feasible (fewer hours, fewer networks, no new switch, every event
  still announced) and S is worth at most ``gain_p`` more than S':

      gain_p = max over p's items n of [ A_p · g_p(x(n)) + Σ_f c_f · n_f ]
               + (keep or start term) − (archive or quit term) − overhead − penalty_p,

  where A_p = Σ_s reach_points · w_s · r_ps · e_p is p's whole audience (removing p lowers the
  union of the others by at most p's own reach: each other platform's part grows or stays when
  a wider one leaves, ``plan.reach.contributions``), g_p the model's piecewise-linear response
  (non-decreasing, concave), c_f an item's value net of its hours and x(n) the effective
  cadence. ``gain_p`` < 0: S is not optimal.
* If p is the only active platform, S is worth at most every account archived plus every
  event announced plus ``gain_p`` (``Screen.alone``); the re-solve without the screened groups
  must beat that for the proof to hold (``Screen.proven_by``), else the caller solves the whole
  model. Without events, the plan with nothing active already beats it.

The bound relaxes integrality, capacity, minimum cadences, skills and learning, so it only ever
errs on the side of keeping p in the model. When it holds, p is inactive in every optimal plan
and the model with p pinned inactive has the same optimal plans.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from chandelle.plan.inputs import WEEKS_PER_PERIOD, FederationInputs, PlanInputs, PlatformOption
from chandelle.plan.model import (
    ANNOUNCEMENT_HOURS,
    Group,
    GroupKey,
    build_groups,
    community_value,
    effective_weight,
    item_value,
    response_breakpoints,
    response_lines,
    team_skills,
)

MARGIN = 1e-6  # points: a bound this close to the optimum is not a proof (ties stay in the model)
NOT_A_COMMUNITY = (None, "dormant", "ghost")


@dataclass(frozen=True)
class Screen:
    """Platform groups to leave out of a re-solve, and what proves it once the re-solve is done.

    ``gains``: each group's bound on what being active adds to a plan (negative). ``alone``: the
    bound of a plan whose only active platform is that group, less its gain — every account
    archived or quit plus every event announced (``-inf`` without events: such a plan is then
    beaten by the plan with no active platform at all)."""

    gains: Mapping[GroupKey, float]
    alone: float

    @property
    def inactive(self) -> dict[GroupKey, bool]:
        """``build_model``'s ``force``: every screened group pinned inactive."""
        return {key: False for key in self.gains}

    def proven_by(self, objective_value: float) -> bool:
        """True when a plan worth ``objective_value`` without the screened groups beats every plan
        in which one of them is the only active platform (the case the gains do not cover)."""
        return all(self.alone + gain < objective_value - MARGIN for gain in self.gains.values())


def screen_platforms(federation: FederationInputs) -> Screen:
    """The groups of ``federation`` that no optimal plan makes active, unless the only plans
    they could win are those where they are the single active platform (``Screen.proven_by``)."""
    if len(federation.members) != 1 or federation.shared_platforms:
        return Screen({}, float("-inf"))
    member = federation.members[0]
    groups, units = build_groups(federation)
    skills = team_skills(federation)
    gains: dict[GroupKey, float] = {}
    nothing_active = 0.0  # every existing account archived (or quit where its platform is refused)
    for position, group in enumerate(groups):
        mine = [unit for unit in units if unit.group == position]
        for unit in mine:
            if unit.current is not None and not group.excluded:
                nothing_active += community_value(member, unit.current) * member.scales.archive_keeps_share
        if group.excluded or len(mine) != 1:
            continue
        current = mine[0].current
        if (current.status if current is not None else None) not in NOT_A_COMMUNITY:
            continue
        gain = _activation_bound(member, federation, group, skills)
        if current is not None:
            gain += community_value(member, current) * (1.0 - member.scales.archive_keeps_share)
        else:
            gain -= group.option.setup_hours * member.scales.hour_points
            gain -= _hour_cost(member) * group.option.setup_hours / max(1.0, member.scales.setup_weeks)
        if gain < -MARGIN:
            gains[group.key] = gain
    events = _events_bound(member)
    return Screen(gains, nothing_active + events if events > 0 else float("-inf"))


def _hour_cost(member: PlanInputs) -> float:
    """Points one weekly hour costs in the objective (``build_model``: hour cost + hour value)."""
    return member.scales.hour_cost + member.scales.hour_points


def _events_bound(member: PlanInputs) -> float:
    """What the events can bring at most (they need one active platform, maybe this one)."""
    if not member.events or member.scales.event_points <= 0:
        return 0.0
    points = member.scales.event_points * (1.0 + member.objective_weights.get("events", 0.0))
    hours = member.scales.announcements_per_event * ANNOUNCEMENT_HOURS / max(1.0, member.horizon_weeks)
    return len(member.events) * max(0.0, points - _hour_cost(member) * hours)


def _activation_bound(
    member: PlanInputs, federation: FederationInputs, group: Group, skills: Mapping[str, float | None]
) -> float:
    """Upper bound of reach + items − overhead − penalty of ``group`` active (see the module)."""
    option = group.option
    cost = _hour_cost(member)
    audience = _audience_points(member, option)
    # (net points per item, effective cadence per item a week, items per 4 weeks at most)
    formats = []
    for fmt in option.formats:
        if fmt.weight <= 0.0 or any(skills.get(s, None) is None for s in fmt.skills):
            continue
        cap = float(int(fmt.max_items_per_week * WEEKS_PER_PERIOD + 1e-9))
        net = (item_value(federation, group, fmt) - cost * fmt.hours_per_item) / WEEKS_PER_PERIOD
        weight = effective_weight(federation, group, fmt) / WEEKS_PER_PERIOD
        if cap > 0:
            formats.append((net, weight, cap))
    best = _best_cadence_value(audience, option, formats)
    return best - cost * option.overhead_hours_per_week - group.penalty


def _audience_points(member: PlanInputs, option: PlatformOption) -> float:
    factor = option.evidence_factor.value if option.evidence_factor is not None else 1.0
    return sum(
        member.scales.reach_points * weight * option.reach.get(segment, 0.0) * factor
        for segment, weight in member.segment_weights.items()
        if weight > 0.0
    )


def _best_cadence_value(
    audience: float, option: PlatformOption, formats: list[tuple[float, float, float]]
) -> float:
    """max over items of audience · g(x) + Σ net · n, items fractional: a concave function of
    the cadence x, so its maximum is at a breakpoint of g or of the cheapest way to reach x."""
    formats.sort(key=lambda f: -f[0] / f[1])  # the cheapest effective cadence first
    free = sum(net * cap for net, _weight, cap in formats if net > 0)
    reachable = sum(weight * cap for _net, weight, cap in formats)
    candidates = {0.0, reachable}
    lines: list[tuple[float, float]] = []  # the response: the smallest of these lines, and 1
    floor = 0.0
    if option.response is not None:
        points = response_breakpoints(option.response)
        floor = points[0][0]
        candidates.update(f for f, _g in points)
        lines = response_lines(option.response)
    cumulative = 0.0
    for _net, weight, cap in formats:
        cumulative += weight * cap
        candidates.add(cumulative)
    best = float("-inf")
    for x in candidates:
        if x < floor - 1e-12 or x > reachable + 1e-12:
            continue
        share = min([1.0, *(slope * x + intercept for slope, intercept in lines)])
        best = max(best, audience * max(0.0, share) + _cheapest_items(formats, x, free))
    return best  # -inf: the platform cannot reach its token cadence at all


def _cheapest_items(formats: list[tuple[float, float, float]], cadence: float, free: float) -> float:
    """Largest Σ net · n with Σ weight · n ≥ cadence (formats sorted cheapest first): every item
    worth its hours is published anyway, the others only as far as the cadence needs them."""
    total = free
    reached = sum(weight * cap for net, weight, cap in formats if net > 0)
    for net, weight, cap in formats:
        if net > 0 or reached >= cadence - 1e-12:
            continue
        items = min(cap, (cadence - reached) / weight)
        total += net * items
        reached += weight * items
    return total
