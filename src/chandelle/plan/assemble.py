"""From a solved model to a ``Plan``: per-network lines, reasons, reach, more hours, and the comparison."""

from __future__ import annotations

from datetime import date

from chandelle.plan.explain import active_options, key_of, reasons_for
from chandelle.plan.inputs import FederationInputs, PlanInputs, PlatformOption, as_federation
from chandelle.plan.messages import Message, _
from chandelle.plan.reach import union_reach
from chandelle.plan.result import Comparison, FormatPlan, MarginalHours, NetworkPlan, Plan, SegmentReach
from chandelle.plan.solve import Solution, solve

EXTRA_HOURS = 4.0  # "half a day more a week"


def plan_for(
    inputs: PlanInputs, as_of: date, *, what_if: bool = True, extra_hours: float = EXTRA_HOURS
) -> Plan:
    """Solve one institution's problem and explain the result."""
    federation = as_federation(inputs)
    solution = solve(federation)
    networks = tuple(network_lines(federation, inputs, solution, what_if=what_if))
    marginal = marginal_hours(inputs, solution, extra_hours) if what_if else None
    comparison = compare(inputs, networks, solution)
    return Plan(
        institution=inputs.institution,
        as_of=as_of,
        capacity_hours_per_week=inputs.capacity_hours_per_week,
        margin_hours_per_week=inputs.margin_hours_per_week,
        planned_hours_per_week=solution.planned_hours_per_week,
        objective_value=solution.objective_value,
        status=solution.status,
        optimal=solution.optimal,
        mip_gap=solution.mip_gap,
        solve_seconds=solution.seconds,
        max_networks=inputs.max_networks,
        networks=networks,
        reach=tuple(segment_reach(inputs, 0, solution, federation)),
        learned_skills=solution.learned_skills,
        marginal=marginal,
        comparison=comparison,
        summary=tuple(summary(inputs, networks, solution)),
        notes=tuple(notes(inputs, networks)),
        sources=dict(inputs.sources),
    )


def network_lines(
    federation: FederationInputs, member: PlanInputs, solution: Solution, *, what_if: bool
) -> list[NetworkPlan]:
    lines = []
    for option in member.platforms:
        result = solution.unit(key_of(federation, member, option.platform))
        if result.decision == "absent" and not _could_start(option) and not what_if:
            continue
        formats = tuple(_format_line(option, fmt, count) for fmt, count in result.items_per_week.items())
        current = option.current
        lines.append(
            NetworkPlan(
                platform=option.platform,
                institution=result.key[0],
                decision=result.decision,
                handle=current.handle if current else None,
                current_status=current.status if current else None,
                items_per_week=sum(result.items_per_week.values()),
                min_items_per_week=option.min_items_per_week,
                hours_per_week=result.hours_per_week,
                current_hours_per_week=current.hours_per_week if current else 0.0,
                formats=formats,
                reasons=reasons_for(federation, member, option, solution, what_if=what_if),
                sources={**option.sources, **(current.sources if current else {})},
            )
        )
    order = {"keep": 0, "start": 1, "archive": 2, "quit": 3, "absent": 4}
    return sorted(lines, key=lambda n: (order[n.decision], -n.hours_per_week, n.platform))


def _could_start(option: PlatformOption) -> bool:
    return not option.excluded


def _format_line(option: PlatformOption, fmt_name: str, per_week: float) -> FormatPlan:
    fmt = next(f for f in option.formats if f.format == fmt_name)
    return FormatPlan(fmt_name, per_week, fmt.hours_per_item, fmt.hours_per_item * per_week, fmt.sources)


def segment_reach(
    member: PlanInputs, index: int, solution: Solution, federation: FederationInputs
) -> list[SegmentReach]:
    active = active_options(member, solution, federation)
    today = [
        o for o in member.platforms if o.current is not None and o.current.status in ("active", "irregular")
    ]
    found = []
    for segment, weight in sorted(member.segment_weights.items()):
        sources = tuple(
            sorted(
                {o.sources[f"reach.{segment}"] for o in member.platforms if f"reach.{segment}" in o.sources}
            )
        )
        found.append(
            SegmentReach(
                member.institution,
                segment,
                weight,
                union_reach(member, active, segment),
                union_reach(member, today, segment),
                sources,
            )
        )
    return found


