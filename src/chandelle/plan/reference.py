"""Exhaustive enumeration of portfolios, to check the MILP and time it (tests, benchmarks/plan_speed.py).

Exact only for problems where publishing more than the minimum adds nothing (no format has a
value per item, no format needs a skill and the hour tie-break is 0): then a portfolio's value
depends only on which accounts are active, and the cheapest way to hold each minimum cadence
is the right one.
Its cost grows as 2^(accounts), which is the point of comparing it with HiGHS.
"""

from __future__ import annotations

from itertools import combinations

from chandelle.plan.explain import minimum_hours
from chandelle.plan.inputs import PlanInputs, PlatformOption
from chandelle.plan.model import community_value
from chandelle.plan.reach import union_reach


def best_by_enumeration(inputs: PlanInputs) -> tuple[float, frozenset[str]]:
    """The best objective value and active platform set, trying every subset."""
    options = [o for o in inputs.platforms if not o.excluded and minimum_hours(o) < float("inf")]
    base = _inactive_value(inputs)
    best = (base, frozenset[str]())
    limit = min(len(options), max(0, inputs.max_networks))
    for size in range(1, limit + 1):
        for chosen in combinations(options, size):
            hours = sum(minimum_hours(o) for o in chosen)
            if hours > inputs.usable_hours_per_week + 1e-9:
                continue
            value = base + sum(_active_gain(inputs, o) for o in chosen)
            value += sum(
                inputs.scales.reach_points * w * union_reach(inputs, chosen, s)
                for s, w in inputs.segment_weights.items()
            )
            if value > best[0] + 1e-9:
                best = (value, frozenset(o.platform for o in chosen))
    return best


def _inactive_value(inputs: PlanInputs) -> float:
    """Every present account archived (or quit when excluded): the value of doing nothing."""
    total = 0.0
    for option in inputs.platforms:
        if option.current is not None and not option.excluded:
            total += community_value(inputs, option.current) * inputs.scales.archive_keeps_share
    return total


def _active_gain(inputs: PlanInputs, option: PlatformOption) -> float:
    kept = community_value(inputs, option.current)
    archived = kept * inputs.scales.archive_keeps_share if option.current is not None else 0.0
    return kept - archived - option.penalty
