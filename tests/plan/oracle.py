"""An independent oracle for the planner: every decision and every cadence tried by brute force.

It reads only ``PlanInputs`` and recomputes the objective from docs/planner.md ("Objective")
with its own code: its own union of audiences (widest first, largest overlap with a wider chosen
platform), its own response curve (the power curve, linear between the documented breakpoints),
its own community points. Nothing of ``chandelle.plan.model``, ``reach`` or ``explain`` is
used, so a mistake there cannot hide here. Its cost grows as (cadences × decisions)^platforms:
only for small problems (one account per platform, up to three platforms, small caps).
"""

from __future__ import annotations

from itertools import pairwise, product
from math import log10

from chandelle.plan.inputs import WEEKS_PER_PERIOD, PlanInputs, PlatformOption

BREAKPOINTS = (0.04, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8, 1.0)  # docs/planner.md, "Value"


def _curve(option: PlatformOption, items_per_week: float) -> float:
    """The response share: 0 below the token cadence, the power curve at the breakpoints,
    straight lines between them, 1 from saturation on."""
    response = option.response
    if response is None:
        return 1.0
    b = min(max(response.elasticity.value, 0.0), 0.95)
    f_sat = response.saturation_items_per_week.value
    f0 = min(response.token_items_per_week, 0.99 * f_sat)
    points = [(f0, 0.0)] + [(f0 + (f_sat - f0) * t, t ** (1.0 - b)) for t in BREAKPOINTS]
    if items_per_week <= f0:
        return 0.0
    for (x1, y1), (x2, y2) in pairwise(points):
        if items_per_week <= x2:
            return y1 + (y2 - y1) * (items_per_week - x1) / (x2 - x1)
    return 1.0


def _both(inputs: PlanInputs, first: PlatformOption, second: PlatformOption, segment: str) -> float:
    r1, r2 = first.reach.get(segment, 0.0), second.reach.get(segment, 0.0)
    pairs = inputs.overlap.pairs
    if (first.platform, second.platform) in pairs:
        both = pairs[(first.platform, second.platform)] * r1
    elif (second.platform, first.platform) in pairs:
        both = pairs[(second.platform, first.platform)] * r2
    else:
        both = inputs.overlap.default_share * min(r1, r2)
    return max(0.0, min(both, r1, r2))


def _reach_points(inputs: PlanInputs, chosen: dict[str, tuple[PlatformOption, float]]) -> float:
    total = 0.0
    for segment, weight in inputs.segment_weights.items():
        ranked = sorted(
            (o for o, _z in chosen.values() if o.reach.get(segment, 0.0) > 0),
            key=lambda o: (-o.reach[segment], o.platform),
        )
        covered = 0.0
        for rank, option in enumerate(ranked):
            overlap = max((_both(inputs, option, wider, segment) for wider in ranked[:rank]), default=0.0)
            factor = option.evidence_factor.value if option.evidence_factor is not None else 1.0
            covered += (option.reach[segment] - overlap) * factor * chosen[option.platform][1]
        total += inputs.scales.reach_points * weight * min(1.0, covered)
    return total


def _community(inputs: PlanInputs, option: PlatformOption) -> float:
    current = option.current
    if current is None:
        return 0.0
    scales = inputs.scales
    followers = current.followers  # the exports' count, else the peers' median (sector tier), else none
    if followers is None and current.sector_followers is not None:
        followers = current.sector_followers.param.value
    decades = scales.community_points_per_decade * log10(1 + max(0, followers or 0))
    return (
        (decades + scales.continuity_points)
        * scales.status_factor.get(current.status, 0.0)
        * (1.0 + inputs.objective_weights.get("community", 0.0))
    )


