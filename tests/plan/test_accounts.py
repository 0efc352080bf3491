"""Several accounts on one platform (issue 16): one decision per account, from a real store.

The fixtures are generic CSV exports (tests/fixtures/generic/*_instagram_accounts.csv):
``museevalmont`` posts every three days up to 22 Nov 2026; ``musee_estuaire`` stopped on
17 Jun 2026 (160 days before the audit: a ghost); ``valmont_jeunes`` posts a reel a week.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from chandelle.audit import run_audit
from chandelle.plan import make_plan
from chandelle.plan.result import Plan
from chandelle.profile import Profile, profile_from_mapping
from chandelle.request import PlanRequest

AS_OF = date(2026, 11, 24)
FIXTURES = Path(__file__).parents[1] / "fixtures" / "generic"


def _store(name: str) -> duckdb.DuckDBPyConnection:
    from chandelle import store
    from chandelle.ingest import import_paths

    con = store.connect(":memory:")
    import_paths(con, [str(FIXTURES / name)])
    return con


@pytest.fixture(scope="module")
def two() -> duckdb.DuckDBPyConnection:
    return _store("two_instagram_accounts.csv")


@pytest.fixture(scope="module")
def three() -> duckdb.DuckDBPyConnection:
    return _store("three_instagram_accounts.csv")


def _profile(**extra: Any) -> Profile:
    data: dict[str, Any] = {
        "name": "Musée de Valmont",
        "team": [{"name": "A", "hours_per_week": 10, "skills": ["photo", "writing", "video_editing"]}],
        "targets": ["youth_13_24"],
    }
    data.update(extra)
    return profile_from_mapping(data)


def _plan(con: duckdb.DuckDBPyConnection, profile: Profile) -> Plan:
    kb = profile.knowledge_base()
    return make_plan(run_audit(con, profile, kb, AS_OF), profile, kb, PlanRequest(AS_OF))


def _accounts(plan: Plan) -> dict[str, str]:
    instagram = next(n for n in plan.networks if n.platform == "instagram")
    return {a.handle or "": a.decision for a in instagram.accounts}


def test_an_active_account_and_a_ghost_get_one_decision_each(two: duckdb.DuckDBPyConnection) -> None:
    profile = _profile()
    audit = run_audit(two, profile, profile.knowledge_base(), AS_OF)
    assert {a.handle: a.status for a in audit.accounts} == {
        "museevalmont": "active",
        "musee_estuaire": "ghost",
    }
    plan = _plan(two, profile)
    decisions = _accounts(plan)
    assert decisions["museevalmont"] == "keep"
    assert decisions["musee_estuaire"] in ("archive", "merge")  # never kept because its sibling is
    data = plan.to_dict("fr")
    instagram = next(n for n in data["networks"] if n["platform"] == "instagram")
    ghost = next(a for a in instagram["accounts"] if a["handle"] == "musee_estuaire")
    assert ghost["pinned_post_to"] == ["instagram/museevalmont"]
    assert ghost["items_per_week"] == 0 and ghost["reasons"]
    kept = next(a for a in instagram["accounts"] if a["handle"] == "museevalmont")
    assert kept["items_per_week"] == instagram["items_per_week"]  # the cadence is the kept account's
    comparison = data["comparison"]
    assert comparison["accounts_before"] == len(audit.accounts) == 2
    assert comparison["accounts_after"] == 1
    assert comparison["ghosts_removed"] == ["instagram"]
    assert comparison["ghost_accounts_removed"] == [
        {"platform": "instagram", "handle": "musee_estuaire", "decision": decisions["musee_estuaire"]}
    ]
    assert "Aujourd'hui, 2 comptes" in comparison["text"][0]
    assert any("musee_estuaire" in line for line in comparison["text"])


def test_a_second_active_account_is_merged_unless_the_profile_wants_it(
    three: duckdb.DuckDBPyConnection,
) -> None:
    merged = _accounts(_plan(three, _profile()))
    assert list(merged.values()).count("keep") == 1
    assert merged["valmont_jeunes"] in ("merge", "archive") or merged["museevalmont"] in ("merge", "archive")
    assert merged["musee_estuaire"] in ("merge", "archive")
    plan = _plan(three, _profile())
    instagram = next(n for n in plan.to_dict("fr")["networks"] if n["platform"] == "instagram")
    moved = [a for a in instagram["accounts"] if a["decision"] == "merge"]
    for account in moved:
        assert account["steps"] == ["announce", "redirect", "archive"]
        assert account["merge_into"] in ("museevalmont", "valmont_jeunes")
        assert account["pinned_post_to"] == [f"instagram/{account['merge_into']}"]


def test_two_active_accounts_serving_different_audiences_reach_the_young_once(
    three: duckdb.DuckDBPyConnection,
) -> None:
    wanted = _plan(three, _profile(second_accounts=["instagram"]))
    decisions = _accounts(wanted)
    assert decisions["museevalmont"] == "keep" and decisions["valmont_jeunes"] == "keep"
    assert decisions["musee_estuaire"] in ("merge", "archive")
    network = next(n for n in wanted.networks if n.platform == "instagram")
    assert network.items_per_week == pytest.approx(sum(a.items_per_week for a in network.accounts))
    assert [n.platform for n in wanted.active_networks] == ["instagram"]
    young = next(r for r in wanted.reach if r.segment == "young_people")
    # Instagram reaches 66 % of French 15–24 every day (kb segments.toml, Médiamétrie 2023) — once,
    # whatever the number of accounts: at the platform's response share, not twice that
    assert young.planned == pytest.approx(0.66 * (network.response_share or 0.0), abs=1e-6)
    comparison = wanted.comparison
    assert comparison is not None and comparison.accounts_before == 3 and comparison.accounts_after >= 2


def test_the_report_names_each_account(two: duckdb.DuckDBPyConnection) -> None:
    from chandelle.report.gather import assemble

    profile = _profile()
    audit = run_audit(two, profile, profile.knowledge_base(), AS_OF)
    plan = _plan(two, profile)
    data = assemble(audit, plan, [], kb=profile.knowledge_base(), profile=profile, lang="fr")
    line = next(p for p in data.portfolio if p.platform == "instagram")
    assert any(r.startswith("musee_estuaire — ") for r in line.reasons)
    assert any(r.startswith("museevalmont — garder") for r in line.reasons)
    assert len(data.networks) == len(audit.accounts) == plan.comparison.accounts_before  # type: ignore[union-attr]


def test_the_calendar_says_which_account_publishes_what(three: duckdb.DuckDBPyConnection) -> None:
    from chandelle.calendar.from_plan import calendar_input
    from chandelle.calendar.schedule import build_calendar

    profile = _profile(second_accounts=["instagram"])
    plan = _plan(three, profile)
    inp = calendar_input(plan, profile, date(2026, 11, 30), 4)
    assert sorted(n.account or "" for n in inp.networks if n.platform == "instagram") == [
        "museevalmont", "valmont_jeunes"]
    published = [s for s in build_calendar(inp, "fr").slots if s.kind == "publication"]
    by_account = {s.account for s in published}
    assert by_account == {"museevalmont", "valmont_jeunes"}
    assert all(f"(@{s.account})" in s.title for s in published)
    assert "musee_estuaire" not in {s.account for s in build_calendar(inp, "fr").slots}
