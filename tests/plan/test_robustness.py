"""The robustness draws' solver options (``solve.RESOLVE_OPTIONS``) change only how fast HiGHS
reaches the optimum, never which decisions it returns: on contrasting hand-made profiles, each
draw gives the same decision for every account as the plan's own solver options."""

from __future__ import annotations

from typing import Any

import pytest

from chandelle.plan.inputs import as_federation
from chandelle.plan.messages import Message
from chandelle.plan.robustness import decisions_per_draw, robustness_of, seeded_draws
from chandelle.plan.solve import solve

from .expert import Account, inputs_for

DRAWS = 8
SOLO: dict[str, Any] = {
    "name": "Musée de Valmont",
    "team": [{"name": "Camille", "hours_per_week": 2, "skills": ["photo", "writing"]}],
    "targets": ["youth_13_24"],
    "objectives": {"youth_13_24": 2, "visibility": 1},
}
TEAM: dict[str, Any] = {
    "name": "Musée des Beaux-Arts",
    "team": [
        {"name": "Alix", "hours_per_week": 8, "skills": ["photo", "writing", "video_editing"]},
        {"name": "Sam", "hours_per_week": 6, "skills": ["video_editing", "live_streaming"]},
    ],
    "targets": ["families", "tourists"],
    "objectives": {"tourists": 2, "visibility": 1},
}
CASES = [
    pytest.param(SOLO, {"instagram": [("museevalmont", "active", None)]}, 2.0, id="solo-active-instagram"),
    pytest.param(
        TEAM,
        {
            "instagram": [("mba", "active", 12000)],
            "facebook": [("mba", "irregular", 8000)],
            "x": [("mba", "ghost", 900)],
        },
        None,
        id="team-with-a-ghost",
    ),
    pytest.param(SOLO, None, 4.0, id="no-accounts-yet"),
]


@pytest.mark.parametrize(("profile", "accounts", "hours"), CASES)
def test_each_draw_gives_the_decisions_of_a_solve_with_the_plans_own_options(
    profile: dict[str, Any], accounts: dict[str, list[Account]] | None, hours: float | None
) -> None:
    inputs = inputs_for(profile, accounts, hours)
    params, positions = seeded_draws(inputs, DRAWS)
    assert params, "the profile must have ranged assumptions for the draws to mean anything"
    reference = decisions_per_draw(inputs, params, positions, resolve=False)
    assert decisions_per_draw(inputs, params, positions, resolve=True) == reference
    assert all(reference), "every draw has decisions to compare"


def test_the_robustness_figures_are_those_of_draws_solved_with_the_plans_own_options() -> None:
    inputs = inputs_for(SOLO, {"instagram": [("museevalmont", "active", None)]}, 2.0)
    solution = solve(as_federation(inputs))
    fast = robustness_of(inputs, solution, DRAWS, resolve=True)
    assert fast == robustness_of(inputs, solution, DRAWS, resolve=False)
    assert [r.platform for r in fast], "the plan has decisions to report"


def test_draws_solved_on_several_processes_come_back_in_their_order() -> None:
    """``workers`` > 1: the draws are split across forked processes and put back in order; each
    draw's decisions are those of the whole model solved with the plan's own options."""
    accounts: dict[str, list[Account]] = {
        "instagram": [("mba", "active", 12000)],
        "youtube": [("mba", "dormant", 300)],
        "x": [("mba", "ghost", 900)],
    }
    inputs = inputs_for(TEAM, accounts, 6.0)
    params, positions = seeded_draws(inputs, 7)
    reference = decisions_per_draw(inputs, params, positions, resolve=False)
    assert decisions_per_draw(inputs, params, positions, workers=3) == reference
    assert len({tuple(sorted(d.items())) for d in reference}) > 1, "the draws must differ to test the order"


@pytest.mark.parametrize(
    ("name", "french"),
    [
        ("youtube.reach.young_people", "la part du public « jeunes » présente sur YouTube"),
        ("instagram.evidence_factor", "la portée par publication d'Instagram comparée à celle du secteur"),
        (
            "tiktok.response.saturation",
            "la cadence au-delà de laquelle publier davantage sur TikTok n'apporte plus rien",
        ),
        ("hour_points", "la valeur accordée à une heure de l'équipe"),
        ("x.followers.musee.valmont", "le nombre d'abonnés d'X (musee.valmont) pris chez ses pairs"),
    ],
)
def test_the_assumption_a_decision_hinges_on_is_named_in_words(name: str, french: str) -> None:
    message = Message(
        "{decision} {platform}: same decision in {share_pct} of the draws; it hinges on {parameter} "
        "({source}).",
        {"decision": "keep", "platform": "instagram", "share_pct": 0.62, "parameter": name, "source": "kb:x"},
    )
    text = message.render("fr")
    assert french in text and name not in text, text
    assert name not in message.render("en")