def _choices(option: PlatformOption, inputs: PlanInputs) -> list[tuple[str, tuple[int, ...]]]:
    """(decision, items per 4 weeks of each format) the platform may take."""
    off = tuple(0 for _f in option.formats)
    present = option.current is not None
    found: list[tuple[str, tuple[int, ...]]] = []
    if present:
        if not option.excluded:
            found.append(("archive", off))
        found.append(("quit", off))
    else:
        found.append(("absent", off))
    if option.excluded:
        return found
    caps = [int(f.max_items_per_week * WEEKS_PER_PERIOD + 1e-9) for f in option.formats]
    for counts in product(*(range(c + 1) for c in caps)):
        counted = sum(n for n, f in zip(counts, option.formats, strict=True) if f.counts_for_cadence)
        if counted < option.min_items_per_week * WEEKS_PER_PERIOD - 1e-9:
            continue
        if (
            option.max_items_per_week is not None
            and counted > option.max_items_per_week * WEEKS_PER_PERIOD + 1e-9
        ):
            continue
        found.append(("keep" if present else "start", tuple(counts)))
    return found


Combo = tuple[tuple[str, tuple[int, ...]], ...]


def _platform_terms(
    inputs: PlanInputs, option: PlatformOption, decision: str, counts: tuple[int, ...]
) -> tuple[float, float, float | None]:
    """(hours, points, response share) of one platform; share None: not a feasible presence."""
    scales = inputs.scales
    community = _community(inputs, option)
    if decision not in ("keep", "start"):
        return 0.0, community * scales.archive_keeps_share if decision == "archive" else 0.0, 0.0
    hours, value, effective = option.overhead_hours_per_week, -option.penalty, 0.0
    for fmt, n in zip(option.formats, counts, strict=True):
        hours += fmt.hours_per_item * n / WEEKS_PER_PERIOD
        fit = sum(inputs.objective_weights.get(o, 0.0) * v for o, v in fmt.value_per_item.items())
        value += scales.item_points * fit * n / WEEKS_PER_PERIOD
        effective += fmt.weight * (1.0 + 0.5 * min(1.0, fit)) * n / WEEKS_PER_PERIOD
    if decision == "keep":
        value += community
    else:
        hours += option.setup_hours / scales.setup_weeks
        value -= option.setup_hours * scales.hour_points
    share = _curve(option, effective)
    if option.response is not None and effective < option.response.token_items_per_week - 1e-9:
        return hours, value, None  # a token presence is not a plan (docs/planner.md, "Value")
    if decision == "start" and option.response is not None and share < scales.min_start_response - 1e-9:
        return hours, value, None  # a new account is well fed or not opened
    return hours, value, share


def _switches(options: list[PlatformOption], combo: Combo) -> int:
    """Pairs (active account archived or quit but not refused on values, account opened or
    dormant/ghost account revived)."""
    given_up = sum(
        1
        for o, (d, _n) in zip(options, combo, strict=True)
        if (d == "archive" or (d == "quit" and not o.excluded))
        and o.current is not None
        and o.current.status in ("active", "irregular")
    )
    opened = sum(
        1
        for o, (d, _n) in zip(options, combo, strict=True)
        if d == "start"
        or (d == "keep" and o.current is not None and o.current.status in ("dormant", "ghost"))
    )
    return given_up * opened


def _value(inputs: PlanInputs, options: list[PlatformOption], combo: Combo) -> float | None:
    """The objective of one combination, None when it breaks a constraint."""
    hours, value = 0.0, 0.0
    chosen: dict[str, tuple[PlatformOption, float]] = {}
    for option, (decision, counts) in zip(options, combo, strict=True):
        h, v, share = _platform_terms(inputs, option, decision, counts)
        if share is None:
            return None
        hours, value = hours + h, value + v
        if decision in ("keep", "start"):
            chosen[option.platform] = (option, share)
    if len(chosen) > inputs.max_networks or hours > inputs.usable_hours_per_week + 1e-9:
        return None
    scales = inputs.scales
    value += _reach_points(inputs, chosen) - (scales.hour_cost + scales.hour_points) * hours
    return value - scales.switch_points * _switches(options, combo)


def best_by_enumeration(inputs: PlanInputs) -> tuple[float, frozenset[str]]:
    """The best objective value and the set of active platforms, trying everything."""
    options = list(inputs.platforms)
    best = (float("-inf"), frozenset[str]())
    for combo in product(*(_choices(o, inputs) for o in options)):
        value = _value(inputs, options, combo)
        if value is not None and value > best[0] + 1e-9:
            active = frozenset(
                o.platform for o, (d, _n) in zip(options, combo, strict=True) if d in ("keep", "start")
            )
            best = (value, active)
    return best
