"""How robust each decision is: the model re-solved with every assumption drawn in its range.

Every uncertain figure of ``PlanInputs`` carries a range (``Param``): reach of each platform in
each segment, the response curve (elasticity, saturation), the own-evidence or new-account
factor, the followers of an account valued at its peers' median (p25–p75), the value of an hour
and the default overlap. Each draw takes every one uniformly in
its range (seeded: the same plan gives the same figures), solves the MILP again and compares
each account's decision with the plan's. A decision kept in under ``FRAGILE`` of the draws is
fragile: the sentence names the parameter whose position in its range differs most between the
draws that keep the decision and those that change it.
"""

from __future__ import annotations

import multiprocessing
import os
import random
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

from chandelle.plan.inputs import CurrentPresence, Param, PlanInputs, PlatformOption, Response, as_federation
from chandelle.plan.messages import Message, _
from chandelle.plan.result import Robustness
from chandelle.plan.screen import screen_platforms
from chandelle.plan.solve import Solution, solve

FRAGILE = 0.9
SEED = 20211  # fixed: the robustness figures of a plan do not change from one run to the next

Draw = dict[str, float]  # parameter name -> position in its range, 0..1


def uncertain_parameters(inputs: PlanInputs) -> dict[str, Param]:
    """Every parameter with a range, by name (``<platform>.reach.<segment>``...)."""
    found: dict[str, Param] = {}
    for option in inputs.platforms:
        if option.excluded:
            continue
        for segment, param in option.reach_ranges.items():
            if inputs.segment_weights.get(segment, 0.0) > 0:
                found[f"{option.platform}.reach.{segment}"] = param
        if option.response is not None:
            found[f"{option.platform}.response.elasticity"] = option.response.elasticity
            found[f"{option.platform}.response.saturation"] = option.response.saturation_items_per_week
        if option.evidence_factor is not None:
            found[f"{option.platform}.evidence_factor"] = option.evidence_factor
        for account in option.present_accounts:
            if account.followers is None and account.sector_followers is not None:
                found[f"{option.platform}.followers.{account.handle}"] = account.sector_followers.param
    scales = inputs.scales
    low, high = scales.hour_points_range
    found["hour_points"] = Param(
        scales.hour_points,
        min(scales.hour_points, low),
        max(scales.hour_points, high),
        "planner:scales.hour_points",
    )
    if inputs.overlap_range is not None:
        low, high = inputs.overlap_range
        share = inputs.overlap.default_share
        found["overlap.default_share"] = Param(
            share, min(low, share), max(high, share), "planner:overlap.default_share"
        )
    return {name: p for name, p in found.items() if p.high > p.low}


def drawn_inputs(inputs: PlanInputs, params: dict[str, Param], draw: Draw) -> PlanInputs:
    """``inputs`` with every parameter at its drawn position."""

    def value(name: str, current: float) -> float:
        if name not in draw:
            return current
        param = params[name]
        return param.low + draw[name] * (param.high - param.low)

    platforms = tuple(_drawn_platform(option, value) for option in inputs.platforms)
    scales = replace(inputs.scales, hour_points=value("hour_points", inputs.scales.hour_points))
    overlap = replace(
        inputs.overlap, default_share=value("overlap.default_share", inputs.overlap.default_share)
    )
    return replace(inputs, platforms=platforms, scales=scales, overlap=overlap)


def _drawn_platform(option: PlatformOption, value: Callable[[str, float], float]) -> PlatformOption:
    slug = option.platform
    reach = {s: value(f"{slug}.reach.{s}", r) for s, r in option.reach.items()}
    response = option.response
    if response is not None:
        response = Response(
            replace(
                response.elasticity, value=value(f"{slug}.response.elasticity", response.elasticity.value)
            ),
            replace(
                response.saturation_items_per_week,
                value=value(f"{slug}.response.saturation", response.saturation_items_per_week.value),
            ),
            response.token_items_per_week,
        )
    evidence = option.evidence_factor
    if evidence is not None:
        evidence = replace(evidence, value=value(f"{slug}.evidence_factor", evidence.value))
    accounts = tuple(_drawn_followers(slug, account, value) for account in option.accounts)
    current = None if option.current is None else _drawn_followers(slug, option.current, value)
    return replace(
        option, reach=reach, response=response, evidence_factor=evidence, accounts=accounts, current=current
    )


def _drawn_followers(
    slug: str, account: CurrentPresence, value: Callable[[str, float], float]
) -> CurrentPresence:
    """The account with its sector follower figure (peers' median) at its drawn position."""
    figure = account.sector_followers
    if figure is None or account.followers is not None:
        return account
    drawn = value(f"{slug}.followers.{account.handle}", figure.param.value)
    return replace(account, sector_followers=replace(figure, param=replace(figure.param, value=drawn)))


def decisions_of(solution: Solution) -> dict[tuple[str, str], str]:
    """(platform, handle) -> decision; "" is the handle of an account the plan could start."""
    return {(u.key[1], u.key[2]): u.decision for u in solution.units}


