"""Union reach of a set of platforms in one audience segment, counting shared people once.

From the widest audience to the narrowest (ties by platform slug), each platform adds its
reach minus its largest overlap with a wider platform already counted; the total is capped
at the whole segment. ``Overlap.intersection`` gives the overlaps (published figures, or the
explicit default assumption). The MILP uses exactly this function (docs/planner.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from chandelle.plan.inputs import PlanInputs, PlatformOption


def widest_first(options: Sequence[PlatformOption], segment: str) -> list[tuple[float, PlatformOption]]:
    ranked = [(o.reach.get(segment, 0.0), o) for o in options if o.reach.get(segment, 0.0) > 0.0]
    return sorted(ranked, key=lambda t: (-t[0], t[1].platform))


def union_reach(member: PlanInputs, options: Sequence[PlatformOption], segment: str) -> float:
    ranked = widest_first(options, segment)
    total = 0.0
    for rank, (r_p, option) in enumerate(ranked):
        overlaps = [
            member.overlap.intersection(option.platform, r_p, wider.platform, r_a)
            for r_a, wider in ranked[:rank]
        ]
        total += r_p - max(overlaps, default=0.0)
    return max(0.0, min(1.0, total))


def reach_value(member: PlanInputs, options: Sequence[PlatformOption]) -> float:
    """Objective points of the union reach of ``options`` over every weighted segment."""
    return sum(
        member.scales.reach_points * weight * union_reach(member, options, segment)
        for segment, weight in member.segment_weights.items()
        if weight > 0.0
    )
