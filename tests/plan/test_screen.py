"""The screen (``plan.screen``) leaves out of a re-solve only platforms that no optimal plan
makes active: on many profiles and robustness draws, every screened platform is inactive in the
whole model's optimum, and the screened model (when its proof holds) has the same optimum and
the same decisions. The whole model, solved with the plan's own options, is the reference."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chandelle.plan.inputs import as_federation
from chandelle.plan.robustness import decisions_of, drawn_inputs, seeded_draws
from chandelle.plan.screen import Screen, screen_platforms
from chandelle.plan.solve import solve

from .expert import Account, inputs_for

PROFILES = st.fixed_dictionaries(
    {
        "hours": st.sampled_from([1.0, 3.0, 6.0, 14.0]),
        "skills": st.sampled_from([["photo"], ["photo", "writing"], ["photo", "video_editing", "writing"]]),
        "target": st.sampled_from(["youth_13_24", "local_residents", "tourists", "seniors_65_plus"]),
        "objective": st.sampled_from(["visibility", "youth_13_24", "education", "community", "events"]),
        "accounts": st.sampled_from(
            [
                None,
                {"instagram": [("musee", "active", 4000)]},
                {"instagram": [("musee", "ghost", None)], "x": [("musee", "dormant", 800)]},
                {"facebook": [("musee", "irregular", 2500)], "mastodon": [("musee", "ghost", 40)]},
            ]
        ),
        "events": st.booleans(),
        "draw": st.integers(min_value=0, max_value=5),
    }
)


def _inputs(draw: dict[str, Any]) -> Any:
    profile: dict[str, Any] = {
        "name": "Musée",
        "team": [{"name": "A", "hours_per_week": draw["hours"], "skills": draw["skills"]}],
        "targets": [draw["target"]],
        "objectives": {draw["objective"]: 1},
    }
    if draw["events"]:
        profile["events"] = [{"name": "Nuit européenne des musées", "start": "2027-05-15"}]
    accounts: dict[str, list[Account]] | None = draw["accounts"]
    inputs = inputs_for(profile, accounts)
    params, positions = seeded_draws(inputs, draw["draw"] + 1)
    return as_federation(drawn_inputs(inputs, params, positions[draw["draw"]]))


def whole_keys(solution: Any) -> set[tuple[str, str]]:
    return {(u.key[0], u.key[1]) for u in solution.units}


@settings(max_examples=30, deadline=None)
@given(PROFILES)
def test_a_screened_platform_is_inactive_in_the_optimum_of_the_whole_model(draw: dict[str, Any]) -> None:
    federation = _inputs(draw)
    screen = screen_platforms(federation)
    whole = solve(federation)
    if not any(whole.active(key) for key in whole_keys(whole)):
        return  # nothing active at all: no platform to prove anything about
    screened = solve(federation, force=screen.inactive, resolve=True)
    if screen.proven_by(screened.objective_value):
        assert not any(whole.active(key) for key in screen.gains), screen.gains
        assert screened.objective_value == pytest.approx(whole.objective_value, abs=1e-6)
        assert decisions_of(screened) == decisions_of(whole)
    else:  # the case the gains do not cover: a screened platform alone, announcing the events
        assert federation.members[0].events, "without events the plan with nothing active beats it"


def test_small_audiences_are_screened_and_active_communities_never() -> None:
    """Mastodon, Bluesky and Threads reach almost no general public: not worth an hour. An
    active Instagram community is never screened, whatever its figures."""
    inputs = inputs_for(
        {
            "name": "Musée",
            "team": [{"name": "A", "hours_per_week": 6, "skills": ["photo", "writing"]}],
            "targets": ["local_residents"],
            "objectives": {"visibility": 1},
        },
        {"instagram": [("musee", "active", 50)]},
    )
    screen = screen_platforms(as_federation(inputs))
    screened = {platform for _member, platform in screen.gains}
    assert {"mastodon", "bluesky", "threads"} <= screened
    assert "instagram" not in screened
    assert all(gain < 0 for gain in screen.gains.values())


def test_with_events_the_screen_holds_only_against_a_plan_that_beats_a_lone_platform() -> None:
    screen = Screen({("m", "mastodon"): -1.5}, alone=10.0)
    assert screen.inactive == {("m", "mastodon"): False}
    assert screen.proven_by(9.0)  # 10 − 1,5 = 8,5 < 9: a plan with Mastodon alone loses
    assert not screen.proven_by(8.5)  # a tie is no proof
    assert Screen({("m", "mastodon"): -1.5}, alone=float("-inf")).proven_by(-100.0)


def test_a_federation_of_several_members_is_not_screened() -> None:
    inputs = inputs_for(
        {"name": "Musée", "team": [{"name": "A", "hours_per_week": 4, "skills": ["photo"]}]}
    )
    federation = as_federation(inputs)
    assert screen_platforms(federation).gains, "alone, its small audiences are screened"
    two = replace(federation, members=(*federation.members, federation.members[0]))
    assert screen_platforms(two).gains == {}
