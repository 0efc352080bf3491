"""From a solved model to a ``Plan``: per-platform and per-account lines, reasons, reach, events,
more hours, robustness and the comparison with today."""

from __future__ import annotations

from datetime import date, timedelta

from chandelle.plan.explain import (
    account_reasons,
    active_options,
    key_of,
    platform_value,
    reasons_for,
    response_shares,
)
from chandelle.plan.inputs import FederationInputs, PlanInputs, PlatformOption, as_federation
from chandelle.plan.messages import Message, _
from chandelle.plan.reach import union_reach
from chandelle.plan.result import (
    AccountPlan,
    Comparison,
    EventPlan,
    FormatPlan,
    MarginalHours,
    NetworkPlan,
    Plan,
    Robustness,
    SegmentReach,
)
from chandelle.plan.solve import Solution, UnitResult, solve

EXTRA_HOURS = 4.0  # "half a day more a week"
ROBUSTNESS_DRAWS = 200
DECISION_ORDER = {"keep": 0, "start": 1, "merge": 2, "archive": 3, "quit": 4, "absent": 5}


def plan_for(
    inputs: PlanInputs,
    as_of: date,
    *,
    what_if: bool = True,
    extra_hours: float = EXTRA_HOURS,
    draws: int = 0,
) -> Plan:
    """Solve one institution's problem and explain the result (with ``what_if``: the exact
    what-ifs of every reason; with ``draws``: that many robustness draws, ``ROBUSTNESS_DRAWS``
    for the command line)."""
    federation = as_federation(inputs)
    solution = solve(federation)
    networks = tuple(network_lines(federation, inputs, solution, what_if=what_if))
    marginal = marginal_hours(inputs, solution, extra_hours) if what_if else None
    comparison = compare(inputs, networks, solution)
    robustness: tuple[Robustness, ...] = ()
    if draws > 0:
        from chandelle.plan.robustness import robustness_of

        robustness = tuple(robustness_of(inputs, solution, draws))
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
        missing=tuple(Message(msgid, dict(params)) for msgid, params in inputs.missing),
        learning_hours_per_week=solution.learning_hours_per_week,
        setup_hours_per_week=solution.setup_hours_per_week,
        event_hours_per_week=solution.event_hours_per_week,
        events=tuple(event_lines(inputs, solution, networks)),
        robustness=robustness,
        robustness_draws=draws,
    )


def network_lines(
    federation: FederationInputs, member: PlanInputs, solution: Solution, *, what_if: bool
) -> list[NetworkPlan]:
    lines = []
    kept = [o.platform for o in active_options(member, solution, federation)]
    shares = response_shares(member, solution, federation)
    for option in member.platforms:
        key = key_of(federation, member, option.platform)
        results = solution.accounts(key)
        decision = platform_decision(results)
        if decision == "absent" and option.excluded and not what_if:
            continue
        accounts = tuple(_account_line(member, option, unit, kept) for unit in results)
        active = [a for a in accounts if a.decision in ("keep", "start")]
        value, cost = platform_value(federation, member, option, solution)
        first = next((a for a in active), accounts[0] if accounts else None)
        lines.append(
            NetworkPlan(
                platform=option.platform,
                institution=key[0],
                decision=decision,
                handle=first.handle if first is not None else None,
                current_status=_best_status(option),
                items_per_week=sum(a.items_per_week for a in active),
                min_items_per_week=option.min_items_per_week,
                hours_per_week=sum(a.hours_per_week for a in accounts),
                current_hours_per_week=sum(a.hours_per_week for a in option.present_accounts),
                formats=_merged_formats(option, active),
                reasons=reasons_for(federation, member, option, solution, what_if=what_if),
                sources={
                    **option.sources,
                    **{k: v for a in option.present_accounts for k, v in a.sources.items()},
                },
                accounts=accounts,
                response_share=shares.get(option.platform) if option.response is not None else None,
                value_points=value,
                cost_points=cost,
            )
        )
    return sorted(lines, key=lambda n: (DECISION_ORDER[n.decision], -n.hours_per_week, n.platform))


