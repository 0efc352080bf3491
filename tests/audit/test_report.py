"""The audit report: workload against capacity, unused features, engagement, JSON, tracing to sources."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from chandelle import store
from chandelle.audit import AuditReport, run_audit
from chandelle.kb import load_kb
from chandelle.profile import profile_from_mapping

from .history import AS_OF, add_account

ISSUE_KEYS = ("as_of", "capacity_hours_per_week", "estimated_hours_per_week", "accounts")
ACCOUNT_KEYS = ("platform", "handle", "status", "reason", "items_last_365d", "items_in_window",
                "items_per_week", "active_week_share", "days_since_last_item", "longest_gap_days",
                "hours_per_week", "kb_sources")
TEAM = {"name": "Musée", "team": [{"name": "A", "hours_per_week": 4}, {"name": "B", "hours_per_week": 2}],
        "objectives": {"community": 1}}


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    add_account(con, "instagram", "musee", [i * 7 for i in range(60)], fmt="photo")   # active, weekly
    add_account(con, "tiktok", "musee", [*(i * 7 for i in range(13)), 200], fmt="video")  # 13 in 90 d
    add_account(con, "x", "musee", [143, 200, 250, 300], fmt="text")                   # the issue's ghost


@pytest.fixture
def report(con: duckdb.DuckDBPyConnection) -> AuditReport:
    _fill(con)
    return run_audit(con, profile_from_mapping(TEAM), load_kb(), AS_OF)


def test_workload_is_items_times_hours_plus_overhead(report: AuditReport) -> None:
    by = {a.platform: a for a in report.accounts}
    # instagram: 13 photos in 90 days -> 13 x 1.0 h / (90/7) weeks + 1.0 h overhead
    assert by["instagram"].hours_per_week == pytest.approx(13 * 1.0 * 7 / 90 + 1.0, abs=0.01)
    # tiktok: 13 videos x 3.0 h (1 h 30 making reported at the CLIC webinar + assumed editing) + 1 h
    assert by["tiktok"].hours_per_week == pytest.approx(13 * 3.0 * 7 / 90 + 1.0, abs=0.01)
    assert by["x"].hours_per_week == 0  # a ghost: nobody looks after it
    assert report.capacity_hours_per_week == 6
    assert report.estimated_hours_per_week == pytest.approx(sum(a.hours_per_week for a in report.accounts))
    assert report.over_commitment_ratio == pytest.approx(report.estimated_hours_per_week / 6, abs=0.001)
    assert report.over_commitment_ratio > 1


def test_the_cost_of_reaching_the_minimum_everywhere(report: AuditReport) -> None:
    x = next(a for a in report.accounts if a.platform == "x")
    # 2 text posts a week x 0.5 h + 1 h overhead to bring the ghost back
    assert x.hours_to_reach_minimum == pytest.approx(2 * 0.5 + 1.0)
    assert report.hours_to_reach_minimum == pytest.approx(2.0)
    assert report.hours_at_minimum_per_week >= report.estimated_hours_per_week


def test_unused_features_are_ranked_by_value_per_hour(report: AuditReport) -> None:
    instagram = next(a for a in report.accounts if a.platform == "instagram")
    unused = {u.feature for u in instagram.unused_features}
    assert {"story", "live", "reel", "carousel"} <= unused
    assert "photo" not in unused and "igtv" not in unused and "guide" not in unused
    # with 'community' the only objective: stories (fit 0.8, 0.5 h) beat lives (fit 0.9, 4 h)
    story = next(u for u in instagram.unused_features if u.feature == "story")
    assert story.expected_value_per_hour == pytest.approx(0.8 / 0.5)
    assert report.unused_features[0].feature == "story"
    ghost = next(a for a in report.accounts if a.platform == "x")
    assert ghost.unused_features == []  # an abandoned account's problem is not its features


def test_every_figure_traces_to_a_kb_source(report: AuditReport) -> None:
    kb = load_kb()
    for account in report.accounts:
        for figure in ("min_items_per_week", "overhead_hours_per_week", "ghost_after_days",
                       "max_gap_in_expected_intervals", "dormant_below_share_of_minimum"):
            assert account.kb_sources[figure] in kb.source_keys(), (account.platform, figure)
        for fmt in account.format_mix:
            assert f"hours.{fmt}" in account.kb_sources
        assert set(account.kb_sources.values()) <= set(report.sources)
    assert report.sources["CLIC2021"]["title"].startswith("CLIC France webinar")
    for unused in report.unused_features:
        assert set(unused.sources.values()) <= set(report.sources)


def test_assumptions_are_listed_with_their_values(report: AuditReport) -> None:
    keys = {d.key: d for d in report.assumed_defaults}
    assert keys["platforms.tiktok.hours.video"].value == 3.0
    assert keys["rules.ghost_after_days"].value == 90
    assert "defaults.hours_per_member_per_week" not in keys  # the profile gave the team's hours


def test_without_a_profile_the_audit_says_what_it_assumed(con: duckdb.DuckDBPyConnection) -> None:
    _fill(con)
    report = run_audit(con, None, load_kb(), AS_OF)
    keys = {d.key for d in report.assumed_defaults}
    assert {"defaults.team_members", "defaults.hours_per_member_per_week", "objectives"} <= keys
    assert report.capacity_hours_per_week == 10


def test_json_has_the_documented_keys(report: AuditReport) -> None:
    data = json.loads(report.to_json("fr"))
    for key in ISSUE_KEYS:
        assert key in data
    assert data["as_of"] == "2026-06-30" and data["schema_version"] == 1
    for account in data["accounts"]:
        for key in ACCOUNT_KEYS:
            assert key in account
    x = next(a for a in data["accounts"] if a["platform"] == "x")
    assert x["reason"] == "dernière publication il y a 143 jours ; 4 publications en 12 mois"
    assert x["reason_parts"][0] == {"msgid": "last item {count} days ago", "params": {"count": 143}}
    english = json.loads(report.to_json("en"))
    assert next(a for a in english["accounts"] if a["platform"] == "x")["reason"].startswith("last item 143")


WINDOW_KEYS = {"items_last_90d": "items_in_window", "items_per_week_90d": "items_per_week_in_window",
               "active_week_share_90d": "active_week_share_in_window",
               "longest_gap_days_90d": "longest_gap_days_in_window"}


def test_window_figures_are_named_for_the_window_and_old_keys_stay_as_equal_aliases(
        con: duckdb.DuckDBPyConnection) -> None:
    _fill(con)
    report = run_audit(con, None, load_kb({"rules": {"window_days": 56}}), AS_OF)
    accounts = {a["platform"]: a for a in json.loads(report.to_json("fr"))["accounts"]}
    tiktok = accounts["tiktok"]
    assert tiktok["items_in_window"] == 8  # weekly at ages 0, 7, …, 49: inside 56 days, not 56 or more
    assert tiktok["items_per_week_in_window"] == 1.0  # 8 items × 7 / 56 days
    assert accounts["instagram"]["active_week_share_in_window"] == 1.0  # 8 weeks of 8 with an item
    assert accounts["x"]["items_in_window"] == 0
    for account in accounts.values():
        for old, new in WINDOW_KEYS.items():
            assert old in account and account[old] == account[new], (account["platform"], old)


def test_monthly_and_yearly_series(report: AuditReport) -> None:
    x = next(a for a in report.accounts if a.platform == "x")
    assert sum(m.items for m in x.monthly_items) == 4
    assert sum(x.yearly_items.values()) == 4
    assert x.monthly_items[-1].month.isoformat() == "2026-02-01"  # 143 days before 30 June 2026


def test_engagement_medians_and_follower_trend(con: duckdb.DuckDBPyConnection) -> None:
    add_account(con, "instagram", "musee", [1, 2, 3], fmt="photo")
    con.execute("""
        INSERT INTO metric_snapshots (platform, item_id, metric, exported_at, value)
        SELECT 'instagram', item_id, m.metric, TIMESTAMP '2026-06-30 12:00:00', m.v * row_number() OVER ()
        FROM items, (VALUES ('likes', 10), ('comments', 1), ('reach', 100)) m(metric, v)
    """)
    con.execute("INSERT INTO follower_snapshots (account_id, day, followers) VALUES "
                "(1, DATE '2025-08-01', 1000), (1, DATE '2026-06-01', 1200), (1, DATE '2024-01-01', 10)")
    (account,) = run_audit(con, None, load_kb(), AS_OF).accounts
    photo = account.engagement["photo"]
    assert photo["items_with_metrics"] == 3
    assert photo["likes"] > 0 and photo["interactions"] > photo["likes"]
    assert 0 < photo["interaction_rate_reach"] < 1
    assert account.follower_trend is not None
    assert (account.follower_trend.first, account.follower_trend.last) == (1000, 1200)
    assert account.follower_trend.change_share == pytest.approx(0.2)


def test_cli_audit_prints_french_tables_and_json(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    db = tmp_path / "audit.duckdb"
    con = store.connect(db)
    _fill(con)
    con.close()
    shown = run_cli("audit", "--db", str(db), "--as-of", "2026-06-30")
    assert shown.exit_code == 0, shown.stderr
    assert "Audit de présence au 30 juin 2026" in shown.stdout
    assert "fantôme" in shown.stdout and "Capacité de l'équipe : 10 h par semaine" in shown.stdout
    assert "Valeurs par défaut supposées" in shown.stdout
    as_json = run_cli("audit", "--db", str(db), "--as-of", "2026-06-30", "--json", "--lang", "en")
    data = json.loads(as_json.stdout)
    assert [a["status"] for a in data["accounts"]] == ["active", "active", "ghost"]
    bad = run_cli("audit", "--db", str(db), "--as-of", "30/06/2026")
    assert bad.exit_code == 2 and "30/06/2026" in bad.stderr
    missing = run_cli("audit", "--db", str(db), "--profile", str(tmp_path / "nope.toml"))
    assert missing.exit_code == 1 and "introuvable" in missing.stderr


def test_formats_stopped_are_listed_with_their_last_use(con: duckdb.DuckDBPyConnection) -> None:
    from datetime import timedelta

    account = add_account(con, "instagram", "musee", [i * 7 for i in range(60)], fmt="photo")
    con.execute("INSERT INTO items (platform, item_id, account_id, published_at, format, kind) VALUES "
                "('instagram', 'r1', ?, ?, 'reel', 'original'),"
                " ('instagram', 'c1', ?, ?, 'carousel', 'original'),"
                " ('instagram', 's1', ?, ?, 'story', 'original')",
                [account, AS_OF - timedelta(days=200), account, AS_OF - timedelta(days=500),
                 account, AS_OF - timedelta(days=20)])
    report = run_audit(con, profile_from_mapping(TEAM), load_kb(), AS_OF)
    unused = {u.feature: u for u in report.accounts[0].unused_features}
    assert (unused["reel"].usage, unused["reel"].last_used_on) == ("stopped", AS_OF - timedelta(days=200))
    carousel = unused["carousel"]
    assert (carousel.usage, carousel.last_used_on) == ("stopped", AS_OF - timedelta(days=500))
    assert (unused["live"].usage, unused["live"].last_used_on) == ("never", None)
    assert "story" not in unused and "photo" not in unused    # used in the recent window
    assert unused["live"].fit == {"community": 0.9, "events": 0.7} and unused["live"].hours_per_item == 4.0
    data = report.to_dict()["unused_features"]
    assert {"usage", "last_used_on", "fit"} <= set(data[0])
