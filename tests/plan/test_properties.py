"""Properties of every plan, on random small problems (Hypothesis), and agreement with enumeration."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chandelle.plan.inputs import PlanInputs, as_federation
from chandelle.plan.reference import best_by_enumeration
from chandelle.plan.solve import solve

from .helpers import fmt, platform, problem

SLUGS = ("instagram", "facebook", "tiktok", "youtube", "x", "mastodon")


@st.composite
def problems(draw: st.DrawFn, item_values: bool = True) -> PlanInputs:
    count = draw(st.integers(1, 5))
    options = []
    for slug in SLUGS[:count]:
        hours = draw(st.sampled_from([0.5, 1.0, 1.5, 3.0]))
        value = draw(st.sampled_from([0.0, 0.5, 1.0])) if item_values else 0.0
        options.append(
            platform(
                slug,
                reach=draw(st.sampled_from([0.0, 0.1, 0.3, 0.6])),
                minimum=draw(st.sampled_from([0.25, 1.0, 2.0])),
                cap=3.0,
                overhead=draw(st.sampled_from([0.0, 0.5, 1.0])),
                excluded=draw(st.booleans()) and count > 1,
                penalty=draw(st.sampled_from([0.0, 5.0])),
                followers=draw(st.sampled_from([None, 50, 5000])),
                status=draw(st.sampled_from(["active", "irregular", "dormant", "ghost"])),
                formats=(
                    fmt("photo", hours, 3.0, value),
                    fmt("video", 2 * hours, 1.0, value, objective="visibility"),
                ),
            )
        )
    return problem(
        *options,
        hours=draw(st.sampled_from([0.0, 1.0, 2.5, 4.0, 8.0])),
        max_networks=draw(st.integers(0, 3)),
        overlap=draw(st.sampled_from([0.0, 0.5, 0.9])),
        weights={"education": 1.0, "visibility": 0.5},
    )


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(problems(), st.sampled_from([1.0, 4.0]))
def test_more_hours_never_lower_the_objective(inputs: PlanInputs, extra: float) -> None:
    base = solve(as_federation(inputs))
    richer = solve(as_federation(inputs.with_capacity(inputs.capacity_hours_per_week + extra)))
    assert base.optimal and richer.optimal
    assert richer.objective_value >= base.objective_value - 1e-6


@FAST
@given(problems())
def test_every_plan_respects_cadence_hours_limit_and_exclusions(inputs: PlanInputs) -> None:
    solution = solve(as_federation(inputs))
    assert solution.optimal
    assert solution.planned_hours_per_week <= inputs.usable_hours_per_week + 1e-6
    active = [u for u in solution.units if u.decision in ("keep", "start")]
    assert len(active) <= inputs.max_networks
    for unit in solution.units:
        option = inputs.platform(unit.key[1])
        if unit.decision in ("keep", "start"):
            assert not option.excluded
            assert sum(unit.items_per_week.values()) >= option.min_items_per_week - 1e-9
        else:
            assert unit.items_per_week == {}
        if option.current is not None:
            assert unit.decision in ("keep", "archive", "quit")  # never left as a ghost
        else:
            assert unit.decision in ("start", "absent")


@settings(max_examples=80, deadline=None)
@given(problems(item_values=False))
def test_the_milp_matches_exhaustive_enumeration(inputs: PlanInputs) -> None:
    solution = solve(as_federation(inputs))
    value, _chosen = best_by_enumeration(inputs)
    assert solution.objective_value == pytest.approx(value, abs=1e-4)


def test_enumeration_agrees_on_a_known_case() -> None:
    inputs = problem(platform("instagram", reach=0.4), platform("tiktok", reach=0.3), hours=2, overlap=0.5)
    assert best_by_enumeration(inputs) == (pytest.approx(55.0), frozenset({"instagram", "tiktok"}))
    assert best_by_enumeration(replace(inputs, max_networks=1))[1] == frozenset({"instagram"})


@settings(max_examples=40, deadline=None)
@given(problems())
def test_pattern_and_compact_formulations_agree(inputs: PlanInputs) -> None:
    import chandelle.plan.model as model

    patterns = solve(as_federation(inputs))
    saved = model.PATTERN_LIMIT
    model.PATTERN_LIMIT = 0
    try:
        compact = solve(as_federation(inputs))
    finally:
        model.PATTERN_LIMIT = saved
    assert compact.optimal and patterns.optimal
    assert compact.objective_value == pytest.approx(patterns.objective_value, abs=1e-4)


@settings(max_examples=30, deadline=None)
@given(problems(), problems(), st.sampled_from([0.0, 3.0, 6.0]), st.booleans())
def test_a_federation_shares_hours_and_keeps_each_members_limits(
    first: PlanInputs, second: PlanInputs, hours: float, share_instagram: bool
) -> None:
    from chandelle.plan.inputs import FederationInputs

    members = (replace(first, institution="A"), replace(second, institution="B"))
    shared = frozenset({"instagram"}) if share_instagram else frozenset()
    base = solve(FederationInputs("F", members, hours, shared_platforms=shared))
    richer = solve(FederationInputs("F", members, hours + 2.0, shared_platforms=shared))
    assert base.optimal and richer.optimal
    assert richer.objective_value >= base.objective_value - 1e-6
    assert base.planned_hours_per_week <= hours + 1e-6
    for member in members:
        active = [
            u for u in base.units if u.decision in ("keep", "start") and u.key[0] in (member.institution, "*")
        ]
        assert len(active) <= member.max_networks