def marginal_hours(inputs: PlanInputs, solution: Solution, extra: float) -> MarginalHours:
    """Re-solve with ``extra`` hours a week: what they buy, and which network they add."""
    richer = solve(as_federation(inputs.with_capacity(inputs.capacity_hours_per_week + extra)))
    gain = richer.objective_value - solution.objective_value
    before = {u.key for u in solution.units if u.decision in ("keep", "start")}
    added = tuple(u.key[1] for u in richer.units if u.decision in ("keep", "start") and u.key not in before)
    more_items = sum(sum(u.items_per_week.values()) for u in richer.units) - sum(
        sum(u.items_per_week.values()) for u in solution.units
    )
    if added:
        message = Message(
            _("{extra} h more a week would add {platforms} and raise the plan's value by {gain} pts."),
            {"extra": extra, "platforms": list(added), "gain": gain},
        )
    elif gain > 1e-6:
        message = Message(
            _("{extra} h more a week would add no network, but {items} more items a week, worth {gain} pts."),
            {"extra": extra, "items": more_items, "gain": gain},
        )
    else:
        message = Message(
            _(
                "{extra} h more a week would buy nothing: the plan is limited by the network limit, "
                "the team's skills or the institution's values, not by time."
            ),
            {"extra": extra},
        )
    return MarginalHours(extra, gain, added, message)


def compare(inputs: PlanInputs, networks: tuple[NetworkPlan, ...], solution: Solution) -> Comparison | None:
    present = [n for n in networks if n.current_status is not None]
    if not present:
        return None
    current_hours = sum(n.current_hours_per_week for n in present)
    planned = solution.planned_hours_per_week
    ghosts = tuple(n.platform for n in present if n.current_status in ("ghost", "dormant"))
    after = tuple(n.platform for n in networks if n.active)
    params = {
        "before": len(present),
        "current": current_hours,
        "after": len(after),
        "planned": planned,
        "freed": abs(current_hours - planned),
    }
    if current_hours >= planned:
        text = _(
            "Today {before} accounts take about {current} h a week; the plan runs {after} networks in "
            "{planned} h: {freed} h freed."
        )
    else:
        text = _(
            "Today {before} accounts take about {current} h a week; the plan runs {after} networks in "
            "{planned} h: {freed} h more, used where they count."
        )
    messages = [Message(text, params)]
    for network in present:
        if network.current_status in ("ghost", "dormant"):
            messages.append(
                Message(
                    _("{platform}: {status} today, the plan decides: {decision}."),
                    {
                        "platform": network.platform,
                        "status": network.current_status,
                        "decision": network.decision,
                    },
                )
            )
    for reach in segment_reach(inputs, 0, solution, as_federation(inputs)):
        messages.append(
            Message(
                _("Reach among {segment}: {before_pct} today, {after_pct} with the plan."),
                {"segment": reach.segment, "before_pct": reach.current, "after_pct": reach.planned},
            )
        )
    return Comparison(
        current_hours,
        planned,
        current_hours - planned,
        ghosts,
        tuple(n.platform for n in present if n.current_status in ("active", "irregular")),
        after,
        tuple(messages),
    )


def summary(inputs: PlanInputs, networks: tuple[NetworkPlan, ...], solution: Solution) -> list[Message]:
    active = [n.platform for n in networks if n.active]
    if not active:
        return [
            Message(
                _(
                    "Plan of absence: no network is worth the candle with these hours, skills and values; "
                    "better absence than a ghost presence."
                )
            )
        ]
    return [
        Message(
            _("Recommended: {platforms}, in {planned} h a week out of {usable} h available."),
            {
                "platforms": active,
                "planned": solution.planned_hours_per_week,
                "usable": inputs.usable_hours_per_week,
            },
        )
    ]


def notes(inputs: PlanInputs, networks: tuple[NetworkPlan, ...]) -> list[Message]:
    found = [Message(msgid, dict(params)) for msgid, params in inputs.notes]
    if inputs.usable_hours_per_week <= 0:
        found.append(
            Message(
                _(
                    "No hours are available for social media (capacity {capacity} h, margin {margin} h): "
                    "every account is archived or closed."
                ),
                {"capacity": inputs.capacity_hours_per_week, "margin": inputs.margin_hours_per_week},
            )
        )
    if inputs.platforms and all(p.excluded for p in inputs.platforms):
        found.append(Message(_("The institution's values exclude every platform the knowledge base knows.")))
    if inputs.max_networks <= 0:
        found.append(Message(_("The network limit is 0: the plan can only archive or close accounts.")))
    found.append(
        Message(
            _(
                "Overlap between audiences: where no figure exists, {share_pct} of the smaller audience "
                "is assumed to use the other platform too."
            ),
            {"share_pct": inputs.overlap.default_share},
        )
    )
    no_followers = sorted(
        p.platform for p in inputs.platforms if p.current is not None and p.current.followers is None
    )
    if no_followers and inputs.scales.assumed_followers_when_unknown:
        found.append(
            Message(
                _(
                    "The exports give no follower count for {platforms}: {followers} followers are "
                    "assumed for each, to value the community already built."
                ),
                {"platforms": no_followers, "followers": inputs.scales.assumed_followers_when_unknown},
            )
        )
    unknown = sorted({p.platform for p in inputs.platforms if not p.reach})
    if unknown:
        found.append(
            Message(
                _("No audience figure for {platforms} in the target segments: their reach counts as 0."),
                {"platforms": unknown},
            )
        )
    return found
