"""Why each platform is kept, started, archived, quit or left alone — in sentences that cite numbers.

Reasons come from the inputs and from exact what-ifs: the model re-solved with the platform
forced in (or out). Each reason is a ``Message`` (msgid + parameters), rendered in fr or en.
"""

from __future__ import annotations

from chandelle.plan.inputs import FederationInputs, PlanInputs, PlatformOption
from chandelle.plan.messages import Message, _
from chandelle.plan.model import SHARED, UnitKey
from chandelle.plan.reach import union_reach
from chandelle.plan.solve import Solution, UnitResult, solve

OVERLAP_IS_LARGE = 0.5  # share of a platform's segment audience also on a kept one


def minimum_hours(option: PlatformOption, member: PlanInputs | None = None) -> float:
    """Hours a week to hold the minimum viable cadence with the cheapest formats, overhead included
    (with ``member``: only formats whose skills the team has or can learn)."""
    counting = [
        f
        for f in option.formats
        if f.counts_for_cadence
        and f.max_items_per_week > 0
        and (member is None or all(_has(member, s) for s in f.skills))
    ]
    if not counting:
        return float("inf")
    cheapest = min(f.hours_per_item for f in counting)
    return option.overhead_hours_per_week + cheapest * option.min_items_per_week


def best_segment(member: PlanInputs, option: PlatformOption) -> str | None:
    scored = [(w * option.reach.get(s, 0.0), s) for s, w in member.segment_weights.items()]
    scored = [item for item in scored if item[0] > 0.0]
    return max(scored)[1] if scored else None


def key_of(federation: FederationInputs, member: PlanInputs, platform: str) -> UnitKey:
    return (SHARED if platform in federation.shared_platforms else member.institution, platform)


def active_options(
    member: PlanInputs, solution: Solution, federation: FederationInputs, but: str | None = None
) -> list[PlatformOption]:
    found = []
    for option in member.platforms:
        if option.platform != but and solution.unit(key_of(federation, member, option.platform)).decision in (
            "keep",
            "start",
        ):
            found.append(option)
    return found


def reasons_for(
    federation: FederationInputs,
    member: PlanInputs,
    option: PlatformOption,
    solution: Solution,
    *,
    what_if: bool,
) -> tuple[Message, ...]:
    """The reasons shown for one platform of one member."""
    result = solution.unit(key_of(federation, member, option.platform))
    if result.decision in ("keep", "start"):
        found = _active_reasons(member, option, result, solution, federation)
        if what_if:
            found += _loss_if_dropped(federation, member, option, solution)
        return tuple(found)
    found = _inactive_reasons(federation, member, option, result, solution, what_if=what_if)
    return tuple(found)


def _active_reasons(
    member: PlanInputs,
    option: PlatformOption,
    result: UnitResult,
    solution: Solution,
    federation: FederationInputs,
) -> list[Message]:
    items = sum(result.items_per_week.values())
    found = [
        Message(
            _("Cadence: {items} a week (minimum viable cadence: {minimum}), for {hours} h a week."),
            {
                "items": float(items),
                "minimum": float(option.min_items_per_week),
                "hours": float(result.hours_per_week),
            },
        )
    ]
    current = option.current
    if current is not None and current.status in ("ghost", "dormant"):
        found.append(
            Message(
                _(
                    "Revived: the account is {status} today; the plan brings it back to its "
                    "minimum cadence or above."
                ),
                {"status": current.status},
            )
        )
    if current is not None and (current.followers or 0) > 0:
        found.append(
            Message(
                _("{followers} followers already built up would be lost by quitting."),
                {"followers": int(current.followers or 0)},
            )
        )
    segment = best_segment(member, option)
    if segment is not None:
        others = active_options(member, solution, federation, but=option.platform)
        with_it = union_reach(member, [*others, option], segment)
        without = union_reach(member, others, segment)
        found.append(
            Message(
                _(
                    "Reaches {reach_pct} of {segment}, of which {unique_pct} not reached by the "
                    "plan's other networks."
                ),
                {
                    "reach_pct": option.reach.get(segment, 0.0),
                    "segment": segment,
                    "unique_pct": max(0.0, with_it - without),
                },
            )
        )
    return found


