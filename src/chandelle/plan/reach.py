"""Reach of a set of platforms in one audience segment, counting shared people once.

From the widest audience to the narrowest (ties by platform slug), each platform contributes
its reach minus its largest overlap with a wider platform already counted (``contributions``).
A platform published at a cadence below saturation reaches only the share ``z`` of that
contribution (its response, docs/planner.md "Value"); the total is capped at the whole segment.
``Overlap.intersection`` gives the overlaps (published figures, or the explicit default
assumption). The MILP uses exactly these functions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from chandelle.plan.inputs import PlanInputs, PlatformOption


def widest_first(options: Sequence[PlatformOption], segment: str) -> list[tuple[float, PlatformOption]]:
    ranked = [(o.reach.get(segment, 0.0), o) for o in options if o.reach.get(segment, 0.0) > 0.0]
    return sorted(ranked, key=lambda t: (-t[0], t[1].platform))


def contributions(member: PlanInputs, options: Sequence[PlatformOption], segment: str) -> dict[str, float]:
    """Platform -> share of the segment it adds to the wider platforms of ``options``."""
    ranked = widest_first(options, segment)
    found: dict[str, float] = {}
    for rank, (r_p, option) in enumerate(ranked):
        overlaps = [
            member.overlap.intersection(option.platform, r_p, wider.platform, r_a)
            for r_a, wider in ranked[:rank]
        ]
        found[option.platform] = max(0.0, r_p - max(overlaps, default=0.0))
    return found


def union_reach(
    member: PlanInputs,
    options: Sequence[PlatformOption],
    segment: str,
    shares: Mapping[str, float] | None = None,
) -> float:
    """Share of ``segment`` reached by ``options`` (each at its response share, 1 by default,
    and its evidence factor), capped at the whole segment."""
    total = 0.0
    parts = contributions(member, options, segment)
    for option in options:
        part = parts.get(option.platform, 0.0)
        factor = option.evidence_factor.value if option.evidence_factor is not None else 1.0
        total += part * factor * (1.0 if shares is None else shares.get(option.platform, 0.0))
    return max(0.0, min(1.0, total))


def reach_value(
    member: PlanInputs, options: Sequence[PlatformOption], shares: Mapping[str, float] | None = None
) -> float:
    """Objective points of the reach of ``options`` over every weighted segment."""
    return sum(
        member.scales.reach_points * weight * union_reach(member, options, segment, shares)
        for segment, weight in member.segment_weights.items()
        if weight > 0.0
    )
