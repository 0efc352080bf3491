"""Small planning problems whose optimum is known by hand."""

from __future__ import annotations

import pytest

from chandelle.plan.inputs import Skill, as_federation
from chandelle.plan.solve import Solution, solve

from .helpers import fmt, platform, problem


def _solve(inputs) -> Solution:  # type: ignore[no-untyped-def]
    solution = solve(as_federation(inputs))
    assert solution.optimal and solution.mip_gap == 0.0
    return solution


def _decisions(solution: Solution) -> dict[str, str]:
    return {u.key[1]: u.decision for u in solution.units}


def test_overlap_is_counted_once() -> None:
    # 0.4 + 0.3 − 0.5 × min(0.4, 0.3) = 0.55 of the segment: 55 points
    both = _solve(
        problem(platform("instagram", reach=0.4), platform("tiktok", reach=0.3), hours=2, overlap=0.5)
    )
    assert both.objective_value == pytest.approx(55.0)
    assert both.reach[(0, "all")] == pytest.approx(0.55)
    one = _solve(
        problem(platform("instagram", reach=0.4), platform("tiktok", reach=0.3), hours=1, overlap=0.5)
    )
    assert one.objective_value == pytest.approx(40.0)
    assert _decisions(one) == {"instagram": "start", "tiktok": "absent"}


def test_full_overlap_makes_the_second_network_worthless() -> None:
    solution = _solve(
        problem(
            platform("instagram", reach=0.5), platform("tiktok", reach=0.3, penalty=0.1), hours=5, overlap=1.0
        )
    )
    assert _decisions(solution) == {"instagram": "start", "tiktok": "absent"}
    assert solution.objective_value == pytest.approx(50.0)


def test_minimum_cadence_that_does_not_fit_means_absence() -> None:
    solution = _solve(problem(platform("youtube", reach=0.9, hours=1, minimum=2), hours=1.5))
    assert _decisions(solution) == {"youtube": "absent"}
    assert solution.objective_value == pytest.approx(0.0)


def test_network_limit_picks_the_two_best() -> None:
    solution = _solve(
        problem(
            platform("instagram", reach=0.3),
            platform("facebook", reach=0.2),
            platform("x", reach=0.1),
            hours=10,
            max_networks=2,
            overlap=0.0,
        )
    )
    assert _decisions(solution) == {"instagram": "start", "facebook": "start", "x": "absent"}
    assert solution.objective_value == pytest.approx(50.0)


def test_exclusion_is_hard() -> None:
    solution = _solve(
        problem(platform("instagram", reach=0.6, excluded=True), platform("mastodon", reach=0.1), hours=10)
    )
    assert _decisions(solution) == {"instagram": "absent", "mastodon": "start"}


def test_penalty_trades_against_reach() -> None:
    # X reaches 0.3 (30 points) but its value penalty costs 35: absent; at 25 it is kept
    assert _decisions(_solve(problem(platform("x", reach=0.3, penalty=35.0))))["x"] == "absent"
    assert _decisions(_solve(problem(platform("x", reach=0.3, penalty=25.0))))["x"] == "start"


def test_cadence_is_semi_continuous_and_items_follow_their_value() -> None:
    # 2 per week minimum at 1 h; value 1 per item at weight 1 → 4 points per weekly item; cap 3 a week
    solution = _solve(problem(platform("instagram", minimum=2, cap=3, value=1.0), hours=10))
    unit = solution.units[0]
    assert unit.items_per_week == {"photo": 3.0}
    assert solution.objective_value == pytest.approx(12.0)
    assert solution.planned_hours_per_week == pytest.approx(3.0)


def test_live_streaming_without_the_skill_is_impossible() -> None:
    twitch = platform("twitch", reach=0.5, skills=("live_streaming",))
    skills = {"live_streaming": Skill("live_streaming", available=False, learn_hours_per_week=None)}
    assert _decisions(_solve(problem(twitch, skills=skills)))["twitch"] == "absent"
    skills = {"live_streaming": Skill("live_streaming", available=True)}
    assert _decisions(_solve(problem(twitch, skills=skills)))["twitch"] == "start"


def test_video_editing_can_be_learned_when_hours_allow() -> None:
    tiktok = platform("tiktok", reach=0.4, hours=2, skills=("video_editing",))
    skills = {"video_editing": Skill("video_editing", available=False, learn_hours_per_week=2.0)}
    learned = _solve(problem(tiktok, skills=skills, hours=4))
    assert learned.learned_skills == ("video_editing",)
    assert learned.planned_hours_per_week == pytest.approx(4.0)
    assert _decisions(_solve(problem(tiktok, skills=skills, hours=3.5)))["tiktok"] == "absent"


def test_a_ghost_is_archived_never_left_standing() -> None:
    solution = _solve(
        problem(platform("youtube", reach=0.2, hours=3, followers=999, status="ghost"), hours=2)
    )
    assert _decisions(solution) == {"youtube": "archive"}
    # archive keeps 25 % of the community: 6 × log10(1000) × 0.25 (ghost) × 0.25 (archive)
    assert solution.objective_value == pytest.approx(6 * 3 * 0.25 * 0.25)


def test_an_excluded_account_is_closed() -> None:
    solution = _solve(problem(platform("x", reach=0.2, followers=5000, excluded=True), hours=10))
    assert _decisions(solution) == {"x": "quit"}


def test_community_already_built_favours_keeping() -> None:
    kept = platform("facebook", reach=0.3, followers=9999)
    new = platform("instagram", reach=0.3)
    solution = _solve(problem(kept, new, hours=1))
    assert _decisions(solution) == {"facebook": "keep", "instagram": "absent"}
    assert solution.objective_value == pytest.approx(30.0 + 6 * 4 * 1.0)  # 4 decades of followers, active


def test_no_hours_gives_a_plan_of_absence() -> None:
    solution = _solve(
        problem(platform("instagram", reach=0.5, followers=100), platform("x", reach=0.2), hours=0)
    )
    assert _decisions(solution) == {"instagram": "archive", "x": "absent"}
    assert solution.planned_hours_per_week == 0.0


def test_ephemeral_formats_do_not_hold_the_cadence() -> None:
    story_only = platform(
        "instagram", reach=0.5, formats=(fmt("story", 0.1, 14, 1.0, objective="community"),)
    )
    from dataclasses import replace

    story_only = replace(story_only, formats=(replace(story_only.formats[0], counts_for_cadence=False),))
    assert _decisions(_solve(problem(story_only, hours=10)))["instagram"] == "absent"


def test_reviving_a_dormant_account_in_place_of_an_active_one_pays_the_switch() -> None:
    """Archiving an active community to revive a dormant account is a switch, like opening a
    new one (docs/planner.md, "Continuity"): YouTube's wider audience (50 against 30 points) wins
    without a switch cost and loses once the switch costs 30 points."""
    from dataclasses import replace

    def case(switch_points: float) -> dict[str, str]:
        inputs = problem(
            platform("instagram", reach=0.3, followers=100, status="active"),
            platform("youtube", reach=0.5, followers=100, status="dormant"),
            hours=1,
            max_networks=1,
        )
        return _decisions(_solve(replace(inputs, scales=replace(inputs.scales, switch_points=switch_points))))

    assert case(0.0) == {"instagram": "archive", "youtube": "keep"}
    assert case(30.0) == {"instagram": "keep", "youtube": "archive"}
