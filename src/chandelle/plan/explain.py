"""Why each platform and each account is kept, started, archived, merged, quit or left alone —
in sentences that cite numbers and say where each number comes from.

Reasons come from the inputs and from exact what-ifs: the model re-solved with the platform
forced in (or out). Each reason is a ``Message`` (msgid + parameters), rendered in fr or en.
Every figure's tier is named (``own`` exports, ``sector`` data, ``assumption`` with its range).
"""

from __future__ import annotations

from chandelle.audit.peers import percentile_in_quantiles, quantile
from chandelle.plan.inputs import (
    CurrentPresence,
    FederationInputs,
    Param,
    PlanInputs,
    PlatformOption,
)
from chandelle.plan.messages import Message, _
from chandelle.plan.model import SHARED, GroupKey, community_value, objective_fit
from chandelle.plan.reach import contributions, union_reach
from chandelle.plan.sector import followers_params
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
        and f.weight > 0
        and (not option.required_formats or f.format in option.required_formats)
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


def key_of(federation: FederationInputs, member: PlanInputs, platform: str) -> GroupKey:
    return (SHARED if platform in federation.shared_platforms else member.institution, platform)


def active_options(
    member: PlanInputs, solution: Solution, federation: FederationInputs, but: str | None = None
) -> list[PlatformOption]:
    return [
        option
        for option in member.platforms
        if option.platform != but and solution.active(key_of(federation, member, option.platform))
    ]


def response_shares(member: PlanInputs, solution: Solution, federation: FederationInputs) -> dict[str, float]:
    """Platform -> share of its contribution the plan's cadence reaches (z)."""
    found = {}
    for option in member.platforms:
        key = key_of(federation, member, option.platform)
        if solution.active(key):
            found[option.platform] = solution.group(key).response_share if solution.groups else 1.0
    return found


def platform_value(
    federation: FederationInputs, member: PlanInputs, option: PlatformOption, solution: Solution
) -> tuple[float, float]:
    """(points the platform brings in the plan, points its hours cost): its reach beyond the
    plan's other platforms at its cadence, its formats' fit, the community its kept accounts
    keep (against archiving them), minus value penalties; cost = hours × hour points."""
    key = key_of(federation, member, option.platform)
    accounts = solution.accounts(key)
    active = [u for u in accounts if u.decision in ("keep", "start")]
    if not active:
        return 0.0, 0.0
    shares = response_shares(member, solution, federation)
    others = active_options(member, solution, federation, but=option.platform)
    scales = member.scales
    reach = sum(
        scales.reach_points
        * w
        * (union_reach(member, [*others, option], s, shares) - union_reach(member, others, s, shares))
        for s, w in member.segment_weights.items()
        if w > 0
    )
    fit = sum(
        scales.item_points * objective_fit(member, fmt) * u.items_per_week.get(fmt.format, 0.0)
        for u in active
        for fmt in option.formats
    )
    community = sum(
        community_value(member, a) * (1.0 - scales.archive_keeps_share)
        for a in option.present_accounts
        for u in active
        if u.key[2] == a.handle
    )
    hours = sum(u.hours_per_week for u in active)
    return reach + fit + community - option.penalty, hours * scales.hour_points


def reasons_for(
    federation: FederationInputs,
    member: PlanInputs,
    option: PlatformOption,
    solution: Solution,
    *,
    what_if: bool,
) -> tuple[Message, ...]:
    """The reasons shown for one platform of one member."""
    key = key_of(federation, member, option.platform)
    if solution.active(key):
        found = _active_reasons(federation, member, option, solution)
        if what_if:
            found += _loss_if_dropped(federation, member, option, solution)
        return tuple(found)
    return tuple(_inactive_reasons(federation, member, option, solution, what_if=what_if))


WEIGHTED_CADENCE_SAID = 0.05  # the weighted cadence is said when it differs from the count by more


