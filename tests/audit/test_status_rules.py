"""Each status rule at its boundaries, on constructed histories (docs/audit.md).

Instagram in the knowledge base: minimum viable cadence 1 item a week; rules: ghost after 90
days without an item, dormant below half the minimum over 90 days, irregular below the
minimum or with a silence longer than 3 expected intervals (21 days at 1 a week).
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pytest

from chandelle.audit import AccountAudit, run_audit
from chandelle.kb import load_kb

from .history import AS_OF, add_account

OLD = 200  # an item this many days back makes the account older than every window


def _audit(con: duckdb.DuckDBPyConnection, ages: Sequence[int], platform: str = "instagram",
           overrides: dict[str, object] | None = None) -> AccountAudit:
    add_account(con, platform, "musee", ages)
    report = run_audit(con, None, load_kb(overrides), AS_OF)
    (account,) = report.accounts
    return account


def test_the_rule_parameters_are_the_ones_this_file_assumes() -> None:
    kb = load_kb()
    assert kb.platforms["instagram"].cadence.min_items_per_week.value == 1.0
    assert kb.rules.ghost_after_days.value == 90
    assert kb.rules.dormant_below_share_of_minimum.value == 0.5
    assert kb.rules.max_gap_in_expected_intervals.value == 3


def test_an_account_without_any_item_is_a_ghost(con: duckdb.DuckDBPyConnection) -> None:
    account = _audit(con, [])
    assert account.status == "ghost"
    assert account.days_since_last_item is None
    assert account.reason.render("fr") == "aucune publication"


@pytest.mark.parametrize(("age", "status"), [(89, "dormant"), (90, "ghost")])
def test_ghost_starts_at_90_days_without_an_item(con: duckdb.DuckDBPyConnection, age: int,
                                                 status: str) -> None:
    account = _audit(con, [age, OLD])
    assert account.days_since_last_item == age
    assert account.status == status


def test_ghost_reason_reads_like_the_issue(con: duckdb.DuckDBPyConnection) -> None:
    account = _audit(con, [143, 200, 250, 300])
    assert account.status == "ghost"
    assert account.reason.render("fr") == "dernière publication il y a 143 jours ; 4 publications en 12 mois"
    assert account.reason.render("en") == "last item 143 days ago; 4 items in 12 months"


@pytest.mark.parametrize(("count", "status"), [(6, "dormant"), (7, "irregular")])
def test_dormant_below_half_the_minimum(con: duckdb.DuckDBPyConnection, count: int, status: str) -> None:
    # 6 items in 90 days = 0.47 a week < 0.5; 7 items = 0.54 a week (spread evenly, every 13 days)
    ages = [i * 13 for i in range(count)] + [OLD]
    account = _audit(con, ages)
    assert account.items_in_window == count
    assert account.status == status


@pytest.mark.parametrize(("count", "status"), [(12, "irregular"), (13, "active")])
def test_active_needs_the_minimum_cadence(con: duckdb.DuckDBPyConnection, count: int, status: str) -> None:
    # weekly items: 13 in 90 days = 1.01 a week >= 1; 12 = 0.93 a week (and a 12-day lead gap at most)
    ages = [i * 7 for i in range(count)] + [OLD]
    account = _audit(con, ages)
    assert account.items_in_window == count
    assert account.status == status


@pytest.mark.parametrize(("gap", "status"), [(21, "active"), (22, "irregular")])
def test_a_silence_longer_than_three_intervals_is_irregular(con: duckdb.DuckDBPyConnection, gap: int,
                                                           status: str) -> None:
    # daily items, except one silence of `gap` days between ages 30 and 30 + gap
    ages = [*range(31), *range(30 + gap, 90), OLD]
    account = _audit(con, ages)
    assert account.longest_gap_days_in_window == gap
    assert account.status == status


@pytest.mark.parametrize(("last_age", "status"), [(21, "active"), (22, "irregular")])
def test_the_silence_up_to_the_audit_date_counts(con: duckdb.DuckDBPyConnection, last_age: int,
                                                 status: str) -> None:
    account = _audit(con, [*range(last_age, 90), OLD])
    assert account.days_since_last_item == last_age
    assert account.status == status


def test_a_steady_account_is_active(con: duckdb.DuckDBPyConnection) -> None:
    account = _audit(con, [i * 7 for i in range(160)])  # weekly for three years
    assert account.status == "active"
    assert account.items_last_365d == 53
    assert account.active_week_share == 1.0
    assert account.longest_gap_days == 7
    assert account.reason.render("fr").startswith("1,01 publications par semaine sur les 90 derniers jours")


def test_a_young_account_is_judged_over_its_age(con: duckdb.DuckDBPyConnection) -> None:
    # started 14 days ago with two items a week: rates use at least 28 days, so 5 items -> 1.25 a week
    account = _audit(con, [0, 3, 7, 10, 14])
    assert account.items_per_week_in_window == 1.25
    assert account.status == "active"


def test_items_after_the_audit_date_are_ignored(con: duckdb.DuckDBPyConnection) -> None:
    account = _audit(con, [-5, -1, 95, OLD])
    assert account.items_in_window == 0
    assert account.days_since_last_item == 95
    assert account.status == "ghost"


def test_days_are_paris_days(con: duckdb.DuckDBPyConnection) -> None:
    add_account(con, "instagram", "musee")
    con.execute("""INSERT INTO items (platform, item_id, account_id, published_at, format, kind)
                   VALUES ('instagram', 'late', 1, TIMESTAMP '2026-06-29 22:30:00', 'photo', 'original')""")
    (account,) = run_audit(con, None, load_kb(), AS_OF).accounts
    assert account.days_since_last_item == 0  # 00:30 on 30 June in Paris
    assert account.reason.render("fr") != ""


def test_the_institution_can_override_the_minimum_cadence(con: duckdb.DuckDBPyConnection) -> None:
    ages = [i * 7 for i in range(13)] + [OLD]
    overrides = {"platforms": {"instagram": {"cadence": {"min_items_per_week": 2}}}}
    account = _audit(con, ages, overrides=overrides)
    assert account.min_items_per_week == 2
    assert account.status == "irregular"  # 1.01 a week: below 2, but not below half of it
    assert account.kb_sources["min_items_per_week"] == "profile"


def test_threads_and_reposts_are_not_content_items(con: duckdb.DuckDBPyConnection) -> None:
    add_account(con, "x", "musee", [0, 1, 2], fmt="text")
    con.execute("UPDATE items SET kind = 'repost' WHERE item_id LIKE 'musee-1-%'")
    con.execute("UPDATE items SET part_index = 2 WHERE item_id LIKE 'musee-2-%'")
    (account,) = run_audit(con, None, load_kb(), AS_OF).accounts
    assert account.items_last_365d == 1


def test_a_shorter_recent_window_can_be_chosen(con: duckdb.DuckDBPyConnection) -> None:
    # weekly items for 8 weeks then silence: over 56 days that is 8 items (1 a week), active
    account = _audit(con, [*(i * 7 for i in range(8)), OLD], overrides={"rules": {"window_days": 56}})
    assert account.items_in_window == 8
    assert account.status == "active"
    assert "56 derniers jours" in account.reason.render("fr")


def test_an_impossible_window_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    from chandelle.errors import ConfigError

    with pytest.raises(ConfigError, match="window_days"):
        _audit(con, [0], overrides={"rules": {"window_days": 400}})