def robustness_of(
    inputs: PlanInputs, solution: Solution, draws: int, *, resolve: bool = True
) -> list[Robustness]:
    """Each account's share of the draws with the plan's decision."""
    params, positions = seeded_draws(inputs, draws)
    base = decisions_of(solution)
    found = decisions_per_draw(inputs, params, positions, resolve=resolve)
    same = {key: [other.get(key) == decision for other in found] for key, decision in base.items()}
    return [
        _robustness(key, base[key], flags, positions, params)
        for key, flags in sorted(same.items())
        if base[key] != "absent" or not all(flags)
    ]


def seeded_draws(inputs: PlanInputs, draws: int) -> tuple[dict[str, Param], list[Draw]]:
    """The uncertain parameters and ``draws`` positions in their ranges (seeded)."""
    params = uncertain_parameters(inputs)
    rng = random.Random(SEED)
    return params, [{name: rng.random() for name in sorted(params)} for _number in range(draws)]


def decisions_per_draw(
    inputs: PlanInputs,
    params: dict[str, Param],
    positions: list[Draw],
    *,
    resolve: bool = True,
    workers: int | None = None,
) -> list[dict[tuple[str, str], str]]:
    """Every account's decision in each draw, in the order of ``positions``.

    ``resolve`` True: each draw's model leaves out the platforms proven inactive in all its
    optima (``plan.screen``) and is solved with ``RESOLVE_OPTIONS``, on ``workers`` processes
    (default: one per core, at most ``MAX_WORKERS``; 1: in this process). ``resolve`` False:
    the full model with the plan's own solver options, in this process — the reference the
    tests compare the re-solves with."""
    if not resolve:
        return [
            decisions_of(solve(as_federation(drawn_inputs(inputs, params, draw)))) for draw in positions
        ]
    count = _workers(len(positions)) if workers is None else max(1, workers)
    if count == 1:
        return _resolve_draws(inputs, params, positions)
    chunks = [positions[start::count] for start in range(count)]
    with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
        solved = list(pool.map(_resolve_draws, [inputs] * count, [params] * count, chunks))
    found: list[dict[tuple[str, str], str]] = [{} for _draw in positions]
    for start, decisions in enumerate(solved):
        found[start::count] = decisions
    return found


MAX_WORKERS = 4
MIN_DRAWS_PER_WORKER = 25  # below this, starting processes costs more than it saves


def _workers(draws: int) -> int:
    """Processes for ``draws`` re-solves: one per core where processes can be forked (POSIX)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1, draws // MIN_DRAWS_PER_WORKER))


def _resolve_draws(
    inputs: PlanInputs, params: dict[str, Param], positions: list[Draw]
) -> list[dict[tuple[str, str], str]]:
    found = []
    for draw in positions:
        federation = as_federation(drawn_inputs(inputs, params, draw))
        screen = screen_platforms(federation)
        solution = solve(federation, force=screen.inactive, resolve=True)
        if not screen.proven_by(solution.objective_value):
            solution = solve(federation, resolve=True)
        found.append(decisions_of(solution))
    return found


def _robustness(
    key: tuple[str, str], decision: str, flags: list[bool], positions: list[Draw], params: dict[str, Param]
) -> Robustness:
    platform, handle = key
    share = sum(flags) / len(flags) if flags else 1.0
    hinge = _hinge(flags, positions) if share < FRAGILE else None
    params_msg: dict[str, object] = {
        "platform": platform,
        "decision": decision,
        "share_pct": share,
        "handle": handle or "—",
    }
    if hinge is None:
        text = (
            _("{decision} {platform} ({handle}): same decision in {share_pct} of the draws.")
            if handle
            else _("{decision} {platform}: same decision in {share_pct} of the draws.")
        )
        return Robustness(platform, handle or None, decision, share, None, None, Message(text, params_msg))
    text = (
        _(
            "{decision} {platform} ({handle}): same decision in {share_pct} of the draws; it hinges on "
            "{parameter} ({source})."
        )
        if handle
        else _(
            "{decision} {platform}: same decision in {share_pct} of the draws; it hinges on {parameter} "
            "({source})."
        )
    )
    message = Message(text, {**params_msg, "parameter": hinge, "source": params[hinge].source})
    return Robustness(platform, handle or None, decision, share, hinge, params[hinge].source, message)


def _hinge(flags: list[bool], positions: list[Draw]) -> str | None:
    kept = [p for p, f in zip(positions, flags, strict=True) if f]
    changed = [p for p, f in zip(positions, flags, strict=True) if not f]
    if not kept or not changed:
        return None
    names = sorted(positions[0])
    gaps = {
        name: abs(sum(p[name] for p in kept) / len(kept) - sum(p[name] for p in changed) / len(changed))
        for name in names
    }
    return max(names, key=lambda n: (gaps[n], n)) if names else None