def tier_params(param: Param | None) -> dict[str, object]:
    if param is None:
        return {"tier": "assumption", "low": 0.0, "high": 0.0}
    return {"tier": param.tier, "low": param.low, "high": param.high}


def _active_reasons(
    federation: FederationInputs, member: PlanInputs, option: PlatformOption, solution: Solution
) -> list[Message]:
    key = key_of(federation, member, option.platform)
    active = [u for u in solution.accounts(key) if u.decision in ("keep", "start")]
    items = sum(sum(u.items_per_week.values()) for u in active)
    hours = sum(u.hours_per_week for u in active)
    found = [
        Message(
            _("Cadence: {items} a week (minimum viable cadence: {minimum}), for {hours} h a week."),
            {"items": float(items), "minimum": float(option.min_items_per_week), "hours": float(hours)},
        )
    ]
    if option.response is not None and solution.groups:
        group = solution.group(key)
        response = option.response
        if abs(group.effective_items_per_week - items) > WEIGHTED_CADENCE_SAID * max(items, 1.0):
            found.append(
                Message(
                    _(
                        "The response reads a weighted cadence of {effective} a week: each format "
                        "counts for its weight (ephemeral formats such as stories less than a post, "
                        "formats that serve the objectives up to 1.5 times)."
                    ),
                    {"effective": group.effective_items_per_week},
                )
            )
        found.append(
            Message(
                _(
                    "At this cadence it brings {share_pct} of what it would bring at saturation "
                    "({saturation} a week, {tier}: range {low}–{high}); response per item falls with "
                    "cadence (elasticity {elasticity}); below {token} a week it brings nothing."
                ),
                {
                    "share_pct": group.response_share,
                    "saturation": response.saturation_items_per_week.value,
                    "elasticity": response.elasticity.value,
                    "token": response.token_items_per_week,
                    **tier_params(response.saturation_items_per_week),
                },
            )
        )
    found += _reach_reasons(federation, member, option, solution)
    if option.evidence_factor is not None and option.evidence_peers is not None:
        found.append(_peer_evidence_reason(option))
    elif option.evidence_factor is not None and option.present_accounts:
        found.append(
            Message(
                _("Own exports: reach per item is {factor} times the sector median ({tier})."),
                {"factor": option.evidence_factor.value, "tier": option.evidence_factor.tier},
            )
        )
    elif option.evidence_factor is not None:
        found.append(
            Message(
                _(
                    "A new account starts without followers: in its first year it is counted at "
                    "{factor_pct} of an established account's reach ({tier}: range {low_pct}–{high_pct})."
                ),
                {
                    "factor_pct": option.evidence_factor.value,
                    "tier": option.evidence_factor.tier,
                    "low_pct": option.evidence_factor.low,
                    "high_pct": option.evidence_factor.high,
                },
            )
        )
    learned = sorted(
        {
            s
            for u in active
            for f in option.formats
            if f.format in u.items_per_week
            for s in f.skills
            if s in solution.learned_skills
        }
    )
    if learned:
        learn_hours = sum(member.skills[s].learn_hours_per_week or 0.0 for s in learned if s in member.skills)
        found.append(
            Message(
                _(
                    "Includes learning {skills}: {hours} h a week over the first year, "
                    "counted in the plan's hours."
                ),
                {"skills": learned, "hours": learn_hours},
            )
        )
    if any(u.decision == "start" for u in active) and option.setup_hours > 0:
        found.append(
            Message(
                _(
                    "Opening the account takes about {setup} h once "
                    "({per_week} h a week over the year, assumption)."
                ),
                {
                    "setup": option.setup_hours,
                    "per_week": option.setup_hours / max(1.0, member.scales.setup_weeks),
                },
            )
        )
    value, cost = platform_value(federation, member, option, solution)
    found.append(
        Message(
            _(
                "It brings {value} pts for {cost} pts of hours ({hour_points} pts per weekly hour, "
                "assumption: range {low}–{high})."
            ),
            {
                "value": value,
                "cost": cost,
                "hour_points": member.scales.hour_points,
                "low": member.scales.hour_points_range[0],
                "high": member.scales.hour_points_range[1],
            },
        )
    )
    return found


