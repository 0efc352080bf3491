"""The planner's seam: the institution's own evidence per (network, format, objective)."""

from __future__ import annotations

from datetime import timedelta

import duckdb
import pytest

from chandelle.content import FitEvidence, adjusted_fit, format_fit_evidence, run_content
from chandelle.plan.inputs import FormatOption

from .history import AS_OF, Post, add_account

SCHOLARLY = "Cette huile sur toile du XVIIe siècle, restaurée en {n}, a été attribuée à l'atelier de Rubens."


def _account(con: duckdb.DuckDBPyConnection, carousels: int, carousel_likes: float) -> None:
    posts = [Post(AS_OF - timedelta(days=200 - d), f"Vue de la salle {d}", {"likes": 100.0 + d % 7})
             for d in range(190)]
    posts += [Post(AS_OF - timedelta(days=195 - 12 * k), SCHOLARLY.format(n=1900 + k),
                   {"likes": carousel_likes + k}, fmt="carousel") for k in range(carousels)]
    add_account(con, "instagram", "musee", sorted(posts, key=lambda p: p.day))


def test_scholarly_carousels_that_do_twice_as_well_raise_the_education_fit(
        con: duckdb.DuckDBPyConnection) -> None:
    _account(con, carousels=15, carousel_likes=200.0)
    evidence = format_fit_evidence(run_content(con, AS_OF))
    found = evidence[("instagram", "carousel")]["education"]
    assert (found.register, found.items, found.factor) == ("scholarly", 15, 1.5)   # capped at max_factor
    assert found.p_value < 0.05
    assert adjusted_fit({"education": 0.6, "visibility": 0.5}, evidence[("instagram", "carousel")]) == {
        "education": pytest.approx(0.9), "visibility": 0.5}


def test_too_few_items_give_no_evidence(con: duckdb.DuckDBPyConnection) -> None:
    _account(con, carousels=8, carousel_likes=200.0)
    assert ("instagram", "carousel") not in format_fit_evidence(run_content(con, AS_OF))


def test_items_doing_as_usual_give_no_evidence(con: duckdb.DuckDBPyConnection) -> None:
    _account(con, carousels=15, carousel_likes=96.0)
    assert ("instagram", "carousel") not in format_fit_evidence(run_content(con, AS_OF))


def test_the_planner_uses_the_evidence_and_cites_it(con: duckdb.DuckDBPyConnection) -> None:
    from chandelle.kb import load_kb
    from chandelle.plan import inputs_from
    from chandelle.profile import default_profile

    _account(con, carousels=15, carousel_likes=200.0)
    evidence = format_fit_evidence(run_content(con, AS_OF))
    kb, profile = load_kb(), default_profile()

    def carousel(found: dict[tuple[str, str], dict[str, FitEvidence]] | None) -> FormatOption:
        inputs = inputs_from(kb, profile, None, None, fit_evidence=found)
        option = next(p for p in inputs.platforms if p.platform == "instagram")
        return next(f for f in option.formats if f.format == "carousel")

    before, after = carousel(None), carousel(evidence)
    assert before.value_per_item["education"] == 0.7                       # the kb's assumption
    assert after.value_per_item["education"] == 1.0                        # 0.7 x 1.5, capped at 1
    assert after.sources["value_per_item.education"].startswith("content:instagram/carousel/scholarly")
    assert {k: v for k, v in after.value_per_item.items() if k != "education"} == {
        k: v for k, v in before.value_per_item.items() if k != "education"}
