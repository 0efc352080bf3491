"""Constructed histories with known worn and healthy series (noise, gaps), verdicts and sentences."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import duckdb
import pytest

from chandelle.content import ContentReport, SeriesResult, run_content

from .history import AS_OF, Post, add_account

FILLER = "Vue de la salle {n}, accrochage du printemps"


def history(*, series: str, episodes: int, decay: float, noise: float, seed: int, base: float = 1000.0,
            every: int = 9, gap_after: int | None = None, account_growth: float = 1.0,
            metric: str = "likes") -> list[Post]:
    """Daily ordinary posts around ``base`` (x ``account_growth`` over the history) and a series every
    ``every`` days at ``base * decay**episode`` (same account growth), both with multiplicative noise;
    ``gap_after``: a 60-day pause after that episode."""
    rng = random.Random(seed)
    days = episodes * every + 90 + (60 if gap_after else 0)
    first = AS_OF - timedelta(days=days)

    def level(day: date) -> float:
        return base * account_growth ** ((day - first).days / days)

    posts = [Post(first + timedelta(days=d), FILLER.format(n=d),
                  {metric: level(first + timedelta(days=d)) * rng.uniform(1 - noise, 1 + noise)})
             for d in range(days - 10)]
    day = first + timedelta(days=5)
    for episode in range(1, episodes + 1):
        value = level(day) * decay ** episode * rng.uniform(1 - noise, 1 + noise)
        posts.append(Post(day, f"{series} n°{episode} : un objet des collections", {metric: value}))
        day += timedelta(days=every + (60 if gap_after == episode else 0))
    return sorted(posts, key=lambda p: p.day)


def only_series(report: ContentReport, handle: str) -> SeriesResult:
    found = [s for s in report.series if s.handle == handle]
    assert len(found) == 1, found
    return found[0]


def test_a_worn_series_with_noise_and_a_gap_is_found_worn(con: duckdb.DuckDBPyConnection) -> None:
    posts = history(series="#LeSaviezVous", episodes=24, decay=0.96, noise=0.15, seed=1, gap_after=10)
    add_account(con, "instagram", "musee", posts)
    result = only_series(run_content(con, AS_OF), "musee")
    assert (result.verdict, result.fatigue, result.episodes) == ("worn", True, 24)
    assert result.trend_ci is not None and result.trend_ci[0] <= -0.04 <= result.trend_ci[1]
    assert result.trend_pct_per_episode == pytest.approx(-0.04, abs=0.01)
    assert result.cadence_days == 9


def test_a_healthy_noisy_series_shows_no_fatigue(con: duckdb.DuckDBPyConnection) -> None:
    posts = history(series="L'objet du mois —", episodes=20, decay=1.0, noise=0.3, seed=2, metric="reposts")
    add_account(con, "x", "musee", posts)
    result = only_series(run_content(con, AS_OF), "musee")
    assert (result.verdict, result.fatigue) == ("steady", False)
    assert result.name == "L'objet du mois"
    assert result.reason.render("fr").startswith("L'objet du mois : pas de tendance nette sur 20 épisodes")


def test_the_baseline_at_the_time_removes_the_accounts_own_growth(con: duckdb.DuckDBPyConnection) -> None:
    # the whole account triples its engagement; the series follows it: no trend of its own
    posts = history(series="#Coulisses", episodes=20, decay=1.0, noise=0.05, seed=3, account_growth=3.0)
    add_account(con, "tiktok", "musee", posts)
    result = only_series(run_content(con, AS_OF), "musee")
    assert result.verdict == "steady"
    assert result.trend_ci is not None and result.trend_ci[0] < 0.01 and result.trend_ci[1] > -0.01


def test_a_growing_series(con: duckdb.DuckDBPyConnection) -> None:
    add_account(con, "youtube", "musee", history(series="#Restauration", episodes=12, decay=1.08, noise=0.05,
                                                 seed=4, metric="views"))
    result = only_series(run_content(con, AS_OF), "musee")
    assert (result.verdict, result.fatigue, result.basis) == ("growing", False, "views")


def test_fewer_episodes_than_the_test_needs_gives_no_verdict_and_says_so(
        con: duckdb.DuckDBPyConnection) -> None:
    add_account(con, "instagram", "musee", history(series="#LeSaviezVous", episodes=4, decay=0.5, noise=0.0,
                                                   seed=5))
    result = only_series(run_content(con, AS_OF), "musee")
    assert (result.verdict, result.fatigue, result.trend_pct_per_episode) == ("too_few_episodes", None, None)
    assert result.reason.render("fr") == (
        "#LeSaviezVous : 4 épisodes mesurés ; il en faut au moins 5 pour conclure")
    assert result.reason.render("en") == (
        "#LeSaviezVous: 4 episodes measured; at least 5 are needed for a verdict")


def test_the_fatigue_sentence_in_french_and_english(con: duckdb.DuckDBPyConnection) -> None:
    add_account(con, "instagram", "musee", history(series="#LeSaviezVous", episodes=24, decay=0.96, noise=0.0,
                                                   seed=6, base=100_000.0))
    result = only_series(run_content(con, AS_OF), "musee")
    assert result.reason.render("fr") == (
        "#LeSaviezVous : l'engagement a baissé de 4 % par épisode sur 24 épisodes ; "
        "envisagez de la renouveler ou de l'espacer")
    assert result.reason.render("en") == (
        "#LeSaviezVous: engagement fell by 4% per episode over 24 episodes; "
        "consider renewing the series or spacing it out")


def test_an_export_without_per_item_engagement_says_so(con: duckdb.DuckDBPyConnection) -> None:
    posts = [Post(p.day, p.text, {}) for p in history(series="#Archives", episodes=8, decay=1.0, noise=0.0,
                                                      seed=7)]
    add_account(con, "threads", "musee", posts)
    report = run_content(con, AS_OF)
    result = only_series(report, "musee")
    assert (result.verdict, result.fatigue, result.basis) == ("no_engagement", None, None)
    assert result.reason.render("fr") == (
        "#Archives : l'export Threads ne donne pas d'engagement par publication ; pas de verdict")
    note = report.bases[0]
    assert note.basis is None and note.items_with_engagement == 0
    assert "aucun chiffre n'est deviné" in note.render("fr")
    assert all(v is None for v in report.registers[0].engagement.values())


def test_json_has_the_fields_the_issue_names(con: duckdb.DuckDBPyConnection) -> None:
    add_account(con, "instagram", "musee", history(series="#LeSaviezVous", episodes=10, decay=0.9, noise=0.1,
                                                   seed=8))
    data = json.loads(run_content(con, AS_OF).to_json("fr"))
    series = data["series"][0]
    assert {"platform", "handle", "name", "episodes", "first_at", "last_at", "trend_pct_per_episode",
            "fatigue", "reason"} <= set(series)
    assert series["first_at"].endswith("Z") and isinstance(series["fatigue"], bool)
    registers = data["registers"][0]
    assert {"platform", "handle", "shares", "engagement", "counts"} <= set(registers)
    assert set(registers["shares"]) == {"humour", "scholarly", "practical", "emotional", "other"}
    assert sum(registers["counts"].values()) == registers["items"]
    assert sum(registers["shares"].values()) == pytest.approx(1.0, abs=1e-3)
    assert data["engagement_bases"][0]["basis"] == "interactions"


def test_an_empty_store_gives_an_empty_report(con: duckdb.DuckDBPyConnection) -> None:
    report = run_content(con, AS_OF)
    assert report.series == [] and report.registers == [] and report.min_episodes == 5