def platform_decision(results: tuple[UnitResult, ...]) -> str:
    """One word for the platform: keep/start when an account is active, else what its accounts
    become (archive before merge before quit), absent when it has none."""
    decisions = {u.decision for u in results}
    for decision in ("keep", "start", "archive", "merge", "quit"):
        if decision in decisions:
            return decision
    return "absent"


def _best_status(option: PlatformOption) -> str | None:
    order = ("active", "irregular", "dormant", "ghost")
    statuses = [a.status for a in option.present_accounts]
    return min(statuses, key=lambda s: order.index(s) if s in order else 9) if statuses else None


def _account_line(
    member: PlanInputs, option: PlatformOption, unit: UnitResult, kept: list[str]
) -> AccountPlan:
    account = next((a for a in option.present_accounts if a.handle == unit.key[2]), None)
    formats = tuple(_format_line(option, fmt, count) for fmt, count in unit.items_per_week.items())
    pinned: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    if unit.decision == "merge" and unit.merge_into:
        pinned = (f"{option.platform}/{unit.merge_into}",)
        steps = ("announce", "redirect", "archive")
    elif unit.decision == "archive":
        pinned = tuple(kept) or ("website",)
    return AccountPlan(
        handle=account.handle if account is not None else None,
        current_status=account.status if account is not None else None,
        decision=unit.decision,
        items_per_week=sum(unit.items_per_week.values()),
        hours_per_week=unit.hours_per_week,
        current_hours_per_week=account.hours_per_week if account is not None else 0.0,
        formats=formats,
        followers=account.followers if account is not None else None,
        merge_into=unit.merge_into,
        pinned_post_to=pinned,
        steps=steps,
        reasons=account_reasons(member, option, unit, kept),
        sources=dict(account.sources) if account is not None else {},
    )


def _merged_formats(option: PlatformOption, accounts: list[AccountPlan]) -> tuple[FormatPlan, ...]:
    totals: dict[str, float] = {}
    for account in accounts:
        for fmt in account.formats:
            totals[fmt.format] = totals.get(fmt.format, 0.0) + fmt.items_per_week
    return tuple(_format_line(option, name, count) for name, count in totals.items())


def _format_line(option: PlatformOption, fmt_name: str, per_week: float) -> FormatPlan:
    fmt = next(f for f in option.formats if f.format == fmt_name)
    return FormatPlan(fmt_name, per_week, fmt.hours_per_item, fmt.hours_per_item * per_week, fmt.sources)


def segment_reach(
    member: PlanInputs, index: int, solution: Solution, federation: FederationInputs
) -> list[SegmentReach]:
    """Reach of each segment with the plan (at its cadences) and today (active and irregular
    accounts, at full response: the audit measures presence, not response)."""
    active = active_options(member, solution, federation)
    shares = response_shares(member, solution, federation)
    today = [
        o for o in member.platforms if any(a.status in ("active", "irregular") for a in o.present_accounts)
    ]
    found = []
    for segment, weight in sorted(member.segment_weights.items()):
        sources = tuple(
            sorted(
                {o.sources[f"reach.{segment}"] for o in member.platforms if f"reach.{segment}" in o.sources}
            )
        )
        planned = solution.reach.get((index, segment), union_reach(member, active, segment, shares))
        found.append(
            SegmentReach(
                member.institution,
                segment,
                weight,
                planned,
                union_reach(member, today, segment),
                sources,
            )
        )
    return found


def event_lines(inputs: PlanInputs, solution: Solution, networks: tuple[NetworkPlan, ...]) -> list[EventPlan]:
    """Each event of the planning year, and the announcements before it on the widest kept network."""
    from chandelle.plan.build import assumptions

    days = [int(d) for d in assumptions()["scales"]["announcement_days_before"]]
    active = [n for n in networks if n.active]
    best = max(active, key=lambda n: (n.value_points, n.platform), default=None)
    found = []
    for number, event in enumerate(inputs.events):
        announced = (0, number) in solution.events_announced and best is not None
        announcements = (
            tuple((best.platform, best.handle, event.start - timedelta(days=d)) for d in days)
            if announced and best is not None
            else ()
        )
        found.append(EventPlan(event.name, event.start, event.kind, announced, announcements))
    return found