def _peer_evidence_reason(option: PlatformOption) -> Message:
    """The evidence factor against the store peers' median (sector tier)."""
    factor = option.evidence_factor
    metric = next((a.reach_metric for a in option.present_accounts if a.peer_reach_share is not None), None)
    return Message(
        _(
            "Own exports: {metric} per item as a share of followers is {factor} times its peers' median "
            "({tier}: {peers}; range {low}–{high})."
        ),
        {
            "metric": metric or "reach",
            "factor": factor.value if factor else 1.0,
            "peers": option.evidence_peers.to_dict() if option.evidence_peers else {},
            **tier_params(factor),
        },
    )


def _reach_reasons(
    federation: FederationInputs, member: PlanInputs, option: PlatformOption, solution: Solution
) -> list[Message]:
    segment = best_segment(member, option)
    if segment is None:
        return [Message(_("No audience figure places it among the institution's target audiences."))]
    others = active_options(member, solution, federation, but=option.platform)
    # what it adds to the union of the plan's other networks (not its share in the model's
    # widest-first attribution, which would give the widest network all of its audience)
    unique = max(0.0, sum(contributions(member, [*others, option], segment).values())
                 - sum(contributions(member, others, segment).values()))
    param = option.reach_ranges.get(segment)
    if segment in option.reach_unknown:
        return [
            Message(
                _(
                    "Its share of {segment} is unknown on the segment's survey: between {low_pct} and "
                    "{high_pct} ({source}); the plan uses {reach_pct}, of which {unique_pct} not "
                    "reached by the plan's other networks."
                ),
                {
                    "segment": segment,
                    "reach_pct": option.reach.get(segment, 0.0),
                    "unique_pct": unique,
                    "low_pct": param.low if param else 0.0,
                    "high_pct": param.high if param else 0.0,
                    "source": option.sources.get(f"reach.{segment}", ""),
                },
            )
        ]
    return [
        Message(
            _(
                "Reaches {reach_pct} of {segment} ({tier}: {source}), of which {unique_pct} not reached "
                "by the plan's other networks."
            ),
            {
                "reach_pct": option.reach.get(segment, 0.0),
                "segment": segment,
                "unique_pct": unique,
                "tier": param.tier if param else "sector",
                "source": option.sources.get(f"reach.{segment}", ""),
            },
        )
    ]


def _loss_if_dropped(
    federation: FederationInputs, member: PlanInputs, option: PlatformOption, solution: Solution
) -> list[Message]:
    other = solve(federation, force={key_of(federation, member, option.platform): False})
    if not other.units:
        return []
    loss = solution.objective_value - other.objective_value
    added = sorted(
        {
            u.key[1]
            for u in other.units
            if u.decision in ("keep", "start") and not solution.active((u.key[0], u.key[1]))
        }
    )
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
    solution: Solution,
    *,
    what_if: bool,
) -> list[Message]:
    found: list[Message] = []
    if option.excluded:
        found.append(
            Message(
                _("Excluded by the institution's values: {values}."), {"values": list(option.excluded_by)}
            )
        )
        facts = sorted(
            {option.sources[f"value.{v}"] for v in option.excluded_by if f"value.{v}" in option.sources}
        )
        if facts:
            found.append(Message(_("Facts behind it: {facts}."), {"facts": ", ".join(facts)}))
        return found
    if minimum_hours(option, member) == float("inf"):
        missing = sorted({s for f in option.formats for s in f.skills if not _has(member, s)})
        if option.required_formats:
            found.append(
                Message(
                    _(
                        "Without {formats} the platform is pointless, and the team cannot "
                        "publish them: it needs {skills}."
                    ),
                    {"formats": ", ".join(option.required_formats), "skills": missing},
                )
            )
        else:
            found.append(
                Message(_("No format the team can publish here: it needs {skills}."), {"skills": missing})
            )
        return found
    if what_if:
        found += _why_not_forced(federation, member, option, solution)
    return found