def _loss_if_dropped(
    federation: FederationInputs, member: PlanInputs, option: PlatformOption, solution: Solution
) -> list[Message]:
    other = solve(federation, force={key_of(federation, member, option.platform): False})
    if not other.units:
        return []
    loss = solution.objective_value - other.objective_value
    added = [
        u.key[1]
        for u in other.units
        if u.decision in ("keep", "start") and solution.unit(u.key).decision not in ("keep", "start")
    ]
    if added:
        return [
            Message(
                _(
                    "Without it, the best plan would be worth {loss} pts less, even after "
                    "moving its hours to {platforms}."
                ),
                {"loss": loss, "platforms": added},
            )
        ]
    return [Message(_("Without it, the best plan would be worth {loss} pts less."), {"loss": loss})]


def _inactive_reasons(
    federation: FederationInputs,
    member: PlanInputs,
    option: PlatformOption,
    result: UnitResult,
    solution: Solution,
    *,
    what_if: bool,
) -> list[Message]:
    found: list[Message] = []
    if result.decision == "archive":
        kept = [o.platform for o in active_options(member, solution, federation)]
        found.append(
            Message(
                _("Archived rather than left as a ghost: a last pinned post sends followers to {platforms}."),
                {"platforms": kept or ["website"]},
            )
        )
    if option.excluded:
        found.append(
            Message(
                _("Excluded by the institution's values: {values}."), {"values": list(option.excluded_by)}
            )
        )
        return found
    if minimum_hours(option, member) == float("inf"):
        missing = sorted({s for f in option.formats for s in f.skills if not _has(member, s)})
        found.append(
            Message(_("No format the team can publish here: it needs {skills}."), {"skills": missing})
        )
        return found
    if what_if:
        found += _why_not_forced(federation, member, option, solution)
    return found


def _has(member: PlanInputs, skill: str) -> bool:
    known = member.skills.get(skill)
    return known is not None and (known.available or known.learn_hours_per_week is not None)


def _why_not_forced(
    federation: FederationInputs, member: PlanInputs, option: PlatformOption, solution: Solution
) -> list[Message]:
    need = minimum_hours(option, member)
    forced = solve(federation, force={key_of(federation, member, option.platform): True})
    if not forced.units:
        if need > federation.usable_hours_per_week:
            return [
                Message(
                    _("Its minimum viable cadence alone takes {need} h a week; the team has {usable} h."),
                    {"need": need, "usable": federation.usable_hours_per_week},
                )
            ]
        return [
            Message(
                _("It does not fit: the network limit ({limit}) or the hours are already used."),
                {"limit": member.max_networks},
            )
        ]
    found = _overlap_reason(federation, member, option, solution, need)
    loss = solution.objective_value - forced.objective_value
    dropped = [
        u.key[1]
        for u in solution.units
        if u.decision in ("keep", "start") and forced.unit(u.key).decision not in ("keep", "start")
    ]
    if dropped:
        found.append(
            Message(
                _("Adding it would push out {platforms} and lower the plan's value by {loss} pts."),
                {"platforms": dropped, "loss": loss},
            )
        )
    else:
        found.append(
            Message(
                _("Adding it would cost at least {need} h a week and lower the plan's value by {loss} pts."),
                {"need": need, "loss": loss},
            )
        )
    return found


def _overlap_reason(
    federation: FederationInputs, member: PlanInputs, option: PlatformOption, solution: Solution, need: float
) -> list[Message]:
    segment = best_segment(member, option)
    if segment is None:
        return [Message(_("No audience figure places it among the institution's target audiences."))]
    mine = option.reach.get(segment, 0.0)
    best: tuple[float, PlatformOption] | None = None
    for other in active_options(member, solution, federation, but=option.platform):
        both = member.overlap.intersection(
            option.platform, mine, other.platform, other.reach.get(segment, 0.0)
        )
        share = both / mine if mine > 0 else 0.0
        if best is None or share > best[0]:
            best = (share, other)
    if best is None or best[0] < OVERLAP_IS_LARGE:
        return []
    share, other = best
    other_hours = minimum_hours(other, member)
    params = {
        "platform": option.platform,
        "segment": segment,
        "overlap_pct": share,
        "other": other.platform,
        "delta": need - other_hours,
    }
    if need - other_hours > 0.05:
        return [
            Message(
                _(
                    "{platform} left out: its audience among {segment} overlaps largely ({overlap_pct}) "
                    "with {other}'s, already kept, which costs {delta} h less a week."
                ),
                params,
            )
        ]
    return [
        Message(
            _(
                "{platform} left out: its audience among {segment} overlaps largely ({overlap_pct}) "
                "with {other}'s, already kept."
            ),
            params,
        )
    ]