def marginal_hours(inputs: PlanInputs, solution: Solution, extra: float) -> MarginalHours:
    """Re-solve with ``extra`` hours a week: what they buy, and which network they add."""
    richer = solve(as_federation(inputs.with_capacity(inputs.capacity_hours_per_week + extra)))
    gain = richer.objective_value - solution.objective_value
    before = {(u.key[0], u.key[1]) for u in solution.units if u.decision in ("keep", "start")}
    added = tuple(
        sorted(
            {
                u.key[1]
                for u in richer.units
                if u.decision in ("keep", "start") and (u.key[0], u.key[1]) not in before
            }
        )
    )
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
    """Today against the plan, account by account (the counts are the audit's)."""
    present = [(n, a) for n in networks for a in n.accounts if a.current_status is not None]
    if not present:
        return None
    current_hours = sum(a.current_hours_per_week for _n, a in present)
    planned = solution.planned_hours_per_week
    ghosts = tuple(
        (n.platform, a.handle or "", a.decision)
        for n, a in present
        if a.current_status == "ghost" and a.decision in ("archive", "merge", "quit")
    )
    after = tuple(n.platform for n in networks if n.active)
    accounts_after = sum(1 for n in networks for a in n.accounts if a.decision in ("keep", "start"))
    params = {
        "before": len(present),
        "current": current_hours,
        "after": accounts_after,
        "platforms_after": len(after),
        "planned": planned,
        "freed": abs(current_hours - planned),
    }
    if current_hours >= planned:
        text = _(
            "Today {before} accounts take about {current} h a week; the plan runs {after} accounts on "
            "{platforms_after} networks in {planned} h: {freed} h freed."
        )
    else:
        text = _(
            "Today {before} accounts take about {current} h a week; the plan runs {after} accounts on "
            "{platforms_after} networks in {planned} h: {freed} h more, used where they count."
        )
    messages = [Message(text, params)]
    for network, account in present:
        if account.current_status in ("ghost", "dormant"):
            messages.append(
                Message(
                    _("{platform} ({handle}): {status} today, the plan decides: {decision}."),
                    {
                        "platform": network.platform,
                        "handle": account.handle or "—",
                        "status": account.current_status,
                        "decision": account.decision,
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
        tuple(platform for platform, _h, _d in ghosts),
        tuple(sorted({n.platform for n, a in present if a.current_status in ("active", "irregular")})),
        after,
        tuple(messages),
        accounts_before=len(present),
        accounts_after=accounts_after,
        ghost_accounts_removed=ghosts,
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
    found = [
        Message(
            _("Recommended: {platforms}, in {planned} h a week out of {usable} h available."),
            {
                "platforms": active,
                "planned": solution.planned_hours_per_week,
                "usable": inputs.usable_hours_per_week,
            },
        )
    ]
    if solution.learning_hours_per_week > 0:
        found.append(
            Message(
                _("Of these hours, {hours} h a week go to learning {skills} during the first year."),
                {"hours": solution.learning_hours_per_week, "skills": list(solution.learned_skills)},
            )
        )
    return found


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
    if not inputs.allow_learning:
        found.append(
            Message(_("The profile forbids counting on learning: only the team's current skills are used."))
        )
    unknown = sorted(
        {
            (s, p.platform)
            for p in inputs.platforms
            for s in p.reach_unknown
            if inputs.segment_weights.get(s, 0.0) > 0
        }
    )
    for segment in sorted({s for s, _p in unknown}):
        found.append(
            Message(
                _(
                    "Among {segment}, the segment's survey does not measure {platforms}: the plan uses the "
                    "low end of a range from other surveys, and the robustness check draws within it."
                ),
                {"segment": segment, "platforms": [p for s, p in unknown if s == segment]},
            )
        )
    return found