def _has(member: PlanInputs, skill: str) -> bool:
    known = member.skills.get(skill)
    return known is not None and (
        known.available or (known.learn_hours_per_week is not None and member.allow_learning)
    )


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
    dropped = sorted(
        {
            u.key[1]
            for u in solution.units
            if u.decision in ("keep", "start") and not forced.active((u.key[0], u.key[1]))
        }
    )
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


def account_reasons(
    member: PlanInputs, option: PlatformOption, unit: UnitResult, kept_platforms: list[str]
) -> tuple[Message, ...]:
    """The reasons shown for one existing account (or the account the plan starts)."""
    account = next((a for a in option.present_accounts if a.handle == unit.key[2]), None)
    found = peer_cadence_reasons(option, unit)
    if account is None:
        return tuple(found)
    found += sector_followers_reasons(account, unit)
    if unit.decision == "keep":
        if account.status in ("ghost", "dormant"):
            found.append(
                Message(
                    _(
                        "Revived: the account is {status} today; the plan brings it back to its "
                        "minimum cadence or above."
                    ),
                    {"status": account.status},
                )
            )
        if account.followers:
            found.append(
                Message(
                    _("{followers} followers already built up would be lost by quitting (own exports)."),
                    {"followers": int(account.followers)},
                )
            )
    elif unit.decision == "merge":
        found.append(
            Message(
                _(
                    "Merged into {handle}: announce the move, redirect (bio link, pinned post), "
                    "then archive; about {share_pct} of its community is expected to follow (assumption)."
                ),
                {"handle": unit.merge_into or "—", "share_pct": member.scales.merge_keeps_share},
            )
        )
    elif unit.decision == "archive":
        target = [f"{option.platform}/{unit.merge_into}"] if unit.merge_into else kept_platforms
        found.append(
            Message(
                _("Archived rather than left as a ghost: a last pinned post sends followers to {platforms}."),
                {"platforms": target or ["website"]},
            )
        )
        if account.status in ("active", "irregular"):
            found.append(
                Message(
                    _(
                        "An active community is given up: the plan values it at {points} pts and finds more "
                        "elsewhere (see the platform's reasons)."
                    ),
                    {"points": community_value(member, account)},
                )
            )
    elif unit.decision == "quit":
        found.append(Message(_("Closed: the institution's values exclude the platform.")))
    return tuple(found)


def peer_cadence_reasons(option: PlatformOption, unit: UnitResult) -> list[Message]:
    """Where the planned cadence of a kept or started account stands among its peers' cadences
    (store peers, else the UK sector of the same kind and size): a sector-tier figure, not a target."""
    cadence = option.peer_cadence
    if cadence is None or unit.decision not in ("keep", "start"):
        return []
    items = float(sum(unit.items_per_week.values()))
    return [
        Message(
            _(
                "Planned cadence, {items} a week: percentile {percentile} among its peers ({tier}: {peers}; "
                "their median: {median} a week) — where peers stand, not a target."
            ),
            {
                "items": items,
                "percentile": percentile_in_quantiles(cadence.levels, cadence.items_per_week, items),
                "median": quantile(cadence.levels, cadence.items_per_week, 0.5),
                "peers": cadence.group.to_dict(),
                "tier": "sector",
            },
        )
    ]


def sector_followers_reasons(account: CurrentPresence, unit: UnitResult) -> list[Message]:
    """The community of an account without a follower count, valued at its peers' median."""
    figure = account.sector_followers
    if figure is None or account.followers is not None or unit.decision == "absent":
        return []
    return [
        Message(
            _(
                "No follower count in its exports: its community is valued at its peers' median, "
                "{followers} followers ({tier}: {peers}; range {followers_low}–{followers_high}), until a "
                "follower export gives the real count."
            ),
            followers_params(figure),
        )
    ]

